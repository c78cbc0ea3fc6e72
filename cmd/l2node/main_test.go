package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/node"
)

// binary is the l2node executable built once for the tests of this package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "l2node-bin-*")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "l2node")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build l2node: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is a finished l2node invocation.
type result struct {
	code           int
	stdout, stderr string
}

// lastLine is the final line of stderr: where main prints its error.
func (r result) lastLine() string {
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	return lines[len(lines)-1]
}

func l2node(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(cleanEnv(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("l2node %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// cleanEnv drops L2NODE_* variables of the surrounding shell.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "L2NODE_") {
			env = append(env, kv)
		}
	}
	return env
}

var (
	portsMu sync.Mutex
	given   = map[int]bool{}
)

// freePort returns a port that was free a moment ago on 127.0.0.1 for both
// TCP and UDP, and that this test binary has not handed out before.
func freePort(t *testing.T) int {
	t.Helper()
	portsMu.Lock()
	defer portsMu.Unlock()
	for range 200 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		l.Close()
		if err == nil {
			u.Close()
			if !given[port] {
				given[port] = true
				return port
			}
		}
	}
	t.Fatal("no free port")
	return 0
}

// initArgs are the init flags of a loopback test node.
func initArgs(dir, roles string, port, metricsPort int, bootstrap string) []string {
	args := []string{"init", "--datadir", dir, "--roles", roles, "--nat=false",
		"--listen", fmt.Sprintf("/ip4/127.0.0.1/tcp/%d,/ip4/127.0.0.1/udp/%d/quic-v1", port, port),
		"--metrics-addr", fmt.Sprintf("127.0.0.1:%d", metricsPort), "--rpc-addr", "127.0.0.1:0",
		"--set", "p2p.discovery_interval=2s"}
	if bootstrap != "" {
		args = append(args, "--bootstrap", bootstrap)
	}
	return args
}

func getStatus(url string) (node.Status, error) {
	var s node.Status
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url + "/status")
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	return s, json.NewDecoder(resp.Body).Decode(&s)
}

// waitFor polls cond until it holds or the (generous) deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, detail := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s: %s", timeout, what, detail)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestKeysRoleAddresses: `keys` lists the secp256k1 keys of the node's
// roles, creates them only with --create (mode 0600), and then prints the
// same addresses every time.
func TestKeysRoleAddresses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "n")
	if r := l2node(t, nil, "init", "--datadir", dir, "--roles", "sequencer,validator,relayer"); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	r := l2node(t, nil, "keys", "--datadir", dir, "--json")
	var before struct {
		RoleKeys []struct{ Key, File, Address string } `json:"role_keys"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &before); err != nil || r.code != 0 {
		t.Fatalf("keys: %v %s", err, r.stderr)
	}
	if len(before.RoleKeys) != 4 || before.RoleKeys[0].Address != "" {
		t.Fatalf("before --create: %+v", before.RoleKeys)
	}
	if _, err := os.Stat(filepath.Join(dir, "sequencer.key")); err == nil {
		t.Fatal("keys without --create wrote a key")
	}
	get := func() map[string]string {
		r := l2node(t, nil, "keys", "--datadir", dir, "--json", "--create")
		var out struct {
			RoleKeys []struct{ Key, File, Address string } `json:"role_keys"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
			t.Fatalf("keys --create: %v %s", err, r.stderr)
		}
		m := map[string]string{}
		for _, k := range out.RoleKeys {
			m[k.Key] = k.Address
			st, err := os.Stat(k.File)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("%s: %v %v", k.File, err, st)
			}
		}
		return m
	}
	first, second := get(), get()
	for _, k := range []string{"sequencer", "validator", "relayer", "attestation"} {
		if !common.IsHexAddress(first[k]) || first[k] != second[k] {
			t.Fatalf("%s: %q then %q", k, first[k], second[k])
		}
	}
}
