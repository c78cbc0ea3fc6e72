package erasure

import (
	"crypto/sha256"
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

	leaves   []Hash   // leaf hashes of every share, kept by commit for proofs
	rowTrees [][]Hash // every level of every row tree, kept by commit for proofs
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
	workers := min(runtime.GOMAXPROCS(0), n)
	var next int
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
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

// Extend lays data out in shares, extends the square and commits to it.
func Extend(data []byte) (*Square, error) {
	k, err := KFor(len(data))
	if err != nil {
		return nil, err
	}
	w := 2 * k
	// One allocation for the whole extended square.
	buf := make([]byte, w*w*ShareSize)
	shares := make([][]byte, w*w)
	for i := range shares {
		shares[i] = buf[i*ShareSize : (i+1)*ShareSize : (i+1)*ShareSize]
	}
	// Original data: length prefix then bytes, row by row in the top-left
	// quadrant (share i of the data is share (i/k, i%k)).
	var prefix [lengthPrefix]byte
	binary.BigEndian.PutUint64(prefix[:], uint64(len(data)))
	for i := 0; i < k*k; i++ {
		sh := shares[(i/k)*w+i%k]
		lo := i*ShareSize - lengthPrefix // offset in data of the share's first byte
		if i == 0 {
			copy(sh, prefix[:])
			copy(sh[lengthPrefix:], data)
			continue
		}
		if lo >= len(data) {
			break
		}
		copy(sh, data[lo:])
	}
	pool, err := newCodecPool(k)
	if err != nil {
		return nil, err
	}
	// Rows of the top half, then every column.
	if err := parallel(k, func(r int) error {
		c := pool.get()
		defer pool.put(c)
		return c.Encode(shares[r*w : (r+1)*w])
	}); err != nil {
		return nil, fmt.Errorf("erasure: extend rows: %w", err)
	}
	if err := parallel(w, func(col int) error {
		c := pool.get()
		defer pool.put(c)
		column := make([][]byte, w)
		for r := range w {
			column[r] = shares[r*w+col]
		}
		return c.Encode(column)
	}); err != nil {
		return nil, fmt.Errorf("erasure: extend columns: %w", err)
	}
	sq := &Square{K: k, Shares: shares}
	sq.commit()
	return sq, nil
}

// commit computes row, column and data roots of a complete square: each
// worker hashes whole rows (leaves, then the row's tree, while they are in
// cache), then the column trees are built from the stored leaves.
func (s *Square) commit() {
	w := s.Width()
	leaves := make([]Hash, w*w)
	s.Rows, s.Cols = make([]Hash, w), make([]Hash, w)
	rowTrees := make([][]Hash, w)
	parallel(w, func(r int) error {
		h := sha256.New()
		row := leaves[r*w : (r+1)*w]
		for c := range w {
			h.Reset()
			h.Write([]byte{leafPrefix})
			h.Write(s.Shares[r*w+c])
			h.Sum(row[c][:0])
		}
		rowTrees[r] = merkleLevels(row)
		s.Rows[r] = rowTrees[r][len(rowTrees[r])-1]
		return nil
	})
	parallel(w, func(c int) error {
		line := make([]Hash, w)
		for r := range w {
			line[r] = leaves[r*w+c]
		}
		s.Cols[c] = merkleRootInPlace(line)
		return nil
	})
	s.rootTree = merkleLevels(rootLeaves(s.Rows, s.Cols))
	s.Root = s.rootTree[len(s.rootTree)-1]
	s.leaves = leaves
	s.rowTrees = rowTrees
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
		leaves: s.leaves, rowTrees: s.rowTrees, rootTree: s.rootTree}
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
