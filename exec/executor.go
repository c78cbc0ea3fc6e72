package exec

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/lru"
	"github.com/ethereum/go-ethereum/consensus"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/ethdb"
	"github.com/ethereum/go-ethereum/ethdb/pebble"
	"github.com/ethereum/go-ethereum/event"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/ethereum/go-ethereum/triedb/hashdb"
	"github.com/prometheus/client_golang/prometheus"
)

// Defaults of Config.
const (
	DefaultGasLimit      = 300_000_000
	DefaultStateHistory  = 128
	DefaultFlushInterval = 64
	DefaultDirtyCacheMB  = 256
	DefaultCleanCacheMB  = 64
	DefaultHeadAccounts  = 1 << 18
	// DefaultGCPercent is the garbage collector's target (GOGC) that a
	// process executing batches runs with (the node's exec.gc_percent): a
	// collection starts once the heap has grown by this per cent of what
	// the last one left live. Execution allocates on every transfer while up
	// to DefaultDirtyCacheMB of trie nodes stay live, and each collection
	// marks all of them: at Go's default of 100, marking took about 5 % of
	// the CPU of a busy stream of transfer batches (BenchmarkExecTransfers),
	// at 400 a quarter of that, for a heap that peaks higher (the node caps
	// it with a soft memory limit).
	DefaultGCPercent = 400
)

// DefaultMinBaseFee is the floor of the EIP-1559 base fee: 0.001 gwei.
var DefaultMinBaseFee = big.NewInt(1_000_000)

// Config tunes the executor. Zero values take the defaults above.
type Config struct {
	GasLimit        uint64   // gas limit of every batch
	MinBaseFee      *big.Int // the base fee never falls below this
	StateHistory    uint64   // recent batches whose state stays queryable (eth_call, eth_getProof at a past block)
	FlushInterval   uint64   // state is written to disk every this many batches, and on Close
	DirtyCacheMB    int      // unflushed trie nodes held in memory before the oldest are written out
	CleanCacheMB    int      // cache of trie nodes read from disk
	HeadAccounts    int      // accounts of the head state kept flat in memory for execution (about 200 bytes each)
	DisableFastPath bool     // execute plain transfers through the EVM too (tests, benchmarks)
	NoSync          bool     // do not fsync each committed batch (benchmarks only)
	Logger          *slog.Logger
	Registerer      prometheus.Registerer
}

func (c *Config) defaults() {
	if c.GasLimit == 0 {
		c.GasLimit = DefaultGasLimit
	}
	if c.MinBaseFee == nil {
		c.MinBaseFee = DefaultMinBaseFee
	}
	if c.StateHistory == 0 {
		c.StateHistory = DefaultStateHistory
	}
	if c.FlushInterval == 0 {
		c.FlushInterval = DefaultFlushInterval
	}
	if c.DirtyCacheMB == 0 {
		c.DirtyCacheMB = DefaultDirtyCacheMB
	}
	if c.CleanCacheMB == 0 {
		c.CleanCacheMB = DefaultCleanCacheMB
	}
	if c.HeadAccounts == 0 {
		c.HeadAccounts = DefaultHeadAccounts
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Result is what applying one batch produced.
type Result struct {
	Block    *types.Block
	Receipts types.Receipts
	Deposits []*DepositReceipt
	Dropped  []Dropped // transactions of the batch left out, with the reason
	FastPath int       // transactions that took the payments fast path

	overlayCommit bool         // the payments overlay committed the state (tests)
	body          rlp.RawValue // the block body's encoding, if built along the way
}

// Dropped is a transaction a batch carried that could not be included: its
// nonce was stale, its sender could not pay, and so on. Every node drops the
// same ones, so a batch with such transactions is still a valid batch.
type Dropped struct {
	Hash   common.Hash
	Reason string
}

// DroppedAt is why and in which batch a transaction was dropped.
type DroppedAt struct {
	Reason string
	Number uint64
}

// DroppedReason reports a recently dropped transaction (the last 65,536 are
// remembered; a node that restarts forgets them).
func (e *Executor) DroppedReason(hash common.Hash) (DroppedAt, bool) {
	return e.dropped.Get(hash)
}

// Executor applies final batches to the L2 state and keeps the chain of
// resulting blocks, receipts and states in pebble. Apply is serialized; the
// read methods are safe for concurrent use.
type Executor struct {
	cfg      Config
	chainCfg *params.ChainConfig
	signer   types.Signer
	log      *slog.Logger
	m        *metrics

	kv  *pebble.Database
	db  ethdb.Database
	tdb *triedb.Database
	sdb state.Database
	hdb *headStateDB // sdb with the head's accounts cached, for batch execution

	genesis *types.Block
	head    atomic.Pointer[types.Block]
	headers *lru.Cache[common.Hash, *types.Header]
	dropped *lru.Cache[common.Hash, DroppedAt]
	steps   *lru.Cache[common.Hash, *Steps] // by block hash

	mu          sync.Mutex // serializes Apply and Close
	closed      bool
	roots       []common.Hash // referenced in-memory state roots, oldest first
	lastFlushed uint64

	headFeed event.Feed // *types.Header
	logsFeed event.Feed // []*types.Log
	scope    event.SubscriptionScope
}

// Open opens (or creates from gen) the execution database in dir. On a
// datadir left by a crash it re-executes the batches whose state was not yet
// flushed and checks that it reaches the same roots.
func Open(dir string, gen *Genesis, cfg Config) (*Executor, error) {
	cfg.defaults()
	kv, err := pebble.New(dir, 64, 256, "", false)
	if err != nil {
		return nil, fmt.Errorf("exec: open %s: %w", dir, err)
	}
	db := rawdb.NewDatabase(kv)
	tdb := triedb.NewDatabase(db, &triedb.Config{HashDB: &hashdb.Config{CleanCacheSize: cfg.CleanCacheMB << 20}})
	codes := state.NewCodeDB(db)
	sdb := state.NewDatabase(tdb, codes)
	e := &Executor{
		cfg:      cfg,
		chainCfg: ChainConfig(gen.ChainID),
		log:      cfg.Logger.With("component", "exec"),
		kv:       kv,
		db:       db,
		tdb:      tdb,
		sdb:      sdb,
		hdb:      &headStateDB{Database: sdb, codes: codes, cache: newHeadAccounts(cfg.HeadAccounts)},
		headers:  lru.NewCache[common.Hash, *types.Header](1024),
		dropped:  lru.NewCache[common.Hash, DroppedAt](65536),
		steps:    lru.NewCache[common.Hash, *Steps](64),
	}
	e.signer = chainSigner{types.LatestSigner(e.chainCfg)}
	e.m = newMetrics(cfg.Registerer)
	if err := e.load(gen); err != nil {
		tdb.Close()
		kv.Close()
		return nil, err
	}
	return e, nil
}

func (e *Executor) load(gen *Genesis) error {
	cg, err := gen.Core()
	if err != nil {
		return err
	}
	want := cg.ToBlock()
	stored := rawdb.ReadCanonicalHash(e.db, 0)
	if stored == (common.Hash{}) {
		block, err := cg.Commit(e.db, e.tdb, nil)
		if err != nil {
			return fmt.Errorf("exec: write genesis: %w", err)
		}
		if err := e.tdb.Commit(block.Root(), false); err != nil {
			return fmt.Errorf("exec: flush genesis state: %w", err)
		}
		if err := e.kv.SyncKeyValue(); err != nil {
			return fmt.Errorf("exec: sync genesis: %w", err)
		}
		e.log.Info("genesis written", "hash", block.Hash(), "root", block.Root(), "chain_id", gen.ChainID)
	} else if stored != want.Hash() {
		return fmt.Errorf("exec: the datadir holds a chain with genesis %s, the configured genesis is %s", stored, want.Hash())
	}
	e.genesis = rawdb.ReadBlock(e.db, want.Hash(), 0)
	if e.genesis == nil {
		return errors.New("exec: genesis block missing from the database")
	}
	headHash := rawdb.ReadHeadBlockHash(e.db)
	headNum, ok := rawdb.ReadHeaderNumber(e.db, headHash)
	if !ok {
		return fmt.Errorf("exec: head block %s has no number", headHash)
	}
	head := rawdb.ReadBlock(e.db, headHash, headNum)
	if head == nil {
		return fmt.Errorf("exec: head block %d %s missing", headNum, headHash)
	}
	// Find the newest block whose state reached the disk, then re-execute
	// the blocks above it: their batches are durable, their state was not.
	base := head
	for !e.hasState(base.Root()) {
		if base.NumberU64() == 0 {
			return errors.New("exec: genesis state missing: the database is corrupt")
		}
		base = e.BlockByNumber(base.NumberU64() - 1)
		if base == nil {
			return errors.New("exec: a canonical block is missing: the database is corrupt")
		}
	}
	e.head.Store(base)
	e.lastFlushed = base.NumberU64()
	e.reference(base.Root())
	if base.NumberU64() < head.NumberU64() {
		e.log.Info("re-executing batches whose state was not flushed", "from", base.NumberU64()+1, "to", head.NumberU64())
	}
	for n := base.NumberU64() + 1; n <= head.NumberU64(); n++ {
		stored := e.BlockByNumber(n)
		if stored == nil {
			return fmt.Errorf("exec: replay: block %d missing", n)
		}
		deps, err := e.readDeposits(n)
		if err != nil {
			return err
		}
		b := batchOf(stored, deps)
		res, err := e.process(e.head.Load().Header(), b)
		if err != nil {
			return fmt.Errorf("exec: replay block %d: %w", n, err)
		}
		if len(res.Dropped) > 0 {
			return fmt.Errorf("exec: replay block %d: transaction %s now dropped (%s)", n, res.Dropped[0].Hash, res.Dropped[0].Reason)
		}
		if got := res.Block.Hash(); got != stored.Hash() {
			return fmt.Errorf("exec: replay block %d: re-execution gives %s (root %s), the stored block is %s (root %s)", n, got, res.Block.Root(), stored.Hash(), stored.Root())
		}
		e.head.Store(stored)
		e.reference(stored.Root())
		if err := e.gc(); err != nil {
			return err
		}
	}
	return e.gc()
}

// batchOf turns a stored block back into the batch that produced it.
func batchOf(b *types.Block, deps []*Deposit) *Batch {
	dataRoot, _, _ := HeaderExtra(b.Header())
	return &Batch{
		Number:       b.NumberU64(),
		Time:         b.Time(),
		FeeRecipient: b.Coinbase(),
		Random:       b.MixDigest(),
		DataRoot:     dataRoot,
		Deposits:     deps,
		Txs:          b.Transactions(),
	}
}

func (e *Executor) hasState(root common.Hash) bool {
	_, err := e.sdb.OpenTrie(root)
	return err == nil
}

// Prepare starts recovering the senders of b's transactions on every core,
// so that a caller who knows the next batch early (a proposal seen before it
// is final) overlaps that work with the current Apply.
func (e *Executor) Prepare(b *Batch) {
	if b.recovery == nil {
		b.recovery = startRecovery(e.signer, b.Txs, true)
	}
}

// Apply executes a final batch on top of the head, commits the block, its
// receipts and its state, and makes it the new head.
func (e *Executor) Apply(ctx context.Context, b *Batch) (*Result, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, errors.New("exec: closed")
	}
	start := time.Now()
	parent := e.head.Load().Header()
	res, err := e.process(parent, b)
	if err != nil {
		return nil, err
	}
	if err := e.write(res); err != nil {
		return nil, err
	}
	res.body = nil // stored: the caller need not keep it alive
	e.reference(res.Block.Root())
	if err := e.gc(); err != nil {
		return nil, err
	}
	e.head.Store(res.Block)
	for _, d := range res.Dropped {
		e.dropped.Add(d.Hash, DroppedAt{Reason: d.Reason, Number: b.Number})
	}
	e.m.observe(res, time.Since(start))
	e.headFeed.Send(res.Block.Header())
	var logs []*types.Log
	for _, r := range res.Receipts {
		logs = append(logs, r.Logs...)
	}
	if len(logs) > 0 {
		e.logsFeed.Send(logs)
	}
	_ = ctx
	return res, nil
}

// process executes b on parent's state and builds the block. The state is
// committed to the trie database (memory), nothing is written to disk.
func (e *Executor) process(parent *types.Header, b *Batch) (*Result, error) {
	if b.Number != parent.Number.Uint64()+1 {
		return nil, fmt.Errorf("exec: batch %d on head %d: %w", b.Number, parent.Number.Uint64(), errNotNext)
	}
	if b.Time < parent.Time {
		return nil, fmt.Errorf("exec: batch %d time %d before its parent's %d", b.Number, b.Time, parent.Time)
	}
	if err := b.validate(); err != nil {
		return nil, fmt.Errorf("exec: batch %d: %w", b.Number, err)
	}
	header := e.newHeader(parent, b)
	if b.recovery == nil {
		b.recovery = startRecovery(e.signer, b.Txs, true)
	}
	statedb, err := state.New(parent.Root, e.hdb)
	if err != nil {
		return nil, fmt.Errorf("exec: state of block %d (%s): %w", parent.Number, parent.Root, err)
	}
	env := newBlockEnv(e, header, statedb)
	env.parent = parent.Root
	res := &Result{}

	included := e.run(env, b, res, nil)
	res.overlayCommit = env.pay.committable()
	header.GasUsed = env.gp.CumulativeUsed()
	// The transaction and receipt tries hash on other cores while the state
	// commits on this one.
	// NB: run waited for every included transaction's recovery, and with it
	// for its encoding.
	encs := b.recovery.encodings(b.Txs, included)
	var wg sync.WaitGroup
	wg.Go(func() {
		if encs == nil {
			header.TxHash = types.DeriveSha(included, trie.NewStackTrie(nil))
			return
		}
		header.TxHash = types.DeriveSha(encodedTxs(encs), trie.NewStackTrie(nil))
		body, err := rlp.EncodeToBytes(&bodyRLP{Transactions: encs, Uncles: []*types.Header{}, Withdrawals: []*types.Withdrawal{}})
		if err == nil {
			res.body = body
		}
	})
	wg.Go(func() {
		header.ReceiptHash = types.DeriveSha(trieReceipts(res.Receipts), trie.NewStackTrie(nil))
		header.Bloom = types.MergeBloom(res.Receipts)
	})
	root, err := env.commit(b.Number)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("exec: commit state of batch %d: %w", b.Number, err)
	}
	header.Root = root
	block := types.NewBlockWithHeader(header).WithBody(types.Body{Transactions: included, Withdrawals: []*types.Withdrawal{}})
	hash := block.Hash()
	logIndex := uint(0)
	for i, r := range res.Receipts {
		r.BlockHash = hash
		r.BlockNumber = header.Number
		r.TransactionIndex = uint(i)
		if r.EffectiveGasPrice == nil { // the fast path sets it
			r.EffectiveGasPrice = effectiveGasPrice(included[i], header.BaseFee)
		}
		for _, l := range r.Logs {
			l.BlockHash = hash
			l.BlockNumber = b.Number
			l.BlockTimestamp = b.Time
			l.TxIndex = uint(i)
			l.Index = logIndex
			logIndex++
		}
	}
	for _, d := range res.Deposits {
		d.BlockHash = hash
		d.BlockNumber = b.Number
	}
	res.Block = block
	return res, nil
}

// newHeader is the header of b on parent, before execution fills in the
// gas used, the roots and the bloom.
func (e *Executor) newHeader(parent *types.Header, b *Batch) *types.Header {
	return &types.Header{
		ParentHash:       parent.Hash(),
		UncleHash:        types.EmptyUncleHash,
		Coinbase:         b.FeeRecipient,
		Difficulty:       new(big.Int),
		Number:           new(big.Int).SetUint64(b.Number),
		GasLimit:         e.cfg.GasLimit,
		Time:             b.Time,
		Extra:            encodeExtra(b.DataRoot, depositsHash(b.Deposits)),
		MixDigest:        b.Random,
		BaseFee:          e.baseFee(parent),
		WithdrawalsHash:  &types.EmptyWithdrawalsHash,
		BlobGasUsed:      new(uint64),
		ExcessBlobGas:    new(uint64),
		ParentBeaconRoot: new(common.Hash),
		RequestsHash:     &types.EmptyRequestsHash,
	}
}

// run applies b's deposits, then its transactions, to env in order, and
// returns the transactions included (the others are in res.Dropped). step,
// if set, is called after each deposit and each included transaction.
func (e *Executor) run(env *blockEnv, b *Batch, res *Result, step func()) types.Transactions {
	senders := b.recovery
	if senders == nil {
		senders = startRecovery(e.signer, b.Txs, false)
	}
	for i, d := range b.Deposits {
		res.Deposits = append(res.Deposits, env.applyDeposit(d, i))
		if step != nil {
			step()
		}
	}
	// NB: sized for the whole batch up front: growing two slices of 10,000
	// entries by doubling costs copies and garbage on every batch. A batch
	// without transactions keeps nil slices, as before.
	var included types.Transactions
	if len(b.Txs) > 0 {
		included = make(types.Transactions, 0, len(b.Txs))
		res.Receipts = make(types.Receipts, 0, len(b.Txs))
	}
	var pay *payments
	if !e.cfg.DisableFastPath {
		// NB: with step set, every transfer is written out for its step.
		pay = newPayments(env, step != nil)
		// The overlay may hold all of the batch's changes and commit them
		// itself only if nothing else changes the state: no deposits, no
		// steps, and a caller that commits through env. Its commit gives
		// the trie nodes alone, which is all the hash scheme keeps.
		if pay != nil && step == nil && len(b.Deposits) == 0 && env.parent != (common.Hash{}) && e.tdb.Scheme() == rawdb.HashScheme {
			if r, err := e.hdb.Reader(env.parent); err == nil {
				if hr, ok := r.(*headReader); ok {
					pay.reader, pay.parent = hr, env.parent
				}
			}
		}
		env.pay = pay
		defer pay.finish()
	}
	for i, tx := range b.Txs {
		senders.wait(i)
		hash := senders.hash(i, tx)
		r, fast, err := env.applyTx(tx, hash, len(included), pay)
		if err != nil {
			res.Dropped = append(res.Dropped, Dropped{Hash: hash, Reason: err.Error()})
			continue
		}
		if fast {
			res.FastPath++
		}
		included = append(included, tx)
		res.Receipts = append(res.Receipts, r)
		if step != nil {
			step()
		}
	}
	return included
}

func effectiveGasPrice(tx *types.Transaction, baseFee *big.Int) *big.Int {
	tip := tx.EffectiveGasTipValue(baseFee)
	return tip.Add(tip, baseFee)
}

// baseFee is the EIP-1559 base fee of the child of parent, never below the
// configured floor.
func (e *Executor) baseFee(parent *types.Header) *big.Int {
	fee := eip1559.CalcBaseFee(e.chainCfg, parent)
	if fee.Cmp(e.cfg.MinBaseFee) < 0 {
		fee.Set(e.cfg.MinBaseFee)
	}
	return fee
}

// write stores the block, its receipts, deposits (with the deposit nonce
// index) and lookups in one batch
// and moves the head marker with it: after a crash the head is either the
// previous block or this one, never half of it.
func (e *Executor) write(res *Result) error {
	block := res.Block
	// NB: about 250 bytes a transaction (body, receipt, lookup entry with
	// pebble's overhead): allocating them at once spares the batch buffer
	// its repeated doubling and copying.
	batch := e.db.NewBatchWithSize(4096 + 256*len(block.Transactions()))
	if res.body != nil && block.AccessList() == nil {
		// rawdb.WriteBlock, with the body encoded already.
		rawdb.WriteBodyRLP(batch, block.Hash(), block.NumberU64(), res.body)
		rawdb.WriteHeader(batch, block.Header())
	} else {
		rawdb.WriteBlock(batch, block)
	}
	rawdb.WriteReceipts(batch, block.Hash(), block.NumberU64(), res.Receipts)
	rawdb.WriteCanonicalHash(batch, block.Hash(), block.NumberU64())
	// NB: the receipts carry the transaction hashes recovery derived from
	// the transactions' encodings; asking the transactions would encode
	// each once more.
	hashes := make([]common.Hash, len(res.Receipts))
	for i, r := range res.Receipts {
		hashes[i] = r.TxHash
	}
	rawdb.WriteTxLookupEntries(batch, block.NumberU64(), hashes)
	if err := writeDeposits(batch, block.NumberU64(), res.Deposits); err != nil {
		return err
	}
	rawdb.WriteHeadHeaderHash(batch, block.Hash())
	rawdb.WriteHeadBlockHash(batch, block.Hash())
	if err := batch.Write(); err != nil {
		return fmt.Errorf("exec: write block %d: %w", block.NumberU64(), err)
	}
	if !e.cfg.NoSync {
		if err := e.kv.SyncKeyValue(); err != nil {
			return fmt.Errorf("exec: sync block %d: %w", block.NumberU64(), err)
		}
	}
	e.headers.Add(block.Hash(), block.Header())
	return nil
}

// reference pins root's trie nodes in memory until gc releases them.
func (e *Executor) reference(root common.Hash) {
	e.tdb.Reference(root, common.Hash{})
	e.roots = append(e.roots, root)
}

// gc releases the states older than the history window, writes the oldest
// unflushed nodes out when the dirty cache is over its limit, and flushes
// the head state every FlushInterval batches.
func (e *Executor) gc() error {
	for uint64(len(e.roots)) > e.cfg.StateHistory {
		e.tdb.Dereference(e.roots[0])
		e.roots = e.roots[1:]
	}
	head := e.head.Load()
	if head == nil {
		return nil
	}
	if _, dirty, _ := e.tdb.Size(); dirty > common.StorageSize(e.cfg.DirtyCacheMB<<20) {
		if err := e.tdb.Cap(common.StorageSize(e.cfg.DirtyCacheMB<<20) * 9 / 10); err != nil {
			return fmt.Errorf("exec: cap trie cache: %w", err)
		}
	}
	if head.NumberU64() >= e.lastFlushed+e.cfg.FlushInterval {
		return e.flush()
	}
	return nil
}

func (e *Executor) flush() error {
	head := e.head.Load()
	start := time.Now()
	if err := e.tdb.Commit(head.Root(), false); err != nil {
		return fmt.Errorf("exec: flush state of block %d: %w", head.NumberU64(), err)
	}
	if !e.cfg.NoSync {
		if err := e.kv.SyncKeyValue(); err != nil {
			return fmt.Errorf("exec: sync state of block %d: %w", head.NumberU64(), err)
		}
	}
	e.lastFlushed = head.NumberU64()
	e.m.flushSeconds.Observe(time.Since(start).Seconds())
	return nil
}

// Close flushes the head state and closes the database.
func (e *Executor) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	e.scope.Close()
	err := e.flush()
	if cerr := e.tdb.Close(); err == nil {
		err = cerr
	}
	if cerr := e.kv.Close(); err == nil {
		err = cerr
	}
	return err
}

// ---- reads ----

// ChainConfig is the L2 chain configuration.
func (e *Executor) ChainConfig() *params.ChainConfig { return e.chainCfg }

// Signer is the transaction signer of the L2 chain.
func (e *Executor) Signer() types.Signer { return e.signer }

// Genesis is block 0.
func (e *Executor) Genesis() *types.Block { return e.genesis }

// Head is the newest executed block.
func (e *Executor) Head() *types.Block { return e.head.Load() }

// GasLimit is the gas limit of every batch.
func (e *Executor) GasLimit() uint64 { return e.cfg.GasLimit }

// NextBaseFee is the base fee of the batch after the head.
func (e *Executor) NextBaseFee() *big.Int { return e.baseFee(e.Head().Header()) }

// HeaderByHash returns a stored header, or nil.
func (e *Executor) HeaderByHash(hash common.Hash) *types.Header {
	if h, ok := e.headers.Get(hash); ok {
		return h
	}
	n, ok := rawdb.ReadHeaderNumber(e.db, hash)
	if !ok {
		return nil
	}
	h := rawdb.ReadHeader(e.db, hash, n)
	if h != nil {
		e.headers.Add(hash, h)
	}
	return h
}

// HeaderByNumber returns the canonical header at n, or nil.
func (e *Executor) HeaderByNumber(n uint64) *types.Header {
	if head := e.Head(); n > head.NumberU64() {
		return nil
	}
	hash := rawdb.ReadCanonicalHash(e.db, n)
	if hash == (common.Hash{}) {
		return nil
	}
	return e.HeaderByHash(hash)
}

// BlockByNumber returns the canonical block at n, or nil.
func (e *Executor) BlockByNumber(n uint64) *types.Block {
	hash := rawdb.ReadCanonicalHash(e.db, n)
	if hash == (common.Hash{}) {
		return nil
	}
	return rawdb.ReadBlock(e.db, hash, n)
}

// BlockByHash returns a stored block, or nil.
func (e *Executor) BlockByHash(hash common.Hash) *types.Block {
	n, ok := rawdb.ReadHeaderNumber(e.db, hash)
	if !ok {
		return nil
	}
	return rawdb.ReadBlock(e.db, hash, n)
}

// Receipts returns the receipts of a stored block with every derived field.
func (e *Executor) Receipts(hash common.Hash) types.Receipts {
	h := e.HeaderByHash(hash)
	if h == nil {
		return nil
	}
	return rawdb.ReadReceipts(e.db, hash, h.Number.Uint64(), h.Time, e.chainCfg)
}

// Transaction finds an included transaction.
func (e *Executor) Transaction(hash common.Hash) (tx *types.Transaction, blockHash common.Hash, number, index uint64) {
	return rawdb.ReadCanonicalTransaction(e.db, hash)
}

// Receipt finds the receipt of an included transaction.
func (e *Executor) Receipt(hash common.Hash) *types.Receipt {
	_, blockHash, _, index := rawdb.ReadCanonicalTransaction(e.db, hash)
	if blockHash == (common.Hash{}) {
		return nil
	}
	rs := e.Receipts(blockHash)
	if int(index) >= len(rs) {
		return nil
	}
	return rs[index]
}

// ErrStatePruned is returned for the state of a block outside the history.
var ErrStatePruned = errors.New("state not available: outside the kept history")

// StateAt opens the state of the block with the given header.
func (e *Executor) StateAt(h *types.Header) (*state.StateDB, error) {
	if !e.hasState(h.Root) {
		return nil, fmt.Errorf("block %d: %w", h.Number, ErrStatePruned)
	}
	st, err := state.New(h.Root, e.sdb)
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", h.Number, err)
	}
	return st, nil
}

// StateDatabase is the state database (for proofs).
func (e *Executor) StateDatabase() state.Database { return e.sdb }

// NewEVM returns an EVM on the given state in the context of the block with
// the given header (batch execution, and eth_call and eth_estimateGas).
func (e *Executor) NewEVM(header *types.Header, st *state.StateDB, cfg vm.Config) *vm.EVM {
	ctx := core.NewEVMBlockContext(header, chainContext{e}, &header.Coinbase)
	return vm.NewEVM(ctx, st, e.chainCfg, cfg)
}

// SubscribeHeads delivers every new head header.
func (e *Executor) SubscribeHeads(ch chan<- *types.Header) event.Subscription {
	return e.scope.Track(e.headFeed.Subscribe(ch))
}

// SubscribeLogs delivers the logs of every new block.
func (e *Executor) SubscribeLogs(ch chan<- []*types.Log) event.Subscription {
	return e.scope.Track(e.logsFeed.Subscribe(ch))
}

// chainContext gives the EVM the chain's headers (BLOCKHASH).
type chainContext struct{ e *Executor }

func (c chainContext) Config() *params.ChainConfig              { return c.e.chainCfg }
func (c chainContext) CurrentHeader() *types.Header             { return c.e.Head().Header() }
func (c chainContext) GetHeaderByNumber(n uint64) *types.Header { return c.e.HeaderByNumber(n) }
func (c chainContext) GetHeaderByHash(h common.Hash) *types.Header {
	return c.e.HeaderByHash(h)
}
func (c chainContext) GetHeader(h common.Hash, n uint64) *types.Header {
	hd := c.e.HeaderByHash(h)
	if hd == nil || hd.Number.Uint64() != n {
		return nil
	}
	return hd
}

// Engine is go-ethereum's proof-of-stake rules: the author of a block is its
// coinbase, which is what our batches' leader is.
func (c chainContext) Engine() consensus.Engine { return beacon.New(nil) }
