package sequencing

import (
	"fmt"
	"sync"

	"github.com/l2node/l2node/sequencing/consensus"
)

// ChainSets is the SetSource of a network whose sequencer set comes from
// the L1 SequencerRegistry through the chain itself. The last final batch of
// set epoch k−2 (height (k−1)·L, L the epoch length) may carry a SetUpdate:
// the registry's active set at a confirmed L1 block its leader chose, which
// every sequencer checked against its own view of L1 before voting. That set
// decides epoch k. An epoch whose naming batch carries none keeps the
// previous epoch's set, and epochs 0 and 1, and every epoch before the first
// update, take Base's (the configured genesis set).
//
// So the set of epoch k is fixed a whole epoch before epoch k−1 begins, by a
// batch every node holds once it is final: nodes without an L1 connection
// (followers, DA nodes) learn the set from the certified chain alone, and
// all nodes agree on it whatever their view of L1.
type ChainSets struct {
	Base        SetSource
	EpochLength uint64
	Store       *Store

	mu    sync.Mutex
	cache map[uint64]chainSet
}

type chainSet struct {
	set     *consensus.ValidatorSet
	l1Block uint64 // the L1 block of the update that named it; 0 for Base's
	chained bool   // named by an update, not Base
}

// SetForEpoch implements SetSource. It fails for an epoch whose naming
// batch is not final yet.
func (c *ChainSets) SetForEpoch(k uint64) (*consensus.ValidatorSet, error) {
	cs, err := c.lookup(k)
	return cs.set, err
}

// Anchor is the L1 block of the registry read that named epoch k's set, 0 if
// no update named it (Base's set). A later update must read L1 at this block
// or later.
func (c *ChainSets) Anchor(k uint64) (uint64, error) {
	cs, err := c.lookup(k)
	return cs.l1Block, err
}

// NamingHeight is the height of the batch that names the set of epoch k ≥ 2.
func (c *ChainSets) NamingHeight(k uint64) uint64 { return (k - 1) * c.EpochLength }

// NamesSet reports whether the batch at height h is one that may carry a
// SetUpdate: the last of a set epoch, naming the set of epoch h/L + 1.
func (c *ChainSets) NamesSet(h uint64) bool { return h > 0 && h%c.EpochLength == 0 }

func (c *ChainSets) lookup(k uint64) (chainSet, error) {
	if c.EpochLength == 0 || c.Store == nil || c.Base == nil {
		return chainSet{}, fmt.Errorf("sequencing: chain sets need a base set, an epoch length and a store")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cache == nil {
		c.cache = map[uint64]chainSet{}
	}
	// Walk down to an epoch known already, an update or the first two
	// epochs, then fill the cache on the way back up.
	var walked []uint64
	var found chainSet
	for j := k; ; j-- {
		if cs, ok := c.cache[j]; ok {
			found = cs
			break
		}
		if j < 2 {
			set, err := c.Base.SetForEpoch(j)
			if err != nil {
				return chainSet{}, err
			}
			found = chainSet{set: set}
			c.cache[j] = found
			break
		}
		upd, err := c.updateAt(c.NamingHeight(j))
		if err != nil {
			return chainSet{}, fmt.Errorf("sequencing: the set of epoch %d: %w", j, err)
		}
		if upd != nil {
			set, err := upd.ValidatorSet()
			if err != nil {
				return chainSet{}, fmt.Errorf("sequencing: the set of epoch %d: %w", j, err)
			}
			found = chainSet{set: set, l1Block: upd.L1Block, chained: true}
			c.cache[j] = found
			break
		}
		walked = append(walked, j)
	}
	// The walked epochs carried no update: they keep the set below them,
	// unless Base changes it there (a network configured with set changes).
	for i := len(walked) - 1; i >= 0; i-- {
		j := walked[i]
		if !found.chained {
			set, err := c.Base.SetForEpoch(j)
			if err != nil {
				return chainSet{}, err
			}
			found = chainSet{set: set}
		}
		c.cache[j] = found
	}
	return found, nil
}

// updateAt reads the set update of the final batch at height h, nil if it
// carries none. It fails if the batch is not final yet.
func (c *ChainSets) updateAt(h uint64) (*SetUpdate, error) {
	enc, ok, err := c.Store.Final(h)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("batch %d, which names it, is not final yet", h)
	}
	fb, err := consensus.UnmarshalFinalBlock(enc)
	if err != nil {
		return nil, fmt.Errorf("final batch %d: %w", h, err)
	}
	p, err := UnmarshalPayload(fb.Block.Payload)
	if err != nil {
		return nil, fmt.Errorf("final batch %d: %w", h, err)
	}
	return p.Set, nil
}
