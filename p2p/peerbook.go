package p2p

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/l2node/l2node/internal/pebblelog"
)

// PeerRecord is what the peer book remembers about one peer.
type PeerRecord struct {
	ID            peer.ID   `json:"-"`
	Addrs         []string  `json:"addrs"`
	Roles         []Role    `json:"roles,omitempty"`
	LastSeen      time.Time `json:"last_seen"`
	LastConnected time.Time `json:"last_connected,omitzero"`
}

// AddrInfo returns the record's dialable addresses, skipping any that no
// longer parse.
func (r PeerRecord) AddrInfo() peer.AddrInfo {
	ai := peer.AddrInfo{ID: r.ID}
	for _, s := range r.Addrs {
		if m, err := ma.NewMultiaddr(s); err == nil {
			ai.Addrs = append(ai.Addrs, m)
		}
	}
	return ai
}

// ErrCorruptRecord marks a peer book entry that does not decode.
var ErrCorruptRecord = errors.New("corrupt peer book record")

// ErrPeerBookClosed is returned after Close.
var ErrPeerBookClosed = errors.New("peer book closed")

const (
	peerKeyPrefix   = "peer/"
	maxRecordBytes  = 16 << 10 // a record holds a handful of addresses
	maxAddrsPerPeer = 16
)

// PeerBook is the durable list of known peers, their addresses and roles, kept
// in pebble so a restarted node reconnects without its bootstrap peers.
type PeerBook struct {
	db       *pebble.DB
	log      *slog.Logger
	maxPeers int
	maxAge   time.Duration

	mu     sync.Mutex   // serializes read-modify-write of records
	closeM sync.RWMutex // held for reading by every operation, for writing by Close
	closed bool
}

// OpenPeerBook opens (or creates) the peer book in dir.
func OpenPeerBook(dir string, maxPeers int, maxAge time.Duration, log *slog.Logger) (*PeerBook, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebblelog.Logger{Log: log}})
	if err != nil {
		return nil, fmt.Errorf("peer book: open %s: %w", dir, err)
	}
	return &PeerBook{db: db, log: log, maxPeers: maxPeers, maxAge: maxAge}, nil
}

// Close flushes and closes the store; later calls fail with ErrPeerBookClosed.
func (b *PeerBook) Close() error {
	b.closeM.Lock()
	defer b.closeM.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if err := b.db.Flush(); err != nil {
		b.db.Close()
		return fmt.Errorf("peer book: flush: %w", err)
	}
	return b.db.Close()
}

func peerKey(id peer.ID) []byte { return append([]byte(peerKeyPrefix), id...) }

func decodeRecord(key, val []byte) (PeerRecord, error) {
	var r PeerRecord
	if len(key) <= len(peerKeyPrefix) {
		return r, fmt.Errorf("%w: short key", ErrCorruptRecord)
	}
	id, err := peer.IDFromBytes(key[len(peerKeyPrefix):])
	if err != nil {
		return r, fmt.Errorf("%w: bad peer id: %v", ErrCorruptRecord, err)
	}
	if len(val) > maxRecordBytes {
		return r, fmt.Errorf("%w: %d bytes", ErrCorruptRecord, len(val))
	}
	if err := json.Unmarshal(val, &r); err != nil {
		return r, fmt.Errorf("%w: %v", ErrCorruptRecord, err)
	}
	r.ID = id
	return r, nil
}

// Get returns the record of id, if any.
func (b *PeerBook) Get(id peer.ID) (PeerRecord, bool, error) {
	b.closeM.RLock()
	defer b.closeM.RUnlock()
	if b.closed {
		return PeerRecord{}, false, ErrPeerBookClosed
	}
	return b.get(id)
}

func (b *PeerBook) get(id peer.ID) (PeerRecord, bool, error) {
	val, closer, err := b.db.Get(peerKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return PeerRecord{}, false, nil
	}
	if err != nil {
		return PeerRecord{}, false, fmt.Errorf("peer book: get %s: %w", id, err)
	}
	defer closer.Close()
	r, err := decodeRecord(peerKey(id), val)
	if err != nil {
		return PeerRecord{}, false, fmt.Errorf("peer book: get %s: %w", id, err)
	}
	return r, true, nil
}

// Observe merges what was just learned about a peer into its record: new
// addresses replace old ones when given, roles accumulate, times move forward.
func (b *PeerBook) Observe(upd PeerRecord) error { return b.ObserveMany([]PeerRecord{upd}) }

// ObserveMany is Observe for several peers, in one synced write.
func (b *PeerBook) ObserveMany(upds []PeerRecord) error {
	b.closeM.RLock()
	defer b.closeM.RUnlock()
	if b.closed {
		return ErrPeerBookClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	batch := b.db.NewBatch()
	defer batch.Close()
	merged := map[peer.ID]PeerRecord{}
	for _, upd := range upds {
		if upd.ID == "" {
			return errors.New("peer book: record without peer id")
		}
		cur, ok := merged[upd.ID]
		if !ok {
			var err error
			if cur, _, err = b.get(upd.ID); err != nil && !errors.Is(err, ErrCorruptRecord) {
				return err
			}
		}
		cur.ID = upd.ID
		if len(upd.Addrs) > 0 {
			cur.Addrs = upd.Addrs
			if len(cur.Addrs) > maxAddrsPerPeer {
				cur.Addrs = cur.Addrs[:maxAddrsPerPeer]
			}
		}
		for _, r := range upd.Roles {
			if !slices.Contains(cur.Roles, r) {
				cur.Roles = append(cur.Roles, r)
			}
		}
		slices.Sort(cur.Roles)
		if upd.LastSeen.After(cur.LastSeen) {
			cur.LastSeen = upd.LastSeen
		}
		if upd.LastConnected.After(cur.LastConnected) {
			cur.LastConnected = upd.LastConnected
		}
		merged[upd.ID] = cur
	}
	for id, rec := range merged {
		val, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("peer book: encode %s: %w", id, err)
		}
		if err := batch.Set(peerKey(id), val, nil); err != nil {
			return fmt.Errorf("peer book: write %s: %w", id, err)
		}
	}
	// NB: Sync, not NoSync: pebble buffers unsynced WAL writes in the process,
	// so a killed node would lose the peers it met last, exactly the ones it
	// needs to reconnect. Callers batch their updates to keep fsyncs rare.
	if err := batch.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("peer book: write %d records: %w", len(merged), err)
	}
	return nil
}

// Delete forgets a peer.
func (b *PeerBook) Delete(id peer.ID) error {
	b.closeM.RLock()
	defer b.closeM.RUnlock()
	if b.closed {
		return ErrPeerBookClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.delete(id)
}

func (b *PeerBook) delete(id peer.ID) error {
	if err := b.db.Delete(peerKey(id), pebble.NoSync); err != nil {
		return fmt.Errorf("peer book: delete %s: %w", id, err)
	}
	return nil
}

// All returns every record, most recently connected first. Corrupt entries are
// logged and removed rather than failing the node.
func (b *PeerBook) All() ([]PeerRecord, error) {
	b.closeM.RLock()
	defer b.closeM.RUnlock()
	if b.closed {
		return nil, ErrPeerBookClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.all()
}

func (b *PeerBook) all() ([]PeerRecord, error) {
	it, err := b.db.NewIter(&pebble.IterOptions{
		LowerBound: []byte(peerKeyPrefix),
		UpperBound: []byte("peer0"), // '0' follows '/'
	})
	if err != nil {
		return nil, fmt.Errorf("peer book: iterate: %w", err)
	}
	var out []PeerRecord
	var corrupt [][]byte
	for it.First(); it.Valid(); it.Next() {
		r, err := decodeRecord(it.Key(), it.Value())
		if err != nil {
			b.log.Warn("dropping corrupt peer book entry", "err", err)
			corrupt = append(corrupt, slices.Clone(it.Key()))
			continue
		}
		out = append(out, r)
	}
	if err := it.Close(); err != nil {
		return nil, fmt.Errorf("peer book: iterate: %w", err)
	}
	for _, k := range corrupt {
		if err := b.db.Delete(k, pebble.NoSync); err != nil {
			return nil, fmt.Errorf("peer book: delete corrupt entry: %w", err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].LastConnected.Equal(out[j].LastConnected) {
			return out[i].LastConnected.After(out[j].LastConnected)
		}
		return out[i].LastSeen.After(out[j].LastSeen)
	})
	return out, nil
}

// Prune drops peers not seen within the maximum age and, beyond the maximum
// count, the least recently connected ones. It returns how many it dropped.
func (b *PeerBook) Prune(now time.Time) (int, error) {
	b.closeM.RLock()
	defer b.closeM.RUnlock()
	if b.closed {
		return 0, ErrPeerBookClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	all, err := b.all()
	if err != nil {
		return 0, err
	}
	dropped := 0
	for i, r := range all {
		if i >= b.maxPeers || now.Sub(r.LastSeen) > b.maxAge {
			if err := b.delete(r.ID); err != nil {
				return dropped, err
			}
			dropped++
		}
	}
	return dropped, nil
}
