package erasure

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// TestBulkHashesMatchSHA256 holds the bulk leaf and node hashes to
// crypto/sha256, for every count of messages up to 9 (odd and even, the
// one-lane tail) and a level hashed in place.
func TestBulkHashesMatchSHA256(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := 0; n <= 9; n++ {
		shares := make([][]byte, n)
		for i := range shares {
			shares[i] = make([]byte, ShareSize)
			for j := range shares[i] {
				shares[i][j] = byte(rng.Uint32())
			}
		}
		got := make([]Hash, n)
		leafHashes(got, shares)
		for i, sh := range shares {
			if want := Hash(sha256.Sum256(append([]byte{leafPrefix}, sh...))); got[i] != want {
				t.Fatalf("leaf %d of %d: %x, want %x", i, n, got[i], want)
			}
		}
		src := make([]Hash, 2*n)
		for i := range src {
			for j := range src[i] {
				src[i][j] = byte(rng.Uint32())
			}
		}
		nodes := make([]Hash, n)
		nodeHashes(nodes, src)
		for i := range nodes {
			msg := append(append([]byte{nodePrefix}, src[2*i][:]...), src[2*i+1][:]...)
			if want := Hash(sha256.Sum256(msg)); nodes[i] != want {
				t.Fatalf("node %d of %d: %x, want %x", i, n, nodes[i], want)
			}
		}
		nodeHashes(src[:n], src)
		for i := range nodes {
			if src[i] != nodes[i] {
				t.Fatalf("node %d of %d hashed in place: %x, want %x", i, n, src[i], nodes[i])
			}
		}
	}
}

// TestShareSums holds the benchmark's limit to crypto/sha256: it must hash
// what it claims to.
func TestShareSums(t *testing.T) {
	shares := make([][]byte, 5)
	for i := range shares {
		shares[i] = randomData(ShareSize, uint64(i))
	}
	got := make([]Hash, len(shares))
	shareSums(got, shares)
	for i, sh := range shares {
		if want := Hash(sha256.Sum256(sh)); got[i] != want {
			t.Fatalf("share %d: %x, want %x", i, got[i], want)
		}
	}
}

// TestDataRootsPinned holds Extend to data roots recorded before the
// hashing moved to sha_amd64.s: the commitment format (domain bytes, tree
// shape) is an interface, whichever code computes it. Both hashing paths.
func TestDataRootsPinned(t *testing.T) {
	defer func(was bool) { shaNI = was }(shaNI)
	for _, tc := range []struct {
		n    int
		root string
	}{
		{0, "4bc9dadbf2f0fe94fc3af895635ff7115214e0dcdddd9197f3ef53c89fc09c9c"},
		{5000, "9bde4989c02fba4756c151657db41bcb8c17a82b7f6e7dad6d53ea1f41117867"},
		{1 << 20, "85875ee34d394a0cfbcb2a8d0fdb3a4e6d5b56dba5e74ae85ee90d6c3563d0f2"},
		{MaxDataSize, "23baa990a7d0d61a4d35eff1c423958cad36218b00ebe5d990d267074d721a40"},
	} {
		if testing.Short() && tc.n > 1<<20 {
			continue
		}
		data := randomData(tc.n, 42)
		for _, fast := range []bool{true, false} {
			if fast && !shaNI {
				continue
			}
			shaNI = fast
			sq, err := Extend(data)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(sq.Root[:]); got != tc.root {
				t.Errorf("%d bytes (SHA-NI %v): data root %s, want %s", tc.n, fast, got, tc.root)
			}
		}
	}
}
