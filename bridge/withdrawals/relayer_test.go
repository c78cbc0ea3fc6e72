package withdrawals_test

import (
	"context"
	"crypto/ecdsa"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/bridge/bridgetest"
	"github.com/l2node/l2node/bridge/withdrawals"
)

// env is a simulated L1 with the contracts and an escrow to pay from, and
// the real L2 executor behind its JSON-RPC.
type env struct {
	t  *testing.T
	l1 *bridgetest.L1
	l2 *bridgetest.L2
}

func newEnv(t *testing.T) *env {
	t.Helper()
	l1 := bridgetest.NewL1(t, bridgetest.L1Options{Fund: []common.Address{
		bridgetest.Addr(bridgetest.Key("relayer-a")), bridgetest.Addr(bridgetest.Key("relayer-b")),
	}})
	l1.Escrow(bridgetest.Ether(100))
	return &env{t: t, l1: l1, l2: bridgetest.NewL2(t)}
}

// relayer opens a relayer sending from key with its progress in dir.
func (e *env) relayer(key *ecdsa.PrivateKey, dir string, reg prometheus.Registerer) *withdrawals.Relayer {
	e.t.Helper()
	s, err := bridge.NewSender(context.Background(), bridge.SenderConfig{L1: e.l1.Sim, Key: key})
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := withdrawals.New(withdrawals.Config{
		L1: e.l1.Sim, Sender: s, Bridge: e.l1.Addrs.Bridge, StateCommitmentChain: e.l1.Addrs.StateCommitmentChain,
		L2: e.l2.RPC, Dir: dir, Poll: 10 * time.Millisecond, Registerer: reg,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func step(t *testing.T, r *withdrawals.Relayer) {
	t.Helper()
	if err := r.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// states maps each withdrawal the relayer knows to its state.
func states(r *withdrawals.Relayer) map[common.Hash]withdrawals.State {
	out := map[common.Hash]withdrawals.State{}
	for _, s := range r.Status() {
		out[s.Hash] = s.State
	}
	return out
}

func wantState(t *testing.T, r *withdrawals.Relayer, w bridge.Withdrawal, want withdrawals.State) withdrawals.Status {
	t.Helper()
	h := bridge.WithdrawalHash(w)
	for _, s := range r.Status() {
		if s.Hash == h {
			if s.State != want {
				t.Fatalf("withdrawal %s is %s, want %s", h, s.State, want)
			}
			return s
		}
	}
	t.Fatalf("withdrawal %s unknown to the relayer", h)
	return withdrawals.Status{}
}

// TestRelayerProvesAndFinalizes follows withdrawals through one relayer,
// driven step by step: found on L2, proven once a root covers them, held
// through the challenge window and the time lock, paid once.
func TestRelayerProvesAndFinalizes(t *testing.T) {
	e := newEnv(t)
	reg := prometheus.NewRegistry()
	r := e.relayer(bridgetest.Key("relayer-a"), t.TempDir(), reg)
	defer r.Close()
	alice, bob := e.l2.Keys[1], e.l2.Keys[2]
	small, large := common.HexToAddress("0x7777"), common.HexToAddress("0x8888")
	block, ws := e.l2.Apply(
		e.l2.WithdrawTx(alice.Key, small, bridgetest.Ether(2), 100_000, nil),
		e.l2.WithdrawTx(bob.Key, large, bridgetest.Ether(6), 100_000, nil), // above the 5-coin threshold: 500 s
	)
	_, later := e.l2.Apply(e.l2.WithdrawTx(alice.Key, small, bridgetest.Ether(1), 100_000, nil))

	// Found, but no root yet.
	step(t, r)
	if got := states(r); len(got) != 3 {
		t.Fatalf("relayer knows %d withdrawals, want 3", len(got))
	}
	wantState(t, r, ws[0], withdrawals.Initiated)

	// A root covering the first batch: those two are proven, the later one waits.
	e.l1.SubmitRoot(1, block.NumberU64(), bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root())
	step(t, r)
	s := wantState(t, r, ws[0], withdrawals.Proven)
	p := e.l1.Proven(bridge.WithdrawalHash(ws[0]))
	if p.ProvenAt == 0 || p.RootIndex != 0 || s.RootIndex != 0 || s.UnlockAt.Unix() != int64(p.ProvenAt)+150 {
		t.Fatalf("proven %+v, status %+v", p, s)
	}
	wantState(t, r, ws[1], withdrawals.Proven)
	wantState(t, r, later[0], withdrawals.Initiated)

	// The challenge window passes (100 s), the time lock (150 s) not yet.
	e.l1.AdjustTime(100 * time.Second)
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Proven)
	if e.l1.Finalized(bridge.WithdrawalHash(ws[0])) || e.l1.Balance(small).Sign() != 0 {
		t.Fatal("paid before the time lock")
	}

	e.l1.AdjustTime(50 * time.Second)
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Finalized)
	wantState(t, r, ws[1], withdrawals.Proven) // 500 s for the large one
	step(t, r)
	if got := e.l1.Balance(small); got.Cmp(bridgetest.Ether(2)) != 0 {
		t.Fatalf("target holds %s, want 2 coins", got)
	}

	e.l1.AdjustTime(350 * time.Second)
	step(t, r)
	wantState(t, r, ws[1], withdrawals.Finalized)
	if got := e.l1.Balance(large); got.Cmp(bridgetest.Ether(6)) != 0 {
		t.Fatalf("large target holds %s", got)
	}
	for name, want := range map[string]float64{
		"l2_relayer_withdrawals_seen_total": 3, "l2_relayer_withdrawals_proven_total": 2,
		"l2_relayer_withdrawals_finalized_total": 2, "l2_relayer_withdrawals_pending": 1, "l2_relayer_withdrawal_errors_total": 0,
	} {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, mf := range mfs {
			if mf.GetName() != name || len(mf.GetMetric()) != 1 {
				continue
			}
			found = true
			m := mf.GetMetric()[0]
			if got := m.GetCounter().GetValue() + m.GetGauge().GetValue(); got != want {
				t.Errorf("%s = %v, want %v", name, got, want)
			}
		}
		if !found {
			t.Errorf("metric %s not registered", name)
		}
	}
}

// TestRelayerRestart closes the relayer between proof and finalization; a
// new one on the same directory knows where things stand without a step,
// and finalizes once.
func TestRelayerRestart(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	key := bridgetest.Key("relayer-a")
	r := e.relayer(key, dir, nil)
	target := common.HexToAddress("0x7777")
	block, ws := e.l2.Apply(e.l2.WithdrawTx(e.l2.Keys[1].Key, target, bridgetest.Ether(3), 100_000, nil))
	e.l1.SubmitRoot(1, block.NumberU64(), bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root())
	step(t, r)
	before := wantState(t, r, ws[0], withdrawals.Proven)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	r = e.relayer(key, dir, nil)
	defer r.Close()
	if after := wantState(t, r, ws[0], withdrawals.Proven); after.UnlockAt != before.UnlockAt || after.RootIndex != before.RootIndex {
		t.Fatalf("restored %+v, was %+v", after, before)
	}
	provenAt := e.l1.Proven(bridge.WithdrawalHash(ws[0])).ProvenAt
	step(t, r) // nothing to do yet, and the proof is not redone
	if got := e.l1.Proven(bridge.WithdrawalHash(ws[0])).ProvenAt; got != provenAt {
		t.Fatalf("proven again after the restart: %d, was %d", got, provenAt)
	}
	e.l1.AdjustTime(150 * time.Second)
	step(t, r)
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Finalized)
	if got := e.l1.Balance(target); got.Cmp(bridgetest.Ether(3)) != 0 {
		t.Fatalf("target holds %s, want 3 coins", got)
	}
}

// TestTwoRelayers runs two relayers at once over the same withdrawals: each
// is paid once, and both relayers end with every withdrawal finalized.
func TestTwoRelayers(t *testing.T) {
	e := newEnv(t)
	a := e.relayer(bridgetest.Key("relayer-a"), t.TempDir(), nil)
	b := e.relayer(bridgetest.Key("relayer-b"), t.TempDir(), nil)
	targets := []common.Address{common.HexToAddress("0x7001"), common.HexToAddress("0x7002"), common.HexToAddress("0x7003")}
	block, ws := e.l2.Apply(
		e.l2.WithdrawTx(e.l2.Keys[1].Key, targets[0], bridgetest.Ether(1), 100_000, nil),
		e.l2.WithdrawTx(e.l2.Keys[2].Key, targets[1], bridgetest.Ether(2), 100_000, nil),
		e.l2.WithdrawTx(e.l2.Keys[3].Key, targets[2], bridgetest.Ether(3), 100_000, nil),
	)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, r := range []*withdrawals.Relayer{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); r.Run(ctx) }()
	}
	defer func() {
		cancel()
		wg.Wait()
		a.Close()
		b.Close()
	}()

	all := func(want withdrawals.State) bool {
		for _, r := range []*withdrawals.Relayer{a, b} {
			st := states(r)
			if len(st) != len(ws) {
				return false
			}
			for _, s := range st {
				if s != want {
					return false
				}
			}
		}
		return true
	}
	eventually(t, "both relayers see every withdrawal", func() bool { return all(withdrawals.Initiated) })
	e.l1.SubmitRoot(1, block.NumberU64(), bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root())
	eventually(t, "both relayers see every withdrawal proven", func() bool { return all(withdrawals.Proven) })
	e.l1.AdjustTime(150 * time.Second)
	eventually(t, "both relayers see every withdrawal finalized", func() bool { return all(withdrawals.Finalized) })
	for i, target := range targets {
		if got := e.l1.Balance(target); got.Cmp(bridgetest.Ether(int64(i+1))) != 0 {
			t.Fatalf("target %d holds %s, want %d coins", i, got, i+1)
		}
	}
	if got := e.l1.Balance(e.l1.Addrs.Bridge); got.Cmp(bridgetest.Ether(100-6)) != 0 {
		t.Fatalf("escrow holds %s", got)
	}
}

// TestRelayerRootReplaced: a committed root that is not the L2's state is
// skipped (nothing is sent); once it is deleted and the honest root
// committed, the withdrawal is proven; when that root is deleted after the
// proof, the withdrawal is proven again against its replacement, and paid
// once after the new root's window and a fresh time lock.
func TestRelayerRootReplaced(t *testing.T) {
	e := newEnv(t)
	key := bridgetest.Key("relayer-a")
	r := e.relayer(key, t.TempDir(), nil)
	defer r.Close()
	target := common.HexToAddress("0x7777")
	block, ws := e.l2.Apply(e.l2.WithdrawTx(e.l2.Keys[1].Key, target, bridgetest.Ether(1), 100_000, nil))
	h := bridge.WithdrawalHash(ws[0])

	e.l1.SubmitRoot(1, block.NumberU64(), common.HexToHash("0xbad"))
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Initiated)
	if n, _ := e.l1.Sim.NonceAt(context.Background(), bridgetest.Addr(key), nil); n != 0 {
		t.Fatalf("the relayer sent %d transactions against a wrong root", n)
	}

	e.l1.DeleteRootsFrom(0)
	e.l1.SubmitRoot(1, block.NumberU64(), bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root())
	step(t, r)
	first := wantState(t, r, ws[0], withdrawals.Proven)

	e.l1.AdjustTime(50 * time.Second)
	e.l1.DeleteRootsFrom(0)
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Initiated)
	e.l1.SubmitRoot(1, block.NumberU64(), bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root())
	step(t, r)
	second := wantState(t, r, ws[0], withdrawals.Proven)
	if !second.UnlockAt.After(first.UnlockAt) {
		t.Fatalf("unlock at %s after proving again, was %s", second.UnlockAt, first.UnlockAt)
	}
	e.l1.AdjustTime(100 * time.Second) // the first proof's time lock would be over now
	step(t, r)
	if e.l1.Finalized(h) {
		t.Fatal("finalized on the time lock of a proof against a deleted root")
	}
	e.l1.AdjustTime(50 * time.Second)
	step(t, r)
	step(t, r)
	wantState(t, r, ws[0], withdrawals.Finalized)
	if got := e.l1.Balance(target); got.Cmp(bridgetest.Ether(1)) != 0 {
		t.Fatalf("target holds %s", got)
	}
}

// eventually polls cond with a generous deadline: relayers running on
// their own need a few polls, never a fixed time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
