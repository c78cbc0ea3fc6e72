// Package loadgen drives an L2 node's JSON-RPC with signed transfers at a
// target rate and measures what users see: how many transfers per second
// the chain takes, and how long each takes to become final, available,
// committed and finalized (l2_getBatch's status of its batch).
//
// It only speaks JSON-RPC, so it measures any l2node (a devnet, a testnet)
// the way a wallet would. `l2node load` runs it.
package loadgen

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/exec/ethrpc"
)

// Statuses a transfer's batch goes through after it is sent, in order.
var Statuses = []string{ethrpc.StatusFinal, ethrpc.StatusAvailable, ethrpc.StatusCommitted, ethrpc.StatusFinalized}

// Config says what to send and for how long.
type Config struct {
	RPC      string              // the node's JSON-RPC URL
	Keys     []*ecdsa.PrivateKey // funded senders, used round-robin
	Rate     float64             // transfers per second to send
	Duration time.Duration       // how long to send
	// Wait is how long to keep watching statuses after the last send
	// (default 30s): long enough for the slowest status one wants.
	Wait time.Duration
	// Until is the last status to wait for (default "final"); the run ends
	// early once every transfer reached it.
	Until string
	// Poll is how often batch statuses are read (default 200ms).
	Poll time.Duration
	// Progress, if set, is called about once a second.
	Progress func(Progress)
}

// Progress is a run's state while it runs.
type Progress struct {
	Elapsed time.Duration
	Sent    int
	Errors  int
	Reached map[string]int
}

// Latency summarises the delays from sending to one status.
type Latency struct {
	Status  string        `json:"status"`
	Count   int           `json:"count"`
	P50     time.Duration `json:"p50"`
	P90     time.Duration `json:"p90"`
	P99     time.Duration `json:"p99"`
	Max     time.Duration `json:"max"`
	Unknown bool          `json:"unknown,omitempty"` // the node never reported this status
}

// Result is a run's outcome.
type Result struct {
	Sent       int           `json:"sent"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"firstError,omitempty"`
	Duration   time.Duration `json:"duration"`
	// SendRate is the rate transfers were accepted by the RPC; Throughput
	// the rate they became final, from the first send to the last final.
	SendRate   float64   `json:"sendRate"`
	Throughput float64   `json:"throughput"`
	Latencies  []Latency `json:"latencies"`
}

// Sink is where the transfers go: one coin-wei each.
var Sink = common.HexToAddress("0x00000000000000000000000000000000004c0ad0")

type sentTx struct {
	hash  common.Hash
	at    time.Time
	block uint64 // 0 until found in a batch
}

type run struct {
	cfg     Config
	c       *ethclient.Client
	rc      *rpc.Client
	chainID *big.Int

	mu      sync.Mutex
	txs     []*sentTx
	byHash  map[common.Hash]*sentTx
	reached map[uint64]map[string]time.Time // per batch: when each status was first seen
	scanned uint64                          // batches whose transactions are matched
	errors  int
	first   string
}

// Run sends for cfg.Duration, then watches until every transfer reached
// cfg.Until or cfg.Wait passed.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if len(cfg.Keys) == 0 || cfg.Rate <= 0 || cfg.Duration <= 0 {
		return nil, errors.New("loadgen: needs keys, a positive rate and a duration")
	}
	if cfg.Wait == 0 {
		cfg.Wait = 30 * time.Second
	}
	if cfg.Until == "" {
		cfg.Until = ethrpc.StatusFinal
	}
	if !slices.Contains(Statuses, cfg.Until) {
		return nil, fmt.Errorf("loadgen: unknown status %q (want one of %s)", cfg.Until, strings.Join(Statuses, ", "))
	}
	if cfg.Poll == 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	// One keep-alive connection per sender: Go's default transport keeps
	// two idle connections per host, and the senders' requests would
	// otherwise open (and leave in TIME_WAIT) a connection each.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = len(cfg.Keys) + 4
	rc, err := rpc.DialOptions(ctx, cfg.RPC, rpc.WithHTTPClient(&http.Client{Transport: transport}))
	if err != nil {
		return nil, fmt.Errorf("loadgen: dial %s: %w", cfg.RPC, err)
	}
	defer rc.Close()
	r := &run{cfg: cfg, rc: rc, c: ethclient.NewClient(rc), byHash: map[common.Hash]*sentTx{}, reached: map[uint64]map[string]time.Time{}}
	if r.chainID, err = r.c.ChainID(ctx); err != nil {
		return nil, fmt.Errorf("loadgen: chain ID: %w", err)
	}
	head, err := r.c.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("loadgen: head: %w", err)
	}
	r.scanned = head
	start := time.Now()
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	var wg sync.WaitGroup
	wg.Go(func() { r.watch(watchCtx) })
	if cfg.Progress != nil {
		wg.Go(func() { r.report(watchCtx, start) })
	}
	if err := r.send(ctx); err != nil {
		stopWatch()
		wg.Wait()
		return nil, err
	}
	sendEnd := time.Now()
	deadline := time.After(cfg.Wait)
wait:
	for !r.allReached(cfg.Until) {
		select {
		case <-ctx.Done():
			break wait
		case <-deadline:
			break wait
		case <-time.After(cfg.Poll):
		}
	}
	stopWatch()
	wg.Wait()
	return r.result(start, sendEnd), nil
}

// send signs and sends transfers at the target rate: one worker per
// sender, each at its share of the rate and with its own nonces, so that
// the round trips of eth_sendRawTransaction overlap.
func (r *run) send(ctx context.Context) error {
	signer := types.LatestSignerForChainID(r.chainID)
	tip, err := r.c.SuggestGasTipCap(ctx)
	if err != nil {
		return fmt.Errorf("loadgen: tip: %w", err)
	}
	head, err := r.c.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("loadgen: head: %w", err)
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(4)))
	workers := len(r.cfg.Keys)
	interval := time.Duration(float64(time.Second) * float64(workers) / r.cfg.Rate)
	start := time.Now()
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w, key := range r.cfg.Keys {
		wg.Go(func() {
			from := crypto.PubkeyToAddress(key.PublicKey)
			nonce, err := r.c.PendingNonceAt(ctx, from)
			if err != nil {
				errs[w] = fmt.Errorf("loadgen: nonce of %s: %w", from, err)
				return
			}
			offset := time.Duration(w) * interval / time.Duration(workers)
			for i := 0; ; i++ {
				at := start.Add(offset + time.Duration(i)*interval)
				if at.Sub(start) >= r.cfg.Duration {
					return
				}
				if d := time.Until(at); d > 0 {
					select {
					case <-ctx.Done():
						return
					case <-time.After(d):
					}
				}
				tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{
					ChainID: r.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21000, To: &Sink, Value: big.NewInt(1),
				})
				if err != nil {
					errs[w] = err
					return
				}
				now := time.Now()
				if err := r.c.SendTransaction(ctx, tx); err != nil {
					r.mu.Lock()
					r.errors++
					if r.first == "" {
						r.first = err.Error()
					}
					r.mu.Unlock()
					if ctx.Err() != nil {
						return
					}
					// A refused nonce stays unused: read it again.
					if n, err := r.c.PendingNonceAt(ctx, from); err == nil {
						nonce = n
					}
					continue
				}
				nonce++
				st := &sentTx{hash: tx.Hash(), at: now}
				r.mu.Lock()
				r.txs = append(r.txs, st)
				r.byHash[st.hash] = st
				r.mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// watch matches new batches' transactions to the sent ones and notes when
// each batch reaches each status.
func (r *run) watch(ctx context.Context) {
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		head, err := r.c.BlockNumber(ctx)
		if err != nil {
			continue
		}
		for n := r.scanned + 1; n <= head && ctx.Err() == nil; n++ {
			b, err := r.c.BlockByNumber(ctx, new(big.Int).SetUint64(n))
			if err != nil {
				break
			}
			now := time.Now()
			r.mu.Lock()
			mine := false
			for _, tx := range b.Transactions() {
				if st := r.byHash[tx.Hash()]; st != nil {
					st.block = n
					mine = true
				}
			}
			if mine {
				r.reached[n] = map[string]time.Time{ethrpc.StatusFinal: now}
			}
			r.scanned = n
			r.mu.Unlock()
		}
		r.pollStatuses(ctx)
	}
}

// pollStatuses reads the status of every batch holding sent transfers that
// has not reached the last status yet.
func (r *run) pollStatuses(ctx context.Context) {
	r.mu.Lock()
	var open []uint64
	for n, seen := range r.reached {
		if _, done := seen[r.cfg.Until]; !done {
			open = append(open, n)
		}
	}
	r.mu.Unlock()
	for _, n := range open {
		var b struct {
			Status string `json:"status"`
		}
		if err := r.rc.CallContext(ctx, &b, "l2_getBatch", hexutil.Uint64(n)); err != nil {
			continue
		}
		idx := slices.Index(Statuses, b.Status)
		if idx < 0 {
			continue
		}
		now := time.Now()
		r.mu.Lock()
		// A batch seen at a status has passed the ones before it; the
		// earlier ones this node reports are noted at the same moment if
		// they were skipped between two polls.
		for i := 0; i <= idx; i++ {
			// "available" is skipped by nodes that run no DA sampling: it
			// counts only when reported itself.
			if _, ok := r.reached[n][Statuses[i]]; !ok && (Statuses[i] != ethrpc.StatusAvailable || i == idx) {
				r.reached[n][Statuses[i]] = now
			}
		}
		r.mu.Unlock()
	}
}

func (r *run) allReached(status string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, tx := range r.txs {
		if tx.block == 0 {
			return false
		}
		if _, ok := r.reached[tx.block][status]; !ok {
			return false
		}
	}
	return true
}

func (r *run) report(ctx context.Context, start time.Time) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r.mu.Lock()
		p := Progress{Elapsed: time.Since(start), Sent: len(r.txs), Errors: r.errors, Reached: map[string]int{}}
		for _, tx := range r.txs {
			for s := range r.reached[tx.block] { // none for block 0: not in a batch yet
				p.Reached[s]++
			}
		}
		r.mu.Unlock()
		r.cfg.Progress(p)
	}
}

func (r *run) result(start, sendEnd time.Time) *Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := &Result{Sent: len(r.txs), Errors: r.errors, FirstError: r.first, Duration: sendEnd.Sub(start)}
	if d := sendEnd.Sub(start).Seconds(); d > 0 {
		res.SendRate = float64(len(r.txs)) / d
	}
	var lastFinal time.Time
	finals := 0
	for _, s := range Statuses {
		var lat []time.Duration
		for _, tx := range r.txs {
			if tx.block == 0 {
				continue
			}
			if at, ok := r.reached[tx.block][s]; ok {
				lat = append(lat, at.Sub(tx.at))
				if s == ethrpc.StatusFinal {
					finals++
					if at.After(lastFinal) {
						lastFinal = at
					}
				}
			}
		}
		res.Latencies = append(res.Latencies, summarize(s, lat))
	}
	if d := lastFinal.Sub(start).Seconds(); finals > 0 && d > 0 {
		res.Throughput = float64(finals) / d
	}
	return res
}

func summarize(status string, lat []time.Duration) Latency {
	l := Latency{Status: status, Count: len(lat), Unknown: len(lat) == 0}
	if len(lat) == 0 {
		return l
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	l.P50, l.P90, l.P99, l.Max = q(0.50), q(0.90), q(0.99), lat[len(lat)-1]
	return l
}

// String renders a result as a table.
func (res *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sent %d transfers in %s (%.1f/s accepted), %d refused", res.Sent, res.Duration.Round(time.Millisecond), res.SendRate, res.Errors)
	if res.FirstError != "" {
		fmt.Fprintf(&b, " (first: %s)", res.FirstError)
	}
	fmt.Fprintf(&b, "\nthroughput to final: %.1f transfers/s\n", res.Throughput)
	fmt.Fprintf(&b, "%-10s %7s %9s %9s %9s %9s\n", "STATUS", "COUNT", "P50", "P90", "P99", "MAX")
	for _, l := range res.Latencies {
		if l.Unknown {
			fmt.Fprintf(&b, "%-10s %7d %9s %9s %9s %9s\n", l.Status, 0, "-", "-", "-", "-")
			continue
		}
		r := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
		fmt.Fprintf(&b, "%-10s %7d %9s %9s %9s %9s\n", l.Status, l.Count, r(l.P50), r(l.P90), r(l.P99), r(l.Max))
	}
	return b.String()
}
