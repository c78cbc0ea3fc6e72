package export

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/l2node/l2node/simulation"
)

// ShadowOptions steer the Shadow export.
type ShadowOptions struct {
	// Binary is the l2node executable the hosts run: an absolute path, or a
	// bare name looked up on Shadow's PATH. Default "l2node".
	Binary string
}

type shadowConfig struct {
	General shadowGeneral         `yaml:"general"`
	Network shadowNetwork         `yaml:"network"`
	Hosts   map[string]shadowHost `yaml:"hosts"`
}

type shadowGeneral struct {
	StopTime                     string `yaml:"stop_time"`
	Seed                         uint64 `yaml:"seed"`
	ModelUnblockedSyscallLatency bool   `yaml:"model_unblocked_syscall_latency"`
	Progress                     bool   `yaml:"progress"`
}

type shadowNetwork struct {
	Graph struct {
		Type string `yaml:"type"`
		File struct {
			Path string `yaml:"path"`
		} `yaml:"file"`
	} `yaml:"graph"`
	UseShortestPath bool `yaml:"use_shortest_path"`
}

type shadowHost struct {
	NetworkNodeID int             `yaml:"network_node_id"`
	IPAddr        string          `yaml:"ip_addr"`
	BandwidthUp   string          `yaml:"bandwidth_up"`
	BandwidthDown string          `yaml:"bandwidth_down"`
	Processes     []shadowProcess `yaml:"processes"`
}

type shadowProcess struct {
	Path               string   `yaml:"path"`
	Args               []string `yaml:"args"`
	StartTime          string   `yaml:"start_time"`
	ExpectedFinalState any      `yaml:"expected_final_state"`
}

// Shadow exports a scenario as a Shadow simulation of the real l2node
// binary: shadow.yaml (a host per node, at its region's node of the graph,
// with its group's bandwidth), network.gml (the regions, the latency
// matrix and the loss), hosts.txt (host, role, address, stake) and init.sh,
// which creates every host's datadir with l2node init and writes into
// each the bootstrap peer, the sequencer set and the DA producers.
func Shadow(s *simulation.Scenario, opts ShadowOptions) (Files, error) {
	if opts.Binary == "" {
		opts.Binary = "l2node"
	}
	hosts := plan(s)
	var cfg shadowConfig
	cfg.General = shadowGeneral{StopTime: shadowDuration(time.Duration(s.Duration)), Seed: s.Seed,
		ModelUnblockedSyscallLatency: true, Progress: true}
	cfg.Network.Graph.Type = "gml"
	cfg.Network.Graph.File.Path = "network.gml"
	cfg.Hosts = map[string]shadowHost{}
	for _, h := range hosts {
		start := "1 s" // after the bootstrap node
		if h.Role == "bootstrap" {
			start = "0 s"
		}
		sh := shadowHost{NetworkNodeID: h.Region, IPAddr: h.IP, BandwidthUp: shadowRate(h.Uplink), BandwidthDown: shadowRate(h.Downlink),
			Processes: []shadowProcess{{Path: opts.Binary, Args: []string{"run", "--datadir", "../../../datadirs/" + h.Name},
				StartTime: start, ExpectedFinalState: "running"}}}
		// The workload: the load generator beside the first sequencer,
		// sending the devnet's funded keys' transfers to its JSON-RPC.
		if h.Role == "sequencer" && h.Index == 0 && s.Workload.TxRate > 0 && time.Duration(s.Duration) > 20*time.Second {
			sh.Processes = append(sh.Processes, shadowProcess{Path: opts.Binary,
				Args: []string{"load", "--rpc", "http://127.0.0.1:8545", "--rate", fmt.Sprint(s.Workload.TxRate),
					"--duration", (time.Duration(s.Duration) - 15*time.Second).String()},
				StartTime: "10 s", ExpectedFinalState: map[string]int{"exited": 0}})
		}
		cfg.Hosts[h.Name] = sh
	}
	y, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var head strings.Builder
	fmt.Fprintf(&head, "# Shadow (https://shadow.github.io) simulation of the real l2node binary, exported from a\n")
	fmt.Fprintf(&head, "# simulator scenario (seed %d): %d hosts over %d regions. Run from this directory:\n", s.Seed, len(hosts), len(s.Regions))
	head.WriteString("#   L2NODE=$(command -v l2node) ./init.sh   # one datadir per host under datadirs/\n")
	head.WriteString("#   shadow shadow.yaml > shadow.log\n")
	head.WriteString("# Each process runs in shadow.data/hosts/<host>/, hence ../../../datadirs/<host>.\n")
	for _, n := range notExported(s) {
		fmt.Fprintf(&head, "# Not exported (the real nodes are honest and the network has no such knob): %s.\n", n)
	}
	return Files{
		"shadow.yaml": append([]byte(head.String()), y...),
		"network.gml": []byte(networkGML(s)),
		"hosts.txt":   []byte(hostsTxt(hosts)),
		"init.sh":     []byte(shadowInit(s)),
	}, nil
}

func hostsTxt(hosts []Host) string {
	var b strings.Builder
	b.WriteString("# host role ip stake\n")
	for _, h := range hosts {
		fmt.Fprintf(&b, "%s %s %s %d\n", h.Name, h.Role, h.IP, h.Stake)
	}
	return b.String()
}

// shadowInit is init.sh: it makes every host's datadir in three passes —
// a node key and config per host; then the bootstrap node's peer ID and
// each sequencer's peer ID and consensus key address; then every config
// again with those.
func shadowInit(s *simulation.Scenario) string {
	var set strings.Builder
	for _, kv := range nodeSettings(s) {
		fmt.Fprintf(&set, " --set %s=%s", kv[0], kv[1])
	}
	return `#!/bin/sh
# Creates the datadir of every host of shadow.yaml under datadirs/, with the real
# l2node init: node keys, sequencer keys, and config.toml with the bootstrap peer,
# the sequencer set and the DA producers. Run it once, from this directory:
#   L2NODE=/path/to/l2node ./init.sh
set -eu
cd "$(dirname "$0")"
L2NODE=${L2NODE:-l2node}
if [ -e datadirs ]; then
  echo "datadirs/ exists: remove it to start afresh" >&2
  exit 1
fi
common="--network devnet --nat=false --log-format json --metrics-addr 0.0.0.0:9700` + set.String() + `"

# 1. A key and a config per host.
grep -v '^#' hosts.txt | while read -r host role ip stake; do
  "$L2NODE" init --datadir "datadirs/$host" --roles "$role" --listen "/ip4/0.0.0.0/tcp/7700" \
    --announce "/ip4/$ip/tcp/7700" $common >/dev/null
done

# 2. Who is who: the bootstrap peer; the sequencers' peer IDs (DA producers)
# and consensus key addresses (the set).
boot_id=$("$L2NODE" keys --datadir datadirs/bootstrap-0 | awk '/^peer id:/ {print $3}')
boot_ip=$(awk '$1 == "bootstrap-0" {print $3}' hosts.txt)
bootstrap="/ip4/$boot_ip/tcp/7700/p2p/$boot_id"
set_=""
producers=""
for host in $(awk '$2 == "sequencer" {print $1}' hosts.txt); do
  stake=$(awk -v h="$host" '$1 == h {print $4}' hosts.txt)
  keys=$("$L2NODE" keys --datadir "datadirs/$host" --create)
  id=$(echo "$keys" | awk '/^peer id:/ {print $3}')
  addr=$(echo "$keys" | awk '$1 == "sequencer" {print $2}')
  set_="$set_${set_:+,}$addr=$stake"
  producers="$producers${producers:+,}$id"
done

# 3. Every config again, now with the network's identities.
grep -v '^#' hosts.txt | while read -r host role ip stake; do
  peers="$bootstrap"
  [ "$role" = bootstrap ] && peers=""
  "$L2NODE" init --force --datadir "datadirs/$host" --roles "$role" --listen "/ip4/0.0.0.0/tcp/7700" \
    --announce "/ip4/$ip/tcp/7700" --bootstrap "$peers" $common \
    --set "sequencing.sequencers=$set_" --set "das.producers=$producers" >/dev/null
done
echo "datadirs/: $(grep -vc '^#' hosts.txt) hosts; bootstrap $bootstrap"
`
}
