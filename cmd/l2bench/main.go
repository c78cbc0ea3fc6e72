// Command l2bench measures the node foundation on this machine and prints the
// figures recorded in docs/benchmarks.md, each beside a baseline measured in
// the same run so that ratios stay meaningful on a noisy machine:
//
//	l2bench start      node start time (New+Start) vs. a bare libp2p host
//	l2bench rss        RSS of idle light and DA node processes after 60 s
//	l2bench discovery  time for 13 nodes to discover every role via the DHT
//	l2bench das        RSS of a light node process after following 1,000 DA headers
//	l2bench all        all of the above
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/libp2p/go-libp2p"

	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/node/devnet"
)

func main() {
	fs := flag.NewFlagSet("l2bench", flag.ExitOnError)
	runs := fs.Int("runs", 10, "repetitions of start and discovery")
	idle := fs.Duration("idle", 60*time.Second, "how long the rss benchmark lets the nodes idle")
	bin := fs.String("binary", "", "l2node binary for the rss and das benchmarks (default: build one)")
	headers := fs.Int("headers", 1000, "DA headers the das benchmark publishes")
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: l2bench start|rss|discovery|das|all [flags]")
		os.Exit(2)
	}
	what := os.Args[1]
	fs.Parse(os.Args[2:])
	var err error
	switch what {
	case "start":
		err = benchStart(*runs)
	case "rss":
		err = benchRSS(*bin, *idle)
	case "discovery":
		err = benchDiscovery(*runs)
	case "das":
		err = benchDASRSS(*bin, *headers)
	case "all":
		if err = benchStart(*runs); err == nil {
			if err = benchDiscovery(*runs); err == nil {
				if err = benchRSS(*bin, *idle); err == nil {
					err = benchDASRSS(*bin, *headers)
				}
			}
		}
	default:
		err = fmt.Errorf("unknown benchmark %q", what)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "l2bench:", err)
		os.Exit(1)
	}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func loopbackConfig(roles string) node.Config {
	cfg := node.DefaultConfig()
	cfg.Node.Roles = strings.Split(roles, ",")
	cfg.P2P.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/quic-v1"}
	cfg.P2P.NAT = false
	cfg.Metrics.ListenAddr = "127.0.0.1:0"
	return cfg
}

func stats(d []time.Duration) string {
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return fmt.Sprintf("p50 %s  min %s  max %s  (n=%d)", s[len(s)/2].Round(10*time.Microsecond),
		s[0].Round(10*time.Microsecond), s[len(s)-1].Round(10*time.Microsecond), len(s))
}

// benchStart times node.New+Start of a first node (fresh datadir, no peers),
// and a bare libp2p host with TCP and QUIC on loopback as the baseline.
func benchStart(runs int) error {
	tmp, err := os.MkdirTemp("", "l2bench-start-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var nodeT, rawT []time.Duration
	for i := range runs {
		t0 := time.Now()
		h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/quic-v1"), libp2p.DisableMetrics())
		if err != nil {
			return err
		}
		rawT = append(rawT, time.Since(t0))
		h.Close()

		dir := filepath.Join(tmp, fmt.Sprint(i))
		for _, roles := range []string{"da"} {
			cfg := loopbackConfig(roles)
			if _, err := node.Init(dir, cfg, false); err != nil {
				return err
			}
			t0 = time.Now()
			n, err := node.New(dir, cfg, node.WithLogger(quiet()), node.SharedProcess())
			if err != nil {
				return err
			}
			if err := n.Start(context.Background()); err != nil {
				return err
			}
			nodeT = append(nodeT, time.Since(t0))
			n.Close()
		}
	}
	fmt.Printf("start  node (DA role, new datadir, New+Start): %s\n", stats(nodeT))
	fmt.Printf("start  baseline bare libp2p.New (TCP+QUIC):     %s\n", stats(rawT))
	return nil
}

// benchDiscovery times the devnet of 13 nodes (a bootstrap node, 4
// sequencers, 2 validators, 2 DA, 3 light, 1 relayer) from the first Start
// to every node knowing every peer of each role it watches; the baseline is
// the time for the same nodes just to start and connect to the bootstrap.
func benchDiscovery(runs int) error {
	var disc, started []time.Duration
	for range runs {
		tmp, err := os.MkdirTemp("", "l2bench-disc-*")
		if err != nil {
			return err
		}
		s := devnet.DefaultSpec()
		s.Dir, s.BasePort, s.Log = tmp, 0, quiet()
		t0 := time.Now()
		d, err := devnet.Start(context.Background(), s)
		if err != nil {
			return err
		}
		started = append(started, time.Since(t0))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		err = d.WaitDiscovered(ctx)
		cancel()
		disc = append(disc, time.Since(t0))
		d.Close()
		os.RemoveAll(tmp)
		if err != nil {
			return err
		}
	}
	fmt.Printf("discovery 13 nodes, every watched role found:  %s\n", stats(disc))
	fmt.Printf("discovery baseline: same nodes started+joined:  %s\n", stats(started))
	return nil
}

// benchRSS runs a bootstrap, a DA and a light node as separate processes,
// lets them idle, then reads their resident set size; the baseline is the
// peak RSS of `l2node version`, the binary doing nothing.
func benchRSS(bin string, idle time.Duration) error {
	tmp, err := os.MkdirTemp("", "l2bench-rss-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "l2node")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/l2node").CombinedOutput(); err != nil {
			return fmt.Errorf("build: %v\n%s", err, out)
		}
	}
	ver := exec.Command(bin, "version")
	if err := ver.Run(); err != nil {
		return err
	}
	baseKB := ver.ProcessState.SysUsage().(*syscall.Rusage).Maxrss

	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			p.Process.Signal(syscall.SIGTERM)
			p.Wait()
		}
	}()
	start := func(name, roles, bootstrap string) (*exec.Cmd, string, error) {
		dir := filepath.Join(tmp, name)
		args := []string{"init", "--datadir", dir, "--roles", roles, "--nat=false",
			"--listen", "/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1", "--metrics=false"}
		if bootstrap != "" {
			args = append(args, "--bootstrap", bootstrap)
		}
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			return nil, "", fmt.Errorf("init %s: %v\n%s", name, err, out)
		}
		cmd := exec.Command(bin, "run", "--datadir", dir, "--log-format", "json")
		logf, err := os.Create(filepath.Join(tmp, name+".log"))
		if err != nil {
			return nil, "", err
		}
		cmd.Stderr = logf
		if err := cmd.Start(); err != nil {
			return nil, "", err
		}
		procs = append(procs, cmd)
		// The first address of the "node started" line, for the others' bootstrap.
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			b, _ := os.ReadFile(logf.Name())
			if i := strings.Index(string(b), `"addrs":["`); i >= 0 {
				rest := string(b)[i+len(`"addrs":["`):]
				return cmd, rest[:strings.IndexByte(rest, '"')], nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return nil, "", fmt.Errorf("%s did not start", name)
	}
	_, boot, err := start("bootstrap", "bootstrap", "")
	if err != nil {
		return err
	}
	da, _, err := start("da", "da", boot)
	if err != nil {
		return err
	}
	light, _, err := start("light", "light", boot)
	if err != nil {
		return err
	}
	time.Sleep(idle)
	for _, p := range []struct {
		name string
		cmd  *exec.Cmd
	}{{"light", light}, {"da", da}} {
		kb, err := vmRSS(p.cmd.Process.Pid)
		if err != nil {
			return err
		}
		fmt.Printf("rss    idle %-5s node after %s: %6.1f MiB\n", p.name, idle, float64(kb)/1024)
	}
	fmt.Printf("rss    baseline `l2node version` peak:     %6.1f MiB\n", float64(baseKB)/1024)
	return nil
}

func vmRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "VmRSS:"), "kB")), &kb)
			return kb, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// buildBinary builds l2node into dir unless bin is given.
func buildBinary(bin, dir string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	bin = filepath.Join(dir, "l2node")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/l2node").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, out)
	}
	return bin, nil
}

// benchDASRSS runs an in-process network (a bootstrap node, a sequencer that
// publishes squares, two DA nodes) and one light node as a separate process,
// publishes n squares of 64 KiB (k = 16) 100 ms apart (ten 1 s slots at once), waits until the light
// node has a verdict for every one, and reads its RSS; the baseline is the
// same light node's RSS before the first header.
func benchDASRSS(bin string, n int) error {
	tmp, err := os.MkdirTemp("", "l2bench-das-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = buildBinary(bin, tmp); err != nil {
		return err
	}
	s := devnet.Spec{Dir: filepath.Join(tmp, "net"), Network: "dasbench", Sequencers: 1, DA: 2, Log: quiet()}
	d, err := devnet.Start(context.Background(), s)
	if err != nil {
		return err
	}
	defer d.Close()
	var producer *devnet.Member
	for _, m := range d.Members {
		if m.Role == "sequencer" {
			producer = m
		}
	}
	lightDir := filepath.Join(tmp, "light")
	mport, err := freePort()
	if err != nil {
		return err
	}
	metrics := fmt.Sprintf("127.0.0.1:%d", mport)
	args := []string{"init", "--datadir", lightDir, "--roles", "light", "--network", s.Network, "--nat=false",
		"--listen", "/ip4/127.0.0.1/tcp/0", "--metrics-addr", metrics, "--rpc-addr", "127.0.0.1:0",
		"--bootstrap", d.Bootstrap().Node.Host().Addrs()[0].String(),
		"--set", "das.producers=" + producer.Node.Host().ID().String(), "--set", "p2p.discovery_interval=1s"}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("init light: %v\n%s", err, out)
	}
	light := exec.Command(bin, "run", "--datadir", lightDir, "--log-level", "warn")
	light.Stderr = os.Stderr
	if err := light.Start(); err != nil {
		return err
	}
	defer func() { light.Process.Signal(syscall.SIGTERM); light.Wait() }()
	status := func() (head, sampled uint64) {
		resp, err := http.Get("http://" + metrics + "/das")
		if err != nil {
			return 0, 0
		}
		defer resp.Body.Close()
		var st struct {
			NetworkHead uint64   `json:"network_head"`
			SampledHead uint64   `json:"sampled_head"`
			Failed      []uint64 `json:"failed_heights"`
		}
		json.NewDecoder(resp.Body).Decode(&st)
		return st.NetworkHead, st.SampledHead
	}
	// Let the light node find the DA nodes and join the header mesh.
	for deadline := time.Now().Add(60 * time.Second); ; {
		if _, err := http.Get("http://" + metrics + "/readyz"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("light node did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(5 * time.Second)
	before, err := vmRSS(light.Process.Pid)
	if err != nil {
		return err
	}
	data := make([]byte, 64<<10)
	start := time.Now()
	for h := 1; h <= n; h++ {
		data[0], data[1] = byte(h), byte(h>>8)
		if _, err := producer.Node.DAS().Publish(context.Background(), uint64(h), data); err != nil {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	for deadline := time.Now().Add(5 * time.Minute); ; {
		if _, sampled := status(); sampled >= uint64(n) {
			break
		}
		if time.Now().After(deadline) {
			head, sampled := status()
			return fmt.Errorf("light node sampled up to %d of %d (network head %d)", sampled, n, head)
		}
		time.Sleep(200 * time.Millisecond)
	}
	took := time.Since(start)
	after, err := vmRSS(light.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("das    light node after %d headers (k=16) in %s: RSS %6.1f MiB (before the first header %6.1f MiB)\n",
		n, took.Round(time.Second), float64(after)/1024, float64(before)/1024)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
