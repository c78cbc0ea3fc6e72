package p2p

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/l2node/l2node/internal/units"
)

// DHT modes accepted in Config.DHTMode.
const (
	DHTModeRole   = ""       // server for full roles, auto for a light-only node
	DHTModeAuto   = "auto"   // server once AutoNAT proves the node reachable, client until then
	DHTModeServer = "server" // always answer DHT queries
	DHTModeClient = "client" // only ask
)

// Config is the [p2p] section of config.toml. Zero values of the sizing
// fields mean "chosen by role" (see Resolve); the documented defaults live in
// DefaultConfig and in the config template of package node.
type Config struct {
	ListenAddrs       []string       `toml:"listen_addrs"`
	AnnounceAddrs     []string       `toml:"announce_addrs"`
	BootstrapPeers    []string       `toml:"bootstrap_peers"`
	BootstrapTimeout  units.Duration `toml:"bootstrap_timeout"`
	DHTMode           string         `toml:"dht_mode"`
	ConnLowWater      int            `toml:"conn_low_water"`
	ConnHighWater     int            `toml:"conn_high_water"`
	ConnGracePeriod   units.Duration `toml:"conn_grace_period"`
	MaxMemoryMiB      int            `toml:"max_memory_mib"`
	MaxFileDescs      int            `toml:"max_file_descriptors"`
	NAT               bool           `toml:"nat"`
	RelayService      bool           `toml:"relay_service"`
	AdvertiseInterval units.Duration `toml:"advertise_interval"`
	DiscoveryInterval units.Duration `toml:"discovery_interval"`
	PeersPerRole      int            `toml:"peers_per_role"`
	PeerBookMaxPeers  int            `toml:"peer_book_max_peers"`
	PeerBookMaxAge    units.Duration `toml:"peer_book_max_age"`
	BanThreshold      float64        `toml:"ban_threshold"`
	BanDuration       units.Duration `toml:"ban_duration"`
	PenaltyHalfLife   units.Duration `toml:"penalty_half_life"`
}

// DefaultPort is the default TCP and UDP (QUIC) port of a node.
const DefaultPort = 7700

// DefaultConfig returns the defaults documented in config.toml.
func DefaultConfig() Config {
	return Config{
		ListenAddrs: []string{
			fmt.Sprintf("/ip4/0.0.0.0/tcp/%d", DefaultPort),
			fmt.Sprintf("/ip4/0.0.0.0/udp/%d/quic-v1", DefaultPort),
		},
		AnnounceAddrs:     []string{},
		BootstrapPeers:    []string{},
		BootstrapTimeout:  units.Duration(30 * time.Second),
		DHTMode:           DHTModeRole,
		ConnGracePeriod:   units.Duration(20 * time.Second),
		NAT:               true,
		RelayService:      false,
		AdvertiseInterval: units.Duration(30 * time.Minute),
		DiscoveryInterval: units.Duration(time.Minute),
		PeersPerRole:      4,
		PeerBookMaxPeers:  1000,
		PeerBookMaxAge:    units.Duration(14 * 24 * time.Hour),
		BanThreshold:      100,
		BanDuration:       units.Duration(time.Hour),
		PenaltyHalfLife:   units.Duration(10 * time.Minute),
	}
}

// Sizing is what Config's role-dependent zero values resolve to.
type Sizing struct {
	ConnLow, ConnHigh int
	MemoryBytes       int64
	FileDescs         int
	DHTMode           string
}

// Resolve fills the role-dependent values: a light-only node stays small (64
// connections, 256 MiB for the libp2p stack) and is a DHT client until proven
// reachable; full roles get 200 connections and 1/8 of the machine's memory up
// to 4 GiB, and serve the DHT.
func (c Config) Resolve(roles []Role, totalMemory int64) Sizing {
	s := Sizing{ConnLow: c.ConnLowWater, ConnHigh: c.ConnHighWater, FileDescs: c.MaxFileDescs, DHTMode: c.DHTMode}
	light := OnlyLight(roles)
	if s.ConnHigh == 0 {
		s.ConnHigh = 200
		if light {
			s.ConnHigh = 64
		}
	}
	if s.ConnLow == 0 {
		s.ConnLow = s.ConnHigh / 2
	}
	if c.MaxMemoryMiB > 0 {
		s.MemoryBytes = int64(c.MaxMemoryMiB) << 20
	} else if light {
		s.MemoryBytes = 256 << 20
	} else {
		s.MemoryBytes = min(max(totalMemory/8, 512<<20), 4<<30)
	}
	if s.FileDescs == 0 {
		s.FileDescs = 4096
		if light {
			s.FileDescs = 512
		}
	}
	if s.DHTMode == DHTModeRole {
		s.DHTMode = DHTModeServer
		if light {
			s.DHTMode = DHTModeAuto
		}
	}
	return s
}

var networkName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ValidateNetwork checks a network name: it becomes part of protocol IDs.
func ValidateNetwork(n string) error {
	if !networkName.MatchString(n) {
		return fmt.Errorf("invalid network name %q (want 1-32 characters of a-z, 0-9 and '-')", n)
	}
	return nil
}

// Validate checks every field and names the first bad one.
func (c Config) Validate() error {
	if len(c.ListenAddrs) == 0 {
		return errors.New("p2p.listen_addrs: at least one listen address is required")
	}
	for _, a := range c.ListenAddrs {
		if _, err := ma.NewMultiaddr(a); err != nil {
			return fmt.Errorf("p2p.listen_addrs: bad multiaddr %q: %v", a, err)
		}
	}
	for _, a := range c.AnnounceAddrs {
		if _, err := ma.NewMultiaddr(a); err != nil {
			return fmt.Errorf("p2p.announce_addrs: bad multiaddr %q: %v", a, err)
		}
	}
	if _, err := ParseBootstrapPeers(c.BootstrapPeers); err != nil {
		return err
	}
	switch c.DHTMode {
	case DHTModeRole, DHTModeAuto, DHTModeServer, DHTModeClient:
	default:
		return fmt.Errorf("p2p.dht_mode: unknown mode %q (want \"\", auto, server or client)", c.DHTMode)
	}
	if c.ConnLowWater < 0 || c.ConnHighWater < 0 || (c.ConnHighWater > 0 && c.ConnLowWater > c.ConnHighWater) {
		return fmt.Errorf("p2p.conn_low_water (%d) and conn_high_water (%d): want 0 <= low <= high", c.ConnLowWater, c.ConnHighWater)
	}
	if c.MaxMemoryMiB < 0 || (c.MaxMemoryMiB > 0 && c.MaxMemoryMiB < 64) {
		return fmt.Errorf("p2p.max_memory_mib: %d is too small (0 for the role default, else at least 64)", c.MaxMemoryMiB)
	}
	if c.MaxFileDescs < 0 || (c.MaxFileDescs > 0 && c.MaxFileDescs < 64) {
		return fmt.Errorf("p2p.max_file_descriptors: %d is too small (0 for the role default, else at least 64)", c.MaxFileDescs)
	}
	if c.AdvertiseInterval.Std() < time.Second {
		return fmt.Errorf("p2p.advertise_interval: %s is too short (at least 1s)", c.AdvertiseInterval)
	}
	if c.DiscoveryInterval.Std() < 100*time.Millisecond {
		return fmt.Errorf("p2p.discovery_interval: %s is too short (at least 100ms)", c.DiscoveryInterval)
	}
	if c.BootstrapTimeout.Std() <= 0 {
		return errors.New("p2p.bootstrap_timeout: must be positive")
	}
	if c.PeersPerRole < 1 {
		return fmt.Errorf("p2p.peers_per_role: %d, want at least 1", c.PeersPerRole)
	}
	if c.BanThreshold <= 0 {
		return fmt.Errorf("p2p.ban_threshold: %v, want > 0", c.BanThreshold)
	}
	if c.BanDuration.Std() < time.Second {
		return fmt.Errorf("p2p.ban_duration: %s is too short (at least 1s)", c.BanDuration)
	}
	if c.PenaltyHalfLife.Std() < time.Second {
		return fmt.Errorf("p2p.penalty_half_life: %s is too short (at least 1s)", c.PenaltyHalfLife)
	}
	if c.PeerBookMaxAge.Std() < time.Hour {
		return fmt.Errorf("p2p.peer_book_max_age: %s is too short (at least 1h, or restarts lose their peers)", c.PeerBookMaxAge)
	}
	if c.PeerBookMaxPeers < 1 {
		return fmt.Errorf("p2p.peer_book_max_peers: %d, want at least 1", c.PeerBookMaxPeers)
	}
	return nil
}

// ParseBootstrapPeers parses /ip4/…/p2p/<id> multiaddrs, merging addresses of one peer.
func ParseBootstrapPeers(addrs []string) ([]peer.AddrInfo, error) {
	var mas []ma.Multiaddr
	for _, a := range addrs {
		m, err := ma.NewMultiaddr(a)
		if err != nil {
			return nil, fmt.Errorf("p2p.bootstrap_peers: bad multiaddr %q: %v", a, err)
		}
		mas = append(mas, m)
	}
	infos, err := peer.AddrInfosFromP2pAddrs(mas...)
	if err != nil {
		return nil, fmt.Errorf("p2p.bootstrap_peers: %v (each address must end in /p2p/<peer id>)", err)
	}
	return infos, nil
}
