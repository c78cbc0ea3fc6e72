package das

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/internal/pebblelog"
)

// Store keeps, in pebble: headers by height; on DA nodes the batch data of
// every complete square (squares are re-extended on demand, with a small
// cache of recent ones); on light nodes the verdict of every height and a
// checkpoint below which every height has one. Everything older than the
// pruning window goes.
//
// Keys: "h" height → receive time (8) || header; "d" root → data;
// "v" height → verdict (1) || time (8); "m/checkpoint" → height.
type Store struct {
	db      *pebble.DB
	network string
	log     *slog.Logger

	hmu      sync.Mutex // serializes PutHeader's check-then-write
	extendMu sync.Mutex // one re-extension at a time: each may take 128 MiB

	mu           sync.Mutex
	cache        []*erasure.Square // most recent last
	partial      map[erasure.Hash]*erasure.Square
	partialOrder []erasure.Hash // oldest first, for eviction
	maxSq        int
}

// ErrNotFound is returned for data the store does not hold.
var ErrNotFound = errors.New("not found")

// OpenStore opens the store in dir, caching up to squares extended squares.
func OpenStore(dir, network string, squares int, log *slog.Logger) (*Store, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebblelog.Logger{Log: log}})
	if err != nil {
		return nil, fmt.Errorf("das: open store %s: %w", dir, err)
	}
	return &Store{db: db, network: network, log: log, maxSq: max(squares, 1), partial: map[erasure.Hash]*erasure.Square{}}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

func heightKey(prefix byte, h uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{prefix}, h)
}

// ErrConflict is returned by PutHeader for a second, different header at a
// height: a producer that equivocates. The first header stays.
var ErrConflict = errors.New("another header is stored at this height")

// PutHeader records a header at its height, keeping the first one (and the
// time it was first received, which pruning goes by).
func (s *Store) PutHeader(h *DAHeader, at time.Time) error {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	if old, err := s.Header(h.Height); err == nil {
		if old.Root != h.Root {
			return fmt.Errorf("%w: height %d", ErrConflict, h.Height)
		}
		return nil
	}
	v := binary.BigEndian.AppendUint64(nil, uint64(at.UnixMilli()))
	v = append(v, h.Marshal()...)
	if err := s.db.Set(heightKey('h', h.Height), v, pebble.Sync); err != nil {
		return fmt.Errorf("das: store header %d: %w", h.Height, err)
	}
	return nil
}

// Header returns the header at a height.
func (s *Store) Header(height uint64) (*DAHeader, error) {
	v, closer, err := s.db.Get(heightKey('h', height))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	if len(v) < 8 {
		return nil, fmt.Errorf("das: header %d: corrupt record", height)
	}
	return UnmarshalHeader(s.network, v[8:])
}

// HasHeader reports whether a header is stored at a height, without
// decoding it.
func (s *Store) HasHeader(height uint64) bool {
	_, closer, err := s.db.Get(heightKey('h', height))
	if err != nil {
		return false
	}
	closer.Close()
	return true
}

// Head returns the highest height with a stored header; false if none.
func (s *Store) Head() (uint64, bool, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'h'}, UpperBound: []byte{'i'}})
	if err != nil {
		return 0, false, err
	}
	defer it.Close()
	if !it.Last() {
		return 0, false, it.Error()
	}
	if len(it.Key()) != 9 {
		return 0, false, fmt.Errorf("das: corrupt header key %x", it.Key())
	}
	return binary.BigEndian.Uint64(it.Key()[1:]), true, nil
}

// PutSquare stores a complete square's data and caches the square.
func (s *Store) PutSquare(sq *erasure.Square) error {
	data, err := sq.Data()
	if err != nil {
		return err
	}
	if err := s.db.Set(append([]byte{'d'}, sq.Root[:]...), data, pebble.Sync); err != nil {
		return fmt.Errorf("das: store square: %w", err)
	}
	s.mu.Lock()
	delete(s.partial, sq.Root)
	s.remember(sq)
	s.mu.Unlock()
	return nil
}

// maxPartial bounds the incomplete squares held in memory.
const maxPartial = 4

// HoldPartial keeps an incomplete square in memory to serve what it has;
// beyond maxPartial the oldest is dropped.
func (s *Store) HoldPartial(sq *erasure.Square) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.partial[sq.Root]; !ok {
		s.partialOrder = append(s.partialOrder, sq.Root)
	}
	s.partial[sq.Root] = sq
	for len(s.partialOrder) > maxPartial {
		delete(s.partial, s.partialOrder[0])
		s.partialOrder = s.partialOrder[1:]
	}
}

func (s *Store) remember(sq *erasure.Square) {
	for i, c := range s.cache {
		if c.Root == sq.Root {
			s.cache = append(s.cache[:i], s.cache[i+1:]...)
			break
		}
	}
	s.cache = append(s.cache, sq)
	if len(s.cache) > s.maxSq {
		s.cache = s.cache[1:]
	}
}

// inMemory lists the squares held in memory, cached and partial.
func (s *Store) inMemory() []*erasure.Square {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]*erasure.Square(nil), s.cache...)
	for _, p := range s.partial {
		out = append(out, p)
	}
	return out
}

// HasSquare reports whether the complete data of a square is stored.
func (s *Store) HasSquare(root erasure.Hash) bool {
	_, closer, err := s.db.Get(append([]byte{'d'}, root[:]...))
	if err != nil {
		return false
	}
	closer.Close()
	return true
}

// MarkInvalid records that the square at height with root is proven badly
// encoded: it is dropped and never served again.
func (s *Store) MarkInvalid(height uint64, root erasure.Hash) error {
	s.mu.Lock()
	delete(s.partial, root)
	for i, c := range s.cache {
		if c.Root == root {
			s.cache = append(s.cache[:i], s.cache[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	b := s.db.NewBatch()
	defer b.Close()
	b.Set(append([]byte{'x'}, root[:]...), binary.BigEndian.AppendUint64(nil, height), nil)
	b.Delete(append([]byte{'d'}, root[:]...), nil)
	return b.Commit(pebble.Sync)
}

// Invalid reports whether a root was proven badly encoded.
func (s *Store) Invalid(root erasure.Hash) bool {
	_, closer, err := s.db.Get(append([]byte{'x'}, root[:]...))
	if err != nil {
		return false
	}
	closer.Close()
	return true
}

// Square implements SquareSource: a cached square, a partial one, or one
// re-extended from stored data; never one proven badly encoded.
func (s *Store) Square(_ context.Context, root erasure.Hash) (*erasure.Square, error) {
	if s.Invalid(root) {
		return nil, nil
	}
	s.mu.Lock()
	for _, c := range s.cache {
		if c.Root == root {
			s.mu.Unlock()
			return c, nil
		}
	}
	if p, ok := s.partial[root]; ok {
		s.mu.Unlock()
		return p, nil
	}
	s.mu.Unlock()
	if !s.HasSquare(root) {
		return nil, nil
	}
	// Re-extending costs up to a second and 128 MiB: one at a time, and a
	// square another request has just re-extended is taken from the cache.
	s.extendMu.Lock()
	defer s.extendMu.Unlock()
	s.mu.Lock()
	for _, c := range s.cache {
		if c.Root == root {
			s.mu.Unlock()
			return c, nil
		}
	}
	s.mu.Unlock()
	v, closer, err := s.db.Get(append([]byte{'d'}, root[:]...))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data := append([]byte(nil), v...)
	closer.Close()
	sq, err := erasure.Extend(data)
	if err != nil {
		return nil, err
	}
	if sq.Root != root {
		return nil, fmt.Errorf("das: stored data re-extends to another root: corrupt store")
	}
	s.mu.Lock()
	s.remember(sq)
	s.mu.Unlock()
	return sq, nil
}

// PutAttestation records an attestation ("a" height signer → signature).
func (s *Store) PutAttestation(a Attestation) error {
	k := append(heightKey('a', a.Height), a.Signer[:]...)
	v := append(append([]byte(nil), a.Root[:]...), a.Signature...)
	return s.db.Set(k, v, pebble.NoSync)
}

// AttestationCount counts the attestations stored for a height.
func (s *Store) AttestationCount(height uint64) (int, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: heightKey('a', height), UpperBound: heightKey('a', height+1)})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	for it.First(); it.Valid(); it.Next() {
		n++
	}
	return n, nil
}

// Attestations lists the attestations stored for a height.
func (s *Store) Attestations(height uint64) ([]Attestation, error) {
	lo := heightKey('a', height)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: heightKey('a', height+1)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []Attestation
	for it.First(); it.Valid(); it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) != 9+20 || len(v) != 32+65 {
			continue
		}
		a := Attestation{Height: height, Signature: append([]byte(nil), v[32:]...)}
		copy(a.Signer[:], k[9:])
		copy(a.Root[:], v[:32])
		out = append(out, a)
	}
	return out, nil
}

// PutVerdict records a light node's verdict for a height. An Unavailable
// verdict is final: nothing overwrites it.
func (s *Store) PutVerdict(height uint64, v sampling.Verdict, at time.Time) error {
	if old, err := s.Verdict(height); err == nil && old == sampling.Unavailable {
		return nil
	}
	val := binary.BigEndian.AppendUint64([]byte{byte(v)}, uint64(at.UnixMilli()))
	if err := s.db.Set(heightKey('v', height), val, pebble.Sync); err != nil {
		return fmt.Errorf("das: store verdict %d: %w", height, err)
	}
	return nil
}

// Verdict returns the stored verdict of a height (Pending if none).
func (s *Store) Verdict(height uint64) (sampling.Verdict, error) {
	v, closer, err := s.db.Get(heightKey('v', height))
	if errors.Is(err, pebble.ErrNotFound) {
		return sampling.Pending, nil
	}
	if err != nil {
		return sampling.Pending, err
	}
	defer closer.Close()
	if len(v) != 9 || v[0] > byte(sampling.Unavailable) {
		return sampling.Pending, fmt.Errorf("das: verdict %d: corrupt record", height)
	}
	return sampling.Verdict(v[0]), nil
}

var checkpointKey = []byte("m/checkpoint")

// Checkpoint is the height up to which every height has a final verdict.
func (s *Store) Checkpoint() (uint64, bool, error) {
	v, closer, err := s.db.Get(checkpointKey)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, false, fmt.Errorf("das: corrupt checkpoint")
	}
	return binary.BigEndian.Uint64(v), true, nil
}

// SetCheckpoint records the checkpoint.
func (s *Store) SetCheckpoint(h uint64) error {
	return s.db.Set(checkpointKey, binary.BigEndian.AppendUint64(nil, h), pebble.Sync)
}

// Prune deletes headers, data and verdicts received before cutoff. It
// returns how many heights it dropped.
func (s *Store) Prune(cutoff time.Time) (int, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'h'}, UpperBound: []byte{'i'}})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	b := s.db.NewBatch()
	defer b.Close()
	n := 0
	for it.First(); it.Valid(); it.Next() {
		v := it.Value()
		if len(v) < 8 {
			continue
		}
		if time.UnixMilli(int64(binary.BigEndian.Uint64(v))).After(cutoff) {
			break // heights arrive in time order
		}
		height := binary.BigEndian.Uint64(it.Key()[1:])
		if h, err := UnmarshalHeader(s.network, v[8:]); err == nil {
			b.Delete(append([]byte{'d'}, h.Root[:]...), nil)
		}
		if h, err := UnmarshalHeader(s.network, v[8:]); err == nil {
			s.mu.Lock()
			delete(s.partial, h.Root)
			s.mu.Unlock()
		}
		b.Delete(append([]byte(nil), it.Key()...), nil)
		b.Delete(heightKey('v', height), nil)
		b.DeleteRange(heightKey('a', height), heightKey('a', height+1), nil)
		n++
	}
	if n == 0 {
		return 0, nil
	}
	return n, b.Commit(pebble.Sync)
}
