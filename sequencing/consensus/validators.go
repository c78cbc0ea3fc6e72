package consensus

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// MaxValidators caps the size of a validator set, and so the number of
// signatures a certificate may carry on the wire.
const MaxValidators = 1024

// Validator is one member of the sequencer set and its voting weight.
type Validator struct {
	Address common.Address
	Stake   uint64
}

// ValidatorSet is an immutable, stake-weighted set of validators. A quorum is
// any subset holding more than two thirds of the total stake.
type ValidatorSet struct {
	vals   []Validator // sorted by address
	index  map[common.Address]int
	total  uint64
	quorum uint64
}

// NewValidatorSet checks and copies vals: 1 to MaxValidators members, no
// zero address, no duplicate, no zero stake, and a total stake that fits in a
// uint64.
func NewValidatorSet(vals []Validator) (*ValidatorSet, error) {
	if len(vals) == 0 || len(vals) > MaxValidators {
		return nil, fmt.Errorf("consensus: validator set of %d members, want 1 to %d", len(vals), MaxValidators)
	}
	s := &ValidatorSet{vals: slices.Clone(vals), index: make(map[common.Address]int, len(vals))}
	slices.SortFunc(s.vals, func(a, b Validator) int { return bytes.Compare(a.Address[:], b.Address[:]) })
	for i, v := range s.vals {
		if v.Address == (common.Address{}) {
			return nil, fmt.Errorf("consensus: validator with the zero address")
		}
		if v.Stake == 0 {
			return nil, fmt.Errorf("consensus: validator %s has zero stake", v.Address)
		}
		if i > 0 && s.vals[i-1].Address == v.Address {
			return nil, fmt.Errorf("consensus: validator %s listed twice", v.Address)
		}
		var carry uint64
		s.total, carry = bits.Add64(s.total, v.Stake, 0)
		if carry != 0 {
			return nil, fmt.Errorf("consensus: total stake overflows uint64")
		}
		s.index[v.Address] = i
	}
	// quorum = floor(2*total/3) + 1, the least stake q with 3q > 2*total,
	// computed in 128 bits so that no total can overflow.
	hi, lo := bits.Mul64(s.total, 2)
	q, _ := bits.Div64(hi, lo, 3)
	s.quorum = q + 1
	return s, nil
}

// Quorum is the least stake that is more than two thirds of the total.
func (s *ValidatorSet) Quorum() uint64 { return s.quorum }

// Total is the sum of all stakes.
func (s *ValidatorSet) Total() uint64 { return s.total }

// Len is the number of validators.
func (s *ValidatorSet) Len() int { return len(s.vals) }

// StakeOf is a's stake, or 0 if a is not a member.
func (s *ValidatorSet) StakeOf(a common.Address) uint64 {
	if i, ok := s.index[a]; ok {
		return s.vals[i].Stake
	}
	return 0
}

// Contains reports whether a is a member.
func (s *ValidatorSet) Contains(a common.Address) bool {
	_, ok := s.index[a]
	return ok
}

// HasQuorum reports whether stake is more than two thirds of the total.
func (s *ValidatorSet) HasQuorum(stake uint64) bool { return stake >= s.quorum }

// Validators returns the members sorted by address.
func (s *ValidatorSet) Validators() []Validator { return slices.Clone(s.vals) }
