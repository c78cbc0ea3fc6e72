package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/loadgen"
)

// BenchmarkDevnetLoad runs the default devnet (4 sequencers, 2 validators,
// 2 DA nodes, 3 light nodes, a relayer, the embedded L1; 1 s slots) in this
// process under the load generator at L2NODE_LOAD_RATE transfers/s
// (default 200) for L2NODE_LOAD_SECONDS (default 30; the CPU profile is
// written to L2NODE_LOAD_CPUPROFILE if set), and reports the
// sustained rate, the latency to final and to committed, the CPU each role
// used (from a CPU profile whose samples carry each node's role as a label;
// "other" is the L1, the load generator and the Go runtime's own work) and
// the process's RSS. Roles share one process, so there is no RSS per role
// here: run roles as separate processes (docs/deploy.md) for that.
func BenchmarkDevnetLoad(b *testing.B) {
	rate := envInt("L2NODE_LOAD_RATE", 200)
	secs := envInt("L2NODE_LOAD_SECONDS", 30)
	ctx := context.Background()
	s := DefaultSpec()
	s.Dir, s.BasePort = b.TempDir(), 0
	s.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := Start(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	err = d.WaitDiscovered(wctx)
	cancel()
	if err != nil {
		b.Fatal(err)
	}
	var keys []*ecdsa.PrivateKey
	for _, k := range exec.DevKeys(16) {
		keys = append(keys, k.Key)
	}
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	b.ResetTimer()
	res, err := loadgen.Run(ctx, loadgen.Config{
		RPC: d.RPC().Node.RPCURL(), Keys: keys, Rate: float64(rate), Duration: time.Duration(secs) * time.Second,
		Until: "committed", Wait: 2 * time.Minute,
	})
	b.StopTimer()
	pprof.StopCPUProfile()
	wall := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	b.Log("\n" + res.String())
	b.ReportMetric(res.Throughput, "tx/s")
	lat := map[string]loadgen.Latency{}
	for _, l := range res.Latencies {
		lat[l.Status] = l
	}
	b.ReportMetric(float64(lat["final"].P50.Milliseconds()), "final-p50-ms")
	b.ReportMetric(float64(lat["final"].P99.Milliseconds()), "final-p99-ms")
	b.ReportMetric(float64(lat["committed"].P50.Milliseconds()), "committed-p50-ms")
	b.ReportMetric(float64(lat["committed"].P99.Milliseconds()), "committed-p99-ms")
	if path := os.Getenv("L2NODE_LOAD_CPUPROFILE"); path != "" {
		if err := os.WriteFile(path, prof.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cpu, err := cpuByRole(prof.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	roles := make([]string, 0, len(cpu))
	for r := range cpu {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	var lines []string
	for _, r := range roles {
		cores := cpu[r].Seconds() / wall.Seconds()
		b.ReportMetric(cores, "cores-"+r)
		lines = append(lines, fmt.Sprintf("%-10s %.2f cores", r, cores))
	}
	b.Logf("CPU by role over %s (2 cores in all):\n%s", wall.Round(time.Second), strings.Join(lines, "\n"))
	// Transactions batches carried but execution dropped (repeats of what an
	// ancestor not yet final already had, above all), on the RPC node.
	if mfs, err := d.RPC().Node.Registry().Gather(); err == nil {
		for _, mf := range mfs {
			if mf.GetName() != "l2_exec_transactions_total" {
				continue
			}
			for _, m := range mf.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "path" && l.GetValue() == "dropped" {
						b.ReportMetric(m.GetCounter().GetValue(), "dropped")
					}
				}
			}
		}
	}
	if rss, ok := rssMB(); ok {
		b.ReportMetric(rss, "rss-MB")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}

// cpuByRole sums a CPU profile's samples by their "role" label.
func cpuByRole(raw []byte) (map[string]time.Duration, error) {
	p, err := profile.ParseData(raw)
	if err != nil {
		return nil, err
	}
	idx := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			idx = i
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("no cpu samples in the profile")
	}
	out := map[string]time.Duration{}
	for _, smp := range p.Sample {
		role := "other"
		if r := smp.Label["role"]; len(r) > 0 {
			role = r[0]
		}
		out[role] += time.Duration(smp.Value[idx])
	}
	return out, nil
}

func rssMB() (float64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
