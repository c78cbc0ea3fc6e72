package bridge

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/l2node/l2node/contracts/bindings"
)

// senderChain is a simulated L1 that mines only when the test says so.
func senderChain(t *testing.T) *Simulated {
	t.Helper()
	l1, err := NewSimulated(WithAlloc(types.GenesisAlloc{
		addr(testKey("sender")):   {Balance: ether(1_000)},
		addr(testKey("deployer")): {Balance: ether(1_000)},
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l1.Close() })
	return l1
}

// mine commits a block every few milliseconds until the test ends or stop
// is called.
func mine(t *testing.T, l1 *Simulated) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				l1.Commit()
			}
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { close(done); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

// commitUntilNonce commits until the account's mined nonce exceeds n: the
// pool takes transactions in the background, so one block may miss them.
func commitUntilNonce(t *testing.T, l1 *Simulated, a common.Address, n uint64) {
	t.Helper()
	for range 500 {
		l1.Commit()
		if got, err := l1.NonceAt(context.Background(), a, nil); err == nil && got > n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("nonce %d of %s never mined", n, a)
}

// inPool waits until the pool holds tx.
func inPool(t *testing.T, l1 *Simulated, h common.Hash) {
	t.Helper()
	for range 1000 {
		if _, pending, err := l1.TransactionByHash(context.Background(), h); err == nil && pending {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("transaction %s never reached the pool", h)
}

func newTestSender(t *testing.T, l1 *Simulated, bumpAfter time.Duration) *Sender {
	t.Helper()
	s, err := NewSender(context.Background(), SenderConfig{L1: l1, Key: testKey("sender"), BumpAfter: bumpAfter})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type sendResult struct {
	r   *types.Receipt
	err error
}

func sendAsync(ctx context.Context, s *Sender, to common.Address, value *big.Int) <-chan sendResult {
	out := make(chan sendResult, 1)
	go func() {
		r, err := s.Send(ctx, to, nil, value, 21_000)
		out <- sendResult{r, err}
	}()
	return out
}

// TestSenderBumpsStuckTransaction leaves a transaction unmined past
// BumpAfter: the Sender replaces it with one paying at least 12.5% more, the
// replacement is mined, and the first version never is.
func TestSenderBumpsStuckTransaction(t *testing.T) {
	l1 := senderChain(t)
	s := newTestSender(t, l1, 100*time.Millisecond)
	versions := make(chan *types.Transaction, 100)
	s.beforeSend = func(tx *types.Transaction) { versions <- tx }
	to := common.HexToAddress("0x1234")
	res := sendAsync(context.Background(), s, to, big.NewInt(7))

	v1 := <-versions
	v2 := <-versions // no block was made: the bump
	if v2.Nonce() != v1.Nonce() {
		t.Fatalf("replacement has nonce %d, first version %d", v2.Nonce(), v1.Nonce())
	}
	for _, c := range []struct{ old, new *big.Int }{{v1.GasTipCap(), v2.GasTipCap()}, {v1.GasFeeCap(), v2.GasFeeCap()}} {
		if least := new(big.Int).Div(new(big.Int).Mul(c.old, big.NewInt(9)), big.NewInt(8)); c.new.Cmp(least) < 0 {
			t.Fatalf("fee raised from %s to %s, under 12.5%%", c.old, c.new)
		}
	}
	inPool(t, l1, v2.Hash())
	mine(t, l1)
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.r.TxHash == v1.Hash() {
		t.Fatal("the first version was mined although replaced")
	}
	// Paid once: the first version was never mined.
	if b, _ := l1.BalanceAt(context.Background(), to, nil); b.Int64() != 7 {
		t.Fatalf("recipient holds %s", b)
	}
	if s.nonce != v1.Nonce()+1 {
		t.Fatalf("next nonce %d", s.nonce)
	}
}

// TestSenderPreviousVersionMined mines the first version just as its
// replacement goes out: the pool refuses the replacement, and Send returns
// the first version's receipt.
func TestSenderPreviousVersionMined(t *testing.T) {
	l1 := senderChain(t)
	s := newTestSender(t, l1, 50*time.Millisecond)
	var v1 *types.Transaction
	s.beforeSend = func(tx *types.Transaction) {
		if v1 == nil {
			v1 = tx
			return
		}
		if tx.Nonce() == v1.Nonce() {
			commitUntilNonce(t, l1, s.Address(), v1.Nonce())
		}
	}
	r, err := s.Send(context.Background(), common.HexToAddress("0x1234"), nil, big.NewInt(1), 21_000)
	if err != nil {
		t.Fatal(err)
	}
	if r.TxHash != v1.Hash() {
		t.Fatalf("receipt of %s, the mined version is %s", r.TxHash, v1.Hash())
	}
}

// TestSenderNonceTakenByAnother has another transaction of the same key take
// the Sender's nonce: the Sender notices, reads the nonce again and sends
// with the next one.
func TestSenderNonceTakenByAnother(t *testing.T) {
	l1 := senderChain(t)
	s := newTestSender(t, l1, time.Second)
	key := testKey("sender")
	ctx := context.Background()
	first := true
	s.beforeSend = func(tx *types.Transaction) {
		if !first {
			return
		}
		first = false
		// Someone else spends the nonce, with far higher fees, and it is mined.
		other, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(DefaultSimulatedChainID)), &types.DynamicFeeTx{
			ChainID: big.NewInt(DefaultSimulatedChainID), Nonce: tx.Nonce(),
			GasTipCap: new(big.Int).Mul(tx.GasTipCap(), big.NewInt(3)), GasFeeCap: new(big.Int).Mul(tx.GasFeeCap(), big.NewInt(3)),
			Gas: 21_000, To: &common.Address{0x99}, Value: big.NewInt(1),
		})
		if err != nil {
			t.Error(err)
			return
		}
		if err := l1.SendTransaction(ctx, other); err != nil {
			t.Error(err)
			return
		}
		commitUntilNonce(t, l1, s.Address(), tx.Nonce())
	}
	mine(t, l1)
	r, err := s.Send(ctx, common.HexToAddress("0x1234"), nil, big.NewInt(1), 21_000)
	if err != nil {
		t.Fatal(err)
	}
	tx, _, err := l1.TransactionByHash(ctx, r.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Nonce() != 1 || s.nonce != 2 {
		t.Fatalf("sent with nonce %d, next %d; want 1 and 2", tx.Nonce(), s.nonce)
	}
	if b, _ := l1.BalanceAt(ctx, common.HexToAddress("0x1234"), nil); b.Int64() != 1 {
		t.Fatalf("recipient holds %s", b)
	}
}

// TestSenderRestart abandons a Send with its transaction in the pool; a new
// Sender of the same key reuses the nonce, has its first offer refused as
// underpriced, raises it, and replaces the old transaction.
func TestSenderRestart(t *testing.T) {
	l1 := senderChain(t)
	old := newTestSender(t, l1, time.Hour)
	versions := make(chan *types.Transaction, 10)
	old.beforeSend = func(tx *types.Transaction) { versions <- tx }
	ctx, cancel := context.WithCancel(context.Background())
	res := sendAsync(ctx, old, common.HexToAddress("0xaaaa"), big.NewInt(1))
	stale := <-versions
	inPool(t, l1, stale.Hash())
	cancel()
	if r := <-res; !errors.Is(r.err, context.Canceled) {
		t.Fatalf("abandoned Send: %v", r.err)
	}

	s := newTestSender(t, l1, time.Hour)
	versions = make(chan *types.Transaction, 10)
	s.beforeSend = func(tx *types.Transaction) { versions <- tx }
	res = sendAsync(context.Background(), s, common.HexToAddress("0xbbbb"), big.NewInt(2))
	first, second := <-versions, <-versions
	if first.Nonce() != stale.Nonce() || second.Nonce() != stale.Nonce() {
		t.Fatalf("nonces %d, %d; the stale transaction has %d", first.Nonce(), second.Nonce(), stale.Nonce())
	}
	inPool(t, l1, second.Hash())
	mine(t, l1)
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.r.TxHash != second.Hash() {
		t.Fatalf("receipt of %s, want the raised offer %s", r.r.TxHash, second.Hash())
	}
	if b, _ := l1.BalanceAt(context.Background(), common.HexToAddress("0xaaaa"), nil); b.Sign() != 0 {
		t.Fatal("the stale transaction was mined too")
	}
}

// TestSenderRevert: a reverting gas estimate sends nothing; a transaction
// mined reverted returns its receipt and the decoded reason.
func TestSenderRevert(t *testing.T) {
	l1 := senderChain(t)
	ctx := context.Background()
	stop := mine(t, l1)
	addrs, err := Deploy(ctx, l1, testKey("deployer"), DevDeployParams(testL2ChainID, []Validator{{Address: common.Address{1}, Stake: big.NewInt(1)}}))
	if err != nil {
		t.Fatal(err)
	}
	stop()
	s := newTestSender(t, l1, time.Hour)
	b := bindings.NewBridge()
	w := Withdrawal{Nonce: big.NewInt(1), Value: big.NewInt(1), GasLimit: big.NewInt(1), Target: common.Address{2}}
	if _, err := s.Send(ctx, addrs.Bridge, b.PackFinalizeWithdrawal(w), nil, 0); RevertName(err) != "NotProven" {
		t.Fatalf("estimate: want NotProven, got %v", err)
	}
	if n, _ := l1.PendingNonceAt(ctx, s.Address()); n != 0 {
		t.Fatalf("a transaction was sent after a reverting estimate (nonce %d)", n)
	}
	mine(t, l1)
	r, err := s.Send(ctx, addrs.Bridge, b.PackFinalizeWithdrawal(w), nil, 200_000)
	if r == nil || r.Status != types.ReceiptStatusFailed || !errors.Is(err, ErrReverted) || RevertName(err) != "NotProven" {
		t.Fatalf("mined revert: receipt %v, error %v", r, err)
	}
}

func TestBumpFees(t *testing.T) {
	gwei := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }
	for _, c := range []struct {
		name                string
		tip, cap, base, max *big.Int
		wantTip, wantCap    *big.Int
		ok                  bool
	}{
		{"plain", gwei(8), gwei(16), gwei(1), gwei(500), gwei(9), gwei(18), true},
		{"rounded up", big.NewInt(1), big.NewInt(9), nil, gwei(1), big.NewInt(2), big.NewInt(11), true},
		{"zero tip", big.NewInt(0), gwei(8), nil, gwei(500), big.NewInt(1), gwei(9), true},
		{"base fee rose", gwei(8), gwei(16), gwei(20), gwei(500), gwei(9), gwei(49), true},
		{"capped, still enough", gwei(8), gwei(16), gwei(20), gwei(30), gwei(9), gwei(30), true},
		{"at the cap", gwei(8), gwei(500), nil, gwei(500), gwei(8), gwei(500), false},
		{"tip up to the cap", gwei(16), gwei(16), nil, gwei(17), gwei(16), gwei(16), false},
	} {
		tip, fc, ok := bumpFees(c.tip, c.cap, c.base, c.max)
		if ok != c.ok || tip.Cmp(c.wantTip) != 0 || fc.Cmp(c.wantCap) != 0 {
			t.Errorf("%s: got %s/%s %v, want %s/%s %v", c.name, tip, fc, ok, c.wantTip, c.wantCap, c.ok)
		}
	}
}
