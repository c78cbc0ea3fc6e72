package reqresp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// Protocol declares one request/response protocol: its ID and its limits.
type Protocol struct {
	ID protocol.ID
	// MaxRequest caps a request, MaxChunk one response chunk, MaxChunks the
	// chunks of one response.
	MaxRequest, MaxChunk, MaxChunks int
	// Rate and Burst size the per-peer token bucket of the server; a request
	// costs Cost(req) tokens (1 when Cost is nil).
	Rate  float64
	Burst int
	Cost  func(req []byte) int
	// MaxResponse caps the bytes of all result chunks of one response
	// (default MaxChunk × MaxChunks).
	MaxResponse int
	// Timeout bounds a whole exchange: request, handler and response.
	Timeout time.Duration
}

func (p Protocol) maxResponse() int {
	if p.MaxResponse > 0 {
		return p.MaxResponse
	}
	return p.MaxChunk * p.MaxChunks
}

// cost is what a request takes from the bucket, never more than the burst
// (a request costing more than the bucket holds could never be served).
func (p Protocol) cost(req []byte) int {
	c := 1
	if p.Cost != nil {
		c = max(1, p.Cost(req))
	}
	return min(c, max(p.Burst, 1))
}

// Penalizer receives misbehaviour reports; p2p.Reputation implements it.
type Penalizer interface {
	Penalize(p peer.ID, reason string, points float64)
}

// Penalty points for framing-level misbehaviour.
const (
	PenaltyInvalidRequest  = 5
	PenaltyInvalidResponse = 25
)

// ResponseWriter sends result chunks of one response.
type ResponseWriter struct {
	w      *bufio.Writer
	s      network.Stream
	proto  Protocol
	chunks int
	bytes  int
}

// Write sends one result chunk.
func (rw *ResponseWriter) Write(chunk []byte) error {
	if len(chunk) > rw.proto.MaxChunk {
		return fmt.Errorf("reqresp: %s: chunk of %d bytes over the cap of %d", rw.proto.ID, len(chunk), rw.proto.MaxChunk)
	}
	if rw.chunks >= rw.proto.MaxChunks {
		return fmt.Errorf("reqresp: %s: more than %d chunks", rw.proto.ID, rw.proto.MaxChunks)
	}
	rw.chunks++
	rw.bytes += len(chunk)
	return writeChunk(rw.w, CodeOK, chunk)
}

// Handler answers one request. An error of type *Error is sent to the client
// with its code; any other error is sent as a server error.
type Handler func(ctx context.Context, from peer.ID, req []byte, w *ResponseWriter) error

// Error is a coded failure, on either side.
type Error struct {
	Code   Code
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Reason) }

// Client-side errors.
var (
	ErrRateLimited     = errors.New("peer rate-limited the request")
	ErrInvalidResponse = errors.New("invalid response")
)

// Service serves and sends requests for any number of protocols.
type Service struct {
	h       host.Host
	pen     Penalizer
	log     *slog.Logger
	metrics *metrics

	mu       sync.Mutex
	limiters map[protocol.ID]map[peer.ID]*limiter
}

type limiter struct {
	*rate.Limiter
	used time.Time
}

// maxLimiters bounds the per-protocol limiter table; the least recently
// used are dropped beyond it (a fresh bucket starts full, so a dropped peer
// gains at most one burst).
const maxLimiters = 4096

// NewService creates the service. pen may be nil (no penalties), reg too.
func NewService(h host.Host, pen Penalizer, log *slog.Logger, reg prometheus.Registerer) (*Service, error) {
	s := &Service{h: h, pen: pen, log: log, limiters: map[protocol.ID]map[peer.ID]*limiter{}, metrics: newMetrics()}
	if reg != nil {
		if err := s.metrics.register(reg); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Service) penalize(p peer.ID, reason string, points float64) {
	if s.pen != nil {
		s.pen.Penalize(p, reason, points)
	}
}

// Penalize reports content that failed verification by the caller.
func (s *Service) Penalize(p peer.ID, reason string, points float64) { s.penalize(p, reason, points) }

func (s *Service) allow(proto Protocol, p peer.ID, cost int) bool {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	tab := s.limiters[proto.ID]
	if tab == nil {
		tab = map[peer.ID]*limiter{}
		s.limiters[proto.ID] = tab
	}
	l := tab[p]
	if l == nil {
		if len(tab) >= maxLimiters {
			var oldest peer.ID
			var ot time.Time
			for id, x := range tab {
				if oldest == "" || x.used.Before(ot) {
					oldest, ot = id, x.used
				}
			}
			delete(tab, oldest)
		}
		l = &limiter{Limiter: rate.NewLimiter(rate.Limit(proto.Rate), proto.Burst)}
		tab[p] = l
	}
	l.used = now
	return l.AllowN(now, cost)
}

// Handle serves proto with h.
func (s *Service) Handle(proto Protocol, h Handler) {
	s.h.SetStreamHandler(proto.ID, func(st network.Stream) { s.serve(proto, h, st) })
}

// Unhandle stops serving proto.
func (s *Service) Unhandle(proto Protocol) { s.h.RemoveStreamHandler(proto.ID) }

func (s *Service) serve(proto Protocol, h Handler, st network.Stream) {
	defer st.Close()
	from := st.Conn().RemotePeer()
	st.SetDeadline(time.Now().Add(proto.Timeout))
	req, err := readMsg(bufio.NewReader(io.LimitReader(st, int64(proto.MaxRequest)+16)), proto.MaxRequest)
	w := bufio.NewWriter(st)
	defer w.Flush()
	if err != nil {
		s.metrics.served.WithLabelValues(string(proto.ID), "invalid").Inc()
		// A reset or a short read is a client giving up, not an attack; an
		// oversized or malformed frame is.
		if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBadLength) {
			s.penalize(from, "invalid-request", PenaltyInvalidRequest)
		}
		writeChunk(w, CodeInvalidRequest, []byte(truncate(err.Error())))
		return
	}
	if !s.allow(proto, from, proto.cost(req)) {
		s.metrics.served.WithLabelValues(string(proto.ID), "rate_limited").Inc()
		writeChunk(w, CodeRateLimited, []byte("slow down"))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), proto.Timeout)
	defer cancel()
	rw := &ResponseWriter{w: w, s: st, proto: proto}
	if err := h(ctx, from, req, rw); err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			if ce.Code == CodeInvalidRequest {
				s.penalize(from, "invalid-request", PenaltyInvalidRequest)
			}
			s.metrics.served.WithLabelValues(string(proto.ID), "error").Inc()
			writeChunk(w, ce.Code, []byte(truncate(ce.Reason)))
			return
		}
		s.log.Debug("request handler failed", "protocol", proto.ID, "peer", from, "err", err)
		s.metrics.served.WithLabelValues(string(proto.ID), "error").Inc()
		writeChunk(w, CodeServerError, []byte(truncate(err.Error())))
		return
	}
	s.metrics.served.WithLabelValues(string(proto.ID), "ok").Inc()
	s.metrics.bytes.WithLabelValues(string(proto.ID), "out").Add(float64(rw.bytes))
}

func truncate(s string) string {
	if len(s) > maxReasonLen {
		return s[:maxReasonLen]
	}
	return s
}

// Request sends req to p and returns the result chunks. A malformed or
// oversized response penalizes p and returns ErrInvalidResponse; "rate
// limited" returns ErrRateLimited and costs p nothing.
func (s *Service) Request(ctx context.Context, p peer.ID, proto Protocol, req []byte) ([][]byte, error) {
	chunks, err := s.request(ctx, p, proto, req)
	result := "ok"
	switch {
	case err == nil:
	case errors.Is(err, ErrRateLimited):
		result = "rate_limited"
	case errors.Is(err, ErrInvalidResponse):
		result = "invalid"
		s.penalize(p, "invalid-response", PenaltyInvalidResponse)
	default:
		result = "error"
	}
	s.metrics.sent.WithLabelValues(string(proto.ID), result).Inc()
	return chunks, err
}

func (s *Service) request(ctx context.Context, p peer.ID, proto Protocol, req []byte) ([][]byte, error) {
	if len(req) > proto.MaxRequest {
		return nil, fmt.Errorf("reqresp: %s: request of %d bytes over the cap of %d", proto.ID, len(req), proto.MaxRequest)
	}
	ctx, cancel := context.WithTimeout(ctx, proto.Timeout)
	defer cancel()
	st, err := s.h.NewStream(ctx, p, proto.ID)
	if err != nil {
		return nil, fmt.Errorf("reqresp: %s: open stream to %s: %w", proto.ID, p, err)
	}
	defer st.Close()
	deadline, _ := ctx.Deadline()
	st.SetDeadline(deadline)
	// Cancelling ctx (the caller gave up) unblocks the reads below.
	stop := context.AfterFunc(ctx, func() { st.Reset() })
	defer stop()
	w := bufio.NewWriter(st)
	if err := writeMsg(w, req); err != nil {
		return nil, fmt.Errorf("reqresp: %s: send to %s: %w", proto.ID, p, err)
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("reqresp: %s: send to %s: %w", proto.ID, p, err)
	}
	st.CloseWrite()
	r := bufio.NewReader(st)
	var chunks [][]byte
	total := 0
	for {
		code, b, err := readChunk(r, proto.MaxChunk)
		if errors.Is(err, io.EOF) {
			s.metrics.bytes.WithLabelValues(string(proto.ID), "in").Add(float64(total))
			return chunks, nil
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBadLength) || errors.Is(err, ErrBadCode) {
				if ctx.Err() == nil {
					return nil, fmt.Errorf("reqresp: %s from %s: %w: %v", proto.ID, p, ErrInvalidResponse, err)
				}
			}
			return nil, fmt.Errorf("reqresp: %s from %s: %w", proto.ID, p, err)
		}
		switch code {
		case CodeOK:
			if len(chunks) == proto.MaxChunks {
				return nil, fmt.Errorf("reqresp: %s from %s: %w: more than %d chunks", proto.ID, p, ErrInvalidResponse, proto.MaxChunks)
			}
			if total+len(b) > proto.maxResponse() {
				return nil, fmt.Errorf("reqresp: %s from %s: %w: more than %d bytes", proto.ID, p, ErrInvalidResponse, proto.maxResponse())
			}
			chunks = append(chunks, b)
			total += len(b)
		case CodeRateLimited:
			return nil, fmt.Errorf("reqresp: %s from %s: %w", proto.ID, p, ErrRateLimited)
		default:
			return nil, fmt.Errorf("reqresp: %s from %s: %w", proto.ID, p, &Error{Code: code, Reason: string(b)})
		}
	}
}

type metrics struct {
	served, sent *prometheus.CounterVec
	bytes        *prometheus.CounterVec
}

func newMetrics() *metrics {
	return &metrics{
		served: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_reqresp_served_total",
			Help: "Requests served, by protocol and result (ok, invalid, rate_limited, error)."}, []string{"protocol", "result"}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_reqresp_requests_total",
			Help: "Requests sent, by protocol and result (ok, invalid, rate_limited, error)."}, []string{"protocol", "result"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_reqresp_bytes_total",
			Help: "Response payload bytes, by protocol and direction."}, []string{"protocol", "direction"}),
	}
}

func (m *metrics) register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{m.served, m.sent, m.bytes} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("reqresp: register metrics: %w", err)
		}
	}
	return nil
}
