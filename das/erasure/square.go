package erasure

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/reedsolomon"
)

const (
	// ShareSize is the size of one share in bytes.
	ShareSize = 512
	// MaxK bounds the original square: 256×256 shares, 32 MiB.
	MaxK = 256
	// lengthPrefix is the size of the data length at the start of share 0.
	lengthPrefix = 8
)

// MaxDataSize is the largest batch that fits one square.
const MaxDataSize = MaxK*MaxK*ShareSize - lengthPrefix

// Errors of the erasure layer.
var (
	ErrTooLarge  = errors.New("data exceeds the largest square")
	ErrBadSquare = errors.New("malformed square")
	ErrTooFew    = errors.New("not enough shares to repair the square")
)

// KFor returns the width of the original square for n bytes of data.
func KFor(n int) (int, error) {
	if n < 0 || n > MaxDataSize {
		return 0, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, n, MaxDataSize)
	}
	need := (n + lengthPrefix + ShareSize - 1) / ShareSize
	k := 1
	for k*k < need {
		k *= 2
	}
	return k, nil
}

// Square is an extended 2k×2k square of shares with its commitments.
type Square struct {
	K      int      // width of the original square
	Shares [][]byte // (2k)² shares, row-major; nil for a share not held
	Rows   []Hash   // 2k row roots
	Cols   []Hash   // 2k column roots
	Root   Hash     // data root

	rowTrees [][]Hash // every level of every row tree (leaves first), kept by commit for proofs
	rootTree []Hash   // every level of the data-root tree
	blocks   blockIndex
}

// Width is 2k, the width of the extended square.
func (s *Square) Width() int { return 2 * s.K }

// Share returns share (r, c), nil if not held.
func (s *Square) Share(r, c int) []byte { return s.Shares[r*s.Width()+c] }

func newCodec(k int) (reedsolomon.Encoder, error) {
	// Leopard GF(2^16) for every size, so that the code (and so every root)
	// is the same whatever k: the default would switch codecs at 256 shards.
	return reedsolomon.New(k, k, reedsolomon.WithLeopardGF16(true))
}

// parallel runs f(i) for i in [0, n) on all cores.
func parallel(n int, f func(i int) error) error {
	return parallelWith(n, func() func(int) error { return f })
}

// parallelWith is parallel with a function per worker, made by newWorker
// in the worker: scratch space it closes over is the worker's own and is
// reused across items.
func parallelWith(n int, newWorker func() func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next int
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			f := newWorker()
			for {
				mu.Lock()
				i := next
				next++
				stop := firstErr != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}

// codecPool hands each worker its own encoder (encoders keep scratch space
// and lookup tables that are costly to build, so pools live as long as the
// process, one per k).
type codecPool struct {
	k    int
	free chan reedsolomon.Encoder // not a sync.Pool: a GC must not throw tables away
}

var (
	poolsMu sync.Mutex
	pools   = map[int]*codecPool{}
)

func newCodecPool(k int) (*codecPool, error) {
	poolsMu.Lock()
	defer poolsMu.Unlock()
	if p, ok := pools[k]; ok {
		return p, nil
	}
	if _, err := newCodec(k); err != nil {
		return nil, fmt.Errorf("erasure: codec for k=%d: %w", k, err)
	}
	p := &codecPool{k: k, free: make(chan reedsolomon.Encoder, runtime.GOMAXPROCS(0)+1)}
	pools[k] = p
	return p, nil
}

func (p *codecPool) get() reedsolomon.Encoder {
	select {
	case c := <-p.free:
		return c
	default:
		c, _ := newCodec(p.k) // the same parameters already succeeded once
		return c
	}
}

func (p *codecPool) put(c reedsolomon.Encoder) {
	select {
	case p.free <- c:
	default:
	}
}

// Extend lays data out in shares, extends the square and commits to it, in
// fresh memory that the square keeps.
func Extend(data []byte) (*Square, error) {
	return extend(data, nil)
}

// An Extender extends squares into memory it keeps from one call to the
// next. A node that needs a square only for a moment, a sequencer computing
// a batch's data root for one, extends every batch without making up to
// 150 MiB of garbage each time: no zeroing of fresh memory, no collection
// to reclaim it. It keeps the memory of one square, of the last size it
// extended (a busy chain's batches keep their size). The zero value is
// ready; an Extender is not safe for concurrent use.
type Extender struct {
	mem *squareMem
}

// Extend is the package's Extend into the Extender's memory: the square it
// returns, its shares and its trees are overwritten by the next call.
func (x *Extender) Extend(data []byte) (*Square, error) {
	k, err := KFor(len(data))
	if err != nil {
		return nil, err
	}
	if x.mem == nil || x.mem.k != k {
		x.mem = nil // the old square's memory may go before the new one is made
		x.mem = &squareMem{k: k, shares: make([]byte, 4*k*k*ShareSize)}
	}
	return extend(data, x.mem)
}

// squareMem is memory for a square of width 2k kept across extensions: the
// shares, the headers that point at them and the row-tree levels. Headers
// and levels are made on the first extension, in the workers.
type squareMem struct {
	k       int
	shares  []byte   // (2k)² shares, row-major
	headers [][]byte // the square's Shares once made, nil before
	levels  []Hash   // 2k row trees of 4k-1 hashes each, nil before
	trees   [][]Hash // the row trees, slices of levels
	rows    []Hash   // row roots
	cols    []Hash   // column roots
}

// extend is Extend, into m's memory when m is not nil.
//
// The work is arranged for two or more cores and for the cache: each worker
// takes a row of the top half, allocates it (and its twin in the bottom
// half), lays the row's data out, extends it and hashes it while it is still
// in cache; then the columns are extended, the bottom rows hashed, and the
// column trees built from the leaf hashes of the rows.
func extend(data []byte, m *squareMem) (*Square, error) {
	k, err := KFor(len(data))
	if err != nil {
		return nil, err
	}
	pool, err := newCodecPool(k)
	if err != nil {
		return nil, err
	}
	w := 2 * k
	sq := &Square{K: k}
	rowBytes := w * ShareSize
	fresh := m == nil || m.headers == nil // headers (and levels) to make
	switch {
	case m == nil:
		sq.Shares = make([][]byte, w*w)
		sq.startCommit()
	case m.headers == nil:
		m.headers = make([][]byte, w*w)
		m.levels = make([]Hash, w*(2*w-1))
		m.trees = make([][]Hash, w)
		for r := range w {
			m.trees[r] = m.levels[r*(2*w-1) : (r+1)*(2*w-1)]
		}
		m.rows, m.cols = make([]Hash, w), make([]Hash, w)
		fallthrough
	default:
		sq.Shares, sq.rowTrees, sq.Rows, sq.Cols = m.headers, m.trees, m.rows, m.cols
	}
	if err := parallel(k, func(r int) error {
		var top, bottom []byte
		if m == nil {
			top, bottom = make([]byte, rowBytes), make([]byte, rowBytes)
		} else {
			top, bottom = m.shares[r*rowBytes:(r+1)*rowBytes], m.shares[(r+k)*rowBytes:(r+k+1)*rowBytes]
		}
		if fresh {
			for c := range w {
				lo, hi := c*ShareSize, (c+1)*ShareSize
				sq.Shares[r*w+c], sq.Shares[(r+k)*w+c] = top[lo:hi:hi], bottom[lo:hi:hi]
			}
		}
		layoutRow(top[:k*ShareSize], data, r, k)
		c := pool.get()
		defer pool.put(c)
		if err := c.Encode(sq.Shares[r*w : (r+1)*w]); err != nil {
			return fmt.Errorf("row %d: %w", r, err)
		}
		sq.commitRow(r)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("erasure: extend rows: %w", err)
	}
	if err := parallelWith(w, func() func(int) error {
		column := make([][]byte, w)
		return func(col int) error {
			for r := range w {
				column[r] = sq.Shares[r*w+col]
			}
			c := pool.get()
			defer pool.put(c)
			if err := c.Encode(column); err != nil {
				return fmt.Errorf("column %d: %w", col, err)
			}
			return nil
		}
	}); err != nil {
		return nil, fmt.Errorf("erasure: extend columns: %w", err)
	}
	parallel(k, func(r int) error {
		sq.commitRow(k + r)
		return nil
	})
	sq.finishCommit()
	return sq, nil
}

// layoutRow writes row r of the original data into dst, the row's k shares:
// the data is prefixed with its length and laid out row by row, so a row is
// one contiguous piece of that stream, and zeros pad it.
func layoutRow(dst, data []byte, r, k int) {
	n := 0
	if r == 0 {
		binary.BigEndian.PutUint64(dst, uint64(len(data)))
		n = lengthPrefix + copy(dst[lengthPrefix:], data)
	} else if lo := r*k*ShareSize - lengthPrefix; lo < len(data) { // lo: offset in data of the row's first byte
		n = copy(dst, data[lo:])
	}
	clear(dst[n:]) // memory kept by an Extender holds the last square
}

// commit computes row, column and data roots of a complete square.
func (s *Square) commit() {
	s.startCommit()
	parallel(s.Width(), func(r int) error {
		s.commitRow(r)
		return nil
	})
	s.finishCommit()
}

// startCommit makes room for the roots and row trees of commitRow.
func (s *Square) startCommit() {
	w := s.Width()
	s.Rows, s.Cols = make([]Hash, w), make([]Hash, w)
	s.rowTrees = make([][]Hash, w)
}

// commitRow hashes the shares of row r and builds the row's tree: its leaves
// (level 0) serve the column trees and proofs through either axis.
func (s *Square) commitRow(r int) {
	w := s.Width()
	levels := s.rowTrees[r]
	if levels == nil {
		levels = make([]Hash, 2*w-1)
	}
	leafHashes(levels[:w], s.Shares[r*w:(r+1)*w])
	for lo, n := 0, w; n > 1; lo, n = lo+n, n/2 {
		nodeHashes(levels[lo+n:lo+n+n/2], levels[lo:lo+n])
	}
	s.rowTrees[r] = levels
	s.Rows[r] = levels[len(levels)-1]
}

// colBlock is how many columns a worker gathers at once: reading a row's
// leaves for several columns touches one cache line and page instead of one
// per column.
const colBlock = 8

// finishCommit builds the column trees from the rows' leaves, then the data
// root tree; every row must have been committed.
func (s *Square) finishCommit() {
	w := s.Width()
	cb := min(colBlock, w)
	parallelWith(w/cb, func() func(int) error {
		lines := make([]Hash, cb*w)
		return func(b int) error {
			for r := range w {
				leaves := s.rowTrees[r][b*cb : (b+1)*cb]
				for i, l := range leaves {
					lines[i*w+r] = l
				}
			}
			for i := range cb {
				s.Cols[b*cb+i] = merkleRootInPlace(lines[i*w : (i+1)*w])
			}
			return nil
		}
	})
	s.rootTree = merkleLevels(rootLeaves(s.Rows, s.Cols))
	s.Root = s.rootTree[len(s.rootTree)-1]
}

// DataRoot commits to the row and column roots.
func DataRoot(rows, cols []Hash) Hash {
	return merkleRoot(rootLeaves(rows, cols))
}

func rootLeaves(rows, cols []Hash) []Hash {
	leaves := make([]Hash, 0, len(rows)+len(cols))
	for _, r := range rows {
		leaves = append(leaves, leafHash(r[:]))
	}
	for _, c := range cols {
		leaves = append(leaves, leafHash(c[:]))
	}
	return leaves
}

// Data returns the batch data of a complete square (its original quadrant).
func (s *Square) Data() ([]byte, error) {
	k, w := s.K, s.Width()
	flat := make([]byte, 0, k*k*ShareSize)
	for r := range k {
		for c := range k {
			sh := s.Shares[r*w+c]
			if sh == nil {
				return nil, fmt.Errorf("%w: share (%d,%d) missing", ErrTooFew, r, c)
			}
			flat = append(flat, sh...)
		}
	}
	n := binary.BigEndian.Uint64(flat)
	if n > uint64(len(flat)-lengthPrefix) {
		return nil, fmt.Errorf("%w: length prefix %d exceeds the square", ErrBadSquare, n)
	}
	for _, b := range flat[lengthPrefix+n:] {
		if b != 0 {
			return nil, fmt.Errorf("%w: non-zero padding", ErrBadSquare)
		}
	}
	return flat[lengthPrefix : lengthPrefix+n], nil
}

// Withhold returns a copy of the square without the shares at coordinates
// for which drop is true, keeping the commitments (and the leaf hashes, so
// the rest can still be proven): a producer that withholds data, for tests
// and the simulator.
func (s *Square) Withhold(drop func(r, c int) bool) *Square {
	w := s.Width()
	out := &Square{K: s.K, Shares: make([][]byte, len(s.Shares)), Rows: s.Rows, Cols: s.Cols, Root: s.Root,
		rowTrees: s.rowTrees, rootTree: s.rootTree}
	// NB: the block index is not shared: Block looks the share up in out.
	for r := range w {
		for c := range w {
			if !drop(r, c) {
				out.Shares[r*w+c] = s.Shares[r*w+c]
			}
		}
	}
	return out
}

// Tamper replaces share (r, c) and recommits the square over it, as a
// cheating producer would: the commitments are consistent with the shares,
// but the square is no longer a codeword. For tests and the simulator's
// adversaries.
func (s *Square) Tamper(r, c int, share []byte) {
	s.Shares[r*s.Width()+c] = append([]byte(nil), share...)
	s.commit()
}
