//go:build amd64 && !purego

package erasure

//go:generate go run gen_sha_amd64.go

// leafPairs sets dst[i] to leafHash(shares[i]) for i < 2n; every share is
// ShareSize bytes long.
//
//go:noescape
func leafPairs(dst *Hash, shares *[]byte, n int)

// nodePairs sets dst[i] to nodeHash(src[2i], src[2i+1]) for i < 2n; dst may
// be src.
//
//go:noescape
func nodePairs(dst, src *Hash, n int)

// sharePairs sets dst[i] to SHA-256(shares[i]) for i < 2n; every share is
// ShareSize bytes long. It is the benchmark's limit.
//
//go:noescape
func sharePairs(dst *Hash, shares *[]byte, n int)

func cpuid(leaf, sub uint32) (a, b, c, d uint32)

// shaNI reports whether the functions of sha_amd64.s may run: SHA
// extensions, SSSE3 and SSE4.1. A variable so that tests can take the
// crypto/sha256 path too.
var shaNI = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	_, b7, _, _ := cpuid(7, 0)
	const ssse3, sse41, sha = 1 << 9, 1 << 19, 1 << 29
	return c1&ssse3 != 0 && c1&sse41 != 0 && b7&sha != 0
}()
