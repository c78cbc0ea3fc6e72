package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/loadgen"
	"github.com/l2node/l2node/node"
)

func newLoadCmd() *cobra.Command {
	cfg := loadgen.Config{RPC: "http://" + node.DefaultRPCAddr, Rate: 50, Duration: 30 * time.Second, Wait: time.Minute, Until: "final"}
	var senders int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Send signed transfers at a target rate and measure throughput and latency",
		Long: `load sends signed transfers to a node's JSON-RPC at a target rate, from the
devnet's funded development keys, then reports how many transfers per second
became final and how long each took to reach every status of its batch:
final, available, committed (its state root on L1) and finalized (the
challenge window passed). Statuses the node does not report show "-".`,
		Example: `  l2node load --rate 200 --duration 30s
  l2node load --until finalized --wait 2m --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if senders < 1 || senders > node.DevAccounts {
				return fmt.Errorf("--senders: %d, want 1 to %d", senders, node.DevAccounts)
			}
			for _, k := range exec.DevKeys(senders) {
				cfg.Keys = append(cfg.Keys, k.Key)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			errOut := cmd.ErrOrStderr()
			cfg.Progress = func(p loadgen.Progress) {
				var parts []string
				for _, s := range loadgen.Statuses {
					parts = append(parts, fmt.Sprintf("%s %d", s, p.Reached[s]))
				}
				fmt.Fprintf(errOut, "\r%6s  sent %d  refused %d  %s   ", p.Elapsed.Round(time.Second), p.Sent, p.Errors, strings.Join(parts, "  "))
			}
			res, err := loadgen.Run(ctx, cfg)
			fmt.Fprintln(errOut)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			fmt.Fprint(cmd.OutOrStdout(), res.String())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.RPC, "rpc", cfg.RPC, "the node's JSON-RPC URL")
	f.Float64Var(&cfg.Rate, "rate", cfg.Rate, "transfers per second to send")
	f.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long to send")
	f.DurationVar(&cfg.Wait, "wait", cfg.Wait, "how long to keep watching statuses after the last send")
	f.StringVar(&cfg.Until, "until", cfg.Until, "the last status to wait for: "+strings.Join(loadgen.Statuses, ", "))
	f.IntVar(&senders, "senders", 8, "development keys to send from (round-robin)")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}
