package p2p

import (
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
)

func TestReputation(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	r := NewReputation(time.Minute, 100, time.Hour, testLogger(t))
	r.now = func() time.Time { return now }
	a := testPeerID(t, t.TempDir())
	b := testPeerID(t, t.TempDir())

	r.Penalize(a, "invalid-response", 60)
	now = now.Add(time.Minute) // one half-life
	if p := r.Points(a); p < 29.9 || p > 30.1 {
		t.Fatalf("points after a half-life: %v, want 30", p)
	}
	if r.Banned(a) {
		t.Fatal("banned below the threshold")
	}
	r.Penalize(a, "invalid-response", 80) // 30 + 80 >= 100
	if !r.Banned(a) || r.InterceptPeerDial(a) || r.InterceptSecured(network.DirInbound, a, nil) {
		t.Fatal("not banned, or the gater lets it through")
	}
	now = now.Add(time.Hour + time.Second)
	if r.Banned(a) || !r.InterceptPeerDial(a) {
		t.Fatal("ban did not expire")
	}
	if r.Points(a) != 0 {
		t.Fatal("a served ban keeps its points")
	}

	r.Protect(b, "bootstrap")
	r.Penalize(b, "invalid-response", 1000)
	if r.Banned(b) || r.Ban(b, time.Hour, "test") {
		t.Fatal("protected peer banned")
	}
	if r.Points(b) < 999 {
		t.Fatal("protected peer's points not recorded")
	}
	st := r.Stats()
	if st.PenaltyByReason["invalid-response"] != 1140 || st.BansTotal != 1 || st.Protected != 1 {
		t.Fatalf("stats %+v", st)
	}
}
