package gossip

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/klauspost/compress/snappy"
)

// Envelope is what every gossip message carries, before compression:
//
//	version (1 byte, EnvelopeVersion) || unix time in ms (uint64, big-endian) || payload
//
// The whole envelope is then compressed as one snappy block (the block
// format, not the framed stream format). The time is the publisher's clock;
// topics with a TimeWindow reject or ignore messages outside it.
type Envelope struct {
	Time    time.Time
	Payload []byte
}

// EnvelopeVersion is the only envelope layout this node speaks.
const EnvelopeVersion = 1

// envelopeHeader is the length of the fixed header.
const envelopeHeader = 9

// Envelope decoding errors; each maps to a Reject.
var (
	ErrTooLarge        = errors.New("message exceeds the topic's size cap")
	ErrBadSnappy       = errors.New("invalid snappy block")
	ErrBadEnvelope     = errors.New("malformed envelope")
	ErrEnvelopeVersion = errors.New("unknown envelope version")
)

// EncodeEnvelope compresses version || time || payload.
func EncodeEnvelope(t time.Time, payload []byte) []byte {
	raw := make([]byte, envelopeHeader+len(payload))
	raw[0] = EnvelopeVersion
	binary.BigEndian.PutUint64(raw[1:], uint64(t.UnixMilli()))
	copy(raw[envelopeHeader:], payload)
	return snappy.Encode(nil, raw)
}

// MaxWireSize is the largest compressed message a topic with payload cap
// maxPayload can legitimately produce: the bound of the reference snappy
// encoder, 32 + n + n/6 for n bytes (other encoders, S2's among them, stay
// below it).
func MaxWireSize(maxPayload int) int {
	n := envelopeHeader + maxPayload
	return 32 + n + n/6
}

// decompress checks the compressed and the declared decoded length against
// the cap before it allocates, then decodes strictly (standard snappy only).
func decompress(data []byte, maxPayload int) ([]byte, error) {
	if len(data) > MaxWireSize(maxPayload) {
		return nil, fmt.Errorf("%w: %d compressed bytes", ErrTooLarge, len(data))
	}
	n, err := snappy.DecodedLen(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSnappy, err)
	}
	if n > envelopeHeader+maxPayload {
		return nil, fmt.Errorf("%w: declares %d bytes, cap %d", ErrTooLarge, n-envelopeHeader, maxPayload)
	}
	raw, err := snappy.DecodeStrict(nil, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSnappy, err)
	}
	return raw, nil
}

// DecodeEnvelope is the strict inverse of EncodeEnvelope for a topic whose
// payloads are at most maxPayload bytes.
func DecodeEnvelope(data []byte, maxPayload int) (Envelope, error) {
	raw, err := decompress(data, maxPayload)
	if err != nil {
		return Envelope{}, err
	}
	return parseEnvelope(raw)
}

func parseEnvelope(raw []byte) (Envelope, error) {
	if len(raw) < envelopeHeader {
		return Envelope{}, fmt.Errorf("%w: %d bytes, header is %d", ErrBadEnvelope, len(raw), envelopeHeader)
	}
	if raw[0] != EnvelopeVersion {
		return Envelope{}, fmt.Errorf("%w %d (want %d)", ErrEnvelopeVersion, raw[0], EnvelopeVersion)
	}
	ms := binary.BigEndian.Uint64(raw[1:])
	if ms > 1<<62 {
		return Envelope{}, fmt.Errorf("%w: time %d ms out of range", ErrBadEnvelope, ms)
	}
	return Envelope{Time: time.UnixMilli(int64(ms)), Payload: raw[envelopeHeader:]}, nil
}

// Message-ID domains: valid messages are identified by their decompressed
// content, the others by their raw bytes, so that both dedupe and neither can
// collide with the other.
var (
	domainValid   = []byte("l2/gossip/msgid/valid-snappy/v1")
	domainInvalid = []byte("l2/gossip/msgid/invalid-snappy/v1")
)

// MessageIDLen is the length of a message ID in bytes.
const MessageIDLen = 20

// MessageID computes the ID of a message on a topic: the first 20 bytes of
//
//	SHA-256(domain || uvarint(len(topic)) || topic || content)
//
// where content is the decompressed envelope and domain domainValid if the
// data decompresses within the topic's cap, else the raw data under
// domainInvalid. maxPayload < 0 means the topic is unknown (raw data).
func MessageID(topic string, data []byte, maxPayload int) string {
	h := sha256.New()
	content, err := []byte(nil), errors.New("unknown topic")
	if maxPayload >= 0 {
		content, err = decompress(data, maxPayload)
	}
	if err == nil {
		h.Write(domainValid)
	} else {
		h.Write(domainInvalid)
		content = data
	}
	h.Write(binary.AppendUvarint(nil, uint64(len(topic))))
	h.Write([]byte(topic))
	h.Write(content)
	return string(h.Sum(nil)[:MessageIDLen])
}

// peekHeader reads the envelope header from the first literal of a snappy
// block without decompressing the rest, so that a message outside its time
// window or of another version costs a handful of bytes to turn away. ok is
// false when the block does not start with a literal of at least 9 bytes (a
// valid block may; the caller then decodes it in full).
func peekHeader(data []byte) (version byte, ms uint64, ok bool) {
	_, n := binary.Uvarint(data)
	if n <= 0 || n >= len(data) {
		return 0, 0, false
	}
	tag := data[n]
	if tag&3 != 0 { // not a literal
		return 0, 0, false
	}
	i := n + 1
	length := int(tag>>2) + 1
	if x := int(tag >> 2); x >= 60 {
		extra := x - 59 // 1 to 4 little-endian bytes of length-1
		if i+extra > len(data) {
			return 0, 0, false
		}
		length = 0
		for j := extra - 1; j >= 0; j-- {
			length = length<<8 | int(data[i+j])
		}
		length++
		i += extra
	}
	if length < envelopeHeader || i+envelopeHeader > len(data) {
		return 0, 0, false
	}
	return data[i], binary.BigEndian.Uint64(data[i+1:]), true
}
