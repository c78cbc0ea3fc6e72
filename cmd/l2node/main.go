// Command l2node runs every kind of peer of the l2node network: sequencers,
// validators, full DA nodes, light DA nodes and bridge relayers.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "l2node: "+firstLine(err.Error()))
		os.Exit(1)
	}
}

func firstLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "l2node",
		Short: "A peer of the l2node rollup network: sequencer, validator, DA, light or relayer",
		Long: `l2node runs every kind of peer of a Layer-2 optimistic rollup anchored to an EVM L1:
sequencers, validators, full data-availability (DA) nodes, light DA nodes and
bridge relayers. One binary, one datadir per node.

Start a node:
  l2node init --datadir ~/.l2node --roles light --bootstrap /ip4/…/p2p/…
  l2node run  --datadir ~/.l2node

Try a whole local network:
  l2node devnet

Every flag can also be given as an L2NODE_* environment variable
(--metrics-addr → L2NODE_METRICS_ADDR), and every config option as
L2NODE_<SECTION>_<OPTION> (p2p.dht_mode → L2NODE_P2P_DHT_MODE).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("datadir", defaultDatadir(), "node data directory (config.toml, node.key, peer book)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return flagsFromEnv(cmd) }
	root.AddCommand(newInitCmd(), newRunCmd(), newKeysCmd(), newPeersCmd(), newVersionCmd(), newDevnetCmd(), newSimCmd(), newLoadCmd())
	return root
}

func defaultDatadir() string {
	if home, err := os.UserHomeDir(); err == nil {
		return home + "/.l2node"
	}
	return ".l2node"
}
