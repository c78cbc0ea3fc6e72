package das

import (
	"context"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// DefaultHeaderPoll is how long a node goes without a new header before it
// asks DA peers for the headers above its head: a few slots.
const DefaultHeaderPoll = 3 * time.Second

// pollPeers is how many DA peers one poll asks, in turn, at most.
const pollPeers = 2

// pollHeaders recovers the headers that gossip did not deliver, on light
// and full DA nodes alike. Gossip is best effort: a node that is outside
// every mesh of the header topic when a header goes out (it just joined, or
// its peers pruned it) hears of it only through IHAVE gossip, which reaches
// a random subset of peers for a few heartbeats. A missed header is fetched
// by catch-up (light nodes) or gap filling (full nodes) when the next one
// arrives; polling covers the last one, and the very first.
//
// When no header has raised the network head for headerPoll, it asks a
// couple of DA peers (a different pair each time; never itself) for the
// headers above the highest height it knows, over headers_by_range, and
// handles what comes back as if gossiped: a light node samples it, a full
// node ingests and attests it. A node that knows no height yet asks from
// height 1: on a network older than the pruning window no DA node has that
// any more, and the node waits for gossip as before. A producer's head
// rises with every header it publishes: it polls only when it stops
// publishing (another producer's turn).
func (s *Service) pollHeaders() {
	defer s.wg.Done()
	t := time.NewTicker(s.headerPoll)
	defer t.Stop()
	for turn := 0; ; {
		select {
		case <-s.ctx.Done():
			return
		case now := <-t.C:
			s.mu.Lock()
			quiet := now.Sub(s.lastHead) >= s.headerPoll
			s.mu.Unlock()
			if quiet {
				s.pollOnce(turn)
				turn++
			}
		}
	}
}

// pollOnce asks pollPeers DA peers, starting at the turn-th, for the
// headers above the highest height this node knows.
func (s *Service) pollOnce(turn int) {
	cp, _, err := s.store.Checkpoint()
	if err != nil {
		s.log.Warn("reading the DA checkpoint failed", "err", err)
		return
	}
	s.mu.Lock()
	from := max(s.networkHead, cp) + 1
	s.mu.Unlock()
	all := s.otherPeers()
	if len(all) == 0 {
		return
	}
	var ask []peer.ID
	for i := range min(pollPeers, len(all)) {
		ask = append(ask, all[(turn+i)%len(all)])
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.hproto.Timeout)
	hdrs, err := PollHeaders(ctx, s.svc, s.hproto, s.network, ask, from, s.isProducer)
	cancel()
	if len(hdrs) == 0 {
		if err != nil && s.ctx.Err() == nil {
			s.log.Debug("polling DA peers for headers found none", "from", from, "err", err)
		}
		return
	}
	s.log.Info("headers that gossip did not deliver fetched from DA peers", "from", from, "to", hdrs[len(hdrs)-1].Height)
	for _, h := range hdrs {
		s.onHeader(h)
	}
}
