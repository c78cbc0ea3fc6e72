package consensus

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxAhead   = 64
	DefaultMaxPayload = 4 << 20
)

// Config configures a Core.
type Config struct {
	// ChainID separates networks: it is in every signed byte string, and
	// messages of another chain are refused.
	ChainID uint64
	// Self is this node's address. A node outside Set follows the protocol
	// (final blocks, evidence) without ever voting or proposing.
	Self common.Address
	Set  *ValidatorSet
	// Genesis is the hash of the genesis block (height 0, view 0).
	Genesis Hash
	// Leader names the leader of a view; every node must use the same
	// function.
	Leader func(view uint64) common.Address
	// Timeout is how long a view may take before this node votes ⊥ (and,
	// while stuck, how often it retransmits). In the paper's model it is
	// 3Δ for a network delay bound Δ.
	Timeout time.Duration
	// ValidPayload judges a proposed payload given the block's height and
	// parent; it must be deterministic. nil accepts every payload.
	ValidPayload func(height uint64, parent Hash, payload []byte) error
	// PayloadHash computes Block.PayloadHash; nil means DefaultPayloadHash.
	PayloadHash func(payload []byte) Hash
	// MaxAhead is the window of views: messages more than MaxAhead views
	// ahead of the current view, or behind the last final view, are refused.
	// 0 means DefaultMaxAhead.
	MaxAhead uint64
	// MaxPayload caps a payload; 0 means DefaultMaxPayload. At most
	// MaxPayloadBytes.
	MaxPayload int
	// Resume restarts a node from a final block it already has; nil starts
	// from the genesis at view 1.
	Resume *Resume
}

// Resume is where a restarted node picks up.
type Resume struct {
	// Final is the last final block the node has (verified with VerifyFinal
	// or output by a previous run).
	Final BlockRef
	// View is the first view the node takes part in. It must be above every
	// view the node signed anything in before, or the node could sign two
	// conflicting messages: the caller persists the highest view it signed
	// for before sending, and resumes one above it.
	View uint64
}

// Stats are counters for metrics.
type Stats struct {
	View          uint64
	FinalView     uint64
	FinalHeight   uint64
	Timeouts      uint64 // ⊥ votes this node cast
	Notarizations uint64 // (view, hash) pairs seen notarized, ⊥ included
	Finalized     uint64 // blocks output final
	Evidence      uint64
	// Conflicts counts valid finalizations that contradict the final chain:
	// possible only if a third or more of the stake is Byzantine.
	Conflicts uint64
}

// Ready is what the core asks of its caller; see the package doc for the
// caller's duties.
type Ready struct {
	// Messages to multicast to every validator. Those that NeedsSignature
	// are unsigned: sign SigningBytes, set Signature, send, and hand the
	// signed message back with Step.
	Messages []Message
	// NextTimer is the virtual time at which to call Tick next (0 before
	// Start).
	NextTimer time.Duration
	// NeedPayload asks for the payload of the block this node leads;
	// answer with Propose.
	NeedPayload *NeedPayload
	// NeedBlocks are blocks to fetch from peers, each with its notarization;
	// hand them in with AddBlock.
	NeedBlocks []Hash
	// Final are newly final blocks with their proofs, in height order, each
	// exactly once.
	Final []FinalBlock
	// Evidence of misbehaviour, once per (signer, view, kind).
	Evidence []Evidence
}

// Core is the Simplex state machine of one node. It is not safe for
// concurrent use; it never blocks, starts goroutines, reads clocks or does
// I/O.
type Core struct {
	cfg         Config
	set         *ValidatorSet
	member      bool
	maxAhead    uint64
	payloadHash func([]byte) Hash
	startView   uint64

	now      time.Duration
	started  bool
	view     uint64
	target   uint64 // settle moves the view up to here
	deadline time.Duration

	views     map[uint64]*viewState
	blocks    map[Hash]*blockEntry
	orphans   map[Hash]struct{}
	final     BlockRef
	pending   []uint64        // views above the final one with a finalization, ascending
	requested map[Hash]uint64 // blocks asked for → the view after which they are moot
	propose   *NeedPayload    // outstanding payload request for the current view
	highFinal *Certificate    // the highest finalization, retransmitted to laggards

	out           Ready
	handed        handed
	timerReported time.Duration
	stats         Stats
}

// handed remembers what the last Ready gave out, for Advance.
type handed struct {
	messages, needBlocks, final, evidence int
	needPayload                           *NeedPayload
	timer                                 time.Duration
}

// New checks cfg and returns a core that has not started.
func New(cfg Config) (*Core, error) {
	if cfg.Set == nil {
		return nil, fmt.Errorf("consensus: config without a validator set")
	}
	if cfg.Leader == nil {
		return nil, fmt.Errorf("consensus: config without a leader schedule")
	}
	if cfg.Timeout <= 0 {
		return nil, fmt.Errorf("consensus: timeout %v, want > 0", cfg.Timeout)
	}
	if cfg.MaxAhead == 0 {
		cfg.MaxAhead = DefaultMaxAhead
	}
	if cfg.MaxPayload == 0 {
		cfg.MaxPayload = DefaultMaxPayload
	}
	if cfg.MaxPayload < 0 || cfg.MaxPayload > MaxPayloadBytes {
		return nil, fmt.Errorf("consensus: max payload %d, want 1 to %d", cfg.MaxPayload, MaxPayloadBytes)
	}
	c := &Core{
		cfg:         cfg,
		set:         cfg.Set,
		member:      cfg.Set.Contains(cfg.Self),
		maxAhead:    cfg.MaxAhead,
		payloadHash: cfg.PayloadHash,
		final:       BlockRef{Hash: cfg.Genesis},
		startView:   1,
		views:       make(map[uint64]*viewState),
		blocks:      make(map[Hash]*blockEntry),
		orphans:     make(map[Hash]struct{}),
		requested:   make(map[Hash]uint64),
	}
	if c.payloadHash == nil {
		c.payloadHash = DefaultPayloadHash
	}
	if r := cfg.Resume; r != nil {
		if r.View <= r.Final.View || r.View > MaxView {
			return nil, fmt.Errorf("consensus: resume at view %d, not above the final view %d", r.View, r.Final.View)
		}
		c.final, c.startView = r.Final, r.View
	}
	c.view = c.startView - 1
	return c, nil
}

// Start enters the first view at virtual time now.
func (c *Core) Start(now time.Duration) {
	if c.started {
		return
	}
	c.started = true
	c.now = max(c.now, now)
	c.raise(c.startView)
	c.settle()
}

// Tick moves the core's clock to now (virtual, monotonic; earlier values are
// ignored) and fires the view timer if it is due: the first time in a view
// the node votes ⊥, and every time it retransmits what peers need to catch
// up. Call it at Ready.NextTimer, and before stepping inputs, so that views
// entered while stepping start their timers at the right time.
func (c *Core) Tick(now time.Duration) {
	c.now = max(c.now, now)
	if !c.started || c.now < c.deadline {
		return
	}
	vs := c.viewAt(c.view)
	c.deadline = c.now + c.cfg.Timeout
	c.retransmit(vs)
	if c.member && !vs.votedBottom {
		c.stats.Timeouts++
		c.castVote(vs, Hash{})
	}
	c.settle()
}

// Step feeds one message from the network (or this node's own message,
// signed, handed back). m.From must be the authenticated signer, and the
// signatures must have been checked (Checker.VerifyMessage); Step judges
// everything else. An error means m was refused and changed nothing; see
// Benign.
func (c *Core) Step(m Message) error {
	if !c.started {
		return ErrNotStarted
	}
	if m.ChainID != c.cfg.ChainID {
		return fmt.Errorf("%w: %d, want %d", ErrWrongChain, m.ChainID, c.cfg.ChainID)
	}
	if err := m.check(); err != nil {
		return err
	}
	var err error
	switch m.Type {
	case MsgProposal:
		err = c.stepProposal(&m)
	case MsgVote, MsgFinalize:
		err = c.stepVote(&m)
	default:
		err = c.stepCertificate(m.Certificate())
	}
	if err != nil {
		return err
	}
	c.settle()
	return nil
}

// window refuses views outside [floor, view+MaxAhead].
func (c *Core) window(t MsgType, v uint64) error {
	if v < c.floor() {
		return fmt.Errorf("%w: %s of view %d, final view %d", ErrStale, t, v, c.final.View)
	}
	if v > c.view+c.maxAhead {
		return fmt.Errorf("%w: %s of view %d, current view %d", ErrTooFarAhead, t, v, c.view)
	}
	return nil
}

func (c *Core) stepVote(m *Message) error {
	if !c.set.Contains(m.From) {
		return fmt.Errorf("%w: %s of view %d from %s", ErrNotMember, m.Type, m.View, m.From)
	}
	if err := c.window(m.Type, m.View); err != nil {
		return err
	}
	vs := c.viewAt(m.View)
	if m.Type == MsgVote {
		return c.addVote(vs, m)
	}
	return c.addFinalize(vs, m)
}

func (c *Core) stepProposal(m *Message) error {
	b := m.Block
	if lead := c.cfg.Leader(m.View); m.From != lead {
		return fmt.Errorf("%w: proposal of view %d from %s, leader %s", ErrNotLeader, m.View, m.From, lead)
	}
	if err := c.window(m.Type, m.View); err != nil {
		return err
	}
	if len(b.Payload) > c.cfg.MaxPayload {
		return fmt.Errorf("%w: payload of %d bytes, at most %d", ErrMalformed, len(b.Payload), c.cfg.MaxPayload)
	}
	// Known proposals are recognized by their block hash before the payload
	// is hashed: a copy with another payload under the same header changes
	// nothing either.
	vs := c.views[m.View]
	if vs != nil {
		if p := vs.proposal; p != nil && p.Hash == m.Hash {
			return c.again(vs, p, m)
		}
		if vs.second != (Hash{}) {
			if vs.second == m.Hash {
				return fmt.Errorf("%w: second proposal of view %d", ErrDuplicate, m.View)
			}
			return fmt.Errorf("%w: third proposal of view %d from %s", ErrEquivocation, m.View, m.From)
		}
	}
	if c.payloadHash(b.Payload) != b.PayloadHash {
		return fmt.Errorf("%w: proposal of view %d", ErrBadPayloadHash, m.View)
	}
	// Judge the block where its parent is known; otherwise it waits as an
	// orphan and is judged when the parent arrives.
	live := m.View > c.final.View
	valid := int8(0)
	if p, known, linked := c.parentOf(b); live && known {
		if !follows(b, p) {
			return fmt.Errorf("%w: proposal of view %d at height %d on a parent of view %d, height %d",
				ErrBadLinkage, m.View, b.Height, p.View, p.Height)
		}
		if linked {
			if err := c.validPayload(b); err != nil {
				return err
			}
			valid = 1
		}
	}
	if live && c.blocks[m.Hash] == nil {
		c.insert(b, m.Hash, valid)
	}
	vs = c.viewAt(m.View)
	if vs.proposal == nil {
		vs.proposal = m
		return nil
	}
	vs.second = m.Hash
	c.catch(vs, vs.record(m.From), EvidenceProposals, vs.proposal, m)
	return nil
}

func (c *Core) validPayload(b *Block) error {
	if c.cfg.ValidPayload == nil {
		return nil
	}
	if err := c.cfg.ValidPayload(b.Height, b.Parent, b.Payload); err != nil {
		return fmt.Errorf("%w: view %d, height %d: %v", ErrInvalidPayload, b.View, b.Height, err)
	}
	return nil
}

func (c *Core) stepCertificate(cert Certificate) error {
	stake, err := cert.stakeIn(c.set)
	if err != nil {
		return err
	}
	if !c.set.HasQuorum(stake) {
		return fmt.Errorf("%w: %s of view %d holds %d of %d needed", ErrNoQuorum, cert.Type, cert.View, stake, c.set.Quorum())
	}
	// No upper bound: a certificate proves a quorum got there, and is how a
	// node that fell behind jumps forward.
	if cert.View < c.floor() {
		return fmt.Errorf("%w: %s of view %d, final view %d", ErrStale, cert.Type, cert.View, c.final.View)
	}
	vs := c.viewAt(cert.View)
	if cert.Type == MsgNotarization {
		if vs.notarized[cert.Hash] != nil {
			return fmt.Errorf("%w: notarization of view %d", ErrDuplicate, cert.View)
		}
		c.acceptNotarization(vs, cert)
		return nil
	}
	if vs.finalized != nil {
		return fmt.Errorf("%w: finalization of view %d", ErrDuplicate, cert.View)
	}
	c.acceptFinalization(vs, cert)
	return nil
}

// Propose answers NeedPayload: the core builds the block, multicasts the
// proposal and votes for it. It fails with ErrNoPayloadRequest (benign) if
// the view has moved on or timed out meanwhile.
func (c *Core) Propose(view uint64, payload []byte) error {
	np := c.propose
	if !c.started || np == nil || np.View != view || view != c.view {
		return fmt.Errorf("%w: view %d, current view %d", ErrNoPayloadRequest, view, c.view)
	}
	vs := c.viewAt(view)
	if vs.votedBottom || vs.proposal != nil {
		return fmt.Errorf("%w: view %d timed out or has its proposal", ErrNoPayloadRequest, view)
	}
	if len(payload) > c.cfg.MaxPayload {
		return fmt.Errorf("%w: payload of %d bytes, at most %d", ErrInvalidPayload, len(payload), c.cfg.MaxPayload)
	}
	b := &Block{View: view, Height: np.Height, Parent: np.Parent, PayloadHash: c.payloadHash(payload),
		Payload: bytes.Clone(payload)}
	if err := c.validPayload(b); err != nil {
		return err
	}
	h := b.Hash()
	m := Message{Type: MsgProposal, ChainID: c.cfg.ChainID, View: view, From: c.cfg.Self, Hash: h, Block: b}
	c.propose = nil
	c.out.NeedPayload = nil
	c.insert(b, h, 1)
	vs.proposal = &m
	c.send(m)
	c.settle()
	return nil
}

// AddBlock hands in a block the core asked for (NeedBlocks), with its
// notarization — whose signatures the caller checked (Checker). Errors are
// as for Step.
func (c *Core) AddBlock(b Block, cert Certificate) error {
	if !c.started {
		return ErrNotStarted
	}
	if cert.ChainID != c.cfg.ChainID {
		return fmt.Errorf("%w: %d, want %d", ErrWrongChain, cert.ChainID, c.cfg.ChainID)
	}
	if err := cert.checkShape(); err != nil {
		return err
	}
	h := b.Hash()
	if cert.Type != MsgNotarization || cert.View != b.View || cert.Hash != h || b.Height == 0 {
		return fmt.Errorf("%w: block of view %d with a %s of view %d", ErrMalformed, b.View, cert.Type, cert.View)
	}
	if len(b.Payload) > c.cfg.MaxPayload {
		return fmt.Errorf("%w: payload of %d bytes, at most %d", ErrMalformed, len(b.Payload), c.cfg.MaxPayload)
	}
	stake, err := cert.stakeIn(c.set)
	if err != nil {
		return err
	}
	if !c.set.HasQuorum(stake) {
		return fmt.Errorf("%w: notarization of view %d", ErrNoQuorum, cert.View)
	}
	if b.View <= c.final.View {
		return fmt.Errorf("%w: block of view %d, final view %d", ErrStale, b.View, c.final.View)
	}
	vs := c.views[b.View]
	known := c.blocks[h] != nil
	if known && vs != nil && vs.notarized[h] != nil {
		return fmt.Errorf("%w: block of view %d", ErrDuplicate, b.View)
	}
	if c.payloadHash(b.Payload) != b.PayloadHash {
		return fmt.Errorf("%w: block of view %d", ErrBadPayloadHash, b.View)
	}
	if p, ok, _ := c.parentOf(&b); ok && !follows(&b, p) {
		return fmt.Errorf("%w: block of view %d at height %d on a parent of view %d, height %d",
			ErrBadLinkage, b.View, b.Height, p.View, p.Height)
	}
	if !known {
		c.insert(&b, h, 0)
	}
	if vs = c.viewAt(b.View); vs.notarized[h] == nil {
		c.acceptNotarization(vs, cert)
	}
	c.satisfied(h)
	c.tryFinalize()
	c.settle()
	return nil
}

// raise schedules a move to view v (settle performs it).
func (c *Core) raise(v uint64) {
	if v > c.target {
		c.target = v
	}
}

// settle enters the highest view the node may be in, then proposes and
// votes where the rules allow, until nothing changes.
func (c *Core) settle() {
	if !c.started {
		return
	}
	for {
		if c.target > c.view {
			c.enter(c.target)
		}
		c.tryPropose()
		c.tryVote()
		if c.target <= c.view {
			return
		}
	}
}

func (c *Core) enter(v uint64) {
	c.view = v
	c.deadline = c.now + c.cfg.Timeout
	c.propose = nil
	c.out.NeedPayload = nil
	c.viewAt(v)
}

// tryPropose asks for a payload once this node leads the current view and
// knows a notarized chain reaching the view before it.
func (c *Core) tryPropose() {
	v := c.view
	if !c.member || c.cfg.Leader(v) != c.cfg.Self {
		return
	}
	vs := c.viewAt(v)
	if vs.askedPayload || vs.votedBottom || vs.proposal != nil {
		return
	}
	parent, ok := c.tip(v)
	if !ok {
		return
	}
	vs.askedPayload = true
	c.propose = &NeedPayload{View: v, Height: parent.Height + 1, Parent: parent.Hash}
	np := *c.propose
	c.out.NeedPayload = &np
}

// tryVote votes for the current view's first proposal once it extends the
// node's notarized chain, unless the node voted ⊥ or for a block there.
func (c *Core) tryVote() {
	vs := c.views[c.view]
	if !c.member || vs == nil || vs.votedBlock || vs.votedBottom || vs.proposal == nil {
		return
	}
	e := c.blocks[vs.proposal.Hash]
	if e == nil || !e.linked || e.valid < 0 || !c.extendsNotarized(&e.block) {
		return
	}
	if e.valid == 0 {
		e.valid = 1
		if c.validPayload(&e.block) != nil {
			e.valid = -1
			return
		}
	}
	c.castVote(vs, e.hash)
}

// retransmit re-sends, when the view timer fires, what a peer that lost
// messages needs: this node's messages of the view, the certificates that
// justify the view, the highest finalization, this node's unfinished
// Finalizes, and its outstanding requests.
func (c *Core) retransmit(vs *viewState) {
	if p := vs.proposal; p != nil && p.From == c.cfg.Self {
		c.send(unsigned(p))
	}
	if rec := vs.signers[c.cfg.Self]; rec != nil {
		for _, m := range []*Message{rec.block, rec.bottom} {
			if m != nil {
				c.send(unsigned(m))
			}
		}
	}
	for w := c.view - 1; w > c.final.View; w-- {
		ws := c.views[w]
		if ws == nil {
			break
		}
		if ws.hasBlock && ws.notarized[ws.block] != nil {
			c.send(ws.notarized[ws.block].Message())
			break
		}
		cert := ws.notarized[Hash{}]
		if !ws.bottom || cert == nil {
			break
		}
		c.send(cert.Message())
	}
	if c.highFinal != nil {
		c.send(c.highFinal.Message())
	}
	for w := c.view - 1; w > c.final.View && w+c.maxAhead >= c.view; w-- {
		if ws := c.views[w]; ws != nil {
			if rec := ws.signers[c.cfg.Self]; rec != nil && rec.finalize != nil {
				c.send(unsigned(rec.finalize))
			}
		}
	}
	hs := make([]Hash, 0, len(c.requested))
	for h := range c.requested {
		hs = append(hs, h)
	}
	slices.SortFunc(hs, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	for _, h := range hs {
		if !slices.Contains(c.out.NeedBlocks, h) {
			c.out.NeedBlocks = append(c.out.NeedBlocks, h)
		}
	}
	c.finalizePending(true)
	if c.propose != nil && c.out.NeedPayload == nil {
		np := *c.propose
		c.out.NeedPayload = &np
	}
}

func unsigned(m *Message) Message {
	u := *m
	u.Signature = nil
	return u
}

// HasReady reports whether Ready has anything new.
func (c *Core) HasReady() bool {
	o := &c.out
	return len(o.Messages) > 0 || len(o.NeedBlocks) > 0 || len(o.Final) > 0 || len(o.Evidence) > 0 ||
		o.NeedPayload != nil || (c.started && c.deadline != c.timerReported)
}

// Ready returns what the caller must do now. Call Advance once it is
// handled (anything the core produces in between is kept for the next
// Ready).
func (c *Core) Ready() Ready {
	rd := c.out
	if c.started {
		rd.NextTimer = c.deadline
	}
	c.handed = handed{
		messages: len(rd.Messages), needBlocks: len(rd.NeedBlocks), final: len(rd.Final),
		evidence: len(rd.Evidence), needPayload: rd.NeedPayload, timer: rd.NextTimer,
	}
	return rd
}

// Advance acknowledges the last Ready.
func (c *Core) Advance() {
	h := c.handed
	c.out.Messages = dropFront(c.out.Messages, h.messages)
	c.out.NeedBlocks = dropFront(c.out.NeedBlocks, h.needBlocks)
	c.out.Final = dropFront(c.out.Final, h.final)
	c.out.Evidence = dropFront(c.out.Evidence, h.evidence)
	if c.out.NeedPayload == h.needPayload {
		c.out.NeedPayload = nil
	}
	c.timerReported = h.timer
	c.handed = handed{}
}

// dropFront removes the first n elements without touching the backing
// array the caller may still hold.
func dropFront[T any](s []T, n int) []T {
	if n >= len(s) {
		return nil
	}
	return slices.Clone(s[n:])
}

// View is the current view.
func (c *Core) View() uint64 { return c.view }

// LastFinal is the last final block (the genesis before any).
func (c *Core) LastFinal() BlockRef { return c.final }

// FinalHeight is the height of the last final block.
func (c *Core) FinalHeight() uint64 { return c.final.Height }

// Block returns a non-final block the core holds with its notarization, to
// serve a peer's request; final blocks are the caller's to store and serve.
func (c *Core) Block(h Hash) (Block, Certificate, bool) {
	e := c.blocks[h]
	if e == nil {
		return Block{}, Certificate{}, false
	}
	vs := c.views[e.block.View]
	if vs == nil || vs.notarized[h] == nil {
		return Block{}, Certificate{}, false
	}
	return e.block, *vs.notarized[h], true
}

// Wants reports whether the core still waits for block h (asked for in
// Ready.NeedBlocks, neither delivered with its notarization nor made moot by
// finality), so that a caller whose fetch failed knows to try again.
func (c *Core) Wants(h Hash) bool {
	_, ok := c.requested[h]
	return ok
}

// Stats returns counters for metrics.
func (c *Core) Stats() Stats {
	s := c.stats
	s.View, s.FinalView, s.FinalHeight = c.view, c.final.View, c.final.Height
	return s
}

// Checker returns a Checker for this core's chain and validator set.
func (c *Core) Checker(v Verifier) Checker {
	return Checker{ChainID: c.cfg.ChainID, Set: c.set, Verifier: v, PayloadHash: c.cfg.PayloadHash}
}
