package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// initialized returns a fresh loopback datadir (not started).
func initialized(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "node")
	args := append(initArgs(dir, "da", freePort(t), freePort(t), ""), extra...)
	if r := l2node(t, nil, args...); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	return dir
}

// snapshot reads every regular file of a datadir's top level.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Type().IsRegular() && e.Name() != "LOCK" {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

// expectFailure checks a one-line error naming the problem, a non-zero exit
// code and an untouched datadir.
func expectFailure(t *testing.T, dir string, want string, env []string, args ...string) {
	t.Helper()
	before := snapshot(t, dir)
	r := l2node(t, env, args...)
	if r.code == 0 {
		t.Fatalf("l2node %v succeeded; want an error containing %q\nstdout: %s", args, want, r.stdout)
	}
	line := r.lastLine()
	if !strings.HasPrefix(line, "l2node: ") || !strings.Contains(line, want) {
		t.Fatalf("l2node %v: error line %q does not name the problem %q\nstderr: %s", args, line, want, r.stderr)
	}
	after := snapshot(t, dir)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Fatalf("l2node %v changed %s", args, name)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Run("corrupt config", func(t *testing.T) {
		dir := initialized(t)
		os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[node\nroles = ['da']\n"), 0o644)
		expectFailure(t, dir, "config.toml:1:", nil, "run", "--datadir", dir)
	})
	t.Run("unknown config key", func(t *testing.T) {
		dir := initialized(t)
		p := filepath.Join(dir, "config.toml")
		b, _ := os.ReadFile(p)
		b = bytes.Replace(b, []byte("[p2p]\n"), []byte("[p2p]\nlisten_adresses = []\n"), 1)
		os.WriteFile(p, b, 0o644)
		expectFailure(t, dir, `unknown key "p2p.listen_adresses"`, nil, "run", "--datadir", dir)
	})
	t.Run("key readable by others", func(t *testing.T) {
		dir := initialized(t)
		os.Chmod(filepath.Join(dir, "node.key"), 0o644)
		expectFailure(t, dir, "has mode 0644, want 0600", nil, "run", "--datadir", dir)
	})
	t.Run("corrupt key", func(t *testing.T) {
		dir := initialized(t)
		os.WriteFile(filepath.Join(dir, "node.key"), []byte("not a key"), 0o600)
		expectFailure(t, dir, "node.key is corrupt", nil, "run", "--datadir", dir)
	})
	t.Run("unreadable key", func(t *testing.T) {
		dir := initialized(t)
		// NB: tests may run as root, who reads any file; a directory in place
		// of the key is unreadable for everyone.
		os.Remove(filepath.Join(dir, "node.key"))
		os.Mkdir(filepath.Join(dir, "node.key"), 0o700)
		expectFailure(t, dir, "node.key is not a regular file", nil, "run", "--datadir", dir)
	})
	t.Run("missing key", func(t *testing.T) {
		dir := initialized(t)
		os.Remove(filepath.Join(dir, "node.key"))
		expectFailure(t, dir, "node.key does not exist", nil, "run", "--datadir", dir)
	})
	t.Run("p2p port in use", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		port := l.Addr().(*net.TCPAddr).Port
		dir := initialized(t, "--listen", fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", port))
		expectFailure(t, dir, fmt.Sprintf("listen on /ip4/127.0.0.1/tcp/%d: address already in use", port), nil, "run", "--datadir", dir)
	})
	t.Run("metrics port in use", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		dir := initialized(t, "--metrics-addr", l.Addr().String())
		expectFailure(t, dir, "metrics: listen on "+l.Addr().String()+": address already in use", nil, "run", "--datadir", dir)
	})
	t.Run("unknown role on run", func(t *testing.T) {
		dir := initialized(t)
		expectFailure(t, dir, `unknown role "miner"`, nil, "run", "--datadir", dir, "--roles", "da,miner")
	})
	t.Run("unknown role from the environment", func(t *testing.T) {
		dir := initialized(t)
		expectFailure(t, dir, `unknown role "miner"`, []string{"L2NODE_ROLES=miner"}, "run", "--datadir", dir)
	})
	t.Run("unknown role on init writes nothing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "node")
		r := l2node(t, nil, "init", "--datadir", dir, "--roles", "miner")
		if r.code == 0 || !strings.Contains(r.lastLine(), `unknown role "miner"`) {
			t.Fatalf("got %d %q", r.code, r.stderr)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("init with a bad role created %s", dir)
		}
	})
	t.Run("unreachable bootstrap", func(t *testing.T) {
		// A valid peer ID at a port nobody listens on.
		other := initialized(t)
		keys := l2node(t, nil, "keys", "--datadir", other)
		id := strings.TrimSpace(strings.TrimPrefix(strings.Split(keys.stdout, "\n")[0], "peer id:"))
		boot := fmt.Sprintf("/ip4/127.0.0.1/tcp/%d/p2p/%s", freePort(t), id)
		dir := initialized(t, "--bootstrap", boot, "--set", "p2p.bootstrap_timeout=5s")
		expectFailure(t, dir, "no bootstrap peer reachable", nil, "run", "--datadir", dir)
	})
	t.Run("malformed bootstrap address", func(t *testing.T) {
		dir := initialized(t)
		expectFailure(t, dir, "p2p.bootstrap_peers", nil, "run", "--datadir", dir, "--bootstrap", "/ip4/127.0.0.1/tcp/1")
	})
	t.Run("run without init", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "nothing")
		r := l2node(t, nil, "run", "--datadir", dir)
		if r.code == 0 || !strings.Contains(r.lastLine(), "run `l2node init") {
			t.Fatalf("got %d %q", r.code, r.stderr)
		}
	})
	t.Run("init refuses an initialized datadir", func(t *testing.T) {
		dir := initialized(t)
		expectFailure(t, dir, "datadir already initialized", nil, "init", "--datadir", dir, "--roles", "light")
	})
}

func TestInitForceKeepsKey(t *testing.T) {
	dir := initialized(t)
	key, _ := os.ReadFile(filepath.Join(dir, "node.key"))
	r := l2node(t, nil, "init", "--datadir", dir, "--roles", "sequencer", "--force")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	key2, _ := os.ReadFile(filepath.Join(dir, "node.key"))
	if !bytes.Equal(key, key2) {
		t.Fatal("init --force replaced the node key")
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "config.toml"))
	if !strings.Contains(string(cfg), "roles = ['sequencer']") {
		t.Fatalf("init --force did not rewrite the config:\n%s", cfg)
	}
	st, _ := os.Stat(filepath.Join(dir, "node.key"))
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("node.key mode %04o", st.Mode().Perm())
	}
}

// TestPrecedence: flags (and their L2NODE_<FLAG> variables) over --set over
// L2NODE_<SECTION>_<OPTION> variables over the file.
func TestPrecedence(t *testing.T) {
	dir := initialized(t)
	roles := func(env []string, args ...string) string {
		r := l2node(t, env, append([]string{"keys", "--json", "--datadir", dir}, args...)...)
		if r.code != 0 {
			t.Fatal(r.stderr)
		}
		i := strings.Index(r.stdout, `"roles"`)
		return strings.Join(strings.Fields(r.stdout[i:]), "")
	}
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, nil, `"roles":["da"]`},
		{[]string{"L2NODE_NODE_ROLES=validator"}, nil, `"roles":["validator"]`},
		{[]string{"L2NODE_NODE_ROLES=validator", "L2NODE_ROLES=relayer"}, nil, `"roles":["relayer"]`},
		{[]string{"L2NODE_NODE_ROLES=validator"}, []string{"--set", "node.roles=light"}, `"roles":["light"]`},
		{[]string{"L2NODE_ROLES=relayer"}, []string{"--roles", "sequencer"}, `"roles":["sequencer"]`},
	} {
		if got := roles(tc.env, tc.args...); !strings.HasPrefix(got, tc.want) {
			t.Errorf("env %v args %v: got %s, want %s", tc.env, tc.args, got, tc.want)
		}
	}
}

func TestHelpEverywhere(t *testing.T) {
	for _, sub := range []string{"", "init", "run", "keys", "version", "devnet"} {
		args := []string{"--help"}
		if sub != "" {
			args = []string{sub, "--help"}
		}
		r := l2node(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("l2node %s --help: code %d\n%s%s", sub, r.code, r.stdout, r.stderr)
		}
	}
	if r := l2node(t, nil, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "l2node ") || !strings.Contains(r.stdout, "commit ") {
		t.Errorf("version: %q", r.stdout)
	}
}
