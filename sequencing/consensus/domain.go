package consensus

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/crypto"
)

// EraDomain is the value a sequencer-set era signs with in place of the
// chain ID (Message.ChainID): era 0 uses the chain ID itself, a later era
// keccak256("l2node/set-epoch/v1" ‖ chainID ‖ era) truncated to 8 bytes, so
// that one set's votes never count for another. The driver, the bridge and
// the L1 SequencerRegistry compute the same value.
func EraDomain(chainID, era uint64) uint64 {
	if era == 0 {
		return chainID
	}
	var b [len("l2node/set-epoch/v1") + 16]byte
	n := copy(b[:], "l2node/set-epoch/v1")
	binary.BigEndian.PutUint64(b[n:], chainID)
	binary.BigEndian.PutUint64(b[n+8:], era)
	return binary.BigEndian.Uint64(crypto.Keccak256(b[:])[:8])
}
