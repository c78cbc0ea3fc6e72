package p2p

import (
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/libp2p/go-libp2p/core/crypto"
)

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("L2NODE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// loopbackConfig listens on random loopback ports with fast discovery timers.
func loopbackConfig(bootstrap ...string) Config {
	c := DefaultConfig()
	c.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/quic-v1"}
	c.BootstrapPeers = bootstrap
	c.NAT = false
	c.DiscoveryInterval.UnmarshalText([]byte("2s"))
	return c
}

func newTestHost(t testing.TB, dir string, roles []Role, cfg Config) *Host {
	t.Helper()
	key := loadOrMakeKey(t, filepath.Join(dir, "key"))
	h, err := New("test", roles, key, cfg, WithLogger(testLogger(t)), WithPeerBook(filepath.Join(dir, "peerbook")))
	if err != nil {
		t.Fatalf("new host: %v", err)
	}
	return h
}

func loadOrMakeKey(t testing.TB, path string) crypto.PrivKey {
	t.Helper()
	if b, err := os.ReadFile(path); err == nil {
		k, err := crypto.UnmarshalPrivateKey(b)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := crypto.MarshalPrivateKey(k)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return k
}
