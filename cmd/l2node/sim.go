package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/simulation"
	"github.com/l2node/l2node/simulation/export"
)

func newSimCmd() *cobra.Command {
	sim := &cobra.Command{
		Use:   "sim",
		Short: "Run network simulations of the protocol cores (docs/simulator.md)",
	}
	var out string
	var quiet bool
	run := &cobra.Command{
		Use:   "run SCENARIO.yaml",
		Short: "Run one scenario on the virtual clock and write its outputs to --out",
		Long: `Runs the scenario's sequencers (the node's own consensus core and leader
schedule), DA and light nodes on a seeded discrete-event engine with the
scenario's latencies, jitter, loss, uplink and downlink bandwidth, GossipSub
parameters, workload and adversaries. The same scenario and seed give
byte-identical outputs in --out: scenario.yaml (as run), metrics.json,
blocks.csv, das.csv (with light nodes), propagation.csv, bandwidth.csv and SVG
plots: finality.svg, latency-cdf.svg, messages.svg, propagation-cdf.svg,
bandwidth-by-role.svg and das-detection.svg.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := simulation.LoadScenario(args[0])
			if err != nil {
				return err
			}
			progress := cmd.ErrOrStderr()
			if quiet {
				progress = nil
			}
			m, err := simulation.Run(s, out, progress)
			if err != nil {
				return err
			}
			b, _ := json.MarshalIndent(m, "", "  ")
			fmt.Fprintf(cmd.OutOrStdout(), "%s\noutputs in %s\n", b, out)
			return nil
		},
	}
	run.Flags().StringVar(&out, "out", "sim-out", "directory for the outputs")
	run.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	sim.AddCommand(run, newSimSweepCmd(), newSimExportCmd(), newSimEmulateCmd())
	return sim
}

func newSimSweepCmd() *cobra.Command {
	var out, metric string
	var sets []string
	var parallel int
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO.yaml --set KEY=V1,V2,… [--set KEY2=…] --out DIR",
		Short: "Run a scenario over a grid of parameter values, in parallel",
		Long: `Runs the scenario once for every combination of the --set values (the first
--set outermost), each into DIR/<key=value_key=value>/ with every output of
'sim run', at most --parallel at once. Then writes DIR/sweep.csv (one row per
run: the parameters and the headline metrics) and DIR/sweep.svg (--metric
against the first parameter, a line per combination of the others).

Keys are paths of the scenario's YAML keys: seed, duration, consensus.slot,
latency.eu.us, workload.tx_rate, das.k, groups[2].count (one group, by index),
groups.light.count (every group of role light), adversaries.withhold.fraction
(every adversary of that kind). Every combination is parsed strictly before
anything runs. Each run is deterministic, and so is sweep.csv.`,
		Example: `  l2node sim sweep simulation/scenarios/sequencing-4.yaml --set consensus.slot=500ms,1s --set seed=1,2 --out sweep-out --parallel 2`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			base, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("scenario: %w", err)
			}
			var params []simulation.Param
			for _, s := range sets {
				p, err := simulation.ParseParam(s)
				if err != nil {
					return err
				}
				params = append(params, p)
			}
			if _, err := simulation.LookupSweepMetric(metric); err != nil {
				return err
			}
			if parallel < 1 {
				return fmt.Errorf("sweep: --parallel %d: must be at least 1", parallel)
			}
			runs, err := simulation.ExpandSweep(args[0], base, params)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%d runs, %d at once\n", len(runs), parallel)
			start := time.Now()
			if _, err := simulation.RunSweep(params, runs, out, simulation.SweepOptions{Parallel: parallel, Metric: metric, Progress: cmd.ErrOrStderr()}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d runs in %s: %s, %s\n", len(runs), time.Since(start).Round(10*time.Millisecond),
				filepath.Join(out, "sweep.csv"), filepath.Join(out, "sweep.svg"))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "KEY=V1,V2,…: a scenario field and its values (repeatable)")
	cmd.Flags().StringVar(&out, "out", "sweep-out", "directory for the runs, sweep.csv and sweep.svg")
	cmd.Flags().IntVar(&parallel, "parallel", runtime.GOMAXPROCS(0), "runs at once")
	cmd.Flags().StringVar(&metric, "metric", "finality_p50_ms", "the column of sweep.csv plotted in sweep.svg")
	return cmd
}

func newSimExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Turn a scenario into a Shadow simulation or a Kubernetes testnet of real l2node binaries",
	}
	var out, binary string
	shadow := &cobra.Command{
		Use:   "shadow SCENARIO.yaml --out DIR",
		Short: "Write a Shadow configuration (shadow.yaml, network.gml, init.sh) that runs the real l2node",
		Long: `Writes into --out: shadow.yaml (a host per node of the scenario, at its region's
node of the graph, with its group's bandwidth, running 'l2node run'; a load
generator beside the first sequencer at the scenario's transaction rate),
network.gml (a node per region; an edge per ordered pair of regions with the
matrix's latency and the scenario's loss), hosts.txt, and init.sh, which makes
every host's datadir with l2node init. Then, from --out:
  L2NODE=$(command -v l2node) ./init.sh && shadow shadow.yaml > shadow.log`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := simulation.LoadScenario(args[0])
			if err != nil {
				return err
			}
			files, err := export.Shadow(s, export.ShadowOptions{Binary: binary})
			if err != nil {
				return err
			}
			return writeExport(cmd, files, out)
		},
	}
	shadow.Flags().StringVar(&out, "out", "shadow-out", "directory for the configuration")
	shadow.Flags().StringVar(&binary, "binary", "l2node", "the l2node executable the hosts run: an absolute path, or a name on Shadow's PATH")
	var kout string
	var kopts export.K8sOptions
	k8s := &cobra.Command{
		Use:   "k8s SCENARIO.yaml --out DIR",
		Short: "Write Kubernetes manifests for a testnet with the scenario's node groups",
		Long: `Writes into --out a kustomization of the scenario's network as real nodes, in the
manner of deploy/k8s: a StatefulSet per node group with the group's count and
one for the bootstrap node, headless Services, the network's ConfigMap (the
scenario's protocol parameters; placeholders for peer IDs and sequencer
addresses) and keys.sh, which makes the keys, fills in the placeholders and
creates the Secret. Then, from --out:
  L2NODE=$(command -v l2node) ./keys.sh && kubectl apply -k .`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := simulation.LoadScenario(args[0])
			if err != nil {
				return err
			}
			files, err := export.K8s(s, kopts)
			if err != nil {
				return err
			}
			return writeExport(cmd, files, kout)
		},
	}
	k8s.Flags().StringVar(&kout, "out", "k8s-out", "directory for the manifests")
	k8s.Flags().StringVar(&kopts.Namespace, "namespace", "l2node-sim", "the namespace")
	k8s.Flags().StringVar(&kopts.Image, "image", "l2node:latest", "the l2node image")
	k8s.Flags().StringVar(&kopts.RegionLabel, "region-label", "", "pin each group's pods to nodes whose label of this name is the group's region (e.g. topology.kubernetes.io/region)")
	cmd.AddCommand(shadow, k8s)
	return cmd
}

func writeExport(cmd *cobra.Command, files export.Files, dir string) error {
	if err := files.Write(dir); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%d files in %s\n", len(files), dir)
	return nil
}

func newSimEmulateCmd() *cobra.Command {
	var out string
	var opts simulation.EmulateOptions
	var compare, quiet bool
	cmd := &cobra.Command{
		Use:   "emulate SCENARIO.yaml --out DIR [--nodes-max 100] [--duration D] [--compare]",
		Short: "Run a small scenario on real libp2p hosts with the real GossipSub, in real time, to calibrate the model",
		Long: `Runs the scenario's network at small scale on real libp2p hosts: one host per
node on go-libp2p's in-process mock network, each link with its regions'
latency (jitter drawn once per link) and the lower of its ends' rates as a
bandwidth cap, each host running the node's own gossip router (GossipSub from
go-libp2p-pubsub with the scenario's mesh degrees, heartbeat and history) on
the topics the model gives its role. The model runs first; its connection
graph and its publications (publisher, time, topic, size) are replayed on the
real stack in real time, so both describe the same messages.

Writes to --out: scenario.yaml, propagation.csv (the model's format),
metrics.json and propagation-cdf.svg. With --compare, the model's outputs go
to DIR/model, the emulation's to DIR/emulation, and DIR/calibration.csv and
DIR/calibration.md compare their propagation times.

Refuses scenarios of more than --nodes-max nodes (default 100, at most 300),
with adversaries, churn or loss, and gossip parameters the node's router does
not take. It runs in real time: the default --duration is the scenario's;
keep it short (seconds).`,
		Example: `  l2node sim emulate simulation/scenarios/calibration-50.yaml --compare --out calib-out`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := simulation.LoadScenario(args[0])
			if err != nil {
				return err
			}
			if !quiet {
				opts.Progress = cmd.ErrOrStderr()
			}
			if compare {
				rows, m, err := simulation.Calibrate(s, out, opts)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d nodes, %d messages, %d of %d deliveries, wall %.1f s\n\n%s\noutputs in %s\n",
					m.Nodes, m.Published, m.Delivered, m.Expected, m.WallSeconds, simulation.FormatCalibration(rows), out)
				return nil
			}
			m, err := simulation.Emulate(s, out, opts)
			if err != nil {
				return err
			}
			b, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				return fmt.Errorf("emulate: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s\noutputs in %s\n", b, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "emulate-out", "directory for the outputs")
	cmd.Flags().IntVar(&opts.MaxNodes, "nodes-max", simulation.DefaultEmulateMaxNodes, "refuse scenarios with more nodes (at most 300)")
	cmd.Flags().DurationVar(&opts.Duration, "duration", 0, "publications replayed (default: the scenario's duration)")
	cmd.Flags().BoolVar(&compare, "compare", false, "also run the model and compare propagation times (DIR/calibration.md)")
	cmd.Flags().BoolVar(&opts.MockLatency, "mock-latency", false, "use mocknet's link latency instead of the receive-side delay (it throttles bursts; docs/simulator.md)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress lines")
	return cmd
}
