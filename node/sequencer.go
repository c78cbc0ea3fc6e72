package node

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
	"github.com/l2node/l2node/internal/keyfile"
	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/sequencing"
	"github.com/l2node/l2node/sequencing/consensus"
)

// SequencingConfig is the [sequencing] section.
type SequencingConfig struct {
	Sequencers  []string `toml:"sequencers"`
	SetChanges  []string `toml:"set_changes"`
	KeyFile     string   `toml:"key_file"`
	Slot        string   `toml:"slot"`
	ViewTimeout string   `toml:"view_timeout"`
	EpochLength uint64   `toml:"epoch_length"`
	MaxBatchTxs int      `toml:"max_batch_txs"`
}

// ParseSequencers parses "0xaddress=stake" entries into a validator set.
func ParseSequencers(entries []string) (*consensus.ValidatorSet, error) {
	var vals []consensus.Validator
	for _, e := range entries {
		addr, stake, ok := strings.Cut(e, "=")
		if !ok || !common.IsHexAddress(addr) {
			return nil, fmt.Errorf("sequencing.sequencers: %q is not 0xaddress=stake", e)
		}
		s, err := strconv.ParseUint(stake, 10, 64)
		if err != nil || s == 0 {
			return nil, fmt.Errorf("sequencing.sequencers: %q: stake must be a positive integer", e)
		}
		vals = append(vals, consensus.Validator{Address: common.HexToAddress(addr), Stake: s})
	}
	return consensus.NewValidatorSet(vals)
}

// ParseSetChanges parses "epoch:0xaddress=stake;0xaddress=stake;…" entries:
// from that set epoch on, that set decides. The genesis set is epoch 0.
func ParseSetChanges(genesis *consensus.ValidatorSet, entries []string) (sequencing.SetChanges, error) {
	out := sequencing.SetChanges{0: genesis}
	for _, e := range entries {
		ep, members, ok := strings.Cut(e, ":")
		k, err := strconv.ParseUint(ep, 10, 64)
		if !ok || err != nil || k == 0 {
			return nil, fmt.Errorf("sequencing.set_changes: %q is not epoch:0xaddress=stake;… with an epoch above 0", e)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("sequencing.set_changes: epoch %d listed twice", k)
		}
		set, err := ParseSequencers(strings.Split(members, ";"))
		if err != nil {
			return nil, fmt.Errorf("sequencing.set_changes: epoch %d: %w", k, err)
		}
		out[k] = set
	}
	return out, nil
}

// seqApp is the node's side of consensus: it builds and judges payloads and
// executes final batches.
type seqApp struct {
	n        *Node
	self     common.Address
	pool     *sequencing.Mempool
	maxTxs   int
	dataRoot func([]byte) (common.Hash, error)

	// deposits are the L1 deposits confirmed on this node's view of L1; nil
	// without the bridge, and then proposals carrying deposits are refused.
	deposits      *bridge.DepositFeed
	depositMargin uint64

	// sets are the sets the chain names; registry is this node's view of
	// the L1 SequencerRegistry (sequencers with bridge.sequencer_registry
	// only), from which a leader names the next sets and a voter checks
	// them.
	sets           *sequencing.ChainSets
	registry       *bridge.RegistryFeed
	registryMargin uint64
}

// maxSetLag is how many L1 blocks a set update's registry read may lie
// behind a voter's own confirmed view: a leader cannot keep a member the
// registry dropped (say, slashed) by reading L1 long ago.
const maxSetLag = 256

// setUpdate is what a leader puts in the batch at height h: at the end of a
// set epoch, the registry's active set at its confirmed view of L1 less the
// margin (never before the previous update's block). nil elsewhere, without
// a registry, or if the registry has no active member (the set then stays).
func (a *seqApp) setUpdate(h uint64) (*sequencing.SetUpdate, error) {
	if a.registry == nil || a.sets == nil || !a.sets.NamesSet(h) {
		return nil, nil
	}
	prev, err := a.sets.Anchor(h / a.sets.EpochLength)
	if err != nil {
		return nil, err
	}
	scanned := a.registry.Scanned()
	block := max(scanned-min(scanned, a.registryMargin), prev)
	members, err := a.registry.SetAt(block)
	if err != nil {
		return nil, fmt.Errorf("set update at height %d: %w", h, err)
	}
	if len(members) == 0 {
		a.n.log.Warn("the sequencer registry has no active member: the set stays", "height", h, "l1_block", block)
		return nil, nil
	}
	return &sequencing.SetUpdate{L1Block: block, Members: members}, nil
}

// checkSetUpdate judges a proposal's set update against this node's view of
// the registry: only the last batch of a set epoch carries one (and then
// must, unless the registry has no active member), read at an L1 block this
// node has confirmed, not before the previous update's nor more than
// maxSetLag blocks behind its view, and equal to the registry's set there.
func (a *seqApp) checkSetUpdate(h uint64, u *sequencing.SetUpdate) error {
	names := a.sets != nil && a.sets.NamesSet(h)
	if u == nil {
		if !names || a.registry == nil {
			return nil
		}
		if now, err := a.registry.SetAt(a.registry.Scanned()); err == nil && len(now) > 0 {
			return fmt.Errorf("height %d ends a set epoch and must name the registry's set", h)
		}
		return nil
	}
	if a.registry == nil {
		return errors.New("a set update, but this node reads no sequencer registry (bridge.sequencer_registry)")
	}
	if !names {
		return fmt.Errorf("a set update at height %d, which ends no set epoch", h)
	}
	prev, err := a.sets.Anchor(h / a.sets.EpochLength)
	if err != nil {
		return err
	}
	scanned := a.registry.Scanned()
	switch {
	case u.L1Block < prev:
		return fmt.Errorf("set update read L1 at block %d, before the previous update's %d", u.L1Block, prev)
	case u.L1Block > scanned:
		return fmt.Errorf("set update read L1 at block %d, not confirmed here yet (%d)", u.L1Block, scanned)
	case scanned-u.L1Block > maxSetLag:
		return fmt.Errorf("set update read L1 at block %d, %d blocks behind this node's view", u.L1Block, scanned-u.L1Block)
	}
	want, err := a.registry.SetAt(u.L1Block)
	if err != nil {
		return err
	}
	if !slices.Equal(want, u.Members) {
		return fmt.Errorf("set update of %d members differs from the registry's %d at L1 block %d", len(u.Members), len(want), u.L1Block)
	}
	return nil
}

// pending reads the notarized blocks between the last final one and
// parent, which execution has not seen yet: each sender with transactions
// there maps to the nonce after them (the mempool, which only learns of
// final batches, must not offer them again), and depositAfter is the
// deposit nonce after the deposits they carry (0 if none).
func (a *seqApp) pending(parent consensus.Hash) (after map[common.Address]uint64, depositAfter uint64) {
	if a.n.driver == nil {
		return nil, 0
	}
	e := a.n.exec
	chainID, signer := e.ChainConfig().ChainID, e.Signer()
	after = map[common.Address]uint64{}
	for _, payload := range a.n.driver.PendingPayloads(parent) {
		p, err := sequencing.UnmarshalPayload(payload)
		if err != nil {
			continue
		}
		var ds []*exec.Deposit
		if len(p.Deposits) > 0 && rlp.DecodeBytes(p.Deposits, &ds) == nil && len(ds) > 0 {
			depositAfter = max(depositAfter, ds[len(ds)-1].Nonce+1)
		}
		for _, raw := range p.Txs {
			m, err := a.n.txCache.Decode(raw, chainID, signer)
			if err != nil {
				continue
			}
			if n := m.Tx.Nonce() + 1; n > after[m.Sender] {
				after[m.Sender] = n
			}
		}
	}
	return after, depositAfter
}

// pendingDeposits picks the deposits a leader includes: confirmed ones from
// the next nonce the L2 expects, after those its pending ancestors carry.
func (a *seqApp) pendingDeposits(after uint64) ([]byte, error) {
	if a.deposits == nil {
		return nil, nil
	}
	next, err := a.n.exec.NextDepositNonce()
	if err != nil {
		return nil, err
	}
	ds := a.deposits.Pending(max(next, after), exec.MaxDepositsPerBatch, a.depositMargin)
	if len(ds) == 0 {
		return nil, nil
	}
	return rlp.EncodeToBytes(ds)
}

// checkDeposits checks a proposal's deposits against this node's view of
// L1: consecutive nonces, each deposit confirmed here and equal in every
// field. A deposit not confirmed here yet fails the proposal: the view times
// out rather than risk a deposit L1 may still reorg away.
func (a *seqApp) checkDeposits(enc []byte) error {
	if len(enc) == 0 {
		return nil
	}
	if a.deposits == nil {
		return errors.New("deposits, but this node has no L1 to check them against (bridge disabled)")
	}
	var ds []*exec.Deposit
	if err := rlp.DecodeBytes(enc, &ds); err != nil {
		return fmt.Errorf("deposits: %w", err)
	}
	if len(ds) == 0 || len(ds) > exec.MaxDepositsPerBatch {
		return fmt.Errorf("%d deposits, want 1 to %d", len(ds), exec.MaxDepositsPerBatch)
	}
	for i, d := range ds {
		if i > 0 && d.Nonce != ds[i-1].Nonce+1 {
			return fmt.Errorf("deposit %d: nonce %d after %d", i, d.Nonce, ds[i-1].Nonce)
		}
		want, _, ok := a.deposits.Deposit(d.Nonce)
		if !ok {
			return fmt.Errorf("deposit %d: nonce %d not confirmed on L1 here", i, d.Nonce)
		}
		if !bridge.SameDeposit(d, want) {
			return fmt.Errorf("deposit %d: nonce %d differs from the L1 event", i, d.Nonce)
		}
	}
	return nil
}

// rootExtender computes the data roots of batches, which a sequencer does
// for every payload it builds or judges, in memory kept from one to the
// next (erasure.Extender): each may be a 150 MiB square needed only for its
// root. It keeps a copy of the last data it extended, so a leader judging
// the proposal it just built (and a node judging one proposal a second
// time) compares bytes instead of extending them again.
type rootExtender struct {
	mu         sync.Mutex
	x          erasure.Extender
	last       []byte
	lastRoot   common.Hash
	has        bool
	extensions int // squares extended, for tests
}

func (e *rootExtender) dataRoot(data []byte) (common.Hash, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.has && bytes.Equal(data, e.last) {
		return e.lastRoot, nil
	}
	e.has = false
	sq, err := e.x.Extend(data)
	if err != nil {
		return common.Hash{}, err
	}
	e.extensions++
	e.last, e.lastRoot, e.has = append(e.last[:0], data...), common.Hash(sq.Root), true
	return e.lastRoot, nil
}

// BuildPayload fills a batch from the mempool within the gas limit and the
// payload cap: small when idle, full when busy.
func (a *seqApp) BuildPayload(_ context.Context, height uint64, parent consensus.Hash) ([]byte, error) {
	e := a.n.exec
	txAfter, depositAfter := a.pending(parent)
	txs := a.pool.TakeAfter(e.NextBaseFee(), e.GasLimit(), sequencing.MaxPayloadBytes-64<<10, txAfter)
	if len(txs) > a.maxTxs {
		txs = txs[:a.maxTxs]
	}
	p := &sequencing.Payload{Height: height, Time: uint64(time.Now().Unix())}
	deps, err := a.pendingDeposits(depositAfter)
	if err != nil {
		return nil, err
	}
	p.Deposits = deps
	if p.Set, err = a.setUpdate(height); err != nil {
		return nil, err
	}
	for _, tx := range txs {
		raw, err := tx.MarshalBinary()
		if err != nil {
			return nil, err
		}
		p.Txs = append(p.Txs, raw)
	}
	root, err := a.dataRoot(p.Data())
	if err != nil {
		return nil, err
	}
	p.DataRoot = root
	return p.Marshal(), nil
}

// ValidPayload checks a proposed payload: it decodes strictly, every
// transaction is well formed for this chain, their gas limits together fit
// the batch gas limit (as a leader's mempool takes them), the data root is
// the data's, and its time is not before the last final batch's nor in the
// future. Whether each transaction can pay is execution's business: a
// final batch's unpayable transactions are dropped by every node alike.
func (a *seqApp) ValidPayload(height uint64, _ consensus.Hash, payload []byte) error {
	p, err := sequencing.UnmarshalPayload(payload)
	if err != nil {
		return err
	}
	if p.Height != height {
		return fmt.Errorf("payload for height %d in a block of height %d", p.Height, height)
	}
	if len(p.Txs) > a.maxTxs {
		return fmt.Errorf("%d transactions, at most %d", len(p.Txs), a.maxTxs)
	}
	chainID := a.n.exec.ChainConfig().ChainID
	signer := a.n.exec.Signer()
	gasLeft := a.n.exec.GasLimit()
	for i, raw := range p.Txs {
		m, err := a.n.txCache.Decode(raw, chainID, signer)
		if err != nil {
			return fmt.Errorf("transaction %d: %w", i, err)
		}
		if m.Tx.Gas() > gasLeft {
			return fmt.Errorf("transaction %d: the transactions' gas limits pass the batch gas limit %d", i, a.n.exec.GasLimit())
		}
		gasLeft -= m.Tx.Gas()
	}
	if err := a.checkDeposits(p.Deposits); err != nil {
		return err
	}
	if err := a.checkSetUpdate(height, p.Set); err != nil {
		return err
	}
	if _, t := a.n.driver.LastFinal(); p.Time < t {
		return fmt.Errorf("time %d before the last final batch's %d", p.Time, t)
	}
	if now := uint64(time.Now().Unix()); p.Time > now+10 {
		return fmt.Errorf("time %d is %ds in the future", p.Time, p.Time-now)
	}
	root, err := a.dataRoot(p.Data())
	if err != nil {
		return err
	}
	if root != p.DataRoot {
		return fmt.Errorf("data root %s, the data's is %s", p.DataRoot, root)
	}
	return nil
}

// Height is the executed height.
func (a *seqApp) Height() uint64 { return a.n.exec.Head().NumberU64() }

// Final executes a final batch and, if this node led it, publishes its data
// to the DA layer.
func (a *seqApp) Final(ctx context.Context, fb consensus.FinalBlock, leader common.Address) error {
	e := a.n.exec
	if fb.Block.Height <= e.Head().NumberU64() {
		return nil // executed before a restart
	}
	p, err := sequencing.UnmarshalPayload(fb.Block.Payload)
	if err != nil {
		return err
	}
	b := &exec.Batch{
		Number:       fb.Block.Height,
		Time:         max(p.Time, e.Head().Time()),
		FeeRecipient: leader,
		Random:       fb.Block.Hash(),
		DataRoot:     p.DataRoot,
	}
	if len(p.Deposits) > 0 {
		if err := rlp.DecodeBytes(p.Deposits, &b.Deposits); err != nil {
			return fmt.Errorf("deposits: %w", err)
		}
	}
	for _, raw := range p.Txs {
		// The transactions this node checked already come back from the
		// cache with their senders; the executor recovers the others, on
		// every core.
		if m, ok := a.n.txCache.Get(raw); ok {
			b.Txs = append(b.Txs, m.Tx)
			continue
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return err
		}
		b.Txs = append(b.Txs, tx)
	}
	res, err := e.Apply(ctx, b)
	if err != nil {
		return err
	}
	a.pool.Reset(newHeadNonces(e))
	if len(b.Deposits) > 0 && a.deposits != nil {
		if next, err := e.NextDepositNonce(); err == nil {
			if err := a.deposits.Prune(next); err != nil {
				a.n.log.Warn("pruning applied deposits failed", "err", err)
			}
		}
	}
	if len(res.Dropped) > 0 {
		hashes := make([]common.Hash, len(res.Dropped))
		for i, d := range res.Dropped {
			hashes[i] = d.Hash
		}
		a.pool.Drop(hashes)
	}
	if leader == a.self && a.n.das != nil && a.n.daProducer() {
		data := p.Data()
		go func() {
			if _, err := a.n.das.Publish(context.Background(), fb.Block.Height, data); err != nil {
				a.n.log.Warn("publishing a batch's data to the DA layer failed", "height", fb.Block.Height, "err", err)
			}
		}()
	}
	return nil
}

// seqInfo adapts the driver to ethrpc.Sequencing.
type seqInfo struct{ *sequencing.Driver }

func (s seqInfo) Sequencers() []ethrpc.SequencerInfo {
	var out []ethrpc.SequencerInfo
	for _, v := range s.Set().Validators() {
		out = append(out, ethrpc.SequencerInfo{Address: v.Address, Stake: hexutil.Uint64(v.Stake)})
	}
	return out
}

// progress tells the RPC how far a batch got beyond final: available once
// this node's DA layer holds (full) or has sampled (light) its data. L1
// commitment arrives with the bridge.
type progress struct{ n *Node }

func (p progress) Available(number uint64) (bool, bool) {
	if p.n.das == nil || p.n.dasStore == nil {
		return false, false
	}
	h, err := p.n.dasStore.Header(number)
	if err != nil || h == nil {
		return false, false
	}
	if p.n.dasStore.HasSquare(h.Root) {
		return true, true
	}
	return false, false
}

// CommittedHead is the last batch a root on L1 covers, known once the
// output-root service has read L1.
func (p progress) CommittedHead() (uint64, bool) {
	o := p.n.Outputs()
	if o == nil {
		return 0, false
	}
	c, _, known := o.Heads()
	return c, known
}

// FinalizedHead is the last batch a root past its challenge window covers.
func (p progress) FinalizedHead() (uint64, bool) {
	o := p.n.Outputs()
	if o == nil {
		return 0, false
	}
	_, f, known := o.Heads()
	return f, known
}

// daProducer reports whether this node is a listed DA producer: only their
// headers are accepted.
func (n *Node) daProducer() bool {
	return slices.Contains(n.cfg.DAS.Producers, n.host.ID().String())
}

// headNonces reads nonces from one head's state, opened once: the mempool
// asks for every sender on each new head, and only under its own lock.
type headNonces struct{ st *state.StateDB }

func newHeadNonces(e *exec.Executor) headNonces {
	st, _ := e.StateAt(e.Head().Header())
	return headNonces{st}
}

func (h headNonces) Nonce(a common.Address) uint64 {
	if h.st == nil {
		return 0
	}
	return h.st.GetNonce(a)
}

// assembleSequencing starts consensus on executing nodes when a sequencer
// set is configured: sequencers take part, validators and relayers follow.
func (n *Node) assembleSequencing() error {
	c := n.cfg.Sequencing
	if n.exec == nil || len(c.Sequencers) == 0 {
		return nil
	}
	set, err := ParseSequencers(c.Sequencers)
	if err != nil {
		return err
	}
	sets, err := ParseSetChanges(set, c.SetChanges)
	if err != nil {
		return err
	}
	var key *ecdsa.PrivateKey
	if slices.Contains(n.roles, p2p.RoleSequencer) {
		if key, err = LoadOrCreateSequencerKey(resolve(n.dir, c.KeyFile)); err != nil {
			return err
		}
	}
	n.seqStore, err = sequencing.OpenStore(filepath.Join(n.dir, "sequencing"), n.log)
	if err != nil {
		return err
	}
	slot, _ := time.ParseDuration(c.Slot)
	timeout, _ := time.ParseDuration(c.ViewTimeout)
	app := &seqApp{n: n, pool: sequencing.NewMempool(sequencing.MempoolConfig{}, newHeadNonces(n.exec)), maxTxs: c.MaxBatchTxs, dataRoot: new(rootExtender).dataRoot}
	if key != nil {
		app.self = sequencing.Secp256k1{Key: key}.Address()
	}
	n.seqApp = app
	n.pool.mempool = app.pool
	// Every node follows the set the chain names: sets from the L1 registry
	// arrive in certified batches, so nodes without an L1 agree on them too.
	app.sets = &sequencing.ChainSets{Base: sets, EpochLength: c.EpochLength, Store: n.seqStore}
	n.driver, err = sequencing.NewDriver(sequencing.DriverConfig{
		Network: n.cfg.Node.Network, ChainID: n.cfg.Node.ChainID, Sets: app.sets, Genesis: n.exec.Genesis().Hash(),
		Key: key, Timeout: timeout, Slot: slot, EpochLength: c.EpochLength,
		Router: n.gossip, ReqResp: n.reqresp, Store: n.seqStore, App: app,
		Peers: n.sequencerPeers, Log: n.log.With("component", "consensus"), Registerer: n.reg,
	})
	return err
}

// sequencerPeers lists the connected peers that advertise the sequencer
// role (they hold the final batches and the recent blocks).
func (n *Node) sequencerPeers() []peer.ID {
	var out []peer.ID
	for _, ai := range n.host.Discovery().Peers(p2p.RoleSequencer) {
		if ai.ID != n.host.ID() {
			out = append(out, ai.ID)
		}
	}
	return out
}

// LoadOrCreateSequencerKey loads the secp256k1 key a sequencer signs
// consensus messages with, creating it (mode 0600) on first start.
func LoadOrCreateSequencerKey(path string) (*ecdsa.PrivateKey, error) {
	return keyfile.LoadOrCreateSecp256k1(path, "sequencing: key")
}
