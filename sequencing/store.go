package sequencing

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/internal/pebblelog"
)

// Store keeps, in pebble, the final batches with their certificates (what
// batches_by_range serves and catch-up verifies) and the equivocation
// evidence this node has seen, until the bridge submits it to L1.
//
// Keys: "b" height → encoded final batch; "x" block hash → height;
// "t" block hash → a tail block (see Driver); "e" key → encoded evidence;
// "m/head" → the highest stored height.
type Store struct {
	db *pebble.DB
}

// OpenStore opens the store in dir.
func OpenStore(dir string, log *slog.Logger) (*Store, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebblelog.Logger{Log: log}})
	if err != nil {
		return nil, fmt.Errorf("sequencing: open store %s: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

var headKey = []byte("m/head")

func batchKey(h uint64) []byte { return binary.BigEndian.AppendUint64([]byte{'b'}, h) }

func hashKey(hash common.Hash) []byte { return append([]byte{'x'}, hash[:]...) }

// PutFinal stores the final batch at height h under its block hash too
// (synced: a final batch is never lost once acknowledged) and raises the
// head.
func (s *Store) PutFinal(h uint64, hash common.Hash, enc []byte) error {
	b := s.db.NewBatch()
	defer b.Close()
	if err := b.Set(batchKey(h), enc, nil); err != nil {
		return err
	}
	if err := b.Set(hashKey(hash), binary.BigEndian.AppendUint64(nil, h), nil); err != nil {
		return err
	}
	if head, ok, err := s.Head(); err != nil {
		return err
	} else if !ok || h > head {
		if err := b.Set(headKey, binary.BigEndian.AppendUint64(nil, h), nil); err != nil {
			return err
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("sequencing: store final batch %d: %w", h, err)
	}
	return nil
}

// Final returns the stored final batch at height h.
func (s *Store) Final(h uint64) ([]byte, bool, error) {
	v, closer, err := s.db.Get(batchKey(h))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("sequencing: read final batch %d: %w", h, err)
	}
	defer closer.Close()
	return append([]byte(nil), v...), true, nil
}

func tailKey(hash common.Hash) []byte { return append([]byte{'t'}, hash[:]...) }

// PutTail stores a tail block (one a handing-over sequencer set added after
// its last height to finalize it) under its hash: proof, never a batch.
func (s *Store) PutTail(hash common.Hash, enc []byte) error {
	return s.db.Set(tailKey(hash), enc, pebble.Sync)
}

// FinalByHash returns the stored final batch, or tail block, with the given
// block hash.
func (s *Store) FinalByHash(hash common.Hash) ([]byte, bool, error) {
	v, closer, err := s.db.Get(hashKey(hash))
	if errors.Is(err, pebble.ErrNotFound) {
		t, tcloser, terr := s.db.Get(tailKey(hash))
		if terr != nil {
			return nil, false, nil
		}
		defer tcloser.Close()
		return append([]byte(nil), t...), true, nil
	}
	if err != nil {
		return nil, false, err
	}
	h := binary.BigEndian.Uint64(v)
	closer.Close()
	return s.Final(h)
}

// Head is the highest stored final height.
func (s *Store) Head() (uint64, bool, error) {
	v, closer, err := s.db.Get(headKey)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, false, errors.New("sequencing: corrupt head record")
	}
	return binary.BigEndian.Uint64(v), true, nil
}

// Batches implements BatchSource for batches_by_range.
func (s *Store) Batches(ctx context.Context, start, count uint64, yield func(height uint64, batch []byte) error) error {
	for h := start; h < start+count; h++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, ok, err := s.Final(h)
		if err != nil || !ok {
			return err
		}
		if err := yield(h, b); err != nil {
			return err
		}
	}
	return nil
}

// PutEvidence stores an equivocation evidence object under its key.
func (s *Store) PutEvidence(key []byte, enc []byte) error {
	return s.db.Set(append([]byte{'e'}, key...), enc, pebble.Sync)
}

// Evidence returns every stored evidence object.
func (s *Store) Evidence() ([][]byte, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'e'}, UpperBound: []byte{'f'}})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out [][]byte
	for it.First(); it.Valid(); it.Next() {
		out = append(out, append([]byte(nil), it.Value()...))
	}
	return out, it.Error()
}
