package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/node/devnet"
)

func newDevnetCmd() *cobra.Command {
	s := devnet.DefaultSpec()
	var keep bool
	var logLevel string
	cmd := &cobra.Command{
		Use:   "devnet",
		Short: "Start a complete local network with no setup",
		Long: `devnet starts, in this process, an embedded L1 (go-ethereum's simulated chain,
its JSON-RPC on loopback) with the bridge contracts deployed, a bootstrap node
and nodes of every role, each with its own datadir and loopback ports; waits
until every node has found the peers it needs through the DHT; prints the L2
and L1 JSON-RPC URLs, the funded dev keys, the contracts, the nodes' peer IDs,
multiaddrs and metrics endpoints; and runs until Ctrl-C.

Without --dir the datadirs live in a fresh temporary directory that is removed
on exit (unless --keep); with --dir they are created once and reused, so peer
IDs and keys stay the same across runs. The embedded L1 lives in memory, so
each start is a new chain and the nodes' chain data starts over with it.`,
		Example: `  l2node devnet
  l2node devnet --light 10 --base-port 0
  l2node devnet --dir ./devnet-data`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := node.NewLogger(node.LogConfig{Level: logLevel, Format: "text"}, os.Stderr)
			if err != nil {
				return err
			}
			s.Log = log
			if s.Dir == "" {
				if s.Dir, err = os.MkdirTemp("", "l2node-devnet-*"); err != nil {
					return err
				}
				if !keep {
					defer os.RemoveAll(s.Dir)
				}
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			start := time.Now()
			d, err := devnet.Start(ctx, s)
			if err != nil {
				return err
			}
			defer d.Close()
			out := cmd.OutOrStdout()
			wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			err = d.WaitDiscovered(wctx)
			cancel()
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "devnet %q ready in %s: %d nodes, every role discovered; datadirs in %s\n\n",
				s.Network, time.Since(start).Round(time.Millisecond), len(d.Members), s.Dir)
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tPEER ID\tMETRICS\tMULTIADDR")
			for _, m := range d.Members {
				addrs := m.Node.Host().Addrs()
				first := ""
				if len(addrs) > 0 {
					first = addrs[0].String()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Name, m.Role, m.Node.Host().ID(), m.Node.MetricsURL()+"/metrics", first)
			}
			tw.Flush()
			var producers []string
			for _, m := range d.Members {
				if m.Role == "sequencer" {
					producers = append(producers, m.Node.Host().ID().String())
				}
			}
			if m := d.RPC(); m != nil {
				fmt.Fprintf(out, "\nL2 JSON-RPC (HTTP and WebSocket): %s  (chain ID %d, served by %s; the sequencers finalize a batch every slot)\n",
					m.Node.RPCURL(), m.Node.Exec().ChainConfig().ChainID, m.Name)
			}
			fmt.Fprintf(out, "L1 JSON-RPC (HTTP): %s  (chain ID %d, a block every %s)\n", d.L1.HTTPURL(), devnet.L1ChainID, s.L1Block)
			fmt.Fprintf(out, "L1 contracts (deployed in block %d): Bridge %s  StateCommitmentChain %s  SequencerRegistry %s  DisputeGame %s  OneStepProver %s\n",
				d.DeployBlock, d.Contracts.Bridge, d.Contracts.StateCommitmentChain, d.Contracts.SequencerRegistry, d.Contracts.DisputeGame, d.Contracts.OneStepProver)
			fmt.Fprintln(out, "funded dev accounts, on L2 and on L1 (1,000,000 coins each; these keys are public: devnet only):")
			for _, k := range exec.DevKeys(4) {
				fmt.Fprintf(out, "  %s  private key 0x%x\n", k.Address, ethcrypto.FromECDSA(k.Key))
			}
			fmt.Fprintf(out, "  … %d in all: exec.DevKeys in the Go package exec\n", node.DevAccounts)
			for _, m := range d.Members {
				switch {
				case m.Node.ValidatorAddress() != (common.Address{}):
					fmt.Fprintf(out, "%s signs output roots as %s\n", m.Name, m.Node.ValidatorAddress())
				case m.Role == "light":
					fmt.Fprintf(out, "%s reports availability at %s/das (?height=N for one batch)\n", m.Name, m.Node.MetricsURL())
				}
			}
			fmt.Fprintf(out, "\nbootstrap: %s\njoin it:   l2node init --datadir ./mylight --roles light --network %s --listen /ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1 --metrics-addr 127.0.0.1:9799 --bootstrap %s --set das.producers=%s && l2node run --datadir ./mylight\n\nCtrl-C stops the devnet.\n",
				d.Bootstrap().Node.Host().Addrs()[0], s.Network, d.Bootstrap().Node.Host().Addrs()[0], strings.Join(producers, ","))
			<-ctx.Done()
			stop()
			fmt.Fprintln(out, "stopping devnet")
			return d.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&s.Dir, "dir", "", "parent directory of the nodes' datadirs (default: a temporary directory)")
	f.BoolVar(&keep, "keep", false, "keep the temporary datadirs on exit")
	f.StringVar(&s.Network, "network", s.Network, "network name")
	f.IntVar(&s.Sequencers, "sequencers", s.Sequencers, "sequencer nodes")
	f.IntVar(&s.Validators, "validators", s.Validators, "validator nodes")
	f.IntVar(&s.DA, "da", s.DA, "full DA nodes")
	f.IntVar(&s.Light, "light", s.Light, "light DA nodes")
	f.IntVar(&s.Relayers, "relayers", s.Relayers, "relayer nodes")
	f.IntVar(&s.BasePort, "base-port", s.BasePort, "first p2p port (node i uses base+i, its metrics base+2000+i); 0 picks free ports")
	f.IntVar(&s.RPCPort, "rpc-port", s.RPCPort, "L2 JSON-RPC port of the executing node (with --base-port set)")
	f.StringVar(&s.Host, "host", "127.0.0.1", "address every port binds; 0.0.0.0 only inside a container whose ports are published")
	f.IntVar(&s.L1Port, "l1-port", s.L1Port, "JSON-RPC port of the embedded L1 (with --base-port set)")
	f.DurationVar(&s.Slot, "slot", s.Slot, "the sequencers' slot: one batch per slot")
	f.DurationVar(&s.L1Block, "l1-block", s.L1Block, "the embedded L1's block period")
	f.Uint64Var(&s.OutputInterval, "output-interval", s.OutputInterval, "batches per output root on L1")
	f.StringVar(&logLevel, "log-level", "warn", "log level of the nodes")
	return cmd
}
