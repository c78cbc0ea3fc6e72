package sequencing

import (
	"container/heap"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// MempoolState is what the mempool needs to know of the head state.
type MempoolState interface {
	Nonce(addr common.Address) uint64
}

// MempoolConfig bounds the mempool.
type MempoolConfig struct {
	MaxTxs       int // transactions held in all (default 50,000)
	MaxPerSender int // transactions held per sender (default 64)
	MaxPerPeer   int // transactions admitted per peer and head (default 1,024)
	PriceBump    int // percent a replacement must raise both fee caps (default 10)
	MaxGap       int // how far beyond the sender's queue a nonce may be held (default 64)
}

func (c *MempoolConfig) defaults() {
	if c.MaxTxs == 0 {
		c.MaxTxs = 50_000
	}
	if c.MaxPerSender == 0 {
		c.MaxPerSender = 64
	}
	if c.MaxPerPeer == 0 {
		c.MaxPerPeer = 1024
	}
	if c.PriceBump == 0 {
		c.PriceBump = 10
	}
	if c.MaxGap == 0 {
		c.MaxGap = 64
	}
}

// Mempool errors beyond go-ethereum's txpool ones (already known,
// replacement underpriced, …), which it reuses so that wallets see the
// messages they know.
var (
	ErrSenderLimit = txpool.ErrAccountLimitExceeded
	ErrPeerLimit   = errors.New("peer admission limit reached")
	ErrPoolFull    = txpool.ErrOutOfCapacity
	ErrNonceGap    = errors.New("nonce too high: gap in the sender's nonce sequence")
)

// Mempool holds the transactions waiting for a batch: per-sender nonce
// queues, replacement only with a fee bump, eviction of the cheapest
// transaction when full, admission limits per peer, and duplicate
// suppression. It is policy only: the caller checks signatures, chain ID and
// balances (exec.ValidateTx) before Add and tells it about new heads with
// Reset. Safe for concurrent use; deterministic for the simulator.
type Mempool struct {
	cfg MempoolConfig

	mu      sync.Mutex
	state   MempoolState
	senders map[common.Address]*senderQueue
	byHash  map[common.Hash]*types.Transaction
	perPeer map[string]int
	seq     uint64
}

type senderQueue struct {
	addr    common.Address
	txs     map[uint64]*types.Transaction
	arrival uint64
}

// NewMempool returns an empty mempool over the given head state.
func NewMempool(cfg MempoolConfig, state MempoolState) *Mempool {
	cfg.defaults()
	return &Mempool{cfg: cfg, state: state, senders: map[common.Address]*senderQueue{},
		byHash: map[common.Hash]*types.Transaction{}, perPeer: map[string]int{}}
}

// Add admits tx from sender, received from peer ("" for the node's own RPC,
// which has no admission limit). The nonce must not be below the state's
// nor more than MaxGap beyond the sender's contiguous queue: gossip may
// deliver a sender's transactions out of order, and a held gapped one is
// taken once the missing ones arrive.
func (m *Mempool) Add(tx *types.Transaction, sender common.Address, peer string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byHash[tx.Hash()] != nil {
		return txpool.ErrAlreadyKnown
	}
	if peer != "" && m.perPeer[peer] >= m.cfg.MaxPerPeer {
		return ErrPeerLimit
	}
	next := m.state.Nonce(sender)
	if tx.Nonce() < next {
		return fmt.Errorf("nonce too low: next nonce %d, tx nonce %d", next, tx.Nonce())
	}
	q := m.senders[sender]
	if q != nil {
		if old := q.txs[tx.Nonce()]; old != nil {
			if !m.bumped(old, tx) {
				return txpool.ErrReplaceUnderpriced
			}
			delete(m.byHash, old.Hash())
			q.txs[tx.Nonce()] = tx
			m.byHash[tx.Hash()] = tx
			m.countPeer(peer)
			return nil
		}
	}
	if pending := m.pendingNonceLocked(sender); tx.Nonce() > pending+uint64(m.cfg.MaxGap) {
		return fmt.Errorf("%w: next nonce %d, tx nonce %d, at most %d ahead", ErrNonceGap, pending, tx.Nonce(), m.cfg.MaxGap)
	}
	if q != nil && len(q.txs) >= m.cfg.MaxPerSender {
		return ErrSenderLimit
	}
	if len(m.byHash) >= m.cfg.MaxTxs && !m.evictFor(tx, sender) {
		return ErrPoolFull
	}
	if q == nil {
		m.seq++
		q = &senderQueue{addr: sender, txs: map[uint64]*types.Transaction{}, arrival: m.seq}
		m.senders[sender] = q
	}
	q.txs[tx.Nonce()] = tx
	m.byHash[tx.Hash()] = tx
	m.countPeer(peer)
	return nil
}

func (m *Mempool) countPeer(peer string) {
	if peer != "" {
		m.perPeer[peer]++
	}
}

func (m *Mempool) bumped(old, tx *types.Transaction) bool {
	f := big.NewInt(int64(100 + m.cfg.PriceBump))
	h := big.NewInt(100)
	minFee := new(big.Int).Mul(old.GasFeeCap(), f)
	minTip := new(big.Int).Mul(old.GasTipCap(), f)
	return new(big.Int).Mul(tx.GasFeeCap(), h).Cmp(minFee) >= 0 && new(big.Int).Mul(tx.GasTipCap(), h).Cmp(minTip) >= 0
}

// evictFor makes room for tx by dropping the transaction with the lowest
// fee cap among the last of every other sender's queue (dropping one from
// the middle would strand those after it, and tx may need its own sender's),
// if it pays less than tx.
func (m *Mempool) evictFor(tx *types.Transaction, sender common.Address) bool {
	var victim *types.Transaction
	var vq *senderQueue
	for _, q := range m.senders {
		if q.addr == sender {
			continue
		}
		last := lastOf(q)
		if victim == nil || last.GasFeeCapCmp(victim) < 0 || (last.GasFeeCapCmp(victim) == 0 && q.arrival > vq.arrival) {
			victim, vq = last, q
		}
	}
	if victim == nil || tx.GasFeeCapCmp(victim) <= 0 {
		return false
	}
	m.remove(vq, victim)
	return true
}

func lastOf(q *senderQueue) *types.Transaction {
	var last *types.Transaction
	for n, tx := range q.txs {
		if last == nil || n > last.Nonce() {
			last = tx
		}
	}
	return last
}

func (m *Mempool) remove(q *senderQueue, tx *types.Transaction) {
	delete(q.txs, tx.Nonce())
	delete(m.byHash, tx.Hash())
	if len(q.txs) == 0 {
		delete(m.senders, q.addr)
	}
}

// Get returns a held transaction.
func (m *Mempool) Get(hash common.Hash) *types.Transaction {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.byHash[hash]
}

// Len is the number of held transactions.
func (m *Mempool) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byHash)
}

// PendingNonce is the nonce the sender's next transaction should carry.
func (m *Mempool) PendingNonce(addr common.Address) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pendingNonceLocked(addr)
}

func (m *Mempool) pendingNonceLocked(addr common.Address) uint64 {
	n := m.state.Nonce(addr)
	if q := m.senders[addr]; q != nil {
		for q.txs[n] != nil {
			n++
		}
	}
	return n
}

// Drop removes transactions a batch carried but execution could not
// include (their sender could not pay by then, say), with every later
// transaction of the same senders, which now wait on a nonce nobody holds:
// otherwise an unpayable transaction would be taken into every batch.
func (m *Mempool) Drop(hashes []common.Hash) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range hashes {
		tx := m.byHash[h]
		if tx == nil {
			continue
		}
		for _, q := range m.senders {
			if q.txs[tx.Nonce()] != tx {
				continue
			}
			for n, later := range q.txs {
				if n >= tx.Nonce() {
					m.remove(q, later)
				}
			}
			break
		}
	}
}

// Reset moves the mempool onto a new head state: transactions whose nonce
// is used are dropped, and the per-peer admission counts start over.
func (m *Mempool) Reset(state MempoolState) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state = state
	for _, q := range m.senders {
		next := state.Nonce(q.addr)
		for n, tx := range q.txs {
			if n < next {
				m.remove(q, tx)
			}
		}
	}
	clear(m.perPeer)
}

// Take returns executable transactions for a batch, within gas and bytes:
// each sender's in nonce order, the senders interleaved by the effective tip
// of their next transaction at baseFee (highest first; ties by arrival).
func (m *Mempool) Take(baseFee *big.Int, gas, bytes uint64) types.Transactions {
	return m.TakeAfter(baseFee, gas, bytes, nil)
}

// TakeAfter is Take for a block on top of blocks not yet final: after maps
// a sender to the nonce that follows its transactions in those blocks, and
// the sender's queue starts there instead of at the head state's nonce, so
// that a leader does not propose again what its parent already carries.
func (m *Mempool) TakeAfter(baseFee *big.Int, gas, bytes uint64, after map[common.Address]uint64) types.Transactions {
	m.mu.Lock()
	defer m.mu.Unlock()
	bf, _ := uint256.FromBig(baseFee)
	h := &tipHeap{baseFee: bf}
	next := map[common.Address]uint64{}
	addrs := make([]common.Address, 0, len(m.senders))
	for a := range m.senders {
		addrs = append(addrs, a)
	}
	sort.Slice(addrs, func(i, j int) bool { return m.senders[addrs[i]].arrival < m.senders[addrs[j]].arrival })
	for _, a := range addrs {
		n := max(m.state.Nonce(a), after[a])
		if tx := m.senders[a].txs[n]; tx != nil {
			next[a] = n
			heap.Push(h, tipItem{tx: tx, from: a, arrival: m.senders[a].arrival})
		}
	}
	var out types.Transactions
	for h.Len() > 0 {
		it := heap.Pop(h).(tipItem)
		tx := it.tx
		if tx.GasFeeCapIntCmp(baseFee) < 0 {
			continue // cannot pay the base fee: nor can the rest of this sender's queue
		}
		size := tx.Size()
		if tx.Gas() > gas || size > bytes {
			continue // the sender's later transactions need this one first
		}
		gas -= tx.Gas()
		bytes -= size
		out = append(out, tx)
		next[it.from]++
		if nt := m.senders[it.from].txs[next[it.from]]; nt != nil {
			heap.Push(h, tipItem{tx: nt, from: it.from, arrival: it.arrival})
		}
	}
	return out
}

type tipItem struct {
	tx      *types.Transaction
	from    common.Address
	arrival uint64
}

type tipHeap struct {
	baseFee *uint256.Int
	items   []tipItem
}

func (h *tipHeap) Len() int { return len(h.items) }
func (h *tipHeap) Less(i, j int) bool {
	c := h.items[i].tx.EffectiveGasTipCmp(h.items[j].tx, h.baseFee)
	if c != 0 {
		return c > 0
	}
	return h.items[i].arrival < h.items[j].arrival
}
func (h *tipHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *tipHeap) Push(x any)    { h.items = append(h.items, x.(tipItem)) }
func (h *tipHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}
