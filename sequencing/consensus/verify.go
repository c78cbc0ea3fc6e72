package consensus

import (
	"bytes"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// Verifier checks one signature: that signer signed msg (a SigningBytes
// string) with sig. It is the only cryptography consensus needs; the node
// implements it with secp256k1 so that L1 contracts can check the same
// votes.
type Verifier interface {
	Verify(signer common.Address, msg, sig []byte) bool
}

// Checker verifies messages, certificates, evidence and final blocks from
// the validator set alone. The node runs VerifyMessage on every message
// before Core.Step, which trusts what it is given.
type Checker struct {
	ChainID  uint64
	Set      *ValidatorSet
	Verifier Verifier
	// PayloadHash must match Config.PayloadHash; nil means DefaultPayloadHash.
	PayloadHash func(payload []byte) Hash
}

// VerifyMessage checks a message's shape and chain ID, that a signed
// message's signer is a member and its signature verifies, and that a
// certificate verifies (VerifyCertificate). It does not know views or
// leaders: Step judges those.
func (k Checker) VerifyMessage(m *Message) error {
	if err := m.check(); err != nil {
		return err
	}
	if m.ChainID != k.ChainID {
		return fmt.Errorf("%w: %d, want %d", ErrWrongChain, m.ChainID, k.ChainID)
	}
	if !m.NeedsSignature() {
		return k.VerifyCertificate(m.Certificate())
	}
	if !k.Set.Contains(m.From) {
		return fmt.Errorf("%w: %s from %s", ErrNotMember, m.Type, m.From)
	}
	if m.Type == MsgProposal {
		if err := k.checkPayload(m.Block); err != nil {
			return err
		}
	}
	if len(m.Signature) == 0 || !k.Verifier.Verify(m.From, m.SigningBytes(), m.Signature) {
		return fmt.Errorf("%w: %s of view %d from %s", ErrBadSignature, m.Type, m.View, m.From)
	}
	return nil
}

// VerifyCertificate checks a certificate's shape and chain ID, that its
// signers are distinct members holding a quorum of stake, and every
// signature.
func (k Checker) VerifyCertificate(c Certificate) error {
	if err := c.checkShape(); err != nil {
		return err
	}
	if c.ChainID != k.ChainID {
		return fmt.Errorf("%w: %d, want %d", ErrWrongChain, c.ChainID, k.ChainID)
	}
	stake, err := c.stakeIn(k.Set)
	if err != nil {
		return err
	}
	if !k.Set.HasQuorum(stake) {
		return fmt.Errorf("%w: %s of view %d holds %d of %d needed", ErrNoQuorum, c.Type, c.View, stake, k.Set.Quorum())
	}
	msg := c.SigningBytes()
	for _, s := range c.Sigs {
		if len(s.Signature) == 0 || !k.Verifier.Verify(s.Signer, msg, s.Signature) {
			return fmt.Errorf("%w: %s of view %d, signer %s", ErrBadSignature, c.Type, c.View, s.Signer)
		}
	}
	return nil
}

// VerifyEvidence checks that e proves its signer misbehaved: both messages
// are signed by e.Signer for e.View on this chain, and they conflict as
// e.Kind says.
func (k Checker) VerifyEvidence(e Evidence) error {
	for _, m := range []*Message{&e.A, &e.B} {
		if !m.NeedsSignature() || m.From != e.Signer || m.View != e.View {
			return fmt.Errorf("%w: evidence message is a %s of view %d from %s", ErrMalformed, m.Type, m.View, m.From)
		}
		if err := k.VerifyMessage(m); err != nil {
			return fmt.Errorf("evidence: %w", err)
		}
	}
	a, b := &e.A, &e.B
	var ok bool
	switch e.Kind {
	case EvidenceProposals:
		ok = a.Type == MsgProposal && b.Type == MsgProposal && a.Hash != b.Hash
	case EvidenceVotes:
		ok = a.Type == MsgVote && b.Type == MsgVote && a.Hash != b.Hash && a.Hash != (Hash{}) && b.Hash != (Hash{})
	case EvidenceFinalizes:
		ok = a.Type == MsgFinalize && b.Type == MsgFinalize && a.Hash != b.Hash
	case EvidenceFinalizeBottom:
		if a.Type == MsgVote {
			a, b = b, a
		}
		ok = a.Type == MsgFinalize && b.Type == MsgVote && b.Hash == (Hash{})
	}
	if !ok {
		return fmt.Errorf("%w: messages do not show %s", ErrMalformed, e.Kind)
	}
	return nil
}

func (k Checker) checkPayload(b *Block) error {
	ph := k.PayloadHash
	if ph == nil {
		ph = DefaultPayloadHash
	}
	if ph(b.Payload) != b.PayloadHash {
		return fmt.Errorf("%w: block of view %d", ErrBadPayloadHash, b.View)
	}
	return nil
}

// VerifyFinal checks that blocks are final, consecutive blocks following
// prev (the genesis {Genesis, 0, 0} or a block verified before): each
// block's parent is the previous block's hash, its height one more and its
// view higher; its payload matches its payload hash; its notarization is a
// valid certificate for it; and its finalization is a valid certificate for
// it or for a later block of the same range, which makes it final with all
// its ancestors. So a range must reach the block its last finalization
// names — as Core's output does.
func VerifyFinal(k Checker, prev BlockRef, blocks []FinalBlock) error {
	hashes := make([]Hash, len(blocks))
	at := make(map[Hash]int, len(blocks))
	for i := range blocks {
		hashes[i] = blocks[i].Block.Hash()
		at[hashes[i]] = i
	}
	// A finalization usually proves a run of blocks: verify each distinct
	// certificate once.
	verified := make(map[certKey][]Sig)
	check := func(c Certificate) error {
		key := certKey{c.Type, c.View, c.Hash}
		if sigs, ok := verified[key]; ok && sigsEqual(sigs, c.Sigs) {
			return nil
		}
		if err := k.VerifyCertificate(c); err != nil {
			return err
		}
		verified[key] = c.Sigs
		return nil
	}
	parent := prev
	for i := range blocks {
		f := &blocks[i]
		b := &f.Block
		if b.Parent != parent.Hash || b.Height != parent.Height+1 || b.View <= parent.View {
			return fmt.Errorf("%w: block %d (height %d, view %d) does not follow height %d, view %d",
				ErrBadLinkage, i, b.Height, b.View, parent.Height, parent.View)
		}
		if err := k.checkPayload(b); err != nil {
			return fmt.Errorf("block at height %d: %w", b.Height, err)
		}
		n := f.Notarization
		if n.Type != MsgNotarization || n.View != b.View || n.Hash != hashes[i] {
			return fmt.Errorf("%w: height %d: notarization is for view %d, %s", ErrNotFinal, b.Height, n.View, n.Hash)
		}
		if err := check(n); err != nil {
			return fmt.Errorf("height %d: notarization: %w", b.Height, err)
		}
		fz := f.Finalization
		j, ok := at[fz.Hash]
		if fz.Type != MsgFinalization || !ok || j < i || blocks[j].Block.View != fz.View {
			return fmt.Errorf("%w: height %d: finalization of view %d names no block of the range at or after it",
				ErrNotFinal, b.Height, fz.View)
		}
		if err := check(fz); err != nil {
			return fmt.Errorf("height %d: finalization: %w", b.Height, err)
		}
		parent = BlockRef{Hash: hashes[i], View: b.View, Height: b.Height}
	}
	return nil
}

type certKey struct {
	t    MsgType
	view uint64
	hash Hash
}

func sigsEqual(a, b []Sig) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Signer != b[i].Signer || !bytes.Equal(a[i].Signature, b[i].Signature) {
			return false
		}
	}
	return true
}
