package node

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

func TestTemplateRoundTrip(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Node.Roles = []string{"da", "validator"}
	cfg.P2P.BootstrapPeers = []string{"/ip4/127.0.0.1/tcp/7700/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo"}
	if err := cfg.Set("p2p.discovery_interval", "7s"); err != nil {
		t.Fatal(err)
	}
	b, err := RenderConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseConfig("config.toml", b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if !reflect.DeepEqual(got, cfg) {
		t.Fatalf("round trip changed the config:\n got %+v\nwant %+v", got, cfg)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateCoversEveryOption fails when an option is added to Config but
// not documented in config.toml.
func TestTemplateCoversEveryOption(t *testing.T) {
	b, err := RenderConfig(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]map[string]any
	if err := toml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		sec, opt, _ := strings.Cut(k, ".")
		if _, ok := doc[sec][opt]; !ok {
			t.Errorf("option %s is missing from the config template", k)
		}
		if !strings.Contains(string(b), "\n"+opt+" = ") {
			t.Errorf("option %s is not on a line of its own", k)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"unknown key", "[p2p]\nlisten_adrs = []\n", `config.toml:2: unknown key "p2p.listen_adrs"`},
		{"unknown section", "[p3p]\nx = 1\n", `unknown key "p3p`},
		{"syntax", "[node\nroles = 1\n", "config.toml:1:"},
		{"wrong type", "[node]\nroles = 3\n", "config.toml:2:"},
		{"bad duration", "[p2p]\nadvertise_interval = \"often\"\n", "invalid duration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("config.toml", []byte(tc.in))
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an ErrConfig containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans several lines: %q", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct{ key, val, want string }{
		{"node.roles", "sequencer,miner", `unknown role "miner"`},
		{"node.network", "Main Net", "invalid network name"},
		{"log.format", "xml", "log.format"},
		{"p2p.listen_addrs", "/ip4/1.2.3.4/tcpx/1", "p2p.listen_addrs"},
		{"p2p.bootstrap_peers", "/ip4/127.0.0.1/tcp/1", "/p2p/<peer id>"},
		{"p2p.dht_mode", "both", "p2p.dht_mode"},
		{"metrics.listen_addr", "9700", "metrics.listen_addr"},
	} {
		cfg := DefaultConfig()
		if err := cfg.Set(tc.key, tc.val); err != nil {
			t.Fatal(err)
		}
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%q: got %v, want error containing %q", tc.key, tc.val, err, tc.want)
		}
	}
}

func TestSet(t *testing.T) {
	cfg := DefaultConfig()
	for _, kv := range [][2]string{{"node.roles", "da, light"}, {"p2p.nat", "false"}, {"p2p.peers_per_role", "9"}, {"p2p.bootstrap_timeout", "3s"}} {
		if err := cfg.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(cfg.Node.Roles, []string{"da", "light"}) || cfg.P2P.NAT || cfg.P2P.PeersPerRole != 9 || cfg.P2P.BootstrapTimeout.String() != "3s" {
		t.Fatalf("Set did not apply: %+v", cfg)
	}
	for _, bad := range [][2]string{{"p2p.nope", "1"}, {"p2p", "1"}, {"p2p.nat", "maybe"}, {"p2p.peers_per_role", "many"}} {
		if err := cfg.Set(bad[0], bad[1]); err == nil {
			t.Errorf("Set(%q, %q) succeeded", bad[0], bad[1])
		}
	}
}
