package outputs

import (
	"context"
	"crypto/ecdsa"
	"io"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
)

const testChainID = 42069

// chainRoots is an L2's execution as the service sees it: the state root
// after each executed batch. Tests give honest and lying nodes different
// tables.
type chainRoots struct {
	mu    sync.Mutex
	roots map[uint64]common.Hash
	head  uint64
}

func newChainRoots(head uint64, salt string) *chainRoots {
	c := &chainRoots{roots: map[uint64]common.Hash{}}
	c.extend(head, salt)
	return c
}

func (c *chainRoots) extend(head uint64, salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for n := c.head + 1; n <= head; n++ {
		c.roots[n] = crypto.Keccak256Hash([]byte(salt), new(big.Int).SetUint64(n).Bytes())
	}
	c.head = max(c.head, head)
}

func (c *chainRoots) Head() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.head
}

func (c *chainRoots) OutputRoot(n uint64) (common.Hash, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.roots[n]
	return r, ok
}

type fixture struct {
	t     *testing.T
	ctx   context.Context
	l1    *bridge.Simulated
	addrs *bridge.Addresses
	vkeys []*ecdsa.PrivateKey
	fund  []*ecdsa.PrivateKey
	log   *slog.Logger
}

func newFixture(t *testing.T, validators int) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	alloc := types.GenesisAlloc{}
	for range 4 {
		k, _ := crypto.GenerateKey()
		f.fund = append(f.fund, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))}
	}
	var vals []bridge.Validator
	for range validators {
		k, _ := crypto.GenerateKey()
		f.vkeys = append(f.vkeys, k)
		vals = append(vals, bridge.Validator{Address: crypto.PubkeyToAddress(k.PublicKey), Stake: big.NewInt(1)})
	}
	l1, err := bridge.NewSimulated(bridge.WithAlloc(alloc), bridge.WithAutoCommit())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l1.Close() })
	f.l1 = l1
	if f.addrs, err = bridge.Deploy(f.ctx, l1, f.fund[0], bridge.DevDeployParams(testChainID, vals)); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) service(l2 L2, key *ecdsa.PrivateKey, submitter *ecdsa.PrivateKey, reg prometheus.Registerer) *Service {
	f.t.Helper()
	cfg := Config{
		L1: f.l1, StateCommitmentChain: f.addrs.StateCommitmentChain, L2ChainID: testChainID,
		Interval: 4, L2: l2, Key: key, Log: f.log, Registerer: reg,
	}
	if submitter != nil {
		snd, err := bridge.NewSender(f.ctx, bridge.SenderConfig{L1: f.l1, Key: submitter, Log: f.log})
		if err != nil {
			f.t.Fatal(err)
		}
		cfg.Sender = snd
	}
	s, err := New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixture) step(ss ...*Service) {
	f.t.Helper()
	for _, s := range ss {
		if err := s.Step(f.ctx); err != nil {
			f.t.Fatal(err)
		}
	}
}

// gossip hands every validator's own signatures to the others, as the topic
// would.
func gossipAll(t *testing.T, ss ...*Service) {
	t.Helper()
	var msgs [][]byte
	for _, s := range ss {
		s.mu.Lock()
		for r, byRoot := range s.pool {
			for root, sigs := range byRoot {
				if sig, ok := sigs[s.self]; ok && s.cfg.Key != nil {
					msgs = append(msgs, (&Signed{StartBatch: r.Start, EndBatch: r.End, OutputRoot: root, Signature: sig}).Marshal())
				}
			}
		}
		s.mu.Unlock()
	}
	for _, s := range ss {
		for _, m := range msgs {
			if err := s.Deliver(m); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func (f *fixture) l1Root(i uint64) bindings.StateCommitmentChainStateRoot {
	f.t.Helper()
	scc := bindings.NewStateCommitmentChain()
	r, err := bind.Call(scc.Instance(f.l1, f.addrs.StateCommitmentChain), nil, scc.PackGetRoot(new(big.Int).SetUint64(i)), scc.UnpackGetRoot)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// TestRootsReachL1AtThreshold: four validators of equal stake sign the
// ranges they executed; a relayer submits a root only once three of them
// signed it, in order, and the roots on L1 are the validators' own. After
// the challenge window the batches count as finalized.
func TestRootsReachL1AtThreshold(t *testing.T) {
	f := newFixture(t, 4)
	l2 := newChainRoots(9, "honest") // ranges 1..4 and 5..8 executed, 9..12 not yet
	var vals []*Service
	for _, k := range f.vkeys {
		vals = append(vals, f.service(l2, k, nil, nil))
	}
	reg := prometheus.NewRegistry()
	relayer := f.service(l2, nil, f.fund[1], reg)

	// Two signatures of four: below two thirds, nothing is submitted.
	f.step(vals[0], vals[1], relayer)
	gossipAll(t, vals[0], vals[1], relayer)
	f.step(relayer)
	if st := relayer.Status(); st.L1Roots != 0 || len(st.Pending) != 2 {
		t.Fatalf("below the threshold: %d roots on L1, %d pending", st.L1Roots, len(st.Pending))
	}
	// The third signature carries both ranges.
	f.step(vals[2])
	gossipAll(t, vals[0], vals[1], vals[2], relayer)
	f.step(relayer)
	st := relayer.Status()
	if st.L1Roots != 2 || st.NextBatch != 9 || st.CommittedBatch != 8 {
		t.Fatalf("after the threshold: %+v", st)
	}
	for i, want := range []Range{{1, 4}, {5, 8}} {
		r := f.l1Root(uint64(i))
		local, _ := l2.OutputRoot(want.End)
		if r.StartBatch != want.Start || r.EndBatch != want.End || r.OutputRoot != local {
			t.Fatalf("root %d: %+v, want %s with %s", i, r, want, local)
		}
	}
	if got := testutil.ToFloat64(relayer.m.submitted); got != 2 {
		t.Fatalf("submitted %v roots", got)
	}
	if st.FinalizedBatch != 0 {
		t.Fatalf("finalized %d inside the challenge window", st.FinalizedBatch)
	}
	if err := f.l1.AdjustTime(11 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.step(relayer)
	if _, fin, _ := relayer.Heads(); fin != 8 {
		t.Fatalf("finalized batch %d after the window, want 8", fin)
	}
	// Pending signatures of committed ranges are gone.
	if st := relayer.Status(); len(st.Pending) != 0 {
		t.Fatalf("pending after commit: %+v", st.Pending)
	}
	// Validators compare and agree.
	f.step(vals...)
	for i, v := range vals {
		if st := v.Status(); len(st.Mismatches) != 0 || st.CommittedBatch != 8 || !st.InValidatorSet || st.RootsAhead != 0 {
			t.Fatalf("validator %d: %+v", i, st)
		}
	}
	// A node that executed only the first range sees the second root past
	// its head: it can neither check nor dispute it, and says so.
	lagReg := prometheus.NewRegistry()
	lagging := f.service(newChainRoots(4, "honest"), nil, nil, lagReg)
	f.step(lagging)
	if st := lagging.Status(); st.RootsAhead != 1 || len(st.Mismatches) != 0 {
		t.Fatalf("lagging node: %d roots ahead, mismatches %+v; want 1 and none", st.RootsAhead, st.Mismatches)
	}
	if got := testutil.ToFloat64(lagging.m.ahead); got != 1 {
		t.Fatalf("roots-ahead gauge %v, want 1", got)
	}
}

// TestMismatchAlert: three validators sign a root the fourth did not
// compute. L1 takes it (they hold the threshold); the fourth reports the
// signatures as conflicts on arrival and the L1 root as a mismatch.
func TestMismatchAlert(t *testing.T) {
	f := newFixture(t, 4)
	lying := newChainRoots(4, "lie")
	honest := newChainRoots(4, "honest")
	var liars []*Service
	for _, k := range f.vkeys[:3] {
		liars = append(liars, f.service(lying, k, nil, nil))
	}
	reg := prometheus.NewRegistry()
	watcher := f.service(honest, f.vkeys[3], nil, reg)
	relayer := f.service(lying, nil, f.fund[1], nil)
	f.step(append(liars, watcher, relayer)...)
	gossipAll(t, append(liars, watcher, relayer)...)
	f.step(relayer, watcher)
	st := watcher.Status()
	if len(st.Mismatches) != 1 {
		t.Fatalf("mismatches %+v", st.Mismatches)
	}
	mm := st.Mismatches[0]
	want, _ := honest.OutputRoot(4)
	lie, _ := lying.OutputRoot(4)
	if mm.Index != 0 || mm.End != 4 || mm.Local != want || mm.L1Root != lie {
		t.Fatalf("mismatch %+v", mm)
	}
	if len(st.Conflicts) != 3 {
		t.Fatalf("conflicts %+v", st.Conflicts)
	}
	if got := testutil.ToFloat64(watcher.m.mismatches); got != 1 {
		t.Fatalf("mismatch metric %v", got)
	}
	// Reported once, however often it steps.
	f.step(watcher, watcher)
	if got := len(watcher.Status().Mismatches); got != 1 {
		t.Fatalf("%d mismatches after more steps", got)
	}
	// It does not build on the wrong root: the next range, executed, stays
	// unsigned (the liars, who agree with the root, sign theirs).
	honest.extend(8, "honest")
	lying.extend(8, "lie")
	f.step(append(liars, watcher)...)
	if st := watcher.Status(); st.SignedBatch != 4 {
		t.Fatalf("the honest validator signed up to batch %d on top of a wrong root, want 4", st.SignedBatch)
	}
	if st := liars[0].Status(); st.SignedBatch != 8 {
		t.Fatalf("a liar signed up to batch %d, want 8", st.SignedBatch)
	}
}

// TestBadSignaturesRefused: signatures from outside the validator set, for
// another chain, high-S or malformed, never enter the pool.
func TestBadSignaturesRefused(t *testing.T) {
	f := newFixture(t, 4)
	l2 := newChainRoots(4, "honest")
	s := f.service(l2, nil, nil, nil)
	root, _ := l2.OutputRoot(4)
	if err := s.Deliver((&Signed{StartBatch: 1, EndBatch: 4, OutputRoot: root, Signature: make([]byte, 65)}).Marshal()); err == nil {
		t.Fatal("accepted before the validator set was read")
	}
	f.step(s)
	outsider, _ := crypto.GenerateKey()
	sign := func(k *ecdsa.PrivateKey, chain uint64) []byte {
		sig, err := bridge.SignOutputRoot(k, chain, 1, 4, root)
		if err != nil {
			t.Fatal(err)
		}
		return sig.Signature
	}
	highS := func(sig []byte) []byte {
		out := append([]byte(nil), sig...)
		sv := new(big.Int).SetBytes(out[32:64])
		new(big.Int).Sub(crypto.S256().Params().N, sv).FillBytes(out[32:64])
		out[64] ^= 1
		return out
	}
	good := sign(f.vkeys[0], testChainID)
	cases := map[string][]byte{
		"outsider":      (&Signed{1, 4, root, sign(outsider, testChainID)}).Marshal(),
		"another chain": (&Signed{1, 4, root, sign(f.vkeys[0], testChainID+1)}).Marshal(),
		"high S":        (&Signed{1, 4, root, highS(good)}).Marshal(),
		"short sig":     (&Signed{1, 4, root, good[:64]}).Marshal(),
		"range 0":       (&Signed{0, 4, root, good}).Marshal(),
		"backwards":     (&Signed{4, 1, root, good}).Marshal(),
		"zero root":     (&Signed{1, 4, common.Hash{}, good}).Marshal(),
		"garbage":       {0xc0, 0x01},
		"oversized":     make([]byte, MaxMessage+1),
		"another range": (&Signed{1, 8, root, good}).Marshal(), // recovers to someone else
	}
	for name, payload := range cases {
		if err := s.Deliver(payload); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if st := s.Status(); len(st.Pending) != 0 {
		t.Fatalf("pool took bad signatures: %+v", st.Pending)
	}
	if err := s.Deliver((&Signed{1, 4, root, good}).Marshal()); err != nil {
		t.Fatalf("a good signature refused: %v", err)
	}
}

// TestTwoRelayers: two relayers with the same signatures submit the same
// root; L1 takes it once and the second relayer counts it as done, not as a
// failure.
func TestTwoRelayers(t *testing.T) {
	f := newFixture(t, 4)
	l2 := newChainRoots(4, "honest")
	var vals []*Service
	for _, k := range f.vkeys {
		vals = append(vals, f.service(l2, k, nil, nil))
	}
	a := f.service(l2, nil, f.fund[1], nil)
	b := f.service(l2, nil, f.fund[2], nil)
	f.step(vals...)
	f.step(a, b) // both read L1 before either submits
	gossipAll(t, append(vals, a, b)...)
	f.step(a, b)
	if st := b.Status(); st.L1Roots != 1 || st.LastError != "" {
		t.Fatalf("second relayer: %+v", st)
	}
	if got := testutil.ToFloat64(a.m.submitted) + testutil.ToFloat64(b.m.submitted); got != 1 {
		t.Fatalf("%v submissions landed", got)
	}
}

// TestOffGridRange: when L1 expects a batch off the grid (a root submitted
// by hand for 1..2), validators sign from it to the next grid boundary.
func TestOffGridRange(t *testing.T) {
	f := newFixture(t, 1)
	l2 := newChainRoots(8, "honest")
	root2, _ := l2.OutputRoot(2)
	sig, err := bridge.SignOutputRoot(f.vkeys[0], testChainID, 1, 2, root2)
	if err != nil {
		t.Fatal(err)
	}
	snd, err := bridge.NewSender(f.ctx, bridge.SenderConfig{L1: f.l1, Key: f.fund[3], Log: f.log})
	if err != nil {
		t.Fatal(err)
	}
	scc := bindings.NewStateCommitmentChain()
	if _, err := snd.Send(f.ctx, f.addrs.StateCommitmentChain, scc.PackSubmitStateRoot(big.NewInt(1), big.NewInt(2), root2, [][]byte{sig.Signature}), nil, 0); err != nil {
		t.Fatal(err)
	}
	v := f.service(l2, f.vkeys[0], f.fund[1], nil)
	f.step(v)
	st := v.Status()
	if st.NextBatch != 9 || st.L1Roots != 3 {
		t.Fatalf("after the off-grid root: %+v", st)
	}
	if r := f.l1Root(1); r.StartBatch != 3 || r.EndBatch != 4 {
		t.Fatalf("root 1 covers %d..%d, want 3..4", r.StartBatch, r.EndBatch)
	}
}

// TestKeepsRecentRoots: a node that starts late reads only the last roots
// (older ones are past any challenge window), keeps counting every root on
// L1, and compares the ones it keeps.
func TestKeepsRecentRoots(t *testing.T) {
	f := newFixture(t, 1)
	l2 := newChainRoots(16, "honest")
	v := f.service(l2, f.vkeys[0], f.fund[1], nil)
	f.step(v)
	if st := v.Status(); st.L1Roots != 4 || st.CommittedBatch != 16 {
		t.Fatalf("after four ranges: %+v", st)
	}
	late := f.service(newChainRoots(16, "other"), nil, nil, nil)
	late.keep = 2
	f.step(late)
	st := late.Status()
	if st.L1Roots != 4 || st.CommittedBatch != 16 || late.base != 2 || len(late.roots) != 2 {
		t.Fatalf("late node: %d roots on L1, base %d, kept %d", st.L1Roots, late.base, len(late.roots))
	}
	if len(st.Mismatches) != 2 || st.Mismatches[0].Index != 2 || st.Mismatches[1].End != 16 {
		t.Fatalf("mismatches of the kept roots: %+v", st.Mismatches)
	}
}
