package sampling

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// SampleCount is the number s of distinct random samples a light node takes
// from a 2k×2k extended square so that, if the square cannot be
// reconstructed, the chance that every sample still succeeds is at most
// 1 − confidence. The bound: a producer must withhold at least (k+1)² of the
// (2k)² shares to make the square unrecoverable, so one uniform sample
// succeeds with probability at most 1 − (k+1)²/(2k)², and s independent ones
// with at most that to the power s. (Sampling without replacement, as we do,
// only lowers it.)
func SampleCount(k int, confidence float64) int {
	w := 2 * k
	total := w * w
	p := 1 - float64((k+1)*(k+1))/float64(total) // per-sample chance to miss withholding
	if p <= 0 || confidence <= 0 {
		return 1
	}
	if confidence >= 1 {
		return total
	}
	s := int(math.Ceil(math.Log(1-confidence) / math.Log(p)))
	return min(max(s, 1), total)
}

// MissBound is the formula's bound on the chance that s samples all succeed
// on an unrecoverable square: (1 − (k+1)²/(2k)²)^s.
func MissBound(k, s int) float64 {
	w := 2 * k
	return math.Pow(1-float64((k+1)*(k+1))/float64(w*w), float64(s))
}

// Coord is a share's position in the extended square.
type Coord struct{ Row, Col int }

// ChooseCoords picks s distinct coordinates of a 2k×2k square uniformly at random.
func ChooseCoords(rng *rand.Rand, k, s int) []Coord {
	w := 2 * k
	total := w * w
	s = min(s, total)
	seen := make(map[int]bool, s)
	out := make([]Coord, 0, s)
	for len(out) < s {
		i := rng.IntN(total)
		if seen[i] {
			continue
		}
		seen[i] = true
		out = append(out, Coord{Row: i / w, Col: i % w})
	}
	return out
}

// Verdict is what a light node knows about a height.
type Verdict int

const (
	Pending Verdict = iota
	Available
	Unavailable
)

func (v Verdict) String() string {
	switch v {
	case Available:
		return "available"
	case Unavailable:
		return "unavailable"
	}
	return "pending"
}

// Header is what sampling needs of a DA header.
type Header struct {
	Height uint64
	Root   [32]byte // the data root: two headers at one height are two squares
	K      int
}

// Key identifies a square being sampled: a height and a data root.
type Key struct {
	Height uint64
	Root   [32]byte
}

// Key returns the header's key.
func (h Header) Key() Key { return Key{Height: h.Height, Root: h.Root} }

// Errors of the tracker.
var (
	ErrUnknownHeight = errors.New("height not being sampled")
	ErrUnknownCoord  = errors.New("coordinate was not asked for")
)

// Tracker follows the samples of every height in flight.
type Tracker struct {
	confidence float64
	rng        *rand.Rand
	heights    map[Key]*heightState
}

type heightState struct {
	k       int
	coords  []Coord
	state   map[Coord]Verdict // Pending, Available (verified) or Unavailable (failed)
	ok      int
	verdict Verdict
}

// NewTracker samples to the given confidence (for example 0.9999) with rng,
// which the caller seeds (the node from crypto/rand, the simulator from its
// scenario seed).
func NewTracker(confidence float64, rng *rand.Rand) *Tracker {
	return &Tracker{confidence: confidence, rng: rng, heights: map[Key]*heightState{}}
}

// Begin starts sampling a header and returns the coordinates to fetch. A
// square already begun (same height and root) returns its coordinates again.
func (t *Tracker) Begin(h Header) ([]Coord, error) {
	if h.K < 1 || h.K&(h.K-1) != 0 {
		return nil, fmt.Errorf("sampling: height %d: k = %d is not a power of two", h.Height, h.K)
	}
	if st, ok := t.heights[h.Key()]; ok {
		if st.k != h.K {
			return nil, fmt.Errorf("sampling: height %d: the same root with k %d and %d", h.Height, st.k, h.K)
		}
		return append([]Coord(nil), st.coords...), nil
	}
	s := SampleCount(h.K, t.confidence)
	st := &heightState{k: h.K, coords: ChooseCoords(t.rng, h.K, s), state: map[Coord]Verdict{}}
	for _, c := range st.coords {
		st.state[c] = Pending
	}
	t.heights[h.Key()] = st
	return append([]Coord(nil), st.coords...), nil
}

// Verified records a sample whose share and proof checked out.
func (t *Tracker) Verified(k Key, c Coord) error { return t.record(k, c, Available) }

// Failed records a sample that no peer could serve with a valid proof.
func (t *Tracker) Failed(k Key, c Coord) error { return t.record(k, c, Unavailable) }

func (t *Tracker) record(k Key, c Coord, v Verdict) error {
	st, ok := t.heights[k]
	if !ok {
		return fmt.Errorf("%w: %d", ErrUnknownHeight, k.Height)
	}
	cur, ok := st.state[c]
	if !ok {
		return fmt.Errorf("%w: (%d,%d) at height %d", ErrUnknownCoord, c.Row, c.Col, k.Height)
	}
	if cur != Pending || st.verdict != Pending {
		return nil // first result wins; a verdict is final
	}
	st.state[c] = v
	switch v {
	case Available:
		st.ok++
		if st.ok == len(st.coords) {
			st.verdict = Available
		}
	case Unavailable:
		st.verdict = Unavailable
	}
	return nil
}

// Verdict returns the current verdict of a square.
func (t *Tracker) Verdict(k Key) Verdict {
	if st, ok := t.heights[k]; ok {
		return st.verdict
	}
	return Pending
}

// Progress returns how many of a square's samples are verified, out of how many.
func (t *Tracker) Progress(k Key) (verified, total int) {
	if st, ok := t.heights[k]; ok {
		return st.ok, len(st.coords)
	}
	return 0, 0
}

// Forget drops a square whose verdict the caller has stored.
func (t *Tracker) Forget(k Key) { delete(t.heights, k) }
