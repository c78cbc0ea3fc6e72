package bridge

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/sequencing"
	"github.com/l2node/l2node/sequencing/consensus"
)

func gwei(n int64) uint64 { return uint64(n) * 1e9 }

// TestRegistryFeed follows stakes, top-ups, unstaking, withdrawal and
// slashing on the real SequencerRegistry, and answers the active set at
// every block it scanned, across a restart from its store. It agrees with
// the contract's own activeSequencers at the head.
func TestRegistryFeed(t *testing.T) {
	f := newFixture(t, fixtureOptions{mutate: func(p *DeployParams) { p.UnstakeDelay = 10 * time.Second }})
	head := func() uint64 {
		n, err := f.l1.BlockNumber(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	deployBlock := head()
	seqs := make([]*ecdsa.PrivateKey, 4)
	for i := range seqs {
		seqs[i] = testKey(fmt.Sprintf("registry-seq-%d", i))
		f.transfer(f.user, addr(seqs[i]), ether(100))
	}
	dir := t.TempDir()
	open := func() *RegistryFeed {
		feed, err := OpenRegistryFeed(RegistryFeedConfig{L1: f.l1, Registry: f.addrs.SequencerRegistry, FromBlock: deployBlock, Dir: dir, MaxRange: 3})
		if err != nil {
			t.Fatal(err)
		}
		return feed
	}
	feed := open()
	defer func() { feed.Close() }()
	poll := func() {
		if _, err := feed.Poll(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	type point struct {
		block uint64
		want  map[common.Address]uint64
	}
	var points []point
	mark := func(want map[common.Address]uint64) { points = append(points, point{head(), want}) }

	mark(map[common.Address]uint64{})
	for i, k := range seqs {
		f.ok(k, f.regC, ether(int64(i+1)), f.registry.PackStake())
	}
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(1), addr(seqs[1]): gwei(2), addr(seqs[2]): gwei(3), addr(seqs[3]): gwei(4)})
	f.ok(seqs[0], f.regC, ether(5), f.registry.PackStake()) // a top-up
	f.ok(seqs[1], f.regC, nil, f.registry.PackRequestUnstake())
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(6), addr(seqs[2]): gwei(3), addr(seqs[3]): gwei(4)})

	// Slash seqs[2] with two conflicting votes.
	b1, b2 := crypto.Keccak256Hash([]byte("x")), crypto.Keccak256Hash([]byte("y"))
	ev := consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: addr(seqs[2]), View: 9,
		A: signed(t, seqs[2], consensus.MsgVote, testL2ChainID, 9, b1), B: signed(t, seqs[2], consensus.MsgVote, testL2ChainID, 9, b2)}
	arg, err := SlashEvidence(ev, testL2ChainID, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.ok(f.relayer, f.regC, nil, f.registry.PackSlash(arg))
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(6), addr(seqs[3]): gwei(4)})

	// seqs[1] withdraws after the delay and stakes again: a new member.
	if err := f.l1.AdjustTime(11 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.ok(seqs[1], f.regC, nil, f.registry.PackWithdraw())
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(6), addr(seqs[3]): gwei(4)})
	f.ok(seqs[1], f.regC, ether(7), f.registry.PackStake())
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(6), addr(seqs[1]): gwei(7), addr(seqs[3]): gwei(4)})

	if _, err := feed.SetAt(head()); !errors.Is(err, ErrNotScanned) {
		t.Fatalf("SetAt before a poll: %v, want ErrNotScanned", err)
	}
	check := func() {
		t.Helper()
		for _, p := range points {
			got, err := feed.SetAt(p.block)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.IsSortedFunc(got, func(a, b consensus.Validator) int { return a.Address.Cmp(b.Address) }) {
				t.Fatalf("block %d: members not sorted: %v", p.block, got)
			}
			if len(got) != len(p.want) {
				t.Fatalf("block %d: %v, want %v", p.block, got, p.want)
			}
			for _, v := range got {
				if p.want[v.Address] != v.Stake {
					t.Fatalf("block %d: %s has %d, want %d", p.block, v.Address, v.Stake, p.want[v.Address])
				}
			}
		}
	}
	poll()
	check()
	// The head agrees with the contract.
	active := call(f, f.regC, f.registry.PackActiveSequencers(), f.registry.UnpackActiveSequencers)
	last, _ := feed.SetAt(feed.Scanned())
	if len(active.Addrs) != len(last) {
		t.Fatalf("contract has %d active, feed %d", len(active.Addrs), len(last))
	}
	for i, a := range active.Addrs {
		if units := new(big.Int).Div(active.Stakes[i], StakeUnit).Uint64(); !slices.Contains(last, consensus.Validator{Address: a, Stake: units}) {
			t.Fatalf("contract's %s (%d) missing from the feed's %v", a, units, last)
		}
	}
	// A restart answers from the store alone, and resumes.
	feed.Close()
	feed = open()
	check()
	f.ok(seqs[3], f.regC, nil, f.registry.PackRequestUnstake())
	mark(map[common.Address]uint64{addr(seqs[0]): gwei(6), addr(seqs[1]): gwei(7)})
	poll()
	check()
}

// TestSlasher carries stored evidence to L1: the signer is slashed once,
// the relayer gets the reporter's share, and neither a second pass, a second
// relayer nor evidence against an unstaked signer sends anything.
func TestSlasher(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	bad, honest := testKey("slasher-bad"), testKey("slasher-honest")
	for _, k := range []*ecdsa.PrivateKey{bad, honest} {
		f.transfer(f.user, addr(k), ether(20))
		f.ok(k, f.regC, ether(10), f.registry.PackStake())
	}
	era3 := ConsensusDomain(testL2ChainID, 3)
	b1, b2 := crypto.Keccak256Hash([]byte("b1")), crypto.Keccak256Hash([]byte("b2"))
	evs := []sequencing.EraEvidence{
		{Evidence: consensus.Evidence{Kind: consensus.EvidenceProposals, Signer: addr(bad), View: 5,
			A: signed(t, bad, consensus.MsgProposal, era3, 5, b1), B: signed(t, bad, consensus.MsgProposal, era3, 5, b2)}, Era: 3},
		// A second piece against the same signer: nothing left to slash.
		{Evidence: consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: addr(bad), View: 6,
			A: signed(t, bad, consensus.MsgVote, era3, 6, b1), B: signed(t, bad, consensus.MsgVote, era3, 6, b2)}, Era: 3},
		// Evidence against a signer who never staked.
		{Evidence: consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: addr(f.user), View: 6,
			A: signed(t, f.user, consensus.MsgVote, era3, 6, b1), B: signed(t, f.user, consensus.MsgVote, era3, 6, b2)}, Era: 3},
	}
	source := func() ([]sequencing.EraEvidence, error) { return evs, nil }
	newSlasher := func(key *ecdsa.PrivateKey) *Slasher {
		snd, err := NewSender(f.ctx, SenderConfig{L1: f.l1, Key: key, BumpAfter: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSlasher(SlasherConfig{L1: f.l1, Sender: snd, Registry: f.addrs.SequencerRegistry, L2ChainID: testL2ChainID, Evidence: source})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := newSlasher(f.relayer)
	before := f.balance(addr(f.relayer))
	ctx, cancel := context.WithTimeout(f.ctx, time.Minute)
	defer cancel()
	got, err := s.Once(ctx)
	if err != nil || len(got) != 1 || got[0] != addr(bad) {
		t.Fatalf("first pass slashed %v, %v", got, err)
	}
	if !call(f, f.regC, f.registry.PackSlashed(addr(bad)), f.registry.UnpackSlashed) {
		t.Fatal("the signer is not slashed on L1")
	}
	if call(f, f.regC, f.registry.PackSlashed(addr(honest)), f.registry.UnpackSlashed) {
		t.Fatal("an honest sequencer was slashed")
	}
	if gained := new(big.Int).Sub(f.balance(addr(f.relayer)), before); gained.Sign() <= 0 {
		t.Fatalf("the relayer gained %s: the reporter's share is missing", gained)
	}
	nonce, _ := f.l1.NonceAt(f.ctx, addr(f.relayer), nil)
	if got, err := s.Once(ctx); err != nil || len(got) != 0 {
		t.Fatalf("second pass slashed %v, %v", got, err)
	}
	// Another relayer that restarts with the same evidence sends nothing.
	other := testKey("slasher-other-relayer")
	f.transfer(f.user, addr(other), ether(1))
	if got, err := newSlasher(other).Once(ctx); err != nil || len(got) != 0 {
		t.Fatalf("second relayer slashed %v, %v", got, err)
	}
	if n, _ := f.l1.NonceAt(f.ctx, addr(f.relayer), nil); n != nonce {
		t.Fatalf("the relayer sent %d more transactions", n-nonce)
	}
	if n, _ := f.l1.NonceAt(f.ctx, addr(other), nil); n != 0 {
		t.Fatalf("the second relayer sent %d transactions", n)
	}
}
