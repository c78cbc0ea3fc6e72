package das

import (
	"context"
	"errors"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
)

// startIngest ingests a header's square in the background; it waits for
// its turn in its own goroutine (live headers come a few at a time).
func (s *Service) startIngest(h *DAHeader) { s.launchIngest(h, false) }

// ingestInTurn waits for an ingest slot, then ingests in the background:
// catch-up hands over up to maxCatchUp headers, and holds none of them
// waiting in a goroutine of its own.
func (s *Service) ingestInTurn(h *DAHeader) { s.launchIngest(h, true) }

// launchIngest ingests a square that is neither stored, being ingested nor
// this node's own (a producer holds what it published), at most maxIngest
// (up to 128 MiB each) at once.
func (s *Service) launchIngest(h *DAHeader, wait bool) {
	if h.Producer == s.self || s.store.HasSquare(h.Root) {
		return
	}
	s.mu.Lock()
	if s.ingesting[h.Height] {
		s.mu.Unlock()
		return
	}
	s.ingesting[h.Height] = true
	s.mu.Unlock()
	done := func() { s.mu.Lock(); delete(s.ingesting, h.Height); s.mu.Unlock() }
	slot := func() bool {
		select {
		case s.ingestSem <- struct{}{}:
			return true
		case <-s.ctx.Done():
			return false
		}
	}
	if wait && !slot() {
		done()
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer done()
		if !wait && !slot() {
			return
		}
		defer func() { <-s.ingestSem }()
		s.ingest(h)
	}()
}

// ingest fetches a square's shares (the producer first, then other DA
// nodes), repairs it, checks every root, and stores it. A square that cannot
// be completed is held partially, so that the shares it has are served.
func (s *Service) ingest(h *DAHeader) {
	start := time.Now()
	if s.store.HasSquare(h.Root) {
		return
	}
	peers := []peer.ID{h.Producer}
	for _, p := range s.peers() {
		if p != h.Producer && p != s.self {
			peers = append(peers, p)
		}
	}
	sq, err := erasure.Partial(h.K, h.Rows, h.Cols, h.Root)
	if err != nil {
		s.log.Warn("DA header with inconsistent roots", "height", h.Height, "err", err)
		return
	}
	w := 2 * h.K
	var first, rest []sampling.Coord
	for r := range w {
		for c := range w {
			if r < h.K && c < h.K {
				first = append(first, sampling.Coord{Row: r, Col: c})
			} else {
				rest = append(rest, sampling.Coord{Row: r, Col: c})
			}
		}
	}
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Minute)
	defer cancel()
	// Fast path: the k rows of the top half, whole, each checked against
	// its row root; the columns then repair from them.
	for r := 0; r < h.K && ctx.Err() == nil; r++ {
		shares, err := FetchLine(ctx, s.svc, s.lproto, peers, h, erasure.RowAxis, r)
		if err != nil {
			break // withheld or unreachable: shares one by one, below
		}
		for c, sh := range shares {
			sq.Set(r, c, sh)
		}
	}
	if sq.Held() >= h.K*2*h.K {
		if err = sq.Repair(); err == nil {
			first, rest = nil, nil
		}
	}
	// Slow path: the original quadrant by samples (enough for an honest
	// square), the rest only when shares are missing.
	for _, coords := range [][]sampling.Coord{first, rest} {
		if coords == nil {
			break
		}
		for c, smp := range FetchSamples(ctx, s.svc, s.proto, peers, h.Root, h.K, coords) {
			sq.Set(c.Row, c.Col, smp.Share)
		}
		err = sq.Repair()
		be, bad := erasure.IsBadEncoding(err)
		if err == nil || (bad && be.Proof != nil) || (!bad && !errors.Is(err, erasure.ErrTooFew)) {
			break
		}
		// Too few shares, or a bad line we cannot prove yet: fetch the rest.
	}
	switch be, bad := erasure.IsBadEncoding(err); {
	case err == nil:
		if err := s.store.PutSquare(sq); err != nil {
			s.log.Warn("storing square failed", "height", h.Height, "err", err)
			return
		}
		s.m.ingested.WithLabelValues("stored").Inc()
		s.log.Debug("square stored", "height", h.Height, "k", h.K, "took", time.Since(start))
		s.attestStored(h.Height, h.Root)
	case bad:
		s.m.ingested.WithLabelValues("bad_encoding").Inc()
		s.log.Warn("bad encoding detected", "height", h.Height, "axis", be.Axis, "index", be.Index, "proof", be.Proof != nil)
		if be.Proof != nil {
			msg := FraudMessage{Height: h.Height, Root: h.Root, Proof: be.Proof}
			s.onFraud(msg)
			if err := s.fraud.Publish(s.ctx, msg.Marshal()); err != nil {
				s.log.Warn("publishing fraud proof failed", "height", h.Height, "err", err)
			}
		}
	default:
		s.store.HoldPartial(sq)
		s.m.ingested.WithLabelValues("incomplete").Inc()
		s.log.Warn("square incomplete: serving what is held", "height", h.Height, "held", sq.Held(), "of", w*w, "err", err)
	}
}
