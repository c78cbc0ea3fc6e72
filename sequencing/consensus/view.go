package consensus

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// viewState is everything the core knows about one view.
type viewState struct {
	view uint64

	// proposal is the first proposal from the view's leader that passed the
	// checks possible on arrival; the only one this node may vote for.
	proposal *Message
	// second is the hash of a conflicting proposal from the same leader.
	second Hash

	signers   map[common.Address]*record
	votes     map[Hash]*tally // by block hash; the zero hash tallies ⊥
	finalizes map[Hash]*tally

	// notarized holds a key for every (view, hash) seen notarized, by a
	// quorum of votes or by a certificate; the value is the certificate once
	// a full one is at hand (own signatures come back after a Ready cycle).
	notarized map[Hash]*Certificate
	block     Hash // the first block seen notarized here
	hasBlock  bool
	bottom    bool // ⊥ notarized

	finalized *Certificate

	// This node's own actions in the view.
	votedBlock   bool
	votedBottom  bool
	sentFinalize bool
	askedPayload bool
	forwarded    map[Hash]bool // notarizations already multicast
}

// record is what one signer has sent in a view: at most one message of each
// slot is kept (a conflicting second one becomes evidence).
type record struct {
	block, bottom, finalize *Message
	caught                  uint8 // bit 1<<kind per evidence kind emitted
}

// tally counts the stake behind one (view, hash). signed is the part whose
// signatures the core holds: a certificate can be built once it is a quorum.
type tally struct {
	stake, signed uint64
	voters        []common.Address
}

func (c *Core) viewAt(v uint64) *viewState {
	vs := c.views[v]
	if vs == nil {
		vs = &viewState{
			view:      v,
			signers:   make(map[common.Address]*record),
			votes:     make(map[Hash]*tally),
			finalizes: make(map[Hash]*tally),
			notarized: make(map[Hash]*Certificate),
			forwarded: make(map[Hash]bool),
		}
		c.views[v] = vs
	}
	return vs
}

func (vs *viewState) record(a common.Address) *record {
	r := vs.signers[a]
	if r == nil {
		r = &record{}
		vs.signers[a] = r
	}
	return r
}

func (vs *viewState) isNotarized(h Hash) bool {
	_, ok := vs.notarized[h]
	return ok
}

// own builds an unsigned message signed, once the caller signs it, by this
// node.
func (c *Core) own(t MsgType, view uint64, h Hash) Message {
	return Message{Type: t, ChainID: c.cfg.ChainID, View: view, From: c.cfg.Self, Hash: h}
}

// send queues a message for the caller to sign (if it needs it) and multicast.
func (c *Core) send(m Message) { c.out.Messages = append(c.out.Messages, m) }

// castVote sends this node's vote for (view, h) and counts it at once.
func (c *Core) castVote(vs *viewState, h Hash) {
	if h == (Hash{}) {
		vs.votedBottom = true
	} else {
		vs.votedBlock = true
	}
	m := c.own(MsgVote, vs.view, h)
	c.send(m)
	_ = c.addVote(vs, &m)
}

// addVote records and counts a vote: from Step, from this node, or taken out
// of a certificate.
func (c *Core) addVote(vs *viewState, m *Message) error {
	rec := vs.record(m.From)
	if m.Hash == (Hash{}) {
		if prev := rec.bottom; prev != nil {
			return c.again(vs, prev, m)
		}
		rec.bottom = m
		if rec.finalize != nil {
			c.catch(vs, rec, EvidenceFinalizeBottom, rec.finalize, m)
		}
	} else {
		if prev := rec.block; prev != nil {
			if prev.Hash == m.Hash {
				return c.again(vs, prev, m)
			}
			if !c.catch(vs, rec, EvidenceVotes, prev, m) {
				return fmt.Errorf("%w: vote of view %d from %s", ErrEquivocation, vs.view, m.From)
			}
			return nil // evidence; the second vote is not counted
		}
		rec.block = m
	}
	t := vs.votes[m.Hash]
	if t == nil {
		t = &tally{}
		vs.votes[m.Hash] = t
	}
	c.count(t, m)
	c.checkNotarization(vs, m.Hash, t)
	return nil
}

// addFinalize records and counts a Finalize.
func (c *Core) addFinalize(vs *viewState, m *Message) error {
	rec := vs.record(m.From)
	if prev := rec.finalize; prev != nil {
		if prev.Hash == m.Hash {
			return c.again(vs, prev, m)
		}
		if !c.catch(vs, rec, EvidenceFinalizes, prev, m) {
			return fmt.Errorf("%w: finalize of view %d from %s", ErrEquivocation, vs.view, m.From)
		}
		return nil
	}
	rec.finalize = m
	if rec.bottom != nil {
		c.catch(vs, rec, EvidenceFinalizeBottom, rec.bottom, m)
	}
	t := vs.finalizes[m.Hash]
	if t == nil {
		t = &tally{}
		vs.finalizes[m.Hash] = t
	}
	c.count(t, m)
	c.checkFinalization(vs, m.Hash, t)
	return nil
}

func (c *Core) count(t *tally, m *Message) {
	st := c.set.StakeOf(m.From)
	t.stake += st
	if m.Signature != nil {
		t.signed += st
	}
	t.voters = append(t.voters, m.From)
}

// again handles a message the core already holds. If the held copy lacks
// its signature (this node's own message, handed back signed by the caller)
// the signature is attached, which may complete a certificate. This node's
// own messages coming back are never an error; anything else is a duplicate.
func (c *Core) again(vs *viewState, prev, m *Message) error {
	if prev.Signature == nil && m.Signature != nil {
		prev.Signature = m.Signature
		st := c.set.StakeOf(m.From)
		switch {
		case m.Type == MsgVote:
			t := vs.votes[m.Hash]
			t.signed += st
			c.checkNotarization(vs, m.Hash, t)
		case m.Type == MsgFinalize:
			t := vs.finalizes[m.Hash]
			t.signed += st
			c.checkFinalization(vs, m.Hash, t)
		}
		return nil
	}
	if m.From == c.cfg.Self {
		return nil
	}
	return fmt.Errorf("%w: %s of view %d from %s", ErrDuplicate, m.Type, vs.view, m.From)
}

// catch emits evidence once per (signer, view, kind); it reports whether it
// did.
func (c *Core) catch(vs *viewState, rec *record, kind EvidenceKind, a, b *Message) bool {
	if rec.caught&(1<<kind) != 0 {
		return false
	}
	rec.caught |= 1 << kind
	c.out.Evidence = append(c.out.Evidence, Evidence{Kind: kind, Signer: b.From, View: vs.view, A: *a, B: *b})
	c.stats.Evidence++
	return true
}

func (c *Core) checkNotarization(vs *viewState, h Hash, t *tally) {
	if !vs.isNotarized(h) && c.set.HasQuorum(t.stake) {
		c.onNotarized(vs, h, nil)
	}
	if vs.notarized[h] == nil && c.set.HasQuorum(t.signed) {
		c.onNotarizationCert(vs, c.certify(vs, MsgNotarization, h, t))
	}
}

func (c *Core) checkFinalization(vs *viewState, h Hash, t *tally) {
	if vs.finalized == nil && c.set.HasQuorum(t.signed) {
		c.onFinalizationCert(vs, c.certify(vs, MsgFinalization, h, t))
	}
}

// certify builds a certificate from the signed messages behind a tally.
func (c *Core) certify(vs *viewState, t MsgType, h Hash, tl *tally) Certificate {
	cert := Certificate{Type: t, ChainID: c.cfg.ChainID, View: vs.view, Hash: h}
	for _, a := range tl.voters {
		rec := vs.signers[a]
		m := rec.finalize
		if t == MsgNotarization {
			m = rec.block
			if h == (Hash{}) {
				m = rec.bottom
			}
		}
		if m != nil && m.Hash == h && m.Signature != nil {
			cert.Sigs = append(cert.Sigs, Sig{Signer: a, Signature: m.Signature})
		}
	}
	slices.SortFunc(cert.Sigs, func(x, y Sig) int { return bytes.Compare(x.Signer[:], y.Signer[:]) })
	return cert
}

// onNotarized runs once per (view, hash) when the node learns it is
// notarized, with the certificate if one came with the news. Leaving a view on a block notarization sends Finalize unless
// the node voted ⊥ there.
func (c *Core) onNotarized(vs *viewState, h Hash, cert *Certificate) {
	vs.notarized[h] = cert
	c.stats.Notarizations++
	if h == (Hash{}) {
		vs.bottom = true
	} else {
		if !vs.hasBlock {
			vs.block, vs.hasBlock = h, true
		}
		if vs.view > c.final.View {
			if e := c.blocks[h]; e == nil {
				c.request(h, vs.view)
			} else {
				c.seekAncestors(e, vs.view)
			}
		}
	}
	if vs.view < c.view {
		return
	}
	// The node leaves vs.view now (settle moves it past), so it will never
	// vote ⊥ there: Finalize is safe unless it already did.
	if h != (Hash{}) && c.member && !vs.votedBottom && !vs.sentFinalize {
		vs.sentFinalize = true
		m := c.own(MsgFinalize, vs.view, h)
		c.send(m)
		_ = c.addFinalize(vs, &m)
	}
	c.raise(vs.view + 1)
}

// onNotarizationCert stores a full notarization certificate and multicasts
// it once, so that laggards catch up.
func (c *Core) onNotarizationCert(vs *viewState, cert Certificate) {
	h := cert.Hash
	if vs.isNotarized(h) {
		vs.notarized[h] = &cert
	} else {
		c.onNotarized(vs, h, &cert)
	}
	if vs.view > c.final.View && !vs.forwarded[h] {
		vs.forwarded[h] = true
		c.send(cert.Message())
	}
	if h != (Hash{}) {
		c.satisfied(h)
		if len(c.pending) > 0 {
			c.tryFinalize()
		}
	}
}

// onFinalizationCert stores a finalization, multicasts it and outputs what
// it makes final.
func (c *Core) onFinalizationCert(vs *viewState, cert Certificate) {
	if vs.finalized != nil {
		return
	}
	vs.finalized = &cert
	if vs.view <= c.final.View {
		return
	}
	c.send(cert.Message())
	if c.highFinal == nil || c.highFinal.View < vs.view {
		c.highFinal = &cert
	}
	if vs.view >= c.view {
		c.raise(vs.view + 1)
	}
	i, _ := slices.BinarySearch(c.pending, vs.view)
	c.pending = slices.Insert(c.pending, i, vs.view)
	if c.blocks[cert.Hash] == nil {
		c.request(cert.Hash, vs.view)
	}
	c.tryFinalize()
}

// acceptNotarization takes a verified notarization from the network, then
// files each signature as a vote: a signer's conflicting votes are caught
// even when one reached this node only inside a certificate.
func (c *Core) acceptNotarization(vs *viewState, cert Certificate) {
	c.onNotarizationCert(vs, cert)
	for _, s := range cert.Sigs {
		m := Message{Type: MsgVote, ChainID: cert.ChainID, View: cert.View, From: s.Signer, Hash: cert.Hash, Signature: s.Signature}
		_ = c.addVote(vs, &m)
	}
}

// acceptFinalization is acceptNotarization for finalizations.
func (c *Core) acceptFinalization(vs *viewState, cert Certificate) {
	c.onFinalizationCert(vs, cert)
	for _, s := range cert.Sigs {
		m := Message{Type: MsgFinalize, ChainID: cert.ChainID, View: cert.View, From: s.Signer, Hash: cert.Hash, Signature: s.Signature}
		_ = c.addFinalize(vs, &m)
	}
}
