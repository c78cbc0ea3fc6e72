package erasure

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// FraudProof shows that a line (row or column) of a committed square is not
// a Reed-Solomon codeword with its committed root: k of its shares, each
// proven against the data root through the crossing line, decode to a line
// whose Merkle root differs from the committed one, itself proven against
// the data root. Any node can check it with nothing but the data root.
type FraudProof struct {
	K        int
	Axis     Axis
	Index    int
	LineRoot Hash
	RootPath []Hash
	Shares   []LineShare // exactly K, distinct positions
}

// LineShare is one share of the disputed line, proven through the crossing line.
type LineShare struct {
	Pos   int
	Share []byte
	Proof ShareProof
}

// Fraud proof errors.
var (
	ErrNotFraud      = errors.New("the line decodes to its committed root: no fraud")
	ErrBadFraudProof = errors.New("malformed fraud proof")
)

// fraudProof builds the proof for a bad line from k of its shares whose
// crossing lines are complete; nil if there are not k such shares.
func (s *Square) fraudProof(axis Axis, idx int) *FraudProof {
	return s.fraudProofVia(axis, idx, nil)
}

// fraudProofVia is fraudProof using only crossing lines for which ok holds
// (nil: all), for squares where some committed roots are themselves wrong.
func (s *Square) fraudProofVia(axis Axis, idx int, ok func(crossing int) bool) *FraudProof {
	w := s.Width()
	p := &FraudProof{K: s.K, Axis: axis, Index: idx}
	rootIdx := idx
	p.LineRoot = s.Rows[idx]
	if axis == ColAxis {
		rootIdx, p.LineRoot = w+idx, s.Cols[idx]
	}
	p.RootPath = merkleProof(rootLeaves(s.Rows, s.Cols), rootIdx)
	cross := ColAxis
	if axis == ColAxis {
		cross = RowAxis
	}
	for pos := 0; pos < w && len(p.Shares) < s.K; pos++ {
		r, c := idx, pos
		if axis == ColAxis {
			r, c = pos, idx
		}
		sh := s.Share(r, c)
		if sh == nil || (ok != nil && !ok(pos)) {
			continue
		}
		proof, err := s.Prove(r, c, cross)
		if err != nil {
			continue // crossing line incomplete
		}
		p.Shares = append(p.Shares, LineShare{Pos: pos, Share: sh, Proof: proof})
	}
	if len(p.Shares) < s.K {
		return nil
	}
	return p
}

// Verify checks the proof against a data root. It returns nil when the proof
// shows bad encoding, ErrNotFraud when the line is in fact fine (the prover
// lied), and ErrBadFraudProof (wrapped) when the proof is malformed.
func (p *FraudProof) Verify(root Hash) error {
	k := p.K
	if k < 1 || k > MaxK || k&(k-1) != 0 {
		return fmt.Errorf("%w: k = %d", ErrBadFraudProof, k)
	}
	w := 2 * k
	if p.Index < 0 || p.Index >= w || (p.Axis != RowAxis && p.Axis != ColAxis) {
		return fmt.Errorf("%w: %s %d", ErrBadFraudProof, p.Axis, p.Index)
	}
	rootIdx := p.Index
	if p.Axis == ColAxis {
		rootIdx = w + p.Index
	}
	if err := verifyPath(leafHash(p.LineRoot[:]), rootIdx, 2*w, p.RootPath, root); err != nil {
		return fmt.Errorf("%w: line root: %v", ErrBadFraudProof, err)
	}
	if len(p.Shares) != k {
		return fmt.Errorf("%w: %d shares, want %d", ErrBadFraudProof, len(p.Shares), k)
	}
	cross := ColAxis
	if p.Axis == ColAxis {
		cross = RowAxis
	}
	line := make([][]byte, w)
	for _, ls := range p.Shares {
		if ls.Pos < 0 || ls.Pos >= w || line[ls.Pos] != nil {
			return fmt.Errorf("%w: position %d repeated or out of range", ErrBadFraudProof, ls.Pos)
		}
		if ls.Proof.Axis != cross {
			return fmt.Errorf("%w: share %d not proven through its crossing %s", ErrBadFraudProof, ls.Pos, cross)
		}
		r, c := p.Index, ls.Pos
		if p.Axis == ColAxis {
			r, c = ls.Pos, p.Index
		}
		if err := VerifyShare(root, k, r, c, ls.Share, ls.Proof); err != nil {
			return fmt.Errorf("%w: %v", ErrBadFraudProof, err)
		}
		line[ls.Pos] = append([]byte(nil), ls.Share...)
	}
	codec, err := newCodec(k)
	if err != nil {
		return err
	}
	if err := codec.Reconstruct(line); err != nil {
		return fmt.Errorf("%w: %v", ErrBadFraudProof, err)
	}
	leaves := make([]Hash, w)
	for i, sh := range line {
		leaves[i] = leafHash(sh)
	}
	if merkleRoot(leaves) == p.LineRoot {
		return ErrNotFraud
	}
	return nil
}

// Wire encoding of a fraud proof (all integers big-endian):
//
//	version 1 (1) || k (2) || axis (1) || index (2) || line root (32) ||
//	root path (log2(4k) × 32) || k × [ pos (2) || share (512) ||
//	crossing root (32) || crossing path (log2(2k) × 32) || root path (log2(4k) × 32) ]
//
// Every length follows from k, so the decoder checks the exact size before
// it allocates anything else.
const fraudVersion = 1

// FraudProofSize is the exact encoded size of a fraud proof for k.
func FraudProofSize(k int) int {
	dr, dl := depth(4*k), depth(2*k)
	return 1 + 2 + 1 + 2 + 32 + dr*32 + k*(2+ShareSize+32+dl*32+dr*32)
}

// MaxFraudProofSize bounds every fraud proof (k = MaxK).
var MaxFraudProofSize = FraudProofSize(MaxK)

// Marshal encodes the proof.
func (p *FraudProof) Marshal() []byte {
	b := make([]byte, 0, FraudProofSize(p.K))
	b = append(b, fraudVersion)
	b = binary.BigEndian.AppendUint16(b, uint16(p.K))
	b = append(b, byte(p.Axis))
	b = binary.BigEndian.AppendUint16(b, uint16(p.Index))
	b = append(b, p.LineRoot[:]...)
	for _, h := range p.RootPath {
		b = append(b, h[:]...)
	}
	for _, s := range p.Shares {
		b = binary.BigEndian.AppendUint16(b, uint16(s.Pos))
		b = append(b, s.Share...)
		b = append(b, s.Proof.LineRoot[:]...)
		for _, h := range s.Proof.LinePath {
			b = append(b, h[:]...)
		}
		for _, h := range s.Proof.RootPath {
			b = append(b, h[:]...)
		}
	}
	return b
}

// UnmarshalFraudProof decodes a proof strictly; it does not verify it.
func UnmarshalFraudProof(b []byte) (*FraudProof, error) {
	if len(b) < 6 || len(b) > MaxFraudProofSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadFraudProof, len(b))
	}
	if b[0] != fraudVersion {
		return nil, fmt.Errorf("%w: version %d", ErrBadFraudProof, b[0])
	}
	k := int(binary.BigEndian.Uint16(b[1:]))
	if k < 1 || k > MaxK || k&(k-1) != 0 {
		return nil, fmt.Errorf("%w: k = %d", ErrBadFraudProof, k)
	}
	if len(b) != FraudProofSize(k) {
		return nil, fmt.Errorf("%w: %d bytes, want %d for k = %d", ErrBadFraudProof, len(b), FraudProofSize(k), k)
	}
	axis := Axis(b[3])
	if axis != RowAxis && axis != ColAxis {
		return nil, fmt.Errorf("%w: axis %d", ErrBadFraudProof, b[3])
	}
	cross := ColAxis
	if axis == ColAxis {
		cross = RowAxis
	}
	p := &FraudProof{K: k, Axis: axis, Index: int(binary.BigEndian.Uint16(b[4:]))}
	off := 6
	hash := func() Hash {
		var h Hash
		copy(h[:], b[off:off+32])
		off += 32
		return h
	}
	path := func(n int) []Hash {
		out := make([]Hash, n)
		for i := range out {
			out[i] = hash()
		}
		return out
	}
	dr, dl := depth(4*k), depth(2*k)
	p.LineRoot = hash()
	p.RootPath = path(dr)
	for range k {
		ls := LineShare{Pos: int(binary.BigEndian.Uint16(b[off:]))}
		off += 2
		ls.Share = append([]byte(nil), b[off:off+ShareSize]...)
		off += ShareSize
		ls.Proof.Axis = cross
		ls.Proof.LineRoot = hash()
		ls.Proof.LinePath = path(dl)
		ls.Proof.RootPath = path(dr)
		p.Shares = append(p.Shares, ls)
	}
	return p, nil
}
