package das

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"

	"github.com/l2node/l2node/p2p/reqresp"
)

// /l2/<network>/das/headers_by_range/1: a light node that was away fetches
// the DA headers it missed. Request: start (uint64) || count (uint64),
// exactly 16 bytes, 1 <= count <= MaxHeadersPerRequest. Response: one chunk
// per header, heights start, start+1, … in order; a server lacking a height
// (not seen, or pruned) stops before it.
const (
	HeadersByRangeName   = "das/headers_by_range"
	MaxHeadersPerRequest = 64
)

// HeadersByRange declares the protocol for a network.
func HeadersByRange(network string) reqresp.Protocol {
	return reqresp.Protocol{
		ID:          protocol.ID("/l2/" + network + "/" + HeadersByRangeName + "/1"),
		MaxRequest:  16,
		MaxChunk:    MaxHeaderSize,
		MaxChunks:   MaxHeadersPerRequest,
		MaxResponse: 8 << 20,
		Rate:        256,
		Burst:       512,
		Cost:        reqresp.RangeCost(MaxHeadersPerRequest),
		Timeout:     20 * time.Second,
	}
}

// ServeHeaders answers headers_by_range from a store.
func ServeHeaders(svc *reqresp.Service, proto reqresp.Protocol, store *Store) {
	svc.Handle(proto, func(_ context.Context, _ peer.ID, req []byte, w *reqresp.ResponseWriter) error {
		start, count, err := reqresp.DecodeRange(req, MaxHeadersPerRequest)
		if err != nil {
			return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: err.Error()}
		}
		for h := start; h < start+count; h++ {
			hdr, err := store.Header(h)
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := w.Write(hdr.Marshal()); err != nil {
				return err
			}
		}
		return nil
	})
}

// FetchHeaders fetches the headers of [start, start+count) from peers,
// checking each (decoding, signature, roots, producer, height); a peer that
// sends a bad one is penalized and dropped. It returns those it got, in
// order, possibly fewer than asked when no peer has the rest.
func FetchHeaders(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, network string, peers []peer.ID,
	start, count uint64, allowed func(peer.ID) bool) ([]*DAHeader, error) {
	var out []*DAHeader
	raw, err := svc.FetchRange(ctx, peers, proto, start, count, reqresp.RangeCodec{
		Encode: reqresp.EncodeRange,
		Verify: func(_ peer.ID, first uint64, chunks [][]byte) (int, error) {
			for i, c := range chunks {
				h, err := UnmarshalHeader(network, c)
				if err != nil {
					return i, err
				}
				if h.Height != first+uint64(i) {
					return i, fmt.Errorf("header of height %d in place of %d", h.Height, first+uint64(i))
				}
				if !allowed(h.Producer) {
					return i, fmt.Errorf("%w: %s", ErrNotAProducer, h.Producer)
				}
			}
			return len(chunks), nil
		},
	})
	for _, c := range raw {
		h, err := UnmarshalHeader(network, c)
		if err != nil { // verified above; cannot happen
			return out, err
		}
		out = append(out, h)
	}
	return out, err
}
