package simulation

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// emulateTiny is a 12-node scenario over two regions with 20 ms and 60 ms
// links and no jitter: 4 sequencers, 4 DA nodes, 4 light nodes.
const emulateTiny = `
seed: 3
duration: 2s
consensus: {slot: 500ms, view_timeout: 2s}
regions: [eu, us]
latency:
  eu: {eu: 20ms, us: 60ms}
  us: {eu: 60ms, us: 20ms}
groups:
  - {role: sequencer, count: 2, region: eu}
  - {role: sequencer, count: 2, region: us}
  - {role: da, count: 2, region: eu}
  - {role: da, count: 2, region: us}
  - {role: light, count: 2, region: eu}
  - {role: light, count: 2, region: us}
workload: {tx_rate: 20, tx_size: 200}
das: {k: 4}
gossip: {d: 4, d_lo: 3, d_hi: 6, peers: 5}
`

// TestEmulateTiny emulates a 12-node scenario on real hosts with the real
// GossipSub: every node gets every message of its topics, and no delivery
// comes sooner than the shortest path of link latencies from the
// publisher allows (a physical bound, not a timing guess).
func TestEmulateTiny(t *testing.T) {
	s, err := ParseScenario("tiny.yaml", []byte(emulateTiny))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := emulationGossipConfig(s)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	// Generous: a loaded machine may take long to deliver, never too
	// little.
	e, m, err := emulate(s, cfg, log, EmulateOptions{Drain: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if m.Published == 0 || m.Expected == 0 {
		t.Fatalf("nothing to check: %d messages, %d deliveries expected", m.Published, m.Expected)
	}
	if m.Delivered != m.Expected {
		t.Fatalf("%d of %d deliveries", m.Delivered, m.Expected)
	}
	topics := map[string]bool{}
	for _, tm := range e.trace {
		topics[tm.m.t.name] = true
	}
	if !topics["consensus"] || !topics["da_header"] {
		t.Fatalf("topics emulated: %v, want consensus and da_header", topics)
	}
	dist := shortestLatencies(e)
	checked := 0
	for k, tm := range e.trace {
		from := int(tm.m.from)
		for i, si := range tm.si {
			if si < 0 || i == from {
				continue
			}
			if tm.got[si].IsZero() {
				t.Fatalf("message %d (%s): node %d never got it", k, tm.m.t.name, i)
			}
			if d := tm.got[si].Sub(tm.pubAt); d < dist[from][i] {
				t.Fatalf("message %d (%s) from node %d reached node %d after %s, below the %s of its shortest path", k, tm.m.t.name, from, i, d, dist[from][i])
			}
			checked++
		}
	}
	if checked != m.Expected {
		t.Fatalf("checked %d deliveries, want %d", checked, m.Expected)
	}
	// The same figures go to propagation.csv in the model's format.
	dir := t.TempDir()
	if err := e.write(dir, m); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(dir, "propagation.csv"))
	if len(rows)-1 != m.Published {
		t.Fatalf("propagation.csv: %d rows, want %d", len(rows)-1, m.Published)
	}
	want := "topic,id,kind,publisher,published_ms,targets,reached,reach_50_ms,reach_90_ms,reach_99_ms,reach_100_ms,duplicates,duplicates_per_node,iwant_copies"
	if got := strings.Join(rows[0], ","); got != want {
		t.Fatalf("propagation.csv header\n got %s\nwant %s", got, want)
	}
	for _, r := range rows[1:] {
		if r[5] != r[6] || r[10] == "" {
			t.Fatalf("propagation.csv: a message did not reach every target: %v", r)
		}
		if ms := mustFloat(t, r[7]); ms < 20 {
			t.Fatalf("propagation.csv: reach_50 %g ms, below one 20 ms link: %v", ms, r)
		}
	}
	var back EmulationMetrics
	b, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Mode != "emulation" || back.Nodes != 12 || back.Gossip == nil {
		t.Fatalf("metrics.json: %v, %+v", err, back)
	}
}

// shortestLatencies are the shortest paths between nodes over the
// emulation's links, weighted by their latencies (Floyd–Warshall).
func shortestLatencies(e *emulation) [][]time.Duration {
	net := e.sim.net
	n := len(net.nodes)
	d := make([][]time.Duration, n)
	for i := range d {
		d[i] = make([]time.Duration, n)
		for j := range d[i] {
			d[i][j] = math.MaxInt64 / 4
		}
		d[i][i] = 0
	}
	for i, a := range net.nodes {
		for _, c := range a.conns {
			b := net.nodes[c]
			lat := (net.lat[a.region][b.region] + net.lat[b.region][a.region]) / 2
			d[i][c] = min(d[i][c], lat)
		}
	}
	for k := range n {
		for i := range n {
			for j := range n {
				d[i][j] = min(d[i][j], d[i][k]+d[k][j])
			}
		}
	}
	return d
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	if _, err := fmt.Sscanf(s, "%g", &v); err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

// TestCheckEmulate: the emulation refuses what it cannot run faithfully,
// with an error naming the field, before any host starts.
func TestCheckEmulate(t *testing.T) {
	base, err := ParseScenario("tiny.yaml", []byte(emulateTiny))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckEmulate(base, 0); err != nil {
		t.Fatalf("tiny scenario refused: %v", err)
	}
	cases := []struct {
		name, edit, want string
		maxNodes         int
	}{
		{"over 100 nodes", "- {role: light, count: 2, region: us}|- {role: light, count: 92, region: us}", "102 nodes, more than the 100", 0},
		{"over nodes-max", "", "12 nodes, more than the 10", 10},
		{"nodes-max beyond the hard limit", "", "nodes-max 1000", 1000},
		{"loss", "workload:|loss: 0.01\nworkload:", "loss 0.01", 0},
		{"adversary", "gossip:|adversaries: [{kind: crash-leader, at: 1s}]\ngossip:", "adversaries[0] (crash-leader)", 0},
		{"churn", "- {role: light, count: 2, region: us}|- {role: light, count: 2, region: us, churn: {leave_per_min: 1}}", "groups[5].churn", 0},
		{"prune backoff", "peers: 5}|peers: 5, prune_backoff: 10s}", "gossip.prune_backoff", 0},
		{"gossip factor", "peers: 5}|peers: 5, gossip_factor: 0.5}", "gossip.gossip_factor", 0},
		{"heartbeat below the node's minimum", "peers: 5}|peers: 5, heartbeat: 20ms}", "heartbeat", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := emulateTiny
			if c.edit != "" {
				from, to, _ := strings.Cut(c.edit, "|")
				src = strings.Replace(src, from, to, 1)
			}
			s, err := ParseScenario("edit.yaml", []byte(src))
			if err != nil {
				t.Fatalf("scenario does not parse: %v", err)
			}
			err = CheckEmulate(s, c.maxNodes)
			if !errors.Is(err, ErrNotEmulable) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrNotEmulable naming %q", err, c.want)
			}
			// Emulate refuses the same way, before anything starts.
			if _, err := Emulate(s, t.TempDir(), EmulateOptions{MaxNodes: c.maxNodes}); !errors.Is(err, ErrNotEmulable) {
				t.Fatalf("Emulate: got %v, want ErrNotEmulable", err)
			}
		})
	}
}

// TestCalibrateTiny runs the model and the emulation of the tiny scenario
// and compares them: every message of both topics is paired, and both runs
// reach every subscriber.
func TestCalibrateTiny(t *testing.T) {
	s, err := ParseScenario("tiny.yaml", []byte(emulateTiny))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rows, m, err := Calibrate(s, dir, EmulateOptions{Drain: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if m.Delivered != m.Expected {
		t.Fatalf("emulation: %d of %d deliveries", m.Delivered, m.Expected)
	}
	model := readCSV(t, filepath.Join(dir, "model", "propagation.csv"))
	// Every message the model took that far is paired (the emulation
	// reached every subscriber with each).
	per := map[string]int{}
	for _, r := range model[1:] {
		for reach, col := range map[string]int{"50%": 7, "90%": 8, "100%": 10} {
			if r[col] != "" {
				per[r[0]+" "+reach]++
			}
		}
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 3 reaches × 2 topics: %+v", len(rows), rows)
	}
	for _, r := range rows {
		want := per[r.Topic+" "+r.Reach]
		if r.Messages == 0 || r.Messages != want || r.Model.N != r.Messages || r.Emulation.N != r.Messages {
			t.Fatalf("%s %s: %d messages paired, want %d: %+v", r.Topic, r.Reach, r.Messages, want, r)
		}
	}
	for _, name := range []string{"calibration.csv", "calibration.md", "model/metrics.json", "emulation/metrics.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}
