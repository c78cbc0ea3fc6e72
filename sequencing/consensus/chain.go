package consensus

import "slices"

// blockEntry is a block the core holds: proposed, fetched, or its own.
type blockEntry struct {
	block Block
	hash  Hash
	// linked: connected to the last final block through parents whose
	// heights and views were checked. Blocks waiting for a parent are
	// orphans.
	linked bool
	// valid caches Config.ValidPayload: 0 not asked, 1 valid, -1 invalid.
	valid int8
}

func (e *blockEntry) ref() BlockRef {
	return BlockRef{Hash: e.hash, View: e.block.View, Height: e.block.Height}
}

// follows reports whether b may be p's child: one height up, a later view.
func follows(b *Block, p BlockRef) bool { return b.Height == p.Height+1 && b.View > p.View }

// parentOf returns b's parent if the core holds it (the last final block or
// a block entry) and whether that parent is linked.
func (c *Core) parentOf(b *Block) (p BlockRef, known, linked bool) {
	if b.Parent == c.final.Hash {
		return c.final, true, true
	}
	if e := c.blocks[b.Parent]; e != nil {
		return e.ref(), true, e.linked
	}
	return BlockRef{}, false, false
}

// insert stores a block whose linkage to a known parent was checked.
func (c *Core) insert(b *Block, h Hash, valid int8) *blockEntry {
	e := &blockEntry{block: *b, hash: h, valid: valid}
	c.blocks[h] = e
	if _, _, linked := c.parentOf(b); linked {
		c.link(e)
	} else {
		c.orphans[h] = struct{}{}
		if vs := c.views[b.View]; vs != nil && vs.isNotarized(h) {
			c.seekAncestors(e, b.View)
		}
	}
	c.satisfied(h)
	return e
}

// link marks e linked and adopts the orphans waiting for it, transitively;
// an orphan that does not follow its parent is dropped.
func (c *Core) link(e *blockEntry) {
	stack := []*blockEntry{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x.linked = true
		delete(c.orphans, x.hash)
		for h := range c.orphans {
			o := c.blocks[h]
			if o.block.Parent != x.hash {
				continue
			}
			if follows(&o.block, x.ref()) {
				stack = append(stack, o)
			} else {
				delete(c.blocks, h)
				delete(c.orphans, h)
			}
		}
	}
}

// tip finds the block a leader of view v builds on: the latest notarized
// block (linked, so its height is sure) such that every later view before v
// is notarized ⊥ — the end of a notarized chain reaching v-1.
func (c *Core) tip(v uint64) (BlockRef, bool) {
	for w := v - 1; w > c.final.View; w-- {
		vs := c.views[w]
		if vs == nil {
			return BlockRef{}, false
		}
		if vs.hasBlock {
			if e := c.blocks[vs.block]; e != nil && e.linked {
				return e.ref(), true
			}
		}
		if !vs.bottom {
			return BlockRef{}, false
		}
	}
	return c.final, v > c.final.View
}

// extendsNotarized reports whether b extends the node's notarized chain:
// its parent is the last final block or a notarized linked block, and every
// view strictly between the parent's and b's is notarized ⊥.
func (c *Core) extendsNotarized(b *Block) bool {
	pv := c.final.View
	if b.Parent != c.final.Hash {
		p := c.blocks[b.Parent]
		if p == nil || !p.linked {
			return false
		}
		ps := c.views[p.block.View]
		if ps == nil || !ps.isNotarized(b.Parent) {
			return false
		}
		pv = p.block.View
	}
	for w := pv + 1; w < b.View; w++ {
		ws := c.views[w]
		if ws == nil || !ws.bottom {
			return false
		}
	}
	return true
}

// seekAncestors asks for the first missing ancestor of a notarized block
// that is not linked: a node that missed some notarizations learns of the
// blocks they named through the parent hashes of later ones. (Blocks that
// are merely proposed are not chased: anyone can name any parent.)
func (c *Core) seekAncestors(e *blockEntry, v uint64) {
	for x := e; x != nil && !x.linked; x = c.blocks[x.block.Parent] {
		p := x.block.Parent
		if p != c.final.Hash && c.blocks[p] == nil {
			c.request(p, v)
			return
		}
	}
}

// request asks the caller for a block and its notarization (NeedBlocks),
// once; after view v is final it no longer matters.
func (c *Core) request(h Hash, v uint64) {
	if _, ok := c.requested[h]; ok {
		return
	}
	c.requested[h] = v
	c.out.NeedBlocks = append(c.out.NeedBlocks, h)
}

// satisfied forgets the request for h once the block and its notarization
// certificate are both at hand.
func (c *Core) satisfied(h Hash) {
	if _, ok := c.requested[h]; !ok {
		return
	}
	if e := c.blocks[h]; e != nil {
		if vs := c.views[e.block.View]; vs != nil && vs.notarized[h] != nil {
			delete(c.requested, h)
		}
	}
}

type pathStatus int

const (
	pathComplete pathStatus = iota
	pathWaiting
	pathConflict
)

// tryFinalize outputs the blocks made final by the pending finalizations,
// lowest view first, as far as the blocks and their notarizations are at
// hand; it asks for what is missing. force also asks for notarizations this
// node counted but lacks signatures for (normally its own signature is on
// its way back from the caller).
func (c *Core) tryFinalize() { c.finalizePending(false) }

func (c *Core) finalizePending(force bool) {
	for len(c.pending) > 0 {
		v := c.pending[0]
		vs := c.views[v]
		if v <= c.final.View || vs == nil || vs.finalized == nil {
			c.pending = c.pending[1:]
			continue
		}
		path, st := c.pathTo(vs.finalized, force)
		switch st {
		case pathWaiting:
			return
		case pathConflict:
			// A valid finalization that contradicts the final chain: more
			// than a third of the stake signed conflicting messages. Never
			// output it.
			c.pending = c.pending[1:]
			c.stats.Conflicts++
			continue
		}
		c.commit(path, vs.finalized)
	}
}

// pathTo walks from the finalized block down to the last final block.
func (c *Core) pathTo(fin *Certificate, force bool) ([]*blockEntry, pathStatus) {
	var path []*blockEntry
	waiting := false
	for h := fin.Hash; h != c.final.Hash; {
		e := c.blocks[h]
		if e == nil {
			c.request(h, fin.View)
			return nil, pathWaiting
		}
		if len(path) == 0 && e.block.View != fin.View {
			return nil, pathConflict
		}
		if len(path) > 0 && !follows(&path[len(path)-1].block, e.ref()) {
			return nil, pathConflict
		}
		if e.block.Height <= c.final.Height {
			return nil, pathConflict
		}
		if vs := c.views[e.block.View]; vs == nil || vs.notarized[h] == nil {
			if force || vs == nil || !vs.isNotarized(h) {
				c.request(h, fin.View)
			}
			waiting = true
		}
		path = append(path, e)
		h = e.block.Parent
	}
	if len(path) == 0 || !follows(&path[len(path)-1].block, c.final) {
		return nil, pathConflict
	}
	if waiting {
		return nil, pathWaiting
	}
	slices.Reverse(path)
	return path, pathComplete
}

// commit outputs a path of newly final blocks and prunes what finality made
// moot.
func (c *Core) commit(path []*blockEntry, fin *Certificate) {
	for _, e := range path {
		n := c.views[e.block.View].notarized[e.hash]
		c.out.Final = append(c.out.Final, FinalBlock{Block: e.block, Notarization: *n, Finalization: *fin})
	}
	c.final = path[len(path)-1].ref()
	c.stats.Finalized += uint64(len(path))
	for len(c.pending) > 0 && c.pending[0] <= c.final.View {
		c.pending = c.pending[1:]
	}
	c.prune()
}

// prune drops views below the window kept behind the last final view, and
// blocks and requests at or below the last final view.
func (c *Core) prune() {
	floor := c.floor()
	for v := range c.views {
		if v < floor {
			delete(c.views, v)
		}
	}
	for h, e := range c.blocks {
		if e.block.View <= c.final.View {
			delete(c.blocks, h)
			delete(c.orphans, h)
		}
	}
	for h, v := range c.requested {
		if v <= c.final.View {
			delete(c.requested, h)
		}
	}
}

// floor is the lowest view the core accepts messages for: MaxAhead views
// behind the last final one.
func (c *Core) floor() uint64 {
	if c.final.View < c.maxAhead {
		return 1
	}
	return c.final.View - c.maxAhead
}
