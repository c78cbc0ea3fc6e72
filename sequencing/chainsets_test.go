package sequencing

import (
	"log/slog"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/sequencing/consensus"
)

func members(stakes ...uint64) []consensus.Validator {
	var out []consensus.Validator
	for i, s := range stakes {
		out = append(out, consensus.Validator{Address: common.Address{byte(i + 1)}, Stake: s})
	}
	return out
}

// TestPayloadSetUpdate: a set update survives the round trip, a payload
// without one encodes as before (its field is optional), and an update that
// is not a canonical set is refused.
func TestPayloadSetUpdate(t *testing.T) {
	plain := &Payload{Height: 8, Time: 1, Txs: [][]byte{{1}}}
	type v1 struct { // the payload before set updates
		Height   uint64
		Time     uint64
		Leader   common.Address
		DataRoot common.Hash
		Deposits []byte
		Txs      [][]byte
	}
	old, _ := rlp.EncodeToBytes(&v1{Height: 8, Time: 1, Txs: [][]byte{{1}}})
	if !slices.Equal(plain.Marshal(), old) {
		t.Fatal("a payload without a set update changed encoding")
	}
	p := &Payload{Height: 16, Set: &SetUpdate{L1Block: 99, Members: members(3, 4)}}
	got, err := UnmarshalPayload(p.Marshal())
	if err != nil || got.Set == nil || got.Set.L1Block != 99 || !slices.Equal(got.Set.Members, p.Set.Members) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	bad := map[string][]consensus.Validator{
		"empty":         nil,
		"unsorted":      {{Address: common.Address{2}, Stake: 1}, {Address: common.Address{1}, Stake: 1}},
		"repeated":      {{Address: common.Address{1}, Stake: 1}, {Address: common.Address{1}, Stake: 1}},
		"zero stake":    {{Address: common.Address{1}, Stake: 0}},
		"zero address":  {{Address: common.Address{}, Stake: 1}},
		"stake too big": {{Address: common.Address{1}, Stake: 1 << 63}, {Address: common.Address{2}, Stake: 1 << 63}},
	}
	for name, m := range bad {
		p := &Payload{Height: 16, Set: &SetUpdate{L1Block: 1, Members: m}}
		if _, err := UnmarshalPayload(p.Marshal()); err == nil {
			t.Fatalf("%s set update accepted", name)
		}
	}
}

// TestChainSets: the set of epoch k is named by the final batch at height
// (k−1)·L; epochs without an update keep the previous set; the first two
// epochs are the base's; an epoch whose naming batch is not final is
// unknown, and becomes known once it is; a reopened store gives the same
// answers.
func TestChainSets(t *testing.T) {
	const L = 4
	dir := t.TempDir()
	store, err := OpenStore(dir, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { store.Close() }()
	genesis, _ := consensus.NewValidatorSet(members(1, 1, 1, 1))
	put := func(h uint64, set *SetUpdate) {
		p := &Payload{Height: h, Set: set}
		fb := consensus.FinalBlock{Block: consensus.Block{View: h, Height: h, Payload: p.Marshal(), PayloadHash: consensus.DefaultPayloadHash(p.Marshal())}}
		fb.Notarization = consensus.Certificate{Type: consensus.MsgNotarization, View: h, Hash: fb.Block.Hash(), Sigs: []consensus.Sig{{Signer: common.Address{1}, Signature: make([]byte, 65)}}}
		enc, err := fb.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := store.PutFinal(h, fb.Block.Hash(), enc); err != nil {
			t.Fatal(err)
		}
	}
	three := &SetUpdate{L1Block: 50, Members: members(1, 2, 3)}
	two := &SetUpdate{L1Block: 70, Members: members(5, 5)}
	for h := uint64(1); h <= 13; h++ {
		switch h {
		case 4: // the end of epoch 0 names epoch 2's set
			put(h, three)
		case 12: // the end of epoch 2 names epoch 4's
			put(h, two)
		default:
			put(h, nil)
		}
	}
	cs := &ChainSets{Base: StaticSet{genesis}, EpochLength: L, Store: store}
	want := func(k uint64, stakes []uint64, anchor uint64) {
		t.Helper()
		set, err := cs.SetForEpoch(k)
		if err != nil {
			t.Fatalf("epoch %d: %v", k, err)
		}
		var got []uint64
		for _, v := range set.Validators() {
			got = append(got, v.Stake)
		}
		if !slices.Equal(got, stakes) {
			t.Fatalf("epoch %d: stakes %v, want %v", k, got, stakes)
		}
		if a, _ := cs.Anchor(k); a != anchor {
			t.Fatalf("epoch %d: anchor %d, want %d", k, a, anchor)
		}
	}
	check := func() {
		t.Helper()
		want(0, []uint64{1, 1, 1, 1}, 0)
		want(1, []uint64{1, 1, 1, 1}, 0)
		want(2, []uint64{1, 2, 3}, 50)
		want(3, []uint64{1, 2, 3}, 50) // batch 8 named none
		want(4, []uint64{5, 5}, 70)
	}
	// Asked out of order first: the cache fills from any end.
	want(4, []uint64{5, 5}, 70)
	check()
	if _, err := cs.SetForEpoch(5); err == nil {
		t.Fatal("epoch 5 is known before batch 16, which names it, is final")
	}
	for h := uint64(14); h <= 16; h++ {
		put(h, nil)
	}
	want(5, []uint64{5, 5}, 70)
	// A base with changes of its own applies where the chain names nothing.
	changes := SetChanges{0: genesis}
	if later, err := consensus.NewValidatorSet(members(9)); err == nil {
		changes[1] = later
	}
	withBase := &ChainSets{Base: changes, EpochLength: L, Store: store}
	if set, err := withBase.SetForEpoch(1); err != nil || set.Total() != 9 {
		t.Fatalf("epoch 1 from the base: %v, %v", set, err)
	}
	// Reopened, the store gives the same answers to a fresh source.
	store.Close()
	if store, err = OpenStore(dir, slog.Default()); err != nil {
		t.Fatal(err)
	}
	cs = &ChainSets{Base: StaticSet{genesis}, EpochLength: L, Store: store}
	check()
}
