package consensus

import (
	"bytes"
	"errors"
	"math/big"
	"slices"
	"testing"
	"time"
)

// finalChain runs four honest nodes for a while and returns node 0's final
// chain with the checker that verifies it.
func finalChain(t *testing.T) ([]FinalBlock, Checker) {
	s := newSim(t, simParams{stakes: []uint64{1, 1, 1, 1}, timeout: 500 * time.Millisecond,
		minDelay: 10 * time.Millisecond, maxDelay: 30 * time.Millisecond, seed: 9})
	s.run(2*time.Second, nil)
	if len(s.nodes[0].final) < 10 {
		t.Fatalf("only %d final blocks", len(s.nodes[0].final))
	}
	return s.nodes[0].final, s.checker
}

// clone deep-copies final blocks so that a case can tamper with them.
func clone(fs []FinalBlock) []FinalBlock {
	out := make([]FinalBlock, len(fs))
	for i, f := range fs {
		f.Block.Payload = bytes.Clone(f.Block.Payload)
		for _, c := range []*Certificate{&f.Notarization, &f.Finalization} {
			c.Sigs = slices.Clone(c.Sigs)
			for j := range c.Sigs {
				c.Sigs[j].Signature = bytes.Clone(c.Sigs[j].Signature)
			}
		}
		out[i] = f
	}
	return out
}

func TestVerifyFinal(t *testing.T) {
	chain, k := finalChain(t)
	if err := VerifyFinal(k, genesisRef, chain); err != nil {
		t.Fatal(err)
	}
	// A range in the middle verifies from its predecessor.
	if err := VerifyFinal(k, chain[4].Block.Ref(), chain[5:9]); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		prev   BlockRef
		tamper func(fs []FinalBlock) []FinalBlock
		k      func(Checker) Checker
		want   error
	}{
		{name: "wrong start", prev: BlockRef{Hash: Hash{1}}, want: ErrBadLinkage},
		{name: "a block left out", tamper: func(fs []FinalBlock) []FinalBlock { return slices.Delete(fs, 3, 4) }, want: ErrBadLinkage},
		{name: "payload swapped", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[2].Block.Payload = []byte("something else")
			return fs
		}, want: ErrBadPayloadHash},
		{name: "height changed", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[0].Block.Height = 2
			return fs
		}, want: ErrBadLinkage},
		{name: "notarization of another block", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[2].Notarization = fs[3].Notarization
			return fs
		}, want: ErrNotFinal},
		{name: "notarization signature corrupted", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[2].Notarization.Sigs[0].Signature[0] ^= 1
			return fs
		}, want: ErrBadSignature},
		{name: "finalization signature corrupted", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[5].Finalization.Sigs[1].Signature[3] ^= 1
			return fs
		}, want: ErrBadSignature},
		{name: "finalization short of a quorum", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[5].Finalization.Sigs = fs[5].Finalization.Sigs[:2]
			return fs
		}, want: ErrNoQuorum},
		{name: "finalization of an earlier block", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[5].Finalization = fs[4].Finalization
			return fs
		}, want: ErrNotFinal},
		{name: "finalization beyond the range", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[3].Finalization = fs[4].Finalization
			return fs[:4]
		}, want: ErrNotFinal},
		{name: "a notarization passed as finalization", tamper: func(fs []FinalBlock) []FinalBlock {
			fs[3].Finalization = fs[3].Notarization
			return fs
		}, want: ErrNotFinal},
		{name: "another chain", k: func(k Checker) Checker { k.ChainID++; return k }, want: ErrWrongChain},
		{name: "another validator set", k: func(k Checker) Checker {
			k.Set = testSet(t, []uint64{1, 1, 1, 1, 1, 1, 1, 1})
			return k
		}, want: ErrNoQuorum},
		{name: "a validator set without the signers", k: func(k Checker) Checker {
			vals := []Validator{{Address: testAddr(9), Stake: 1}}
			k.Set, _ = NewValidatorSet(vals)
			return k
		}, want: ErrNotMember},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, kk, prev := clone(chain), k, genesisRef
			if tc.tamper != nil {
				fs = tc.tamper(fs)
			}
			if tc.k != nil {
				kk = tc.k(kk)
			}
			if tc.prev != (BlockRef{}) {
				prev = tc.prev
			}
			if err := VerifyFinal(kk, prev, fs); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// A finalization of a descendant proves its ancestors.
	fs := clone(chain)
	fs[3].Finalization = fs[4].Finalization
	if err := VerifyFinal(k, genesisRef, fs); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyEvidence(t *testing.T) {
	b := newBench1(t, nil)
	k := b.c.Checker(b.keys)
	votes := Evidence{Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: b.vote(2, 3, Hash{1}), B: b.vote(2, 3, Hash{2})}
	if err := k.VerifyEvidence(votes); err != nil {
		t.Fatal(err)
	}
	fb := Evidence{Kind: EvidenceFinalizeBottom, Signer: testAddr(2), View: 3, A: b.vote(2, 3, Hash{}), B: b.finalize(2, 3, Hash{1})}
	if err := k.VerifyEvidence(fb); err != nil {
		t.Fatal(err)
	}
	bad := map[string]Evidence{
		"same vote twice":     {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: votes.A},
		"block and ⊥ votes":   {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: b.vote(2, 3, Hash{})},
		"two signers":         {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: b.vote(1, 3, Hash{2})},
		"two views":           {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: b.vote(2, 4, Hash{2})},
		"finalize and block":  {Kind: EvidenceFinalizeBottom, Signer: testAddr(2), View: 3, A: votes.A, B: fb.B},
		"wrong kind":          {Kind: EvidenceProposals, Signer: testAddr(2), View: 3, A: votes.A, B: votes.B},
		"forged signature":    {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: func() Message { m := votes.B; m.Signature = votes.A.Signature; return m }()},
		"a certificate in it": {Kind: EvidenceVotes, Signer: testAddr(2), View: 3, A: votes.A, B: b.cert(MsgNotarization, 3, Hash{2}, 1, 2, 3).Message()},
	}
	for name, e := range bad {
		if err := k.VerifyEvidence(e); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestValidatorSet(t *testing.T) {
	for _, tc := range []struct {
		stakes []uint64
		quorum uint64
	}{
		{[]uint64{1}, 1}, {[]uint64{1, 1, 1}, 3}, {[]uint64{1, 1, 1, 1}, 3}, {[]uint64{1, 1, 1, 1, 1, 1, 1}, 5},
		{[]uint64{10, 6, 5, 4, 3, 2, 1}, 21}, {[]uint64{1 << 63, 1<<63 - 1}, 12297829382473034411},
	} {
		s := testSet(t, tc.stakes)
		if s.Quorum() != tc.quorum {
			t.Errorf("stakes %v: quorum %d, want %d", tc.stakes, s.Quorum(), tc.quorum)
		}
		// More than two thirds, and the least such stake.
		q, total := new(big.Int).SetUint64(s.Quorum()), new(big.Int).SetUint64(s.Total())
		three, two := big.NewInt(3), big.NewInt(2)
		twoThirds := new(big.Int).Mul(total, two)
		if new(big.Int).Mul(q, three).Cmp(twoThirds) <= 0 ||
			new(big.Int).Mul(new(big.Int).Sub(q, big.NewInt(1)), three).Cmp(twoThirds) > 0 {
			t.Errorf("stakes %v: quorum %d is not the least stake above 2/3 of %d", tc.stakes, q, total)
		}
	}
	for name, vals := range map[string][]Validator{
		"empty":      nil,
		"zero stake": {{Address: testAddr(0), Stake: 0}},
		"zero addr":  {{Stake: 1}},
		"duplicate":  {{Address: testAddr(0), Stake: 1}, {Address: testAddr(0), Stake: 2}},
		"overflow":   {{Address: testAddr(0), Stake: 1 << 63}, {Address: testAddr(1), Stake: 1 << 63}},
	} {
		if _, err := NewValidatorSet(vals); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	s := testSet(t, []uint64{3, 2})
	if !s.Contains(testAddr(1)) || s.Contains(testAddr(2)) || s.StakeOf(testAddr(0)) != 3 || s.StakeOf(testAddr(5)) != 0 || s.Len() != 2 {
		t.Fatal("membership")
	}
}
