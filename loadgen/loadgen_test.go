package loadgen

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
)

// TestLoadAgainstDevChain runs the generator against a real single-node
// dev chain (the dev sealer, 200 ms batches) over JSON-RPC: every transfer
// sent becomes final, once, and the report says so.
func TestLoadAgainstDevChain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dev")
	cfg := node.DefaultConfig()
	for k, v := range map[string]string{
		"node.roles": "sequencer", "p2p.listen_addrs": "/ip4/127.0.0.1/tcp/0", "p2p.nat": "false",
		"metrics.listen_addr": "127.0.0.1:0", "rpc.listen_addr": "127.0.0.1:0",
		"exec.dev_sealer": "true", "exec.dev_slot": "200ms",
	} {
		if err := cfg.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := node.Init(dir, cfg, false); err != nil {
		t.Fatal(err)
	}
	n, err := node.New(dir, cfg, node.WithLogger(slog.New(slog.DiscardHandler)), node.SharedProcess())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var keys []*ecdsa.PrivateKey
	for _, k := range exec.DevKeys(4) {
		keys = append(keys, k.Key)
	}
	res, err := Run(context.Background(), Config{RPC: n.RPCURL(), Keys: keys, Rate: 100, Duration: 2 * time.Second, Wait: time.Minute, Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.String())
	if res.Errors != 0 || res.Sent < 150 {
		t.Fatalf("sent %d, %d refused (%s)", res.Sent, res.Errors, res.FirstError)
	}
	final := res.Latencies[0]
	if final.Status != "final" || final.Count != res.Sent || final.P50 <= 0 || final.Max < final.P99 {
		t.Fatalf("final: %+v of %d sent", final, res.Sent)
	}
	if res.Throughput <= 0 {
		t.Fatalf("throughput %v", res.Throughput)
	}
	// The dev chain commits nothing to L1: those statuses are unknown.
	if !res.Latencies[2].Unknown || !strings.Contains(res.String(), "committed        0") {
		t.Fatalf("committed: %+v\n%s", res.Latencies[2], res.String())
	}
	// The sink got exactly one wei per transfer.
	c, err := n.Exec().StateAt(n.Exec().Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.GetBalance(Sink).Uint64(); got != uint64(res.Sent) {
		t.Fatalf("sink holds %d wei for %d transfers", got, res.Sent)
	}
}
