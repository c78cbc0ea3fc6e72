package das

import (
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// latencies keeps a smoothed response time per peer, so that a light node
// gives a peer that usually answers in 50 ms a few hundred milliseconds, not
// the protocol's full deadline, before asking the next one.
type latencies struct {
	mu  sync.Mutex
	rtt map[peer.ID]time.Duration
}

const (
	minRequestTimeout = 250 * time.Millisecond
	timeoutFactor     = 4
	maxTrackedPeers   = 4096
)

func newLatencies() *latencies { return &latencies{rtt: map[peer.ID]time.Duration{}} }

// timeout returns how long to wait for p: four times its smoothed response
// time, at least 250 ms, at most limit; limit for a peer never measured.
func (l *latencies) timeout(p peer.ID, limit time.Duration) time.Duration {
	if l == nil {
		return limit
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	rtt, ok := l.rtt[p]
	if !ok {
		return limit
	}
	return min(limit, max(minRequestTimeout, timeoutFactor*rtt))
}

// observe records a response time (EWMA, 1/4 weight to the new sample).
func (l *latencies) observe(p peer.ID, d time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.rtt[p]; ok {
		l.rtt[p] = (3*old + d) / 4
		return
	}
	if len(l.rtt) >= maxTrackedPeers {
		for k := range l.rtt { // drop an arbitrary entry: a fresh peer starts at the full deadline
			delete(l.rtt, k)
			break
		}
	}
	l.rtt[p] = d
}
