package node

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func loopbackNode(t testing.TB, roles string, bootstrap ...string) *Node {
	t.Helper()
	return loopbackNodeWith(t, roles, nil, bootstrap...)
}

// loopbackNodeWith is loopbackNode with further options set.
func loopbackNodeWith(t testing.TB, roles string, sets map[string]string, bootstrap ...string) *Node {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "node")
	cfg := DefaultConfig()
	for k, v := range sets {
		if err := cfg.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range map[string]string{
		"node.roles":             roles,
		"p2p.listen_addrs":       "/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1",
		"p2p.nat":                "false",
		"p2p.discovery_interval": "1s",
		"p2p.bootstrap_peers":    strings.Join(bootstrap, ","),
		"metrics.listen_addr":    "127.0.0.1:0",
		"rpc.listen_addr":        "127.0.0.1:0",
	} {
		if err := cfg.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Init(dir, cfg, false); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadDatadir(dir)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("L2NODE_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	n, err := New(dir, loaded, WithLogger(log.With("roles", roles)), SharedProcess())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsAndHealth(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three libp2p hosts")
	}
	boot := loopbackNode(t, "bootstrap")
	baddr := boot.Host().Addrs()[0].String()
	da := loopbackNode(t, "da", baddr)
	light := loopbackNode(t, "light", baddr)

	deadline := time.Now().Add(60 * time.Second)
	for {
		_, body := get(t, light.MetricsURL()+"/metrics")
		if strings.Contains(body, `l2_p2p_peers{role="da"} 1`) && strings.Contains(body, `l2_p2p_role_advertised{role="light"} 1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("light node never counted its DA peer or advertised its role:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, body := get(t, light.MetricsURL()+"/metrics")
	for _, want := range []string{
		"l2_p2p_connected_peers 2",
		`l2_p2p_bandwidth_bytes_total{direction="in"}`,
		`l2_p2p_connections{direction="outbound",transport=`,
		"l2_p2p_routing_table_peers",
		"l2_p2p_peer_book_peers",
		`l2_node_info{commit=`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code, body := get(t, da.MetricsURL()+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, _ := get(t, da.MetricsURL()+"/readyz"); code != 200 {
		t.Errorf("/readyz: %d", code)
	}
	if code, body := get(t, da.MetricsURL()+"/status"); code != 200 || !strings.Contains(body, da.Host().ID().String()) {
		t.Errorf("/status: %d %s", code, body)
	}
	da.Close()
	if _, err := http.Get(da.MetricsURL() + "/healthz"); err == nil {
		t.Error("metrics server still answers after Close")
	}
}
