package consensus

import (
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// Wire format, version 1. Integers are big-endian; every length is checked
// against its cap and against the bytes left before anything is allocated;
// decoding is strict (no trailing bytes, signers strictly ascending), so
// every accepted encoding is the unique encoding of its message.
//
//	message      = version:u8 (=1) type:u8 chain_id:u64 view:u64 body
//	proposal     = from:[20] block signature           (block.view = view)
//	vote         = from:[20] hash:[32] signature
//	finalize     = from:[20] hash:[32] signature
//	notarization = hash:[32] count:u16 count × (signer:[20] signature)
//	finalization = same as notarization
//	signature    = len:u16 bytes                        (len ≤ MaxSignatureBytes)
//	block        = view:u64 height:u64 parent:[32] payload_hash:[32] len:u32 payload
//	final block  = len:u32 block len:u32 notarization len:u32 finalization
//
// In a final block the finalization may be absent (length 0): that encodes a
// notarized block served to a peer that asked for it (Ready.NeedBlocks),
// which VerifyFinal does not accept as final.
const (
	wireVersion = 1
	// MaxPayloadBytes caps a block's payload on the wire; Config.MaxPayload
	// may lower it for a network.
	MaxPayloadBytes = 16 << 20
	// MaxSignatureBytes caps one signature (secp256k1 uses 65, BLS 96).
	MaxSignatureBytes = 512
	// MaxMessageBytes caps an encoded message: a full proposal, or a
	// certificate signed by MaxValidators validators.
	MaxMessageBytes = MaxPayloadBytes + 1<<20
)

const (
	headerLen   = 1 + 1 + 8 + 8
	blockFixed  = 8 + 8 + 32 + 32 + 4
	sigEntryMin = 20 + 2
)

// MarshalBinary encodes the message in the wire format.
func (m Message) MarshalBinary() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	n := headerLen + 20 + 32 + 2 + len(m.Signature)
	if m.Block != nil {
		n += blockFixed + len(m.Block.Payload)
	}
	n += 2 + len(m.Sigs)*(sigEntryMin+MaxSignatureBytes/8)
	b := make([]byte, 0, n)
	b = append(b, wireVersion, byte(m.Type))
	b = binary.BigEndian.AppendUint64(b, m.ChainID)
	b = binary.BigEndian.AppendUint64(b, m.View)
	switch m.Type {
	case MsgProposal:
		b = append(b, m.From[:]...)
		b = appendBlock(b, m.Block)
		b = appendSig(b, m.Signature)
	case MsgVote, MsgFinalize:
		b = append(b, m.From[:]...)
		b = append(b, m.Hash[:]...)
		b = appendSig(b, m.Signature)
	case MsgNotarization, MsgFinalization:
		b = append(b, m.Hash[:]...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(m.Sigs)))
		for _, s := range m.Sigs {
			b = append(b, s.Signer[:]...)
			b = appendSig(b, s.Signature)
		}
	}
	return b, nil
}

// MarshalBinary encodes the certificate as a notarization or finalization
// message.
func (c Certificate) MarshalBinary() ([]byte, error) { return c.Message().MarshalBinary() }

// MarshalBinary encodes the block alone (the "block" rule above).
func (b Block) MarshalBinary() ([]byte, error) {
	if len(b.Payload) > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: payload of %d bytes", ErrMalformed, len(b.Payload))
	}
	return appendBlock(make([]byte, 0, blockFixed+len(b.Payload)), &b), nil
}

// MarshalBinary encodes a final block with its two certificates.
func (f FinalBlock) MarshalBinary() ([]byte, error) {
	blk, err := f.Block.MarshalBinary()
	if err != nil {
		return nil, err
	}
	nz, err := f.Notarization.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("notarization: %w", err)
	}
	var fz []byte
	if f.Finalization.Type != 0 || f.Finalization.Sigs != nil {
		if fz, err = f.Finalization.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("finalization: %w", err)
		}
	}
	b := make([]byte, 0, 12+len(blk)+len(nz)+len(fz))
	for _, part := range [][]byte{blk, nz, fz} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(part)))
		b = append(b, part...)
	}
	return b, nil
}

func appendBlock(b []byte, blk *Block) []byte {
	b = binary.BigEndian.AppendUint64(b, blk.View)
	b = binary.BigEndian.AppendUint64(b, blk.Height)
	b = append(b, blk.Parent[:]...)
	b = append(b, blk.PayloadHash[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(blk.Payload)))
	return append(b, blk.Payload...)
}

func appendSig(b, sig []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(sig)))
	return append(b, sig...)
}

// UnmarshalMessage decodes one message in the wire format and checks its
// shape (the fields its type needs, views from 1, sorted certificate
// signers). It does not check membership, views or signatures.
func UnmarshalMessage(data []byte) (Message, error) {
	if len(data) > MaxMessageBytes {
		return Message{}, fmt.Errorf("%w: message of %d bytes", ErrMalformed, len(data))
	}
	r := reader{b: data}
	if v := r.u8(); r.err == nil && v != wireVersion {
		return Message{}, fmt.Errorf("%w: version %d", ErrMalformed, v)
	}
	m := Message{Type: MsgType(r.u8()), ChainID: r.u64(), View: r.u64()}
	switch m.Type {
	case MsgProposal:
		m.From = r.address()
		m.Block = r.block()
		m.Signature = r.sig()
		if r.err == nil {
			m.Hash = m.Block.Hash()
		}
	case MsgVote, MsgFinalize:
		m.From = r.address()
		m.Hash = r.hash()
		m.Signature = r.sig()
	case MsgNotarization, MsgFinalization:
		m.Hash = r.hash()
		n := int(r.u16())
		if r.err == nil && (n == 0 || n > MaxValidators || n*sigEntryMin > len(r.b)) {
			r.fail("certificate of %d signatures in %d bytes", n, len(r.b))
		}
		if r.err == nil {
			m.Sigs = make([]Sig, n)
			for i := range m.Sigs {
				m.Sigs[i] = Sig{Signer: r.address(), Signature: r.sig()}
			}
		}
	default:
		if r.err == nil {
			return Message{}, fmt.Errorf("%w: unknown type %d", ErrMalformed, m.Type)
		}
	}
	if err := r.done(); err != nil {
		return Message{}, err
	}
	if err := m.check(); err != nil {
		return Message{}, err
	}
	return m, nil
}

// UnmarshalCertificate decodes a notarization or finalization message.
func UnmarshalCertificate(data []byte) (Certificate, error) {
	m, err := UnmarshalMessage(data)
	if err != nil {
		return Certificate{}, err
	}
	if m.Type != MsgNotarization && m.Type != MsgFinalization {
		return Certificate{}, fmt.Errorf("%w: %s is not a certificate", ErrMalformed, m.Type)
	}
	return m.Certificate(), nil
}

// UnmarshalBlock decodes a block encoded by Block.MarshalBinary.
func UnmarshalBlock(data []byte) (Block, error) {
	r := reader{b: data}
	b := r.block()
	if err := r.done(); err != nil {
		return Block{}, err
	}
	return *b, nil
}

// UnmarshalFinalBlock decodes a final block encoded by
// FinalBlock.MarshalBinary (its Finalization is the zero Certificate when
// absent). It checks shapes only: verify the proofs with VerifyFinal.
func UnmarshalFinalBlock(data []byte) (FinalBlock, error) {
	r := reader{b: data}
	var parts [3][]byte
	for i := range parts {
		n := r.u32()
		if r.err == nil && int64(n) > int64(len(r.b)) {
			r.fail("part of %d bytes in %d", n, len(r.b))
		}
		parts[i] = r.take(int(n))
	}
	if err := r.done(); err != nil {
		return FinalBlock{}, err
	}
	var f FinalBlock
	var err error
	if f.Block, err = UnmarshalBlock(parts[0]); err != nil {
		return FinalBlock{}, fmt.Errorf("block: %w", err)
	}
	if f.Notarization, err = UnmarshalCertificate(parts[1]); err != nil {
		return FinalBlock{}, fmt.Errorf("notarization: %w", err)
	}
	if len(parts[2]) > 0 {
		if f.Finalization, err = UnmarshalCertificate(parts[2]); err != nil {
			return FinalBlock{}, fmt.Errorf("finalization: %w", err)
		}
		if f.Finalization.Type != MsgFinalization {
			return FinalBlock{}, fmt.Errorf("%w: final block with a %s for finalization", ErrMalformed, f.Finalization.Type)
		}
	}
	if f.Notarization.Type != MsgNotarization {
		return FinalBlock{}, fmt.Errorf("%w: final block with certificates of the wrong types", ErrMalformed)
	}
	return f, nil
}

// reader consumes a byte slice; the first failure sticks and later reads
// return zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
	}
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.fail("truncated: need %d bytes, have %d", n, len(r.b))
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.take(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (r *reader) hash() (h Hash) {
	copy(h[:], r.take(32))
	return h
}

func (r *reader) address() (a common.Address) {
	copy(a[:], r.take(20))
	return a
}

// sig reads a length-prefixed signature into a fresh slice; an empty one
// decodes as nil so that encoding round-trips.
func (r *reader) sig() []byte {
	n := int(r.u16())
	if r.err == nil && n > MaxSignatureBytes {
		r.fail("signature of %d bytes", n)
	}
	b := r.take(n)
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

func (r *reader) block() *Block {
	b := &Block{View: r.u64(), Height: r.u64(), Parent: r.hash(), PayloadHash: r.hash()}
	n := r.u32()
	if r.err == nil && (n > MaxPayloadBytes || int64(n) > int64(len(r.b))) {
		r.fail("payload of %d bytes in %d", n, len(r.b))
	}
	if p := r.take(int(n)); len(p) > 0 {
		b.Payload = append([]byte(nil), p...)
	}
	return b
}

func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d trailing bytes", len(r.b))
	}
	return r.err
}
