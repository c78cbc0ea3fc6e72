package das

import (
	"context"
	"slices"
	"time"

	"github.com/l2node/l2node/das/sampling"
)

// maxCatchUp bounds how far below a new header a node fetches the headers it
// missed: a producer may sign a header far ahead.
const maxCatchUp = 10_000

// catchUpRole is what catch-up does for one role: light nodes sample the
// heights they missed, full DA nodes ingest them. The fetching is shared.
type catchUpRole struct {
	name string
	// known tells whether a height needs nothing (skip), or returns its
	// stored header, handed over without a fetch; neither: fetch it.
	known func(height uint64) (hdr *DAHeader, skip bool)
	// handle takes a missed header once it is stored.
	handle func(*DAHeader)
	// restart is the role's entry point, for a height that arrived while a
	// run was under way.
	restart func(height uint64)

	running bool   // under Service.mu
	again   uint64 // highest height that arrived during the run, under Service.mu
}

func (s *Service) newCatchUpRoles() {
	s.lightCatchUp = &catchUpRole{name: "light", handle: s.startSampling, restart: s.catchUp,
		known: func(height uint64) (*DAHeader, bool) {
			if v, err := s.store.Verdict(height); err != nil || v != sampling.Pending || s.sampling(height) {
				return nil, true
			}
			if hdr, err := s.store.Header(height); err == nil {
				return hdr, false // known, but not being sampled: no need to fetch it
			}
			return nil, false
		}}
	// A full node skips the heights whose header it has: each was handed to
	// ingest when it arrived.
	s.fullCatchUp = &catchUpRole{name: "full", handle: s.ingestInTurn, restart: s.fillGap,
		known: func(height uint64) (*DAHeader, bool) { return nil, s.store.HasHeader(height) }}
}

// catchUp, on a light node, fetches and samples the headers between its
// checkpoint and a new header's height that it missed (it was offline, or
// restarted). On the very first header there is nothing to catch up with:
// the node starts from there.
func (s *Service) catchUp(height uint64) {
	cp, ok, err := s.store.Checkpoint()
	if err != nil {
		s.log.Warn("reading the DA checkpoint failed", "err", err)
		return
	}
	if !ok {
		if height > 0 {
			if err := s.store.SetCheckpoint(height - 1); err != nil {
				s.log.Warn("writing the DA checkpoint failed", "err", err)
			}
		}
		return
	}
	if height <= cp+1 {
		return
	}
	if height-cp-1 > maxCatchUp {
		cp = height - 1 - maxCatchUp // a bounded span at a time; the checkpoint waits
	}
	s.runCatchUp(s.lightCatchUp, cp+1, height-1)
}

// fillGap, on a full DA node (or producer), fetches and ingests the headers
// between the last height up to which it has every header and a new
// header's height: gossip did not bring them (the node was offline, outside
// the topic's mesh, or restarted). On the very first header there is
// nothing to fill: the node starts from there. Heights more than maxCatchUp
// below the new header are given up on.
func (s *Service) fillGap(height uint64) {
	filled, ok := s.advanceContiguous()
	if !ok {
		s.mu.Lock()
		if !s.contiguousSet {
			s.contiguous, s.contiguousSet = height, true
		}
		s.mu.Unlock()
		return
	}
	if height <= filled+1 {
		return
	}
	if height-filled-1 > maxCatchUp {
		filled = height - 1 - maxCatchUp
		s.mu.Lock()
		s.contiguous = max(s.contiguous, filled)
		s.mu.Unlock()
	}
	s.runCatchUp(s.fullCatchUp, filled+1, height-1)
}

// advanceContiguous moves a full node's watermark over the heights above it
// whose headers are stored, and returns it; false before the first header.
func (s *Service) advanceContiguous() (uint64, bool) {
	s.mu.Lock()
	c, ok := s.contiguous, s.contiguousSet
	s.mu.Unlock()
	if !ok {
		return 0, false
	}
	for s.store.HasHeader(c + 1) {
		c++
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contiguous = max(s.contiguous, c)
	return s.contiguous, true
}

// runCatchUp fetches, in the background, the headers of heights from..to
// that role misses, from DA peers, MaxHeadersPerRequest at a time, checks
// them as on gossip, stores them and hands each to the role. One run per
// role at a time: a gap seen during a run is looked at when the run ends.
func (s *Service) runCatchUp(r *catchUpRole, from, to uint64) {
	s.mu.Lock()
	if r.running {
		r.again = max(r.again, to+1)
		s.mu.Unlock()
		return
	}
	r.running = true
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.catchUpRange(r, from, to)
		s.mu.Lock()
		again := r.again
		r.running, r.again = false, 0
		s.mu.Unlock()
		if again > 0 && s.ctx.Err() == nil {
			r.restart(again)
		}
	}()
}

func (s *Service) catchUpRange(r *catchUpRole, from, to uint64) {
	s.log.Info("catching up on missed heights", "role", r.name, "from", from, "to", to)
	for start := from; start <= to && s.ctx.Err() == nil; start += MaxHeadersPerRequest {
		var missing []uint64
		for h := start; h <= min(to, start+MaxHeadersPerRequest-1); h++ {
			switch hdr, skip := r.known(h); {
			case skip:
			case hdr != nil:
				r.handle(hdr)
			default:
				missing = append(missing, h)
			}
		}
		if len(missing) == 0 {
			continue
		}
		first, last := missing[0], missing[len(missing)-1]
		ctx, cancel := context.WithTimeout(s.ctx, time.Minute)
		hdrs, err := FetchHeaders(ctx, s.svc, s.hproto, s.network, s.otherPeers(), first, last-first+1, s.isProducer)
		cancel()
		for _, h := range hdrs {
			if slices.Contains(missing, h.Height) && s.acceptHeader(h) {
				r.handle(h)
			}
		}
		if uint64(len(hdrs)) < last-first+1 {
			s.log.Warn("some missed heights could not be fetched (pruned, or no DA node has them)",
				"role", r.name, "from", first+uint64(len(hdrs)), "to", last, "err", err)
		}
	}
}
