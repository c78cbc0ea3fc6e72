package bridge_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/bridge/bridgetest"
	"github.com/l2node/l2node/bridge/withdrawals"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

// TestGethDev runs the bridge's whole flow against a real `geth --dev` over
// JSON-RPC, with a block every second and L1 time on the wall clock (no
// AdjustTime): deploy; deposit, taken by a DepositFeed at one confirmation
// and applied by the real L2 executor; withdraw on L2, commit the root, and a
// relayer proves and, only once the windows have passed, finalizes, paying
// the target once. It needs a geth binary on PATH and skips without one.
func TestGethDev(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	g := bridgetest.StartGeth(t, ctx, time.Second)
	relayerKey := bridgetest.Key("geth-relayer")
	g.Fund(append(bridgetest.FundedAddrs(), bridgetest.Addr(relayerKey))...)

	// 1. Deploy, with windows of a few seconds.
	deployedFrom, err := g.L1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const window, delay = 4 * time.Second, 6 * time.Second
	l1 := bridgetest.NewL1(t, bridgetest.L1Options{Chain: g.L1, Mutate: func(p *bridge.DeployParams) {
		p.ChallengeWindow, p.FinalizationDelay = window, delay
	}})
	l1.Ctx = ctx

	// 2. Deposit 2 coins to alice on L2; the feed takes it one block deep.
	alice := bridgetest.Key("geth-alice")
	dep := l1.OK(l1.User, l1.BridgeC, bridgetest.Ether(2), l1.Bridge.PackDepositETH(bridgetest.Addr(alice), 50_000, nil))
	feed, err := bridge.OpenDepositFeed(bridge.DepositFeedConfig{
		L1: g.L1, Bridge: l1.Addrs.Bridge, FromBlock: deployedFrom + 1, Confirmations: 1,
		Dir: t.TempDir(), Log: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Close()
	for {
		if _, err := feed.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if next, _ := feed.Head(); next == 1 {
			break
		}
		wait(t, ctx, 100*time.Millisecond)
	}
	d, inBlock, ok := feed.Deposit(0)
	if _, scanned := feed.Head(); !ok || inBlock != dep.BlockNumber.Uint64() || scanned < inBlock || d.L1Tx != dep.TxHash ||
		d.From != bridgetest.Addr(l1.User) || d.To != bridgetest.Addr(alice) || d.Mint.Cmp(bridgetest.Ether(2)) != 0 {
		t.Fatalf("feed's deposit %+v in L1 block %d (receipt's block %d), ok %v", d, inBlock, dep.BlockNumber, ok)
	}
	if head, err := g.L1.BlockNumber(ctx); err != nil || head < inBlock+1 {
		t.Fatalf("deposit of block %d taken at head %d (%v): not confirmed", inBlock, head, err)
	}
	l2 := bridgetest.NewL2(t)
	l2.ApplyDeposits(feed.Pending(0, 256, 0))
	l2c := ethclient.NewClient(l2.RPC)
	if bal, err := l2c.BalanceAt(ctx, bridgetest.Addr(alice), nil); err != nil || bal.Cmp(bridgetest.Ether(2)) != 0 {
		t.Fatalf("alice's L2 balance %v, %v; want 2 coins", bal, err)
	}

	// 3. Alice withdraws 1 coin to target on L1; the validators commit the
	// root of that batch; a relayer carries the withdrawal.
	target := common.HexToAddress("0x6e7e")
	block, ws := l2.Apply(l2.WithdrawTx(alice, target, bridgetest.Ether(1), 100_000, nil))
	if len(ws) != 1 {
		t.Fatalf("%d withdrawals", len(ws))
	}
	w, h := ws[0], bridge.WithdrawalHash(ws[0])
	var relayLog syncLog
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("relayer's log:\n%s", relayLog.String())
		}
	})
	sender, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: g.L1, Key: relayerKey})
	if err != nil {
		t.Fatal(err)
	}
	r, err := withdrawals.New(withdrawals.Config{
		L1: g.L1, Sender: sender, Bridge: l1.Addrs.Bridge, StateCommitmentChain: l1.Addrs.StateCommitmentChain,
		L2: l2.RPC, Dir: t.TempDir(), Poll: 200 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(&relayLog, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { r.Run(runCtx) })
	defer func() { stop(); running.Wait(); r.Close() }()

	output := bridge.Output{StateRoot: block.Root(), BlockHash: block.Hash()}.Root()
	l1.SubmitRoot(1, block.NumberU64(), output)
	root := rootAt(t, l1, 0)
	for l1.Proven(h).ProvenAt == 0 {
		wait(t, ctx, 100*time.Millisecond)
	}
	p := l1.Proven(h)
	unlockAt := max(p.ProvenAt+uint64(delay/time.Second), root.FinalizedAt)
	if p.RootIndex != 0 || p.OutputRoot != output || root.FinalizedAt != root.SubmittedAt+uint64(window/time.Second) {
		t.Fatalf("proven %+v against root %+v", p, root)
	}

	// Before the windows: a finalization sent anyway is mined and reverts,
	// and the Sender recovers why.
	user, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: g.L1, Key: l1.User})
	if err != nil {
		t.Fatal(err)
	}
	finalize := l1.Bridge.PackFinalizeWithdrawal(w)
	rec, err := user.Send(ctx, l1.Addrs.Bridge, finalize, nil, 400_000)
	if name := bridge.RevertName(err); !errors.Is(err, bridge.ErrReverted) || (name != "ChallengeWindowOpen" && name != "TimeLocked") {
		t.Fatalf("early finalization: receipt %+v, %v", rec, err)
	}
	early := map[string]int{bridge.RevertName(err): 1}

	// Until it unlocks, a finalization reverts for the reason L1 time gives,
	// and the relayer leaves it proven.
	for !l1.Finalized(h) {
		head, err := g.L1.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = g.L1.CallContract(ctx, ethereum.CallMsg{From: bridgetest.Addr(l1.User), To: &l1.Addrs.Bridge, Data: finalize}, head.Number)
		want := ""
		switch {
		case head.Time < root.FinalizedAt:
			want = "ChallengeWindowOpen"
		case head.Time < unlockAt:
			want = "TimeLocked"
		}
		if got := bridge.RevertName(err); got != want || (want == "" && err != nil) {
			t.Fatalf("finalize at L1 block %d (time %d; window ends %d, unlock %d): %v, want %q",
				head.Number, head.Time, root.FinalizedAt, unlockAt, err, want)
		}
		early[want]++
		wait(t, ctx, 200*time.Millisecond)
	}
	if early["ChallengeWindowOpen"] == 0 || early["TimeLocked"] == 0 {
		t.Errorf("reverts seen before finalization: %v; want both reasons", early)
	}

	// The relayer finalized it once, not before L1 time allowed, and the
	// target got the coin once.
	paid := finalizations(t, l1, h)
	if len(paid) != 1 {
		t.Fatalf("%d finalizations of %s", len(paid), h)
	}
	paidIn, err := g.L1.HeaderByNumber(ctx, new(big.Int).SetUint64(paid[0].BlockNumber))
	if err != nil {
		t.Fatal(err)
	}
	if paidIn.Time < unlockAt {
		t.Fatalf("finalized at L1 time %d, before %d", paidIn.Time, unlockAt)
	}
	if _, err := g.L1.EstimateGas(ctx, ethereum.CallMsg{From: bridgetest.Addr(l1.User), To: &l1.Addrs.Bridge, Data: finalize}); bridge.RevertName(err) != "AlreadyFinalized" {
		t.Fatalf("second finalization estimate: %v", err)
	}
	if _, err := user.Send(ctx, l1.Addrs.Bridge, finalize, nil, 0); bridge.RevertName(err) != "AlreadyFinalized" {
		t.Fatalf("second finalization: %v", err)
	}
	for r.Status()[0].State != withdrawals.Finalized {
		wait(t, ctx, 100*time.Millisecond)
	}
	// Two more blocks, for a relayer that would pay twice.
	for n := paid[0].BlockNumber + 2; ; wait(t, ctx, 200*time.Millisecond) {
		if head, err := g.L1.BlockNumber(ctx); err != nil || head >= n {
			break
		}
	}
	if got := l1.Balance(target); got.Cmp(bridgetest.Ether(1)) != 0 {
		t.Fatalf("target's L1 balance %v, want 1 coin", got)
	}
	if got := l1.Balance(l1.Addrs.Bridge); got.Cmp(bridgetest.Ether(1)) != 0 {
		t.Fatalf("bridge's escrow %v, want 1 coin", got)
	}
	if n := len(finalizations(t, l1, h)); n != 1 {
		t.Fatalf("%d finalizations", n)
	}
	paidRec, err := g.L1.TransactionReceipt(ctx, paid[0].TxHash)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("deposit in L1 block %d; L1 time: root submitted %d, proven %d, window over %d, unlocked %d, paid %d (block %d, %d gas)",
		inBlock, root.SubmittedAt, p.ProvenAt, root.FinalizedAt, unlockAt, paidIn.Time, paid[0].BlockNumber, paidRec.GasUsed)
}

// rootAt reads the committed root at index.
func rootAt(t *testing.T, l1 *bridgetest.L1, index uint64) bindings.StateCommitmentChainStateRoot {
	t.Helper()
	root, err := bind.Call(l1.SCCC, &bind.CallOpts{Context: l1.Ctx}, l1.SCC.PackGetRoot(new(big.Int).SetUint64(index)), l1.SCC.UnpackGetRoot)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// finalizations are the Bridge's WithdrawalFinalized logs for h.
func finalizations(t *testing.T, l1 *bridgetest.L1, h common.Hash) []types.Log {
	t.Helper()
	ev := l1.Bridge.GetABI().Events["WithdrawalFinalized"]
	logs, err := l1.Chain.FilterLogs(l1.Ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{l1.Addrs.Bridge}, Topics: [][]common.Hash{{ev.ID}, {h}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return logs
}

func wait(t *testing.T, ctx context.Context, d time.Duration) {
	t.Helper()
	select {
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	case <-time.After(d):
	}
}

// syncLog collects a log written from the relayer's goroutine.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestGethDevDispute plays the fraud-proof game on a real `geth --dev`, on
// wall-clock L1 time: the validators commit a root whose state goes wrong
// at a transfer; a lying validator's player defends it from its corrupted
// view, an honest validator's player disputes it and wins at the step with
// the real OneStepProver, and the root is deleted. It needs a geth binary
// on PATH and skips without one.
func TestGethDevDispute(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	g := bridgetest.StartGeth(t, ctx, time.Second)
	honestKey, liarKey := bridgetest.Key("validator-1"), bridgetest.Key("validator-0")
	g.Fund(append(bridgetest.FundedAddrs(), bridgetest.Addr(honestKey), bridgetest.Addr(liarKey))...)
	l2 := bridgetest.NewL2(t)
	genesis := l2.Exec.Genesis()
	l1 := bridgetest.NewL1(t, bridgetest.L1Options{Chain: g.L1, Mutate: func(p *bridge.DeployParams) {
		p.ChallengeWindow = 30 * time.Second
		p.DisputeGame = &bridge.DisputeGameParams{DeployProver: true,
			Genesis: bridge.Output{StateRoot: genesis.Root(), BlockHash: genesis.Hash()},
			Bond:    bridgetest.Ether(1), Clock: 2 * time.Minute, BurnBps: 2000}
	}})
	l1.Ctx = ctx
	if l1.Validators[1] != honestKey && !bytes.Equal(crypto.FromECDSA(l1.Validators[1]), crypto.FromECDSA(honestKey)) {
		t.Fatal("the L1's validator keys are not the ones funded")
	}

	for i := range 3 {
		var txs []*types.Transaction
		for j := range 4 {
			k := l2.Keys[(i+j)%len(l2.Keys)]
			txs = append(txs, l2.Tx(k.Key, common.BigToAddress(big.NewInt(int64(0x5000+4*i+j))), big.NewInt(1000), 21_000, nil))
		}
		l2.Apply(txs...)
	}
	honest := bridge.ExecutorL2{E: l2.Exec}
	liar := lyingView{ExecutorL2: honest, batch: 2, step: 3}
	lieOut, _ := liar.Output(3)
	l1.SubmitRoot(1, 3, lieOut.Root())

	player := func(key *ecdsa.PrivateKey, view bridge.PlayerL2, challenge bool) *bridge.Player {
		snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: g.L1, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		p, err := bridge.NewPlayer(bridge.PlayerConfig{
			L1: g.L1, Sender: snd, Game: l1.Addrs.DisputeGame, StateCommitmentChain: l1.Addrs.StateCommitmentChain,
			L2: view, Challenge: challenge, Poll: 200 * time.Millisecond, Log: slog.New(slog.DiscardHandler),
			StepProof: honest.StepProof,
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	runCtx, stop := context.WithCancel(ctx)
	var running sync.WaitGroup
	defer func() { stop(); running.Wait() }()
	for _, p := range []*bridge.Player{player(honestKey, honest, true), player(liarKey, liar, false)} {
		running.Go(func() { p.Run(runCtx) })
	}

	game := bindings.NewDisputeGame()
	gameC := game.Instance(g.L1, l1.Addrs.DisputeGame)
	started := time.Now()
	for {
		n, err := bind.Call(gameC, nil, game.PackGameCount(), game.UnpackGameCount)
		if err == nil && n.Sign() > 0 {
			s, err := bind.Call(gameC, nil, game.PackGetGame(common.Big0), game.UnpackGetGame)
			if err != nil {
				t.Fatal(err)
			}
			if s.Phase > bridge.GameOneStep {
				if s.Phase != bridge.GameChallengerWon || s.Challenger != bridgetest.Addr(honestKey) || s.Defender != bridgetest.Addr(liarKey) ||
					s.Batch != 2 || s.Hi != 3 {
					t.Fatalf("game ended in phase %d at batch %d step %d, challenger %s, defender %s", s.Phase, s.Batch, s.Hi, s.Challenger, s.Defender)
				}
				break
			}
		}
		wait(t, ctx, 200*time.Millisecond)
	}
	won := time.Since(started)
	// The root falls when the join window closes with no other defender;
	// the honest player settles the dispute then.
	for {
		d, err := bind.Call(gameC, nil, game.PackGetDispute(common.Big0), game.UnpackGetDispute)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != bridge.DisputeOpen {
			if d.Status != bridge.DisputeChallengerWon {
				t.Fatalf("dispute ended with status %d, want ChallengerWon", d.Status)
			}
			break
		}
		wait(t, ctx, time.Second)
	}
	count, err := bind.Call(l1.SCCC, nil, l1.SCC.PackRootCount(), l1.SCC.UnpackRootCount)
	if err != nil || count.Sign() != 0 {
		t.Fatalf("%v roots after the challenger won (%v), want none", count, err)
	}
	t.Logf("the honest player won its game %s after the root was committed, and settled the dispute %s after",
		won.Round(time.Second), time.Since(started).Round(time.Second))
}

// lyingView is a liar's view: every state root from step `step` of batch
// `batch` on is wrong, consistently.
type lyingView struct {
	bridge.ExecutorL2
	batch, step uint64
}

func lie(h common.Hash) common.Hash { return crypto.Keccak256Hash([]byte("lie"), h[:]) }

func (v lyingView) Output(n uint64) (bridge.Output, bool) {
	o, ok := v.ExecutorL2.Output(n)
	if ok && n >= v.batch {
		o.StateRoot = lie(o.StateRoot)
	}
	return o, ok
}

func (v lyingView) StepRoots(n uint64) (*exec.Steps, error) {
	s, err := v.E.StepRoots(n)
	if err != nil {
		return nil, err
	}
	c := *s
	c.Roots = slices.Clone(s.Roots)
	for i := range c.Roots {
		if n > v.batch || (n == v.batch && uint64(i+1) >= v.step) {
			c.Roots[i] = lie(c.Roots[i])
		}
	}
	if n > v.batch {
		c.Pre = lie(c.Pre)
	}
	return &c, nil
}
