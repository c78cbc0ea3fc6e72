package erasure

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"
)

// BenchmarkExtendAndCommit extends and commits a full square of batch data
// (8 MiB: k = 128; 32 MiB: k = 256; the data is 8 bytes less, the length
// prefix) and reports, measured in the same run, the limit of this machine:
// raw Reed-Solomon extension of the same square (rows then columns, all
// cores) plus one SHA-256 of every extended share (all cores).
//
// The timed extension is an Extender's, into memory kept from the last
// square, as every validator extends every proposed batch to check its
// data root (x-limit). Also reported: a fresh Extend, whose square a DA
// node caches and serves, with its allocation and collection
// (fresh-x-limit); and the floor of the commitment format, the limit plus
// the inner nodes of the row and column trees over its digests, the hashing
// no implementation of these roots can skip (floor-x-limit). Each iteration
// runs all of them in turn, so that they see the same load on a shared
// machine; the ratios are of their means.
//
//	go test ./das/erasure -run '^$' -bench ExtendAndCommit -benchtime 5x
func BenchmarkExtendAndCommit(b *testing.B) {
	for _, k := range []int{128, 256} {
		size := k*k*ShareSize - lengthPrefix
		b.Run(fmt.Sprintf("%dMiB", k*k*ShareSize>>20), func(b *testing.B) {
			data := randomData(size, 1)
			limit := newRawLimit(b, k)
			limit.run(true) // builds the codecs
			var x Extender
			for range 3 {
				// A node extends a square every slot: its heap has grown to
				// hold a few squares, and freed ones are reused, not mapped
				// fresh (page faults) as in a process's first calls.
				if _, err := Extend(data); err != nil {
					b.Fatal(err)
				}
				if _, err := x.Extend(data); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(size))
			b.ResetTimer()
			var kept, fresh, raw, floor time.Duration
			for range b.N {
				b.StopTimer()
				raw += limit.run(false)
				floor += limit.run(true)
				start := time.Now()
				if _, err := Extend(data); err != nil {
					b.Fatal(err)
				}
				fresh += time.Since(start)
				b.StartTimer()
				start = time.Now()
				if _, err := x.Extend(data); err != nil {
					b.Fatal(err)
				}
				kept += time.Since(start)
			}
			b.ReportMetric(float64((raw/time.Duration(b.N)).Microseconds())/1000, "limit-ms")
			b.ReportMetric(float64(kept)/float64(raw), "x-limit")
			b.ReportMetric(float64(fresh)/float64(raw), "fresh-x-limit")
			b.ReportMetric(float64(floor)/float64(raw), "floor-x-limit")
		})
	}
}

// rawLimit is Reed-Solomon extension of a 2k×2k square (k row encodings,
// then 2k column encodings) and SHA-256 of each of the (2k)² shares into a
// digest array, on all cores, every buffer allocated beforehand. It runs in
// the order Extend does, so that it gets the same help from the cache: each
// top row is hashed right after its encoding, the bottom rows after the
// columns. The SHA-256 is the fastest this package has: two shares at a
// time with SHA-NI, read in place (Extend's leaves, 0x00 || share, run the
// same code), crypto/sha256 without SHA-NI.
//
// With trees, it also builds the row and column trees over those digests,
// in Extend's order, into memory allocated beforehand: the floor of the
// commitment format.
type rawLimit struct {
	k       int
	shares  [][]byte
	columns [][]byte
	sums    []Hash
	levels  []Hash // row trees above the digests, w-1 hashes each
	lines   []Hash // a column's digests, w per column
	pool    *codecPool
}

func newRawLimit(b *testing.B, k int) *rawLimit {
	w := 2 * k
	buf := make([]byte, w*w*ShareSize)
	l := &rawLimit{k: k, shares: make([][]byte, w*w), columns: make([][]byte, w*w), sums: make([]Hash, w*w),
		levels: make([]Hash, w*(w-1)), lines: make([]Hash, w*w)}
	for i := range l.shares {
		l.shares[i] = buf[i*ShareSize : (i+1)*ShareSize]
	}
	for r := range k {
		copy(buf[r*w*ShareSize:], randomData(k*ShareSize, uint64(r)))
	}
	var err error
	if l.pool, err = newCodecPool(k); err != nil {
		b.Fatal(err)
	}
	return l
}

// run times one extension and hashing of the square, with the trees or not.
func (l *rawLimit) run(trees bool) time.Duration {
	k, w := l.k, 2*l.k
	rowTree := func(r int) {
		if !trees {
			return
		}
		levels := l.levels[r*(w-1) : (r+1)*(w-1)]
		nodeHashes(levels[:w/2], l.sums[r*w:(r+1)*w])
		for lo, n := 0, w/2; n > 1; lo, n = lo+n, n/2 {
			nodeHashes(levels[lo+n:lo+n+n/2], levels[lo:lo+n])
		}
	}
	start := time.Now()
	parallel(k, func(r int) error {
		c := l.pool.get()
		defer l.pool.put(c)
		err := c.Encode(l.shares[r*w : (r+1)*w])
		shareSums(l.sums[r*w:(r+1)*w], l.shares[r*w:(r+1)*w])
		rowTree(r)
		return err
	})
	parallel(w, func(col int) error {
		c := l.pool.get()
		defer l.pool.put(c)
		column := l.columns[col*w : (col+1)*w]
		for r := range w {
			column[r] = l.shares[r*w+col]
		}
		return c.Encode(column)
	})
	parallel(k, func(r int) error {
		r += k
		shareSums(l.sums[r*w:(r+1)*w], l.shares[r*w:(r+1)*w])
		rowTree(r)
		return nil
	})
	if trees {
		parallel(w/colBlock, func(b int) error {
			lines := l.lines[b*colBlock*w : (b+1)*colBlock*w]
			for r := range w {
				for i, s := range l.sums[r*w+b*colBlock : r*w+(b+1)*colBlock] {
					lines[i*w+r] = s
				}
			}
			for i := range colBlock {
				merkleRootInPlace(lines[i*w : (i+1)*w])
			}
			return nil
		})
	}
	return time.Since(start)
}

// shareSums sets dst[i] to SHA-256(shares[i]), shares of ShareSize bytes.
func shareSums(dst []Hash, shares [][]byte) {
	pairs := len(shares) / 2
	if !shaNI || pairs == 0 {
		for i, sh := range shares {
			dst[i] = sha256.Sum256(sh)
		}
		return
	}
	sharePairs(&dst[0], &shares[0], pairs)
	if len(shares)%2 == 1 {
		dst[len(dst)-1] = sha256.Sum256(shares[len(shares)-1])
	}
}
