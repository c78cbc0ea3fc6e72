package consensus

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// A single core driven by hand: node 0 of four equal validators; view v is
// led by node v mod 4.
type bench1 struct {
	t    testing.TB
	c    *Core
	keys *testKeys
	set  *ValidatorSet
}

func newBench1(t testing.TB, tweak func(*Config)) *bench1 {
	set := testSet(t, []uint64{1, 1, 1, 1})
	cfg := Config{ChainID: testChainID, Self: testAddr(0), Set: set, Genesis: testGenesis,
		Leader: roundRobin(set), Timeout: time.Second, ValidPayload: testValid}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Start(0)
	return &bench1{t: t, c: c, keys: newTestKeys(4), set: set}
}

func (b *bench1) sign(m Message) Message {
	m.Signature = b.keys.sign(m.From, m.SigningBytes())
	return m
}

func (b *bench1) vote(i int, view uint64, h Hash) Message {
	return b.sign(Message{Type: MsgVote, ChainID: testChainID, View: view, From: testAddr(i), Hash: h})
}

func (b *bench1) finalize(i int, view uint64, h Hash) Message {
	return b.sign(Message{Type: MsgFinalize, ChainID: testChainID, View: view, From: testAddr(i), Hash: h})
}

func (b *bench1) block(view uint64, parent BlockRef, payload string) Block {
	blk := Block{View: view, Height: parent.Height + 1, Parent: parent.Hash}
	if payload != "" {
		blk.Payload = []byte(payload)
	}
	blk.PayloadHash = DefaultPayloadHash(blk.Payload)
	return blk
}

func (b *bench1) proposal(i int, blk Block) Message {
	return b.sign(Message{Type: MsgProposal, ChainID: testChainID, View: blk.View, From: testAddr(i), Hash: blk.Hash(), Block: &blk})
}

func (b *bench1) cert(t MsgType, view uint64, h Hash, signers ...int) Certificate {
	c := Certificate{Type: t, ChainID: testChainID, View: view, Hash: h}
	for _, i := range signers {
		m := Message{Type: MsgVote, ChainID: testChainID, View: view, Hash: h}
		if t == MsgFinalization {
			m.Type = MsgFinalize
		}
		c.Sigs = append(c.Sigs, Sig{Signer: testAddr(i), Signature: b.keys.sign(testAddr(i), m.SigningBytes())})
	}
	return c
}

func (b *bench1) step(m Message) {
	b.t.Helper()
	if err := b.c.Step(m); err != nil {
		b.t.Fatalf("step %s of view %d: %v", m.Type, m.View, err)
	}
}

// drain takes the core's Ready as a node would (signing and handing back its
// own messages) and returns the messages it sent.
func (b *bench1) drain() (sent []Message, rd Ready) {
	for b.c.HasReady() {
		r := b.c.Ready()
		b.c.Advance()
		for _, m := range r.Messages {
			if m.NeedsSignature() {
				m = b.sign(m)
				if err := b.c.Step(m); err != nil {
					b.t.Fatalf("own %s handed back: %v", m.Type, err)
				}
			}
			sent = append(sent, m)
		}
		rd.NeedBlocks = append(rd.NeedBlocks, r.NeedBlocks...)
		rd.Final = append(rd.Final, r.Final...)
		rd.Evidence = append(rd.Evidence, r.Evidence...)
		if r.NeedPayload != nil {
			rd.NeedPayload = r.NeedPayload
		}
		rd.NextTimer = r.NextTimer
	}
	return sent, rd
}

func find(sent []Message, t MsgType, view uint64) []Message {
	var out []Message
	for _, m := range sent {
		if m.Type == t && m.View == view {
			out = append(out, m)
		}
	}
	return out
}

var genesisRef = BlockRef{Hash: testGenesis}

// dumpState prints everything a core holds, in a canonical order, so that
// tests can show an input changed nothing.
func dumpState(c *Core) string {
	var b strings.Builder
	msg := func(m *Message) string {
		if m == nil {
			return "-"
		}
		return fmt.Sprintf("%s/%d/%x/%x/%x", m.Type, m.View, m.From[19:], m.Hash[:4], m.Signature)
	}
	fmt.Fprintf(&b, "now %v started %v view %d target %d deadline %v final %+v\n", c.now, c.started, c.view, c.target, c.deadline, c.final)
	for _, v := range slices.Sorted(mapKeys(c.views)) {
		vs := c.views[v]
		fmt.Fprintf(&b, "view %d: proposal %s second %x block %x/%v bottom %v final %v own %v%v%v%v\n", v, msg(vs.proposal),
			vs.second[:4], vs.block[:4], vs.hasBlock, vs.bottom, vs.finalized != nil,
			vs.votedBlock, vs.votedBottom, vs.sentFinalize, vs.askedPayload)
		for _, a := range sortedAddrs(vs.signers) {
			r := vs.signers[a]
			fmt.Fprintf(&b, "  %x: %s %s %s caught %b\n", a[19:], msg(r.block), msg(r.bottom), msg(r.finalize), r.caught)
		}
		for name, tl := range map[string]map[Hash]*tally{"votes": vs.votes, "finalizes": vs.finalizes} {
			for _, h := range sortedHashes(tl) {
				fmt.Fprintf(&b, "  %s %x: %d/%d %x\n", name, h[:4], tl[h].stake, tl[h].signed, tl[h].voters)
			}
		}
		for _, h := range sortedHashes(vs.notarized) {
			fmt.Fprintf(&b, "  notarized %x cert %v forwarded %v\n", h[:4], vs.notarized[h] != nil, vs.forwarded[h])
		}
	}
	for _, h := range sortedHashes(c.blocks) {
		e := c.blocks[h]
		_, orphan := c.orphans[h]
		fmt.Fprintf(&b, "block %x view %d height %d linked %v valid %d orphan %v\n", h[:4], e.block.View, e.block.Height, e.linked, e.valid, orphan)
	}
	fmt.Fprintf(&b, "pending %v propose %+v highFinal %v\n", c.pending, c.propose, c.highFinal != nil)
	for _, h := range sortedHashes(c.requested) {
		fmt.Fprintf(&b, "requested %x %d\n", h[:4], c.requested[h])
	}
	for i := range c.out.Messages {
		fmt.Fprintf(&b, "out %s\n", msg(&c.out.Messages[i]))
	}
	fmt.Fprintf(&b, "out needBlocks %x final %d evidence %d needPayload %+v stats %+v\n", c.out.NeedBlocks, len(c.out.Final),
		len(c.out.Evidence), c.out.NeedPayload, c.stats)
	return b.String()
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func sortedHashes[V any](m map[Hash]V) []Hash {
	hs := slices.Collect(mapKeys(m))
	slices.SortFunc(hs, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return hs
}

func sortedAddrs[V any](m map[common.Address]V) []common.Address {
	as := slices.Collect(mapKeys(m))
	slices.SortFunc(as, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return as
}

// Bad input is refused with a typed error and changes nothing.
func TestBadInput(t *testing.T) {
	resumed := func(cfg *Config) {
		cfg.Resume = &Resume{Final: BlockRef{Hash: Hash{0xf1}, View: 200, Height: 100}, View: 201}
	}
	type tc struct {
		name  string
		cfg   func(*Config)
		setup func(b *bench1)
		input func(b *bench1) error
		want  error
	}
	h1 := func(b *bench1) Block { return b.block(1, genesisRef, "one") }
	step := func(m func(b *bench1) Message) func(b *bench1) error {
		return func(b *bench1) error { return b.c.Step(m(b)) }
	}
	cases := []tc{
		{name: "vote from a non-member", input: step(func(b *bench1) Message { return b.vote(5, 1, Hash{1}) }), want: ErrNotMember},
		{name: "finalize from a non-member", input: step(func(b *bench1) Message { return b.finalize(4, 1, Hash{1}) }), want: ErrNotMember},
		{name: "duplicate vote",
			setup: func(b *bench1) { b.step(b.vote(2, 1, Hash{1})) },
			input: step(func(b *bench1) Message { return b.vote(2, 1, Hash{1}) }), want: ErrDuplicate},
		{name: "duplicate ⊥ vote",
			setup: func(b *bench1) { b.step(b.vote(2, 1, Hash{})) },
			input: step(func(b *bench1) Message { return b.vote(2, 1, Hash{}) }), want: ErrDuplicate},
		{name: "duplicate finalize",
			setup: func(b *bench1) { b.step(b.finalize(2, 1, Hash{1})) },
			input: step(func(b *bench1) Message { return b.finalize(2, 1, Hash{1}) }), want: ErrDuplicate},
		{name: "third conflicting vote",
			setup: func(b *bench1) { b.step(b.vote(2, 1, Hash{1})); b.step(b.vote(2, 1, Hash{2})) },
			input: step(func(b *bench1) Message { return b.vote(2, 1, Hash{3}) }), want: ErrEquivocation},
		{name: "proposal from a non-leader", input: step(func(b *bench1) Message { return b.proposal(2, h1(b)) }), want: ErrNotLeader},
		{name: "vote too far ahead", input: step(func(b *bench1) Message { return b.vote(2, 1+DefaultMaxAhead+1, Hash{1}) }), want: ErrTooFarAhead},
		{name: "proposal too far ahead", input: step(func(b *bench1) Message {
			return b.proposal(3, b.block(DefaultMaxAhead+3, genesisRef, "far"))
		}), want: ErrTooFarAhead},
		{name: "vote too old", cfg: resumed, input: step(func(b *bench1) Message { return b.vote(2, 100, Hash{1}) }), want: ErrStale},
		{name: "certificate too old", cfg: resumed, input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, 100, Hash{1}, 1, 2, 3).Message()
		}), want: ErrStale},
		{name: "proposal of the wrong height", input: step(func(b *bench1) Message {
			blk := h1(b)
			blk.Height = 2
			return b.proposal(1, blk)
		}), want: ErrBadLinkage},
		{name: "proposal on a parent of a later view",
			setup: func(b *bench1) { b.step(b.proposal(3, b.block(3, genesisRef, "three"))) },
			input: step(func(b *bench1) Message {
				return b.proposal(2, b.block(2, b.block(3, genesisRef, "three").Ref(), "two"))
			}), want: ErrBadLinkage},
		{name: "payload hash mismatch", input: step(func(b *bench1) Message {
			blk := h1(b)
			blk.PayloadHash = Hash{9}
			return b.proposal(1, blk)
		}), want: ErrBadPayloadHash},
		{name: "invalid payload", input: step(func(b *bench1) Message { return b.proposal(1, b.block(1, genesisRef, "bad tx")) }), want: ErrInvalidPayload},
		{name: "payload over the cap", cfg: func(c *Config) { c.MaxPayload = 2 },
			input: step(func(b *bench1) Message { return b.proposal(1, h1(b)) }), want: ErrMalformed},
		{name: "third proposal",
			setup: func(b *bench1) {
				b.step(b.proposal(1, h1(b)))
				b.step(b.proposal(1, b.block(1, genesisRef, "twin")))
			},
			input: step(func(b *bench1) Message { return b.proposal(1, b.block(1, genesisRef, "triplet")) }), want: ErrEquivocation},
		{name: "wrong chain", input: step(func(b *bench1) Message {
			m := b.vote(2, 1, Hash{1})
			m.ChainID++
			return m
		}), want: ErrWrongChain},
		{name: "finalize of ⊥", input: step(func(b *bench1) Message { return b.finalize(2, 1, Hash{}) }), want: ErrMalformed},
		{name: "vote for view 0", input: step(func(b *bench1) Message { return b.vote(2, 0, Hash{1}) }), want: ErrMalformed},
		{name: "certificate beyond MaxView", input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, MaxView+1, Hash{1}, 1, 2, 3).Message()
		}), want: ErrMalformed},
		{name: "vote carrying a block", input: step(func(b *bench1) Message {
			m := b.vote(2, 1, Hash{1})
			blk := h1(b)
			m.Block = &blk
			return m
		}), want: ErrMalformed},
		{name: "proposal whose hash is not its block's", input: step(func(b *bench1) Message {
			m := b.proposal(1, h1(b))
			m.Hash = Hash{1}
			return m
		}), want: ErrMalformed},
		{name: "unknown type", input: step(func(b *bench1) Message {
			m := b.vote(2, 1, Hash{1})
			m.Type = 9
			return m
		}), want: ErrMalformed},
		{name: "certificate without a quorum", input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, 1, Hash{1}, 1, 2).Message()
		}), want: ErrNoQuorum},
		{name: "certificate with a non-member", input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, 1, Hash{1}, 1, 2, 5).Message()
		}), want: ErrNotMember},
		{name: "certificate signers out of order", input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, 1, Hash{1}, 2, 1, 3).Message()
		}), want: ErrMalformed},
		{name: "certificate with a signer twice", input: step(func(b *bench1) Message {
			return b.cert(MsgNotarization, 1, Hash{1}, 1, 2, 2).Message()
		}), want: ErrMalformed},
		{name: "finalization of ⊥", input: step(func(b *bench1) Message {
			return b.cert(MsgFinalization, 1, Hash{}, 1, 2, 3).Message()
		}), want: ErrMalformed},
		{name: "duplicate certificate",
			setup: func(b *bench1) { b.step(b.cert(MsgNotarization, 1, Hash{}, 1, 2, 3).Message()) },
			input: step(func(b *bench1) Message { return b.cert(MsgNotarization, 1, Hash{}, 0, 1, 3).Message() }), want: ErrDuplicate},
		{name: "added block with another block's notarization", input: func(b *bench1) error {
			return b.c.AddBlock(h1(b), b.cert(MsgNotarization, 1, Hash{1}, 1, 2, 3))
		}, want: ErrMalformed},
		{name: "added block with a finalization", input: func(b *bench1) error {
			return b.c.AddBlock(h1(b), b.cert(MsgFinalization, 1, h1(b).Hash(), 1, 2, 3))
		}, want: ErrMalformed},
		{name: "added block without a quorum", input: func(b *bench1) error {
			return b.c.AddBlock(h1(b), b.cert(MsgNotarization, 1, h1(b).Hash(), 1, 2))
		}, want: ErrNoQuorum},
		{name: "added block of the wrong height", input: func(b *bench1) error {
			blk := h1(b)
			blk.Height = 5
			return b.c.AddBlock(blk, b.cert(MsgNotarization, 1, blk.Hash(), 1, 2, 3))
		}, want: ErrBadLinkage},
		{name: "propose without a request", input: func(b *bench1) error { return b.c.Propose(1, []byte("x")) }, want: ErrNoPayloadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBench1(t, tc.cfg)
			if tc.setup != nil {
				tc.setup(b)
			}
			before := dumpState(b.c)
			err := tc.input(b)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if after := dumpState(b.c); after != before {
				t.Fatalf("refused input changed the state:\n--- before\n%s--- after\n%s", before, after)
			}
		})
	}
}

func TestNotStarted(t *testing.T) {
	set := testSet(t, []uint64{1, 1, 1, 1})
	c, err := New(Config{ChainID: testChainID, Self: testAddr(0), Set: set, Genesis: testGenesis, Leader: roundRobin(set), Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Step(Message{Type: MsgVote, ChainID: testChainID, View: 1, From: testAddr(1)}); !errors.Is(err, ErrNotStarted) {
		t.Fatalf("got %v", err)
	}
	for _, bad := range []Config{
		{Set: set, Timeout: time.Second},
		{Set: set, Leader: roundRobin(set)},
		{Leader: roundRobin(set), Timeout: time.Second},
		{Set: set, Leader: roundRobin(set), Timeout: time.Second, MaxPayload: MaxPayloadBytes + 1},
		{Set: set, Leader: roundRobin(set), Timeout: time.Second, Resume: &Resume{Final: BlockRef{View: 5}, View: 5}},
	} {
		if _, err := New(bad); err == nil {
			t.Fatalf("New accepted %+v", bad)
		}
	}
}

// The rules for ⊥ votes, block votes and Finalize, step by step.
func TestVotingRules(t *testing.T) {
	b1 := func(b *bench1) Block { return b.block(1, genesisRef, "one") }

	t.Run("block vote then ⊥ on timeout, no finalize", func(t *testing.T) {
		b := newBench1(t, nil)
		b.step(b.proposal(1, b1(b)))
		sent, _ := b.drain()
		if v := find(sent, MsgVote, 1); len(v) != 1 || v[0].Hash != b1(b).Hash() {
			t.Fatalf("want one vote for the proposal, sent %v", v)
		}
		b.c.Tick(time.Second)
		sent, _ = b.drain()
		// The timer also retransmits the block vote.
		if v := find(sent, MsgVote, 1); len(v) != 2 || v[0].Hash != b1(b).Hash() || v[1].Hash != (Hash{}) {
			t.Fatalf("want a ⊥ vote on timeout after the block vote, sent %v", v)
		}
		b.step(b.vote(1, 1, b1(b).Hash()))
		b.step(b.vote(2, 1, b1(b).Hash()))
		sent, _ = b.drain()
		if b.c.View() != 2 {
			t.Fatalf("view %d after the block was notarized", b.c.View())
		}
		if f := find(sent, MsgFinalize, 1); len(f) != 0 {
			t.Fatal("sent Finalize in a view it voted ⊥ in")
		}
		if n := find(sent, MsgNotarization, 1); len(n) != 1 || len(n[0].Sigs) != 3 {
			t.Fatalf("want the notarization multicast once with three signatures, got %v", n)
		}
	})

	t.Run("⊥ first, then no block vote", func(t *testing.T) {
		b := newBench1(t, nil)
		b.c.Tick(time.Second)
		b.drain()
		b.step(b.proposal(1, b1(b)))
		sent, _ := b.drain()
		if v := find(sent, MsgVote, 1); len(v) != 0 {
			t.Fatalf("voted for a block after voting ⊥: %v", v)
		}
		b.step(b.vote(1, 1, Hash{}))
		b.step(b.vote(2, 1, Hash{}))
		sent, _ = b.drain()
		if b.c.View() != 2 || len(find(sent, MsgFinalize, 1)) != 0 {
			t.Fatalf("view %d, finalizes %v", b.c.View(), find(sent, MsgFinalize, 1))
		}
	})

	t.Run("notarized without ⊥: finalize, then final", func(t *testing.T) {
		b := newBench1(t, nil)
		b.step(b.proposal(1, b1(b)))
		b.step(b.vote(1, 1, b1(b).Hash()))
		b.step(b.vote(3, 1, b1(b).Hash()))
		sent, _ := b.drain()
		if f := find(sent, MsgFinalize, 1); len(f) != 1 || f[0].Hash != b1(b).Hash() {
			t.Fatalf("want Finalize(1), sent %v", f)
		}
		b.step(b.finalize(1, 1, b1(b).Hash()))
		b.step(b.finalize(2, 1, b1(b).Hash()))
		sent, rd := b.drain()
		if len(rd.Final) != 1 || rd.Final[0].Block.Hash() != b1(b).Hash() {
			t.Fatalf("want block 1 final, got %d blocks", len(rd.Final))
		}
		if err := VerifyFinal(b.c.Checker(b.keys), genesisRef, rd.Final); err != nil {
			t.Fatal(err)
		}
		if len(find(sent, MsgFinalization, 1)) != 1 || b.c.FinalHeight() != 1 {
			t.Fatalf("finalization not multicast or height %d", b.c.FinalHeight())
		}
	})

	t.Run("second proposal is evidence, not voted", func(t *testing.T) {
		b := newBench1(t, nil)
		b.step(b.proposal(1, b1(b)))
		twin := b.block(1, genesisRef, "twin")
		b.step(b.proposal(1, twin))
		sent, rd := b.drain()
		if v := find(sent, MsgVote, 1); len(v) != 1 || v[0].Hash != b1(b).Hash() {
			t.Fatalf("want only a vote for the first proposal, sent %v", v)
		}
		if len(rd.Evidence) != 1 || rd.Evidence[0].Kind != EvidenceProposals || rd.Evidence[0].Signer != testAddr(1) {
			t.Fatalf("evidence %+v", rd.Evidence)
		}
		if err := b.c.Checker(b.keys).VerifyEvidence(rd.Evidence[0]); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("block vote and ⊥ from one signer is not evidence; finalize and ⊥ is", func(t *testing.T) {
		b := newBench1(t, nil)
		b.step(b.vote(2, 1, Hash{1}))
		b.step(b.vote(2, 1, Hash{}))
		if _, rd := b.drain(); len(rd.Evidence) != 0 {
			t.Fatalf("evidence for block + ⊥: %+v", rd.Evidence)
		}
		b.step(b.finalize(2, 1, Hash{1}))
		_, rd := b.drain()
		if len(rd.Evidence) != 1 || rd.Evidence[0].Kind != EvidenceFinalizeBottom {
			t.Fatalf("evidence %+v", rd.Evidence)
		}
		if err := b.c.Checker(b.keys).VerifyEvidence(rd.Evidence[0]); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("evidence from inside a certificate", func(t *testing.T) {
		b := newBench1(t, nil)
		b.step(b.vote(2, 1, Hash{1}))
		b.step(b.cert(MsgNotarization, 1, Hash{2}, 1, 2, 3).Message())
		_, rd := b.drain()
		if len(rd.Evidence) != 1 || rd.Evidence[0].Kind != EvidenceVotes || rd.Evidence[0].Signer != testAddr(2) {
			t.Fatalf("evidence %+v", rd.Evidence)
		}
	})

	t.Run("a certificate far ahead: jump, finalize, fetch", func(t *testing.T) {
		b := newBench1(t, nil)
		far := b.block(100, genesisRef, "far")
		b.step(b.cert(MsgNotarization, 100, far.Hash(), 1, 2, 3).Message())
		sent, rd := b.drain()
		if b.c.View() != 101 {
			t.Fatalf("view %d after a notarization of view 100", b.c.View())
		}
		if f := find(sent, MsgFinalize, 100); len(f) != 1 {
			t.Fatalf("want Finalize(100): %v", f)
		}
		if !slices.Contains(rd.NeedBlocks, far.Hash()) {
			t.Fatalf("want the block fetched, need %x", rd.NeedBlocks)
		}
		b.step(b.cert(MsgFinalization, 100, far.Hash(), 1, 2, 3).Message())
		if _, rd = b.drain(); len(rd.Final) != 0 {
			t.Fatal("final without the block")
		}
		if !b.c.Wants(far.Hash()) {
			t.Fatal("the core no longer wants a block it still waits for")
		}
		if err := b.c.AddBlock(far, b.cert(MsgNotarization, 100, far.Hash(), 1, 2, 3)); err != nil {
			t.Fatal(err)
		}
		if _, rd = b.drain(); len(rd.Final) != 1 || b.c.FinalHeight() != 1 {
			t.Fatalf("want the fetched block final: %d", len(rd.Final))
		}
		if b.c.Wants(far.Hash()) {
			t.Fatal("the core still wants a block it was given")
		}
	})

	t.Run("a notarized block's unknown ancestors are fetched", func(t *testing.T) {
		b := newBench1(t, nil)
		w := b.block(2, genesisRef, "two")
		x := b.block(3, w.Ref(), "three")
		b.step(b.cert(MsgNotarization, 3, x.Hash(), 1, 2, 3).Message())
		if _, rd := b.drain(); !slices.Equal(rd.NeedBlocks, []Hash{x.Hash()}) {
			t.Fatalf("need %x", rd.NeedBlocks)
		}
		if err := b.c.AddBlock(x, b.cert(MsgNotarization, 3, x.Hash(), 1, 2, 3)); err != nil {
			t.Fatal(err)
		}
		if _, rd := b.drain(); !slices.Equal(rd.NeedBlocks, []Hash{w.Hash()}) {
			t.Fatalf("want the parent asked for, need %x", rd.NeedBlocks)
		}
		if err := b.c.AddBlock(w, b.cert(MsgNotarization, 2, w.Hash(), 0, 1, 2)); err != nil {
			t.Fatal(err)
		}
		if e := b.c.blocks[x.Hash()]; e == nil || !e.linked {
			t.Fatal("block not linked once its parent arrived")
		}
		if len(b.c.requested) != 0 {
			t.Fatalf("requests left: %v", b.c.requested)
		}
	})

	t.Run("leader waits for a notarized chain, then proposes on it", func(t *testing.T) {
		b := newBench1(t, nil) // node 0 leads view 4
		blk1 := b1(b)
		b.step(b.proposal(1, blk1))
		b.step(b.cert(MsgNotarization, 1, blk1.Hash(), 1, 2, 3).Message())
		b.step(b.cert(MsgNotarization, 3, Hash{}, 1, 2, 3).Message())
		if _, rd := b.drain(); rd.NeedPayload != nil || b.c.View() != 4 {
			t.Fatalf("asked for a payload without a chain through view 2 (view %d)", b.c.View())
		}
		b.step(b.cert(MsgNotarization, 2, Hash{}, 1, 2, 3).Message())
		_, rd := b.drain()
		np := rd.NeedPayload
		if np == nil || np.View != 4 || np.Height != 2 || np.Parent != blk1.Hash() {
			t.Fatalf("need payload %+v", np)
		}
		if err := b.c.Propose(4, []byte("four")); err != nil {
			t.Fatal(err)
		}
		sent, _ := b.drain()
		p := find(sent, MsgProposal, 4)
		if len(p) != 1 || p[0].Block.Parent != blk1.Hash() || len(find(sent, MsgVote, 4)) != 1 {
			t.Fatalf("proposal %v, votes %v", p, find(sent, MsgVote, 4))
		}
		if err := b.c.Propose(4, []byte("again")); !errors.Is(err, ErrNoPayloadRequest) {
			t.Fatalf("second Propose: %v", err)
		}
	})
}

// Ready/Advance keep what the core produced between them.
func TestReadyAdvance(t *testing.T) {
	b := newBench1(t, nil)
	b.step(b.proposal(1, b.block(1, genesisRef, "one")))
	rd := b.c.Ready()
	if len(rd.Messages) != 1 || rd.NextTimer != time.Second {
		t.Fatalf("ready %+v", rd)
	}
	b.step(b.vote(2, 1, Hash{}))
	b.c.Tick(time.Second) // ⊥ vote produced before Advance
	b.c.Advance()
	rd = b.c.Ready()
	if len(rd.Messages) == 0 || rd.Messages[len(rd.Messages)-1].Hash != (Hash{}) || rd.NextTimer != 2*time.Second {
		t.Fatalf("lost output across Advance: %+v", rd)
	}
	b.c.Advance()
	if b.c.HasReady() {
		t.Fatal("ready after Advance")
	}
}
