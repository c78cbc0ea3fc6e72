package bridge

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

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

// TestGethDev runs deployment, a deposit and the event fetch against a real
// `geth --dev` over JSON-RPC. It needs a geth binary on PATH.
func TestGethDev(t *testing.T) {
	gethBin, err := exec.LookPath("geth")
	if err != nil {
		t.Skip("geth is not on PATH; install it with `go install github.com/ethereum/go-ethereum/cmd/geth@v1.17.8` to run this test")
	}
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.Command(gethBin, "--dev", "--datadir", t.TempDir(), "--ipcdisable", "--nodiscover", "--maxpeers", "0",
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(port), "--http.api", "eth,net,web3",
		"--verbosity", "2")
	var out bytes.Buffer // geth's log, shown if the test fails
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("geth's log:\n%s", out.Bytes())
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	var c *rpc.Client
	for {
		if c, err = rpc.DialContext(ctx, url); err == nil {
			var id hexutil.Big
			if err = c.CallContext(ctx, &id, "eth_chainId"); err == nil {
				break
			}
			c.Close()
		}
		select {
		case <-ctx.Done():
			t.Fatalf("geth --dev did not answer: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	defer c.Close()

	// Fund a key of ours from the dev account, which geth --dev unlocks.
	var accounts []common.Address
	if err := c.CallContext(ctx, &accounts, "eth_accounts"); err != nil || len(accounts) == 0 {
		t.Fatalf("dev account: %v, %v", accounts, err)
	}
	key := testKey("geth")
	var fundTx common.Hash
	if err := c.CallContext(ctx, &fundTx, "eth_sendTransaction", map[string]any{
		"from": accounts[0], "to": addr(key), "value": (*hexutil.Big)(ether(100)),
	}); err != nil {
		t.Fatal(err)
	}
	l1, err := Dial(ctx, url, WithPollInterval(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	if r, err := l1.WaitReceipt(ctx, fundTx); err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("funding: %v", err)
	}
	depositAndFetch(t, ctx, l1, key)
}
