package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/node"
)

func newInitCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a datadir: config.toml with every option documented, and a node key",
		Long: `init writes <datadir>/config.toml, listing every option with its documented
default (flags and L2NODE_* variables change the values written), and a new
Ed25519 node key <datadir>/node.key with mode 0600.

It refuses a datadir that already holds a node. With --force it rewrites
config.toml but keeps the existing key, so the peer ID does not change.`,
		Example: `  l2node init --datadir ~/.l2node --roles light --bootstrap /ip4/203.0.113.7/tcp/7700/p2p/12D3KooW…
  l2node init --datadir ./da1 --roles da,validator --listen /ip4/0.0.0.0/tcp/7701,/ip4/0.0.0.0/udp/7701/quic-v1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("datadir")
			force, _ := cmd.Flags().GetBool("force")
			cfg := node.DefaultConfig()
			if err := applyOverrides(cmd, &cfg); err != nil {
				return err
			}
			id, err := node.Init(dir, cfg, force)
			if err != nil {
				return err
			}
			abs, _ := filepath.Abs(dir)
			fmt.Fprintf(cmd.OutOrStdout(), "initialized %s\npeer id: %s\nroles:   %v\nnetwork: %s\nstart it with: l2node run --datadir %s\n",
				abs, id, cfg.Node.Roles, cfg.Node.Network, dir)
			return nil
		},
	}
	addConfigFlags(cmd.Flags())
	cmd.Flags().Bool("force", false, "rewrite config.toml of an existing datadir (the node key is kept)")
	return cmd
}
