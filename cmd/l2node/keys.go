package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/spf13/cobra"

	"github.com/l2node/l2node/node"
)

func newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Show the node's peer ID and listen addresses",
		Long: `keys prints the peer ID derived from the node key and the multiaddrs others
use to reach the node: the announce addresses if set, else the listen addresses
(0.0.0.0 stands for every interface; use the machine's own address instead).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("datadir")
			asJSON, _ := cmd.Flags().GetBool("json")
			cfg, err := loadConfig(cmd, dir)
			if err != nil {
				return err
			}
			keyPath := cfg.Node.KeyFile
			if !filepath.IsAbs(keyPath) {
				keyPath = filepath.Join(dir, keyPath)
			}
			key, err := node.LoadKey(keyPath)
			if err != nil {
				return err
			}
			id, err := peer.IDFromPrivateKey(key)
			if err != nil {
				return err
			}
			addrs := cfg.P2P.ListenAddrs
			if len(cfg.P2P.AnnounceAddrs) > 0 {
				addrs = cfg.P2P.AnnounceAddrs
			}
			var full []string
			for _, a := range addrs {
				m, err := ma.NewMultiaddr(a)
				if err != nil {
					return err
				}
				full = append(full, m.Encapsulate(ma.StringCast("/p2p/"+id.String())).String())
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"peer_id": id.String(), "key_file": keyPath, "addrs": full, "roles": cfg.Node.Roles})
			}
			fmt.Fprintf(out, "peer id:  %s\nkey file: %s\nroles:    %v\naddrs:\n", id, keyPath, cfg.Node.Roles)
			for _, a := range full {
				fmt.Fprintf(out, "  %s\n", a)
			}
			return nil
		},
	}
	cmd.Flags().Bool("json", false, "print JSON")
	addConfigFlags(cmd.Flags())
	return cmd
}
