package main

import (
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/l2node/l2node/node"
)

// configFlag is a flag that sets one config option.
type configFlag struct{ name, key, usage string }

var configFlags = []configFlag{
	{"roles", "node.roles", "roles to run, comma-separated: sequencer,validator,da,light,relayer,bootstrap"},
	{"network", "node.network", "network name, part of every protocol ID"},
	{"listen", "p2p.listen_addrs", "listen multiaddrs, comma-separated"},
	{"announce", "p2p.announce_addrs", "multiaddrs to announce instead of the detected ones"},
	{"bootstrap", "p2p.bootstrap_peers", "bootstrap peers as /ip4/…/tcp/…/p2p/<id>, comma-separated"},
	{"dht-mode", "p2p.dht_mode", `DHT mode: server, client, auto, or "" to choose by role`},
	{"nat", "p2p.nat", "NAT traversal: AutoNAT v2, UPnP, hole punching, relay client"},
	{"relay-service", "p2p.relay_service", "serve circuit-relay v2 to nodes behind NAT (full roles)"},
	{"metrics", "metrics.enabled", "serve /metrics, /healthz, /readyz and /status"},
	{"metrics-addr", "metrics.listen_addr", "host:port of the metrics and health server"},
	{"rpc-addr", "rpc.listen_addr", "host:port of the L2 JSON-RPC server (HTTP and WebSocket)"},
	{"log-level", "log.level", "log level: debug, info, warn, error"},
	{"log-format", "log.format", "log format: text or json"},
}

// addConfigFlags registers the config flags on fs, showing the defaults.
func addConfigFlags(fs *pflag.FlagSet) {
	def := node.DefaultConfig()
	for _, f := range configFlags {
		kind, err := def.Kind(f.key)
		if err != nil {
			panic(err)
		}
		switch kind {
		case reflect.Bool:
			b, _ := node.DefaultConfig().Get(f.key)
			fs.Bool(f.name, b == "true", f.usage+" (config "+f.key+")")
		case reflect.Slice:
			fs.StringSlice(f.name, nil, f.usage+" (config "+f.key+")")
		default:
			s, _ := node.DefaultConfig().Get(f.key)
			fs.String(f.name, s, f.usage+" (config "+f.key+")")
		}
	}
	fs.StringArray("set", nil, "set any config option, as key=value (repeatable), e.g. --set p2p.peers_per_role=8")
}

// envName is the environment variable of a flag or a config key.
func envName(s string) string {
	return "L2NODE_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(s))
}

// flagsFromEnv sets every flag not given on the command line from its
// L2NODE_* variable, so that flags keep precedence over the environment.
func flagsFromEnv(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		// --force stays command-line only: a stray variable must never
		// overwrite a config.
		if err != nil || f.Changed || f.Name == "help" || f.Name == "set" || f.Name == "force" {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if e := cmd.Flags().Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	return err
}

// applyOverrides layers, over cfg: L2NODE_<SECTION>_<OPTION> variables, then
// --set, then the config flags given (on the command line or through their
// own variables).
func applyOverrides(cmd *cobra.Command, cfg *node.Config) error {
	for _, key := range node.Keys() {
		if v, ok := os.LookupEnv(envName(key)); ok {
			if err := cfg.Set(key, v); err != nil {
				return fmt.Errorf("%s: %w", envName(key), err)
			}
		}
	}
	sets, _ := cmd.Flags().GetStringArray("set")
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--set %q: want key=value", kv)
		}
		if err := cfg.Set(strings.TrimSpace(k), v); err != nil {
			return fmt.Errorf("--set: %w", err)
		}
	}
	for _, f := range configFlags {
		fl := cmd.Flags().Lookup(f.name)
		if fl == nil || !fl.Changed {
			continue
		}
		val := fl.Value.String()
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			val = strings.Join(sv.GetSlice(), ",")
		}
		if err := cfg.Set(f.key, val); err != nil {
			return fmt.Errorf("--%s: %w", f.name, err)
		}
	}
	return nil
}
