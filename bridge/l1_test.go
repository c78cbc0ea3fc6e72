package bridge

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/l2node/l2node/contracts/bindings"
)

// freePort finds a loopback port nobody listens on (for servers that need
// an explicit port).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// depositAndFetch deploys the contracts on l1, deposits, and finds the
// deposit among the confirmed logs: the relayer's path on any L1.
func depositAndFetch(t *testing.T, ctx context.Context, l1 L1, key *ecdsa.PrivateKey) {
	t.Helper()
	p := DevDeployParams(testL2ChainID, []Validator{{Address: addr(testKey("validator-0")), Stake: big.NewInt(1)}})
	addrs, err := Deploy(ctx, l1, key, p)
	if err != nil {
		t.Fatal(err)
	}
	start, err := l1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chainID, err := l1.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := bindings.NewBridge()
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = ctx
	opts.Value = ether(2)
	to := common.HexToAddress("0x4242")
	tx, err := bind.Transact(b.Instance(l1, addrs.Bridge), opts, b.PackDepositETH(to, 21_000, []byte("over rpc")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := l1.WaitReceipt(ctx, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("deposit: %v", err)
	}
	// As a relayer does: poll until the deposit's block is covered. (A node
	// may index a new block's logs a moment after its receipts.)
	var logs []types.Log
	for {
		var last uint64
		logs, last, err = l1.ConfirmedLogs(ctx, DepositQuery(addrs.Bridge, start), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(logs) > 0 && last >= r.BlockNumber.Uint64() {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d deposits up to block %d (deposit in %d)", len(logs), last, r.BlockNumber)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if len(logs) != 1 {
		t.Fatalf("%d deposits", len(logs))
	}
	ev, err := b.UnpackDepositInitiatedEvent(&logs[0])
	if err != nil || ev.To != to || ev.Amount.Cmp(ether(2)) != 0 || ev.From != addr(key) || string(ev.Data) != "over rpc" || logs[0].TxHash != tx.Hash() {
		t.Fatalf("deposit event %+v, %v", ev, err)
	}
	if bal, err := l1.BalanceAt(ctx, addrs.Bridge, nil); err != nil || bal.Cmp(ether(2)) != 0 {
		t.Fatalf("bridge balance %v, %v", bal, err)
	}
}

// TestSimulatedHTTP serves the simulated L1 over HTTP and runs the deposit
// path through Dial, as an outside tool would.
func TestSimulatedHTTP(t *testing.T) {
	key := testKey("http")
	port := freePort(t)
	sim, err := NewSimulated(WithChainID(97), WithHTTP(net.JoinHostPort("127.0.0.1", strconv.Itoa(port))),
		WithBlockPeriod(20*time.Millisecond), WithAlloc(types.GenesisAlloc{addr(key): {Balance: ether(100)}}))
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l1, err := Dial(ctx, sim.HTTPURL(), WithPollInterval(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	if id, err := l1.ChainID(ctx); err != nil || id.Int64() != 97 {
		t.Fatalf("chain ID over HTTP: %v, %v", id, err)
	}
	depositAndFetch(t, ctx, l1, key)

	// A second L1 on the same port cannot start; nor one on a public address.
	if _, err := NewSimulated(WithHTTP(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))); err == nil {
		t.Error("a second simulated L1 started on a busy port")
	}
	for _, bad := range []string{"0.0.0.0:8545", "192.0.2.1:8545", "127.0.0.1:0", "127.0.0.1"} {
		if _, err := NewSimulated(WithHTTP(bad)); err == nil {
			t.Errorf("WithHTTP(%q) accepted", bad)
		}
	}
}
