package erasure

import (
	"errors"
	"fmt"
)

// BadEncodingError reports a line whose shares do not form a codeword with
// its committed root; Proof lets anyone check it.
type BadEncodingError struct {
	Axis  Axis
	Index int
	Proof *FraudProof
}

func (e *BadEncodingError) Error() string {
	return fmt.Sprintf("erasure: bad encoding of %s %d", e.Axis, e.Index)
}

// Partial starts a square to repair from its commitments: no shares yet.
func Partial(k int, rows, cols []Hash, root Hash) (*Square, error) {
	if err := VerifyRoots(root, k, rows, cols); err != nil {
		return nil, err
	}
	w := 2 * k
	return &Square{K: k, Shares: make([][]byte, w*w), Rows: append([]Hash(nil), rows...), Cols: append([]Hash(nil), cols...), Root: root}, nil
}

// Set places a share the caller has verified against the data root.
func (s *Square) Set(r, c int, share []byte) { s.Shares[r*s.Width()+c] = share }

// Held counts the shares present.
func (s *Square) Held() int {
	n := 0
	for _, sh := range s.Shares {
		if sh != nil {
			n++
		}
	}
	return n
}

// Repair fills the missing shares iteratively: any row or column holding at
// least k shares is decoded, its root checked against the committed one, and
// its new shares used for the crossing lines, until the square is complete or
// no line can progress (ErrTooFew). A line that decodes to a different root
// than committed returns a *BadEncodingError carrying a fraud proof.
func (s *Square) Repair() error {
	k, w := s.K, s.Width()
	pool, err := newCodecPool(k)
	if err != nil {
		return err
	}
	type lineID struct {
		axis Axis
		idx  int
	}
	var bad []lineID
	isBad := func(axis Axis, idx int) bool {
		for _, b := range bad {
			if b.axis == axis && b.idx == idx {
				return true
			}
		}
		return false
	}
	for {
		progress := false
		for _, axis := range []Axis{RowAxis, ColAxis} {
			for idx := range w {
				if isBad(axis, idx) {
					continue
				}
				line := s.line(axis, idx)
				held := 0
				for _, sh := range line {
					if sh != nil {
						held++
					}
				}
				if held == w || held < k {
					continue
				}
				c := pool.get()
				err := c.Reconstruct(line)
				pool.put(c)
				if err != nil {
					return fmt.Errorf("erasure: repair %s %d: %w", axis, idx, err)
				}
				leaves := make([]Hash, w)
				for i, sh := range line {
					leaves[i] = leafHash(sh)
				}
				committed := s.Rows[idx]
				if axis == ColAxis {
					committed = s.Cols[idx]
				}
				if merkleRoot(leaves) != committed {
					// Keep going: completing the crossing lines lets us
					// prove this one wrong.
					bad = append(bad, lineID{axis, idx})
					progress = true
					continue
				}
				for i, sh := range line {
					r, col := idx, i
					if axis == ColAxis {
						r, col = i, idx
					}
					if s.Share(r, col) == nil {
						s.Set(r, col, sh)
						progress = true
					}
				}
			}
		}
		if !progress || s.Held() == w*w {
			break
		}
	}
	if s.Held() == w*w {
		return s.checkComplete()
	}
	if len(bad) > 0 {
		// The proof needs k shares of the bad line whose crossing lines are
		// complete; nil if this node does not hold enough yet.
		return &BadEncodingError{Axis: bad[0].axis, Index: bad[0].idx, Proof: s.fraudProof(bad[0].axis, bad[0].idx)}
	}
	return fmt.Errorf("%w: %d of %d shares held, no row or column has %d", ErrTooFew, s.Held(), w*w, k)
}

// checkComplete verifies a complete square against its committed roots,
// never replacing them: every line must hash to its committed root (a line
// that was complete from the start is not otherwise checked) and be a
// codeword. On success the square's proof caches are filled. A line that
// fails comes back as a *BadEncodingError, with a proof when k of its shares
// can be proven through crossing lines whose roots do match.
func (s *Square) checkComplete() error {
	w := s.Width()
	fresh := &Square{K: s.K, Shares: s.Shares}
	fresh.commit()
	// Proofs must lead to the committed data root: keep the recomputed
	// leaves and row trees (valid for rows whose roots match), but build the
	// root tree from the committed roots.
	s.rowTrees = fresh.rowTrees
	s.rootTree = merkleLevels(rootLeaves(s.Rows, s.Cols))
	goodRow := func(i int) bool { return fresh.Rows[i] == s.Rows[i] }
	goodCol := func(i int) bool { return fresh.Cols[i] == s.Cols[i] }
	for i := range w {
		if !goodRow(i) {
			return &BadEncodingError{Axis: RowAxis, Index: i, Proof: s.fraudProofVia(RowAxis, i, goodCol)}
		}
	}
	for i := range w {
		if !goodCol(i) {
			return &BadEncodingError{Axis: ColAxis, Index: i, Proof: s.fraudProofVia(ColAxis, i, goodRow)}
		}
	}
	return s.CheckEncoding()
}

// line returns the shares of a line, in order, sharing storage with the
// square only through the slices (Reconstruct fills the nil entries).
func (s *Square) line(axis Axis, idx int) [][]byte {
	w := s.Width()
	out := make([][]byte, w)
	for i := range w {
		if axis == RowAxis {
			out[i] = s.Share(idx, i)
		} else {
			out[i] = s.Share(i, idx)
		}
	}
	return out
}

// CheckEncoding verifies every row and column of a complete square against
// the code; it returns a *BadEncodingError for the first line that is not a
// codeword.
func (s *Square) CheckEncoding() error {
	k, w := s.K, s.Width()
	pool, err := newCodecPool(k)
	if err != nil {
		return err
	}
	bad := make([]int, 2*w)
	if err := parallel(2*w, func(i int) error {
		axis, idx := RowAxis, i
		if i >= w {
			axis, idx = ColAxis, i-w
		}
		c := pool.get()
		defer pool.put(c)
		ok, err := c.Verify(s.line(axis, idx))
		if err != nil {
			return err
		}
		if !ok {
			bad[i] = 1
		}
		return nil
	}); err != nil {
		return fmt.Errorf("erasure: check encoding: %w", err)
	}
	for i, b := range bad {
		if b == 1 {
			axis, idx := RowAxis, i
			if i >= w {
				axis, idx = ColAxis, i-w
			}
			return &BadEncodingError{Axis: axis, Index: idx, Proof: s.fraudProof(axis, idx)}
		}
	}
	return nil
}

// IsBadEncoding unwraps a *BadEncodingError.
func IsBadEncoding(err error) (*BadEncodingError, bool) {
	var be *BadEncodingError
	ok := errors.As(err, &be)
	return be, ok
}
