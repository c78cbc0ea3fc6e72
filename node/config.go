package node

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/pelletier/go-toml/v2"

	"github.com/l2node/l2node/das"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/internal/units"
	"github.com/l2node/l2node/p2p"
)

// Config is config.toml. Every option, its default and its meaning are in the
// template (template.go) that `l2node init` writes.
type Config struct {
	Node       NodeConfig       `toml:"node"`
	Log        LogConfig        `toml:"log"`
	P2P        p2p.Config       `toml:"p2p"`
	Gossip     gossip.Config    `toml:"gossip"`
	DAS        das.Config       `toml:"das"`
	Exec       ExecConfig       `toml:"exec"`
	Sequencing SequencingConfig `toml:"sequencing"`
	Bridge     BridgeConfig     `toml:"bridge"`
	RPC        RPCConfig        `toml:"rpc"`
	Metrics    MetricsConfig    `toml:"metrics"`
}

// ExecConfig is the [exec] section: execution of final batches, on the
// sequencer, validator and relayer roles.
type ExecConfig struct {
	Enabled       bool           `toml:"enabled"`
	Genesis       string         `toml:"genesis"`
	GasLimit      uint64         `toml:"gas_limit"`
	MinBaseFee    uint64         `toml:"min_base_fee"`
	StateHistory  uint64         `toml:"state_history"`
	FlushInterval uint64         `toml:"flush_interval"`
	CacheMB       int            `toml:"cache_mb"`
	DevSealer     bool           `toml:"dev_sealer"`
	DevSlot       units.Duration `toml:"dev_slot"`
	FeeRecipient  string         `toml:"fee_recipient"`
	GCPercent     int            `toml:"gc_percent"`
}

// RPCConfig is the [rpc] section: Ethereum JSON-RPC over HTTP and WebSocket.
type RPCConfig struct {
	Enabled    bool   `toml:"enabled"`
	ListenAddr string `toml:"listen_addr"`
}

// DefaultRPCAddr is where JSON-RPC is served by default.
const DefaultRPCAddr = "127.0.0.1:8545"

// NodeConfig is the [node] section.
type NodeConfig struct {
	Network string   `toml:"network"`
	ChainID uint64   `toml:"chain_id"`
	Roles   []string `toml:"roles"`
	KeyFile string   `toml:"key_file"`
}

// LogConfig is the [log] section.
type LogConfig struct {
	Level  string `toml:"level"`
	Format string `toml:"format"`
}

// MetricsConfig is the [metrics] section: the HTTP server of /metrics,
// /healthz, /readyz and /status.
type MetricsConfig struct {
	Enabled    bool   `toml:"enabled"`
	ListenAddr string `toml:"listen_addr"`
}

// DefaultNetwork is the network a fresh datadir joins.
const DefaultNetwork = "devnet"

// DefaultChainID is the L2 chain ID of a fresh datadir (the devnet's).
const DefaultChainID = 42069

// DefaultMetricsAddr is where /metrics and /healthz are served by default.
const DefaultMetricsAddr = "127.0.0.1:9700"

// DefaultConfig is the configuration `l2node init` writes: a light node, the
// smallest role, which is what most community members run.
func DefaultConfig() Config {
	return Config{
		Node:   NodeConfig{Network: DefaultNetwork, ChainID: DefaultChainID, Roles: []string{string(p2p.RoleLight)}, KeyFile: "node.key"},
		Log:    LogConfig{Level: "info", Format: "text"},
		P2P:    p2p.DefaultConfig(),
		Gossip: gossip.DefaultConfig(),
		DAS:    das.DefaultConfig(),
		Exec: ExecConfig{
			Enabled: true, GasLimit: exec.DefaultGasLimit, MinBaseFee: exec.DefaultMinBaseFee.Uint64(),
			StateHistory: exec.DefaultStateHistory, FlushInterval: exec.DefaultFlushInterval, CacheMB: exec.DefaultDirtyCacheMB,
			DevSlot: units.Duration(time.Second), GCPercent: exec.DefaultGCPercent,
		},
		Sequencing: SequencingConfig{
			Sequencers: []string{}, SetChanges: []string{}, KeyFile: "sequencer.key", Slot: "1s", ViewTimeout: "3s", EpochLength: 256, MaxBatchTxs: 20_000,
		},
		Bridge:  DefaultBridgeConfig(),
		RPC:     RPCConfig{Enabled: true, ListenAddr: DefaultRPCAddr},
		Metrics: MetricsConfig{Enabled: true, ListenAddr: DefaultMetricsAddr},
	}
}

// Roles parses the configured roles.
func (c Config) Roles() ([]p2p.Role, error) {
	r, err := p2p.ParseRoles(c.Node.Roles)
	if err != nil {
		return nil, fmt.Errorf("node.roles: %w", err)
	}
	return r, nil
}

// Validate checks every section and names the first bad option.
func (c Config) Validate() error {
	if err := p2p.ValidateNetwork(c.Node.Network); err != nil {
		return fmt.Errorf("node.network: %w", err)
	}
	if _, err := c.Roles(); err != nil {
		return err
	}
	if c.Node.KeyFile == "" {
		return errors.New("node.key_file: empty")
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		return fmt.Errorf("log.level: %w", err)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return fmt.Errorf("log.format: unknown format %q (want text or json)", c.Log.Format)
	}
	if c.Node.ChainID == 0 {
		return errors.New("node.chain_id: must not be 0")
	}
	if err := c.P2P.Validate(); err != nil {
		return err
	}
	if err := c.Gossip.Validate(); err != nil {
		return err
	}
	if err := c.DAS.Validate(); err != nil {
		return err
	}
	if c.Exec.GasLimit < 1_000_000 {
		return fmt.Errorf("exec.gas_limit: %d is below 1,000,000", c.Exec.GasLimit)
	}
	if c.Exec.StateHistory == 0 || c.Exec.FlushInterval == 0 {
		return errors.New("exec.state_history and exec.flush_interval: must be at least 1")
	}
	if c.Exec.DevSealer && c.Exec.DevSlot.Std() < 10*time.Millisecond {
		return fmt.Errorf("exec.dev_slot: %s is below 10ms", c.Exec.DevSlot)
	}
	if c.Exec.GCPercent != 0 && (c.Exec.GCPercent < 25 || c.Exec.GCPercent > 10_000) {
		return fmt.Errorf("exec.gc_percent: %d is outside 25–10000 (0 leaves Go's setting)", c.Exec.GCPercent)
	}
	if c.Exec.FeeRecipient != "" && !common.IsHexAddress(c.Exec.FeeRecipient) {
		return fmt.Errorf("exec.fee_recipient: %q is not an address", c.Exec.FeeRecipient)
	}
	if len(c.Sequencing.Sequencers) > 0 {
		set, err := ParseSequencers(c.Sequencing.Sequencers)
		if err != nil {
			return err
		}
		if _, err := ParseSetChanges(set, c.Sequencing.SetChanges); err != nil {
			return err
		}
		if len(c.Sequencing.SetChanges) > 0 && c.Bridge.Enabled && c.Bridge.SequencerRegistry != "" {
			return errors.New("sequencing.set_changes: a network takes its set changes from the L1 registry (bridge.sequencer_registry) or from this list, not both")
		}
		if c.Exec.DevSealer {
			return errors.New("exec.dev_sealer: the dev sealer stands in for consensus; turn it off when sequencing.sequencers is set")
		}
	}
	for k, v := range map[string]string{"sequencing.slot": c.Sequencing.Slot, "sequencing.view_timeout": c.Sequencing.ViewTimeout} {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			return fmt.Errorf("%s: %q is not a positive duration", k, v)
		}
	}
	if slot, _ := time.ParseDuration(c.Sequencing.Slot); true {
		if to, _ := time.ParseDuration(c.Sequencing.ViewTimeout); to <= slot {
			return fmt.Errorf("sequencing.view_timeout: %s must exceed the slot (%s): a leader waits a slot before proposing", to, slot)
		}
	}
	if c.Sequencing.EpochLength == 0 || c.Sequencing.MaxBatchTxs <= 0 {
		return errors.New("sequencing.epoch_length and sequencing.max_batch_txs: must be positive")
	}
	if err := c.Bridge.Validate(); err != nil {
		return err
	}
	if c.RPC.Enabled {
		if _, _, err := net.SplitHostPort(c.RPC.ListenAddr); err != nil {
			return fmt.Errorf("rpc.listen_addr: %q is not host:port: %v", c.RPC.ListenAddr, err)
		}
	}
	if c.Metrics.Enabled {
		if _, _, err := net.SplitHostPort(c.Metrics.ListenAddr); err != nil {
			return fmt.Errorf("metrics.listen_addr: %q is not host:port: %v", c.Metrics.ListenAddr, err)
		}
	}
	return nil
}

// ErrConfig marks a config file that cannot be used as written.
var ErrConfig = errors.New("bad config")

// LoadConfig reads a config file strictly: an unknown key, a value of the
// wrong type or a TOML syntax error is an error naming the file, line and key.
// Options the file leaves out keep their defaults.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(path, b)
}

// ParseConfig is LoadConfig on bytes already read; name is used in errors.
func ParseConfig(name string, b []byte) (Config, error) {
	cfg := DefaultConfig()
	dec := toml.NewDecoder(bytes.NewReader(b)).DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var strict *toml.StrictMissingError
		var de *toml.DecodeError
		switch {
		case errors.As(err, &strict) && len(strict.Errors) > 0:
			e := strict.Errors[0]
			row, _ := e.Position()
			return Config{}, fmt.Errorf("%w: %s:%d: unknown key %q", ErrConfig, name, row, strings.Join(e.Key(), "."))
		case errors.As(err, &de):
			row, col := de.Position()
			return Config{}, fmt.Errorf("%w: %s:%d:%d: %s", ErrConfig, name, row, col, firstLine(de.Error()))
		default:
			return Config{}, fmt.Errorf("%w: %s: %s", ErrConfig, name, firstLine(err.Error()))
		}
	}
	return cfg, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Set assigns one option by its key path ("p2p.listen_addrs"), parsing value
// as the option's type: lists are comma-separated, durations like "30s".
// Flags and L2NODE_* environment variables go through here.
func (c *Config) Set(key, value string) error {
	f, err := fieldByKey(reflect.ValueOf(c).Elem(), key)
	if err != nil {
		return err
	}
	switch f.Interface().(type) {
	case units.Duration:
		var d units.Duration
		if err := d.UnmarshalText([]byte(value)); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		f.Set(reflect.ValueOf(d))
		return nil
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(value)
	case reflect.Bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("%s: %q is not true or false", key, value)
		}
		f.SetBool(b)
	case reflect.Float64:
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number", key, value)
		}
		f.SetFloat(x)
	case reflect.Uint64:
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not an unsigned integer", key, value)
		}
		f.SetUint(n)
	case reflect.Int:
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("%s: %q is not an integer", key, value)
		}
		f.SetInt(int64(n))
	case reflect.Slice:
		var items []string
		for s := range strings.SplitSeq(value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		if items == nil {
			items = []string{}
		}
		f.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("%s: cannot be set from text", key)
	}
	return nil
}

// Kind returns the reflect kind of an option ("bool", "slice", …), or an error
// for an unknown key.
func (c *Config) Kind(key string) (reflect.Kind, error) {
	f, err := fieldByKey(reflect.ValueOf(c).Elem(), key)
	if err != nil {
		return reflect.Invalid, err
	}
	return f.Kind(), nil
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, error) {
	for part := range strings.SplitSeq(key, ".") {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, fmt.Errorf("unknown config key %q", key)
		}
		found := false
		for i := 0; i < v.NumField(); i++ {
			if tomlName(v.Type().Field(i)) == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return reflect.Value{}, fmt.Errorf("unknown config key %q", key)
		}
	}
	if v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[units.Duration]() {
		return reflect.Value{}, fmt.Errorf("config key %q is a section, not an option", key)
	}
	return v, nil
}

func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}

// Keys lists every option's key path, in file order.
func Keys() []string {
	var out []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			k := prefix + tomlName(f)
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[units.Duration]() {
				walk(f.Type, k+".")
			} else {
				out = append(out, k)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return out
}

// Get returns one option as the text Set accepts.
func (c Config) Get(key string) (string, error) {
	f, err := fieldByKey(reflect.ValueOf(&c).Elem(), key)
	if err != nil {
		return "", err
	}
	switch v := f.Interface().(type) {
	case units.Duration:
		return v.String(), nil
	case []string:
		return strings.Join(v, ","), nil
	}
	return fmt.Sprint(f.Interface()), nil
}
