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

// ErrUndecided is returned when a sampling round ends with samples that no
// peer served, but that no peer holding the square denied either (timeouts,
// rate limits, DA nodes still ingesting): the height stays Pending and is
// sampled again later.
var ErrUndecided = errors.New("das: samples neither served nor denied")

// SampleHeader samples a header: it asks the tracker for coordinates, then
// fetches and verifies them from peers (in the order given: callers put
// their best DA peers first, several are asked at once), asking again with a
// growing pause until every sample has verified or ctx ends. A sample still
// missing then counts as failed — the height is Unavailable — only if some
// peer holding the square answered without it (withholding); otherwise the
// height stays Pending and SampleHeader returns ErrUndecided. A height is
// Available only when every sample verified.
//
// mu, if not nil, guards tr: the tracker is a plain state machine, and a
// caller sampling several heights at once serializes its use.
func SampleHeader(ctx context.Context, tr *sampling.Tracker, mu sync.Locker, svc *reqresp.Service, proto reqresp.Protocol,
	peers []peer.ID, h Header) (sampling.Verdict, error) {
	return sampleHeader(ctx, tr, mu, svc, proto, peers, h, nil, nil)
}

// fallbackFetch gets one sample some other way (bitswap) when the sample
// protocol did not deliver it.
type fallbackFetch func(ctx context.Context, c sampling.Coord) (Sample, error)

// maxFallback bounds the samples fetched through the fallback at once.
const maxFallback = 8

func sampleHeader(ctx context.Context, tr *sampling.Tracker, mu sync.Locker, svc *reqresp.Service, proto reqresp.Protocol,
	peers []peer.ID, h Header, lat *latencies, fallback fallbackFetch) (sampling.Verdict, error) {
	if mu == nil {
		mu = noLock{}
	}
	mu.Lock()
	sh := sampling.Header{Height: h.Height, Root: h.Root, K: h.K}
	key := sh.Key()
	coords, err := tr.Begin(sh)
	mu.Unlock()
	if err != nil {
		return sampling.Pending, err
	}
	got := map[sampling.Coord]bool{}
	var dmu sync.Mutex
	denied := map[sampling.Coord]bool{}
	onDenied := func(c sampling.Coord) { dmu.Lock(); denied[c] = true; dmu.Unlock() }
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
		for c := range fetchParallel(ctx, svc, proto, peers, h.Root, h.K, want, onDenied, lat) {
			got[c] = true
		}
		if len(got) == len(coords) || ctx.Err() != nil {
			break
		}
		// Every peer was asked for every missing sample this round; if each
		// of them was denied, the verdict is in: no need to wait out the
		// deadline.
		allDenied := true
		dmu.Lock()
		for _, c := range coords {
			if !got[c] && !denied[c] {
				allDenied = false
			}
		}
		dmu.Unlock()
		if allDenied {
			break
		}
		if fallback != nil {
			// Samples no peer denied: try the fallback source, a few at a
			// time, each within a share of the remaining time.
			var todo []sampling.Coord
			dmu.Lock()
			for _, c := range coords {
				if !got[c] && !denied[c] {
					todo = append(todo, c)
				}
			}
			dmu.Unlock()
			var wg sync.WaitGroup
			var gmu sync.Mutex
			sem := make(chan struct{}, maxFallback)
			for _, c := range todo {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
					defer cancel()
					if _, err := fallback(fctx, c); err == nil {
						gmu.Lock()
						got[c] = true
						gmu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(got) == len(coords) || ctx.Err() != nil {
				break
			}
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
			tr.Verified(key, c)
		}
	}
	if len(got) < len(coords) && ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return tr.Verdict(key), ctx.Err() // cancelled: the rest stays pending
	}
	undecided := false
	for _, c := range coords {
		if got[c] {
			continue
		}
		if denied[c] {
			tr.Failed(key, c)
		} else {
			undecided = true
		}
	}
	if v := tr.Verdict(key); v != sampling.Pending || !undecided {
		return v, nil
	}
	return sampling.Pending, ErrUndecided
}

// parallelPeers is how many DA peers one sampling round asks at once.
const parallelPeers = 4

// fetchParallel splits coords over the first parallelPeers peers and asks
// them at once; each part falls back to the other peers in turn.
func fetchParallel(ctx context.Context, svc *reqresp.Service, proto reqresp.Protocol, peers []peer.ID,
	root erasure.Hash, k int, coords []sampling.Coord, denied func(sampling.Coord), lat *latencies) map[sampling.Coord]Sample {
	n := min(parallelPeers, len(peers), len(coords))
	if n <= 1 {
		return fetchSamples(ctx, svc, proto, peers, root, k, coords, denied, lat)
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
			got := fetchSamples(ctx, svc, proto, order, root, k, part, denied, lat)
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
