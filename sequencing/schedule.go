package sequencing

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// Sequencer is a member of the sequencer set with its stake.
type Sequencer struct {
	Address common.Address
	Stake   uint64
}

// Set is a sequencer set in canonical order (by address).
type Set struct {
	members []Sequencer
	total   *big.Int
}

// NewSet validates and orders a sequencer set: no duplicates, no zero stake.
func NewSet(members []Sequencer) (*Set, error) {
	if len(members) == 0 {
		return nil, errors.New("sequencing: empty sequencer set")
	}
	ms := slices.Clone(members)
	slices.SortFunc(ms, func(a, b Sequencer) int { return bytes.Compare(a.Address[:], b.Address[:]) })
	total := new(big.Int)
	for i, m := range ms {
		if m.Stake == 0 {
			return nil, fmt.Errorf("sequencing: sequencer %s has no stake", m.Address)
		}
		if i > 0 && ms[i-1].Address == m.Address {
			return nil, fmt.Errorf("sequencing: sequencer %s listed twice", m.Address)
		}
		total.Add(total, new(big.Int).SetUint64(m.Stake))
	}
	return &Set{members: ms, total: total}, nil
}

// Members returns the set in canonical order.
func (s *Set) Members() []Sequencer { return slices.Clone(s.members) }

// TotalStake is the sum of all stakes.
func (s *Set) TotalStake() *big.Int { return new(big.Int).Set(s.total) }

// Schedule picks the leader of every view: a stake-weighted draw seeded by
// randomness no single sequencer controls, computable by every node from the
// final chain alone.
//
// Views are grouped into epochs of EpochLength views. The seed of epoch e is
// the hash of the newest final batch whose view lies before the first view of
// epoch e−1 (the genesis hash while there is none): by the time epoch e
// starts, a whole epoch has passed in which that batch was final, so every
// node that follows the final chain knows it, and its proposer could not
// predict, when proposing it, which leaders it would yield two epochs later.
// The leader of view v is then the sequencer whose cumulative stake interval
// (in canonical order) holds SHA-256("l2node/leader/v1" ‖ seed ‖ v) mod total
// stake. If finality stalls for a whole epoch, nodes that know different
// final chains may disagree on leaders: that costs liveness until they
// exchange certificates (safety never depends on the leader function).
type Schedule struct {
	Set         *Set
	EpochLength uint64
	// Seed returns the hash of the newest final batch with a view below
	// the given view (the genesis hash if there is none).
	Seed func(beforeView uint64) common.Hash
}

// Epoch is the epoch of view v.
func (s *Schedule) Epoch(v uint64) uint64 { return v / s.EpochLength }

// SeedOf is the seed of epoch e.
func (s *Schedule) SeedOf(e uint64) common.Hash {
	if e < 2 {
		return s.Seed(0)
	}
	return s.Seed((e - 1) * s.EpochLength)
}

// Leader is the leader of view v.
func (s *Schedule) Leader(v uint64) common.Address {
	return LeaderFor(s.Set, s.SeedOf(s.Epoch(v)), v)
}

// LeaderFor draws the leader of view v from seed, weighted by stake.
func LeaderFor(set *Set, seed common.Hash, v uint64) common.Address {
	h := sha256.New()
	h.Write([]byte("l2node/leader/v1"))
	h.Write(seed[:])
	var vb [8]byte
	binary.BigEndian.PutUint64(vb[:], v)
	h.Write(vb[:])
	// A 256-bit draw reduced mod the total stake: the bias is below 2^-190
	// for any realistic total.
	r := new(big.Int).SetBytes(h.Sum(nil))
	r.Mod(r, set.total)
	acc := new(big.Int)
	for _, m := range set.members {
		acc.Add(acc, new(big.Int).SetUint64(m.Stake))
		if r.Cmp(acc) < 0 {
			return m.Address
		}
	}
	return set.members[len(set.members)-1].Address // unreachable: r < total
}
