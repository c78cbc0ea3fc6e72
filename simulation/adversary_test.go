package simulation

import (
	"strings"
	"testing"
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
		"until before at":       {"{kind: sybil, at: 5s, until: 2s, nodes: 3}", "adversaries[0].until: must come after at"},
	} {
		_, err := ParseScenario("s.yaml", []byte(sevenSequencers+"adversaries:\n  - "+tc.adv+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}
