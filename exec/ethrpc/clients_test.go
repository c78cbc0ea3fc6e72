package ethrpc

import (
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	l2exec "github.com/l2node/l2node/exec"
)

// TestUnmodifiedJSClients runs ethers v6 and viem, as published on npm and
// unmodified, against a node whose dev sealer makes a batch every 100 ms.
// The libraries are installed by `make rpc-clients` (CI runs it); without
// them the test says so and skips.
func TestUnmodifiedJSClients(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Node.js")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node (Node.js) is not installed")
	}
	_, self, _, _ := runtime.Caller(0)
	clients := filepath.Join(filepath.Dir(self), "testdata", "clients")
	if _, err := os.Stat(filepath.Join(clients, "node_modules", "ethers")); err != nil {
		t.Skip("ethers and viem are not installed: run `make rpc-clients`")
	}
	artifact := filepath.Join(filepath.Dir(self), "..", "..", "contracts", "artifacts", "TestToken.json")

	for i, script := range []string{"ethers.mjs", "viem.mjs"} {
		t.Run(strings.TrimSuffix(script, ".mjs"), func(t *testing.T) {
			e, err := l2exec.Open(t.TempDir(), l2exec.DevGenesis(4242, 4), l2exec.Config{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			pool := l2exec.NewDevPool(e, 10_000)
			srv, err := New(Backend{Exec: e, Pool: pool, ClientVersion: "l2node/test"})
			if err != nil {
				t.Fatal(err)
			}
			addr, err := srv.Start("127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sealer := &l2exec.DevSealer{Exec: e, Pool: pool, Interval: 100 * time.Millisecond}
			done := make(chan struct{})
			go func() { defer close(done); sealer.Run(ctx) }()
			defer func() { cancel(); <-done }()

			key := l2exec.DevKeys(4)[i]
			cctx, ccancel := context.WithTimeout(ctx, 3*time.Minute)
			defer ccancel()
			cmd := exec.CommandContext(cctx, nodeBin, script, "http://"+addr, "0x"+hex.EncodeToString(crypto.FromECDSA(key.Key)), artifact)
			cmd.Dir = clients
			out, err := cmd.CombinedOutput()
			t.Logf("%s:\n%s", script, out)
			if err != nil || !strings.Contains(string(out), "\ndone") {
				t.Fatalf("%s failed: %v", script, err)
			}
		})
	}
}
