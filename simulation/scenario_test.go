package simulation

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSameSeedSameFiles(t *testing.T) {
	s, err := LoadScenario("scenarios/sequencing-4.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, b := t.TempDir(), t.TempDir()
	if _, err := Run(s, a, nil); err != nil {
		t.Fatal(err)
	}
	s2, _ := LoadScenario("scenarios/sequencing-4.yaml")
	if _, err := Run(s2, b, nil); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, a, b, "scenario.yaml", "metrics.json", "blocks.csv", "finality.svg", "latency-cdf.svg", "messages.svg",
		"propagation.csv", "bandwidth.csv", "propagation-cdf.svg", "bandwidth-by-role.svg")
}

// TestSameSeedSameFilesWithGossip: light nodes on the header topic, with
// loss, so that IHAVE/IWANT recovery runs too.
func TestSameSeedSameFilesWithGossip(t *testing.T) {
	run := func() string {
		s, err := LoadScenario("scenarios/das-withholding.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.Duration, s.Loss = Duration(20*time.Second), 0.01
		s.Adversaries = nil
		dir := t.TempDir()
		m, err := Run(s, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if m.Gossip == nil || len(m.Gossip.Topics) != 2 || m.Gossip.Topics[1].IWantCopies == 0 {
			t.Fatalf("no IWANT recovery on the header topic: %+v", m.Gossip)
		}
		return dir
	}
	sameFiles(t, run(), run(), "propagation.csv", "bandwidth.csv", "das.csv", "propagation-cdf.svg", "bandwidth-by-role.svg")
}

// sameFiles checks that dirs a and b hold the same files, byte for byte,
// and that the named ones are among them.
func sameFiles(t *testing.T, a, b string, want ...string) {
	t.Helper()
	list := func(dir string) []string {
		var names []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				names = append(names, rel)
			}
			return nil
		})
		return names
	}
	na, nb := list(a), list(b)
	if !slices.Equal(na, nb) {
		t.Fatalf("different files: %v and %v", na, nb)
	}
	for _, w := range want {
		if !slices.Contains(na, w) {
			t.Fatalf("no %s among %v", w, na)
		}
	}
	for _, f := range na {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs of one seed", f)
		}
	}
}

func TestLeaderCrashShowsFailover(t *testing.T) {
	s, err := LoadScenario("scenarios/sequencing-4.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Run(s, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d final blocks, %d views, finality p50 %.0f ms p99 %.0f ms, tx latency p50 %.0f ms, failovers %+v, crashes %+v",
		m.FinalBlocks, m.Views, m.Finality.P50, m.Finality.P99, m.TxLatency.P50, m.Failovers, m.Crashes)
	if m.Conflicts != 0 {
		t.Fatal("conflicting finalizations")
	}
	if len(m.Crashes) != 1 || len(m.Failovers) == 0 {
		t.Fatalf("a crashed leader should show as a failover: crashes %v failovers %v", m.Crashes, m.Failovers)
	}
	// While the leader is down, each view it leads costs the view timeout
	// (3 s; two in a row 6 s); once it is back and caught up, none does.
	for _, f := range m.Failovers {
		if f.AtSeconds < 19 || f.AtSeconds > 42 {
			t.Fatalf("failover at %.1f s, outside the crash (20–40 s): %+v", f.AtSeconds, f)
		}
		if f.GapMS > 2*3000+2*1000 {
			t.Fatalf("failover gap %.0f ms", f.GapMS)
		}
	}
	if m.FinalBlocks < 50 || m.TxsFinal < 10000 {
		t.Fatalf("too little progress: %d blocks, %d transactions", m.FinalBlocks, m.TxsFinal)
	}
	// Without the adversary: no failover.
	s.Adversaries = nil
	m2, err := Run(s, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Failovers) != 0 || m2.Timeouts != 0 {
		t.Fatalf("no adversary, yet failovers %v and %d timeouts", m2.Failovers, m2.Timeouts)
	}
}

func TestScenarioErrors(t *testing.T) {
	base, _ := os.ReadFile("scenarios/sequencing-4.yaml")
	for name, tc := range map[string]struct {
		edit func(string) string
		want string
	}{
		"unknown key":      {func(s string) string { return s + "colour: blue\n" }, "field colour not found"},
		"negative latency": {func(s string) string { return strings.Replace(s, "us: 45ms}", "us: -45ms}", 1) }, "negative duration"},
		"missing matrix": {func(s string) string {
			return strings.Replace(s, "  us: {eu: 45ms, us: 8ms}\n", "  us: {eu: 45ms}\n", 1)
		}, "no entry for us → us"},
		"too many crashes": {func(s string) string {
			return s + "  - {kind: crash-leader, at: 21s}\n  - {kind: crash-leader, at: 22s}\n"
		}, "leave no quorum"},
		"bad rate": {func(s string) string { return strings.Replace(s, "uplink: 100Mbit}", "uplink: fast}", 1) }, "not a bit rate"},
	} {
		_, err := ParseScenario("s.yaml", []byte(tc.edit(string(base))))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}

// TestDASDetectionMatchesAnalytic runs light nodes with the node's own
// sampling tracker against squares whose producer withholds 2% of the
// shares: the fraction of light nodes that notice must match the exact
// probability within four standard errors, and complete squares must never
// be called unavailable.
func TestDASDetectionMatchesAnalytic(t *testing.T) {
	s, err := LoadScenario("scenarios/das-withholding.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m, err := Run(s, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "das-detection.svg")); err != nil || !bytes.Contains(b, []byte("DAS detection")) {
		t.Fatalf("das-detection.svg: %v", err)
	}
	d := m.DAS
	if d == nil || d.WithheldSquares < 10 {
		t.Fatalf("too few withheld squares: %+v", d)
	}
	trials := float64(d.WithheldSquares * d.LightNodes)
	se := math.Sqrt(d.MeanAnalytic * (1 - d.MeanAnalytic) / trials)
	t.Logf("%d squares (%d withheld), %d samples each: detected %.4f, analytic %.4f (±%.4f at 4 SE), false alarms %d",
		d.Squares, d.WithheldSquares, d.SamplesPerHeader, d.MeanDetected, d.MeanAnalytic, 4*se, d.FalseAlarms)
	if math.Abs(d.MeanDetected-d.MeanAnalytic) > 4*se {
		t.Fatalf("detection %.4f is not the analytic %.4f within 4 SE (%.4f)", d.MeanDetected, d.MeanAnalytic, 4*se)
	}
	if d.FalseAlarms != 0 {
		t.Fatalf("%d unavailable verdicts on complete squares", d.FalseAlarms)
	}
}

// TestShippedScenariosParse keeps the scenarios in scenarios/ valid.
func TestShippedScenariosParse(t *testing.T) {
	files, _ := filepath.Glob("scenarios/*.yaml")
	if len(files) < 4 {
		t.Fatalf("only %d scenarios", len(files))
	}
	for _, f := range files {
		if _, err := LoadScenario(f); err != nil {
			t.Error(err)
		}
	}
}
