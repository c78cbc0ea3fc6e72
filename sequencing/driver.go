package sequencing

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/p2p/reqresp"
	"github.com/l2node/l2node/sequencing/consensus"
)

// App is what the driver asks of the node: payloads for the blocks this
// node leads, judgement of proposed payloads, and the final blocks.
type App interface {
	// BuildPayload makes the payload of the block at height on parent.
	BuildPayload(ctx context.Context, height uint64, parent consensus.Hash) ([]byte, error)
	// ValidPayload judges a proposed payload; it must be deterministic.
	ValidPayload(height uint64, parent consensus.Hash, payload []byte) error
	// Final receives every final block once, in height order, with the
	// leader of its view.
	Final(ctx context.Context, fb consensus.FinalBlock, leader common.Address) error
	// Height is the height of the last final block the app has applied:
	// after a crash between storing a final block and applying it, Run
	// hands the app what it missed.
	Height() uint64
}

// DriverConfig configures a Driver.
type DriverConfig struct {
	Network string
	ChainID uint64
	// Set is the sequencer set; Sets, if given, names the set of every set
	// epoch instead (see SetSource).
	Set         *consensus.ValidatorSet
	Sets        SetSource
	Genesis     consensus.Hash
	Key         *ecdsa.PrivateKey // the sequencer key; nil on nodes that only follow
	Timeout     time.Duration     // view timeout
	Slot        time.Duration     // a leader proposes one slot after the previous view's proposal
	EpochLength uint64            // views per leader-schedule epoch
	Router      *gossip.Router
	ReqResp     *reqresp.Service
	Store       *Store
	App         App
	Peers       func() []peer.ID // peers to fetch final batches and blocks from
	Log         *slog.Logger
	Registerer  prometheus.Registerer
}

// SetSource names the sequencer set of every set epoch. Set epoch k decides
// the final batches at heights (k·L, (k+1)·L], L being the epoch length. A
// source must fix the set of epoch k+1 before epoch k begins (the L1
// registry's changes apply two epochs after they are final), so that every
// node knows, when a set epoch starts, whether the next one changes hands.
type SetSource interface {
	SetForEpoch(k uint64) (*consensus.ValidatorSet, error)
}

// StaticSet is a SetSource with one set for ever.
type StaticSet struct{ Set *consensus.ValidatorSet }

// SetForEpoch implements SetSource.
func (s StaticSet) SetForEpoch(uint64) (*consensus.ValidatorSet, error) { return s.Set, nil }

// SetChanges is a SetSource from a list: the set of epoch k is that of the
// highest listed epoch ≤ k (epoch 0 must be listed).
type SetChanges map[uint64]*consensus.ValidatorSet

// SetForEpoch implements SetSource.
func (s SetChanges) SetForEpoch(k uint64) (*consensus.ValidatorSet, error) {
	best, found := uint64(0), false
	for e := range s {
		if e <= k && (!found || e > best) {
			best, found = e, true
		}
	}
	if !found {
		return nil, fmt.Errorf("sequencing: no sequencer set for epoch %d", k)
	}
	return s[best], nil
}

// sameSet reports whether two sets have the same members and stakes.
func sameSet(a, b *consensus.ValidatorSet) bool {
	if a == b {
		return true
	}
	va, vb := a.Validators(), b.Validators()
	if len(va) != len(vb) {
		return false
	}
	for i := range va {
		if va[i] != vb[i] {
			return false
		}
	}
	return true
}

// tailPayload is the payload of the blocks a handing-over set adds after
// its last height: they carry no transactions and exist only so that the
// set's last block can become final (Simplex finalizes a block through its
// descendants too). They are stored as proof, never executed.
var tailPayload = []byte("l2node/set-epoch-tail/v1")

// Names of the consensus topics and protocols.
const (
	ConsensusTopicName = "consensus"
	EvidenceTopicName  = "evidence"
	BlockByHashName    = "block_by_hash"
)

// Driver runs the consensus core of one node with libp2p and real time:
// consensus messages on /l2/<network>/consensus/1 (signature-checked in the
// topic validator, so the core only sees authenticated input), evidence on
// /l2/<network>/evidence/1, missing blocks fetched by hash, and final
// batches caught up by range when the node is too far behind for the core's
// window. Final blocks go to the App and the Store.
type Driver struct {
	cfg      DriverConfig
	log      *slog.Logger
	signer   *Secp256k1
	schedule *Schedule
	m        *driverMetrics

	topic    *gossip.Handle
	evTopic  *gossip.Handle
	blockPro reqresp.Protocol
	rangePro reqresp.Protocol

	inbox  chan consensus.Message
	blocks chan fetchedBlock
	behind chan struct{}

	mu       sync.Mutex // the core and the fields below it
	core     *consensus.Core
	coreSet  *consensus.ValidatorSet // the set the core runs with
	coreEra  uint64                  // the set epoch whose set that is
	handover bool                    // the core's set handed over: rebuild it
	start    time.Time

	fmu    sync.RWMutex // the final chain: read inside the core's callbacks, so never under mu's holder's feet
	finals []finalRef   // views and hashes of final blocks, ascending (the schedule's seeds)
	last   consensus.BlockRef

	proposeAt map[uint64]time.Time // views this node proposed in → when (finality latency)
	seen      map[uint64]time.Time // when the proposal of recent views was first seen (slot pacing)
	payloadAt time.Time            // when to build the requested payload
	pending   *consensus.NeedPayload
}

type finalRef struct {
	view uint64
	hash common.Hash
	time uint64
	era  uint64 // the set epoch that decided it
}

type fetchedBlock struct {
	block consensus.Block
	cert  consensus.Certificate
}

// NewDriver registers the topics and protocols; Run starts the core.
func NewDriver(cfg DriverConfig) (*Driver, error) {
	if (cfg.Set == nil && cfg.Sets == nil) || cfg.App == nil || cfg.Store == nil || cfg.Router == nil || cfg.ReqResp == nil {
		return nil, errors.New("sequencing: driver needs a set, an app, a store, a router and reqresp")
	}
	if cfg.Sets == nil {
		cfg.Sets = StaticSet{cfg.Set}
	}
	if cfg.EpochLength == 0 {
		cfg.EpochLength = 256
	}
	genesisSet, err := cfg.Sets.SetForEpoch(0)
	if err != nil {
		return nil, err
	}
	d := &Driver{
		cfg:       cfg,
		log:       cfg.Log,
		inbox:     make(chan consensus.Message, 4096),
		blocks:    make(chan fetchedBlock, 64),
		behind:    make(chan struct{}, 1),
		proposeAt: map[uint64]time.Time{},
		seen:      map[uint64]time.Time{},
		last:      consensus.BlockRef{Hash: cfg.Genesis},
	}
	if cfg.Key != nil {
		d.signer = &Secp256k1{Key: cfg.Key}
	}
	d.coreSet = genesisSet
	d.schedule = &Schedule{Set: genesisSet, EpochLength: cfg.EpochLength}
	d.m = newDriverMetrics(cfg.Registerer)
	d.registerStats(cfg.Registerer)
	if err := d.loadFinals(); err != nil {
		return nil, err
	}
	if d.topic, err = cfg.Router.Register(d.consensusTopic()); err != nil {
		return nil, err
	}
	if d.evTopic, err = cfg.Router.Register(d.evidenceTopic()); err != nil {
		return nil, err
	}
	d.blockPro = reqresp.Protocol{
		ID: protocol.ID("/l2/" + cfg.Network + "/" + BlockByHashName + "/1"), MaxRequest: 32, MaxChunk: MaxBatchBytes, MaxChunks: 1,
		MaxResponse: MaxBatchBytes, Rate: 64, Burst: 128, Timeout: 10 * time.Second,
	}
	cfg.ReqResp.Handle(d.blockPro, d.serveBlock)
	d.rangePro = BatchesByRange(cfg.Network)
	ServeBatchesByRange(cfg.ReqResp, d.rangePro, cfg.Store)
	return d, nil
}

// loadFinals reads the stored final chain's views and hashes: the leader
// schedule's seeds, and where a restarted core resumes.
func (d *Driver) loadFinals() error {
	head, ok, err := d.cfg.Store.Head()
	if err != nil || !ok {
		return err
	}
	for h := uint64(1); h <= head; h++ {
		enc, ok, err := d.cfg.Store.Final(h)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("sequencing: final batch %d missing below the stored head %d", h, head)
		}
		fb, err := consensus.UnmarshalFinalBlock(enc)
		if err != nil {
			return fmt.Errorf("sequencing: stored final batch %d: %w", h, err)
		}
		d.noteFinal(fb)
	}
	return nil
}

func (d *Driver) noteFinal(fb consensus.FinalBlock) {
	d.fmu.Lock()
	defer d.fmu.Unlock()
	var t uint64
	if p, err := UnmarshalPayload(fb.Block.Payload); err == nil {
		t = p.Time
	}
	d.finals = append(d.finals, finalRef{view: fb.Block.View, hash: fb.Block.Hash(), time: t, era: d.eraOf(fb.Block.Height)})
	d.last = fb.Block.Ref()
}

// eraOf is the era of height h ≥ 1: the first set epoch of the run of
// epochs with the same set that decides h. A core runs for one era; views,
// signing domain and leader seeds start again with each.
func (d *Driver) eraOf(h uint64) uint64 {
	e := (h - 1) / d.cfg.EpochLength
	set, err := d.cfg.Sets.SetForEpoch(e)
	if err != nil {
		return e
	}
	for e > 0 {
		prev, err := d.cfg.Sets.SetForEpoch(e - 1)
		if err != nil || !sameSet(prev, set) {
			break
		}
		e--
	}
	return e
}

// domain is the signing domain of a set epoch: every consensus message
// carries it in place of the chain ID, so that a set's votes and
// certificates never count for another set, whose views start again at 1.
// Set epoch 0 signs with the chain ID itself.
func (d *Driver) domain(era uint64) uint64 { return consensus.EraDomain(d.cfg.ChainID, era) }

// seed is the leader schedule's seed in a set epoch: the hash of the newest
// final block that epoch decided with a view below before, or the block the
// epoch started from (the genesis for epoch 0).
func (d *Driver) seed(era, before uint64) common.Hash {
	d.fmu.RLock()
	defer d.fmu.RUnlock()
	i := sort.Search(len(d.finals), func(i int) bool {
		f := d.finals[i]
		return f.era > era || (f.era == era && f.view >= before)
	})
	if i > 0 && d.finals[i-1].era == era {
		return d.finals[i-1].hash
	}
	if era == 0 {
		return d.cfg.Genesis
	}
	// The hand-over block: the last height of the previous set epoch.
	if idx := era*d.cfg.EpochLength - 1; idx < uint64(len(d.finals)) {
		return d.finals[idx].hash
	}
	return d.cfg.Genesis
}

// checker verifies messages of one set epoch.
func (d *Driver) checker(set *consensus.ValidatorSet, era uint64) consensus.Checker {
	return consensus.Checker{ChainID: d.domain(era), Set: set, Verifier: Secp256k1Verifier{}}
}

// era is a set epoch with its set.
type era struct {
	n   uint64
	set *consensus.ValidatorSet
}

// setForHeight is the set that decides the final batch at height h ≥ 1.
func (d *Driver) setForHeight(h uint64) (*consensus.ValidatorSet, error) {
	return d.cfg.Sets.SetForEpoch((h - 1) / d.cfg.EpochLength)
}

// candidates are the eras a message on the wire may belong to: the one the
// core runs, and the next one (whose set differs).
func (d *Driver) candidates() []era {
	d.mu.Lock()
	cur := era{d.coreEra, d.coreSet}
	d.mu.Unlock()
	out := []era{cur}
	last, _ := d.LastFinal()
	for e := last.Height / d.cfg.EpochLength; e <= last.Height/d.cfg.EpochLength+1; e++ {
		if next, err := d.cfg.Sets.SetForEpoch(e); err == nil && !sameSet(next, cur.set) {
			out = append(out, era{e, next})
			break
		}
	}
	return out
}

// leaderIn is the leader of view v in a set epoch.
func (d *Driver) leaderIn(set *consensus.ValidatorSet, eraN, v uint64) common.Address {
	sched := &Schedule{Set: set, EpochLength: d.cfg.EpochLength, Seed: func(before uint64) common.Hash { return d.seed(eraN, before) }}
	return sched.Leader(v)
}

// Leader is the leader of view v in the set epoch the core runs.
func (d *Driver) Leader(v uint64) common.Address {
	d.mu.Lock()
	set, n := d.coreSet, d.coreEra
	d.mu.Unlock()
	return d.leaderIn(set, n, v)
}

// LastFinal is the newest final block and the time in its payload.
func (d *Driver) LastFinal() (consensus.BlockRef, uint64) {
	d.fmu.RLock()
	defer d.fmu.RUnlock()
	if len(d.finals) == 0 {
		return d.last, 0
	}
	return d.last, d.finals[len(d.finals)-1].time
}

// View is the core's current view (0 before Run).
func (d *Driver) View() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.core == nil {
		return 0
	}
	return d.core.View()
}

// maxConsensusMessage caps a consensus message on the wire: a proposal
// with the largest payload (consensus.DefaultMaxPayload) and room for its
// header. Gossip's own message cap (5 MiB by default) must be above it.
// Evidence of two proposals that does not fit is stored, not gossiped.
const maxConsensusMessage = consensus.DefaultMaxPayload + 256<<10

func (d *Driver) consensusTopic() gossip.Topic {
	return gossip.Topic{
		Name: ConsensusTopicName, Version: 1, MaxPayload: maxConsensusMessage,
		Window: gossip.TimeWindow{MaxAge: 2 * time.Minute, MaxFuture: 5 * time.Second, Slack: time.Minute},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			m, err := consensus.UnmarshalMessage(payload)
			if err != nil {
				return nil, gossip.Reject, err
			}
			for _, c := range d.candidates() {
				if err = d.checker(c.set, c.n).VerifyMessage(&m); err == nil {
					return m, gossip.Accept, nil
				}
			}
			if d.stale(m.ChainID) {
				return nil, gossip.Ignore, err // a set that handed over: honest peers still relay it
			}
			return nil, gossip.Reject, err
		},
		Concurrency: 64,
		Score:       gossip.TopicScore{Weight: 1, InvalidWeight: -100},
	}
}

func (d *Driver) evidenceTopic() gossip.Topic {
	return gossip.Topic{
		Name: EvidenceTopicName, Version: 1, MaxPayload: maxConsensusMessage,
		Window: gossip.TimeWindow{MaxAge: time.Hour, MaxFuture: 5 * time.Second, Slack: time.Minute},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			e, err := UnmarshalEvidence(payload)
			if err != nil {
				return nil, gossip.Reject, err
			}
			for _, c := range d.candidates() {
				if err = d.checker(c.set, c.n).VerifyEvidence(e); err == nil {
					return e, gossip.Accept, nil
				}
			}
			if d.stale(e.A.ChainID) {
				return nil, gossip.Ignore, err
			}
			return nil, gossip.Reject, err
		},
		Score: gossip.TopicScore{Weight: 1, InvalidWeight: -100},
	}
}

// stale reports whether a message's domain is an earlier set epoch's.
func (d *Driver) stale(domain uint64) bool {
	d.mu.Lock()
	cur := d.coreEra
	d.mu.Unlock()
	for e := uint64(0); e < cur; e++ {
		if d.domain(e) == domain {
			return true
		}
	}
	return false
}

// serveBlock answers block_by_hash: a notarized block this node holds, with
// its notarization.
func (d *Driver) serveBlock(_ context.Context, _ peer.ID, req []byte, w *reqresp.ResponseWriter) error {
	if len(req) != 32 {
		return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: "want a 32-byte block hash"}
	}
	d.mu.Lock()
	var (
		b    consensus.Block
		cert consensus.Certificate
		ok   bool
	)
	if d.core != nil {
		b, cert, ok = d.core.Block(common.BytesToHash(req))
	}
	d.mu.Unlock()
	if !ok {
		// A block final before the core's window: from the store.
		enc, ok, err := d.cfg.Store.FinalByHash(common.BytesToHash(req))
		if err != nil || !ok {
			return err // no chunk: not held
		}
		return w.Write(enc)
	}
	enc, err := consensus.FinalBlock{Block: b, Notarization: cert}.MarshalBinary()
	if err != nil {
		return err
	}
	return w.Write(enc)
}

// signedViewKey persists, per set epoch, the highest view this node signed
// anything in, so that a restart never signs a second, conflicting message
// for a view.
func signedViewKey(era uint64) []byte {
	if era == 0 {
		return []byte("m/signed-view")
	}
	return binary.BigEndian.AppendUint64([]byte("m/signed-view/"), era)
}

func (d *Driver) signedView(era uint64) (uint64, error) {
	v, closer, err := d.cfg.Store.db.Get(signedViewKey(era))
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil // never signed
	}
	if err != nil {
		return 0, fmt.Errorf("sequencing: read the signed view: %w", err)
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, errors.New("sequencing: corrupt signed-view record")
	}
	return binary.BigEndian.Uint64(v), nil
}

// newCore builds the core for the set that decides the next height. Blocks
// at heights a different set decides may only be tails (see tailPayload).
func (d *Driver) newCore() (*consensus.Core, error) {
	last, _ := d.LastFinal()
	set, err := d.setForHeight(last.Height + 1)
	if err != nil {
		return nil, err
	}
	eraN := d.eraOf(last.Height + 1)
	d.mu.Lock()
	d.coreSet, d.coreEra, d.handover = set, eraN, false
	d.mu.Unlock()
	cfg := consensus.Config{
		ChainID: d.domain(eraN), Set: set, Genesis: d.cfg.Genesis,
		Leader:  func(v uint64) common.Address { return d.leaderIn(set, eraN, v) },
		Timeout: d.cfg.Timeout,
		ValidPayload: func(h uint64, parent consensus.Hash, payload []byte) error {
			hs, err := d.setForHeight(h)
			if err != nil {
				return err
			}
			if !sameSet(hs, set) {
				if !bytes.Equal(payload, tailPayload) {
					return fmt.Errorf("height %d belongs to the next sequencer set: only an empty tail block may follow", h)
				}
				return nil
			}
			return d.cfg.App.ValidPayload(h, parent, payload)
		},
	}
	if d.signer != nil {
		cfg.Self = d.signer.Address()
	}
	signed, err := d.signedView(eraN)
	if err != nil {
		return nil, err
	}
	// A set epoch has its own view space: the block it starts from counts
	// as view 0 of it.
	from := last
	if last.Height > 0 && d.eraOf(last.Height) != eraN {
		from.View = 0
	}
	if last.Height > 0 || signed > 0 {
		cfg.Resume = &consensus.Resume{Final: from, View: max(signed, from.View) + 1}
	}
	if d.signer != nil && !set.Contains(d.signer.Address()) {
		d.log.Info("this sequencer key is not in the current set: following", "height", last.Height+1)
	}
	return consensus.New(cfg)
}

// Run catches up with the network's final chain, then drives the core
// until ctx ends.
func (d *Driver) Run(ctx context.Context) error {
	sub, err := d.topic.Subscribe()
	if err != nil {
		return err
	}
	defer sub.Cancel()
	evSub, err := d.evTopic.Subscribe()
	if err != nil {
		return err
	}
	defer evSub.Cancel()
	var wg sync.WaitGroup
	defer wg.Wait() // after the subscriptions are cancelled (defers run last first)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() {
		for {
			m, err := sub.Next(ctx)
			if err != nil {
				return
			}
			if cm, ok := m.Decoded.(consensus.Message); ok {
				select {
				case d.inbox <- cm:
				default:
					d.m.dropped.Inc() // the core is behind; retransmissions cover it
				}
			}
		}
	})
	wg.Go(func() {
		for {
			m, err := evSub.Next(ctx)
			if err != nil {
				return
			}
			if e, ok := m.Decoded.(consensus.Evidence); ok {
				d.storeEvidence(e)
			}
		}
	})
	if err := d.replayToApp(ctx); err != nil {
		return err
	}
	for {
		d.catchUp(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err := d.drive(ctx); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		last, _ := d.LastFinal()
		d.log.Info("behind the network beyond the consensus window: catching up by range", "final_height", last.Height)
	}
}

// replayToApp hands the app the stored final blocks it has not applied.
func (d *Driver) replayToApp(ctx context.Context) error {
	last, _ := d.LastFinal()
	for h := d.cfg.App.Height() + 1; h <= last.Height; h++ {
		enc, ok, err := d.cfg.Store.Final(h)
		if err != nil || !ok {
			return fmt.Errorf("sequencing: replay final batch %d: missing (%v)", h, err)
		}
		fb, err := consensus.UnmarshalFinalBlock(enc)
		if err != nil {
			return err
		}
		set, err := d.setForHeight(h)
		if err != nil {
			return err
		}
		if err := d.cfg.App.Final(ctx, fb, d.leaderIn(set, d.eraOf(h), fb.Block.View)); err != nil {
			return fmt.Errorf("sequencing: replay final batch %d: %w", h, err)
		}
	}
	return nil
}

// drive runs one core until ctx ends or the node falls behind the window.
func (d *Driver) drive(ctx context.Context) error {
	core, err := d.newCore()
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.core = core
	d.start = time.Now()
	core.Start(0)
	d.mu.Unlock()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	propose := time.NewTimer(time.Hour)
	defer propose.Stop()
	tooFar := 0
	for {
		if err := d.process(ctx, core); err != nil {
			return err
		}
		d.mu.Lock()
		if d.handover {
			d.mu.Unlock()
			return nil // a new set decides the next height: a new core
		}
		next := core.Ready().NextTimer
		view := core.View()
		for v := range d.seen {
			if v+8 < view {
				delete(d.seen, v)
			}
		}
		d.m.view.Set(float64(view))
		pending, at := d.pending, d.payloadAt
		d.mu.Unlock()
		if next > 0 {
			timer.Reset(max(0, time.Until(d.start.Add(next))))
		}
		if pending != nil {
			propose.Reset(max(0, time.Until(at)))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-propose.C:
			if err := d.proposeNow(ctx, core); err != nil {
				return err
			}
		case <-timer.C:
			d.mu.Lock()
			core.Tick(time.Since(d.start))
			d.mu.Unlock()
		case m := <-d.inbox:
			d.mu.Lock()
			core.Tick(time.Since(d.start))
			err := core.Step(m)
			if _, ok := d.seen[m.View]; !ok && err == nil && m.Type == consensus.MsgProposal {
				d.seen[m.View] = time.Now()
			}
			d.mu.Unlock()
			d.m.messages.WithLabelValues(m.Type.String()).Inc()
			cert := m.Type == consensus.MsgNotarization || m.Type == consensus.MsgFinalization
			switch {
			case err == nil:
				tooFar = 0
			case errors.Is(err, consensus.ErrTooFarAhead) && cert:
				// Only certificates count: each proves a quorum of stake
				// got that far, which no minority of signers can fake.
				if tooFar++; tooFar > 8 {
					return nil // the network is far ahead: catch up by range
				}
			case consensus.Benign(err):
			default:
				d.log.Debug("consensus message refused", "type", m.Type, "view", m.View, "from", m.From, "err", err)
			}
		case fb := <-d.blocks:
			d.mu.Lock()
			err := core.AddBlock(fb.block, fb.cert)
			d.mu.Unlock()
			if err != nil {
				d.log.Debug("fetched block refused", "err", err)
			}
		case <-d.behind:
			return nil
		}
	}
}

// process carries out what the core asks until it asks nothing more.
func (d *Driver) process(ctx context.Context, core *consensus.Core) error {
	for {
		d.mu.Lock()
		if !core.HasReady() {
			d.mu.Unlock()
			return nil
		}
		rd := core.Ready()
		core.Advance()
		d.mu.Unlock()
		for _, m := range rd.Messages {
			if m.NeedsSignature() {
				if d.signer == nil {
					continue
				}
				if err := d.persistSigned(m.View); err != nil {
					return err
				}
				sig, err := d.signer.Sign(m.SigningBytes())
				if err != nil {
					return err
				}
				m.Signature = sig
				m.From = d.signer.Address()
				d.mu.Lock()
				if err := core.Step(m); err != nil && !consensus.Benign(err) {
					d.log.Warn("own consensus message refused", "type", m.Type, "view", m.View, "err", err)
				}
				d.mu.Unlock()
				if m.Type == consensus.MsgProposal {
					d.m.proposals.Inc()
					d.mu.Lock()
					d.proposeAt[m.View] = time.Now()
					d.seen[m.View] = time.Now()
					d.mu.Unlock()
				}
				if m.Type == consensus.MsgVote {
					d.m.votes.Inc()
				}
			}
			enc, err := m.MarshalBinary()
			if err != nil {
				return err
			}
			if err := d.topic.Publish(ctx, enc); err != nil && ctx.Err() == nil {
				d.log.Debug("publishing a consensus message failed", "type", m.Type, "err", err)
			}
		}
		if np := rd.NeedPayload; np != nil {
			// Pace the chain: propose one slot after the previous view's
			// proposal was seen (at once if that has passed, or if the
			// previous view had none).
			d.mu.Lock()
			at := time.Now()
			if t, ok := d.seen[np.View-1]; ok && t.Add(d.cfg.Slot).After(at) {
				at = t.Add(d.cfg.Slot)
			}
			d.pending, d.payloadAt = np, at
			d.mu.Unlock()
		}
		for _, h := range rd.NeedBlocks {
			go d.fetchBlock(ctx, core, h)
		}
		for _, fb := range rd.Final {
			if err := d.final(ctx, fb); err != nil {
				return err
			}
		}
		for _, e := range rd.Evidence {
			d.storeEvidence(e)
			if enc, err := MarshalEvidence(e); err == nil && len(enc) <= maxConsensusMessage {
				d.evTopic.Publish(ctx, enc)
			}
		}
	}
}

func (d *Driver) coreSetNow() *consensus.ValidatorSet {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.coreSet
}

// proposeNow answers the pending payload request, if its view is current.
func (d *Driver) proposeNow(ctx context.Context, core *consensus.Core) error {
	d.mu.Lock()
	np := d.pending
	d.pending = nil
	stale := np == nil || core.View() != np.View
	d.mu.Unlock()
	if stale {
		return nil
	}
	var payload []byte
	var err error
	if hs, herr := d.setForHeight(np.Height); herr == nil && !sameSet(hs, d.coreSetNow()) {
		payload = tailPayload // the set hands over: tails only
	} else if payload, err = d.cfg.App.BuildPayload(ctx, np.Height, np.Parent); err != nil {
		d.log.Warn("building a payload failed: the view will time out", "view", np.View, "err", err)
		return nil
	}
	d.mu.Lock()
	err = core.Propose(np.View, payload)
	d.mu.Unlock()
	if err != nil && !consensus.Benign(err) {
		d.log.Warn("proposal refused", "view", np.View, "err", err)
	}
	return nil
}

func (d *Driver) persistSigned(v uint64) error {
	d.mu.Lock()
	e := d.coreEra
	d.mu.Unlock()
	cur, err := d.signedView(e)
	if err != nil || v <= cur {
		return err
	}
	return d.cfg.Store.db.Set(signedViewKey(e), binary.BigEndian.AppendUint64(nil, v), pebble.Sync)
}

// final stores a final block, hands it to the app and notes it for the
// schedule.
func (d *Driver) final(ctx context.Context, fb consensus.FinalBlock) error {
	last, _ := d.LastFinal()
	if fb.Block.Height <= last.Height {
		return nil // caught up by range already
	}
	enc, err := fb.MarshalBinary()
	if err != nil {
		return err
	}
	if bytes.Equal(fb.Block.Payload, tailPayload) {
		// A tail of a set that handed over: kept as the proof that the
		// set's last block is final, never executed.
		return d.cfg.Store.PutTail(fb.Block.Hash(), enc)
	}
	if fb.Block.Height != last.Height+1 {
		return fmt.Errorf("sequencing: final batch %d after %d", fb.Block.Height, last.Height)
	}
	if err := d.cfg.Store.PutFinal(fb.Block.Height, fb.Block.Hash(), enc); err != nil {
		return err
	}
	set, err := d.setForHeight(fb.Block.Height)
	if err != nil {
		return err
	}
	leader := d.leaderIn(set, d.eraOf(fb.Block.Height), fb.Block.View)
	if err := d.cfg.App.Final(ctx, fb, leader); err != nil {
		return fmt.Errorf("sequencing: final batch %d: %w", fb.Block.Height, err)
	}
	d.noteFinal(fb)
	d.mu.Lock()
	if t, ok := d.proposeAt[fb.Block.View]; ok {
		d.m.finality.Observe(time.Since(t).Seconds())
		delete(d.proposeAt, fb.Block.View)
	}
	for v := range d.proposeAt {
		if v < fb.Block.View {
			delete(d.proposeAt, v)
		}
	}
	d.mu.Unlock()
	d.m.finalHeight.Set(float64(fb.Block.Height))
	if next, err := d.setForHeight(fb.Block.Height + 1); err == nil && !sameSet(next, set) {
		d.mu.Lock()
		d.handover = true
		d.mu.Unlock()
		d.log.Info("sequencer set hands over", "last_height", fb.Block.Height, "next_members", next.Len())
	}
	return nil
}

func (d *Driver) storeEvidence(e consensus.Evidence) {
	enc, err := MarshalEvidence(e)
	if err != nil {
		return
	}
	key := binary.BigEndian.AppendUint64(append(e.Signer.Bytes(), byte(e.Kind)), e.View)
	if err := d.cfg.Store.PutEvidence(key, enc); err != nil {
		d.log.Warn("storing evidence failed", "err", err)
		return
	}
	d.m.evidence.Inc()
	d.log.Warn("equivocation evidence", "signer", e.Signer, "view", e.View, "kind", e.Kind)
}

// fetchBlock asks peers for a notarized block the core needs, again with
// backoff while the core still wants it: the core asks once, and a node
// whose views advance on certificates never times out to ask again, so a
// first attempt made before any peer held the block must not be the last.
func (d *Driver) fetchBlock(ctx context.Context, core *consensus.Core, h consensus.Hash) {
	wait := 100 * time.Millisecond
	for {
		if fb, ok := d.fetchByHash(ctx, h, consensus.Checker{}); ok {
			select {
			case d.blocks <- fetchedBlock{block: fb.Block, cert: fb.Notarization}:
			case <-ctx.Done():
			}
			return
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return
		}
		wait = min(2*wait, 5*time.Second)
		d.mu.Lock()
		wanted := d.core == core && core.Wants(h)
		d.mu.Unlock()
		if !wanted {
			return
		}
	}
}

// fetchByHash asks peers for a notarized block by hash; the notarization is
// checked with k, or against the candidate eras if k has no set.
func (d *Driver) fetchByHash(ctx context.Context, h consensus.Hash, k consensus.Checker) (consensus.FinalBlock, bool) {
	for _, p := range d.blockPeers() {
		chunks, err := d.cfg.ReqResp.Request(ctx, p, d.blockPro, h.Bytes())
		if err != nil || len(chunks) != 1 {
			continue
		}
		fb, err := consensus.UnmarshalFinalBlock(chunks[0])
		certified := k.Set != nil && k.VerifyCertificate(fb.Notarization) == nil || k.Set == nil && d.certifiedByAny(fb.Notarization)
		if err != nil || fb.Block.Hash() != h || fb.Notarization.Hash != h || !certified {
			d.cfg.ReqResp.Penalize(p, "bad block_by_hash response", 20)
			continue
		}
		return fb, true
	}
	return consensus.FinalBlock{}, false
}

// blockPeers lists the peers to ask for a block: those the node found by
// role, then the consensus topic's other peers (every node there holds the
// blocks it saw notarized), which a node has before its first role lookup
// returns.
func (d *Driver) blockPeers() []peer.ID {
	out := d.cfg.Peers()
	for _, p := range d.topic.Peers() {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func (d *Driver) certifiedByAny(c consensus.Certificate) bool {
	for _, e := range d.candidates() {
		if d.checker(e.set, e.n).VerifyCertificate(c) == nil {
			return true
		}
	}
	return false
}

// catchUp fetches final batches by range from peers until none has more,
// verifying each range from the sequencer set alone.
func (d *Driver) catchUp(ctx context.Context) {
	for ctx.Err() == nil {
		peers := d.cfg.Peers()
		if len(peers) == 0 {
			return
		}
		last, _ := d.LastFinal()
		start := last.Height + 1
		var pending []consensus.FinalBlock
		// At most one set epoch per range: the set of every fetched height is
		// then named by a batch already stored (see ChainSets).
		count := min(uint64(MaxBatchesPerRequest), d.cfg.EpochLength)
		_, err := FetchBatches(ctx, d.cfg.ReqResp, d.rangePro, peers, start, count, func(height uint64, b []byte) error {
			fb, err := consensus.UnmarshalFinalBlock(b)
			if err != nil {
				return err
			}
			// Checked one by one, so that a peer sending what it cannot
			// prove is penalized and dropped; the range proof follows.
			if fb.Block.Height != height {
				return fmt.Errorf("batch of height %d at %d", fb.Block.Height, height)
			}
			set, err := d.setForHeight(height)
			if err != nil {
				return err
			}
			if fb.Notarization.Hash != fb.Block.Hash() {
				return errors.New("notarization of another block")
			}
			if err := d.checker(set, d.eraOf(height)).VerifyCertificate(fb.Notarization); err != nil {
				return err
			}
			pending = append(pending, fb)
			return nil
		})
		if len(pending) == 0 {
			if err != nil && ctx.Err() == nil {
				d.log.Debug("catch-up fetch ended", "from", start, "err", err)
			}
			return
		}
		n, err := d.applyCaughtUp(ctx, pending)
		if err != nil {
			d.log.Warn("caught-up batches refused", "from", start, "err", err)
			return
		}
		if n == 0 {
			return
		}
		now, _ := d.LastFinal()
		d.log.Info("caught up", "from", start, "to", now.Height)
	}
}

// applyCaughtUp verifies fetched final batches from the sequencer sets
// alone and applies what proves itself: per set, the longest prefix ending
// at a block finalized by its own certificate, or a set's last block with
// the tail that finalized it (fetched by hash). It returns how many it
// applied.
func (d *Driver) applyCaughtUp(ctx context.Context, pending []consensus.FinalBlock) (int, error) {
	applied := 0
	for len(pending) > 0 {
		set, err := d.setForHeight(pending[0].Block.Height)
		if err != nil {
			return applied, err
		}
		eraN := d.eraOf(pending[0].Block.Height)
		j := 0
		for j < len(pending) && d.eraOf(pending[j].Block.Height) == eraN {
			j++
		}
		seg := pending[:j]
		lastBlk := seg[len(seg)-1]
		next, err := d.setForHeight(lastBlk.Block.Height + 1)
		if err != nil {
			return applied, err
		}
		proof := seg
		if !sameSet(next, set) && lastBlk.Finalization.Hash != lastBlk.Block.Hash() {
			tails, err := d.fetchTails(ctx, d.checker(set, eraN), lastBlk.Block.Hash(), lastBlk.Finalization.Hash)
			if err != nil {
				return applied, err
			}
			proof = append(append([]consensus.FinalBlock{}, seg...), tails...)
		} else if sameSet(next, set) || lastBlk.Finalization.Hash != lastBlk.Block.Hash() {
			end := -1
			for i, fb := range seg {
				if fb.Finalization.Hash == fb.Block.Hash() {
					end = i
				}
			}
			if end < 0 {
				return applied, nil
			}
			seg, proof = seg[:end+1], seg[:end+1]
		}
		prev, _ := d.LastFinal()
		if prev.Height > 0 && d.eraOf(prev.Height) != eraN {
			prev.View = 0 // an era's views start again
		}
		if err := consensus.VerifyFinal(d.checker(set, eraN), prev, proof); err != nil {
			return applied, err
		}
		for _, fb := range proof[len(seg):] {
			if enc, err := fb.MarshalBinary(); err == nil {
				d.cfg.Store.PutTail(fb.Block.Hash(), enc) // so this node serves them too
			}
		}
		for _, fb := range seg {
			if err := d.final(ctx, fb); err != nil {
				return applied, err
			}
			applied++
		}
		if len(seg) < j {
			return applied, nil // the rest did not prove itself yet
		}
		pending = pending[j:]
	}
	return applied, nil
}

// fetchTails fetches the tail blocks from the one a finalization names back
// to the set's last block.
func (d *Driver) fetchTails(ctx context.Context, k consensus.Checker, last, fin consensus.Hash) ([]consensus.FinalBlock, error) {
	var tails []consensus.FinalBlock
	for h := fin; h != last; {
		if len(tails) >= 64 {
			return nil, errors.New("sequencing: tail longer than 64 blocks")
		}
		fb, ok := d.fetchByHash(ctx, h, k)
		if !ok {
			return nil, fmt.Errorf("sequencing: tail block %s not found", h)
		}
		tails = append([]consensus.FinalBlock{fb}, tails...)
		h = fb.Block.Parent
	}
	return tails, nil
}

type driverMetrics struct {
	view, finalHeight                   prometheus.Gauge
	proposals, votes, evidence, dropped prometheus.Counter
	messages                            *prometheus.CounterVec
	finality                            prometheus.Histogram
}

func newDriverMetrics(reg prometheus.Registerer) *driverMetrics {
	m := &driverMetrics{
		view:        prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "l2", Subsystem: "consensus", Name: "view", Help: "Current view."}),
		finalHeight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "l2", Subsystem: "consensus", Name: "final_height", Help: "Height of the newest final batch."}),
		proposals:   prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: "proposals_total", Help: "Blocks this node proposed."}),
		votes:       prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: "votes_total", Help: "Votes this node cast (⊥ included)."}),
		evidence:    prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: "evidence_total", Help: "Equivocation evidence stored."}),
		dropped:     prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: "inbox_dropped_total", Help: "Messages dropped because the core was behind."}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: "messages_total",
			Help: "Consensus messages stepped, by type."}, []string{"type"}),
		finality: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "l2", Subsystem: "consensus", Name: "finality_seconds",
			Help: "From this node's proposal to its block being final.", Buckets: prometheus.ExponentialBuckets(0.05, 1.5, 16)}),
	}
	if reg != nil {
		reg.MustRegister(m.view, m.finalHeight, m.proposals, m.votes, m.evidence, m.dropped, m.messages, m.finality)
	}
	return m
}

// registerStats exports the core's counters.
func (d *Driver) registerStats(reg prometheus.Registerer) {
	if reg == nil {
		return
	}
	for name, f := range map[string]func(consensus.Stats) uint64{
		"timeouts_total":      func(s consensus.Stats) uint64 { return s.Timeouts },
		"notarizations_total": func(s consensus.Stats) uint64 { return s.Notarizations },
		"finalized_total":     func(s consensus.Stats) uint64 { return s.Finalized },
		"conflicts_total":     func(s consensus.Stats) uint64 { return s.Conflicts },
	} {
		help := map[string]string{
			"timeouts_total":      "Views this node passed over with a ⊥ vote (a silent or crashed leader).",
			"notarizations_total": "Notarizations seen, ⊥ included.",
			"finalized_total":     "Blocks this node saw become final.",
			"conflicts_total":     "Finalizations contradicting the final chain: only possible with a third or more of the stake Byzantine.",
		}[name]
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "l2", Subsystem: "consensus", Name: name, Help: help},
			func() float64 { return float64(f(d.Stats())) }))
	}
}

// LastFinalBatch is the newest final batch's height, view and consensus
// block hash (for l2_sequencing).
func (d *Driver) LastFinalBatch() (height, view uint64, hash common.Hash) {
	last, _ := d.LastFinal()
	return last.Height, last.View, last.Hash
}

// EpochLength is the leader schedule's epoch length in views.
func (d *Driver) EpochLength() uint64 { return d.cfg.EpochLength }

// Set is the sequencer set.
func (d *Driver) Set() *consensus.ValidatorSet { return d.coreSetNow() }

// Era is the set epoch the core runs: the era whose signing domain
// (consensus.EraDomain) current messages carry.
func (d *Driver) Era() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.coreEra
}

// ReportEvidence takes equivocation evidence found outside this node's own
// consensus traffic (an operator's or a monitor's): verified against the
// current and the next set like evidence on the topic, then stored (a
// relayer carries it to L1) and gossiped.
func (d *Driver) ReportEvidence(ctx context.Context, e consensus.Evidence) error {
	var err error
	for _, c := range d.candidates() {
		if err = d.checker(c.set, c.n).VerifyEvidence(e); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("sequencing: evidence against %s: %w", e.Signer, err)
	}
	d.storeEvidence(e)
	enc, err := MarshalEvidence(e)
	if err != nil {
		return err
	}
	if len(enc) > maxConsensusMessage {
		return nil // stored; too large to gossip
	}
	return d.evTopic.Publish(ctx, enc)
}

// PublishRaw publishes an encoded consensus message as it is (tests of the
// topic's validation).
func (d *Driver) PublishRaw(ctx context.Context, b []byte) error { return d.topic.Publish(ctx, b) }

// PendingPayloads returns the payloads of parent and its ancestors that are
// notarized but not yet final, newest first: what a block proposed on
// parent comes after, beyond the executed state. A leader leaves their
// transactions out of its own payload.
func (d *Driver) PendingPayloads(parent consensus.Hash) [][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.core == nil {
		return nil
	}
	final := d.core.LastFinal().Hash
	var out [][]byte
	for h := parent; h != final && len(out) < maxPendingAncestors; {
		b, _, ok := d.core.Block(h)
		if !ok {
			break
		}
		out = append(out, b.Payload)
		h = b.Parent
	}
	return out
}

// maxPendingAncestors bounds the walk of PendingPayloads: more blocks than
// this between a proposal and the last final one mean finality stalled, and
// execution drops whatever repeats.
const maxPendingAncestors = 64

// MeshPeers is the consensus topic's mesh size.
func (d *Driver) MeshPeers() int { return d.topic.MeshPeers() }

// Stats are the core's counters (zero before Run).
func (d *Driver) Stats() consensus.Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.core == nil {
		return consensus.Stats{}
	}
	return d.core.Stats()
}
