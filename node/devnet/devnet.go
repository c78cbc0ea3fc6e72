// Package devnet starts a complete local network in one process: a bootstrap
// node plus nodes of every role, each with its own datadir and loopback
// ports. The sequencers run consensus over a set they agree on at start,
// validators and the relayer follow and execute, the first sequencer serves
// JSON-RPC. Later issues add the embedded L1 and the bridge.
//
// It must only listen on loopback, and never on a port it was not given.
package devnet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"time"

	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/p2p"
)

// Spec says how many nodes of each role to start and where.
type Spec struct {
	Dir        string // parent of the datadirs; reused if it holds a devnet already
	Network    string
	Sequencers int
	Validators int
	DA         int
	Light      int
	Relayers   int
	// BasePort: the bootstrap node listens on BasePort (TCP and UDP), node i
	// on BasePort+i, and their metrics on BasePort+2000+i. 0 picks free ports.
	BasePort int
	RPCPort  int // JSON-RPC of the executing node when BasePort is set (8545 by default)
	Log      *slog.Logger
}

// DefaultSpec is the devnet of the design: 4 sequencers, 2 validators, 2 DA
// nodes, 3 light nodes and a relayer.
func DefaultSpec() Spec {
	return Spec{Network: "devnet", Sequencers: 4, Validators: 2, DA: 2, Light: 3, Relayers: 1, BasePort: 7700, RPCPort: 8545}
}

// Member is one running node of the devnet.
type Member struct {
	Name string
	Role p2p.Role
	Dir  string
	Node *node.Node
}

// Devnet is a running local network.
type Devnet struct {
	Members []*Member
}

// Start initializes (or reuses) a datadir per node and starts the bootstrap
// node, then all the others in parallel.
func Start(ctx context.Context, s Spec) (_ *Devnet, err error) {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	type plan struct {
		name string
		role p2p.Role
	}
	plans := []plan{{"bootstrap", p2p.RoleBootstrap}}
	add := func(n int, r p2p.Role) {
		for i := range n {
			plans = append(plans, plan{fmt.Sprintf("%s%d", r, i+1), r})
		}
	}
	add(s.Sequencers, p2p.RoleSequencer)
	add(s.Validators, p2p.RoleValidator)
	add(s.DA, p2p.RoleDA)
	add(s.Light, p2p.RoleLight)
	add(s.Relayers, p2p.RoleRelayer)

	d := &Devnet{}
	defer func() {
		if err != nil {
			d.Close()
		}
	}()
	// First every datadir and identity, so that every node's config can
	// name the producers (the sequencers) of DA headers.
	cfgs := make([]node.Config, len(plans))
	var producers, sequencers []string
	for i, pl := range plans {
		dir := filepath.Join(s.Dir, pl.name)
		cfg := node.DefaultConfig()
		cfg.Node.Network = s.Network
		cfg.Node.Roles = []string{string(pl.role)}
		cfg.Log.Level = "warn"
		port, mport := 0, 0
		if s.BasePort > 0 {
			port, mport = s.BasePort+i, s.BasePort+2000+i
		}
		cfg.P2P.ListenAddrs = []string{fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", port), fmt.Sprintf("/ip4/127.0.0.1/udp/%d/quic-v1", port)}
		cfg.P2P.NAT = false // loopback needs no NAT traversal
		cfg.P2P.RelayService = pl.role == p2p.RoleBootstrap
		cfg.P2P.DiscoveryInterval.UnmarshalText([]byte("10s"))
		cfg.Metrics.ListenAddr = fmt.Sprintf("127.0.0.1:%d", mport)
		// Sequencers run consensus; validators and the relayer follow it and
		// execute every final batch. The first sequencer serves JSON-RPC.
		cfg.Exec.DevSealer = false
		cfg.RPC.Enabled = pl.name == "sequencer1"
		cfg.RPC.ListenAddr = "127.0.0.1:0"
		if s.BasePort != 0 {
			cfg.RPC.ListenAddr = fmt.Sprintf("127.0.0.1:%d", s.RPCPort)
		}
		id, err := node.Init(dir, cfg, true) // keeps an existing key
		if err != nil {
			return nil, fmt.Errorf("devnet: init %s: %w", pl.name, err)
		}
		if pl.role == p2p.RoleSequencer {
			producers = append(producers, id.String())
			key, err := node.LoadOrCreateSequencerKey(filepath.Join(dir, cfg.Sequencing.KeyFile))
			if err != nil {
				return nil, fmt.Errorf("devnet: %s: %w", pl.name, err)
			}
			sequencers = append(sequencers, fmt.Sprintf("%s=1", ethcrypto.PubkeyToAddress(key.PublicKey)))
		}
		cfgs[i] = cfg
	}
	var bootAddr string
	for i, pl := range plans {
		m := &Member{Name: pl.name, Role: pl.role, Dir: filepath.Join(s.Dir, pl.name)}
		cfg := cfgs[i]
		cfg.DAS.Producers = producers
		cfg.Sequencing.Sequencers = sequencers
		if i > 0 {
			cfg.P2P.BootstrapPeers = []string{bootAddr}
		}
		if _, err := node.Init(m.Dir, cfg, true); err != nil {
			return nil, fmt.Errorf("devnet: init %s: %w", pl.name, err)
		}
		if m.Node, err = node.New(m.Dir, cfg, node.WithLogger(s.Log.With("node", pl.name)), node.SharedProcess()); err != nil {
			return nil, fmt.Errorf("devnet: %s: %w", pl.name, err)
		}
		d.Members = append(d.Members, m)
		if i == 0 {
			if err := m.Node.Start(ctx); err != nil {
				return nil, fmt.Errorf("devnet: start %s: %w", pl.name, err)
			}
			bootAddr = m.Node.Host().Addrs()[0].String()
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(d.Members))
	for i, m := range d.Members[1:] {
		wg.Go(func() {
			if err := m.Node.Start(ctx); err != nil {
				errs[i] = fmt.Errorf("devnet: start %s: %w", m.Name, err)
			}
		})
	}
	wg.Wait()
	return d, errors.Join(errs...)
}

// RPC is the member that executes batches and serves JSON-RPC, or nil.
func (d *Devnet) RPC() *Member {
	for _, m := range d.Members {
		if m.Node.RPCURL() != "" {
			return m
		}
	}
	return nil
}

// Bootstrap is the bootstrap member.
func (d *Devnet) Bootstrap() *Member { return d.Members[0] }

// WaitDiscovered blocks until every node knows every other node of each role
// it watches, or ctx ends.
func (d *Devnet) WaitDiscovered(ctx context.Context) error {
	for {
		missing := d.missing()
		if missing == "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("devnet: discovery incomplete: %s", missing)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (d *Devnet) missing() string {
	for _, m := range d.Members {
		disc := m.Node.Host().Discovery()
		for _, r := range disc.Watched() {
			have := map[string]bool{}
			for _, ai := range disc.Peers(r) {
				have[ai.ID.String()] = true
			}
			for _, o := range d.Members {
				if o != m && slices.Contains(o.Node.Roles(), r) && !have[o.Node.Host().ID().String()] {
					return fmt.Sprintf("%s has not found %s", m.Name, o.Name)
				}
			}
		}
	}
	return ""
}

// Close stops every node, the bootstrap node last.
func (d *Devnet) Close() error {
	var wg sync.WaitGroup
	errs := make([]error, len(d.Members))
	for i := len(d.Members) - 1; i >= 1; i-- {
		wg.Go(func() { errs[i] = d.Members[i].Node.Close() })
	}
	wg.Wait()
	if len(d.Members) > 0 {
		errs[0] = d.Members[0].Node.Close()
	}
	return errors.Join(errs...)
}
