package simulation

import (
	"bytes"
	"errors"
	"fmt"
	"os"
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
}

// Workload is the transaction load.
type Workload struct {
	TxRate      float64 `yaml:"tx_rate"` // transactions per second, arriving at random sequencers
	TxSize      int     `yaml:"tx_size"` // bytes
	MaxBatchTxs int     `yaml:"max_batch_txs"`
}

// Adversary is an attack switched on at At (and off at Until, if set).
type Adversary struct {
	Kind     string   `yaml:"kind"` // crash-leader, withhold
	At       Duration `yaml:"at"`
	Until    Duration `yaml:"until"`
	Fraction float64  `yaml:"fraction"` // withhold: the fraction of each extended square kept back
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
	crashes := 0
	for i, a := range s.Adversaries {
		switch a.Kind {
		case "crash-leader":
			crashes++
		case "withhold":
			if a.Fraction <= 0 || a.Fraction > 1 {
				return fmt.Errorf("adversaries[%d].fraction: must lie in (0, 1]", i)
			}
		default:
			return fmt.Errorf("adversaries[%d].kind: unknown %q (crash-leader, withhold)", i, a.Kind)
		}
		if a.Until != 0 && a.Until <= a.At {
			return fmt.Errorf("adversaries[%d]: until must come after at", i)
		}
		if a.At >= s.Duration {
			return fmt.Errorf("adversaries[%d].at: after the end of the run", i)
		}
	}
	if crashes*3 >= sequencers {
		return fmt.Errorf("adversaries: %d crashed leaders of %d sequencers leave no quorum", crashes, sequencers)
	}
	return nil
}
