package p2p

import (
	"testing"
)

// FuzzDecodeRecord: whatever a damaged disk holds, decoding a peer book entry
// returns a record or an error, never panics, and never accepts an oversized value.
func FuzzDecodeRecord(f *testing.F) {
	id := []byte("\x00\x24\x08\x01\x12\x20" + string(make([]byte, 32))) // identity multihash of an Ed25519 key
	f.Add(append([]byte(peerKeyPrefix), id...), []byte(`{"addrs":["/ip4/127.0.0.1/tcp/1"],"roles":["da"],"last_seen":"2026-11-22T00:00:00Z"}`))
	f.Add([]byte("peer/"), []byte(`{}`))
	f.Add([]byte("peer/xyz"), []byte(`{"addrs":`))
	f.Add(append([]byte(peerKeyPrefix), id...), []byte(`{"addrs":[1,2],"roles":{}}`))
	f.Fuzz(func(t *testing.T, key, val []byte) {
		r, err := decodeRecord(key, val)
		if err != nil {
			return
		}
		if len(val) > maxRecordBytes {
			t.Fatalf("accepted a %d-byte record", len(val))
		}
		_ = r.AddrInfo()
	})
}
