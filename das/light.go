package das

import (
	"context"
	"sync"

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

// SampleHeader runs one round of sampling for a header: it asks the tracker
// for coordinates, fetches and verifies them from peers (in the order given:
// callers put their best DA peers first), and records every result. A
// coordinate no peer could serve with a valid proof is recorded as failed,
// so the height is Unavailable; the height is Available only when every
// sample verified.
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
	got := FetchSamples(ctx, svc, proto, peers, h.Root, h.K, coords)
	mu.Lock()
	defer mu.Unlock()
	if ctx.Err() != nil {
		// Interrupted: record what verified, leave the rest pending.
		for c := range got {
			tr.Verified(h.Height, c)
		}
		return tr.Verdict(h.Height), ctx.Err()
	}
	for _, c := range coords {
		if _, ok := got[c]; ok {
			tr.Verified(h.Height, c)
		} else {
			tr.Failed(h.Height, c)
		}
	}
	return tr.Verdict(h.Height), nil
}

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}
