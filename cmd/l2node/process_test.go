package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is a running `l2node run`.
type proc struct {
	name    string
	dir     string
	metrics string
	cmd     *exec.Cmd
	mu      sync.Mutex
	stderr  bytes.Buffer
	done    chan struct{}
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.Write(b)
}

func (p *proc) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func startProc(t *testing.T, name, dir string, metricsPort int) *proc {
	t.Helper()
	p := &proc{name: name, dir: dir, metrics: fmt.Sprintf("http://127.0.0.1:%d", metricsPort), done: make(chan struct{})}
	p.cmd = exec.Command(binary, "run", "--datadir", dir)
	p.cmd.Env = cleanEnv()
	p.cmd.Stderr = p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("--- %s stderr ---\n%s", name, p.logs())
		}
	})
	// /healthz answers 200 once the node has made its initial connections.
	waitFor(t, name+" to be healthy", 60*time.Second, func() (bool, string) {
		select {
		case <-p.done:
			t.Fatalf("%s exited: %s", name, p.logs())
		default:
		}
		c := http.Client{Timeout: 2 * time.Second}
		resp, err := c.Get(p.metrics + "/healthz")
		if err != nil {
			return false, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, resp.Status
	})
	return p
}

// TestRestartFromPeerBook runs five l2node processes, kills one with SIGKILL,
// stops the bootstrap node, and restarts the killed one: it keeps its peer ID
// and reconnects from its peer book alone.
func TestRestartFromPeerBook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs five node processes")
	}
	base := t.TempDir()
	type spec struct {
		name, roles   string
		port, metrics int
	}
	specs := []spec{{"boot", "bootstrap", 0, 0}, {"seq", "sequencer", 0, 0}, {"da", "da", 0, 0}, {"light", "light", 0, 0}, {"val", "validator", 0, 0}}
	for i := range specs {
		specs[i].port, specs[i].metrics = freePort(t), freePort(t)
	}
	bootDir := filepath.Join(base, "boot")
	if r := l2node(t, nil, initArgs(bootDir, "bootstrap", specs[0].port, specs[0].metrics, "")...); r.code != 0 {
		t.Fatalf("init boot: %s", r.stderr)
	}
	keys := l2node(t, nil, "keys", "--datadir", bootDir)
	bootID := strings.TrimSpace(strings.TrimPrefix(strings.Split(keys.stdout, "\n")[0], "peer id:"))
	bootAddr := fmt.Sprintf("/ip4/127.0.0.1/tcp/%d/p2p/%s", specs[0].port, bootID)
	procs := map[string]*proc{}
	procs["boot"] = startProc(t, "boot", bootDir, specs[0].metrics)
	for _, s := range specs[1:] {
		dir := filepath.Join(base, s.name)
		if r := l2node(t, nil, initArgs(dir, s.roles, s.port, s.metrics, bootAddr)...); r.code != 0 {
			t.Fatalf("init %s: %s", s.name, r.stderr)
		}
		procs[s.name] = startProc(t, s.name, dir, s.metrics)
	}

	victim := procs["da"]
	before, err := getStatus(victim.metrics)
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the victim has met the other nodes, so its peer book holds them.
	waitFor(t, "da to connect to the other nodes", 90*time.Second, func() (bool, string) {
		s, err := getStatus(victim.metrics)
		if err != nil {
			return false, err.Error()
		}
		// The bootstrap, the light node (it looks for DA nodes) and the
		// sequencer (DA nodes look for sequencers) connect for sure.
		return len(s.Peers) >= 3 && s.PeerBook >= 3, fmt.Sprintf("%d peers, %d in the peer book", len(s.Peers), s.PeerBook)
	})

	// A second node on the same datadir is refused.
	if r := l2node(t, nil, "run", "--datadir", victim.dir); r.code == 0 || !strings.Contains(r.lastLine(), "datadir in use by another l2node") {
		t.Fatalf("second run on a live datadir: code %d, %q", r.code, r.lastLine())
	}

	victim.cmd.Process.Signal(syscall.SIGKILL)
	<-victim.done
	boot := procs["boot"]
	boot.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-boot.done:
	case <-time.After(30 * time.Second):
		t.Fatal("bootstrap node did not stop on SIGTERM")
	}
	if code := boot.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("bootstrap node exited with %d after SIGTERM: %s", code, boot.logs())
	}

	restarted := startProc(t, "da-restarted", victim.dir, specs[2].metrics)
	after, err := getStatus(restarted.metrics)
	if err != nil {
		t.Fatal(err)
	}
	if after.PeerID != before.PeerID {
		t.Fatalf("peer ID changed across restart: %s -> %s", before.PeerID, after.PeerID)
	}
	others := map[string]bool{}
	for _, name := range []string{"seq", "light", "val"} {
		s, err := getStatus(procs[name].metrics)
		if err != nil {
			t.Fatal(err)
		}
		others[s.PeerID] = true
	}
	waitFor(t, "the restarted node to reconnect without the bootstrap node", 60*time.Second, func() (bool, string) {
		s, err := getStatus(restarted.metrics)
		if err != nil {
			return false, err.Error()
		}
		n := 0
		for _, p := range s.Peers {
			if others[p.ID] {
				n++
			}
		}
		return n >= 1, fmt.Sprintf("connected to %d of the other nodes; peers %v", n, s.Peers)
	})
	logs := restarted.logs()
	if !strings.Contains(logs, "bootstrap peer unreachable") {
		t.Errorf("expected the restarted node to report its unreachable bootstrap peer")
	}
	// Its own dials reached peers of the peer book: the bootstrap node was down.
	if m := regexp.MustCompile(`initial connections.* connected=(\d+) bootstrap=1 from_peer_book=(\d+)`).FindStringSubmatch(logs); m == nil || m[1] == "0" || m[2] == "0" {
		t.Errorf("restarted node did not reconnect from its peer book: %q", m)
	}
}
