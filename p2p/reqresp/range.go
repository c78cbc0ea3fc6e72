package reqresp

import (
	"encoding/binary"
	"fmt"
)

// The request of every by-range protocol: start (uint64, big-endian) ||
// count (uint64, big-endian), exactly 16 bytes, 1 <= count <= the
// protocol's maximum, and start+count must not overflow.

// EncodeRange encodes a by-range request.
func EncodeRange(start, count uint64) []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(make([]byte, 0, 16), start), count)
}

// DecodeRange decodes and checks a by-range request.
func DecodeRange(b []byte, maxCount uint64) (start, count uint64, err error) {
	if len(b) != 16 {
		return 0, 0, fmt.Errorf("range request of %d bytes, want 16", len(b))
	}
	start, count = binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])
	if count == 0 || count > maxCount {
		return 0, 0, fmt.Errorf("range request: count %d out of [1, %d]", count, maxCount)
	}
	if start+count < start {
		return 0, 0, fmt.Errorf("range request from %d overflows", start)
	}
	return start, count, nil
}

// RangeCost charges a by-range request one token per item asked for.
func RangeCost(maxCount uint64) func([]byte) int {
	return func(req []byte) int {
		if _, count, err := DecodeRange(req, maxCount); err == nil {
			return int(count)
		}
		return 1
	}
}
