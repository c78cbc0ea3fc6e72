package outputs

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/gossip"
)

// TopicName is the gossip topic of output-root signatures:
// /l2/<network>/output_roots/1.
const TopicName = "output_roots"

// L2 is what the service reads of this node's own execution.
type L2 interface {
	// Head is the highest executed batch.
	Head() uint64
	// OutputRoot is the output root after batch n (bridge.Output.Root of
	// its state root and block hash), if n is executed here.
	OutputRoot(n uint64) (common.Hash, bool)
}

// Config configures New.
type Config struct {
	L1                   bridge.L1
	StateCommitmentChain common.Address
	L2ChainID            uint64
	// Interval is the number of batches one root covers (default 64).
	Interval uint64
	L2       L2
	// Key is the validator key output roots are signed with; nil on nodes
	// that do not sign.
	Key *ecdsa.PrivateKey
	// Sender submits roots that reached the threshold; nil on nodes that do
	// not submit.
	Sender *bridge.Sender
	// Router carries the signatures; nil keeps the service off gossip (it
	// still watches L1 and signs into its own pool).
	Router *gossip.Router
	// Poll is how often L1 is read (default 2s); Republish how often a
	// validator sends its signature of the root L1 waits for again
	// (default 10s), for peers that joined late or lost it.
	Poll, Republish time.Duration
	Log             *slog.Logger
	Registerer      prometheus.Registerer
}

// Mismatch is a root on L1 that differs from this node's output root after
// the same batch.
type Mismatch struct {
	Index  uint64      `json:"index"`
	Start  uint64      `json:"startBatch"`
	End    uint64      `json:"endBatch"`
	L1Root common.Hash `json:"l1Root"`
	Local  common.Hash `json:"localRoot"`
}

// Conflict is a validator's signature of a root other than this node's own
// for a range this node executed: a warning before anything reaches L1.
type Conflict struct {
	Signer common.Address `json:"signer"`
	Start  uint64         `json:"startBatch"`
	End    uint64         `json:"endBatch"`
	Root   common.Hash    `json:"root"`
	Local  common.Hash    `json:"localRoot"`
}

// Pending is a root still collecting signatures.
type Pending struct {
	Start       uint64           `json:"startBatch"`
	End         uint64           `json:"endBatch"`
	Root        common.Hash      `json:"outputRoot"`
	Signers     []common.Address `json:"signers"`
	SignedStake *big.Int         `json:"signedStake"`
}

// Status is what the service knows, for RPC and health.
type Status struct {
	Validator      common.Address `json:"validator,omitempty"` // zero unless this node signs
	InValidatorSet bool           `json:"inValidatorSet"`
	Submitter      common.Address `json:"submitter,omitempty"` // zero unless this node submits
	L1Roots        uint64         `json:"l1Roots"`
	NextBatch      uint64         `json:"nextBatch"`
	CommittedBatch uint64         `json:"committedBatch"` // the last batch a root on L1 covers
	FinalizedBatch uint64         `json:"finalizedBatch"` // the last batch a root past its challenge window covers
	SignedBatch    uint64         `json:"signedBatch"`    // the end of the last range this node signed
	TotalStake     *big.Int       `json:"totalStake"`
	Mismatches     []Mismatch     `json:"mismatches"`
	RootsAhead     int            `json:"rootsAhead"` // roots on L1 that end past this node's executed head
	Conflicts      []Conflict     `json:"conflicts"`
	Pending        []Pending      `json:"pending"`
	LastError      string         `json:"lastError,omitempty"`
}

// l1Root is a root as L1 holds it, and whether it was compared here.
type l1Root struct {
	bindings.StateCommitmentChainStateRoot
	compared bool
}

// view is the L1 state the service last read.
type view struct {
	stakes    map[common.Address]*big.Int
	total     *big.Int
	nextBatch uint64
	l1Time    uint64
	loaded    bool
}

// Service signs, gathers, submits and checks output roots.
type Service struct {
	cfg   Config
	log   *slog.Logger
	scc   *bindings.StateCommitmentChain
	sccC  *bind.BoundContract
	topic *gossip.Handle
	self  common.Address
	m     metrics

	mu         sync.Mutex
	view       view
	roots      []l1Root // the last roots on L1 (at most keep), from index base
	base       uint64
	keep       uint64
	pool       map[Range]map[common.Hash]map[common.Address][]byte
	signed     map[Range]common.Hash // this node's own roots
	signedTop  uint64
	republish  time.Time
	mismatches []Mismatch
	conflicts  []Conflict
	lastErr    string
	warnedSet  bool
	ahead      int // roots on L1 past this node's head, at the last compare
}

// maxConflicts bounds the conflicts kept for status; maxKnownRoots the
// roots read from L1 and compared: a week of roots at 64 one-second batches
// each is about 9,500, and older ones are final whatever this node says.
const (
	maxConflicts  = 64
	maxKnownRoots = 16384
)

// New builds the service and registers its topic.
func New(cfg Config) (*Service, error) {
	if cfg.L1 == nil || cfg.StateCommitmentChain == (common.Address{}) || cfg.L2 == nil {
		return nil, errors.New("outputs: needs an L1, the StateCommitmentChain address and the L2")
	}
	if cfg.Interval == 0 {
		cfg.Interval = 64
	}
	if cfg.Poll == 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Republish == 0 {
		cfg.Republish = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Service{
		cfg: cfg, log: cfg.Log, scc: bindings.NewStateCommitmentChain(),
		pool:   map[Range]map[common.Hash]map[common.Address][]byte{},
		signed: map[Range]common.Hash{},
		keep:   maxKnownRoots,
		m:      newMetrics(cfg.Registerer),
	}
	s.sccC = s.scc.Instance(cfg.L1, cfg.StateCommitmentChain)
	if cfg.Key != nil {
		s.self = crypto.PubkeyToAddress(cfg.Key.PublicKey)
	}
	if cfg.Router != nil {
		var err error
		if s.topic, err = cfg.Router.Register(gossip.Topic{
			Name: TopicName, Version: 1, MaxPayload: MaxMessage,
			Window:   gossip.TimeWindow{MaxAge: time.Hour, MaxFuture: 5 * time.Second, Slack: time.Minute},
			Validate: s.validate,
			Score:    gossip.TopicScore{Weight: 1, InvalidWeight: -100},
		}); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// SetSender makes the service submit roots that reach the threshold, for a
// sender that could only be made once the L1 was reachable. Call it before
// Run.
func (s *Service) SetSender(snd *bridge.Sender) { s.cfg.Sender = snd }

// validate admits a signature from a member of the L1 validator set.
func (s *Service) validate(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
	m, err := Unmarshal(payload)
	if err != nil {
		return nil, gossip.Reject, err
	}
	signer, err := m.Signer(s.cfg.L2ChainID)
	if err != nil {
		return nil, gossip.Reject, err
	}
	s.mu.Lock()
	loaded, stake := s.view.loaded, s.view.stakes[signer]
	s.mu.Unlock()
	switch {
	case !loaded:
		return nil, gossip.Ignore, errors.New("outputs: validator set not read from L1 yet")
	case stake == nil:
		return nil, gossip.Reject, fmt.Errorf("outputs: %s is not a validator", signer)
	}
	return signed{Signed: m, signer: signer}, gossip.Accept, nil
}

// Deliver takes a signature that arrived by other means than gossip (an RPC
// call, a test): checked like a gossiped one, then pooled.
func (s *Service) Deliver(payload []byte) error {
	d, res, err := s.validate(context.Background(), "", payload)
	if res != gossip.Accept {
		return err
	}
	sm := d.(signed)
	s.add(sm.Signed, sm.signer)
	return nil
}

type signed struct {
	*Signed
	signer common.Address
}

// Run reads gossip and steps every Poll until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	if s.topic != nil {
		sub, err := s.topic.Subscribe()
		if err != nil {
			return err
		}
		go func() {
			defer sub.Cancel()
			for {
				m, err := sub.Next(ctx)
				if err != nil {
					return
				}
				if sm, ok := m.Decoded.(signed); ok {
					s.add(sm.Signed, sm.signer)
				}
			}
		}()
	}
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		if err := s.Step(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("output roots: step failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Step reads L1, compares its new roots with this node's, signs the ranges
// this node executed, and submits what reached the threshold.
func (s *Service) Step(ctx context.Context) error {
	err := s.step(ctx)
	s.mu.Lock()
	s.lastErr = ""
	if err != nil {
		s.lastErr = err.Error()
	}
	s.mu.Unlock()
	return err
}

func (s *Service) step(ctx context.Context) error {
	if err := s.refresh(ctx); err != nil {
		return err
	}
	s.compare()
	if s.cfg.Key != nil {
		if err := s.sign(ctx); err != nil {
			return err
		}
	}
	if s.cfg.Sender != nil {
		return s.submit(ctx)
	}
	return nil
}

// refresh reads the validator set, the next batch, the L1 time and the roots
// added (or deleted) since the last read.
func (s *Service) refresh(ctx context.Context) error {
	vs, err := bind.Call(s.sccC, &bind.CallOpts{Context: ctx}, s.scc.PackValidators(), s.scc.UnpackValidators)
	if err != nil {
		return fmt.Errorf("outputs: read validators: %w", err)
	}
	next, err := bind.Call(s.sccC, &bind.CallOpts{Context: ctx}, s.scc.PackNextBatch(), s.scc.UnpackNextBatch)
	if err != nil {
		return fmt.Errorf("outputs: read next batch: %w", err)
	}
	count, err := bind.Call(s.sccC, &bind.CallOpts{Context: ctx}, s.scc.PackRootCount(), s.scc.UnpackRootCount)
	if err != nil {
		return fmt.Errorf("outputs: read root count: %w", err)
	}
	head, err := s.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("outputs: read L1 head: %w", err)
	}
	stakes := make(map[common.Address]*big.Int, len(vs.Addrs))
	total := new(big.Int)
	for i, a := range vs.Addrs {
		stakes[a] = vs.Stakes[i]
		total.Add(total, vs.Stakes[i])
	}
	s.mu.Lock()
	base, known := s.base, append([]l1Root(nil), s.roots...)
	s.mu.Unlock()
	n := count.Uint64()
	if base+uint64(len(known)) > n { // deleted by a fraud proof
		if n <= base {
			base, known = n, nil
		} else {
			known = known[:n-base]
		}
	}
	// A root replaced after a deletion keeps the count: walk back from the
	// last known root until L1 agrees.
	for len(known) > 0 {
		i := len(known) - 1
		r, err := bind.Call(s.sccC, &bind.CallOpts{Context: ctx}, s.scc.PackGetRoot(new(big.Int).SetUint64(base+uint64(i))), s.scc.UnpackGetRoot)
		if err != nil {
			return fmt.Errorf("outputs: read root %d: %w", base+uint64(i), err)
		}
		// NB: a root is the same while its output root and submission time are.
		if k := known[i]; r.OutputRoot == k.OutputRoot && r.SubmittedAt == k.SubmittedAt && r.StartBatch == k.StartBatch {
			break
		}
		known = known[:i]
	}
	if len(known) == 0 && n > base+s.keep {
		base = n - s.keep // older roots are past any challenge window
	}
	for i := base + uint64(len(known)); i < n; i++ {
		r, err := bind.Call(s.sccC, &bind.CallOpts{Context: ctx}, s.scc.PackGetRoot(new(big.Int).SetUint64(i)), s.scc.UnpackGetRoot)
		if err != nil {
			return fmt.Errorf("outputs: read root %d: %w", i, err)
		}
		known = append(known, l1Root{StateCommitmentChainStateRoot: r})
	}
	if drop := len(known) - int(s.keep); drop > 0 {
		known, base = known[drop:], base+uint64(drop)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.view = view{stakes: stakes, total: total, nextBatch: next.Uint64(), l1Time: head.Time, loaded: true}
	s.roots, s.base = known, base
	for r := range s.pool {
		if r.End < s.view.nextBatch {
			delete(s.pool, r)
		}
	}
	for r := range s.signed {
		if r.End < s.view.nextBatch && r.End+s.cfg.Interval*4 < s.signedTop {
			delete(s.signed, r)
		}
	}
	committed, finalized := s.headsLocked()
	s.m.committed.Set(float64(committed))
	s.m.finalized.Set(float64(finalized))
	if s.cfg.Key != nil && stakes[s.self] == nil && !s.warnedSet {
		s.warnedSet = true
		s.log.Warn("this validator's key is not in the L1 validator set: its signatures will not count", "validator", s.self)
	}
	return nil
}

// headsLocked returns the last batch covered by a root on L1 and by a root
// past its challenge window.
func (s *Service) headsLocked() (committed, finalized uint64) {
	for i := len(s.roots) - 1; i >= 0; i-- {
		r := s.roots[i]
		if committed == 0 {
			committed = r.EndBatch
		}
		if r.FinalizedAt <= s.view.l1Time {
			finalized = r.EndBatch
			break
		}
	}
	return committed, finalized
}

// compare checks every root on L1 this node has executed against its own
// state root after the same batch.
func (s *Service) compare() {
	head := s.cfg.L2.Head()
	s.mu.Lock()
	defer s.mu.Unlock()
	ahead := 0
	for i := range s.roots {
		r := &s.roots[i]
		if r.EndBatch > head {
			ahead++
		}
		if r.compared || r.EndBatch > head {
			continue
		}
		local, ok := s.cfg.L2.OutputRoot(r.EndBatch)
		if !ok {
			continue
		}
		r.compared = true
		if local == r.OutputRoot {
			continue
		}
		mm := Mismatch{Index: s.base + uint64(i), Start: r.StartBatch, End: r.EndBatch, L1Root: r.OutputRoot, Local: local}
		s.mismatches = append(s.mismatches, mm)
		s.m.mismatches.Inc()
		s.log.Error("L1 holds an output root that differs from this node's state: challenge it before its window closes",
			"index", mm.Index, "batches", Range{mm.Start, mm.End}, "l1_root", mm.L1Root, "local_root", mm.Local)
	}
	s.ahead = ahead
	s.m.ahead.Set(float64(ahead))
}

// toSign lists the ranges this node may sign now: from L1's next batch on,
// every range it executed, at most 64.
func (s *Service) toSign(head uint64) []Range {
	s.mu.Lock()
	next := s.view.nextBatch
	s.mu.Unlock()
	var out []Range
	r := GridRange(max(next, 1), s.cfg.Interval)
	r.Start = max(next, 1)
	for r.End <= head && len(out) < 64 {
		out = append(out, r)
		r = Range{Start: r.End + 1, End: r.End + s.cfg.Interval}
	}
	return out
}

// sign signs the executed ranges not yet signed, adds the signatures to the
// pool and gossips them; the range L1 waits for is sent again every
// Republish.
func (s *Service) sign(ctx context.Context) error {
	head := s.cfg.L2.Head()
	if s.lastRootWrong() {
		// NB: a validator does not build on a root it disputes. Its
		// signature of the next range would let that range stand on a
		// wrong pre-state, where no defender can open it in a dispute
		// (docs/fraud-proofs.md): the range could fall and take this
		// validator's stake with it.
		return nil
	}
	for i, r := range s.toSign(head) {
		root, ok := s.cfg.L2.OutputRoot(r.End)
		if !ok {
			return nil // pruned or not yet executed: nothing to sign
		}
		s.mu.Lock()
		prev, done := s.signed[r]
		due := i == 0 && time.Since(s.republish) >= s.cfg.Republish
		s.mu.Unlock()
		if done && prev == root && !due {
			continue
		}
		sig, err := bridge.SignOutputRoot(s.cfg.Key, s.cfg.L2ChainID, r.Start, r.End, root)
		if err != nil {
			return err
		}
		m := &Signed{StartBatch: r.Start, EndBatch: r.End, OutputRoot: root, Signature: sig.Signature}
		s.add(m, s.self)
		s.mu.Lock()
		if !done {
			s.m.signed.Inc()
		}
		s.signed[r] = root
		s.signedTop = max(s.signedTop, r.End)
		if i == 0 {
			s.republish = time.Now()
		}
		s.mu.Unlock()
		if s.topic != nil {
			if err := s.topic.Publish(ctx, m.Marshal()); err != nil && ctx.Err() == nil {
				s.log.Debug("publishing an output-root signature failed", "range", r, "err", err)
			}
		}
	}
	return nil
}

// lastRootWrong reports whether the last root on L1 differs from this node's
// output after the same batch (the mismatch alert's case).
func (s *Service) lastRootWrong() bool {
	s.mu.Lock()
	if len(s.roots) == 0 {
		s.mu.Unlock()
		return false
	}
	last := s.roots[len(s.roots)-1]
	s.mu.Unlock()
	local, ok := s.cfg.L2.OutputRoot(last.EndBatch)
	return ok && local != common.Hash(last.OutputRoot)
}

// add puts a verified signature into the pool and notes a signature of a
// root this node computed differently.
func (s *Service) add(m *Signed, signer common.Address) {
	r := Range{m.StartBatch, m.EndBatch}
	local, executed := s.cfg.L2.OutputRoot(m.EndBatch)
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.End < s.view.nextBatch {
		return // committed already
	}
	s.m.received.Inc()
	if executed && local != m.OutputRoot && signer != s.self {
		s.m.conflicts.Inc()
		if len(s.conflicts) < maxConflicts {
			s.conflicts = append(s.conflicts, Conflict{Signer: signer, Start: r.Start, End: r.End, Root: m.OutputRoot, Local: local})
		}
		s.log.Warn("a validator signed an output root that differs from this node's", "signer", signer, "range", r, "root", m.OutputRoot, "local_root", local)
	}
	byRoot := s.pool[r]
	if byRoot == nil {
		if len(s.pool) >= maxPoolRanges {
			return
		}
		byRoot = map[common.Hash]map[common.Address][]byte{}
		s.pool[r] = byRoot
	}
	sigs := byRoot[m.OutputRoot]
	if sigs == nil {
		if len(byRoot) >= maxRootsPerRange {
			return
		}
		sigs = map[common.Address][]byte{}
		byRoot[m.OutputRoot] = sigs
	}
	sigs[signer] = m.Signature
}

// Caps on the pool: ranges ahead of L1, and different roots per range
// (honest validators sign one; more means a third of them lie).
const (
	maxPoolRanges    = 4096
	maxRootsPerRange = 8
)

// ready returns the range starting at L1's next batch and a root for it
// whose signers hold two thirds of the stake, preferring this node's own.
func (s *Service) ready() (Range, common.Hash, [][]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.view.nextBatch
	var best *Range
	for r := range s.pool {
		if r.Start == next && (best == nil || r.End > best.End) {
			best = &r
		}
	}
	if best == nil || s.view.total.Sign() == 0 {
		return Range{}, common.Hash{}, nil, false
	}
	local, executed := s.cfg.L2.OutputRoot(best.End)
	roots := make([]common.Hash, 0, len(s.pool[*best]))
	for root := range s.pool[*best] {
		roots = append(roots, root)
	}
	slices.SortFunc(roots, func(a, b common.Hash) int {
		switch {
		case executed && a == local:
			return -1
		case executed && b == local:
			return 1
		}
		return a.Cmp(b)
	})
	for _, root := range roots {
		var list []bridge.OutputRootSignature
		signedStake := new(big.Int)
		for a, sig := range s.pool[*best][root] {
			if st := s.view.stakes[a]; st != nil {
				signedStake.Add(signedStake, st)
				list = append(list, bridge.OutputRootSignature{Signer: a, Signature: sig})
			}
		}
		// 3·signed ≥ 2·total, as the contract requires.
		if new(big.Int).Mul(signedStake, big.NewInt(3)).Cmp(new(big.Int).Mul(s.view.total, big.NewInt(2))) >= 0 {
			return *best, root, bridge.SubmissionSignatures(list), true
		}
	}
	return Range{}, common.Hash{}, nil, false
}

// submit sends the roots that reached the threshold, in order, while L1
// takes them.
func (s *Service) submit(ctx context.Context) error {
	for range 8 {
		r, root, sigs, ok := s.ready()
		if !ok {
			return nil
		}
		data := s.scc.PackSubmitStateRoot(new(big.Int).SetUint64(r.Start), new(big.Int).SetUint64(r.End), root, sigs)
		rec, err := s.cfg.Sender.Send(ctx, s.cfg.StateCommitmentChain, data, nil, 0)
		if err != nil {
			if bridge.RevertName(err) == "InvalidRange" {
				// Another relayer was first: harmless.
				s.log.Debug("output root submitted by someone else first", "range", r)
				if err := s.refresh(ctx); err != nil {
					return err
				}
				continue
			}
			s.m.submitErrors.Inc()
			return fmt.Errorf("outputs: submit root of %s: %w", r, err)
		}
		s.m.submitted.Inc()
		s.log.Info("output root submitted to L1", "range", r, "root", root, "signatures", len(sigs), "l1_tx", rec.TxHash, "gas", rec.GasUsed)
		if err := s.refresh(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Status reports what the service knows.
func (s *Service) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	committed, finalized := s.headsLocked()
	st := Status{
		Validator: s.self, InValidatorSet: s.view.stakes[s.self] != nil && s.cfg.Key != nil,
		L1Roots: s.base + uint64(len(s.roots)), NextBatch: s.view.nextBatch,
		CommittedBatch: committed, FinalizedBatch: finalized, SignedBatch: s.signedTop,
		TotalStake: s.view.total,
		Mismatches: slices.Clone(s.mismatches), RootsAhead: s.ahead, Conflicts: slices.Clone(s.conflicts),
		Pending: []Pending{}, LastError: s.lastErr,
	}
	if s.cfg.Sender != nil {
		st.Submitter = s.cfg.Sender.Address()
	}
	if st.Mismatches == nil {
		st.Mismatches = []Mismatch{}
	}
	if st.Conflicts == nil {
		st.Conflicts = []Conflict{}
	}
	for r, byRoot := range s.pool {
		for root, sigs := range byRoot {
			p := Pending{Start: r.Start, End: r.End, Root: root, SignedStake: new(big.Int)}
			for a := range sigs {
				p.Signers = append(p.Signers, a)
				if st := s.view.stakes[a]; st != nil {
					p.SignedStake.Add(p.SignedStake, st)
				}
			}
			slices.SortFunc(p.Signers, func(a, b common.Address) int { return a.Cmp(b) })
			st.Pending = append(st.Pending, p)
		}
	}
	slices.SortFunc(st.Pending, func(a, b Pending) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return a.Root.Cmp(b.Root)
	})
	return st
}

// Heads returns the last batch a root on L1 covers and the last one a root
// past its challenge window covers (0 before any); known is false until L1
// was read.
func (s *Service) Heads() (committed, finalized uint64, known bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	committed, finalized = s.headsLocked()
	return committed, finalized, s.view.loaded
}
