package ethrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/event"
	"github.com/ethereum/go-ethereum/rpc"
)

// Installed filters (eth_newFilter, eth_newBlockFilter) are cursors, not
// subscriptions: each remembers the first block it has not reported, and
// eth_getFilterChanges reads the blocks from there to the head. So they
// cost no goroutine and no memory while blocks arrive, and a filter nobody
// polls for the filter timeout is dropped at the next filter call.

var errFilterNotFound = errors.New("filter not found")

type filterKind int

const (
	blockFilter filterKind = iota
	logFilter
)

type installedFilter struct {
	kind  filterKind
	query logQuery // log filters

	mu       sync.Mutex // serializes polls of this filter
	next     uint64     // first block not yet reported
	lastUsed time.Time  // guarded by filterSet.mu
}

type filterSet struct {
	timeout time.Duration
	now     func() time.Time

	mu sync.Mutex
	m  map[rpc.ID]*installedFilter
}

func newFilterSet(timeout time.Duration, now func() time.Time) *filterSet {
	return &filterSet{timeout: timeout, now: now, m: map[rpc.ID]*installedFilter{}}
}

func (fs *filterSet) add(f *installedFilter) (rpc.ID, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.sweepLocked()
	if len(fs.m) >= MaxFilters {
		return "", &limitError{fmt.Sprintf("too many installed filters (%d): uninstall some or use eth_getLogs", MaxFilters)}
	}
	id := rpc.NewID()
	f.lastUsed = fs.now()
	fs.m[id] = f
	return id, nil
}

// get returns a live filter and marks it used.
func (fs *filterSet) get(id rpc.ID) (*installedFilter, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.sweepLocked()
	f, ok := fs.m[id]
	if ok {
		f.lastUsed = fs.now()
	}
	return f, ok
}

func (fs *filterSet) remove(id rpc.ID) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	_, ok := fs.m[id]
	delete(fs.m, id)
	fs.sweepLocked()
	return ok
}

func (fs *filterSet) len() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.m)
}

func (fs *filterSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	clear(fs.m)
}

func (fs *filterSet) sweepLocked() {
	now := fs.now()
	for id, f := range fs.m {
		if now.Sub(f.lastUsed) > fs.timeout {
			delete(fs.m, id)
		}
	}
}

// NewFilter is eth_newFilter: a log filter reporting from the next block.
func (api *ethAPI) NewFilter(f FilterQuery) (rpc.ID, error) {
	q := newLogQuery(f)
	if q.blockHash != nil {
		return "", &invalidParamsError{"a filter cannot select a block hash: use eth_getLogs"}
	}
	return api.c.filters.add(&installedFilter{kind: logFilter, query: q, next: api.c.exec.Head().NumberU64() + 1})
}

// NewBlockFilter is eth_newBlockFilter: reports the hashes of new blocks.
func (api *ethAPI) NewBlockFilter() (rpc.ID, error) {
	return api.c.filters.add(&installedFilter{kind: blockFilter, next: api.c.exec.Head().NumberU64() + 1})
}

// UninstallFilter is eth_uninstallFilter.
func (api *ethAPI) UninstallFilter(id rpc.ID) bool {
	return api.c.filters.remove(id)
}

// GetFilterChanges is eth_getFilterChanges: what happened since the last
// poll, at most MaxLogBlockRange blocks of it (the rest comes with the next
// poll). Block filters give block hashes, log filters logs.
func (api *ethAPI) GetFilterChanges(ctx context.Context, id rpc.ID) (any, error) {
	f, ok := api.c.filters.get(id)
	if !ok {
		return nil, errFilterNotFound
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	head := api.c.exec.Head().NumberU64()
	from, to := f.next, head
	if f.kind == blockFilter {
		hashes := []common.Hash{}
		to = min(to, from+MaxLogBlockRange-1)
		for n := from; n <= to; n++ {
			h := api.c.exec.HeaderByNumber(n)
			if h == nil {
				break
			}
			hashes = append(hashes, h.Hash())
			f.next = n + 1
		}
		return hashes, nil
	}
	// A log filter covers its own range, where fixed: latest means "every
	// new block".
	if f.query.from != nil && *f.query.from >= 0 {
		from = max(from, uint64(*f.query.from))
	}
	if f.query.to != nil && *f.query.to >= 0 {
		to = min(to, uint64(*f.query.to))
	}
	if from > to {
		return []*types.Log{}, nil
	}
	to = min(to, from+MaxLogBlockRange-1)
	logs, err := api.c.logsIn(ctx, &f.query, from, to, []*types.Log{})
	if err != nil {
		return nil, err
	}
	f.next = to + 1
	return logs, nil
}

// GetFilterLogs is eth_getFilterLogs: the whole query of a log filter, as
// eth_getLogs would answer it.
func (api *ethAPI) GetFilterLogs(ctx context.Context, id rpc.ID) ([]*types.Log, error) {
	f, ok := api.c.filters.get(id)
	if !ok || f.kind != logFilter {
		return nil, errFilterNotFound
	}
	return api.c.logs(ctx, &f.query)
}

// subscriptionBuffer is how many notifications a subscription may fall
// behind before it loses some: the executor's feed must never wait for a
// slow client.
const subscriptionBuffer = 256

// NewHeads is eth_subscribe("newHeads"): every new head, shaped as
// eth_getBlockByNumber's header fields.
func (api *ethAPI) NewHeads(ctx context.Context) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return &rpc.Subscription{}, rpc.ErrNotificationsUnsupported
	}
	sub := notifier.CreateSubscription()
	in := make(chan *types.Header, subscriptionBuffer)
	esub := api.c.exec.SubscribeHeads(in)
	relay(api.c, "newHeads", sub, esub, in, func(h *types.Header) error {
		return notifier.Notify(sub.ID, marshalHeader(h))
	})
	return sub, nil
}

// Logs is eth_subscribe("logs", filter): every new log that matches the
// filter's addresses and topics (its block range is not used).
func (api *ethAPI) Logs(ctx context.Context, f FilterQuery) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return &rpc.Subscription{}, rpc.ErrNotificationsUnsupported
	}
	q := newLogQuery(f)
	sub := notifier.CreateSubscription()
	in := make(chan []*types.Log, subscriptionBuffer)
	esub := api.c.exec.SubscribeLogs(in)
	relay(api.c, "logs", sub, esub, in, func(logs []*types.Log) error {
		for _, l := range logs {
			if !q.matches(l) {
				continue
			}
			if err := notifier.Notify(sub.ID, l); err != nil {
				return err
			}
		}
		return nil
	})
	return sub, nil
}

// relay moves items from an executor feed to a subscriber through a
// bounded queue: one goroutine drains the feed and never blocks (an item
// that finds the queue full is dropped and logged), another writes to the
// client. Both end with the subscription; the reader also when the
// executor closes its feeds.
func relay[T any](c *chain, kind string, sub *rpc.Subscription, esub event.Subscription, in <-chan T, notify func(T) error) {
	log := c.log
	queue := make(chan T, subscriptionBuffer)
	c.relays.Go(func() {
		for {
			select {
			case v := <-queue:
				if err := notify(v); err != nil {
					log.Debug("subscription write failed", "kind", kind, "id", sub.ID, "err", err)
					return
				}
			case <-sub.Err():
				return
			}
		}
	})
	c.relays.Go(func() {
		defer esub.Unsubscribe()
		for {
			select {
			case v := <-in:
				select {
				case queue <- v:
				default:
					log.Warn("subscriber too slow: notification dropped", "kind", kind, "id", sub.ID)
				}
			case <-sub.Err():
				return
			case <-esub.Err():
				return
			}
		}
	})
}
