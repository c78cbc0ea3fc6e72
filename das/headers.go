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
	raw, err := svc.FetchRange(ctx, peers, proto, start, count, reqresp.RangeCodec{
		Encode: reqresp.EncodeRange,
		Verify: func(_ peer.ID, first uint64, chunks [][]byte) (int, error) {
			hs, err := decodeHeaders(network, first, chunks, allowed)
			return len(hs), err
		},
	})
	out, derr := decodeHeaders(network, start, raw, allowed)
	if derr != nil { // verified above; cannot happen
		return out, derr
	}
	return out, err
}

// PollHeaders asks peers, one at a time and once each, for the headers from
// start on (at most MaxHeadersPerRequest), and returns those of the first
// peer that has any, checked as FetchHeaders checks them. Unlike
// FetchHeaders it does not insist: a peer with nothing from start is the
// normal answer when the caller is already at the head. A peer that sends a
// bad header is penalized; the good ones before it are kept.
func PollHeaders(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, network string, peers []peer.ID,
	start uint64, allowed func(peer.ID) bool) ([]*DAHeader, error) {
	var lastErr error
	for _, p := range peers {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		chunks, err := svc.Request(ctx, p, proto, reqresp.EncodeRange(start, MaxHeadersPerRequest))
		if err != nil {
			lastErr = err // Request penalized a malformed answer already
			continue
		}
		hs, err := decodeHeaders(network, start, chunks, allowed)
		if err != nil {
			svc.Penalize(p, "invalid-content", reqresp.PenaltyInvalidContent)
			lastErr = fmt.Errorf("%s: %w", p, err)
		}
		if len(hs) > 0 {
			return hs, nil
		}
	}
	return nil, lastErr
}

// decodeHeaders decodes and checks the headers of consecutive heights from
// first on (decoding, signature, roots, producer, height); it returns the
// good ones before the first bad one, and why that one is bad.
func decodeHeaders(network string, first uint64, chunks [][]byte, allowed func(peer.ID) bool) ([]*DAHeader, error) {
	out := make([]*DAHeader, 0, len(chunks))
	for i, c := range chunks {
		h, err := UnmarshalHeader(network, c)
		if err != nil {
			return out, err
		}
		if h.Height != first+uint64(i) {
			return out, fmt.Errorf("header of height %d in place of %d", h.Height, first+uint64(i))
		}
		if !allowed(h.Producer) {
			return out, fmt.Errorf("%w: %s", ErrNotAProducer, h.Producer)
		}
		out = append(out, h)
	}
	return out, nil
}
