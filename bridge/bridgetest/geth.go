package bridgetest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/bridge"
)

// GethInstall is how to get the geth binary the geth tests run.
const GethInstall = "go install github.com/ethereum/go-ethereum/cmd/geth@v1.17.8"

// Geth is a `geth --dev` node a test started: a real L1 over JSON-RPC on a
// loopback port, with geth's unlocked dev account as the faucet.
type Geth struct {
	T   testing.TB
	Ctx context.Context
	URL string
	RPC *rpc.Client // raw JSON-RPC, for the dev account's eth_sendTransaction
	L1  bridge.L1   // Dial over URL, asking for receipts every 50 ms
	dev common.Address
}

// StartGeth starts `geth --dev` from PATH, mining a block every period
// (whole seconds; 0: only when a transaction arrives), and stops it when the
// test ends, printing its log if the test failed. Without geth on PATH it
// skips the test. ctx bounds the wait for geth and every later call.
func StartGeth(t testing.TB, ctx context.Context, period time.Duration) *Geth {
	t.Helper()
	bin, err := exec.LookPath("geth")
	if err != nil {
		t.Skip("geth is not on PATH; install it with `" + GethInstall + "` to run this test")
	}
	port := freePort(t)
	// NB: --dev turns off the P2P listener and needs no engine API port;
	// only the HTTP port is ours to pick.
	cmd := exec.Command(bin, "--dev", "--dev.period", strconv.Itoa(int(period/time.Second)),
		"--datadir", t.TempDir(), "--ipcdisable", "--nodiscover", "--maxpeers", "0",
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(port), "--http.api", "eth,net,web3",
		"--verbosity", "2")
	out := new(syncBuffer) // geth's log, shown if the test fails
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("geth's log:\n%s", out.String())
		}
	})
	g := &Geth{T: t, Ctx: ctx, URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	for {
		if g.RPC, err = rpc.DialContext(ctx, g.URL); err == nil {
			var id hexutil.Big
			if err = g.RPC.CallContext(ctx, &id, "eth_chainId"); err == nil {
				break
			}
			g.RPC.Close()
		}
		select {
		case <-ctx.Done():
			t.Fatalf("geth --dev did not answer: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Cleanup(g.RPC.Close)
	var accounts []common.Address
	if err := g.RPC.CallContext(ctx, &accounts, "eth_accounts"); err != nil || len(accounts) == 0 {
		t.Fatalf("dev account: %v, %v", accounts, err)
	}
	g.dev = accounts[0]
	if g.L1, err = bridge.Dial(ctx, g.URL, bridge.WithPollInterval(50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.L1.Close() })
	return g
}

// Fund sends 1,000,000 coins from the dev account to each address and waits
// until all are mined.
func (g *Geth) Fund(addrs ...common.Address) {
	g.T.Helper()
	var txs []common.Hash
	for _, a := range addrs {
		var h common.Hash
		if err := g.RPC.CallContext(g.Ctx, &h, "eth_sendTransaction", map[string]any{
			"from": g.dev, "to": a, "value": (*hexutil.Big)(Ether(1_000_000)),
		}); err != nil {
			g.T.Fatalf("fund %s: %v", a, err)
		}
		txs = append(txs, h)
	}
	for _, h := range txs {
		if r, err := g.L1.WaitReceipt(g.Ctx, h); err != nil || r.Status != types.ReceiptStatusSuccessful {
			g.T.Fatalf("funding transaction %s: %v", h, err)
		}
	}
}

// freePort finds a loopback port nobody listens on, for a server that needs
// an explicit one.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer is a bytes.Buffer a child process writes to while the test
// may read it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
