package p2p

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// TestDiscoverRolesThroughDHT starts one bootstrap node and 12 nodes of four
// roles, each told only the bootstrap address, and checks that every node
// finds every peer of every role through the DHT.
func TestDiscoverRolesThroughDHT(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 13 libp2p hosts")
	}
	ctx := context.Background()
	boot := newTestHost(t, t.TempDir(), []Role{RoleSequencer}, loopbackConfig())
	defer boot.Close()
	if err := boot.Start(ctx); err != nil {
		t.Fatal(err)
	}
	bootAddr := boot.Addrs()[0].String()

	roles := []Role{RoleSequencer, RoleValidator, RoleDA, RoleLight}
	want := map[Role]map[peer.ID]bool{}
	for _, r := range AllRoles {
		want[r] = map[peer.ID]bool{}
	}
	want[RoleSequencer][boot.ID()] = true
	var hosts []*Host
	for i := range 12 {
		r := roles[i%len(roles)]
		h := newTestHost(t, t.TempDir(), []Role{r}, loopbackConfig(bootAddr))
		defer h.Close()
		hosts = append(hosts, h)
		want[r][h.ID()] = true
	}
	for _, h := range hosts {
		if err := h.Start(ctx); err != nil {
			t.Fatal(err)
		}
		h.Discovery().Watch(roles...)
	}
	all := append([]*Host{boot}, hosts...)
	boot.Discovery().Watch(roles...)

	start := time.Now()
	deadline := start.Add(90 * time.Second)
	for {
		missing := 0
		var example string
		for _, h := range all {
			for _, r := range roles {
				got := map[peer.ID]bool{}
				for _, ai := range h.Discovery().Peers(r) {
					got[ai.ID] = true
				}
				for id := range want[r] {
					if id != h.ID() && !got[id] {
						missing++
						example = fmt.Sprintf("%s (%v) misses %s %s", h.ID(), h.Roles(), r, id)
					}
				}
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, %d role entries still missing, e.g. %s", time.Since(start), missing, example)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("13 nodes discovered every role in %s", time.Since(start).Round(time.Millisecond))

	for _, h := range hosts {
		if h.Roles()[0] == RoleLight {
			if n := len(h.Discovery().Peers(RoleDA)); n < 3 {
				t.Fatalf("light node %s found %d DA nodes, want >= 3", h.ID(), n)
			}
			if h.Sizing().DHTMode != DHTModeAuto {
				t.Fatalf("light node DHT mode %q, want auto", h.Sizing().DHTMode)
			}
		}
	}
}

func TestRelayService(t *testing.T) {
	cfg := loopbackConfig()
	cfg.RelayService = true
	h := newTestHost(t, t.TempDir(), []Role{RoleBootstrap}, cfg)
	defer h.Close()
	// The relay service starts on the reachability event, asynchronously.
	found := false
	for deadline := time.Now().Add(30 * time.Second); !found && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, p := range h.Libp2p().Mux().Protocols() {
			if p == "/libp2p/circuit/relay/0.2.0/hop" {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("relay service enabled but the hop protocol is not served")
	}
	_, err := New("test", []Role{RoleLight}, loadOrMakeKey(t, t.TempDir()+"/k"), cfg, WithPeerBook(t.TempDir()))
	if err == nil {
		t.Fatal("a light-only node accepted relay_service")
	}
}

func TestDHTProtocolPrefix(t *testing.T) {
	h := newTestHost(t, t.TempDir(), []Role{RoleDA}, loopbackConfig())
	defer h.Close()
	var kad []string
	for _, p := range h.Libp2p().Mux().Protocols() {
		if strings.Contains(string(p), "/kad/") {
			kad = append(kad, string(p))
		}
	}
	if len(kad) != 1 || kad[0] != "/l2/test/kad/1.0.0" {
		t.Fatalf("DHT protocols %v, want only /l2/test/kad/1.0.0", kad)
	}
}
