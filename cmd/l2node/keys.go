package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/spf13/cobra"

	"github.com/l2node/l2node/internal/keyfile"
	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/p2p"
)

func newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Show the node's peer ID, listen addresses and the addresses of its role keys",
		Long: `keys prints the peer ID derived from the node key and the multiaddrs others
use to reach the node: the announce addresses if set, else the listen addresses
(0.0.0.0 stands for every interface; use the machine's own address instead).

It also prints the Ethereum address of each secp256k1 key the node's roles use:
the sequencer's consensus key (list it in sequencing.sequencers and stake it in
the SequencerRegistry), the validator's output-root key (the
StateCommitmentChain's validator set), the relayer's L1 key (fund it on L1) and
the DA attestation key. Keys not created yet are created with --create (mode
0600), as the node would on its first start.`,
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
			create, _ := cmd.Flags().GetBool("create")
			roleKeys, err := roleKeyAddresses(dir, cfg, create)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"peer_id": id.String(), "key_file": keyPath, "addrs": full, "roles": cfg.Node.Roles, "role_keys": roleKeys})
			}
			fmt.Fprintf(out, "peer id:  %s\nkey file: %s\nroles:    %v\naddrs:\n", id, keyPath, cfg.Node.Roles)
			for _, a := range full {
				fmt.Fprintf(out, "  %s\n", a)
			}
			if len(roleKeys) > 0 {
				fmt.Fprintln(out, "role keys:")
			}
			for _, k := range roleKeys {
				addr := k.Address
				if addr == "" {
					addr = "(not created yet: run with --create, or start the node)"
				}
				fmt.Fprintf(out, "  %-11s %s  %s\n", k.Key, addr, k.File)
			}
			return nil
		},
	}
	cmd.Flags().Bool("json", false, "print JSON")
	cmd.Flags().Bool("create", false, "create the role keys that do not exist yet")
	addConfigFlags(cmd.Flags())
	return cmd
}

// roleKey is one secp256k1 key a role signs with.
type roleKey struct {
	Key     string `json:"key"`
	File    string `json:"file"`
	Address string `json:"address,omitempty"` // empty until the key exists
}

// roleKeyAddresses lists the secp256k1 keys of the configured roles with
// their addresses, creating missing ones if create is set.
func roleKeyAddresses(dir string, cfg node.Config, create bool) ([]roleKey, error) {
	roles, err := cfg.Roles()
	if err != nil {
		return nil, err
	}
	has := func(r p2p.Role) bool { return slices.Contains(roles, r) }
	var keys []roleKey
	add := func(name, file string) {
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		keys = append(keys, roleKey{Key: name, File: file})
	}
	if has(p2p.RoleSequencer) {
		add("sequencer", cfg.Sequencing.KeyFile)
	}
	if has(p2p.RoleValidator) {
		add("validator", cfg.Bridge.ValidatorKeyFile)
	}
	if has(p2p.RoleRelayer) {
		add("relayer", cfg.Bridge.RelayerKeyFile)
	}
	if has(p2p.RoleSequencer) || has(p2p.RoleDA) {
		add("attestation", cfg.DAS.AttestationKeyFile)
	}
	for i := range keys {
		k := &keys[i]
		if _, err := os.Stat(k.File); errors.Is(err, os.ErrNotExist) && !create {
			continue
		}
		key, err := keyfile.LoadOrCreateSecp256k1(k.File, k.Key+" key")
		if err != nil {
			return nil, err
		}
		k.Address = ethcrypto.PubkeyToAddress(key.PublicKey).Hex()
	}
	return keys, nil
}
