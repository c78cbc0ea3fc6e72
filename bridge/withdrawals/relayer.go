package withdrawals

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
)

// DefaultPoll is how often Run steps unless Config.Poll says otherwise.
const DefaultPoll = 2 * time.Second

const (
	// scanRange is the most L2 blocks one eth_getLogs covers (the node's
	// own limit is 10,000), and scanRounds the most ranges one Step scans,
	// so that catching up does not hold back proofs and finalizations.
	scanRange  = 1_000
	scanRounds = 10
	// finalizeOverhead is the gas of finalizeWithdrawal besides its call:
	// the proof and root reads, the finalized flag, the forward. The
	// WithdrawalCaller wants gasLimit + gasLimit/63 + 40,000 on top.
	finalizeOverhead = 150_000
	// maxBackoff bounds the wait before a failing withdrawal is tried again.
	maxBackoff = 10 * time.Minute
)

// Config configures New.
type Config struct {
	L1                           bridge.L1
	Sender                       *bridge.Sender
	Bridge, StateCommitmentChain common.Address
	// L2 is the JSON-RPC of an L2 node: eth_getLogs, eth_getProof,
	// eth_blockNumber. The caller owns it.
	L2   *rpc.Client
	Dir  string        // pebble datadir for the relayer's progress
	Poll time.Duration // default DefaultPoll
	Log  *slog.Logger
	// Registerer, if set, gets the relayer's metrics.
	Registerer prometheus.Registerer
}

// Status is where one known withdrawal stands.
type Status struct {
	Hash       common.Hash
	Withdrawal bridge.Withdrawal
	L2Block    uint64
	State      State
	// RootIndex is the index of the root it is proven against (Proven only).
	RootIndex uint64
	// UnlockAt is the L1 time from which it can be finalized: its time lock
	// and its root's challenge window both over (zero unless Proven).
	UnlockAt time.Time
}

// Relayer proves and finalizes the L2's withdrawals on L1. See the package
// documentation.
type Relayer struct {
	cfg     Config
	log     *slog.Logger
	l2      *ethclient.Client
	proofs  *gethclient.Client
	bridge  *bindings.Bridge
	scc     *bindings.StateCommitmentChain
	bridgeC *bind.BoundContract
	sccC    *bind.BoundContract
	store   *store
	m       *metrics
	passed  common.Hash // MessagePassed's topic

	step sync.Mutex // one Step at a time

	mu      sync.Mutex // guards what Status reads
	cursor  uint64
	recs    map[common.Hash]*record
	backoff map[common.Hash]backoff
}

type backoff struct {
	failures int
	until    time.Time
}

// New opens the store in cfg.Dir and loads the progress made so far.
func New(cfg Config) (*Relayer, error) {
	if cfg.L1 == nil || cfg.Sender == nil || cfg.L2 == nil || cfg.Dir == "" {
		return nil, errors.New("withdrawals: L1, Sender, L2 and Dir are required")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	st, err := openStore(cfg.Dir, cfg.Log)
	if err != nil {
		return nil, err
	}
	cursor, recs, err := st.load()
	if err != nil {
		st.close()
		return nil, err
	}
	r := &Relayer{
		cfg:     cfg,
		log:     cfg.Log.With("component", "withdrawals"),
		l2:      ethclient.NewClient(cfg.L2),
		proofs:  gethclient.New(cfg.L2),
		bridge:  bindings.NewBridge(),
		scc:     bindings.NewStateCommitmentChain(),
		store:   st,
		m:       m,
		passed:  contracts.MustLoad(contracts.L2ToL1MessagePasser).ABI.Events["MessagePassed"].ID,
		cursor:  cursor,
		recs:    make(map[common.Hash]*record, len(recs)),
		backoff: map[common.Hash]backoff{},
	}
	r.bridgeC = r.bridge.Instance(cfg.L1, cfg.Bridge)
	r.sccC = r.scc.Instance(cfg.L1, cfg.StateCommitmentChain)
	for _, rec := range recs {
		r.recs[rec.hash] = rec
	}
	r.m.pending.Set(float64(r.pendingCount()))
	return r, nil
}

// Close closes the store. Call it after Run has returned.
func (r *Relayer) Close() error {
	r.step.Lock()
	defer r.step.Unlock()
	return r.store.close()
}

// Run steps every Config.Poll until ctx ends, logging the errors of a step
// (the next step tries again), and returns nil when ctx ends.
func (r *Relayer) Run(ctx context.Context) error {
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		if err := r.Step(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("withdrawal relay step failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Step runs one iteration: scan the L2 for new withdrawals, then take the
// action each unfinished withdrawal calls for. It returns the errors met
// (joined); a failed withdrawal does not hold back the others, and is tried
// again after a growing pause.
func (r *Relayer) Step(ctx context.Context) error {
	r.step.Lock()
	defer r.step.Unlock()
	if err := r.scan(ctx); err != nil {
		r.m.errors.Inc()
		return err
	}
	v, err := r.newView(ctx)
	if err != nil {
		r.m.errors.Inc()
		return err
	}
	var errs []error
	for _, rec := range r.unfinished() {
		if b, ok := r.backoff[rec.hash]; ok && time.Now().Before(b.until) {
			continue
		}
		if err := r.advance(ctx, v, rec); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.m.errors.Inc()
			b := r.backoff[rec.hash]
			b.failures++
			b.until = time.Now().Add(min(r.cfg.Poll<<min(b.failures, 16), maxBackoff))
			r.backoff[rec.hash] = b
			r.log.Warn("withdrawal failed", "hash", rec.hash, "failures", b.failures, "err", err)
			errs = append(errs, fmt.Errorf("withdrawal %s: %w", rec.hash, err))
			continue
		}
		delete(r.backoff, rec.hash)
	}
	r.m.pending.Set(float64(r.pendingCount()))
	return errors.Join(errs...)
}

// Status lists the known withdrawals by L2 block and nonce.
func (r *Relayer) Status() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Status, 0, len(r.recs))
	for _, rec := range r.recs {
		s := Status{Hash: rec.hash, Withdrawal: rec.withdrawal(), L2Block: rec.L2Block, State: rec.State}
		if rec.State == Proven {
			s.RootIndex, s.UnlockAt = rec.RootIndex, time.Unix(int64(rec.UnlockAt), 0)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Status) int {
		return cmp.Or(cmp.Compare(a.L2Block, b.L2Block), a.Withdrawal.Nonce.Cmp(b.Withdrawal.Nonce))
	})
	return out
}

// scan reads MessagePassed logs from the cursor towards the L2 head and
// stores what it finds with the new cursor before anything acts on it.
func (r *Relayer) scan(ctx context.Context) error {
	head, err := r.l2.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("withdrawals: L2 head: %w", err)
	}
	for range scanRounds {
		from := r.cursor
		if from > head {
			return nil
		}
		to := min(head, from+scanRange-1)
		logs, err := r.l2.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{bridge.MessagePasserAddress}, Topics: [][]common.Hash{{r.passed}},
		})
		if err != nil {
			return fmt.Errorf("withdrawals: L2 logs %d..%d: %w", from, to, err)
		}
		var found []*record
		seen := map[common.Hash]bool{}
		for i := range logs {
			l := &logs[i]
			if l.Removed || l.BlockNumber < from || l.BlockNumber > to {
				continue
			}
			w, h, err := bridge.WithdrawalFromLog(l)
			if err != nil {
				// NB: the message passer only emits well-formed logs; a bad
				// one is the L2 node's fault, and no proof could be made of it.
				r.log.Error("malformed MessagePassed log", "block", l.BlockNumber, "tx", l.TxHash, "err", err)
				continue
			}
			if r.known(h) || seen[h] {
				continue
			}
			seen[h] = true
			found = append(found, &record{
				Nonce: w.Nonce, Sender: w.Sender, Target: w.Target, Value: w.Value, GasLimit: w.GasLimit, Data: w.Data,
				L2Block: l.BlockNumber, State: Initiated, hash: h,
			})
		}
		if err := r.store.scanned(to+1, found); err != nil {
			return err
		}
		r.mu.Lock()
		r.cursor = to + 1
		for _, rec := range found {
			r.recs[rec.hash] = rec
			r.log.Info("withdrawal found", "hash", rec.hash, "l2_block", rec.L2Block, "target", rec.Target, "value", rec.Value)
		}
		r.mu.Unlock()
		r.m.seen.Add(float64(len(found)))
	}
	return nil
}

func (r *Relayer) known(h common.Hash) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.recs[h]
	return ok
}

// unfinished lists the withdrawals not finalized, oldest first.
func (r *Relayer) unfinished() []*record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*record
	for _, rec := range r.recs {
		if rec.State != Finalized {
			out = append(out, rec)
		}
	}
	slices.SortFunc(out, func(a, b *record) int {
		return cmp.Or(cmp.Compare(a.L2Block, b.L2Block), a.Nonce.Cmp(b.Nonce))
	})
	return out
}

func (r *Relayer) pendingCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rec := range r.recs {
		if rec.State != Finalized {
			n++
		}
	}
	return n
}

// update applies change to rec under the lock and stores it, synced.
func (r *Relayer) update(rec *record, change func(*record)) error {
	r.mu.Lock()
	next := *rec
	change(&next)
	r.mu.Unlock()
	if err := r.store.put(&next); err != nil {
		return err
	}
	r.mu.Lock()
	*rec = next
	r.mu.Unlock()
	return nil
}
