package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
)

// TestDevnet starts `l2node devnet` with free ports, waits for it to report
// every role discovered, checks the printed table, drives the whole flow
// through the interfaces it printed (flowThroughDevnet), and stops it with
// Ctrl-C.
func TestDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 13-node devnet")
	}
	cmd := exec.Command(binary, "devnet", "--base-port", "0", "--dir", t.TempDir(),
		"--slot", "500ms", "--l1-block", "500ms", "--output-interval", "4")
	cmd.Env = cleanEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Ctrl-C first so the nodes clean up; kill only if that hangs.
		cmd.Process.Signal(syscall.SIGINT)
		time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var seen []string
	roles := map[string]int{}
	timeout := time.After(4 * time.Minute) // beyond the devnet's own 2-minute wait, to see its diagnostic
	for ready := false; !ready; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("devnet exited early:\n%s\n%s", strings.Join(seen, "\n"), stderr.String())
			}
			seen = append(seen, l)
			if f := strings.Fields(l); len(f) == 5 && strings.HasPrefix(f[4], "/ip4/127.0.0.1/") {
				roles[f[1]]++
			}
			ready = strings.HasPrefix(l, "Ctrl-C")
		case <-timeout:
			t.Fatalf("devnet not ready:\n%s\n%s", strings.Join(seen, "\n"), stderr.String())
		}
	}
	if !strings.Contains(seen[0], "ready") || !strings.Contains(seen[0], "13 nodes, every role discovered") {
		t.Fatalf("first line %q", seen[0])
	}
	want := map[string]int{"bootstrap": 1, "sequencer": 4, "validator": 2, "da": 2, "light": 3, "relayer": 1}
	for r, n := range want {
		if roles[r] != n {
			t.Errorf("devnet lists %d %s nodes, want %d", roles[r], r, n)
		}
	}
	// The executing node's JSON-RPC answers, and its chain advances.
	var rpcURL string
	for _, l := range seen {
		if rest, ok := strings.CutPrefix(l, "L2 JSON-RPC (HTTP and WebSocket): "); ok {
			rpcURL = strings.Fields(rest)[0]
		}
	}
	if rpcURL == "" {
		t.Fatalf("devnet printed no JSON-RPC URL:\n%s", strings.Join(seen, "\n"))
	}
	c, err := ethclient.Dial(rpcURL)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the devnet chain to advance", time.Minute, func() (bool, string) {
		n, err := c.BlockNumber(context.Background())
		if err != nil {
			return false, err.Error()
		}
		return n >= 2, fmt.Sprintf("head %d", n)
	})
	c.Close()
	flowThroughDevnet(t, seen)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error)
	go func() {
		for range lines {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("devnet exit after Ctrl-C: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("devnet did not stop within 30s of Ctrl-C")
	}
}
