package das

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/p2p/reqresp"
)

// Header is what a light node needs to sample a height.
type Header struct {
	Height uint64
	Root   erasure.Hash
	K      int
}

// SampleHeader samples a header: it asks the tracker for coordinates, then
// fetches and verifies them from peers (in the order given: callers put
// their best DA peers first), asking again with a growing pause (DA nodes may
// still be ingesting a fresh square) until every sample has verified or ctx
// ends. Samples still missing then are recorded as failed, which makes the
// height Unavailable; it is Available only when every sample verified.
//
// mu, if not nil, guards tr: the tracker is a plain state machine, and a
// caller sampling several heights at once serializes its use.
func SampleHeader(ctx context.Context, tr *sampling.Tracker, mu sync.Locker, svc *reqresp.Service, proto reqresp.Protocol,
	peers []peer.ID, h Header) (sampling.Verdict, error) {
	if mu == nil {
		mu = noLock{}
	}
	mu.Lock()
	coords, err := tr.Begin(sampling.Header{Height: h.Height, K: h.K})
	mu.Unlock()
	if err != nil {
		return sampling.Pending, err
	}
	got := map[sampling.Coord]bool{}
	pause := 100 * time.Millisecond
	for {
		var want []sampling.Coord
		for _, c := range coords {
			if !got[c] {
				want = append(want, c)
			}
		}
		if len(want) == 0 {
			break
		}
		for c := range fetchParallel(ctx, svc, proto, peers, h.Root, h.K, want) {
			got[c] = true
		}
		if len(got) == len(coords) || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
			pause = min(2*pause, 2*time.Second)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, c := range coords {
		if got[c] {
			tr.Verified(h.Height, c)
		}
	}
	if len(got) < len(coords) && ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return tr.Verdict(h.Height), ctx.Err() // cancelled: the rest stays pending
	}
	for _, c := range coords {
		if !got[c] {
			tr.Failed(h.Height, c)
		}
	}
	return tr.Verdict(h.Height), nil
}

// parallelPeers is how many DA peers one sampling round asks at once.
const parallelPeers = 4

// fetchParallel splits coords over the first parallelPeers peers and asks
// them at once; each part falls back to the other peers in turn.
func fetchParallel(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID,
	root erasure.Hash, k int, coords []sampling.Coord) map[sampling.Coord]Sample {
	n := min(parallelPeers, len(peers), len(coords))
	if n <= 1 {
		return FetchSamples(ctx, svc, proto, peers, root, k, coords)
	}
	parts := make([][]sampling.Coord, n)
	for i, c := range coords {
		parts[i%n] = append(parts[i%n], c)
	}
	var mu sync.Mutex
	out := make(map[sampling.Coord]Sample, len(coords))
	var wg sync.WaitGroup
	for i, part := range parts {
		order := append(append([]peer.ID(nil), peers[i:]...), peers[:i]...)
		wg.Go(func() {
			got := FetchSamples(ctx, svc, proto, order, root, k, part)
			mu.Lock()
			for c, s := range got {
				out[c] = s
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}
