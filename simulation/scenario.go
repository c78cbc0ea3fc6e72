package simulation

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Scenario is what a researcher writes: the network, its nodes, the
// workload, the protocol parameters and the adversaries. Durations are Go
// durations ("1s", "250ms").
type Scenario struct {
	Seed        uint64                         `yaml:"seed"`
	Duration    Duration                       `yaml:"duration"`
	Consensus   ConsensusParams                `yaml:"consensus"`
	Regions     []string                       `yaml:"regions"`
	Latency     map[string]map[string]Duration `yaml:"latency"` // one-way, region → region
	Jitter      float64                        `yaml:"jitter"`  // ± fraction of the latency, uniform
	Loss        float64                        `yaml:"loss"`    // probability that a message is lost
	Groups      []Group                        `yaml:"groups"`
	Workload    Workload                       `yaml:"workload"`
	DAS         DASParams                      `yaml:"das"`
	Gossip      GossipParams                   `yaml:"gossip"`
	Adversaries []Adversary                    `yaml:"adversaries"`
}

// ConsensusParams are the sequencing parameters.
type ConsensusParams struct {
	Slot        Duration `yaml:"slot"`
	ViewTimeout Duration `yaml:"view_timeout"`
	EpochLength uint64   `yaml:"epoch_length"`
}

// DASParams are the data-availability parameters.
type DASParams struct {
	K          int     `yaml:"k"`          // the square's k (2k×2k extended); a power of two
	Confidence float64 `yaml:"confidence"` // a light node's target, e.g. 0.9999
}

// Group is a set of nodes of one role in one region.
type Group struct {
	Role        string `yaml:"role"` // sequencer, da or light
	Count       int    `yaml:"count"`
	Region      string `yaml:"region"`
	Stake       uint64 `yaml:"stake"`
	UplinkBps   Rate   `yaml:"uplink"`   // bits per second, e.g. "100Mbit"
	DownlinkBps Rate   `yaml:"downlink"` // bits per second; default: the uplink
	Churn       Churn  `yaml:"churn,omitempty"`
}

// Workload is the transaction load.
type Workload struct {
	TxRate      float64 `yaml:"tx_rate"` // transactions per second, arriving at random sequencers
	TxSize      int     `yaml:"tx_size"` // bytes
	MaxBatchTxs int     `yaml:"max_batch_txs"`
	// TxGossip: each transaction arrives at a random sequencer or DA node
	// (the node a wallet sent it to) and travels on the tx topic; a leader
	// proposes only transactions that reached it. Off: transactions arrive
	// into one network-wide pool.
	TxGossip bool `yaml:"tx_gossip,omitempty"`
}

// Adversary is an attack switched on at At (and off at Until, if set).
// Which fields apply depends on Kind; docs/simulator.md lists them.
type Adversary struct {
	Kind     string   `yaml:"kind"` // crash-leader, withhold, equivocate, eclipse, sybil
	At       Duration `yaml:"at"`
	Until    Duration `yaml:"until"`
	Fraction float64  `yaml:"fraction"`         // withhold: the fraction of each extended square kept back
	Target   string   `yaml:"target,omitempty"` // equivocate: a sequencer (default: the next leader); eclipse: the node cut off (seq0, da3, light17)
	Nodes    int      `yaml:"nodes,omitempty"`  // eclipse: attacker peers (default: gossip.peers); sybil: sybil peers
	Drop     float64  `yaml:"drop,omitempty"`   // eclipse: the fraction of the target's traffic the attackers drop
	Delay    Duration `yaml:"delay,omitempty"`  // eclipse: added to what they pass on
	Rate     float64  `yaml:"rate,omitempty"`   // sybil: spam messages per second, per sybil
	Size     int      `yaml:"size,omitempty"`   // sybil: bytes of payload per spam message (default 1000)
	Spam     string   `yaml:"spam,omitempty"`   // sybil: invalid (default: rejected by validation) or duplicate (copies of real messages)
	Topic    string   `yaml:"topic,omitempty"`  // sybil: the topic spammed (default consensus)

	line  int            // where the entry starts in the file
	lines map[string]int // where each key is
}

// UnmarshalYAML decodes an adversary strictly, remembering the lines of its
// keys for the checks that follow.
func (a *Adversary) UnmarshalYAML(n *yaml.Node) error {
	type plain Adversary
	var p plain
	lines, err := decodeStrict(n, "adversary", reflect.TypeFor[Adversary](), &p)
	if err != nil {
		return err
	}
	*a = Adversary(p)
	a.line, a.lines = n.Line, lines
	return nil
}

// errAt names the line of key (or of the entry) and the field.
func (a *Adversary) errAt(i int, key string, format string, args ...any) error {
	line, ok := a.lines[key]
	if !ok {
		line = a.line
	}
	field := fmt.Sprintf("adversaries[%d]", i)
	if key != "" {
		field += "." + key
	}
	return fmt.Errorf("line %d: %s: %s", line, field, fmt.Sprintf(format, args...))
}

// active reports whether the adversary acts at t.
func (a *Adversary) active(t time.Duration) bool {
	return t >= time.Duration(a.At) && (a.Until == 0 || t < time.Duration(a.Until))
}

// Churn makes a group's nodes leave and join while the scenario runs: a
// group's count is its population, of which Online are up at the start;
// departures and arrivals are Poisson processes over the group.
type Churn struct {
	LeavePerMin float64 `yaml:"leave_per_min"` // departures per minute, of nodes then online
	JoinPerMin  float64 `yaml:"join_per_min"`  // arrivals per minute, of nodes then offline
	Online      int     `yaml:"online"`        // online at the start (default: count)
}

// decodeStrict decodes the mapping n into out (a pointer to a value of type
// t's layout), refusing keys t does not have and keys given twice, and
// returns the line of each key. yaml's Node.Decode alone would accept
// unknown keys.
func decodeStrict(n *yaml.Node, section string, t reflect.Type, out any) (map[string]int, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: %s: want a mapping", n.Line, section)
	}
	known := yamlFields(t)
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			return nil, fmt.Errorf("line %d: field %s not found in %s (known: %s)", k.Line, k.Value, section, strings.Join(known, ", "))
		}
		if _, dup := lines[k.Value]; dup {
			return nil, fmt.Errorf("line %d: %s.%s given twice", k.Line, section, k.Value)
		}
		lines[k.Value] = k.Line
	}
	if err := n.Decode(out); err != nil {
		return nil, err
	}
	return lines, nil
}

// Duration is a time.Duration written as a Go duration string.
type Duration time.Duration

// UnmarshalYAML parses "1s", "250ms".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration (want e.g. \"1s\", \"250ms\")", n.Line, n.Value)
	}
	if v < 0 {
		return fmt.Errorf("line %d: negative duration %q", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// Rate is a bit rate: a number with an optional kbit, Mbit or Gbit suffix.
type Rate float64

// UnmarshalYAML parses "100Mbit".
func (r *Rate) UnmarshalYAML(n *yaml.Node) error {
	var v float64
	var unit string
	if _, err := fmt.Sscanf(n.Value, "%g%s", &v, &unit); err != nil {
		if _, err := fmt.Sscanf(n.Value, "%g", &v); err != nil {
			return fmt.Errorf("line %d: %q is not a bit rate (want e.g. \"100Mbit\")", n.Line, n.Value)
		}
	}
	mult := map[string]float64{"": 1, "bit": 1, "kbit": 1e3, "Mbit": 1e6, "Gbit": 1e9}[unit]
	if mult == 0 || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive bit rate with unit bit, kbit, Mbit or Gbit", n.Line, n.Value)
	}
	*r = Rate(v * mult)
	return nil
}

// MarshalYAML writes bits per second.
func (r Rate) MarshalYAML() (any, error) { return fmt.Sprintf("%gbit", float64(r)), nil }

// LoadScenario reads and checks a scenario file.
func LoadScenario(path string) (*Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return ParseScenario(path, b)
}

// ParseScenario parses a scenario strictly: an unknown key, a value of the
// wrong type or an impossible value is an error naming the file, line and
// field, before anything runs.
func ParseScenario(name string, b []byte) (*Scenario, error) {
	var s Scenario
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	return &s, nil
}

func (s *Scenario) check() error {
	if s.Duration == 0 {
		return errors.New("duration: missing")
	}
	if s.Consensus.Slot == 0 || s.Consensus.ViewTimeout <= s.Consensus.Slot {
		return errors.New("consensus: slot must be set and view_timeout must exceed it")
	}
	if s.Consensus.EpochLength == 0 {
		s.Consensus.EpochLength = 256
	}
	if len(s.Regions) == 0 {
		return errors.New("regions: at least one")
	}
	for _, a := range s.Regions {
		for _, b := range s.Regions {
			if _, ok := s.Latency[a][b]; !ok {
				return fmt.Errorf("latency: no entry for %s → %s", a, b)
			}
		}
	}
	if s.Jitter < 0 || s.Jitter >= 1 || s.Loss < 0 || s.Loss >= 1 {
		return errors.New("jitter and loss: must lie in [0, 1)")
	}
	sequencers := 0
	for i, g := range s.Groups {
		if g.Role != "sequencer" && g.Role != "da" && g.Role != "light" {
			return fmt.Errorf("groups[%d].role: %q is not simulated (sequencer, da, light)", i, g.Role)
		}
		if g.Count <= 0 {
			return fmt.Errorf("groups[%d].count: must be positive", i)
		}
		if _, ok := s.Latency[g.Region]; !ok {
			return fmt.Errorf("groups[%d].region: unknown region %q", i, g.Region)
		}
		if g.Stake == 0 {
			s.Groups[i].Stake = 1
		}
		if g.UplinkBps == 0 {
			s.Groups[i].UplinkBps = 100e6
		}
		if g.DownlinkBps == 0 {
			s.Groups[i].DownlinkBps = s.Groups[i].UplinkBps
		}
		if g.Role == "sequencer" {
			sequencers += g.Count
		}
		if err := s.Groups[i].checkChurn(i); err != nil {
			return err
		}
	}
	if !s.Gossip.set {
		s.Gossip = DefaultGossipParams()
	}
	if s.DAS.K == 0 {
		s.DAS.K = 16
	}
	if s.DAS.K < 1 || s.DAS.K&(s.DAS.K-1) != 0 || s.DAS.K > 512 {
		return fmt.Errorf("das.k: %d is not a power of two up to 512", s.DAS.K)
	}
	if s.DAS.Confidence == 0 {
		s.DAS.Confidence = 0.9999
	}
	if s.DAS.Confidence <= 0 || s.DAS.Confidence >= 1 {
		return errors.New("das.confidence: must lie in (0, 1)")
	}
	if sequencers == 0 {
		return errors.New("groups: no sequencers")
	}
	if s.Workload.TxRate < 0 || s.Workload.TxSize < 0 {
		return errors.New("workload: negative rate or size")
	}
	if s.Workload.TxSize == 0 {
		s.Workload.TxSize = 120
	}
	if s.Workload.MaxBatchTxs == 0 {
		s.Workload.MaxBatchTxs = 20_000
	}
	return s.checkAdversaries(sequencers)
}

// checkAdversaries checks each adversary's fields for its kind, fills in
// defaults, and checks that the faulty sequencers (crashed or equivocating)
// leave a quorum.
func (s *Scenario) checkAdversaries(sequencers int) error {
	faulty := 0
	eclipsed := map[string]int{}
	for i := range s.Adversaries {
		a := &s.Adversaries[i]
		extra, ok := adversaryKeys[a.Kind]
		if !ok {
			return a.errAt(i, "kind", "unknown %q (crash-leader, withhold, equivocate, eclipse, sybil)", a.Kind)
		}
		for key := range a.lines {
			if key != "kind" && key != "at" && key != "until" && !slices.Contains(extra, key) {
				return a.errAt(i, key, "does not apply to %s (it takes at, until%s)", a.Kind, prefixed(", ", extra))
			}
		}
		if a.Until != 0 && a.Until <= a.At {
			return a.errAt(i, "until", "must come after at")
		}
		if a.At >= s.Duration {
			return a.errAt(i, "at", "after the end of the run")
		}
		var err error
		switch a.Kind {
		case "crash-leader":
			faulty++
		case "withhold":
			if a.Fraction <= 0 || a.Fraction > 1 {
				return a.errAt(i, "fraction", "must lie in (0, 1]")
			}
		case "equivocate":
			faulty++
			if a.Target != "" {
				if role, _, ok := s.node(a.Target); !ok || role != "sequencer" {
					return a.errAt(i, "target", "%q is not a sequencer of the scenario (seq0 … seq%d)", a.Target, sequencers-1)
				}
			}
		case "eclipse":
			err = s.checkEclipse(i, a, eclipsed)
		case "sybil":
			err = s.checkSybil(i, a)
		}
		if err != nil {
			return err
		}
	}
	if faulty*3 >= sequencers {
		return fmt.Errorf("adversaries: %d faulty sequencers (crashed or equivocating) of %d leave no quorum", faulty, sequencers)
	}
	return nil
}

// prefixed joins keys after sep, or is empty.
func prefixed(sep string, keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return sep + strings.Join(keys, ", ")
}

// adversaryKeys are the keys each kind takes beside kind, at and until.
var adversaryKeys = map[string][]string{
	"crash-leader": nil, "withhold": {"fraction"}, "equivocate": {"target"},
	"eclipse": {"target", "nodes", "drop", "delay"}, "sybil": {"nodes", "rate", "size", "spam", "topic"},
}

// MarshalYAML writes the keys the adversary's kind takes, defaults filled
// in, on one line: scenario.yaml parses back to the same scenario.
func (a Adversary) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	add := func(key string, v any) error {
		var vn yaml.Node
		if err := vn.Encode(v); err != nil {
			return fmt.Errorf("adversary %s: %w", key, err)
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &vn)
		return nil
	}
	keys := append([]string{"kind", "at", "until"}, adversaryKeys[a.Kind]...)
	values := map[string]any{"kind": a.Kind, "at": a.At, "until": a.Until, "fraction": a.Fraction, "target": a.Target,
		"nodes": a.Nodes, "drop": a.Drop, "delay": a.Delay, "rate": a.Rate, "size": a.Size, "spam": a.Spam, "topic": a.Topic}
	for _, k := range keys {
		if (k == "until" && a.Until == 0) || (k == "target" && a.Target == "") {
			continue
		}
		if err := add(k, values[k]); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// maxAdversaryNodes bounds the attacker and sybil peers of one adversary.
const maxAdversaryNodes = 100_000

// checkEclipse checks an eclipse: a target that exists and is eclipsed
// once, a number of attackers, and an effect (drop, delay or both).
func (s *Scenario) checkEclipse(i int, a *Adversary, eclipsed map[string]int) error {
	if a.Target == "" {
		return a.errAt(i, "target", "missing: the node to eclipse (e.g. light3)")
	}
	if _, _, ok := s.node(a.Target); !ok {
		return a.errAt(i, "target", "%q is not a node of the scenario (%s)", a.Target, s.nodeNameRanges())
	}
	if j, dup := eclipsed[a.Target]; dup {
		return a.errAt(i, "target", "%s is eclipsed by adversaries[%d] already", a.Target, j)
	}
	eclipsed[a.Target] = i
	if _, set := a.lines["nodes"]; !set && a.Nodes == 0 {
		a.Nodes = s.Gossip.Peers
	}
	if a.Nodes < 1 || a.Nodes > maxAdversaryNodes {
		return a.errAt(i, "nodes", "%d attacker peers: want 1 to %d", a.Nodes, maxAdversaryNodes)
	}
	if _, set := a.lines["drop"]; !set && a.Drop == 0 && a.Delay == 0 {
		a.Drop = 1
	}
	if a.Drop < 0 || a.Drop > 1 {
		return a.errAt(i, "drop", "%g: want a fraction in [0, 1]", a.Drop)
	}
	if a.Drop == 0 && a.Delay == 0 {
		return a.errAt(i, "drop", "0 with no delay: the attackers would do nothing")
	}
	return nil
}

// sybilTopics are the topics a sybil can spam.
var sybilTopics = []string{"consensus", "da_header", "tx"}

// checkSybil checks a sybil attack and fills in its defaults.
func (s *Scenario) checkSybil(i int, a *Adversary) error {
	if a.Nodes < 1 || a.Nodes > maxAdversaryNodes {
		return a.errAt(i, "nodes", "%d sybil peers: want 1 to %d", a.Nodes, maxAdversaryNodes)
	}
	if _, set := a.lines["rate"]; !set && a.Rate == 0 {
		a.Rate = 10
	}
	if a.Rate < 0 || a.Rate > 10_000 {
		return a.errAt(i, "rate", "%g messages per second: want 0 to 10000", a.Rate)
	}
	if a.Size == 0 {
		a.Size = 1000
	}
	if a.Size < 1 || a.Size > 1<<20 {
		return a.errAt(i, "size", "%d bytes: want 1 to 1048576", a.Size)
	}
	if a.Spam == "" {
		a.Spam = "invalid"
	}
	if a.Spam != "invalid" && a.Spam != "duplicate" {
		return a.errAt(i, "spam", "%q: want invalid or duplicate", a.Spam)
	}
	if a.Topic == "" {
		a.Topic = "consensus"
	}
	if !slices.Contains(sybilTopics, a.Topic) {
		return a.errAt(i, "topic", "%q: want one of %s", a.Topic, strings.Join(sybilTopics, ", "))
	}
	if a.Topic == "tx" && !s.Workload.TxGossip {
		return a.errAt(i, "topic", "tx: the scenario has no transaction gossip (workload.tx_gossip)")
	}
	return nil
}

// roleShort is a role's prefix in node names: seq0, da3, light17.
var roleShort = map[string]string{"sequencer": "seq", "da": "da", "light": "light"}

// node finds a node by its name in outputs (seq0, da3, light17): its role
// and its index among all the scenario's nodes.
func (s *Scenario) node(name string) (role string, index int, ok bool) {
	seen := map[string]int{}
	for _, g := range s.Groups {
		short := roleShort[g.Role]
		if rest, found := strings.CutPrefix(name, short); found && short != "" {
			var k int
			if _, err := fmt.Sscanf(rest, "%d", &k); err == nil && fmt.Sprint(k) == rest && k >= seen[g.Role] && k < seen[g.Role]+g.Count {
				return g.Role, index + k - seen[g.Role], true
			}
		}
		seen[g.Role] += g.Count
		index += g.Count
	}
	return "", 0, false
}

// nodeNameRanges lists the node names of the scenario, e.g.
// "seq0 … seq3, light0 … light299".
func (s *Scenario) nodeNameRanges() string {
	count := map[string]int{}
	var roles []string
	for _, g := range s.Groups {
		if count[g.Role] == 0 {
			roles = append(roles, g.Role)
		}
		count[g.Role] += g.Count
	}
	var parts []string
	for _, r := range roles {
		parts = append(parts, fmt.Sprintf("%s0 … %s%d", roleShort[r], roleShort[r], count[r]-1))
	}
	return strings.Join(parts, ", ")
}

// checkChurn checks a group's churn section and fills in online.
func (g *Group) checkChurn(i int) error {
	c := &g.Churn
	if *c == (Churn{}) {
		return nil
	}
	if g.Role == "sequencer" {
		return fmt.Errorf("groups[%d].churn: sequencers do not churn (a crash-leader adversary stops one); churn applies to da and light groups", i)
	}
	if c.LeavePerMin < 0 || c.JoinPerMin < 0 {
		return fmt.Errorf("groups[%d].churn: leave_per_min and join_per_min must not be negative", i)
	}
	if c.Online == 0 {
		c.Online = g.Count
	}
	if c.Online < 0 || c.Online > g.Count {
		return fmt.Errorf("groups[%d].churn.online: %d of a group of %d", i, c.Online, g.Count)
	}
	return nil
}
