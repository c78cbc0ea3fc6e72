package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/simulation"
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
schedule) on a seeded discrete-event engine with the scenario's latencies,
jitter, loss, bandwidth, workload and adversaries. The same scenario and seed
give byte-identical outputs in --out: scenario.yaml (as run), metrics.json,
blocks.csv, das.csv (with light nodes) and SVG plots: finality.svg,
latency-cdf.svg, messages.svg and das-detection.svg.`,
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
	sim.AddCommand(run)
	return sim
}
