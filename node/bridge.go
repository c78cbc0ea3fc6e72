package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/bridge/outputs"
	"github.com/l2node/l2node/bridge/withdrawals"
	"github.com/l2node/l2node/exec/ethrpc"
	"github.com/l2node/l2node/internal/keyfile"
	"github.com/l2node/l2node/internal/units"
	"github.com/l2node/l2node/p2p"
)

// BridgeConfig is the [bridge] section: the L1 contracts and what each role
// does with them.
type BridgeConfig struct {
	Enabled              bool           `toml:"enabled"`
	L1RPC                string         `toml:"l1_rpc"`
	Bridge               string         `toml:"bridge"`
	StateCommitmentChain string         `toml:"state_commitment_chain"`
	SequencerRegistry    string         `toml:"sequencer_registry"`
	DisputeGame          string         `toml:"dispute_game"`
	Challenge            bool           `toml:"challenge"`
	DeployBlock          uint64         `toml:"deploy_block"`
	Confirmations        uint64         `toml:"confirmations"`
	LeaderMargin         uint64         `toml:"leader_margin"`
	OutputInterval       uint64         `toml:"output_interval"`
	ValidatorKeyFile     string         `toml:"validator_key_file"`
	RelayerKeyFile       string         `toml:"relayer_key_file"`
	Poll                 units.Duration `toml:"poll"`
	BumpAfter            units.Duration `toml:"bump_after"`
}

// DefaultBridgeConfig is the [bridge] section of a fresh datadir: off until
// the L1 contracts are named.
func DefaultBridgeConfig() BridgeConfig {
	return BridgeConfig{
		Confirmations: 12, LeaderMargin: 2, OutputInterval: 64, Challenge: true,
		ValidatorKeyFile: "validator.key", RelayerKeyFile: "relayer.key",
		Poll: units.Duration(2 * time.Second), BumpAfter: units.Duration(30 * time.Second),
	}
}

// Validate checks the section when it is enabled.
func (c BridgeConfig) Validate() error {
	if !c.Enabled {
		return nil
	}
	if c.L1RPC == "" {
		return errors.New("bridge.l1_rpc: required when the bridge is enabled")
	}
	for k, v := range map[string]string{"bridge.bridge": c.Bridge, "bridge.state_commitment_chain": c.StateCommitmentChain} {
		if !common.IsHexAddress(v) || common.HexToAddress(v) == (common.Address{}) {
			return fmt.Errorf("%s: %q is not a contract address", k, v)
		}
	}
	for k, v := range map[string]string{"bridge.sequencer_registry": c.SequencerRegistry, "bridge.dispute_game": c.DisputeGame} {
		if v != "" && (!common.IsHexAddress(v) || common.HexToAddress(v) == (common.Address{})) {
			return fmt.Errorf("%s: %q is not a contract address", k, v)
		}
	}
	if c.OutputInterval == 0 {
		return errors.New("bridge.output_interval: must be at least 1")
	}
	if c.Poll.Std() < 10*time.Millisecond || c.BumpAfter.Std() < time.Second {
		return errors.New("bridge.poll must be at least 10ms and bridge.bump_after at least 1s")
	}
	return nil
}

// bridgeParts are the bridge services of a node, by role: the deposit feed
// on sequencers, the output-root service on every executing node (signing on
// validators, submitting on relayers).
type bridgeParts struct {
	l1      bridge.L1
	feed    *bridge.DepositFeed
	reg     *bridge.RegistryFeed // sequencers, with bridge.sequencer_registry
	slasher *bridge.Slasher      // relayers following consensus, with bridge.sequencer_registry
	player  *bridge.Player       // validators, with bridge.dispute_game
	outputs *outputs.Service
	vkey    *ecdsa.PrivateKey
	rkey    *ecdsa.PrivateKey
	relay   *withdrawals.Relayer // relayers only, from Start
	l2rpc   *rpc.Client
	ownRPC  *ethrpc.Server // the relayer's in-process L2 server when [rpc] is off
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// assembleBridge opens the bridge parts of an executing node with the
// bridge enabled. The L1 is dialled lazily: nothing is read before Start.
func (n *Node) assembleBridge() (err error) {
	c := n.cfg.Bridge
	if !c.Enabled || n.exec == nil {
		return nil
	}
	b := &bridgeParts{}
	n.bridge = b
	if b.l1, err = bridge.Dial(context.Background(), c.L1RPC, bridge.WithPollInterval(c.Poll.Std()/4)); err != nil {
		return err
	}
	if slices.Contains(n.roles, p2p.RoleSequencer) {
		if b.feed, err = bridge.OpenDepositFeed(bridge.DepositFeedConfig{
			L1: b.l1, Bridge: common.HexToAddress(c.Bridge), FromBlock: c.DeployBlock, Confirmations: c.Confirmations,
			Dir: filepath.Join(n.dir, "bridge", "deposits"), Log: n.log.With("component", "deposits"),
		}); err != nil {
			return err
		}
		if n.seqApp != nil {
			n.seqApp.deposits = b.feed
			n.seqApp.depositMargin = c.LeaderMargin
		}
		if c.SequencerRegistry != "" && n.seqApp != nil {
			if b.reg, err = bridge.OpenRegistryFeed(bridge.RegistryFeedConfig{
				L1: b.l1, Registry: common.HexToAddress(c.SequencerRegistry), FromBlock: c.DeployBlock, Confirmations: c.Confirmations,
				Dir: filepath.Join(n.dir, "bridge", "registry"), Log: n.log.With("component", "registry"),
			}); err != nil {
				return err
			}
			n.seqApp.registry = b.reg
			n.seqApp.registryMargin = c.LeaderMargin
		}
	}
	if slices.Contains(n.roles, p2p.RoleValidator) {
		if b.vkey, err = keyfile.LoadOrCreateSecp256k1(resolve(n.dir, c.ValidatorKeyFile), "bridge: validator key"); err != nil {
			return err
		}
	}
	if slices.Contains(n.roles, p2p.RoleRelayer) {
		if b.rkey, err = keyfile.LoadOrCreateSecp256k1(resolve(n.dir, c.RelayerKeyFile), "bridge: relayer key"); err != nil {
			return err
		}
	}
	b.outputs, err = outputs.New(outputs.Config{
		L1: b.l1, StateCommitmentChain: common.HexToAddress(c.StateCommitmentChain), L2ChainID: n.cfg.Node.ChainID,
		Interval: c.OutputInterval, L2: bridge.ExecutorL2{E: n.exec}, Key: b.vkey, Router: n.gossip, Poll: c.Poll.Std(),
		Log: n.log.With("component", "outputs"), Registerer: n.reg,
	})
	return err
}

// startBridge starts the bridge loops. A relayer's sender reads its nonce
// from L1 here, so an unreachable L1 fails the start plainly.
func (n *Node) startBridge(ctx context.Context) error {
	b := n.bridge
	if b == nil {
		return nil
	}
	if b.rkey != nil {
		snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: b.l1, Key: b.rkey, BumpAfter: n.cfg.Bridge.BumpAfter.Std(), Log: n.log.With("component", "l1-sender")})
		if err != nil {
			return fmt.Errorf("bridge: relayer: %w", err)
		}
		b.outputs.SetSender(snd)
		n.log.Info("relayer sends L1 transactions from", "address", snd.Address())
		if reg := n.cfg.Bridge.SequencerRegistry; reg != "" && n.driver != nil {
			if b.slasher, err = bridge.NewSlasher(bridge.SlasherConfig{
				L1: b.l1, Sender: snd, Registry: common.HexToAddress(reg), L2ChainID: n.cfg.Node.ChainID,
				Evidence: n.driver.StoredEvidence, Poll: n.cfg.Bridge.Poll.Std(),
				Log: n.log.With("component", "slasher"), Registerer: n.reg,
			}); err != nil {
				return err
			}
		}
		// The withdrawal relayer speaks JSON-RPC to the L2, here to this
		// node's own server inside the process.
		srv := n.rpc
		if srv == nil {
			if b.ownRPC, err = ethrpc.New(ethrpc.Backend{Exec: n.exec, Progress: progress{n}, Logger: n.log}); err != nil {
				return err
			}
			srv = b.ownRPC
		}
		b.l2rpc = srv.InProc()
		if b.relay, err = withdrawals.New(withdrawals.Config{
			L1: b.l1, Sender: snd, Bridge: common.HexToAddress(n.cfg.Bridge.Bridge),
			StateCommitmentChain: common.HexToAddress(n.cfg.Bridge.StateCommitmentChain),
			L2:                   b.l2rpc, Dir: filepath.Join(n.dir, "bridge", "withdrawals"), Poll: n.cfg.Bridge.Poll.Std(),
			Log: n.log.With("component", "withdrawals"), Registerer: n.reg,
		}); err != nil {
			return err
		}
	}
	if b.vkey != nil && n.cfg.Bridge.DisputeGame == "" {
		n.log.Warn("validator without bridge.dispute_game: it signs output roots but will neither defend them nor dispute wrong ones; " +
			"a root it signed that falls undefended takes its stake")
	}
	if b.vkey != nil && n.cfg.Bridge.DisputeGame != "" {
		// The validator key plays the fraud-proof game: only a validator may
		// defend, and its address pays bonds and gas (fund it on L1).
		snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: b.l1, Key: b.vkey, BumpAfter: n.cfg.Bridge.BumpAfter.Std(), Log: n.log.With("component", "l1-sender")})
		if err != nil {
			return fmt.Errorf("bridge: validator: %w", err)
		}
		if b.player, err = bridge.NewPlayer(bridge.PlayerConfig{
			L1: b.l1, Sender: snd, Game: common.HexToAddress(n.cfg.Bridge.DisputeGame),
			StateCommitmentChain: common.HexToAddress(n.cfg.Bridge.StateCommitmentChain), L2: bridge.ExecutorL2{E: n.exec},
			Challenge: n.cfg.Bridge.Challenge, Poll: n.cfg.Bridge.Poll.Std(), StepProof: bridge.ExecutorL2{E: n.exec}.StepProof,
			Log: n.log.With("component", "disputes"), Registerer: n.reg,
		}); err != nil {
			return err
		}
	}
	ctx, b.cancel = context.WithCancel(context.Background())
	poll := n.cfg.Bridge.Poll.Std()
	if b.feed != nil {
		b.wg.Go(func() { b.feed.Run(ctx, poll) })
	}
	if b.reg != nil {
		b.wg.Go(func() { b.reg.Run(ctx, poll) })
	}
	if b.slasher != nil {
		b.wg.Go(func() { b.slasher.Run(ctx) })
	}
	if b.player != nil {
		b.wg.Go(func() { b.player.Run(ctx) })
	}
	b.wg.Go(func() {
		if err := b.outputs.Run(ctx); err != nil {
			n.log.Error("output roots stopped", "err", err)
		}
	})
	if b.relay != nil {
		b.wg.Go(func() {
			if err := b.relay.Run(ctx); err != nil {
				n.log.Error("withdrawal relayer stopped", "err", err)
			}
		})
	}
	return nil
}

// closeBridge stops the loops and closes the stores and the L1 connection.
func (n *Node) closeBridge() error {
	b := n.bridge
	if b == nil {
		return nil
	}
	if b.cancel != nil {
		b.cancel()
	}
	b.wg.Wait()
	var errs []error
	if b.feed != nil {
		errs = append(errs, b.feed.Close())
	}
	if b.reg != nil {
		errs = append(errs, b.reg.Close())
	}
	if b.relay != nil {
		errs = append(errs, b.relay.Close())
	}
	if b.l2rpc != nil {
		b.l2rpc.Close()
	}
	if b.ownRPC != nil {
		errs = append(errs, b.ownRPC.Close())
	}
	if b.l1 != nil {
		errs = append(errs, b.l1.Close())
	}
	return errors.Join(errs...)
}

// Outputs is the output-root service, nil unless the bridge is enabled on an
// executing node.
func (n *Node) Outputs() *outputs.Service {
	if n.bridge == nil {
		return nil
	}
	return n.bridge.outputs
}

// ValidatorAddress is the address output roots are signed with, zero on
// nodes that do not sign.
func (n *Node) ValidatorAddress() common.Address {
	if n.bridge == nil || n.bridge.vkey == nil {
		return common.Address{}
	}
	return ethcrypto.PubkeyToAddress(n.bridge.vkey.PublicKey)
}

// BridgeStatus is l2_bridgeStatus: what this node knows of the bridge.
type BridgeStatus struct {
	Outputs     outputs.Status       `json:"outputs"`
	Deposits    *DepositStatus       `json:"deposits,omitempty"`    // sequencers only
	Registry    *RegistryStatus      `json:"registry,omitempty"`    // sequencers reading the SequencerRegistry
	Withdrawals []WithdrawalStatus   `json:"withdrawals,omitempty"` // relayers only
	Disputes    *bridge.PlayerStatus `json:"disputes,omitempty"`    // validators with bridge.dispute_game
}

// WithdrawalStatus is where one withdrawal stands, as a relayer sees it.
type WithdrawalStatus struct {
	Hash      common.Hash    `json:"hash"`
	Sender    common.Address `json:"sender"`
	Target    common.Address `json:"target"`
	Value     *hexutil.Big   `json:"value"`
	L2Block   hexutil.Uint64 `json:"l2Block"`
	State     string         `json:"state"` // initiated, proven, finalized
	RootIndex hexutil.Uint64 `json:"rootIndex"`
	UnlockAt  *time.Time     `json:"unlockAt,omitempty"`
}

// RegistryStatus is a sequencer's view of the L1 SequencerRegistry.
type RegistryStatus struct {
	ScannedL1Block hexutil.Uint64   `json:"scannedL1Block"` // the last L1 block read for registry events
	Active         []RegistryMember `json:"active"`         // the active set at that block
}

// RegistryMember is one active sequencer and its stake in gwei (its
// consensus weight).
type RegistryMember struct {
	Address common.Address `json:"address"`
	Stake   hexutil.Uint64 `json:"stake"`
}

// DepositStatus is a sequencer's view of L1 deposits.
type DepositStatus struct {
	NextL1Nonce    hexutil.Uint64 `json:"nextL1Nonce"`    // the nonce of the next deposit confirmed on L1
	ScannedL1Block hexutil.Uint64 `json:"scannedL1Block"` // the last L1 block read for deposits
	NextL2Nonce    hexutil.Uint64 `json:"nextL2Nonce"`    // the nonce the L2 applies next
}

// bridgeAPI serves l2_bridgeStatus.
type bridgeAPI struct{ n *Node }

// BridgeStatus reports the output roots (on L1, pending signatures, alerts)
// and, on sequencers, the deposits read from L1.
func (api bridgeAPI) BridgeStatus() (*BridgeStatus, error) { return api.n.BridgeStatus() }

// BridgeStatus is what l2_bridgeStatus answers; nil without the bridge.
func (n *Node) BridgeStatus() (*BridgeStatus, error) {
	b := n.bridge
	if b == nil {
		return nil, nil
	}
	st := &BridgeStatus{Outputs: b.outputs.Status()}
	if b.feed != nil {
		next, scanned := b.feed.Head()
		l2, err := n.exec.NextDepositNonce()
		if err != nil {
			return nil, err
		}
		st.Deposits = &DepositStatus{NextL1Nonce: hexutil.Uint64(next), ScannedL1Block: hexutil.Uint64(scanned), NextL2Nonce: hexutil.Uint64(l2)}
	}
	if b.reg != nil {
		scanned := b.reg.Scanned()
		st.Registry = &RegistryStatus{ScannedL1Block: hexutil.Uint64(scanned), Active: []RegistryMember{}}
		if set, err := b.reg.SetAt(scanned); err == nil {
			for _, v := range set {
				st.Registry.Active = append(st.Registry.Active, RegistryMember{Address: v.Address, Stake: hexutil.Uint64(v.Stake)})
			}
		}
	}
	if b.player != nil {
		ps := b.player.Status()
		st.Disputes = &ps
	}
	if b.relay != nil {
		st.Withdrawals = []WithdrawalStatus{}
		for _, w := range b.relay.Status() {
			ws := WithdrawalStatus{
				Hash: w.Hash, Sender: w.Withdrawal.Sender, Target: w.Withdrawal.Target, Value: (*hexutil.Big)(w.Withdrawal.Value),
				L2Block: hexutil.Uint64(w.L2Block), State: w.State.String(), RootIndex: hexutil.Uint64(w.RootIndex),
			}
			if !w.UnlockAt.IsZero() {
				ws.UnlockAt = &w.UnlockAt
			}
			st.Withdrawals = append(st.Withdrawals, ws)
		}
	}
	return st, nil
}
