package reqresp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// RangeCodec describes a by-range protocol to FetchRange: how to ask for
// count items from start, and how to check a response.
type RangeCodec struct {
	// Encode builds the request for [start, start+count).
	Encode func(start, count uint64) []byte
	// Verify checks the chunks answering a request from start: each chunk
	// must be the next item. It returns how many leading chunks are good and,
	// if any chunk is bad, an error; the peer is then penalized.
	Verify func(from peer.ID, start uint64, chunks [][]byte) (good int, err error)
}

// PenaltyInvalidContent is charged by FetchRange for a response whose
// framing is fine but whose content fails Verify.
const PenaltyInvalidContent = 25

// FetchRange fetches items [start, start+count) from peers, in requests of at
// most proto.MaxChunks items. A peer that rate-limits is set aside with a
// growing backoff and asked again later, unpunished; a peer whose answer is
// malformed or fails verification is penalized and not asked again; a peer
// that fails three times otherwise (timeouts, errors) is dropped. It returns
// the items in order, or an error once every peer is dropped or ctx ends.
func (s *Service) FetchRange(ctx context.Context, peers []peer.ID, proto Protocol, start, count uint64, codec RangeCodec) ([][]byte, error) {
	type candidate struct {
		id       peer.ID
		dropped  bool
		failures int
		backoff  time.Duration
		until    time.Time
	}
	cands := make([]*candidate, len(peers))
	for i, p := range peers {
		cands[i] = &candidate{id: p, backoff: 250 * time.Millisecond}
	}
	out := make([][]byte, 0, count)
	next := 0
	var lastErr error
	for uint64(len(out)) < count {
		// Pick the next usable peer, round-robin, waiting out backoffs.
		var c *candidate
		var wake time.Time
		live := 0
		for i := range cands {
			k := cands[(next+i)%len(cands)]
			if k.dropped {
				continue
			}
			live++
			if time.Now().After(k.until) {
				c, next = k, (next+i+1)%len(cands)
				break
			}
			if wake.IsZero() || k.until.Before(wake) {
				wake = k.until
			}
		}
		if live == 0 {
			return out, fmt.Errorf("reqresp: %s: fetched %d of %d items, no peer left: %w", proto.ID, len(out), count, errors.Join(errNoPeers, lastErr))
		}
		if c == nil {
			select {
			case <-ctx.Done():
				return out, fmt.Errorf("reqresp: %s: fetched %d of %d items: %w", proto.ID, len(out), count, ctx.Err())
			case <-time.After(time.Until(wake)):
			}
			continue
		}
		from := start + uint64(len(out))
		n := min(count-uint64(len(out)), uint64(proto.MaxChunks))
		chunks, err := s.Request(ctx, c.id, proto, codec.Encode(from, n))
		if ctx.Err() != nil {
			return out, fmt.Errorf("reqresp: %s: fetched %d of %d items: %w", proto.ID, len(out), count, ctx.Err())
		}
		switch {
		case errors.Is(err, ErrRateLimited):
			c.until = time.Now().Add(c.backoff)
			c.backoff = min(2*c.backoff, 5*time.Second)
			continue
		case errors.Is(err, ErrInvalidResponse):
			c.dropped, lastErr = true, err // Request has penalized it
			continue
		case err != nil:
			c.failures++
			c.dropped = c.failures >= 3
			c.until = time.Now().Add(c.backoff)
			c.backoff = min(2*c.backoff, 5*time.Second)
			lastErr = err
			continue
		}
		if uint64(len(chunks)) > n {
			s.penalize(c.id, "invalid-response", PenaltyInvalidResponse)
			c.dropped, lastErr = true, fmt.Errorf("%s sent %d items for %d asked", c.id, len(chunks), n)
			continue
		}
		good, verr := codec.Verify(c.id, from, chunks)
		out = append(out, chunks[:good]...)
		if verr != nil {
			s.penalize(c.id, "invalid-content", PenaltyInvalidContent)
			c.dropped, lastErr = true, fmt.Errorf("%s: %w", c.id, verr)
			continue
		}
		if good == 0 {
			// Nothing to offer from here: the peer does not have the range yet.
			c.failures++
			c.dropped = c.failures >= 3
			c.until = time.Now().Add(c.backoff)
			c.backoff = min(2*c.backoff, 5*time.Second)
			lastErr = fmt.Errorf("%s has no items from %d", c.id, from)
		} else {
			c.failures, c.backoff = 0, 250*time.Millisecond
		}
	}
	return out, nil
}

var errNoPeers = errors.New("every peer was dropped")
