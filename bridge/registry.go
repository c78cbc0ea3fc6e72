package bridge

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/bits"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/internal/pebblelog"
	"github.com/l2node/l2node/sequencing/consensus"
)

// StakeUnit is the wei per unit of consensus stake: the registry counts
// stakes in wei, consensus in uint64 units, so a member's consensus stake is
// its registry stake in gwei, rounded down. A registry stake below one gwei
// (never allowed by a sane minimum stake) gives no seat.
var StakeUnit = big.NewInt(1e9)

// RegistryFeedConfig configures OpenRegistryFeed.
type RegistryFeedConfig struct {
	L1       L1
	Registry common.Address
	// FromBlock is where the scan starts on first open: the registry's
	// deployment block.
	FromBlock uint64
	// Confirmations is the depth an event's block must have before the feed
	// takes it.
	Confirmations uint64
	MaxRange      uint64 // blocks per log query (default 5,000)
	Dir           string // pebble directory of the events and the cursor
	Log           *slog.Logger
}

// RegistryFeed follows the SequencerRegistry's membership events (Staked,
// UnstakeRequested, Withdrawn, Slashed) once confirmed, keeps them in pebble
// with the scan's cursor, and answers which sequencers were active, with
// which stakes, at any confirmed L1 block it has scanned. Sequencers name the
// next sets from it and check each other's choices against it (see
// sequencing.ChainSets).
type RegistryFeed struct {
	cfg RegistryFeedConfig
	db  *pebble.DB
	log *slog.Logger
	abi *bindings.SequencerRegistry

	pollMu  sync.Mutex
	mu      sync.Mutex
	scanned uint64          // last L1 block whose events are all stored
	events  []registryEvent // in chain order
	closed  bool
}

// registryEvent is one membership change: Stake is the sequencer's stake
// after it, zero once it left the active set (unstaking, withdrawn or
// slashed).
type registryEvent struct {
	Block     uint64
	Index     uint64
	Sequencer common.Address
	Stake     *big.Int
}

var (
	registryCursorKey = []byte("m/scanned")
	registryEventKey  = []byte("e/")
)

// OpenRegistryFeed opens (or creates) the feed's store and loads its events.
func OpenRegistryFeed(cfg RegistryFeedConfig) (*RegistryFeed, error) {
	if cfg.L1 == nil || cfg.Registry == (common.Address{}) {
		return nil, errors.New("bridge: registry feed needs an L1 and the SequencerRegistry address")
	}
	if cfg.MaxRange == 0 {
		cfg.MaxRange = 5000
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	db, err := pebble.Open(cfg.Dir, &pebble.Options{Logger: pebblelog.Logger{Log: cfg.Log}})
	if err != nil {
		return nil, fmt.Errorf("bridge: open registry feed %s: %w", cfg.Dir, err)
	}
	f := &RegistryFeed{cfg: cfg, db: db, log: cfg.Log, abi: bindings.NewSequencerRegistry()}
	if err := f.load(); err != nil {
		db.Close()
		return nil, err
	}
	if f.scanned == 0 && cfg.FromBlock > 0 {
		f.scanned = cfg.FromBlock - 1
	}
	return f, nil
}

func (f *RegistryFeed) load() error {
	v, closer, err := f.db.Get(registryCursorKey)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return fmt.Errorf("bridge: registry feed cursor: %w", err)
	default:
		if len(v) != 8 {
			closer.Close()
			return fmt.Errorf("bridge: registry feed cursor: corrupt value of %d bytes", len(v))
		}
		f.scanned = binary.BigEndian.Uint64(v)
		closer.Close()
	}
	it, err := f.db.NewIter(&pebble.IterOptions{LowerBound: registryEventKey, UpperBound: []byte("e0")})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		var ev registryEvent
		if err := rlp.DecodeBytes(it.Value(), &ev); err != nil {
			return fmt.Errorf("bridge: registry feed event %x: %w", it.Key(), err)
		}
		f.events = append(f.events, ev)
	}
	return it.Error()
}

func registryKey(block, index uint64) []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(bytes.Clone(registryEventKey), block), index)
}

// RegistryQuery is the log filter for the SequencerRegistry's membership
// events from block from on.
func RegistryQuery(registry common.Address, from uint64) ethereum.FilterQuery {
	a := bindings.NewSequencerRegistry().GetABI()
	var ids []common.Hash
	for _, name := range []string{"Staked", "UnstakeRequested", "Withdrawn", "Slashed"} {
		ids = append(ids, a.Events[name].ID)
	}
	return ethereum.FilterQuery{Addresses: []common.Address{registry}, Topics: [][]common.Hash{ids}, FromBlock: new(big.Int).SetUint64(from)}
}

// eventOf decodes one membership log.
func (f *RegistryFeed) eventOf(l *types.Log) (registryEvent, error) {
	ev := registryEvent{Block: l.BlockNumber, Index: uint64(l.Index), Stake: new(big.Int)}
	a := f.abi.GetABI()
	if len(l.Topics) == 0 {
		return ev, errors.New("bridge: registry log without topics")
	}
	switch l.Topics[0] {
	case a.Events["Staked"].ID:
		e, err := f.abi.UnpackStakedEvent(l)
		if err != nil {
			return ev, err
		}
		ev.Sequencer, ev.Stake = e.Sequencer, e.Stake
	case a.Events["UnstakeRequested"].ID:
		e, err := f.abi.UnpackUnstakeRequestedEvent(l)
		if err != nil {
			return ev, err
		}
		ev.Sequencer = e.Sequencer
	case a.Events["Withdrawn"].ID:
		e, err := f.abi.UnpackWithdrawnEvent(l)
		if err != nil {
			return ev, err
		}
		ev.Sequencer = e.Sequencer
	case a.Events["Slashed"].ID:
		e, err := f.abi.UnpackSlashedEvent(l)
		if err != nil {
			return ev, err
		}
		ev.Sequencer = e.Sequencer
	default:
		return ev, fmt.Errorf("bridge: registry log with topic %s", l.Topics[0])
	}
	return ev, nil
}

// Poll reads the membership events confirmed since the last poll and
// returns how many it stored.
func (f *RegistryFeed) Poll(ctx context.Context) (int, error) {
	f.pollMu.Lock()
	defer f.pollMu.Unlock()
	stored := 0
	for {
		f.mu.Lock()
		from, closed := f.scanned+1, f.closed
		f.mu.Unlock()
		if closed {
			return stored, errors.New("bridge: registry feed closed")
		}
		q := RegistryQuery(f.cfg.Registry, from)
		q.ToBlock = new(big.Int).SetUint64(from + f.cfg.MaxRange - 1)
		logs, last, err := f.cfg.L1.ConfirmedLogs(ctx, q, f.cfg.Confirmations)
		if errors.Is(err, ErrNothingConfirmed) {
			return stored, nil
		}
		if err != nil {
			return stored, fmt.Errorf("bridge: registry events from L1 block %d: %w", from, err)
		}
		var evs []registryEvent
		b := f.db.NewBatch()
		for i := range logs {
			if logs[i].Removed {
				continue
			}
			ev, err := f.eventOf(&logs[i])
			if err != nil {
				b.Close()
				return stored, fmt.Errorf("bridge: registry event in L1 block %d: %w", logs[i].BlockNumber, err)
			}
			enc, err := rlp.EncodeToBytes(&ev)
			if err != nil {
				b.Close()
				return stored, err
			}
			b.Set(registryKey(ev.Block, ev.Index), enc, nil)
			evs = append(evs, ev)
		}
		b.Set(registryCursorKey, binary.BigEndian.AppendUint64(nil, last), nil)
		if err := b.Commit(pebble.Sync); err != nil {
			b.Close()
			return stored, fmt.Errorf("bridge: store registry events: %w", err)
		}
		b.Close()
		slices.SortFunc(evs, func(a, b registryEvent) int {
			if a.Block != b.Block {
				return cmpUint(a.Block, b.Block)
			}
			return cmpUint(a.Index, b.Index)
		})
		f.mu.Lock()
		f.events = append(f.events, evs...)
		f.scanned = last
		f.mu.Unlock()
		stored += len(evs)
		if last < from+f.cfg.MaxRange-1 {
			return stored, nil
		}
	}
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Run polls every interval until ctx ends, logging failures.
func (f *RegistryFeed) Run(ctx context.Context, every time.Duration) {
	pollEvery(ctx, every, func() {
		if n, err := f.Poll(ctx); err != nil && ctx.Err() == nil {
			f.log.Warn("reading the sequencer registry from L1 failed", "err", err)
		} else if n > 0 {
			f.log.Info("sequencer registry changed on L1", "events", n)
		}
	})
}

// Scanned is the last L1 block whose registry events the feed holds.
func (f *RegistryFeed) Scanned() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.scanned
}

// ErrNotScanned is returned by SetAt for a block the feed has not read yet.
var ErrNotScanned = errors.New("bridge: L1 block not scanned for registry events yet")

// SetAt is the registry's active set at the end of L1 block: members sorted
// by address, stakes in StakeUnit (members whose stake rounds to zero
// dropped). If more than consensus.MaxValidators are active, the largest
// stakes keep their seats (ties to the lower address). It may be empty.
func (f *RegistryFeed) SetAt(block uint64) ([]consensus.Validator, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if block > f.scanned {
		return nil, fmt.Errorf("%w: block %d, scanned up to %d", ErrNotScanned, block, f.scanned)
	}
	stakes := map[common.Address]*big.Int{}
	for _, ev := range f.events {
		if ev.Block > block {
			break
		}
		if ev.Stake.Sign() == 0 {
			delete(stakes, ev.Sequencer)
		} else {
			stakes[ev.Sequencer] = ev.Stake
		}
	}
	var out []consensus.Validator
	for a, s := range stakes {
		units := new(big.Int).Div(s, StakeUnit)
		if units.Sign() == 0 {
			continue
		}
		if !units.IsUint64() {
			return nil, fmt.Errorf("bridge: registry stake of %s (%s wei) does not fit consensus stakes", a, s)
		}
		out = append(out, consensus.Validator{Address: a, Stake: units.Uint64()})
	}
	if len(out) > consensus.MaxValidators {
		slices.SortFunc(out, func(a, b consensus.Validator) int {
			if a.Stake != b.Stake {
				return -cmpUint(a.Stake, b.Stake)
			}
			return bytes.Compare(a.Address[:], b.Address[:])
		})
		out = out[:consensus.MaxValidators]
	}
	var total uint64
	for _, v := range out {
		var carry uint64
		if total, carry = bits.Add64(total, v.Stake, 0); carry != 0 {
			return nil, errors.New("bridge: the registry's total stake does not fit consensus stakes")
		}
	}
	slices.SortFunc(out, func(a, b consensus.Validator) int { return bytes.Compare(a.Address[:], b.Address[:]) })
	return out, nil
}

// Close closes the store.
func (f *RegistryFeed) Close() error {
	f.pollMu.Lock()
	defer f.pollMu.Unlock()
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	return f.db.Close()
}
