package bridge

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/internal/pebblelog"
)

// DepositQuery is the log filter for the Bridge's DepositInitiated events
// from block `from` on; pass it to L1.ConfirmedLogs and decode each log with
// DepositFromLog.
func DepositQuery(bridge common.Address, from uint64) ethereum.FilterQuery {
	return ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		Addresses: []common.Address{bridge},
		Topics:    [][]common.Hash{{bindings.NewBridge().GetABI().Events["DepositInitiated"].ID}},
	}
}

// DepositFromLog derives the L2 deposit of one DepositInitiated event: its
// nonce orders it on L2, an ether deposit mints its amount, an ERC-20 deposit
// records its token and amount (minted on L2 once the L2 token bridge
// exists), and the L1 transaction is kept for tracing.
func DepositFromLog(l *types.Log, bridge common.Address) (*exec.Deposit, error) {
	if l.Address != bridge {
		return nil, fmt.Errorf("bridge: deposit log from %s, not the bridge %s", l.Address, bridge)
	}
	ev, err := bindings.NewBridge().UnpackDepositInitiatedEvent(l)
	if err != nil {
		return nil, fmt.Errorf("bridge: DepositInitiated in L1 tx %s: %w", l.TxHash, err)
	}
	if !ev.Nonce.IsUint64() {
		return nil, fmt.Errorf("bridge: deposit nonce %s out of range", ev.Nonce)
	}
	if uint64(ev.GasLimit) > exec.MaxDepositGas {
		return nil, fmt.Errorf("bridge: deposit %d: gas limit %d above %d", ev.Nonce, ev.GasLimit, exec.MaxDepositGas)
	}
	d := &exec.Deposit{
		Nonce:       ev.Nonce.Uint64(),
		L1Tx:        l.TxHash,
		From:        ev.From,
		To:          ev.To,
		Mint:        new(big.Int),
		L1Token:     ev.L1Token,
		TokenAmount: new(big.Int),
		GasLimit:    uint64(ev.GasLimit),
		Data:        ev.Data,
	}
	if ev.L1Token == (common.Address{}) {
		d.Mint.Set(ev.Amount)
	} else {
		d.TokenAmount.Set(ev.Amount)
	}
	return d, nil
}

// SameDeposit reports whether two deposits are the same in every field.
func SameDeposit(a, b *exec.Deposit) bool {
	ea, err1 := rlp.EncodeToBytes(a)
	eb, err2 := rlp.EncodeToBytes(b)
	return err1 == nil && err2 == nil && bytes.Equal(ea, eb)
}

// DepositFeedConfig configures OpenDepositFeed.
type DepositFeedConfig struct {
	L1     L1
	Bridge common.Address
	// FromBlock is where the scan starts on first open: the block the
	// Bridge was deployed in (earlier blocks hold none of its events).
	FromBlock uint64
	// Confirmations is the depth a deposit's block must have before the feed
	// takes it: the reorg depth the L2 is safe against.
	Confirmations uint64
	// MaxRange caps the blocks one log query spans (default 5,000).
	MaxRange uint64
	Dir      string // pebble directory of the feed's progress
	Log      *slog.Logger
}

// DepositFeed reads the Bridge's deposits from L1 once they are confirmed,
// checks that their nonces run without a gap, and keeps them by nonce in
// pebble with the scan's cursor, so that a restart resumes where it stopped
// and nothing is read twice into the L2. Sequencers include deposits from it
// and check the deposits of others' proposals against it.
type DepositFeed struct {
	cfg DepositFeedConfig
	db  *pebble.DB
	log *slog.Logger

	pollMu  sync.Mutex // one Poll at a time, and none while closing
	mu      sync.Mutex
	scanned uint64 // last L1 block whose deposits are all stored
	next    uint64 // nonce the next stored deposit must have
	closed  bool
}

var (
	feedCursorKey = []byte("m/scanned")
	feedNextKey   = []byte("m/next")
)

func feedDepositKey(nonce uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("d/"), nonce)
}

// storedDeposit is a deposit with the L1 block it was confirmed in.
type storedDeposit struct {
	Deposit *exec.Deposit
	L1Block uint64
}

// OpenDepositFeed opens (or creates) the feed's store.
func OpenDepositFeed(cfg DepositFeedConfig) (*DepositFeed, error) {
	if cfg.L1 == nil || cfg.Bridge == (common.Address{}) {
		return nil, errors.New("bridge: deposit feed needs an L1 and the Bridge address")
	}
	if cfg.MaxRange == 0 {
		cfg.MaxRange = 5000
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	db, err := pebble.Open(cfg.Dir, &pebble.Options{Logger: pebblelog.Logger{Log: cfg.Log}})
	if err != nil {
		return nil, fmt.Errorf("bridge: open deposit feed %s: %w", cfg.Dir, err)
	}
	f := &DepositFeed{cfg: cfg, db: db, log: cfg.Log}
	if f.scanned, err = f.readUint(feedCursorKey); err != nil {
		db.Close()
		return nil, err
	}
	if f.next, err = f.readUint(feedNextKey); err != nil {
		db.Close()
		return nil, err
	}
	if f.scanned == 0 && cfg.FromBlock > 0 {
		f.scanned = cfg.FromBlock - 1
	}
	return f, nil
}

func (f *DepositFeed) readUint(key []byte) (uint64, error) {
	v, closer, err := f.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("bridge: deposit feed %s: %w", key, err)
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, fmt.Errorf("bridge: deposit feed %s: corrupt value of %d bytes", key, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// Poll reads the deposits confirmed since the last poll (at most MaxRange
// blocks per query, until the confirmed head) and returns how many it
// stored. A nonce out of sequence means the L1 endpoint returned an
// incomplete or inconsistent answer: nothing of that range is kept, and the
// same range is read again next time.
func (f *DepositFeed) Poll(ctx context.Context) (int, error) {
	f.pollMu.Lock()
	defer f.pollMu.Unlock()
	stored := 0
	for {
		f.mu.Lock()
		from, next, closed := f.scanned+1, f.next, f.closed
		f.mu.Unlock()
		if closed {
			return stored, errors.New("bridge: deposit feed closed")
		}
		q := DepositQuery(f.cfg.Bridge, from)
		q.ToBlock = new(big.Int).SetUint64(from + f.cfg.MaxRange - 1)
		logs, last, err := f.cfg.L1.ConfirmedLogs(ctx, q, f.cfg.Confirmations)
		if errors.Is(err, ErrNothingConfirmed) {
			return stored, nil
		}
		if err != nil {
			return stored, fmt.Errorf("bridge: deposits from L1 block %d: %w", from, err)
		}
		b := f.db.NewBatch()
		for i := range logs {
			l := &logs[i]
			if l.Removed {
				continue
			}
			d, err := DepositFromLog(l, f.cfg.Bridge)
			if err != nil {
				b.Close()
				return stored, err
			}
			if d.Nonce < next {
				continue // stored before a crash between the batch and the cursor
			}
			if d.Nonce != next {
				b.Close()
				return stored, fmt.Errorf("bridge: deposit nonce %d in L1 block %d, expected %d: the L1 endpoint's logs are incomplete", d.Nonce, l.BlockNumber, next)
			}
			enc, err := rlp.EncodeToBytes(&storedDeposit{Deposit: d, L1Block: l.BlockNumber})
			if err != nil {
				b.Close()
				return stored, err
			}
			if err := b.Set(feedDepositKey(d.Nonce), enc, nil); err != nil {
				b.Close()
				return stored, err
			}
			next++
			stored++
		}
		b.Set(feedNextKey, binary.BigEndian.AppendUint64(nil, next), nil)
		b.Set(feedCursorKey, binary.BigEndian.AppendUint64(nil, last), nil)
		if err := b.Commit(pebble.Sync); err != nil {
			b.Close()
			return stored, fmt.Errorf("bridge: store deposits: %w", err)
		}
		b.Close()
		f.mu.Lock()
		f.scanned, f.next = last, next
		f.mu.Unlock()
		if last < from+f.cfg.MaxRange-1 {
			return stored, nil // reached the confirmed head
		}
	}
}

// Run polls every interval until ctx ends, logging failures (the L1 may be
// briefly unreachable; the feed resumes from its cursor).
func (f *DepositFeed) Run(ctx context.Context, every time.Duration) {
	pollEvery(ctx, every, func() {
		if n, err := f.Poll(ctx); err != nil && ctx.Err() == nil {
			f.log.Warn("reading deposits from L1 failed", "err", err)
		} else if n > 0 {
			f.log.Debug("deposits confirmed on L1", "new", n)
		}
	})
}

// pollEvery calls poll at once and then every interval until ctx ends: the
// loop of every L1 follower here.
func pollEvery(ctx context.Context, every time.Duration, poll func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		poll()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Deposit returns the confirmed deposit with this nonce and the L1 block it
// is in.
func (f *DepositFeed) Deposit(nonce uint64) (*exec.Deposit, uint64, bool) {
	v, closer, err := f.db.Get(feedDepositKey(nonce))
	if err != nil {
		return nil, 0, false
	}
	defer closer.Close()
	var s storedDeposit
	if err := rlp.DecodeBytes(v, &s); err != nil {
		f.log.Error("corrupt deposit in the feed's store", "nonce", nonce, "err", err)
		return nil, 0, false
	}
	return s.Deposit, s.L1Block, true
}

// Pending returns up to max consecutive confirmed deposits from nonce on,
// each in an L1 block at least margin blocks below the feed's cursor: a
// leader includes deposits a little deeper than the confirmation depth, so
// that the other sequencers, whose feeds may lag its own by a poll, have
// them too when they check its proposal.
func (f *DepositFeed) Pending(nonce uint64, max int, margin uint64) []*exec.Deposit {
	f.mu.Lock()
	scanned := f.scanned
	f.mu.Unlock()
	var out []*exec.Deposit
	for n := nonce; len(out) < max; n++ {
		d, blk, ok := f.Deposit(n)
		if !ok || blk+margin > scanned {
			break
		}
		out = append(out, d)
	}
	return out
}

// Head returns the nonce the next confirmed deposit will have, and the last
// L1 block scanned.
func (f *DepositFeed) Head() (next, scanned uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.next, f.scanned
}

// Prune forgets the deposits below nonce (the L2 has applied them).
func (f *DepositFeed) Prune(nonce uint64) error {
	if nonce == 0 {
		return nil
	}
	return f.db.DeleteRange(feedDepositKey(0), feedDepositKey(nonce), pebble.NoSync)
}

// Close closes the store.
func (f *DepositFeed) Close() error {
	f.pollMu.Lock()
	defer f.pollMu.Unlock()
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	f.closed = true
	f.mu.Unlock()
	return f.db.Close()
}
