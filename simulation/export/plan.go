package export

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/l2node/l2node/simulation"
)

// Host is one node of the exported network.
type Host struct {
	Name     string // sequencer-0, da-3, light-117, bootstrap-0
	Role     string // sequencer, da, light or bootstrap
	Group    int    // index into the scenario's groups; -1 for the bootstrap node
	Index    int    // index among the hosts of its role
	Region   int    // index into the scenario's regions
	IP       string
	Uplink   float64 // bits per second
	Downlink float64 // bits per second
	Stake    uint64
}

// plan lists the hosts of a scenario: one bootstrap node (the DHT entry
// point, in the first sequencer group's region), then every group's nodes
// in the order of the groups, numbered per role.
func plan(s *simulation.Scenario) []Host {
	region := map[string]int{}
	for i, r := range s.Regions {
		region[r] = i
	}
	var hosts []Host
	for _, g := range s.Groups {
		if g.Role == "sequencer" {
			hosts = append(hosts, Host{Name: "bootstrap-0", Role: "bootstrap", Group: -1, Region: region[g.Region], Uplink: float64(g.UplinkBps), Downlink: float64(g.DownlinkBps)})
			break
		}
	}
	next := map[string]int{}
	for gi, g := range s.Groups {
		for range g.Count {
			i := next[g.Role]
			next[g.Role]++
			hosts = append(hosts, Host{Name: fmt.Sprintf("%s-%d", g.Role, i), Role: g.Role, Group: gi, Index: i,
				Region: region[g.Region], Uplink: float64(g.UplinkBps), Downlink: float64(g.DownlinkBps), Stake: g.Stake})
		}
	}
	for i := range hosts {
		hosts[i].IP = hostIP(i)
	}
	return hosts
}

// hostIP gives host i an address in 11.0.0.0/8 (Shadow's own default
// range), never ending in .0 or .255.
func hostIP(i int) string {
	return fmt.Sprintf("11.%d.%d.%d", i/62500, (i/250)%250, i%250+1)
}

// Files is an export: file name → contents, written by Write.
type Files map[string][]byte

// Write writes the files into dir (scripts executable).
func (f Files) Write(dir string) error {
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range f {
			if !yield(k) {
				return
			}
		}
	}) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(p, f[name], mode); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// nodeSettings are the scenario's protocol parameters as l2node config
// options.
func nodeSettings(s *simulation.Scenario) [][2]string {
	return [][2]string{
		{"sequencing.slot", time.Duration(s.Consensus.Slot).String()},
		{"sequencing.view_timeout", time.Duration(s.Consensus.ViewTimeout).String()},
		{"sequencing.epoch_length", fmt.Sprint(s.Consensus.EpochLength)},
		{"sequencing.max_batch_txs", fmt.Sprint(s.Workload.MaxBatchTxs)},
		{"das.confidence", fmt.Sprint(s.DAS.Confidence)},
	}
}

// notExported lists what of the scenario the real binaries cannot be told
// to do: they are honest nodes on a real network stack.
func notExported(s *simulation.Scenario) []string {
	var out []string
	if s.Jitter > 0 {
		out = append(out, fmt.Sprintf("jitter %.2f (latencies are fixed)", s.Jitter))
	}
	for _, a := range s.Adversaries {
		out = append(out, fmt.Sprintf("adversary %s at %s", a.Kind, time.Duration(a.At)))
	}
	for i, g := range s.Groups {
		if g.Churn != (simulation.Churn{}) {
			out = append(out, fmt.Sprintf("churn of groups[%d] (every node stays up)", i))
		}
	}
	return out
}
