package das

import (
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

func TestAdaptiveTimeout(t *testing.T) {
	l := newLatencies()
	p := peer.ID("peer")
	if got := l.timeout(p, 10*time.Second); got != 10*time.Second {
		t.Fatalf("unknown peer: %s", got)
	}
	l.observe(p, 20*time.Millisecond)
	if got := l.timeout(p, 10*time.Second); got != minRequestTimeout {
		t.Fatalf("fast peer: %s, want the 250 ms floor", got)
	}
	for range 20 {
		l.observe(p, 400*time.Millisecond)
	}
	if got := l.timeout(p, 10*time.Second); got < 1500*time.Millisecond || got > 1600*time.Millisecond {
		t.Fatalf("peer at ~400 ms: %s, want ~1.6 s", got)
	}
	for range 20 {
		l.observe(p, time.Minute)
	}
	if got := l.timeout(p, 10*time.Second); got != 10*time.Second {
		t.Fatalf("slow peer: %s, want the protocol's deadline", got)
	}
	var none *latencies
	if none.timeout(p, time.Second) != time.Second {
		t.Fatal("nil tracker must fall back to the deadline")
	}
}
