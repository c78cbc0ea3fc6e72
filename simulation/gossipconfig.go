package simulation

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/l2node/l2node/gossip"
)

// GossipParams are the GossipSub parameters of the model: the gossip
// section of a scenario. The mesh, heartbeat and history defaults are the
// node's own (gossip.DefaultConfig); the others are go-libp2p-pubsub
// v0.17's, which the node leaves as they are.
type GossipParams struct {
	D                  int       `yaml:"d"`                   // mesh degree
	Dlo                int       `yaml:"d_lo"`                // below this, a heartbeat grafts up to D
	Dhi                int       `yaml:"d_hi"`                // at this or above, a heartbeat prunes down to D
	Dlazy              int       `yaml:"d_lazy"`              // at least this many non-mesh peers get IHAVE each heartbeat
	GossipFactor       float64   `yaml:"gossip_factor"`       // or this fraction of them, if more
	Heartbeat          Duration  `yaml:"heartbeat"`           // mesh upkeep and gossip, at a random phase per node
	HistoryLength      int       `yaml:"history_length"`      // heartbeats a message stays in the cache for IWANT
	HistoryGossip      int       `yaml:"history_gossip"`      // the newest of them advertised in IHAVE
	IDontWantThreshold Threshold `yaml:"idontwant_threshold"` // bytes; "off": no IDONTWANT (v1.1)
	PruneBackoff       Duration  `yaml:"prune_backoff"`       // a pruned peer is not grafted again before this
	Peers              int       `yaml:"peers"`               // connections per node to the subscribers of each topic it joins

	set bool // the section was in the file (defaults already filled in)
}

// Threshold is a size in bytes, or "off" (-1).
type Threshold int

// UnmarshalYAML parses a byte count or "off".
func (t *Threshold) UnmarshalYAML(n *yaml.Node) error {
	if n.Value == "off" {
		*t = -1
		return nil
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive byte count or \"off\"", n.Line, n.Value)
	}
	*t = Threshold(v)
	return nil
}

// MarshalYAML writes the byte count or "off".
func (t Threshold) MarshalYAML() (any, error) {
	if t < 0 {
		return "off", nil
	}
	return int(t), nil
}

// Constants of go-libp2p-pubsub v0.17 that the scenario does not set.
const (
	gossipRetransmission = 3 // a peer may ask for one message by IWANT at most this often
	idontwantTTL         = 3 // heartbeats an IDONTWANT is remembered
)

// DefaultGossipParams are the defaults of the gossip section.
func DefaultGossipParams() GossipParams {
	c := gossip.DefaultConfig()
	return GossipParams{
		D: c.D, Dlo: c.Dlo, Dhi: c.Dhi, Dlazy: c.Dlazy, GossipFactor: 0.25,
		Heartbeat:     Duration(c.Heartbeat.Std()),
		HistoryLength: c.HistoryLength, HistoryGossip: c.HistoryGossip,
		IDontWantThreshold: 1024, PruneBackoff: Duration(time.Minute), Peers: 30,
		set: true,
	}
}

// UnmarshalYAML decodes the section strictly, fills in the defaults of the
// keys it leaves out and checks the values, naming the line of a bad one.
func (g *GossipParams) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: gossip: want a mapping", n.Line)
	}
	known := yamlFields(reflect.TypeFor[GossipParams]())
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			return fmt.Errorf("line %d: field %s not found in gossip (known: %s)", k.Line, k.Value, strings.Join(known, ", "))
		}
		if _, dup := lines[k.Value]; dup {
			return fmt.Errorf("line %d: gossip.%s given twice", k.Line, k.Value)
		}
		lines[k.Value] = k.Line
	}
	type plain GossipParams
	p := plain(DefaultGossipParams())
	if err := n.Decode(&p); err != nil {
		return err
	}
	*g = GossipParams(p)
	g.set = true
	if key, err := g.check(); err != nil {
		line, ok := lines[key]
		if !ok {
			line = n.Line
		}
		return fmt.Errorf("line %d: gossip.%s: %w", line, key, err)
	}
	return nil
}

// check names the key of the first impossible value.
func (g *GossipParams) check() (string, error) {
	switch {
	case g.Dlo < 1:
		return "d_lo", fmt.Errorf("%d: want at least 1", g.Dlo)
	case g.D < g.Dlo:
		return "d", fmt.Errorf("%d is below d_lo (%d)", g.D, g.Dlo)
	case g.Dhi < g.D:
		return "d_hi", fmt.Errorf("%d is below d (%d)", g.Dhi, g.D)
	case g.Dlazy < 0:
		return "d_lazy", fmt.Errorf("%d: want at least 0", g.Dlazy)
	case g.GossipFactor < 0 || g.GossipFactor > 1:
		return "gossip_factor", fmt.Errorf("%g: want a fraction in [0, 1]", g.GossipFactor)
	case time.Duration(g.Heartbeat) < 10*time.Millisecond:
		return "heartbeat", fmt.Errorf("%s: want at least 10ms", time.Duration(g.Heartbeat))
	case g.HistoryLength < 1:
		return "history_length", fmt.Errorf("%d: want at least 1", g.HistoryLength)
	case g.HistoryGossip < 1 || g.HistoryGossip > g.HistoryLength:
		return "history_gossip", fmt.Errorf("%d: want 1 ≤ history_gossip ≤ history_length (%d)", g.HistoryGossip, g.HistoryLength)
	case g.Peers < 1:
		return "peers", fmt.Errorf("%d: want at least 1", g.Peers)
	}
	return "", nil
}
