package erasure

import (
	"fmt"
)

// Axis says whether a line of the square is a row or a column.
type Axis uint8

const (
	RowAxis Axis = 0
	ColAxis Axis = 1
)

func (a Axis) String() string {
	if a == ColAxis {
		return "column"
	}
	return "row"
}

// depth is log2(n) for a power of two n.
func depth(n int) int {
	d := 0
	for ; n > 1; n /= 2 {
		d++
	}
	return d
}

// ShareProof proves one share of the extended square against the data root:
// the share's path to the root of its line (row or column, as Axis says),
// and that line root's path to the data root.
type ShareProof struct {
	Axis     Axis
	LineRoot Hash
	LinePath []Hash // depth log2(2k)
	RootPath []Hash // depth log2(4k)
}

// lineLeaves returns the leaf hashes of a line: from the cache of a
// committed square (so a node may prove shares next to ones it withholds or
// lacks), else by hashing a complete line.
func (s *Square) lineLeaves(axis Axis, idx int) ([]Hash, error) {
	w := s.Width()
	leaves := make([]Hash, w)
	for i := range w {
		r, c := idx, i
		if axis == ColAxis {
			r, c = i, idx
		}
		if s.rowTrees != nil {
			leaves[i] = s.rowTrees[r][c]
			continue
		}
		sh := s.Share(r, c)
		if sh == nil {
			return nil, fmt.Errorf("%w: share (%d,%d) missing", ErrTooFew, r, c)
		}
		leaves[i] = leafHash(sh)
	}
	return leaves, nil
}

// Prove builds the proof of share (r, c) through its row or its column; the
// line must be complete.
func (s *Square) Prove(r, c int, axis Axis) (ShareProof, error) {
	w := s.Width()
	if r < 0 || c < 0 || r >= w || c >= w {
		return ShareProof{}, fmt.Errorf("erasure: coordinate (%d,%d) outside a %d-wide square", r, c, w)
	}
	idx, pos, rootIdx := r, c, r
	line := s.Rows[r]
	if axis == ColAxis {
		idx, pos, rootIdx, line = c, r, w+c, s.Cols[c]
	}
	if s.Share(r, c) == nil {
		return ShareProof{}, fmt.Errorf("%w: share (%d,%d) missing", ErrTooFew, r, c)
	}
	if axis == RowAxis && s.rowTrees != nil && s.rootTree != nil {
		// The common case, serving samples: no hashing at all.
		return ShareProof{Axis: RowAxis, LineRoot: line,
			LinePath: levelsProof(s.rowTrees[r], w, c), RootPath: levelsProof(s.rootTree, 2*w, rootIdx)}, nil
	}
	leaves, err := s.lineLeaves(axis, idx)
	if err != nil {
		return ShareProof{}, err
	}
	return ShareProof{
		Axis:     axis,
		LineRoot: line,
		LinePath: merkleProof(leaves, pos),
		RootPath: merkleProof(rootLeaves(s.Rows, s.Cols), rootIdx),
	}, nil
}

// VerifyShare checks share (r, c) of a square of width 2k against the data root.
func VerifyShare(root Hash, k, r, c int, share []byte, p ShareProof) error {
	if k < 1 || k > MaxK || k&(k-1) != 0 {
		return fmt.Errorf("%w: k = %d", ErrBadProof, k)
	}
	w := 2 * k
	if r < 0 || c < 0 || r >= w || c >= w {
		return fmt.Errorf("%w: coordinate (%d,%d) outside a %d-wide square", ErrBadProof, r, c, w)
	}
	if len(share) != ShareSize {
		return fmt.Errorf("%w: share of %d bytes", ErrBadProof, len(share))
	}
	pos, rootIdx := c, r
	if p.Axis == ColAxis {
		pos, rootIdx = r, w+c
	} else if p.Axis != RowAxis {
		return fmt.Errorf("%w: axis %d", ErrBadProof, p.Axis)
	}
	if err := verifyPath(leafHash(share), pos, w, p.LinePath, p.LineRoot); err != nil {
		return fmt.Errorf("share (%d,%d) to its %s root: %w", r, c, p.Axis, err)
	}
	if err := verifyPath(leafHash(p.LineRoot[:]), rootIdx, 2*w, p.RootPath, root); err != nil {
		return fmt.Errorf("%s root to the data root: %w", p.Axis, err)
	}
	return nil
}

// VerifyRoots checks a header's row and column roots against its data root.
func VerifyRoots(root Hash, k int, rows, cols []Hash) error {
	if k < 1 || k > MaxK || k&(k-1) != 0 || len(rows) != 2*k || len(cols) != 2*k {
		return fmt.Errorf("%w: %d row and %d column roots for k = %d", ErrBadProof, len(rows), len(cols), k)
	}
	if DataRoot(rows, cols) != root {
		return ErrBadProof
	}
	return nil
}

// RootPath is the path of row r's root to the data root, computed from the
// header's roots (for a light node that has the share and its row path).
func RootPath(rows, cols []Hash, r int) []Hash {
	return merkleProof(rootLeaves(rows, cols), r)
}
