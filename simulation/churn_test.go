package simulation

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const churnScenario = `seed: 5
duration: 60s
consensus: {slot: 1s, view_timeout: 3s}
regions: [eu, us]
latency:
  eu: {eu: 5ms, us: 45ms}
  us: {eu: 45ms, us: 8ms}
jitter: 0.1
groups:
  - {role: sequencer, count: 4, region: eu}
  - {role: sequencer, count: 3, region: us}
  - {role: da, count: 6, region: eu, churn: {leave_per_min: 6, join_per_min: 6}}
  - {role: light, count: 100, region: us, churn: {leave_per_min: 60, join_per_min: 30, online: 80}}
workload: {tx_rate: 100, tx_size: 120}
das: {k: 8}
`

// TestChurn: nodes leave and join; those that left are in no live node's
// mesh, those that came back have grafted peers, light nodes that are off
// give no verdicts, and the outputs record every departure and arrival.
func TestChurn(t *testing.T) {
	s, err := ParseScenario("churn.yaml", []byte(churnScenario))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := newSeqSim(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	sim.run()
	rejoined := 0
	for _, n := range sim.net.nodes {
		for _, pt := range n.topics {
			if pt == nil || n.dead {
				continue
			}
			for _, q := range pt.mesh {
				if q.n.dead {
					t.Fatalf("%d keeps node %d, which left, in its %s mesh", n.id, q.n.id, pt.t.name)
				}
			}
		}
	}
	for _, cg := range sim.churn {
		for _, ev := range cg.events {
			if !ev.leave && !ev.node.dead {
				if pt := ev.node.topics[sim.das.headers.ix]; len(pt.mesh) == 0 {
					t.Fatalf("node %d joined and has no mesh", ev.node.id)
				}
				rejoined++
			}
		}
	}
	if rejoined == 0 {
		t.Fatal("no node joined and stayed")
	}

	m, dir := runYAML(t, churnScenario, "")
	if len(m.Churn) != 2 {
		t.Fatalf("churn: %+v", m.Churn)
	}
	rows, _ := os.ReadFile(filepath.Join(dir, "churn.csv"))
	events := 0
	for _, c := range m.Churn {
		t.Logf("%+v", c)
		if c.Departures == 0 || c.Arrivals == 0 || c.OnlineEnd != c.OnlineStart-c.Departures+c.Arrivals || c.OnlineMin > c.OnlineEnd {
			t.Fatalf("churn counts: %+v", c)
		}
		events += c.Departures + c.Arrivals
	}
	if got := strings.Count(string(rows), "\n") - 1; got != events {
		t.Fatalf("churn.csv has %d rows for %d events", got, events)
	}
	light := m.Churn[1]
	if light.OnlineMean >= 80 || light.OnlineEnd >= 80 {
		t.Fatalf("more light nodes leave than join, yet %+v", light)
	}
	// Verdicts per square follow the light nodes online: 80 at the
	// start, fewer at the end.
	das, _ := os.ReadFile(filepath.Join(dir, "das.csv"))
	lines := strings.Split(strings.TrimSpace(string(das)), "\n")
	verdicts := func(line string) int {
		v, err := strconv.Atoi(strings.Split(line, ",")[3])
		if err != nil {
			t.Fatalf("das.csv row %q: %v", line, err)
		}
		return v
	}
	first, last := verdicts(lines[1]), verdicts(lines[len(lines)-1])
	if first > 80 || last >= first || last > light.OnlineEnd+5 {
		t.Fatalf("verdicts on the first square %d, on the last %d, with %d light nodes online at the end", first, last, light.OnlineEnd)
	}
	if m.DAS.FalseAlarms != 0 || m.FinalBlocks < 50 {
		t.Fatalf("churn of DA and light nodes should not disturb sequencing or DAS: %d blocks, %d false alarms", m.FinalBlocks, m.DAS.FalseAlarms)
	}
	_, dir2 := runYAML(t, churnScenario, "")
	sameFiles(t, dir, dir2, "churn.csv", "metrics.json", "das.csv", "propagation.csv")
}

func TestChurnErrors(t *testing.T) {
	for name, tc := range map[string]struct{ edit, want string }{
		"sequencer": {"role: sequencer, count: 3, region: us}", "groups[1].churn: sequencers do not churn"},
		"negative":  {"role: da, count: 6, region: eu, churn: {leave_per_min: -6}}", "groups[2].churn: leave_per_min and join_per_min must not be negative"},
		"online":    {"role: da, count: 6, region: eu, churn: {leave_per_min: 1, online: 7}}", "groups[2].churn.online: 7 of a group of 6"},
		"unknown":   {"role: da, count: 6, region: eu, churn: {leave_rate: 1}}", "field leave_rate not found"},
	} {
		text := churnScenario
		switch name {
		case "sequencer":
			text = strings.Replace(text, tc.edit, "role: sequencer, count: 3, region: us, churn: {leave_per_min: 1}}", 1)
		default:
			text = strings.Replace(text, "role: da, count: 6, region: eu, churn: {leave_per_min: 6, join_per_min: 6}}", tc.edit, 1)
		}
		_, err := ParseScenario("s.yaml", []byte(text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}
