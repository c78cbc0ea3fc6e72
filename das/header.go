package das

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
)

// DAHeader announces a square: the height it belongs to, its width, its data
// root and the row and column roots that the data root commits to, signed by
// the node that produced it. Light nodes follow headers only.
//
// Until sequencing lands, producers are the peers listed in das.producers
// (the devnet's sequencers); then the header is checked against the final
// batch and its certificate instead of a producer list.
//
// Wire encoding (big-endian):
//
//	version 1 (1) || height (8) || k (2) || data root (32) ||
//	2k row roots (32 each) || 2k column roots (32 each) ||
//	producer Ed25519 public key (32) || signature (64)
//
// The signature is Ed25519 over "l2/da-header/v1" || uvarint(len(network))
// || network || every byte before the public key.
type DAHeader struct {
	Height   uint64
	K        int
	Root     erasure.Hash
	Rows     []erasure.Hash
	Cols     []erasure.Hash
	Producer peer.ID
	pub      ed25519.PublicKey
	sig      []byte
}

const headerVersion = 1

var headerDomain = []byte("l2/da-header/v1")

// HeaderSize is the encoded size of a header for k.
func HeaderSize(k int) int { return 1 + 8 + 2 + 32 + 4*k*32 + 32 + 64 }

// MaxHeaderSize bounds every header.
var MaxHeaderSize = HeaderSize(erasure.MaxK)

// Header errors.
var (
	ErrBadHeader     = errors.New("malformed DA header")
	ErrBadSignature  = errors.New("bad DA header signature")
	ErrNotAProducer  = errors.New("DA header from a peer that is not a producer")
	ErrRootsMismatch = errors.New("row and column roots do not match the data root")
)

// NewHeader builds and signs the header of a square.
func NewHeader(network string, height uint64, sq *erasure.Square, key crypto.PrivKey) (*DAHeader, error) {
	raw, err := key.Raw()
	if err != nil || key.Type() != crypto.Ed25519 || len(raw) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("das: header: producer key must be Ed25519")
	}
	priv := ed25519.PrivateKey(raw)
	id, err := peer.IDFromPrivateKey(key)
	if err != nil {
		return nil, err
	}
	h := &DAHeader{Height: height, K: sq.K, Root: sq.Root, Rows: sq.Rows, Cols: sq.Cols, Producer: id,
		pub: priv.Public().(ed25519.PublicKey)}
	h.sig = ed25519.Sign(priv, h.signingBytes(network))
	return h, nil
}

func (h *DAHeader) body() []byte {
	b := make([]byte, 0, HeaderSize(h.K))
	b = append(b, headerVersion)
	b = binary.BigEndian.AppendUint64(b, h.Height)
	b = binary.BigEndian.AppendUint16(b, uint16(h.K))
	b = append(b, h.Root[:]...)
	for _, r := range h.Rows {
		b = append(b, r[:]...)
	}
	for _, c := range h.Cols {
		b = append(b, c[:]...)
	}
	return b
}

func (h *DAHeader) signingBytes(network string) []byte {
	b := append([]byte(nil), headerDomain...)
	b = binary.AppendUvarint(b, uint64(len(network)))
	b = append(b, network...)
	return append(b, h.body()...)
}

// Marshal encodes the header.
func (h *DAHeader) Marshal() []byte {
	b := h.body()
	b = append(b, h.pub...)
	return append(b, h.sig...)
}

// UnmarshalHeader decodes a header strictly and checks its signature and
// its roots; it does not check that the producer is allowed.
func UnmarshalHeader(network string, b []byte) (*DAHeader, error) {
	if len(b) < HeaderSize(1) || len(b) > MaxHeaderSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadHeader, len(b))
	}
	if b[0] != headerVersion {
		return nil, fmt.Errorf("%w: version %d", ErrBadHeader, b[0])
	}
	h := &DAHeader{Height: binary.BigEndian.Uint64(b[1:]), K: int(binary.BigEndian.Uint16(b[9:]))}
	if h.K < 1 || h.K > erasure.MaxK || h.K&(h.K-1) != 0 {
		return nil, fmt.Errorf("%w: k = %d", ErrBadHeader, h.K)
	}
	if len(b) != HeaderSize(h.K) {
		return nil, fmt.Errorf("%w: %d bytes, want %d for k = %d", ErrBadHeader, len(b), HeaderSize(h.K), h.K)
	}
	off := 11
	copy(h.Root[:], b[off:])
	off += 32
	read := func() []erasure.Hash {
		out := make([]erasure.Hash, 2*h.K)
		for i := range out {
			copy(out[i][:], b[off:])
			off += 32
		}
		return out
	}
	h.Rows, h.Cols = read(), read()
	h.pub = ed25519.PublicKey(append([]byte(nil), b[off:off+32]...))
	h.sig = append([]byte(nil), b[off+32:]...)
	if !ed25519.Verify(h.pub, h.signingBytes(network), h.sig) {
		return nil, ErrBadSignature
	}
	pk, err := crypto.UnmarshalEd25519PublicKey(h.pub)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadHeader, err)
	}
	if h.Producer, err = peer.IDFromPublicKey(pk); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadHeader, err)
	}
	if err := erasure.VerifyRoots(h.Root, h.K, h.Rows, h.Cols); err != nil {
		return nil, ErrRootsMismatch
	}
	return h, nil
}
