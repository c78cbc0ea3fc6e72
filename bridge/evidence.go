package bridge

import (
	"fmt"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/sequencing/consensus"
)

// ConsensusDomain is the 8-byte signing domain consensus messages of a
// sequencer-set era carry in their ChainID field: the L2 chain ID itself in
// era 0, else the first 8 bytes (big-endian) of
// keccak256("l2node/set-epoch/v1" ‖ chainID (8 bytes) ‖ era (8 bytes)).
// It is consensus.EraDomain, which the driver signs with; the SequencerRegistry's
// signingDomain computes it on chain.
func ConsensusDomain(l2ChainID, era uint64) uint64 { return consensus.EraDomain(l2ChainID, era) }

// SlashEvidence turns consensus evidence (two messages a sequencer signed for
// one view) of the given era into SequencerRegistry.slash's argument. Only
// the signed fields travel: the type, the hash and the signature of each
// message; the registry rebuilds the signing bytes from its L2 chain ID and
// the era. It checks the messages carry that era's domain, not the evidence
// itself: consensus.Checker.VerifyEvidence does, and the registry again.
func SlashEvidence(e consensus.Evidence, l2ChainID, era uint64) (bindings.SequencerRegistryEvidence, error) {
	domain := ConsensusDomain(l2ChainID, era)
	if e.A.ChainID != domain || e.B.ChainID != domain {
		return bindings.SequencerRegistryEvidence{}, fmt.Errorf("bridge: evidence messages carry domains %d and %d, era %d of chain %d is %d",
			e.A.ChainID, e.B.ChainID, era, l2ChainID, domain)
	}
	msg := func(m consensus.Message) bindings.SequencerRegistrySignedMessage {
		return bindings.SequencerRegistrySignedMessage{MsgType: uint8(m.Type), Hash: m.Hash, Signature: m.Signature}
	}
	return bindings.SequencerRegistryEvidence{
		Kind:       uint8(e.Kind),
		Signer:     e.Signer,
		Era:        era,
		ViewNumber: e.View,
		A:          msg(e.A),
		B:          msg(e.B),
	}, nil
}
