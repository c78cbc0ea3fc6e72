package node

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/pelletier/go-toml/v2"
)

// configTemplate is config.toml as `l2node init` writes it: every option with
// its meaning and default. TestTemplateCoversEveryOption keeps it complete.
const configTemplate = `# l2node configuration. Every option is listed with its default.
# Precedence, lowest first: these defaults, this file, L2NODE_* environment
# variables, command-line flags. Relative paths are relative to the datadir.

[node]
# Network name: part of every protocol ID (/l2/<network>/...), so nodes of
# different networks never mix. Default "{{.D.Node.Network}}".
network = {{v .C.Node.Network}}
# L2 chain ID: transactions signed for another chain are rejected on gossip.
# Default {{.D.Node.ChainID}}.
chain_id = {{v .C.Node.ChainID}}
# Roles this node runs, one or more of: sequencer, validator, da, light, relayer,
# bootstrap. A light node samples data availability on a small machine; the
# others are full roles that keep the chain's data; a bootstrap node only serves
# the DHT (and relays, if enabled) so that others can join. Default {{v .D.Node.Roles}}.
roles = {{v .C.Node.Roles}}
# The node's Ed25519 identity key (libp2p protobuf encoding, mode 0600).
# Its peer ID is derived from it: keep it to keep the peer ID. Default "{{.D.Node.KeyFile}}".
key_file = {{v .C.Node.KeyFile}}

[log]
# debug, info, warn or error. Default "{{.D.Log.Level}}".
level = {{v .C.Log.Level}}
# text (key=value lines) or json (one object per line). Default "{{.D.Log.Format}}".
format = {{v .C.Log.Format}}

[p2p]
# Multiaddrs to listen on: TCP and QUIC. Port 0 picks a free port.
# Default {{v .D.P2P.ListenAddrs}}.
listen_addrs = {{v .C.P2P.ListenAddrs}}
# Multiaddrs to announce instead of the detected ones (for example a public IP
# behind port forwarding). Empty: announce what libp2p detects. Default [].
announce_addrs = {{v .C.P2P.AnnounceAddrs}}
# Peers to join the network through, as /ip4/<ip>/tcp/<port>/p2p/<peer id>.
# Empty for the first node of a network. After the first start the node also
# reconnects from its peer book, so bootstrap peers may later go away. Default [].
bootstrap_peers = {{v .C.P2P.BootstrapPeers}}
# How long start-up waits for the bootstrap peers and the peer book; if none of
# them answers in time and bootstrap peers are set, the node exits with an error.
# Default "{{.D.P2P.BootstrapTimeout}}".
bootstrap_timeout = {{v .C.P2P.BootstrapTimeout}}
# Kademlia DHT mode: "server" answers queries, "client" only asks, "auto" is a
# client until AutoNAT proves the node publicly reachable. "" chooses by role:
# server for full roles, auto for a light-only node. Default "".
dht_mode = {{v .C.P2P.DHTMode}}
# Connection manager watermarks: above high, connections are trimmed down to
# low (peers of watched roles are kept first). 0 chooses by role: 64/32 for a
# light-only node, 200/100 otherwise. Defaults 0 and 0.
conn_low_water = {{v .C.P2P.ConnLowWater}}
conn_high_water = {{v .C.P2P.ConnHighWater}}
# New connections are safe from trimming for this long. Default "{{.D.P2P.ConnGracePeriod}}".
conn_grace_period = {{v .C.P2P.ConnGracePeriod}}
# Memory the libp2p stack may use, in MiB; 0 chooses by role: 256 for a
# light-only node, 1/8 of the machine's memory (512 MiB to 4 GiB) otherwise. Default 0.
max_memory_mib = {{v .C.P2P.MaxMemoryMiB}}
# File descriptors libp2p may hold; 0 chooses by role: 512 light, 4096 full. Default 0.
max_file_descriptors = {{v .C.P2P.MaxFileDescs}}
# NAT traversal: UPnP/NAT-PMP port mapping, hole punching, and circuit-relay
# v2 reservations on full nodes while AutoNAT finds the node unreachable.
# Turn off only on a machine with a public address: a full node with nat off
# treats itself as publicly reachable (so its relay service starts at once). Default {{.D.P2P.NAT}}.
nat = {{v .C.P2P.NAT}}
# Serve circuit-relay v2 for nodes behind NAT (full roles only). Default {{.D.P2P.RelayService}}.
relay_service = {{v .C.P2P.RelayService}}
# How often the node re-advertises its roles on the DHT under
# /l2/<network>/role/<role>. Default "{{.D.P2P.AdvertiseInterval}}".
advertise_interval = {{v .C.P2P.AdvertiseInterval}}
# How often the node looks up the roles it needs (light: da; relayer:
# validator; sequencer and validator: sequencer; da: sequencer and da). It looks faster while it
# knows fewer than peers_per_role of a role. Default "{{.D.P2P.DiscoveryInterval}}".
discovery_interval = {{v .C.P2P.DiscoveryInterval}}
# Connections kept open to peers of each needed role. Default {{.D.P2P.PeersPerRole}}.
peers_per_role = {{v .C.P2P.PeersPerRole}}
# The peer book (pebble, in <datadir>/peerbook) keeps at most this many peers,
# the most recently connected first ... Default {{.D.P2P.PeerBookMaxPeers}}.
peer_book_max_peers = {{v .C.P2P.PeerBookMaxPeers}}
# ... and forgets peers not seen for this long. Default "{{.D.P2P.PeerBookMaxAge}}".
peer_book_max_age = {{v .C.P2P.PeerBookMaxAge}}
# Misbehaviour (invalid gossip, garbage responses, ...) costs a peer penalty
# points, which halve every penalty_half_life; at ban_threshold points, or after
# staying below gossip's graylist score, the peer is banned for ban_duration:
# disconnected and refused both ways. Bootstrap peers and the sequencer set are
# never banned. Defaults {{.D.P2P.BanThreshold}}, "{{.D.P2P.BanDuration}}", "{{.D.P2P.PenaltyHalfLife}}".
ban_threshold = {{v .C.P2P.BanThreshold}}
ban_duration = {{v .C.P2P.BanDuration}}
penalty_half_life = {{v .C.P2P.PenaltyHalfLife}}

[gossip]
# GossipSub (v1.2, with IDONTWANT) tuned for 1 s slots; docs/protocol.md gives
# the reasoning. Mesh degree: D peers per topic, kept between low and high;
# D_lazy more peers get IHAVE gossip. Defaults {{.D.Gossip.D}}, {{.D.Gossip.Dlo}}, {{.D.Gossip.Dhi}}, {{.D.Gossip.Dlazy}}.
mesh_d = {{v .C.Gossip.D}}
mesh_d_low = {{v .C.Gossip.Dlo}}
mesh_d_high = {{v .C.Gossip.Dhi}}
mesh_d_lazy = {{v .C.Gossip.Dlazy}}
# Heartbeat: mesh repair and IHAVE gossip; twice per slot. Default "{{.D.Gossip.Heartbeat}}".
heartbeat = {{v .C.Gossip.Heartbeat}}
# Message cache: history_length heartbeats kept for IWANT, the last
# history_gossip of them advertised (3 s and 1.5 s: older messages are for
# range sync, not gossip). Defaults {{.D.Gossip.HistoryLength}} and {{.D.Gossip.HistoryGossip}}.
history_length = {{v .C.Gossip.HistoryLength}}
history_gossip = {{v .C.Gossip.HistoryGossip}}
# How long a message ID is remembered as seen. Must cover the longest time
# window of any topic (transactions: 1 min + 1 min slack). Default "{{.D.Gossip.SeenTTL}}".
seen_ttl = {{v .C.Gossip.SeenTTL}}
# Largest RPC frame accepted on the wire, in bytes. Default {{.D.Gossip.MaxMessageSize}}.
max_message_size = {{v .C.Gossip.MaxMessageSize}}
# Messages waiting for validation, and validations running at once, across
# topics; beyond either, messages are dropped without penalty. Defaults {{.D.Gossip.ValidateQueue}}, {{.D.Gossip.ValidateThrottle}}.
validate_queue = {{v .C.Gossip.ValidateQueue}}
validate_throttle = {{v .C.Gossip.ValidateThrottle}}
# Peer-score thresholds: below gossip_threshold a peer gets no IHAVE from us,
# below publish_threshold none of our own messages, below graylist_threshold
# every RPC it sends is ignored. Defaults {{.D.Gossip.GossipThreshold}}, {{.D.Gossip.PublishThreshold}}, {{.D.Gossip.GraylistThreshold}}.
gossip_threshold = {{v .C.Gossip.GossipThreshold}}
publish_threshold = {{v .C.Gossip.PublishThreshold}}
graylist_threshold = {{v .C.Gossip.GraylistThreshold}}
# A peer that stays graylisted this long is banned (p2p.ban_duration). Default "{{.D.Gossip.BanAfter}}".
ban_after = {{v .C.Gossip.BanAfter}}
# Peers sharing one IP beyond this count lose score (loopback exempt). Default {{.D.Gossip.IPColocationThreshold}}.
ip_colocation_threshold = {{v .C.Gossip.IPColocationThreshold}}
# Peer IDs never banned and given a score bonus, besides the bootstrap peers
# (and, once sequencing runs, the sequencer set). Default [].
protected_peers = {{v .C.Gossip.ProtectedPeers}}

[das]
# Data availability. Peer IDs allowed to publish DA headers; until sequencing
# produces batches, the network's operators list their producers here (the
# devnet lists its sequencers). Default [].
producers = {{v .C.DAS.Producers}}
# A light node samples enough random shares of every square that it would
# notice, with this probability, a square that cannot be reconstructed:
# 0.9999 means 28-32 samples per header. Default {{.D.DAS.Confidence}}.
confidence = {{v .C.DAS.Confidence}}
# Headers, stored squares and verdicts older than this are deleted. Default "{{.D.DAS.PruningWindow}}".
pruning_window = {{v .C.DAS.PruningWindow}}
# Extended squares a DA node keeps in memory to serve samples (a full 32 MiB
# batch is 128 MiB extended); older ones are re-extended on demand. Default {{.D.DAS.CachedSquares}}.
cached_squares = {{v .C.DAS.CachedSquares}}
# A light node's time limit for sampling one header; a sample no DA node has
# served by then counts as unavailable. Default "{{.D.DAS.SampleTimeout}}".
sample_timeout = {{v .C.DAS.SampleTimeout}}
# DA nodes sign every square they store (chain ID, height, data root) with
# this secp256k1 key, so the relayer can prove availability to L1; created on
# first start with mode 0600. Default "{{.D.DAS.AttestationKeyFile}}".
attestation_key_file = {{v .C.DAS.AttestationKeyFile}}
# Keep only attestations from these addresses; empty keeps every valid one
# (the relayer checks signers against the L1 registry). Default [].
attesters = {{v .C.DAS.Attesters}}

[exec]
# Execute final batches into the L2 state (sequencer, validator and relayer
# roles; other roles ignore this section). Default {{.D.Exec.Enabled}}.
enabled = {{v .C.Exec.Enabled}}
# Genesis file (JSON: chain_id, time, gas_limit, base_fee, alloc). Empty uses
# the built-in development genesis, which only the devnet network accepts.
# Default "{{.D.Exec.Genesis}}".
genesis = {{v .C.Exec.Genesis}}
# Gas limit of every batch. Default {{.D.Exec.GasLimit}}.
gas_limit = {{v .C.Exec.GasLimit}}
# The EIP-1559 base fee never falls below this many wei. Default {{.D.Exec.MinBaseFee}}.
min_base_fee = {{v .C.Exec.MinBaseFee}}
# Recent batches whose state stays queryable (eth_call, eth_getProof at a past
# block); older states are pruned. Default {{.D.Exec.StateHistory}}.
state_history = {{v .C.Exec.StateHistory}}
# The state is written to disk every this many batches (and on shutdown);
# after a crash the node re-executes at most this many stored batches.
# Default {{.D.Exec.FlushInterval}}.
flush_interval = {{v .C.Exec.FlushInterval}}
# MiB of unflushed state kept in memory before the oldest is written out.
# Default {{.D.Exec.CacheMB}}.
cache_mb = {{v .C.Exec.CacheMB}}
# The Go garbage collector's target (GOGC) of a node that executes: a collection
# starts once the heap has grown by this per cent since the last one. Execution
# allocates on every transaction while cache_mb of state stays live, so at Go's
# default of 100 marking takes about 5% of a busy node's CPU; at 400 a quarter
# of that, for a larger heap, which a soft memory limit of half the machine's
# memory holds back. 0 leaves Go's setting; GOGC and GOMEMLIMIT in the
# environment take precedence. Default {{.D.Exec.GCPercent}}.
gc_percent = {{v .C.Exec.GCPercent}}
# Dev mode: this node seals its own transaction pool into a batch every
# dev_slot, standing in for consensus. One node of a development network only.
# Default {{.D.Exec.DevSealer}}.
dev_sealer = {{v .C.Exec.DevSealer}}
# Interval of the dev sealer. Default "{{.D.Exec.DevSlot}}".
dev_slot = {{v .C.Exec.DevSlot}}
# Address that receives the priority fees of dev-sealed batches (under
# consensus, each batch's leader receives them). Default "{{.D.Exec.FeeRecipient}}".
fee_recipient = {{v .C.Exec.FeeRecipient}}

[sequencing]
# The sequencer set, as "0xaddress=stake" entries (the address of each
# sequencer's secp256k1 key). Empty: no consensus runs (a single node may use
# the dev sealer). Until the bridge reads it from the L1 registry, every node
# of a network lists the same set here. Default [].
sequencers = {{v .C.Sequencing.Sequencers}}
# Changes of the set, as "epoch:0xaddress=stake;0xaddress=stake;…" entries:
# from that set epoch on (epoch k decides heights k·epoch_length+1 through
# (k+1)·epoch_length), that set decides. The outgoing set finalizes its last
# height, then hands over. Every node lists the same changes; the bridge will
# read them from the L1 registry, two epochs ahead. Default [].
set_changes = {{v .C.Sequencing.SetChanges}}
# A sequencer's secp256k1 key for consensus votes (L1 can check them); created
# on first start with mode 0600. Default "{{.D.Sequencing.KeyFile}}".
key_file = {{v .C.Sequencing.KeyFile}}
# A leader proposes one slot after the previous view began: the batch
# interval when the network is healthy. Default "{{.D.Sequencing.Slot}}".
slot = {{v .C.Sequencing.Slot}}
# A view without a notarized block by then is passed over (its leader
# crashed or is silent): the cost of a failover. Default "{{.D.Sequencing.ViewTimeout}}".
view_timeout = {{v .C.Sequencing.ViewTimeout}}
# Views per leader-schedule epoch; the schedule's seed is the final batch two
# epochs back. Default {{.D.Sequencing.EpochLength}}.
epoch_length = {{v .C.Sequencing.EpochLength}}
# Most transactions a leader puts in one batch. Default {{.D.Sequencing.MaxBatchTxs}}.
max_batch_txs = {{v .C.Sequencing.MaxBatchTxs}}

[bridge]
# Connect to the L1 contracts (docs/bridge.md). Sequencers then include and
# check L1 deposits, validators sign output roots, relayers submit roots and
# carry withdrawals, and every executing node compares the roots on L1 with
# its own state. Default {{.D.Bridge.Enabled}}.
enabled = {{v .C.Bridge.Enabled}}
# JSON-RPC URL of the L1 (BNB Chain in production; the devnet's embedded L1
# serves one on loopback). Default "".
l1_rpc = {{v .C.Bridge.L1RPC}}
# Addresses of the Bridge and StateCommitmentChain contracts. Default "".
bridge = {{v .C.Bridge.Bridge}}
state_commitment_chain = {{v .C.Bridge.StateCommitmentChain}}
# Address of the SequencerRegistry. When set, the sequencer set changes with
# the registry: the last batch of every set epoch names the registry's active
# set (read at a confirmed L1 block and checked by every sequencer), and it
# decides the epoch after the next (docs/sequencing.md#from-the-l1-registry).
# sequencing.sequencers stays the genesis set; set_changes must be empty.
# Relayers also carry equivocation evidence to it for slashing. Default "".
sequencer_registry = {{v .C.Bridge.SequencerRegistry}}
# Address of the DisputeGame (docs/fraud-proofs.md). When set, validators play
# it with their validator key (fund its address on L1 for bonds and gas): they
# defend every disputed root they agree with and, with challenge on, open a
# dispute against the first root on L1 that differs from their own state.
# Default "".
dispute_game = {{v .C.Bridge.DisputeGame}}
# Validators: dispute wrong roots, not only defend right ones. Default {{.D.Bridge.Challenge}}.
challenge = {{v .C.Bridge.Challenge}}
# The L1 block the contracts were deployed in: where the scan for deposits
# starts. Default {{.D.Bridge.DeployBlock}}.
deploy_block = {{v .C.Bridge.DeployBlock}}
# L1 blocks on top of a deposit before the L2 takes it: the L1 reorg depth the
# L2 is safe against. Default {{.D.Bridge.Confirmations}}.
confirmations = {{v .C.Bridge.Confirmations}}
# Extra L1 blocks a leader waits before proposing a deposit, so that the other
# sequencers, polling L1 a moment later, have confirmed it too. Default {{.D.Bridge.LeaderMargin}}.
leader_margin = {{v .C.Bridge.LeaderMargin}}
# Batches one output root covers; every node of a network uses the same
# value. Default {{.D.Bridge.OutputInterval}}.
output_interval = {{v .C.Bridge.OutputInterval}}
# Validators: the secp256k1 key output roots are signed with (its address must
# be in the StateCommitmentChain's validator set); created with mode 0600.
# Default "{{.D.Bridge.ValidatorKeyFile}}".
validator_key_file = {{v .C.Bridge.ValidatorKeyFile}}
# Relayers: the key that pays for L1 transactions (fund its address on L1);
# created with mode 0600. Default "{{.D.Bridge.RelayerKeyFile}}".
relayer_key_file = {{v .C.Bridge.RelayerKeyFile}}
# How often L1 is read. Default "{{.D.Bridge.Poll}}".
poll = {{v .C.Bridge.Poll}}
# A relayer's L1 transaction not mined by then is sent again with fees at
# least 12.5% higher. Default "{{.D.Bridge.BumpAfter}}".
bump_after = {{v .C.Bridge.BumpAfter}}

[rpc]
# Serve Ethereum JSON-RPC (eth_, net_, web3_, l2_) over HTTP and WebSocket on
# nodes that execute batches. Default {{.D.RPC.Enabled}}.
enabled = {{v .C.RPC.Enabled}}
# host:port of the JSON-RPC server (HTTP and WebSocket share it). Keep it on
# loopback unless a proxy guards it. Default "{{.D.RPC.ListenAddr}}".
listen_addr = {{v .C.RPC.ListenAddr}}

[metrics]
# Serve Prometheus /metrics, /healthz, /readyz, /status, /peers and /das over HTTP. Default {{.D.Metrics.Enabled}}.
enabled = {{v .C.Metrics.Enabled}}
# host:port of that server. Keep it on loopback unless a firewall guards it.
# Default "{{.D.Metrics.ListenAddr}}".
listen_addr = {{v .C.Metrics.ListenAddr}}
`

// RenderConfig writes cfg as a commented config.toml.
func RenderConfig(cfg Config) ([]byte, error) {
	t, err := template.New("config.toml").Option("missingkey=error").Funcs(template.FuncMap{"v": tomlValue}).Parse(configTemplate)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, struct{ C, D Config }{cfg, DefaultConfig()}); err != nil {
		return nil, fmt.Errorf("config: render: %w", err)
	}
	return buf.Bytes(), nil
}

// tomlValue encodes one value as TOML by encoding {v = value} and keeping the
// right-hand side, so quoting and escaping are go-toml's, not ours.
func tomlValue(v any) (string, error) {
	b, err := toml.Marshal(map[string]any{"v": v})
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(b))
	rhs, ok := strings.CutPrefix(s, "v = ")
	if !ok {
		return "", fmt.Errorf("config: cannot encode %T", v)
	}
	return rhs, nil
}
