package withdrawals

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/internal/pebblelog"
)

// State is where a withdrawal stands on L1.
type State uint8

const (
	// Initiated: started on L2, not proven on L1 (or its root was deleted).
	Initiated State = iota + 1
	// Proven against a root still committed; waiting for its time lock and
	// the root's challenge window.
	Proven
	// Finalized: paid on L1.
	Finalized
)

func (s State) String() string {
	switch s {
	case Initiated:
		return "initiated"
	case Proven:
		return "proven"
	case Finalized:
		return "finalized"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// record is a withdrawal as the store keeps it. The proof fields are the
// Bridge's record of the proof (provenWithdrawals) while State is Proven.
type record struct {
	Nonce    *big.Int
	Sender   common.Address
	Target   common.Address
	Value    *big.Int
	GasLimit *big.Int
	Data     []byte
	L2Block  uint64
	State    State

	OutputRoot      common.Hash
	RootIndex       uint64
	RootSubmittedAt uint64
	ProvenAt        uint64
	// UnlockAt is the L1 time from which it can be finalized: the later of
	// the time lock's end and the root's finality.
	UnlockAt uint64

	hash common.Hash // the key, not stored in the value
}

func (r *record) withdrawal() bridge.Withdrawal {
	return bridge.Withdrawal{Nonce: r.Nonce, Sender: r.Sender, Target: r.Target, Value: r.Value, GasLimit: r.GasLimit, Data: r.Data}
}

// store keeps the relayer's progress in pebble. Keys: "w" ‖ withdrawal hash
// → RLP record; "m/cursor" → the next L2 block to scan (8 bytes, big-endian).
type store struct {
	db *pebble.DB
}

var cursorKey = []byte("m/cursor")

func withdrawalKey(h common.Hash) []byte { return append([]byte{'w'}, h[:]...) }

func openStore(dir string, log *slog.Logger) (*store, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebblelog.Logger{Log: log}})
	if err != nil {
		return nil, fmt.Errorf("withdrawals: open store %s: %w", dir, err)
	}
	return &store{db: db}, nil
}

func (s *store) close() error { return s.db.Close() }

// load returns the cursor and every stored withdrawal.
func (s *store) load() (uint64, []*record, error) {
	var cursor uint64
	v, closer, err := s.db.Get(cursorKey)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return 0, nil, fmt.Errorf("withdrawals: read cursor: %w", err)
	default:
		if len(v) != 8 {
			closer.Close()
			return 0, nil, fmt.Errorf("withdrawals: corrupt cursor (%d bytes)", len(v))
		}
		cursor = binary.BigEndian.Uint64(v)
		closer.Close()
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'w'}, UpperBound: []byte{'w' + 1}})
	if err != nil {
		return 0, nil, err
	}
	defer it.Close()
	var recs []*record
	for it.First(); it.Valid(); it.Next() {
		rec := new(record)
		if err := rlp.DecodeBytes(it.Value(), rec); err != nil || len(it.Key()) != 33 {
			return 0, nil, fmt.Errorf("withdrawals: corrupt record %x: %v", it.Key(), err)
		}
		rec.hash = common.BytesToHash(it.Key()[1:])
		recs = append(recs, rec)
	}
	return cursor, recs, it.Error()
}

// scanned stores the withdrawals found below next and moves the cursor to
// next, in one synced write.
func (s *store) scanned(next uint64, found []*record) error {
	b := s.db.NewBatch()
	defer b.Close()
	for _, r := range found {
		enc, err := rlp.EncodeToBytes(r)
		if err != nil {
			return err
		}
		if err := b.Set(withdrawalKey(r.hash), enc, nil); err != nil {
			return err
		}
	}
	if err := b.Set(cursorKey, binary.BigEndian.AppendUint64(nil, next), nil); err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("withdrawals: store scan up to L2 block %d: %w", next, err)
	}
	return nil
}

// put stores one record, synced.
func (s *store) put(r *record) error {
	enc, err := rlp.EncodeToBytes(r)
	if err != nil {
		return err
	}
	if err := s.db.Set(withdrawalKey(r.hash), enc, pebble.Sync); err != nil {
		return fmt.Errorf("withdrawals: store %s: %w", r.hash, err)
	}
	return nil
}
