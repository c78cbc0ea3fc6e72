package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const simScenario = "../../simulation/scenarios/sequencing-4.yaml"

// TestSimSweepCommand runs a sweep of four runs twice: sweep.csv is the
// same; a bad key is refused before anything runs.
func TestSimSweepCommand(t *testing.T) {
	dir := t.TempDir()
	var csv [2][]byte
	for i, par := range []string{"2", "1"} {
		out := filepath.Join(dir, par)
		r := l2node(t, nil, "sim", "sweep", simScenario, "--set", "consensus.slot=500ms,1s", "--set", "seed=1,2",
			"--out", out, "--parallel", par)
		if r.code != 0 {
			t.Fatalf("sweep: %d\n%s", r.code, r.stderr)
		}
		csv[i], _ = os.ReadFile(filepath.Join(out, "sweep.csv"))
		if _, err := os.Stat(filepath.Join(out, "consensus.slot=1s_seed=2", "finality.svg")); err != nil {
			t.Fatal(err)
		}
	}
	if len(csv[0]) == 0 || !bytes.Equal(csv[0], csv[1]) || strings.Count(string(csv[0]), "\n") != 5 {
		t.Fatalf("sweep.csv differs or is short:\n%s\n%s", csv[0], csv[1])
	}
	bad := filepath.Join(dir, "bad")
	r := l2node(t, nil, "sim", "sweep", simScenario, "--set", "consensus.slot=1s,2s", "--set", "protocol.mesh=8", "--out", bad)
	if r.code == 0 || !strings.Contains(r.lastLine(), `unknown key "protocol"`) {
		t.Fatalf("bad key: %d %q", r.code, r.lastLine())
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatal("a refused sweep wrote its directory")
	}
}

// TestSimExportShadowInit exports a scenario for Shadow and runs its
// init.sh with the real binary: every host gets a datadir whose config
// names the bootstrap peer, the four sequencers and the producers.
func TestSimExportShadowInit(t *testing.T) {
	dir := t.TempDir()
	if r := l2node(t, nil, "sim", "export", "shadow", simScenario, "--out", dir); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	cmd := exec.Command("sh", filepath.Join(dir, "init.sh"))
	cmd.Env = append(cleanEnv(), "L2NODE="+binary)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("init.sh: %v\n%s", err, out)
	}
	for _, h := range []string{"bootstrap-0", "sequencer-0", "sequencer-3"} {
		b, err := os.ReadFile(filepath.Join(dir, "datadirs", h, "config.toml"))
		if err != nil {
			t.Fatal(err)
		}
		c := string(b)
		seqLine := lineOf(c, "sequencers = ")
		if strings.Count(seqLine, "=1'") != 4 || strings.Count(lineOf(c, "producers = "), "12D3KooW") != 4 {
			t.Fatalf("%s: %q %q", h, seqLine, lineOf(c, "producers = "))
		}
		boot := lineOf(c, "bootstrap_peers = ")
		if (h == "bootstrap-0") != (boot == "bootstrap_peers = []") || (h != "bootstrap-0" && !strings.Contains(boot, "/ip4/11.0.0.1/tcp/7700/p2p/")) {
			t.Fatalf("%s: %q", h, boot)
		}
		if !strings.Contains(c, "announce_addrs = ['/ip4/11.0.0.") {
			t.Fatalf("%s: no announce address", h)
		}
	}
	if r := l2node(t, nil, "keys", "--datadir", filepath.Join(dir, "datadirs", "sequencer-1")); r.code != 0 {
		t.Fatalf("keys: %s", r.stderr)
	}
}

func lineOf(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestSimExportK8sKeys exports Kubernetes manifests and runs keys.sh with
// the real binary and a stand-in kubectl: every placeholder is filled in
// and the Secret holds each keyed pod's keys.
func TestSimExportK8sKeys(t *testing.T) {
	dir := t.TempDir()
	if r := l2node(t, nil, "sim", "export", "k8s", simScenario, "--out", dir); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	bin := t.TempDir()
	log := filepath.Join(bin, "log")
	os.WriteFile(filepath.Join(bin, "kubectl"), []byte("#!/bin/sh\necho \"$@\" >> "+log+"\ncat >/dev/null\n"), 0o755)
	cmd := exec.Command("sh", filepath.Join(dir, "keys.sh"))
	cmd.Env = append(cleanEnv(), "L2NODE="+binary, "PATH="+bin+":"+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("keys.sh: %v\n%s", err, out)
	}
	net, _ := os.ReadFile(filepath.Join(dir, "network.yaml"))
	vars := ""
	for _, l := range strings.Split(string(net), "\n") {
		if strings.HasPrefix(l, "  L2NODE_") {
			vars += l + "\n"
		}
	}
	if strings.Contains(vars, "_PEER_ID") || strings.Contains(vars, "_ADDRESS=") || strings.Count(vars, "=1") != 4 ||
		!strings.Contains(string(net), "#   BOOTSTRAP_PEER_ID ") {
		t.Fatalf("placeholders left in network.yaml:\n%s", net)
	}
	calls, _ := os.ReadFile(log)
	if strings.Count(string(calls), ".node.key=") != 5 || strings.Count(string(calls), ".sequencer.key=") != 4 {
		t.Fatalf("kubectl calls:\n%s", calls)
	}
}
