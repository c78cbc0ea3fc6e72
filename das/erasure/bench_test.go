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
//	go test ./das/erasure -run '^$' -bench ExtendAndCommit -benchtime 5x
func BenchmarkExtendAndCommit(b *testing.B) {
	for _, k := range []int{128, 256} {
		size := k*k*ShareSize - lengthPrefix
		b.Run(fmt.Sprintf("%dMiB", k*k*ShareSize>>20), func(b *testing.B) {
			data := randomData(size, 1)
			limit := rawLimit(b, k, 3)
			b.SetBytes(int64(size))
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := Extend(data); err != nil {
					b.Fatal(err)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(limit.Microseconds())/1000, "limit-ms")
			b.ReportMetric(float64(per)/float64(limit), "x-limit")
		})
	}
}

// rawLimit is the mean of n runs of: Reed-Solomon extension of a 2k×2k
// square (k row encodings, then 2k column encodings) and SHA-256 of each of
// the (2k)² shares, each step spread over all cores.
func rawLimit(b *testing.B, k, n int) time.Duration {
	w := 2 * k
	buf := make([]byte, w*w*ShareSize)
	shares := make([][]byte, w*w)
	for i := range shares {
		shares[i] = buf[i*ShareSize : (i+1)*ShareSize]
	}
	copy(buf, randomData(k*k*ShareSize, 2))
	pool, err := newCodecPool(k)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for range n {
		start := time.Now()
		parallel(k, func(r int) error {
			c := pool.get()
			defer pool.put(c)
			return c.Encode(shares[r*w : (r+1)*w])
		})
		parallel(w, func(col int) error {
			c := pool.get()
			defer pool.put(c)
			column := make([][]byte, w)
			for r := range w {
				column[r] = shares[r*w+col]
			}
			return c.Encode(column)
		})
		parallel(w, func(r int) error {
			for c := range w {
				sha256.Sum256(shares[r*w+c])
			}
			return nil
		})
		total += time.Since(start)
	}
	return total / time.Duration(n)
}
