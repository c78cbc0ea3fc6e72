package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimEmulateCommand: sim emulate refuses a scenario beyond --nodes-max
// (the 1,000-node one at the default 100) before anything starts, and runs
// a small one into --out with metrics.json and propagation.csv.
func TestSimEmulateCommand(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	r := l2node(t, nil, "sim", "emulate", "../../simulation/scenarios/mainnet-1000.yaml", "--out", big)
	if r.code == 0 || !strings.Contains(r.lastLine(), "1000 nodes, more than the 100 real hosts") {
		t.Fatalf("1,000 nodes: %d %q", r.code, r.lastLine())
	}
	if _, err := os.Stat(big); !os.IsNotExist(err) {
		t.Fatal("a refused emulation wrote its directory")
	}
	r = l2node(t, nil, "sim", "emulate", simScenario, "--out", big, "--nodes-max", "2")
	if r.code == 0 || !strings.Contains(r.lastLine(), "4 nodes, more than the 2") {
		t.Fatalf("--nodes-max 2: %d %q", r.code, r.lastLine())
	}
	// sequencing-4.yaml has a leader crash: the emulation runs honest
	// nodes only. Without it, 4 sequencers for 2 s.
	src, err := os.ReadFile(simScenario)
	if err != nil {
		t.Fatal(err)
	}
	honest, _, _ := strings.Cut(string(src), "adversaries:")
	path := filepath.Join(dir, "honest.yaml")
	if err := os.WriteFile(path, []byte(honest), 0o644); err != nil {
		t.Fatal(err)
	}
	r = l2node(t, nil, "sim", "emulate", simScenario, "--out", big)
	if r.code == 0 || !strings.Contains(r.lastLine(), "adversaries[0] (crash-leader)") {
		t.Fatalf("adversary: %d %q", r.code, r.lastLine())
	}
	out := filepath.Join(dir, "out")
	r = l2node(t, nil, "sim", "emulate", path, "--duration", "2s", "--quiet", "--out", out)
	if r.code != 0 {
		t.Fatalf("emulate: %d\n%s", r.code, r.stderr)
	}
	var m struct {
		Nodes, Published, Delivered int
		Expected                    int `json:"expected_deliveries"`
	}
	b, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Nodes != 4 || m.Published == 0 || m.Delivered != m.Expected {
		t.Fatalf("metrics.json: %+v", m)
	}
	csv, err := os.ReadFile(filepath.Join(out, "propagation.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(csv), "\n") - 1; n != m.Published || !strings.HasPrefix(string(csv), "topic,id,kind,publisher,") {
		t.Fatalf("propagation.csv: %d rows for %d messages:\n%.300s", n, m.Published, csv)
	}
}
