package erasure

import "sync"

// Blocks of a square's row trees, by hash, for content-addressed exchange
// (bitswap): an inner node's block is its two children's hashes (64 bytes,
// hashed as SHA-256(0x01 || block)); a leaf's block is the share (hashed as
// SHA-256(0x00 || block)). Only rows: a light node walks from a row root in
// the header down to the share it wants.
type blockIndex struct {
	once sync.Once
	refs map[Hash]blockRef
}

type blockRef struct {
	row, level, idx int32
}

// Block returns the row-tree block whose hash is h, if the square holds it.
func (s *Square) Block(h Hash) ([]byte, bool) {
	if s.rowTrees == nil {
		return nil, false
	}
	s.blocks.once.Do(s.indexBlocks)
	ref, ok := s.blocks.refs[h]
	if !ok {
		return nil, false
	}
	w := s.Width()
	if ref.level == 0 {
		sh := s.Share(int(ref.row), int(ref.idx))
		return sh, sh != nil
	}
	levels := s.rowTrees[ref.row]
	off, width := 0, w
	for l := int32(0); l < ref.level-1; l++ {
		off += width
		width /= 2
	}
	left, right := levels[off+2*int(ref.idx)], levels[off+2*int(ref.idx)+1]
	return append(append(make([]byte, 0, 64), left[:]...), right[:]...), true
}

func (s *Square) indexBlocks() {
	w := s.Width()
	refs := make(map[Hash]blockRef, 2*w*w)
	for r, levels := range s.rowTrees {
		off, width := 0, w
		for level := int32(0); width >= 1; level++ {
			for i := range width {
				if _, dup := refs[levels[off+i]]; !dup {
					refs[levels[off+i]] = blockRef{row: int32(r), level: level, idx: int32(i)}
				}
			}
			off += width
			if width == 1 {
				break
			}
			width /= 2
		}
	}
	s.blocks.refs = refs
}
