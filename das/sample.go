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
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/p2p/reqresp"
)

// The sample protocol, /l2/<network>/das/sample/1: a light node asks a DA
// node for shares of one square, each with its proof.
//
//	request  = data root (32) || k (uint16) || n (uint16) || n × (row (uint16) || col (uint16))
//	           1 <= n <= MaxSamplesPerRequest, every coordinate inside the 2k×2k square
//	response = one chunk per coordinate the server holds, in request order:
//	           row (uint16) || col (uint16) || share (512) || line root (32) ||
//	           row path (log2(2k) × 32) || root path (log2(4k) × 32)
//
// Proofs go through the share's row. A DA node that does not hold the
// square at all answers "unavailable"; one that holds part of it (it is
// still repairing, or the producer withheld the rest) skips what it lacks.
const (
	SampleName           = "das/sample"
	MaxSamplesPerRequest = 64
)

// SampleProtocol declares the protocol for a network.
func SampleProtocol(network string) reqresp.Protocol {
	k := erasure.MaxK
	return reqresp.Protocol{
		ID:         protocol.ID("/l2/" + network + "/" + SampleName + "/1"),
		MaxRequest: 36 + 4*MaxSamplesPerRequest,
		MaxChunk:   sampleSize(k),
		MaxChunks:  MaxSamplesPerRequest,
		// Serving a sample is a lookup in cached trees (microseconds): a peer
		// may take 8,192 a second, enough for a DA node ingesting a square
		// of k = 64 every slot from one peer, or a light node catching up.
		Rate:  8192,
		Burst: 16384,
		Cost: func(req []byte) int {
			if len(req) >= 36 {
				return int(binary.BigEndian.Uint16(req[34:]))
			}
			return 1
		},
		Timeout: 10 * time.Second,
	}
}

func sampleSize(k int) int {
	return 4 + erasure.ShareSize + 32 + 32*(depthOf(2*k)+depthOf(4*k))
}

func depthOf(n int) int {
	d := 0
	for ; n > 1; n /= 2 {
		d++
	}
	return d
}

// SampleRequest asks for shares of the square with data root Root.
type SampleRequest struct {
	Root   erasure.Hash
	K      int
	Coords []sampling.Coord
}

// ErrBadSampleRequest marks a request that does not decode.
var ErrBadSampleRequest = errors.New("malformed sample request")

// Marshal encodes the request.
func (r SampleRequest) Marshal() []byte {
	b := make([]byte, 0, 36+4*len(r.Coords))
	b = append(b, r.Root[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(r.K))
	b = binary.BigEndian.AppendUint16(b, uint16(len(r.Coords)))
	for _, c := range r.Coords {
		b = binary.BigEndian.AppendUint16(b, uint16(c.Row))
		b = binary.BigEndian.AppendUint16(b, uint16(c.Col))
	}
	return b
}

// UnmarshalSampleRequest decodes and checks a request.
func UnmarshalSampleRequest(b []byte) (SampleRequest, error) {
	var r SampleRequest
	if len(b) < 36 {
		return r, fmt.Errorf("%w: %d bytes", ErrBadSampleRequest, len(b))
	}
	copy(r.Root[:], b)
	r.K = int(binary.BigEndian.Uint16(b[32:]))
	n := int(binary.BigEndian.Uint16(b[34:]))
	if r.K < 1 || r.K > erasure.MaxK || r.K&(r.K-1) != 0 {
		return r, fmt.Errorf("%w: k = %d", ErrBadSampleRequest, r.K)
	}
	if n < 1 || n > MaxSamplesPerRequest || len(b) != 36+4*n {
		return r, fmt.Errorf("%w: %d coordinates in %d bytes", ErrBadSampleRequest, n, len(b))
	}
	w := 2 * r.K
	for i := range n {
		c := sampling.Coord{Row: int(binary.BigEndian.Uint16(b[36+4*i:])), Col: int(binary.BigEndian.Uint16(b[38+4*i:]))}
		if c.Row >= w || c.Col >= w {
			return r, fmt.Errorf("%w: (%d,%d) outside a %d-wide square", ErrBadSampleRequest, c.Row, c.Col, w)
		}
		r.Coords = append(r.Coords, c)
	}
	return r, nil
}

// Sample is one share with its coordinate and its proof through its row.
type Sample struct {
	Coord sampling.Coord
	Share []byte
	Proof erasure.ShareProof
}

// MarshalSample encodes a sample of a square of width 2k.
func MarshalSample(s Sample) []byte {
	b := make([]byte, 0, 4+erasure.ShareSize+32*(1+len(s.Proof.LinePath)+len(s.Proof.RootPath)))
	b = binary.BigEndian.AppendUint16(b, uint16(s.Coord.Row))
	b = binary.BigEndian.AppendUint16(b, uint16(s.Coord.Col))
	b = append(b, s.Share...)
	b = append(b, s.Proof.LineRoot[:]...)
	for _, h := range s.Proof.LinePath {
		b = append(b, h[:]...)
	}
	for _, h := range s.Proof.RootPath {
		b = append(b, h[:]...)
	}
	return b
}

// UnmarshalSample decodes a sample of a square with width 2k; the exact
// length follows from k.
func UnmarshalSample(b []byte, k int) (Sample, error) {
	if len(b) != sampleSize(k) {
		return Sample{}, fmt.Errorf("das: sample of %d bytes, want %d for k = %d", len(b), sampleSize(k), k)
	}
	s := Sample{
		Coord: sampling.Coord{Row: int(binary.BigEndian.Uint16(b)), Col: int(binary.BigEndian.Uint16(b[2:]))},
		Share: b[4 : 4+erasure.ShareSize],
		Proof: erasure.ShareProof{Axis: erasure.RowAxis},
	}
	off := 4 + erasure.ShareSize
	copy(s.Proof.LineRoot[:], b[off:])
	off += 32
	read := func(n int) []erasure.Hash {
		out := make([]erasure.Hash, n)
		for i := range out {
			copy(out[i][:], b[off:])
			off += 32
		}
		return out
	}
	s.Proof.LinePath = read(depthOf(2 * k))
	s.Proof.RootPath = read(depthOf(4 * k))
	return s, nil
}

// SquareSource gives a DA node's squares to the sample server.
type SquareSource interface {
	// Square returns the extended square with this data root, or nil if the
	// node does not hold it.
	Square(ctx context.Context, root erasure.Hash) (*erasure.Square, error)
}

// ServeSamples answers sample requests from src.
func ServeSamples(svc *reqresp.Service, proto reqresp.Protocol, src SquareSource) {
	svc.Handle(proto, func(ctx context.Context, from peer.ID, req []byte, w *reqresp.ResponseWriter) error {
		r, err := UnmarshalSampleRequest(req)
		if err != nil {
			return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: err.Error()}
		}
		sq, err := src.Square(ctx, r.Root)
		if err != nil {
			return err
		}
		if sq == nil {
			return &reqresp.Error{Code: reqresp.CodeUnavailable, Reason: "square not held"}
		}
		if sq.K != r.K {
			return &reqresp.Error{Code: reqresp.CodeInvalidRequest, Reason: fmt.Sprintf("k is %d, not %d", sq.K, r.K)}
		}
		for _, c := range r.Coords {
			sh := sq.Share(c.Row, c.Col)
			if sh == nil {
				continue // not held: skipped
			}
			p, err := sq.Prove(c.Row, c.Col, erasure.RowAxis)
			if err != nil {
				continue
			}
			if err := w.Write(MarshalSample(Sample{Coord: c, Share: sh, Proof: p})); err != nil {
				return err
			}
		}
		return nil
	})
}

// PenaltyBadSample is charged for a sample whose proof fails.
const PenaltyBadSample = 25

// FetchSamples asks peers, in turn, for the shares at coords of the square
// (root, k) and verifies each against the root. It returns the verified
// samples by coordinate; those still missing when every peer has been asked
// (or ctx ends) are absent. A peer that sends a share failing its proof, or a
// coordinate it was not asked for, is penalized and not asked again; a peer
// that lacks shares or is rate limited is not penalized.
func FetchSamples(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID,
	root erasure.Hash, k int, coords []sampling.Coord) map[sampling.Coord]Sample {
	return fetchSamples(ctx, svc, proto, peers, root, k, coords, nil, nil)
}

// fetchSamples is FetchSamples that also reports, through denied, every
// coordinate some peer answered for without serving it: a peer holding the
// square that does not have that share, which is what withholding looks like
// (as opposed to a peer that timed out, rate-limited or lacks the square).
func fetchSamples(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID,
	root erasure.Hash, k int, coords []sampling.Coord, denied func(sampling.Coord), lat *latencies) map[sampling.Coord]Sample {
	verified := map[sampling.Coord]Sample{}
	for _, p := range peers {
		var want []sampling.Coord
		for _, c := range coords {
			if _, ok := verified[c]; !ok {
				want = append(want, c)
			}
		}
		if len(want) == 0 || ctx.Err() != nil {
			break
		}
	requests:
		for len(want) > 0 {
			batch := want[:min(len(want), MaxSamplesPerRequest)]
			want = want[len(batch):]
			// An adaptive deadline: a peer slower than usual is passed over
			// (not penalized) for the next one.
			rctx, cancel := context.WithTimeout(ctx, lat.timeout(p, proto.Timeout))
			t0 := time.Now()
			chunks, err := svc.Request(rctx, p, proto, SampleRequest{Root: root, K: k, Coords: batch}.Marshal())
			cancel()
			if err != nil {
				if rctx.Err() != nil {
					lat.observe(p, time.Since(t0)) // it was slow: let its estimate grow
				}
				break // next peer; Request penalized a malformed answer already
			}
			lat.observe(p, time.Since(t0))
			asked := make(map[sampling.Coord]bool, len(batch))
			for _, c := range batch {
				asked[c] = true
			}
			for _, ch := range chunks {
				s, err := UnmarshalSample(ch, k)
				if err == nil && !asked[s.Coord] {
					err = fmt.Errorf("unasked or repeated coordinate (%d,%d)", s.Coord.Row, s.Coord.Col)
				}
				if err == nil {
					err = erasure.VerifyShare(root, k, s.Coord.Row, s.Coord.Col, s.Share, s.Proof)
				}
				if err != nil {
					svc.Penalize(p, "invalid-sample", PenaltyBadSample)
					break requests
				}
				delete(asked, s.Coord)
				s.Share = append([]byte(nil), s.Share...)
				verified[s.Coord] = s
			}
			if denied != nil {
				for c := range asked {
					denied(c)
				}
			}
		}
	}
	return verified
}
