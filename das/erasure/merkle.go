package erasure

import (
	"crypto/sha256"
	"errors"
	"fmt"
)

// Hash is a SHA-256 digest.
type Hash [32]byte

// Domain prefixes of the Merkle trees: a leaf can never be taken for an
// inner node.
const (
	leafPrefix = 0x00
	nodePrefix = 0x01
)

func leafHash(data []byte) Hash {
	h := sha256.New()
	h.Write([]byte{leafPrefix})
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

func nodeHash(l, r Hash) Hash {
	var buf [65]byte
	buf[0] = nodePrefix
	copy(buf[1:], l[:])
	copy(buf[33:], r[:])
	return sha256.Sum256(buf[:])
}

// merkleRoot is the root over leaf hashes; len(leaves) must be a power of two.
func merkleRoot(leaves []Hash) Hash {
	return merkleRootInPlace(append([]Hash(nil), leaves...))
}

// merkleRootInPlace is merkleRoot, overwriting leaves.
func merkleRootInPlace(level []Hash) Hash {
	for len(level) > 1 {
		nodeHashes(level[:len(level)/2], level)
		level = level[:len(level)/2]
	}
	return level[0]
}

// merkleLevels returns every level of the tree over leaves, bottom up and
// concatenated (leaves first, root last): 2n-1 hashes for n leaves.
func merkleLevels(leaves []Hash) []Hash {
	out := make([]Hash, 2*len(leaves)-1)
	copy(out, leaves)
	for lo, n := 0, len(leaves); n > 1; lo, n = lo+n, n/2 {
		nodeHashes(out[lo+n:lo+n+n/2], out[lo:lo+n])
	}
	return out
}

// levelsProof is merkleProof from precomputed levels of a tree of width n.
func levelsProof(levels []Hash, n, i int) []Hash {
	var path []Hash
	off := 0
	for width := n; width > 1; width /= 2 {
		path = append(path, levels[off+(i^1)])
		off += width
		i /= 2
	}
	return path
}

// merkleProof returns the sibling path of leaf i, bottom up.
func merkleProof(leaves []Hash, i int) []Hash {
	level := append([]Hash(nil), leaves...)
	var path []Hash
	for len(level) > 1 {
		path = append(path, level[i^1])
		for j := 0; j < len(level)/2; j++ {
			level[j] = nodeHash(level[2*j], level[2*j+1])
		}
		level = level[:len(level)/2]
		i /= 2
	}
	return path
}

// ErrBadProof is returned when a Merkle path does not lead to the root.
var ErrBadProof = errors.New("merkle proof does not match the root")

// verifyPath checks that leaf sits at index i of a tree of width leaves with root.
func verifyPath(leaf Hash, i, width int, path []Hash, root Hash) error {
	if width < 1 || width&(width-1) != 0 || i < 0 || i >= width {
		return fmt.Errorf("%w: index %d of %d", ErrBadProof, i, width)
	}
	depth := 0
	for w := width; w > 1; w /= 2 {
		depth++
	}
	if len(path) != depth {
		return fmt.Errorf("%w: path of %d hashes, want %d", ErrBadProof, len(path), depth)
	}
	h := leaf
	for _, sib := range path {
		if i%2 == 0 {
			h = nodeHash(h, sib)
		} else {
			h = nodeHash(sib, h)
		}
		i /= 2
	}
	if h != root {
		return ErrBadProof
	}
	return nil
}

// LineRoot is the Merkle root of a row or column of shares.
func LineRoot(shares [][]byte) Hash {
	leaves := make([]Hash, len(shares))
	for i, sh := range shares {
		leaves[i] = leafHash(sh)
	}
	return merkleRootInPlace(leaves)
}
