package simulation

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func sweepParams(t *testing.T, sets ...string) []Param {
	t.Helper()
	var ps []Param
	for _, s := range sets {
		p, err := ParseParam(s)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

func TestSweepGrid(t *testing.T) {
	base, err := os.ReadFile("scenarios/das-withholding.yaml")
	if err != nil {
		t.Fatal(err)
	}
	params := sweepParams(t, "consensus.slot=500ms,1s,2s", "groups.light.count=10,20", "seed=5")
	runs, err := ExpandSweep("das-withholding.yaml", base, params)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.Name)
	}
	want := []string{
		"consensus.slot=500ms_groups.light.count=10_seed=5", "consensus.slot=500ms_groups.light.count=20_seed=5",
		"consensus.slot=1s_groups.light.count=10_seed=5", "consensus.slot=1s_groups.light.count=20_seed=5",
		"consensus.slot=2s_groups.light.count=10_seed=5", "consensus.slot=2s_groups.light.count=20_seed=5",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("grid:\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	r := runs[3]
	if time.Duration(r.Scenario.Consensus.Slot) != time.Second || r.Scenario.Seed != 5 {
		t.Fatalf("run %s: slot %v seed %d", r.Name, time.Duration(r.Scenario.Consensus.Slot), r.Scenario.Seed)
	}
	light := 0
	for _, g := range r.Scenario.Groups {
		if g.Role == "light" {
			light++
			if g.Count != 20 {
				t.Fatalf("run %s: light group of %d", r.Name, g.Count)
			}
		}
	}
	if light != 2 {
		t.Fatalf("%d light groups", light)
	}
	// Everything else is the scenario as written.
	if r.Scenario.Adversaries[0].Fraction != 0.02 || r.Scenario.Groups[0].Count != 2 {
		t.Fatalf("run %s changed what was not swept: %+v", r.Name, r.Scenario)
	}

	// By index, a map entry, and a key the file leaves to its default.
	runs, err = ExpandSweep("s.yaml", base, sweepParams(t, "groups[0].count=3", "latency.eu.us=80ms", "loss=0.01", "das.confidence=0.99"))
	if err != nil {
		t.Fatal(err)
	}
	s := runs[0].Scenario
	if s.Groups[0].Count != 3 || s.Groups[1].Count != 2 || time.Duration(s.Latency["eu"]["us"]) != 80*time.Millisecond ||
		time.Duration(s.Latency["us"]["eu"]) != 45*time.Millisecond || s.Loss != 0.01 || s.DAS.Confidence != 0.99 {
		t.Fatalf("not set: %+v", s)
	}
}

func TestSweepBadInput(t *testing.T) {
	base, err := os.ReadFile("scenarios/das-withholding.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		set  []string
		want string
	}{
		{[]string{"protocol.slot=1s"}, `unknown key "protocol" (known: seed, duration, consensus`},
		{[]string{"consensus.slott=1s"}, `unknown key "slott" under consensus`},
		{[]string{"consensus.slot=1s,soon"}, `--set consensus.slot: value "soon": "soon" is not a duration`},
		{[]string{"groups.light.count=many"}, "value \"many\": cannot unmarshal !!str `many` into int"},
		{[]string{"consensus.slot=5s"}, `consensus.slot=5s: scenario s.yaml: consensus: slot must be set and view_timeout must exceed it`},
		{[]string{"groups.validator.count=2"}, `no element of groups has role "validator"`},
		{[]string{"groups[9].count=2"}, `[9] under groups: no such element`},
		{[]string{"groups.light.count=-4"}, `groups[4].count: must be positive`},
		{[]string{"latency.eu.mars=1ms"}, `mars under latency.eu: no such entry`},
		{[]string{"consensus=1s"}, `consensus is a section, not a value`},
		{[]string{"seed=1", "seed=2"}, `seed is swept twice`},
		{[]string{"seed=1,1"}, `value "1" twice`},
		{[]string{"groups[0].region=e/u,e-u"}, `share the directory`},
		{[]string{"jitter=2"}, `jitter and loss`},
		{nil, "nothing to sweep"},
	} {
		var params []Param
		for _, s := range tc.set {
			p, err := ParseParam(s)
			if err != nil {
				t.Fatal(err)
			}
			params = append(params, p)
		}
		_, err := ExpandSweep("s.yaml", base, params)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.set, err, tc.want)
		}
	}
	for _, s := range []string{"seed", "seed=", "=1", "seed=1,,2"} {
		if _, err := ParseParam(s); err == nil {
			t.Errorf("ParseParam(%q): no error", s)
		}
	}
	if _, err := LookupSweepMetric("speed"); err == nil || !strings.Contains(err.Error(), "finality_p50_ms") {
		t.Errorf("unknown metric: %v", err)
	}
}

// TestSweepDeterministic runs one small sweep twice, in parallel and one at
// a time: every file, sweep.csv and the plots included, is the same.
func TestSweepDeterministic(t *testing.T) {
	base, err := os.ReadFile("scenarios/sequencing-4.yaml")
	if err != nil {
		t.Fatal(err)
	}
	params := sweepParams(t, "consensus.slot=500ms,1s", "seed=1,2")
	runs, err := ExpandSweep("sequencing-4.yaml", base, params)
	if err != nil {
		t.Fatal(err)
	}
	a, b := t.TempDir(), t.TempDir()
	ma, err := RunSweep(params, runs, a, SweepOptions{Parallel: 4})
	if err != nil {
		t.Fatal(err)
	}
	runs2, _ := ExpandSweep("sequencing-4.yaml", base, params)
	if _, err := RunSweep(params, runs2, b, SweepOptions{Parallel: 1}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, a, b, "sweep.csv", "sweep.svg", "consensus.slot=1s_seed=2/metrics.json", "consensus.slot=500ms_seed=1/finality.svg")
	csv, _ := os.ReadFile(filepath.Join(a, "sweep.csv"))
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "run,consensus.slot,seed,final_blocks,") ||
		!strings.HasPrefix(lines[1], "consensus.slot=500ms_seed=1,500ms,1,") {
		t.Fatalf("sweep.csv:\n%s", csv)
	}
	// A shorter slot makes more blocks.
	if ma[0].FinalBlocks <= ma[2].FinalBlocks {
		t.Fatalf("500ms slots: %d blocks, 1s slots: %d", ma[0].FinalBlocks, ma[2].FinalBlocks)
	}
}
