package das

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/p2p/reqresp"
)

// /l2/<network>/das/line/1: a whole row or column, for DA nodes ingesting or
// repairing a square. Request: data root (32) || k (uint16) || axis (1: 0
// row, 1 column) || index (uint16). Response: one chunk, the line's 2k
// shares concatenated. No proofs: the receiver checks the line against its
// root from the header, one Merkle root for 2k shares. A server that lacks a
// share of the line answers "unavailable".
const LineName = "das/line"

// LineProtocol declares the protocol for a network.
func LineProtocol(network string) reqresp.Protocol {
	return reqresp.Protocol{
		ID:         protocol.ID("/l2/" + network + "/" + LineName + "/1"),
		MaxRequest: 37,
		MaxChunk:   2 * erasure.MaxK * erasure.ShareSize,
		MaxChunks:  1,
		// A line is up to 256 KiB: 64 lines a second per peer is 16 MiB/s.
		Rate:    64,
		Burst:   512,
		Timeout: 30 * time.Second,
	}
}

func encodeLineRequest(root erasure.Hash, k int, axis erasure.Axis, idx int) []byte {
	b := append([]byte(nil), root[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(k))
	b = append(b, byte(axis))
	return binary.BigEndian.AppendUint16(b, uint16(idx))
}

func decodeLineRequest(b []byte) (root erasure.Hash, k int, axis erasure.Axis, idx int, err error) {
	if len(b) != 37 {
		return root, 0, 0, 0, fmt.Errorf("das: line request of %d bytes, want 37", len(b))
	}
	copy(root[:], b)
	k = int(binary.BigEndian.Uint16(b[32:]))
	axis = erasure.Axis(b[34])
	idx = int(binary.BigEndian.Uint16(b[35:]))
	if k < 1 || k > erasure.MaxK || k&(k-1) != 0 || (axis != erasure.RowAxis && axis != erasure.ColAxis) || idx >= 2*k {
		return root, 0, 0, 0, fmt.Errorf("das: bad line request (k %d, axis %d, index %d)", k, axis, idx)
	}
	return root, k, axis, idx, nil
}

// ServeLines answers line requests from src.
func ServeLines(svc *reqresp.Service, proto reqresp.Protocol, src SquareSource) {
	svc.Handle(proto, func(ctx context.Context, _ peer.ID, req []byte, w *reqresp.ResponseWriter) error {
		root, k, axis, idx, err := decodeLineRequest(req)
		if err != nil {
			return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: err.Error()}
		}
		sq, err := src.Square(ctx, root)
		if err != nil {
			return err
		}
		if sq == nil || sq.K != k {
			return &reqresp.Error{Code: reqresp.CodeUnavailable, Reason: "square not held"}
		}
		out := make([]byte, 0, 2*k*erasure.ShareSize)
		for i := range 2 * k {
			r, c := idx, i
			if axis == erasure.ColAxis {
				r, c = i, idx
			}
			sh := sq.Share(r, c)
			if sh == nil {
				return &reqresp.Error{Code: reqresp.CodeUnavailable, Reason: "line not complete"}
			}
			out = append(out, sh...)
		}
		return w.Write(out)
	})
}

// ErrBadLine marks a line whose shares do not hash to its committed root.
var ErrBadLine = errors.New("line does not match its root")

// FetchLine fetches a row or column of the square from peers in turn and
// checks it against its committed root; a peer sending a wrong line is
// penalized and the next one asked.
func FetchLine(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID,
	h *DAHeader, axis erasure.Axis, idx int) ([][]byte, error) {
	want := h.Rows[idx]
	if axis == erasure.ColAxis {
		want = h.Cols[idx]
	}
	req := encodeLineRequest(h.Root, h.K, axis, idx)
	var lastErr error = errors.New("no peer")
	for _, p := range peers {
		chunks, err := svc.Request(ctx, p, proto, req)
		if err != nil {
			lastErr = err
			continue
		}
		if len(chunks) != 1 || len(chunks[0]) != 2*h.K*erasure.ShareSize {
			svc.Penalize(p, "invalid-line", PenaltyBadSample)
			lastErr = fmt.Errorf("%w: malformed", ErrBadLine)
			continue
		}
		shares := make([][]byte, 2*h.K)
		for i := range shares {
			shares[i] = chunks[0][i*erasure.ShareSize : (i+1)*erasure.ShareSize : (i+1)*erasure.ShareSize]
		}
		if erasure.LineRoot(shares) != want {
			svc.Penalize(p, "invalid-line", PenaltyBadSample)
			lastErr = ErrBadLine
			continue
		}
		return shares, nil
	}
	return nil, fmt.Errorf("das: %s %d of height %d: %w", axis, idx, h.Height, lastErr)
}
