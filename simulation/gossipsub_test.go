package simulation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// gossipRun is a network of n nodes in two regions on one topic, with
// msgs messages of size bytes published from different nodes, one every
// 200 ms from 5 s (after the meshes formed), run for end.
type gossipRun struct {
	g   *gossipNet
	t   *topic
	end time.Duration
}

func newGossipRun(n, msgs, size int, end time.Duration, edit func(*Scenario)) *gossipRun {
	s := &Scenario{
		Seed:    42,
		Regions: []string{"eu", "us"},
		Latency: map[string]map[string]Duration{
			"eu": {"eu": Duration(10 * time.Millisecond), "us": Duration(40 * time.Millisecond)},
			"us": {"eu": Duration(40 * time.Millisecond), "us": Duration(10 * time.Millisecond)},
		},
		Jitter: 0.1,
		Groups: []Group{
			{Role: "light", Count: n / 2, Region: "eu", UplinkBps: 100e6, DownlinkBps: 100e6},
			{Role: "light", Count: n - n/2, Region: "us", UplinkBps: 100e6, DownlinkBps: 100e6},
		},
		Gossip: DefaultGossipParams(),
	}
	if edit != nil {
		edit(s)
	}
	e := newEngine(s.Seed, nil)
	g := newGossipNet(newNetwork(s, e), s.Gossip)
	t := g.addTopic("test", func(*netNode) bool { return true }, nil)
	g.start()
	for i := range msgs {
		from := g.nodes[(i*7919)%len(g.nodes)]
		e.at(5*time.Second+time.Duration(i)*200*time.Millisecond, func() { g.publish(from, t, "msg", size, nil) })
	}
	e.run(end)
	return &gossipRun{g: g, t: t, end: end}
}

// missing counts the (message, subscriber) pairs never delivered.
func (r *gossipRun) missing() int {
	n := 0
	for _, m := range r.t.msgs {
		for _, at := range m.got {
			if at < 0 {
				n++
			}
		}
	}
	return n
}

func (r *gossipRun) dups() int {
	n := 0
	for _, m := range r.t.msgs {
		n += m.dups
	}
	return n
}

// meanFull is the mean time for a message to reach every subscriber.
func (r *gossipRun) meanFull(t *testing.T) time.Duration {
	var sum time.Duration
	for _, m := range r.t.msgs {
		last := time.Duration(0)
		for _, at := range m.got {
			if at < 0 {
				t.Fatalf("message %d never reached a subscriber", m.id)
			}
			last = max(last, at-m.at)
		}
		sum += last
	}
	return sum / time.Duration(len(r.t.msgs))
}

func TestGossipMeshDegreesStayWithinBounds(t *testing.T) {
	r := newGossipRun(300, 0, 0, 20*time.Second, nil)
	p := r.g.p
	for _, n := range r.g.nodes {
		pt := n.topics[r.t.ix]
		if len(pt.peers) < p.Dhi {
			t.Fatalf("node %d has only %d peers", n.id, len(pt.peers))
		}
		if d := len(pt.mesh); d < p.Dlo || d > p.Dhi {
			t.Fatalf("node %d: mesh degree %d outside [%d, %d]", n.id, d, p.Dlo, p.Dhi)
		}
		for _, q := range pt.mesh {
			if !slices.Contains(pt.peers, q) {
				t.Fatalf("node %d has %d in its mesh, which is not a peer", n.id, q.n.id)
			}
		}
	}
}

func TestGossipReachesEveryLiveSubscriber(t *testing.T) {
	r := newGossipRun(300, 20, 500, 15*time.Second, nil)
	if miss := r.missing(); miss != 0 {
		t.Fatalf("%d deliveries missing without loss", miss)
	}
}

func TestGossipRecoversLostMessagesByIWant(t *testing.T) {
	// With a mesh of degree 2 and 15% of deliveries lost, the mesh alone
	// leaves many nodes out; IHAVE gossip and IWANT fill them in.
	edit := func(s *Scenario) {
		s.Loss = 0.15
		s.Gossip.D, s.Gossip.Dlo, s.Gossip.Dhi = 2, 1, 3
	}
	r := newGossipRun(200, 10, 500, 20*time.Second, edit)
	iwanted := 0
	for _, m := range r.t.msgs {
		iwanted += m.iwanted
	}
	if miss := r.missing(); miss != 0 {
		t.Fatalf("%d deliveries never recovered", miss)
	}
	if iwanted == 0 {
		t.Fatal("no message was sent in reply to IWANT")
	}
	t.Logf("%d copies sent in reply to IWANT", iwanted)
}

func TestIDontWantLowersDuplicates(t *testing.T) {
	const size = 200_000 // 16 ms on a 100 Mbit/s uplink: peers learn it is coming
	on := newGossipRun(200, 10, size, 12*time.Second, nil)
	off := newGossipRun(200, 10, size, 12*time.Second, func(s *Scenario) { s.Gossip.IDontWantThreshold = -1 })
	if on.missing() != 0 || off.missing() != 0 {
		t.Fatal("deliveries missing")
	}
	t.Logf("duplicates: %d with IDONTWANT, %d without", on.dups(), off.dups())
	if on.dups() >= off.dups()*9/10 {
		t.Fatalf("IDONTWANT did not lower duplicates: %d with, %d without", on.dups(), off.dups())
	}
	// Below the threshold nothing changes.
	small := newGossipRun(200, 10, 500, 12*time.Second, nil)
	smallOff := newGossipRun(200, 10, 500, 12*time.Second, func(s *Scenario) { s.Gossip.IDontWantThreshold = -1 })
	if small.dups() != smallOff.dups() {
		t.Fatalf("small messages: %d duplicates with IDONTWANT, %d without", small.dups(), smallOff.dups())
	}
}

func TestPropagationGrowsWithLatency(t *testing.T) {
	var last time.Duration
	for _, ms := range []int{5, 50, 150} {
		lat := Duration(time.Duration(ms) * time.Millisecond)
		r := newGossipRun(200, 10, 500, 10*time.Second, func(s *Scenario) {
			s.Latency = map[string]map[string]Duration{"eu": {"eu": lat, "us": lat}, "us": {"eu": lat, "us": lat}}
		})
		full := r.meanFull(t)
		t.Logf("latency %d ms: mean time to every node %s", ms, full)
		if full <= last {
			t.Fatalf("latency %d ms: %s, not above %s", ms, full, last)
		}
		last = full
	}
}

func TestGossipDeterministic(t *testing.T) {
	a := newGossipRun(150, 10, 5000, 10*time.Second, func(s *Scenario) { s.Loss = 0.05 })
	b := newGossipRun(150, 10, 5000, 10*time.Second, func(s *Scenario) { s.Loss = 0.05 })
	for i, m := range a.t.msgs {
		if !slices.Equal(m.got, b.t.msgs[i].got) || m.dups != b.t.msgs[i].dups {
			t.Fatalf("message %d differs between two runs of one seed", i)
		}
	}
	for i, n := range a.g.nodes {
		if !slices.Equal(n.sent, b.g.nodes[i].sent) || !slices.Equal(n.recv, b.g.nodes[i].recv) {
			t.Fatalf("node %d's traffic differs between two runs of one seed", i)
		}
	}
}

func TestDownlinkQueuesArrivals(t *testing.T) {
	// A slow downlink makes a large message arrive later.
	fast := newGossipRun(100, 5, 100_000, 10*time.Second, nil)
	slow := newGossipRun(100, 5, 100_000, 10*time.Second, func(s *Scenario) {
		for i := range s.Groups {
			s.Groups[i].DownlinkBps = 10e6
		}
	})
	if f, s := fast.meanFull(t), slow.meanFull(t); s <= f {
		t.Fatalf("a 10 Mbit/s downlink (%s) is not slower than 100 Mbit/s (%s)", s, f)
	}
}

func TestGossipScenarioErrors(t *testing.T) {
	base := "seed: 1\nduration: 10s\nconsensus: {slot: 1s, view_timeout: 3s}\nregions: [eu]\nlatency:\n  eu: {eu: 5ms}\n" +
		"groups:\n  - {role: sequencer, count: 4, region: eu}\n"
	for name, tc := range map[string]struct{ add, want string }{
		"unknown key":   {"gossip:\n  d: 8\n  mesh: 3\n", "line 11: field mesh not found in gossip"},
		"d below d_lo":  {"gossip:\n  d: 4\n  d_lo: 6\n", "line 10: gossip.d: 4 is below d_lo (6)"},
		"d_hi below d":  {"gossip:\n  d_hi: 5\n", "line 10: gossip.d_hi: 5 is below d (8)"},
		"history":       {"gossip:\n  history_length: 2\n  history_gossip: 3\n", "line 11: gossip.history_gossip"},
		"no peers":      {"gossip:\n  peers: 0\n", "line 10: gossip.peers"},
		"bad threshold": {"gossip:\n  idontwant_threshold: big\n", "line 10: \"big\" is not a positive byte count"},
		"bad downlink":  {"", "line 8: \"-3Mbit\" is not a positive bit rate"},
	} {
		y := base + tc.add
		if name == "bad downlink" {
			y = strings.Replace(y, "region: eu}", "region: eu, downlink: -3Mbit}", 1)
		}
		_, err := ParseScenario("s.yaml", []byte(y))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
	s, err := ParseScenario("s.yaml", []byte(base+"gossip: {d: 10, d_hi: 14, idontwant_threshold: \"off\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultGossipParams()
	want.D, want.Dhi, want.IDontWantThreshold = 10, 14, -1
	if s.Gossip != want || s.Groups[0].DownlinkBps != s.Groups[0].UplinkBps {
		t.Fatalf("gossip %+v, want %+v; downlink %v", s.Gossip, want, s.Groups[0].DownlinkBps)
	}
}
