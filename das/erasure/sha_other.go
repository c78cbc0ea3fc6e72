//go:build !amd64 || purego

package erasure

// shaNI is false: the bulk hashes fall back to crypto/sha256. A variable
// for the same reason as on amd64.
var shaNI = false

const noSHANI = "erasure: no SHA-NI compression on this platform"

func leafPairs(dst *Hash, shares *[]byte, n int)  { panic(noSHANI) }
func nodePairs(dst, src *Hash, n int)             { panic(noSHANI) }
func sharePairs(dst *Hash, shares *[]byte, n int) { panic(noSHANI) }
