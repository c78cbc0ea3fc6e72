package bridge

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/sequencing/consensus"
)

// secpVerifier is the node's consensus signature check: secp256k1 over
// keccak256 of the signing bytes, by address recovery.
type secpVerifier struct{}

func (secpVerifier) Verify(signer common.Address, msg, sig []byte) bool {
	pub, err := crypto.SigToPub(crypto.Keccak256(msg), sig)
	return err == nil && crypto.PubkeyToAddress(*pub) == signer
}

// signed builds and signs a consensus message exactly as a sequencer does.
func signed(t *testing.T, key *ecdsa.PrivateKey, typ consensus.MsgType, chainID, view uint64, hash common.Hash) consensus.Message {
	t.Helper()
	m := consensus.Message{Type: typ, ChainID: chainID, View: view, From: addr(key), Hash: hash}
	if typ == consensus.MsgProposal {
		payload := hash[:] // any payload: its hash makes the block differ
		m.Block = &consensus.Block{View: view, Height: 1, PayloadHash: consensus.DefaultPayloadHash(payload), Payload: payload}
		m.Hash = m.Block.Hash()
	}
	sig, err := crypto.Sign(crypto.Keccak256(m.SigningBytes()), key)
	if err != nil {
		t.Fatal(err)
	}
	m.Signature = sig
	return m
}

// TestSlashing submits consensus evidence, signed with go-ethereum's crypto
// over the consensus package's own signing bytes, to the SequencerRegistry:
// each kind of equivocation slashes its signer once; honest pairs, forged
// signatures and another chain's messages are refused. The Go checker and
// the contract agree on every case.
func TestSlashing(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	seqs := make([]*ecdsa.PrivateKey, 6)
	var set []consensus.Validator
	for i := range seqs {
		seqs[i] = testKey(fmt.Sprintf("sequencer-%d", i))
		f.transfer(f.user, addr(seqs[i]), ether(20))
		f.ok(seqs[i], f.regC, ether(10), f.registry.PackStake())
		set = append(set, consensus.Validator{Address: addr(seqs[i]), Stake: 10})
	}
	vs, err := consensus.NewValidatorSet(set)
	if err != nil {
		t.Fatal(err)
	}
	checker := func(era uint64) consensus.Checker {
		return consensus.Checker{ChainID: ConsensusDomain(testL2ChainID, era), Set: vs, Verifier: secpVerifier{}}
	}
	active := call(f, f.regC, f.registry.PackActiveSequencers(), f.registry.UnpackActiveSequencers)
	if len(active.Addrs) != 6 {
		t.Fatalf("%d active sequencers", len(active.Addrs))
	}
	f.reverts("StakeTooLow", f.user, f.regC, big.NewInt(1), f.registry.PackStake())

	// The registry's signing bytes are the consensus package's, in every era.
	for _, era := range []uint64{0, 1, 7} {
		domain := call(f, f.regC, f.registry.PackSigningDomain(era), f.registry.UnpackSigningDomain)
		if domain != ConsensusDomain(testL2ChainID, era) {
			t.Fatalf("era %d: registry's domain %d, Go's %d", era, domain, ConsensusDomain(testL2ChainID, era))
		}
		for _, typ := range []consensus.MsgType{consensus.MsgProposal, consensus.MsgVote, consensus.MsgFinalize} {
			m := consensus.Message{Type: typ, ChainID: domain, View: 1 << 40, Hash: crypto.Keccak256Hash([]byte{byte(typ)})}
			got := call(f, f.regC, f.registry.PackSigningBytes(era, uint8(typ), m.View, m.Hash), f.registry.UnpackSigningBytes)
			if string(got) != string(m.SigningBytes()) {
				t.Fatalf("era %d, %s: registry signs %x, consensus %x", era, typ, got, m.SigningBytes())
			}
		}
	}
	if ConsensusDomain(testL2ChainID, 0) != testL2ChainID {
		t.Fatal("era 0 does not sign with the chain ID")
	}
	era2 := ConsensusDomain(testL2ChainID, 2)

	b1, b2 := crypto.Keccak256Hash([]byte("block 1")), crypto.Keccak256Hash([]byte("block 2"))
	bottom := common.Hash{}
	const view = 42
	type evidence struct {
		name  string
		kind  consensus.EvidenceKind
		a, b  consensus.Message
		valid bool
		want  string // the registry's revert for an invalid pair
		era   uint64 // the era claimed
	}
	k := seqs
	cases := []evidence{
		// Honest pairs and malformed ones first: none of them slashes.
		{"block vote then ⊥ (a timeout)", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID, view, bottom), false, "InvalidEvidence", 0},
		{"block vote then ⊥, as finalize+⊥", consensus.EvidenceFinalizeBottom, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID, view, bottom), false, "InvalidEvidence", 0},
		{"the same vote twice", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), false, "InvalidEvidence", 0},
		{"vote and finalize of one block", consensus.EvidenceFinalizes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgFinalize, testL2ChainID, view, b1), false, "InvalidEvidence", 0},
		{"two views", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID, view+1, b2), false, "BadSignature", 0},
		{"another signer's message", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[1], consensus.MsgVote, testL2ChainID, view, b2), false, "BadSignature", 0},
		{"another chain's votes", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID+1, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID+1, view, b2), false, "BadSignature", 0},
		// Equivocations: each slashes its signer.
		{"two block votes", consensus.EvidenceVotes, signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[0], consensus.MsgVote, testL2ChainID, view, b2), true, "", 0},
		{"two proposals", consensus.EvidenceProposals, signed(t, k[1], consensus.MsgProposal, testL2ChainID, view, b1), signed(t, k[1], consensus.MsgProposal, testL2ChainID, view, b2), true, "", 0},
		{"two finalizes", consensus.EvidenceFinalizes, signed(t, k[2], consensus.MsgFinalize, testL2ChainID, view, b1), signed(t, k[2], consensus.MsgFinalize, testL2ChainID, view, b2), true, "", 0},
		{"finalize and ⊥", consensus.EvidenceFinalizeBottom, signed(t, k[3], consensus.MsgFinalize, testL2ChainID, view, b1), signed(t, k[3], consensus.MsgVote, testL2ChainID, view, bottom), true, "", 0},
		{"⊥ and finalize", consensus.EvidenceFinalizeBottom, signed(t, k[4], consensus.MsgVote, testL2ChainID, view, bottom), signed(t, k[4], consensus.MsgFinalize, testL2ChainID, view, b2), true, "", 0},
		// Eras: views start again with each set, so only messages of one era conflict.
		{"one view in two eras", consensus.EvidenceVotes, signed(t, k[5], consensus.MsgVote, testL2ChainID, view, b1), signed(t, k[5], consensus.MsgVote, era2, view, b2), false, "BadSignature", 2},
		{"era 2's votes claimed as era 1's", consensus.EvidenceVotes, signed(t, k[5], consensus.MsgVote, era2, view, b1), signed(t, k[5], consensus.MsgVote, era2, view, b2), false, "BadSignature", 1},
		{"two block votes in era 2", consensus.EvidenceVotes, signed(t, k[5], consensus.MsgVote, era2, view, b1), signed(t, k[5], consensus.MsgVote, era2, view, b2), true, "", 2},
	}
	reporter := f.relayer
	for _, c := range cases {
		ev := consensus.Evidence{Kind: c.kind, Signer: c.a.From, View: c.a.View, A: c.a, B: c.b}
		if goErr := checker(c.era).VerifyEvidence(ev); (goErr == nil) != c.valid {
			t.Fatalf("%s: consensus.Checker says %v, want valid=%v", c.name, goErr, c.valid)
		}
		arg, err := SlashEvidence(ev, testL2ChainID, c.era)
		if c.valid && err != nil {
			t.Fatal(err)
		}
		if !c.valid {
			// Whether or not SlashEvidence objects, the registry must refuse.
			arg = rawEvidence(ev, c.era)
			f.reverts(c.want, reporter, f.regC, nil, f.registry.PackSlash(arg))
			continue
		}
		before, reporterBefore := f.balance(f.addrs.SequencerRegistry), f.balance(addr(reporter))
		r := f.ok(reporter, f.regC, nil, f.registry.PackSlash(arg))
		s, err := f.registry.UnpackSlashedEvent(r.Logs[0])
		if err != nil || s.Sequencer != ev.Signer || s.Reporter != addr(reporter) || s.Amount.Cmp(ether(10)) != 0 ||
			s.Reward.Cmp(new(big.Int).Div(ether(10), big.NewInt(4))) != 0 || s.Kind != uint8(c.kind) || s.ViewNumber != view {
			t.Fatalf("%s: slashed %+v, %v", c.name, s, err)
		}
		gas := new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
		if got := new(big.Int).Sub(f.balance(addr(reporter)), reporterBefore); new(big.Int).Add(got, gas).Cmp(s.Reward) != 0 {
			t.Fatalf("%s: reporter gained %s, reward %s", c.name, got, s.Reward)
		}
		if got := new(big.Int).Sub(before, f.balance(f.addrs.SequencerRegistry)); got.Cmp(s.Reward) != 0 {
			t.Fatalf("%s: registry paid out %s", c.name, got)
		}
		// Once only: the same evidence, or any other, finds nothing to slash.
		f.reverts("NotStaked", reporter, f.regC, nil, f.registry.PackSlash(arg))
		if !call(f, f.regC, f.registry.PackSlashed(ev.Signer), f.registry.UnpackSlashed) {
			t.Fatalf("%s: not marked slashed", c.name)
		}
	}
	// A slashed sequencer may not come back.
	f.reverts("SequencerSlashed", k[0], f.regC, ether(1), f.registry.PackStake())
	// SlashEvidence refuses messages of another era than it is told.
	if _, err := SlashEvidence(consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: addr(k[5]), View: view,
		A: signed(t, k[5], consensus.MsgVote, era2, view, b1), B: signed(t, k[5], consensus.MsgVote, era2, view, b2)}, testL2ChainID, 0); err == nil {
		t.Fatal("SlashEvidence took era 2's messages as era 0's")
	}
	active = call(f, f.regC, f.registry.PackActiveSequencers(), f.registry.UnpackActiveSequencers)
	if len(active.Addrs) != 0 {
		t.Fatalf("active after slashing: %v", active.Addrs)
	}
	if got := call(f, f.regC, f.registry.PackBurned(), f.registry.UnpackBurned); got.Cmp(new(big.Int).Mul(big.NewInt(6), new(big.Int).Div(new(big.Int).Mul(ether(10), big.NewInt(3)), big.NewInt(4)))) != 0 {
		t.Fatalf("burned %s", got)
	}

	// Forged signatures: a high-S twin of a valid one, and garbage.
	s6 := testKey("sequencer-6")
	f.transfer(f.user, addr(s6), ether(20))
	f.ok(s6, f.regC, ether(10), f.registry.PackStake())
	a := signed(t, s6, consensus.MsgVote, testL2ChainID, view, b1)
	bb := signed(t, s6, consensus.MsgVote, testL2ChainID, view, b2)
	arg, _ := SlashEvidence(consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: addr(s6), View: view, A: a, B: bb}, testL2ChainID, 0)
	arg.B.Signature = highS(arg.B.Signature)
	f.reverts("BadSignature", reporter, f.regC, nil, f.registry.PackSlash(arg))
	arg.B.Signature = make([]byte, 65)
	f.reverts("BadSignature", reporter, f.regC, nil, f.registry.PackSlash(arg))
	arg.B.Signature = bb.Signature[:64]
	f.reverts("BadSignature", reporter, f.regC, nil, f.registry.PackSlash(arg))
	arg.B.Signature = bb.Signature
	arg.ViewNumber = 0
	f.reverts("InvalidEvidence", reporter, f.regC, nil, f.registry.PackSlash(arg))
	arg.ViewNumber = view

	// Unstaking leaves the active set at once, but the stake stays
	// slashable until it is withdrawn after the delay.
	f.ok(s6, f.regC, nil, f.registry.PackRequestUnstake())
	f.reverts("NotWithdrawable", s6, f.regC, nil, f.registry.PackWithdraw())
	if active = call(f, f.regC, f.registry.PackActiveSequencers(), f.registry.UnpackActiveSequencers); len(active.Addrs) != 0 {
		t.Fatalf("an unstaking sequencer is active: %v", active.Addrs)
	}
	f.ok(reporter, f.regC, nil, f.registry.PackSlash(arg))
	f.reverts("NotStaked", s6, f.regC, nil, f.registry.PackWithdraw())
}

// rawEvidence is SlashEvidence without its check of the domains.
func rawEvidence(e consensus.Evidence, era uint64) bindings.SequencerRegistryEvidence {
	msg := func(m consensus.Message) bindings.SequencerRegistrySignedMessage {
		return bindings.SequencerRegistrySignedMessage{MsgType: uint8(m.Type), Hash: m.Hash, Signature: m.Signature}
	}
	return bindings.SequencerRegistryEvidence{Kind: uint8(e.Kind), Signer: e.Signer, Era: era, ViewNumber: e.View, A: msg(e.A), B: msg(e.B)}
}

// TestUnstake withdraws a stake after the delay.
func TestUnstake(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	s := testKey("sequencer")
	f.transfer(f.user, addr(s), ether(20))
	f.ok(s, f.regC, ether(5), f.registry.PackStake())
	f.ok(s, f.regC, ether(5), f.registry.PackStake()) // a top-up
	if got := call(f, f.regC, f.registry.PackSequencer(addr(s)), f.registry.UnpackSequencer); got.Stake.Cmp(ether(10)) != 0 || got.WithdrawableAt != 0 {
		t.Fatalf("sequencer %+v", got)
	}
	f.reverts("NotWithdrawable", s, f.regC, nil, f.registry.PackWithdraw())
	f.ok(s, f.regC, nil, f.registry.PackRequestUnstake())
	f.reverts("AlreadyUnstaking", s, f.regC, nil, f.registry.PackRequestUnstake())
	f.reverts("AlreadyUnstaking", s, f.regC, ether(1), f.registry.PackStake())
	if err := f.l1.AdjustTime(299 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.reverts("NotWithdrawable", s, f.regC, nil, f.registry.PackWithdraw())
	if err := f.l1.AdjustTime(time.Second); err != nil {
		t.Fatal(err)
	}
	before := f.balance(addr(s))
	r := f.ok(s, f.regC, nil, f.registry.PackWithdraw())
	gas := new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
	if got := new(big.Int).Sub(f.balance(addr(s)), before); new(big.Int).Add(got, gas).Cmp(ether(10)) != 0 {
		t.Fatalf("withdrew %s", got)
	}
	// It may stake again.
	f.ok(s, f.regC, ether(1), f.registry.PackStake())
}

// highS returns the other, high-S form of a 65-byte signature.
func highS(sig []byte) []byte {
	n := crypto.S256().Params().N
	s := new(big.Int).SetBytes(sig[32:64])
	out := make([]byte, 65)
	copy(out, sig[:32])
	new(big.Int).Sub(n, s).FillBytes(out[32:64])
	out[64] = sig[64] ^ 1
	return out
}
