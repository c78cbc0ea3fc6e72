package sequencing

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"

	"github.com/l2node/l2node/p2p/reqresp"
)

// batches_by_range: a late joiner asks a peer for the final batches of
// heights [start, start+count). Request: start (uint64, big-endian) || count
// (uint64, big-endian), exactly 16 bytes, 1 <= count <= MaxBatchesPerRequest.
// Response: one chunk per batch, in height order, starting at start; a peer
// that lacks some stops early (a shorter response is not an error).
const (
	BatchesByRangeName   = "batches_by_range"
	MaxBatchesPerRequest = 64
	// MaxBatchBytes caps one encoded batch on the wire.
	MaxBatchBytes = 4 << 20
)

// BatchesByRange returns the protocol declaration for a network: ID
// /l2/<network>/batches_by_range/1, a request costs one token per batch, and
// each peer may take 256 batches a second with bursts of 512.
func BatchesByRange(network string) reqresp.Protocol {
	return reqresp.Protocol{
		ID:         protocol.ID("/l2/" + network + "/" + BatchesByRangeName + "/1"),
		MaxRequest: 16,
		MaxChunk:   MaxBatchBytes,
		MaxChunks:  MaxBatchesPerRequest,
		// 64 full batches would be 256 MiB: a response stops at 32 MiB, and
		// the client asks again from where it ended.
		MaxResponse: 32 << 20,
		Rate:        256,
		Burst:       512,
		Cost:        reqresp.RangeCost(MaxBatchesPerRequest),
		Timeout:     30 * time.Second,
	}
}

// EncodeRangeRequest encodes a batches_by_range request.
func EncodeRangeRequest(start, count uint64) []byte { return reqresp.EncodeRange(start, count) }

// DecodeRangeRequest decodes and checks a batches_by_range request.
func DecodeRangeRequest(b []byte) (start, count uint64, err error) {
	start, count, err = reqresp.DecodeRange(b, MaxBatchesPerRequest)
	if err != nil {
		return 0, 0, fmt.Errorf("batches_by_range: %w", err)
	}
	return start, count, nil
}

// BatchSource serves stored final batches. Batches calls yield for each
// batch of [start, start+count) it has, in height order, and stops at the
// first it lacks.
type BatchSource interface {
	Batches(ctx context.Context, start, count uint64, yield func(height uint64, batch []byte) error) error
}

// ServeBatchesByRange answers batches_by_range requests from src.
func ServeBatchesByRange(svc *reqresp.Service, proto reqresp.Protocol, src BatchSource) {
	svc.Handle(proto, func(ctx context.Context, from peer.ID, req []byte, w *reqresp.ResponseWriter) error {
		start, count, err := DecodeRangeRequest(req)
		if err != nil {
			return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: err.Error()}
		}
		next := start
		return src.Batches(ctx, start, count, func(height uint64, batch []byte) error {
			if height != next {
				return fmt.Errorf("batch source yielded height %d, want %d", height, next)
			}
			next++
			return w.Write(batch)
		})
	})
}

// FetchBatches fetches batches [start, start+count) from peers. verify checks
// one batch at its height (its certificate, once consensus lands); a peer
// that sends a batch failing it is penalized and not asked again.
func FetchBatches(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID, start, count uint64,
	verify func(height uint64, batch []byte) error) ([][]byte, error) {
	return svc.FetchRange(ctx, peers, proto, start, count, reqresp.RangeCodec{
		Encode: EncodeRangeRequest,
		Verify: func(from peer.ID, first uint64, chunks [][]byte) (int, error) {
			for i, c := range chunks {
				if err := verify(first+uint64(i), c); err != nil {
					return i, fmt.Errorf("batch %d: %w", first+uint64(i), err)
				}
			}
			return len(chunks), nil
		},
	})
}
