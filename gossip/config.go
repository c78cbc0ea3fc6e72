package gossip

import (
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/internal/units"
)

// Config is the [gossip] section of config.toml. docs/protocol.md explains
// each default; in short, they are chosen for 1 s slots, messages from 200 B
// (transactions) to a few MiB (batches), and networks of up to ~10,000 nodes.
type Config struct {
	// Mesh degree: D peers per topic, kept between Dlo and Dhi; Dlazy peers
	// outside the mesh get IHAVE gossip each heartbeat.
	D     int `toml:"mesh_d"`
	Dlo   int `toml:"mesh_d_low"`
	Dhi   int `toml:"mesh_d_high"`
	Dlazy int `toml:"mesh_d_lazy"`
	// Heartbeat repairs meshes and emits gossip.
	Heartbeat units.Duration `toml:"heartbeat"`
	// HistoryLength heartbeats of messages are kept for IWANT; the last
	// HistoryGossip of them are advertised in IHAVE.
	HistoryLength int `toml:"history_length"`
	HistoryGossip int `toml:"history_gossip"`
	// SeenTTL is how long a message ID is remembered for deduplication.
	SeenTTL units.Duration `toml:"seen_ttl"`
	// MaxMessageSize caps one RPC frame on the wire.
	MaxMessageSize int `toml:"max_message_size"`
	// ValidateQueue bounds the messages waiting for validation, and
	// ValidateThrottle the validations running at once across topics; beyond
	// either, messages are dropped unscored.
	ValidateQueue    int `toml:"validate_queue"`
	ValidateThrottle int `toml:"validate_throttle"`
	// Score thresholds: below GossipThreshold a peer gets no gossip from us,
	// below PublishThreshold none of our own messages, below
	// GraylistThreshold all its RPCs are ignored.
	GossipThreshold   float64 `toml:"gossip_threshold"`
	PublishThreshold  float64 `toml:"publish_threshold"`
	GraylistThreshold float64 `toml:"graylist_threshold"`
	// A peer graylisted for BanAfter is banned (p2p.ban_duration).
	BanAfter units.Duration `toml:"ban_after"`
	// IPColocationThreshold peers may share an IP before their scores fall
	// (loopback is exempt).
	IPColocationThreshold int `toml:"ip_colocation_threshold"`
	// ProtectedPeers are never banned and get a score bonus, like bootstrap
	// peers and the sequencer set.
	ProtectedPeers []string `toml:"protected_peers"`
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		D: 8, Dlo: 6, Dhi: 12, Dlazy: 6,
		Heartbeat:     units.Duration(500 * time.Millisecond),
		HistoryLength: 6, HistoryGossip: 3,
		SeenTTL:          units.Duration(2 * time.Minute),
		MaxMessageSize:   5 << 20,
		ValidateQueue:    1024,
		ValidateThrottle: 1024,
		GossipThreshold:  -4000, PublishThreshold: -8000, GraylistThreshold: -16000,
		BanAfter:              units.Duration(30 * time.Second),
		IPColocationThreshold: 10,
		ProtectedPeers:        []string{},
	}
}

// Validate checks the section.
func (c Config) Validate() error {
	if !(c.Dlo <= c.D && c.D <= c.Dhi) || c.Dlo < 1 {
		return fmt.Errorf("gossip: mesh degrees: want 1 <= mesh_d_low (%d) <= mesh_d (%d) <= mesh_d_high (%d)", c.Dlo, c.D, c.Dhi)
	}
	if c.Dlazy < 0 {
		return fmt.Errorf("gossip.mesh_d_lazy: %d, want >= 0", c.Dlazy)
	}
	if c.Heartbeat.Std() < 50*time.Millisecond {
		return fmt.Errorf("gossip.heartbeat: %s is too short (at least 50ms)", c.Heartbeat)
	}
	if c.HistoryGossip < 1 || c.HistoryGossip > c.HistoryLength {
		return fmt.Errorf("gossip: want 1 <= history_gossip (%d) <= history_length (%d)", c.HistoryGossip, c.HistoryLength)
	}
	if c.SeenTTL.Std() < time.Second {
		return fmt.Errorf("gossip.seen_ttl: %s is too short (at least 1s)", c.SeenTTL)
	}
	if c.MaxMessageSize < 64<<10 {
		return fmt.Errorf("gossip.max_message_size: %d, want at least 65536", c.MaxMessageSize)
	}
	if c.ValidateQueue < 1 || c.ValidateThrottle < 1 {
		return fmt.Errorf("gossip: validate_queue and validate_throttle must be positive")
	}
	if !(c.GraylistThreshold < c.PublishThreshold && c.PublishThreshold < c.GossipThreshold && c.GossipThreshold < 0) {
		return fmt.Errorf("gossip: thresholds: want graylist (%v) < publish (%v) < gossip (%v) < 0", c.GraylistThreshold, c.PublishThreshold, c.GossipThreshold)
	}
	if c.BanAfter.Std() < time.Second {
		return fmt.Errorf("gossip.ban_after: %s is too short (at least 1s)", c.BanAfter)
	}
	if c.IPColocationThreshold < 1 {
		return fmt.Errorf("gossip.ip_colocation_threshold: %d, want >= 1", c.IPColocationThreshold)
	}
	for _, s := range c.ProtectedPeers {
		if _, err := peer.Decode(s); err != nil {
			return fmt.Errorf("gossip.protected_peers: %q is not a peer ID: %v", s, err)
		}
	}
	return nil
}
