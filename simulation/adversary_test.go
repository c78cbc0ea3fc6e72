package simulation

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sevenSequencers is a small network for the adversary tests: seven
// sequencers (one faulty leaves a quorum), two DA nodes and light nodes.
const sevenSequencers = `seed: 5
duration: 40s
consensus: {slot: 1s, view_timeout: 3s}
regions: [eu, us]
latency:
  eu: {eu: 5ms, us: 45ms}
  us: {eu: 45ms, us: 8ms}
jitter: 0.1
groups:
  - {role: sequencer, count: 4, region: eu}
  - {role: sequencer, count: 3, region: us}
  - {role: da, count: 2, region: eu}
  - {role: light, count: 40, region: us}
workload: {tx_rate: 100, tx_size: 120}
das: {k: 8}
`

// runYAML parses and runs a scenario given as text, with extra appended.
func runYAML(t *testing.T, text, extra string) (*Metrics, string) {
	t.Helper()
	s, err := ParseScenario("test.yaml", []byte(text+extra))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m, err := Run(s, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Conflicts != 0 {
		t.Fatalf("%d conflicting finalizations", m.Conflicts)
	}
	return m, dir
}

// TestEquivocationDetected: a leader that signs two proposals (and votes
// for both) in each view it leads is caught by every honest core through
// the consensus core's evidence, every honest sequencer holds the evidence
// within a few network delays, and its views cost timeouts.
func TestEquivocationDetected(t *testing.T) {
	const adv = "adversaries:\n  - {kind: equivocate, at: 10s, until: 30s, target: seq2}\n"
	m, dir := runYAML(t, sevenSequencers, adv)
	base, _ := runYAML(t, sevenSequencers, "")
	t.Logf("with: %d blocks, %d timeouts, evidence %v; without: %d blocks, %d timeouts", m.FinalBlocks, m.Timeouts, m.Evidence, base.FinalBlocks, base.Timeouts)
	if len(base.Equivocations) != 0 || len(base.Evidence) != 0 {
		t.Fatalf("evidence without an adversary: %v %v", base.Evidence, base.Equivocations)
	}
	if len(m.Equivocations) < 2 || m.Evidence["two proposals"] == 0 || m.Evidence["two block votes"] == 0 {
		t.Fatalf("equivocations %+v, evidence %v", m.Equivocations, m.Evidence)
	}
	for _, q := range m.Equivocations {
		if q.Signer != "seq2" || q.AtSeconds < 10 || q.AtSeconds >= 30 {
			t.Fatalf("equivocation outside the adversary: %+v", q)
		}
		// Both proposals flood the consensus topic: every honest core sees
		// both, and the evidence topic tells any that missed one.
		if q.DetectedMS < 0 || q.DetectedMS > 500 || q.DetectedBy == 0 || q.AllKnowMS < q.DetectedMS || q.KnownBy != 6 {
			t.Fatalf("equivocation not detected by all: %+v", q)
		}
	}
	if m.Timeouts <= base.Timeouts || m.FinalBlocks > base.FinalBlocks {
		t.Fatalf("an equivocating leader should cost views: %d timeouts and %d blocks against %d and %d",
			m.Timeouts, m.FinalBlocks, base.Timeouts, base.FinalBlocks)
	}
	_, dir2 := runYAML(t, sevenSequencers, adv)
	sameFiles(t, dir, dir2, "evidence.csv", "metrics.json", "propagation.csv")
}

func TestAdversaryErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		adv, want string
	}{
		"unknown field":         {"{kind: eclipse, at: 1s, target: light3, colour: red}", "line 17: field colour not found in adversary"},
		"field of another":      {"{kind: equivocate, at: 1s, fraction: 0.5}", "line 17: adversaries[0].fraction: does not apply to equivocate"},
		"equivocate non-seq":    {"{kind: equivocate, at: 1s, target: da0}", "adversaries[0].target: \"da0\" is not a sequencer"},
		"too many equivocators": {"{kind: equivocate, at: 1s}\n  - {kind: equivocate, at: 2s}\n  - {kind: crash-leader, at: 3s}", "3 faulty sequencers"},
		"eclipse no target":     {"{kind: eclipse, at: 1s}", "adversaries[0].target: missing"},
		"eclipse no such node":  {"{kind: eclipse, at: 1s, target: light40}", "\"light40\" is not a node of the scenario (seq0 … seq6, da0 … da1, light0 … light39)"},
		"eclipse twice":         {"{kind: eclipse, at: 1s, target: da1}\n  - {kind: eclipse, at: 2s, target: da1}", "line 18: adversaries[1].target: da1 is eclipsed by adversaries[0] already"},
		"eclipse drop":          {"{kind: eclipse, at: 1s, target: da1, drop: 1.5}", "adversaries[0].drop: 1.5"},
		"eclipse no effect":     {"{kind: eclipse, at: 1s, target: da1, drop: 0}", "the attackers would do nothing"},
		"sybil no nodes":        {"{kind: sybil, at: 1s}", "adversaries[0].nodes: 0 sybil peers"},
		"sybil too many":        {"{kind: sybil, at: 1s, nodes: 1000000}", "want 1 to 100000"},
		"sybil spam":            {"{kind: sybil, at: 1s, nodes: 3, spam: loud}", "adversaries[0].spam: \"loud\""},
		"sybil topic":           {"{kind: sybil, at: 1s, nodes: 3, topic: blocks}", "adversaries[0].topic: \"blocks\""},
		"sybil tx no gossip":    {"{kind: sybil, at: 1s, nodes: 3, topic: tx}", "adversaries[0].topic: tx: the scenario has no transaction gossip"},
		"until before at":       {"{kind: sybil, at: 5s, until: 2s, nodes: 3}", "adversaries[0].until: must come after at"},
	} {
		_, err := ParseScenario("s.yaml", []byte(sevenSequencers+"adversaries:\n  - "+tc.adv+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}

// TestSybilSpamPenalized: sybils that graft into the meshes and spam
// invalid messages cost honest nodes bandwidth, but validation rejects
// the spam, the invalid-message penalty of peer scoring drives them out of
// every mesh within a few heartbeats and graylists them.
func TestSybilSpamPenalized(t *testing.T) {
	const adv = "adversaries:\n  - {kind: sybil, at: 10s, until: 30s, nodes: 30, rate: 5, topic: da_header}\n"
	m, dir := runYAML(t, sevenSequencers, adv)
	_, dir2 := runYAML(t, sevenSequencers, adv)
	sameFiles(t, dir, dir2, "metrics.json", "bandwidth.csv", "propagation.csv")
	base, _ := runYAML(t, sevenSequencers, "")
	if len(m.Sybils) != 1 || len(base.Sybils) != 0 {
		t.Fatalf("sybils %+v, without %+v", m.Sybils, base.Sybils)
	}
	sy := m.Sybils[0]
	t.Logf("%+v", sy)
	if sy.SpamBytes == 0 || sy.Connections == 0 || sy.MeshSlotsPeak == 0 {
		t.Fatalf("the sybils did not get in: %+v", sy)
	}
	if sy.MeshFreeSeconds < 10 || sy.MeshFreeSeconds > 13 || sy.MeshSlotsEnd != 0 {
		t.Fatalf("scoring should prune the sybils from every mesh within a few heartbeats: %+v", sy)
	}
	if sy.Penalized != sy.Connections || sy.Graylisted == 0 {
		t.Fatalf("every honest peer of a sybil should score it negative: %+v", sy)
	}
	light, baseLight := roleTraffic(m, "light"), roleTraffic(base, "light")
	if light.DownBps < baseLight.DownBps+sy.SpamPerNode/10 {
		t.Fatalf("spam should cost light nodes bandwidth: %.0f B/s against %.0f", light.DownBps, baseLight.DownBps)
	}
	if roleTraffic(m, "sybil").UpBps == 0 {
		t.Fatal("no sybil row in the bandwidth by role")
	}
}

// TestSybilDuplicatesStay: sybils that only replay real messages are
// never penalized (pubsub scores no penalty for a duplicate, and the
// node leaves P3 off), so they keep their mesh slots and relay nothing:
// honest nodes spend bandwidth forwarding to them, and messages reach the
// honest nodes later.
func TestSybilDuplicatesStay(t *testing.T) {
	const adv = "adversaries:\n  - {kind: sybil, at: 5s, nodes: 30, rate: 2, spam: duplicate, topic: consensus}\n"
	m, _ := runYAML(t, sevenSequencers, adv)
	base, _ := runYAML(t, sevenSequencers, "")
	sy := m.Sybils[0]
	t.Logf("%+v", sy)
	if sy.Penalized != 0 || sy.MeshSlotsEnd == 0 || sy.MeshFreeSeconds >= 0 {
		t.Fatalf("duplicates should go unpunished: %+v", sy)
	}
	if sy.HonestBytes < sy.SpamBytes {
		t.Fatalf("honest nodes should forward more into the sybils' mesh slots than the sybils replay: %+v", sy)
	}
	for i, tm := range m.Gossip.Topics {
		bm := base.Gossip.Topics[i]
		t.Logf("%s: reach 90%% p50 %.1f ms (without %.1f), 100%% p50 %.1f ms (without %.1f)", tm.Name,
			tm.Reach90.P50, bm.Reach90.P50, tm.Reach100.P50, bm.Reach100.P50)
		if tm.Reach90.P50 <= bm.Reach90.P50 || tm.Reach100.P50 <= bm.Reach100.P50 {
			t.Fatalf("%s: sybils in the meshes should slow propagation", tm.Name)
		}
	}
}

func roleTraffic(m *Metrics, role string) RoleTraffic {
	for _, r := range m.Gossip.Roles {
		if r.Role == role {
			return r
		}
	}
	return RoleTraffic{}
}

// TestEclipse: a light node whose connections all go to attackers that
// drop everything gets no header during the eclipse and gives no verdict;
// a sequencer whose attackers drop 70% and hold the rest 200 ms misses
// messages, sees the rest late and finalizes late or not at all.
func TestEclipse(t *testing.T) {
	const adv = "adversaries:\n  - {kind: eclipse, at: 10s, until: 25s, target: light3, nodes: 8}\n" +
		"  - {kind: eclipse, at: 10s, until: 25s, target: seq5, nodes: 8, drop: 0.7, delay: 200ms}\n"
	m, dir := runYAML(t, sevenSequencers, adv)
	base, _ := runYAML(t, sevenSequencers, "")
	if len(m.Eclipses) != 2 {
		t.Fatalf("eclipses: %+v", m.Eclipses)
	}
	light, seq := m.Eclipses[0], m.Eclipses[1]
	t.Logf("light: %+v\nseq: %+v", light, seq)
	h := light.Topics[0]
	if h.Topic != "da_header" || h.During.Messages == 0 || h.During.Reached != 0 || h.Outside.Reached != h.Outside.Messages {
		t.Fatalf("the eclipsed light node should get no header during the eclipse and all outside: %+v", h)
	}
	if d := light.DAS; d == nil || d.During.Available != 0 || d.Outside.Available != d.Outside.Squares || d.Outside.Squares == 0 {
		t.Fatalf("light node's DAS view: %+v", light.DAS)
	}
	c := seq.Topics[0]
	if c.Topic != "consensus" || c.During.Reached >= c.During.Messages || c.Outside.Reached != c.Outside.Messages {
		t.Fatalf("the eclipsed sequencer's consensus view: %+v", c)
	}
	if c.During.Delay.P50 < c.Outside.Delay.P50+200 || seq.Dropped == 0 || seq.Passed == 0 {
		t.Fatalf("the attackers' delay should show: %+v", seq)
	}
	if l := seq.FinalLag; l == nil || l.MissedDuring+l.During.N == 0 || (l.During.N > 0 && l.During.P50 <= l.Outside.P50) {
		t.Fatalf("final lag: %+v", seq.FinalLag)
	}
	t.Logf("final lag %+v; finality at every node p99 %.0f ms, without %.0f ms", *seq.FinalLag, m.FinalityAll.P99, base.FinalityAll.P99)
	if m.FinalityAll.P99 < base.FinalityAll.P99+100 {
		t.Fatalf("the eclipsed sequencer should hold back finality at every node: p99 %.0f ms, without %.0f ms", m.FinalityAll.P99, base.FinalityAll.P99)
	}
	_, dir2 := runYAML(t, sevenSequencers, adv)
	sameFiles(t, dir, dir2, "metrics.json", "bandwidth.csv", "das.csv")
}

// TestScenarioRoundTrip: the scenario as run (scenario.yaml, defaults
// filled in) parses back to the same scenario, for every shipped one.
func TestScenarioRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("scenarios/*.yaml")
	for _, f := range files {
		s, err := LoadScenario(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := yaml.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := ParseScenario(f+" as run", a)
		if err != nil {
			t.Fatalf("%v\n%s", err, a)
		}
		b, _ := yaml.Marshal(s2)
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: the scenario as run changes when parsed again:\n%s\n%s", f, a, b)
		}
	}
}
