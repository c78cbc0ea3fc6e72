// Package devnet starts a complete local network in one process: the
// embedded L1 with the contracts deployed and its JSON-RPC on loopback, a
// bootstrap node, and nodes of every role, each with its own datadir and
// loopback ports. The sequencers run consensus over a set they agree on at
// start and include L1 deposits, validators sign output roots, the relayer
// submits them and carries withdrawals, and the first sequencer serves
// JSON-RPC.
//
// The embedded L1 lives in memory, so every start is a new chain: the nodes'
// chain data is reset (their keys and configs are kept).
//
// It must only listen on loopback unless told otherwise (Spec.Host, for a
// container), and never on a port it was not given.
package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/internal/keyfile"
	"github.com/l2node/l2node/internal/units"
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
	// Host is the address every port binds: loopback (the default) unless
	// the devnet runs in a container whose ports are published, where it is
	// 0.0.0.0. Nodes still reach each other and the L1 over loopback.
	Host    string
	RPCPort int // JSON-RPC of the executing node when BasePort is set (8545 by default)
	// L1Port is the embedded L1's JSON-RPC port when BasePort is set (8546
	// by default); with BasePort 0 a free port is picked.
	L1Port int
	// Slot is the sequencers' slot (default 1s); L1Block the embedded L1's
	// block period (default 1s).
	Slot    time.Duration
	L1Block time.Duration
	// OutputInterval is the batches per output root (default 8).
	OutputInterval uint64
	// EpochLength is the sequencers' set epoch in heights (default that of
	// node.DefaultConfig). The sequencer set follows the L1 registry, where
	// every sequencer stakes at start: a change made there decides the epoch
	// after the next one.
	EpochLength uint64
	Log         *slog.Logger
}

// DefaultSpec is the devnet of the design: 4 sequencers, 2 validators, 2 DA
// nodes, 3 light nodes and a relayer.
func DefaultSpec() Spec {
	return Spec{Network: "devnet", Sequencers: 4, Validators: 2, DA: 2, Light: 3, Relayers: 1, BasePort: 7700, RPCPort: 8545, L1Port: 8546,
		Slot: time.Second, L1Block: time.Second, OutputInterval: 8}
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
	L1      *bridge.Simulated
	// Contracts are the L1 contracts, deployed at DeployBlock.
	Contracts   *bridge.Addresses
	DeployBlock uint64
}

// L1Deployer is the devnet's deployer and owner of the L1 contracts
// (deterministic and public: devnet only).
func L1Deployer() *exec.DevKey {
	k, err := ethcrypto.ToECDSA(ethcrypto.Keccak256([]byte("l2node devnet L1 deployer")))
	if err != nil {
		panic(err)
	}
	return &exec.DevKey{Key: k, Address: ethcrypto.PubkeyToAddress(k.PublicKey)}
}

// L1ChainID is the embedded L1's chain ID.
const L1ChainID = bridge.DefaultSimulatedChainID

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
	host := s.Host
	if host == "" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || ip.To4() == nil {
		return nil, fmt.Errorf("devnet: host %q is not an IPv4 address", host)
	}
	if s.Slot == 0 {
		s.Slot = time.Second
	}
	if s.L1Block == 0 {
		s.L1Block = time.Second
	}
	if s.OutputInterval == 0 {
		s.OutputInterval = 8
	}
	cfgs := make([]node.Config, len(plans))
	var producers, sequencers []string
	var seqKeys []*ecdsa.PrivateKey
	var validators []bridge.Validator
	l1Alloc := types.GenesisAlloc{}
	coins := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	for _, k := range exec.DevKeys(node.DevAccounts) {
		l1Alloc[k.Address] = types.Account{Balance: coins}
	}
	l1Alloc[L1Deployer().Address] = types.Account{Balance: coins}
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
		cfg.P2P.ListenAddrs = []string{fmt.Sprintf("/ip4/%s/tcp/%d", host, port), fmt.Sprintf("/ip4/%s/udp/%d/quic-v1", host, port)}
		cfg.P2P.NAT = false // loopback needs no NAT traversal
		cfg.P2P.RelayService = pl.role == p2p.RoleBootstrap
		cfg.P2P.DiscoveryInterval.UnmarshalText([]byte("10s"))
		cfg.Metrics.ListenAddr = net.JoinHostPort(host, strconv.Itoa(mport))
		// Sequencers run consensus; validators and the relayer follow it and
		// execute every final batch. The first sequencer serves JSON-RPC.
		cfg.Exec.DevSealer = false
		cfg.RPC.Enabled = pl.name == "sequencer1"
		cfg.RPC.ListenAddr = net.JoinHostPort(host, "0")
		if s.BasePort != 0 {
			cfg.RPC.ListenAddr = net.JoinHostPort(host, strconv.Itoa(s.RPCPort))
		}
		slot := s.Slot.String()
		cfg.Sequencing.Slot, cfg.Sequencing.ViewTimeout = slot, (3 * s.Slot).String()
		if s.EpochLength > 0 {
			cfg.Sequencing.EpochLength = s.EpochLength
		}
		id, err := node.Init(dir, cfg, true) // keeps an existing key
		if err != nil {
			return nil, fmt.Errorf("devnet: init %s: %w", pl.name, err)
		}
		// The L1 is new on every start, and the L2 with it.
		if err := node.ResetChainData(dir); err != nil {
			return nil, fmt.Errorf("devnet: %s: %w", pl.name, err)
		}
		switch pl.role {
		case p2p.RoleValidator:
			key, err := keyfile.LoadOrCreateSecp256k1(filepath.Join(dir, cfg.Bridge.ValidatorKeyFile), "devnet: validator key")
			if err != nil {
				return nil, err
			}
			validators = append(validators, bridge.Validator{Address: ethcrypto.PubkeyToAddress(key.PublicKey), Stake: big.NewInt(1)})
			// Validators play the dispute game with this key: bonds and gas.
			l1Alloc[ethcrypto.PubkeyToAddress(key.PublicKey)] = types.Account{Balance: coins}
		case p2p.RoleRelayer:
			key, err := keyfile.LoadOrCreateSecp256k1(filepath.Join(dir, cfg.Bridge.RelayerKeyFile), "devnet: relayer key")
			if err != nil {
				return nil, err
			}
			l1Alloc[ethcrypto.PubkeyToAddress(key.PublicKey)] = types.Account{Balance: coins}
		}
		if pl.role == p2p.RoleSequencer {
			producers = append(producers, id.String())
			key, err := node.LoadOrCreateSequencerKey(filepath.Join(dir, cfg.Sequencing.KeyFile))
			if err != nil {
				return nil, fmt.Errorf("devnet: %s: %w", pl.name, err)
			}
			// The genesis set is what the registry will hold once every
			// sequencer staked (stakes in gwei), so epoch 2 hands over to
			// no one new.
			sequencers = append(sequencers, fmt.Sprintf("%s=%d", ethcrypto.PubkeyToAddress(key.PublicKey), sequencerStakeGwei))
			seqKeys = append(seqKeys, key)
			l1Alloc[ethcrypto.PubkeyToAddress(key.PublicKey)] = types.Account{Balance: coins}
		}
		cfgs[i] = cfg
	}
	if err := d.startL1(ctx, s, l1Alloc, validators); err != nil {
		return nil, err
	}
	if err := d.stakeSequencers(ctx, seqKeys); err != nil {
		return nil, err
	}
	var bootAddr string
	for i, pl := range plans {
		m := &Member{Name: pl.name, Role: pl.role, Dir: filepath.Join(s.Dir, pl.name)}
		cfg := cfgs[i]
		cfg.DAS.Producers = producers
		cfg.Sequencing.Sequencers = sequencers
		cfg.Bridge = node.BridgeConfig{
			Enabled: true, L1RPC: d.L1.HTTPURL(),
			Bridge: d.Contracts.Bridge.Hex(), StateCommitmentChain: d.Contracts.StateCommitmentChain.Hex(),
			SequencerRegistry: d.Contracts.SequencerRegistry.Hex(), DisputeGame: d.Contracts.DisputeGame.Hex(), Challenge: true,
			DeployBlock: d.DeployBlock, Confirmations: 1, LeaderMargin: 1, OutputInterval: s.OutputInterval,
			ValidatorKeyFile: cfg.Bridge.ValidatorKeyFile, RelayerKeyFile: cfg.Bridge.RelayerKeyFile,
			Poll: units.Duration(s.L1Block / 2), BumpAfter: units.Duration(10 * s.L1Block),
		}
		if i > 0 {
			cfg.P2P.BootstrapPeers = []string{bootAddr}
		}
		if _, err := node.Init(m.Dir, cfg, true); err != nil {
			return nil, fmt.Errorf("devnet: init %s: %w", pl.name, err)
		}
		// Each node's goroutines carry its role and name as profiler
		// labels (goroutines inherit them), so a CPU profile of the devnet
		// splits by role.
		pprof.Do(ctx, labels(m), func(context.Context) {
			m.Node, err = node.New(m.Dir, cfg, node.WithLogger(s.Log.With("node", pl.name)), node.SharedProcess())
		})
		if err != nil {
			return nil, fmt.Errorf("devnet: %s: %w", pl.name, err)
		}
		d.Members = append(d.Members, m)
		if i == 0 {
			pprof.Do(ctx, labels(m), func(ctx context.Context) { err = m.Node.Start(ctx) })
			if err != nil {
				return nil, fmt.Errorf("devnet: start %s: %w", pl.name, err)
			}
			bootAddr = m.Node.Host().Addrs()[0].String()
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(d.Members))
	for i, m := range d.Members[1:] {
		wg.Go(func() {
			pprof.Do(ctx, labels(m), func(ctx context.Context) {
				if err := m.Node.Start(ctx); err != nil {
					errs[i] = fmt.Errorf("devnet: start %s: %w", m.Name, err)
				}
			})
		})
	}
	wg.Wait()
	return d, errors.Join(errs...)
}

// labels are a member's profiler labels: "role" and "node".
func labels(m *Member) pprof.LabelSet {
	return pprof.Labels("role", string(m.Role), "node", m.Name)
}

// startL1 starts the embedded L1 on loopback and deploys the contracts with
// the devnet's validators.
func (d *Devnet) startL1(ctx context.Context, s Spec, alloc types.GenesisAlloc, validators []bridge.Validator) error {
	port := s.L1Port
	if s.BasePort == 0 || port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("devnet: L1 port: %w", err)
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	http := bridge.WithHTTP(fmt.Sprintf("127.0.0.1:%d", port))
	if s.Host != "" && s.Host != "127.0.0.1" {
		http = bridge.WithHTTPExposed(net.JoinHostPort(s.Host, strconv.Itoa(port)))
	}
	l1, err := bridge.NewSimulated(bridge.WithAlloc(alloc), bridge.WithBlockPeriod(s.L1Block), http)
	if err != nil {
		return fmt.Errorf("devnet: %w", err)
	}
	d.L1 = l1
	if len(validators) == 0 {
		// Roots need signers; a devnet without validator nodes gets one
		// nobody runs, and its roots stay uncommitted.
		k, _ := ethcrypto.GenerateKey()
		validators = []bridge.Validator{{Address: ethcrypto.PubkeyToAddress(k.PublicKey), Stake: big.NewInt(1)}}
	}
	if d.DeployBlock, err = l1.BlockNumber(ctx); err != nil {
		return fmt.Errorf("devnet: L1: %w", err)
	}
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	params := bridge.DevDeployParams(node.DefaultChainID, validators)
	// The fraud-proof game with its one-step prover (docs/fraud-proofs.md).
	g, err := exec.DevGenesis(node.DefaultChainID, node.DevAccounts).Core()
	if err != nil {
		return fmt.Errorf("devnet: L2 genesis: %w", err)
	}
	gb := g.ToBlock()
	params.DisputeGame = &bridge.DisputeGameParams{
		DeployProver: true, Genesis: bridge.Output{StateRoot: gb.Root(), BlockHash: gb.Hash()},
		Bond: big.NewInt(1e18), Clock: 60 * time.Second, BurnBps: 2000,
	}
	if d.Contracts, err = bridge.Deploy(dctx, l1, L1Deployer().Key, params); err != nil {
		return fmt.Errorf("devnet: deploy the L1 contracts: %w", err)
	}
	return nil
}

// sequencerStakeGwei is what each devnet sequencer stakes in the registry
// (1 ether, the devnet's minimum), in gwei: its consensus weight.
const sequencerStakeGwei = 1_000_000_000

// stakeSequencers registers every sequencer in the L1 SequencerRegistry
// with its consensus key, as a production sequencer does before it joins.
func (d *Devnet) stakeSequencers(ctx context.Context, keys []*ecdsa.PrivateKey) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	stake := new(big.Int).Mul(big.NewInt(sequencerStakeGwei), bridge.StakeUnit)
	reg := bindings.NewSequencerRegistry()
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: d.L1, Key: k, BumpAfter: time.Minute})
			if err == nil {
				_, err = snd.Send(ctx, d.Contracts.SequencerRegistry, reg.PackStake(), stake, 0)
			}
			if err != nil {
				errs[i] = fmt.Errorf("devnet: stake sequencer %s: %w", ethcrypto.PubkeyToAddress(k.PublicKey), err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
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
	if d.L1 != nil {
		errs = append(errs, d.L1.Close())
	}
	return errors.Join(errs...)
}
