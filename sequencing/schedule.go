package sequencing

import (
	"crypto/sha256"
	"encoding/binary"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/sequencing/consensus"
)

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
	Set         *consensus.ValidatorSet
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
func LeaderFor(set *consensus.ValidatorSet, seed common.Hash, v uint64) common.Address {
	h := sha256.New()
	h.Write([]byte("l2node/leader/v1"))
	h.Write(seed[:])
	var vb [8]byte
	binary.BigEndian.PutUint64(vb[:], v)
	h.Write(vb[:])
	// A 256-bit draw reduced mod the total stake: the bias is below 2^-190
	// for any realistic total.
	r := new(big.Int).SetBytes(h.Sum(nil))
	r.Mod(r, new(big.Int).SetUint64(set.Total()))
	pick := r.Uint64()
	vals := set.Validators() // in address order
	for _, v := range vals {
		if pick < v.Stake {
			return v.Address
		}
		pick -= v.Stake
	}
	return vals[len(vals)-1].Address // unreachable: pick < total
}
