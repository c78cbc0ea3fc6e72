package consensus

import (
	"bytes"
	"cmp"
	"container/heap"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// A deterministic discrete-event network that drives N cores the way a node
// does: virtual clock, per-message delays, loss, partitions, crashes, block
// fetching, and Byzantine nodes that sign whatever they like.

const testChainID = 7

// testAddr is validator i's address.
func testAddr(i int) common.Address {
	var a common.Address
	a[0] = 0xA0
	a[19] = byte(i + 1)
	return a
}

var testGenesis = Hash{0x6e, 0x65, 0x73, 0x69, 0x73}

// testKeys is a stand-in signature scheme: a signature is SHA-256 of the
// signer's secret and the message. Only the sim knows the secrets.
type testKeys struct{ secret map[common.Address][32]byte }

func newTestKeys(n int) *testKeys {
	k := &testKeys{secret: make(map[common.Address][32]byte)}
	for i := range n + 2 { // two spare keys for non-members
		k.secret[testAddr(i)] = sha256.Sum256([]byte(fmt.Sprintf("secret %d", i)))
	}
	return k
}

func (k *testKeys) sign(a common.Address, msg []byte) []byte {
	s := k.secret[a]
	h := sha256.New()
	h.Write(s[:])
	h.Write(msg)
	return h.Sum(nil)
}

func (k *testKeys) Verify(a common.Address, msg, sig []byte) bool {
	if _, ok := k.secret[a]; !ok {
		return false
	}
	return bytes.Equal(k.sign(a, msg), sig)
}

func testSet(t testing.TB, stakes []uint64) *ValidatorSet {
	vals := make([]Validator, len(stakes))
	for i, s := range stakes {
		vals[i] = Validator{Address: testAddr(i), Stake: s}
	}
	set, err := NewValidatorSet(vals)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// roundRobin leads view v with validator v mod n (by address order).
func roundRobin(set *ValidatorSet) func(uint64) common.Address {
	vals := set.Validators()
	return func(v uint64) common.Address { return vals[v%uint64(len(vals))].Address }
}

// testValid refuses payloads that start with "bad".
func testValid(height uint64, parent Hash, payload []byte) error {
	if bytes.HasPrefix(payload, []byte("bad")) {
		return errors.New("bad payload")
	}
	return nil
}

type simParams struct {
	stakes             []uint64
	timeout            time.Duration
	minDelay, maxDelay time.Duration
	loss               float64
	maxAhead           uint64
	seed               uint64
	byzantine          map[int]*adversary
}

type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type eventQueue []*event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].seq < q[j].seq)
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

type simNode struct {
	i        int
	addr     common.Address
	core     *Core
	byz      *adversary
	crashed  bool
	final    []FinalBlock
	finalAt  []time.Duration
	store    map[Hash]FinalBlock
	timer    time.Duration
	signed   uint64 // the highest view this node signed anything in
	evidence []Evidence
}

type sim struct {
	t        testing.TB
	p        simParams
	rng      *rand.Rand
	now      time.Duration
	queue    eventQueue
	seq      uint64
	nodes    []*simNode
	set      *ValidatorSet
	keys     *testKeys
	checker  Checker
	leader   func(uint64) common.Address
	group    []int // partition: nodes in different groups cannot talk; nil = healed
	loss     float64
	minDelay time.Duration
	maxDelay time.Duration
	heights  map[uint64]Hash // final block per height, across honest nodes
	errs     map[string]int
	msgs     int
}

func newSim(t testing.TB, p simParams) *sim {
	s := &sim{
		t: t, p: p, rng: rand.New(rand.NewPCG(p.seed, p.seed^0x9e3779b97f4a7c15)),
		set: testSet(t, p.stakes), keys: newTestKeys(len(p.stakes)),
		loss: p.loss, minDelay: p.minDelay, maxDelay: p.maxDelay,
		heights: make(map[uint64]Hash), errs: make(map[string]int),
	}
	s.leader = roundRobin(s.set)
	s.checker = Checker{ChainID: testChainID, Set: s.set, Verifier: s.keys}
	for i := range p.stakes {
		core, err := New(s.config(i, nil))
		if err != nil {
			t.Fatal(err)
		}
		n := &simNode{i: i, addr: testAddr(i), core: core, byz: p.byzantine[i], store: make(map[Hash]FinalBlock)}
		if n.byz != nil {
			n.byz.seen = make(map[uint64][]Hash)
		}
		s.nodes = append(s.nodes, n)
	}
	for _, n := range s.nodes {
		s.at(0, func() { n.core.Start(s.now); s.drain(n) })
	}
	return s
}

func (s *sim) config(i int, resume *Resume) Config {
	return Config{
		ChainID: testChainID, Self: testAddr(i), Set: s.set, Genesis: testGenesis,
		Leader: s.leader, Timeout: s.p.timeout, ValidPayload: testValid, MaxAhead: s.p.maxAhead, Resume: resume,
	}
}

// restart brings a crashed node back with a fresh core that resumes from
// its last final block, above every view it signed in.
func (s *sim) restart(i int) {
	n := s.nodes[i]
	final := BlockRef{Hash: testGenesis}
	if len(n.final) > 0 {
		final = n.final[len(n.final)-1].Block.Ref()
	}
	core, err := New(s.config(i, &Resume{Final: final, View: max(n.signed, final.View) + 1}))
	if err != nil {
		s.t.Fatal(err)
	}
	n.core, n.crashed, n.timer = core, false, 0
	core.Start(s.now)
	s.drain(n)
}

func (s *sim) at(t time.Duration, fn func()) {
	s.seq++
	heap.Push(&s.queue, &event{at: t, seq: s.seq, fn: fn})
}

// run processes events up to virtual time end, or until stop returns true
// (checked after each event).
func (s *sim) run(end time.Duration, stop func() bool) {
	for s.queue.Len() > 0 && s.queue[0].at <= end {
		e := heap.Pop(&s.queue).(*event)
		s.now = e.at
		e.fn()
		if stop != nil && stop() {
			return
		}
	}
	s.now = max(s.now, end)
}

func (s *sim) honest(n *simNode) bool { return n.byz == nil }

func (s *sim) linked(from, to int) bool {
	return s.group == nil || s.group[from] == s.group[to]
}

func (s *sim) delay() time.Duration {
	return s.minDelay + time.Duration(s.rng.Int64N(int64(s.maxDelay-s.minDelay)+1))
}

// send delivers m from node from to node to after a random delay, unless
// lost or cut off.
func (s *sim) send(from, to int, m Message, extra time.Duration) {
	if !s.linked(from, to) || (s.loss > 0 && s.rng.Float64() < s.loss) {
		return
	}
	n := s.nodes[to]
	s.msgs++
	s.at(s.now+s.delay()+extra, func() { s.deliver(n, from, m) })
}

func (s *sim) broadcast(from *simNode, m Message, extra time.Duration) {
	for to := range s.nodes {
		if to != from.i {
			s.send(from.i, to, m, extra)
		}
	}
}

func (s *sim) deliver(n *simNode, from int, m Message) {
	if n.crashed {
		return
	}
	if err := s.checker.VerifyMessage(&m); err != nil {
		s.t.Fatalf("node %d: message from node %d fails verification: %v", n.i, from, err)
	}
	if n.byz != nil && m.Type == MsgProposal {
		n.byz.saw(m.View, m.Hash)
	}
	n.core.Tick(s.now)
	err := n.core.Step(m)
	s.note(n, s.nodes[from], m, err)
	s.drain(n)
}

// note checks Step's verdict: an honest sender's messages may only be
// refused as benign.
func (s *sim) note(n, from *simNode, m Message, err error) {
	if err == nil {
		return
	}
	s.errs[errKind(err)]++
	if s.honest(from) && !Benign(err) {
		s.t.Fatalf("node %d refused a %s of view %d from honest node %d: %v", n.i, m.Type, m.View, from.i, err)
	}
}

func errKind(err error) string {
	for _, e := range []error{ErrMalformed, ErrWrongChain, ErrNotMember, ErrNotLeader, ErrStale, ErrTooFarAhead,
		ErrDuplicate, ErrEquivocation, ErrBadLinkage, ErrBadPayloadHash, ErrInvalidPayload, ErrNoQuorum,
		ErrNoPayloadRequest, ErrNotStarted} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return err.Error()
}

// drain does what a node does with Ready until the core is quiet.
func (s *sim) drain(n *simNode) {
	for n.core.HasReady() {
		rd := n.core.Ready()
		n.core.Advance()
		for _, m := range rd.Messages {
			if m.NeedsSignature() {
				n.signed = max(n.signed, m.View)
				m.Signature = s.keys.sign(n.addr, m.SigningBytes())
				if err := n.core.Step(m); err != nil {
					s.t.Fatalf("node %d: own %s of view %d handed back: %v", n.i, m.Type, m.View, err)
				}
			}
			if n.byz != nil {
				s.byzantineSend(n, m)
			} else {
				s.broadcast(n, m, 0)
			}
		}
		if np := rd.NeedPayload; np != nil {
			payload := []byte(fmt.Sprintf("view %d by %d", np.View, n.i))
			if err := n.core.Propose(np.View, payload); err != nil && !Benign(err) {
				s.t.Fatalf("node %d: propose: %v", n.i, err)
			}
		}
		for _, h := range rd.NeedBlocks {
			s.fetch(n, h)
		}
		for _, f := range rd.Final {
			s.onFinal(n, f)
		}
		for _, e := range rd.Evidence {
			if s.honest(s.nodes[int(e.Signer[19])-1]) {
				s.t.Fatalf("node %d: evidence (%s) against honest node %s in view %d", n.i, e.Kind, e.Signer, e.View)
			}
			if err := s.checker.VerifyEvidence(e); err != nil {
				s.t.Fatalf("node %d: evidence does not verify: %v", n.i, err)
			}
			n.evidence = append(n.evidence, e)
		}
		if at := rd.NextTimer; at != 0 && at != n.timer {
			n.timer = at
			s.at(at, func() {
				if n.timer == at && !n.crashed {
					n.core.Tick(s.now)
					s.drain(n)
				}
			})
		}
	}
}

// fetch models a block request to peers: a random reachable peer that has
// the block answers after a round trip.
func (s *sim) fetch(n *simNode, h Hash) {
	s.at(s.now+s.delay(), func() {
		if n.crashed {
			return
		}
		for _, j := range s.rng.Perm(len(s.nodes)) {
			peer := s.nodes[j]
			if j == n.i || peer.crashed || !s.linked(n.i, j) {
				continue
			}
			b, cert, ok := peer.core.Block(h)
			if !ok {
				f, found := peer.store[h]
				b, cert, ok = f.Block, f.Notarization, found
			}
			if !ok {
				continue
			}
			s.at(s.now+s.delay(), func() {
				if n.crashed {
					return
				}
				if err := s.checker.VerifyCertificate(cert); err != nil {
					s.t.Fatalf("fetched notarization does not verify: %v", err)
				}
				n.core.Tick(s.now)
				err := n.core.AddBlock(b, cert)
				if err != nil && !Benign(err) {
					s.t.Fatalf("node %d: AddBlock of a fetched block: %v", n.i, err)
				}
				s.drain(n)
			})
			return
		}
	})
}

func (s *sim) onFinal(n *simNode, f FinalBlock) {
	b := f.Block
	if want := uint64(len(n.final)) + 1; b.Height != want {
		s.t.Fatalf("node %d: final block of height %d, want %d", n.i, b.Height, want)
	}
	h := b.Hash()
	if s.honest(n) {
		if prev, ok := s.heights[b.Height]; ok && prev != h {
			s.t.Fatalf("SAFETY: two final blocks at height %d (node %d)", b.Height, n.i)
		}
		s.heights[b.Height] = h
	}
	n.final = append(n.final, f)
	n.finalAt = append(n.finalAt, s.now)
	n.store[h] = f
}

func (s *sim) crash(i int) { s.nodes[i].crashed = true }

// partition splits nodes into groups (group[i] is node i's side); nil heals.
func (s *sim) partition(group []int) { s.group = group }

// checkChains verifies every honest node's final chain with VerifyFinal and
// checks that each is a prefix of the longest.
func (s *sim) checkChains() {
	var longest []FinalBlock
	for _, n := range s.nodes {
		if s.honest(n) && len(n.final) > len(longest) {
			longest = n.final
		}
	}
	for _, n := range s.nodes {
		if !s.honest(n) {
			continue
		}
		if c := n.core.Stats().Conflicts; c != 0 {
			s.t.Fatalf("SAFETY: node %d saw %d finalizations that contradict its final chain", n.i, c)
		}
		if err := VerifyFinal(s.checker, BlockRef{Hash: testGenesis}, n.final); err != nil {
			s.t.Fatalf("node %d: final chain does not verify: %v", n.i, err)
		}
		for i := range n.final {
			if n.final[i].Block.Hash() != longest[i].Block.Hash() {
				s.t.Fatalf("SAFETY: node %d's final chain is not a prefix of another's at height %d", n.i, i+1)
			}
		}
	}
}

func (s *sim) minFinal() int {
	m := -1
	for _, n := range s.nodes {
		if s.honest(n) && !n.crashed && (m < 0 || len(n.final) < m) {
			m = len(n.final)
		}
	}
	return m
}

// adversary makes a Byzantine node deviate. It runs an honest core for its
// bookkeeping and rewrites what that core sends: equivocating proposals,
// votes for every proposal it saw, ⊥ votes next to block votes, Finalize
// next to ⊥, dropped and delayed messages.
type adversary struct {
	equivocate     float64 // as leader, send two proposals to two halves
	fork           float64 // as leader, build on an older block than the tip
	voteAll        float64 // vote for (and finalize) every proposal seen in the view
	bottomAndBlock float64 // vote ⊥ as well as for a block
	finalizeBottom float64 // send Finalize next to ⊥
	drop           float64
	delay          time.Duration // extra delay, up to
	seen           map[uint64][]Hash
}

func (a *adversary) saw(view uint64, h Hash) {
	for _, x := range a.seen[view] {
		if x == h {
			return
		}
	}
	a.seen[view] = append(a.seen[view], h)
}

func (s *sim) signed(n *simNode, m Message) Message {
	m.Signature = s.keys.sign(n.addr, m.SigningBytes())
	return m
}

func (s *sim) byzantineSend(n *simNode, m Message) {
	a := n.byz
	extra := time.Duration(0)
	if a.delay > 0 {
		extra = time.Duration(s.rng.Int64N(int64(a.delay)))
	}
	if s.rng.Float64() < a.drop {
		return
	}
	vote := func(view uint64, h Hash) Message {
		return s.signed(n, Message{Type: MsgVote, ChainID: testChainID, View: view, From: n.addr, Hash: h})
	}
	switch m.Type {
	case MsgProposal:
		if s.rng.Float64() < a.fork {
			if m2, ok := s.forkProposal(n, m); ok {
				m = m2
			}
		}
		a.saw(m.View, m.Hash)
		if s.rng.Float64() < a.equivocate {
			b2 := *m.Block
			b2.Payload = append(bytes.Clone(b2.Payload), []byte(" twin")...)
			b2.PayloadHash = DefaultPayloadHash(b2.Payload)
			m2 := m
			m2.Block, m2.Hash = &b2, b2.Hash()
			m2 = s.signed(n, m2)
			a.saw(m.View, m2.Hash)
			for to := range s.nodes {
				if to == n.i {
					continue
				}
				if s.rng.IntN(2) == 0 {
					s.send(n.i, to, m, extra)
				} else {
					s.send(n.i, to, m2, extra)
				}
			}
			s.broadcast(n, vote(m.View, m2.Hash), extra)
			return
		}
	case MsgVote:
		if m.Hash != (Hash{}) {
			if s.rng.Float64() < a.voteAll {
				for _, h := range a.seen[m.View] {
					if h != m.Hash {
						s.broadcast(n, vote(m.View, h), extra)
					}
				}
			}
			if s.rng.Float64() < a.bottomAndBlock {
				s.broadcast(n, vote(m.View, Hash{}), extra)
			}
		} else if seen := a.seen[m.View]; len(seen) > 0 && s.rng.Float64() < a.finalizeBottom {
			f := s.signed(n, Message{Type: MsgFinalize, ChainID: testChainID, View: m.View, From: n.addr, Hash: seen[0]})
			s.broadcast(n, f, extra)
		}
	case MsgFinalize:
		if s.rng.Float64() < a.finalizeBottom {
			s.broadcast(n, vote(m.View, Hash{}), extra)
		}
		for _, h := range a.seen[m.View] {
			if h != m.Hash && s.rng.Float64() < a.voteAll {
				f := s.signed(n, Message{Type: MsgFinalize, ChainID: testChainID, View: m.View, From: n.addr, Hash: h})
				s.broadcast(n, f, extra)
			}
		}
	}
	s.broadcast(n, m, extra)
}

// forkProposal rebuilds a leader's proposal on a random older block the
// Byzantine node knows (final or not), with a correct height: honest nodes
// must refuse to vote for it unless every view in between is notarized ⊥.
func (s *sim) forkProposal(n *simNode, m Message) (Message, bool) {
	var cands []BlockRef
	for i := len(n.final) - 1; i >= 0 && i >= len(n.final)-8; i-- {
		cands = append(cands, n.final[i].Block.Ref())
	}
	if len(n.final) < 8 {
		cands = append(cands, BlockRef{Hash: testGenesis})
	}
	for h, e := range n.core.blocks {
		if e.block.View < m.View && h != m.Block.Parent {
			cands = append(cands, e.ref())
		}
	}
	if len(cands) == 0 {
		return m, false
	}
	// Map order is random: sort for a deterministic pick.
	slices.SortFunc(cands, func(a, b BlockRef) int { return cmp.Compare(a.View, b.View) })
	p := cands[s.rng.IntN(len(cands))]
	b := Block{View: m.View, Height: p.Height + 1, Parent: p.Hash, Payload: []byte(fmt.Sprintf("fork %d", m.View))}
	b.PayloadHash = DefaultPayloadHash(b.Payload)
	m.Block, m.Hash = &b, b.Hash()
	return s.signed(n, m), true
}
