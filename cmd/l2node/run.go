package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/pbnjay/memory"
	"github.com/spf13/cobra"

	"github.com/l2node/l2node/node"
)

func newRunCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run a node from its datadir",
		Long: `run starts a node with the roles of its config (or --roles), joins the network
through the bootstrap peers and the peer book, serves /metrics, /healthz,
/readyz and /status, and stops cleanly on SIGINT or SIGTERM.

Precedence, lowest first: defaults, config.toml, L2NODE_<SECTION>_<OPTION>
variables, --set key=value, flags (or their L2NODE_<FLAG> variables).`,
		Example: `  l2node run --datadir ~/.l2node
  l2node run --datadir ./seq1 --roles sequencer,validator --log-format json
  L2NODE_BOOTSTRAP=/ip4/127.0.0.1/tcp/7700/p2p/12D3KooW… l2node run --datadir ./light1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("datadir")
			cfg, err := loadConfig(cmd, dir)
			if err != nil {
				return err
			}
			log, err := node.NewLogger(cfg.Log, os.Stderr)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			n, err := node.New(dir, cfg, node.WithLogger(log))
			if err != nil {
				return err
			}
			if gc := node.GCFor(cfg.Exec, n.Exec() != nil, memory.TotalMemory(), os.LookupEnv); gc != (node.GCSettings{}) {
				gc.Apply()
				log.Info("garbage collector tuned for execution", "gc_percent", gc.Percent, "memory_limit_mb", gc.MemoryLimit>>20)
			}
			if err := n.Start(ctx); err != nil {
				n.Close()
				if ctx.Err() != nil {
					log.Info("stopped before joining the network")
					return nil // interrupted while dialling: a clean stop
				}
				return err
			}
			<-ctx.Done()
			stop() // a second signal kills the process
			log.Info("shutting down")
			if err := n.Close(); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			log.Info("stopped")
			return nil
		},
	}
	addConfigFlags(cmd.Flags())
	return cmd
}

// loadConfig reads a datadir's config and layers the environment and flags over it.
func loadConfig(cmd *cobra.Command, dir string) (node.Config, error) {
	cfg, err := node.LoadDatadir(dir)
	if err != nil {
		return cfg, err
	}
	if err := applyOverrides(cmd, &cfg); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}
