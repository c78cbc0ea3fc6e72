package exec

import (
	"fmt"
	"math/big"
	"sort"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// TxPool is where JSON-RPC hands the transactions users submit. The
// sequencing mempool implements it on every node; DevPool implements it for
// the single-node dev sealer.
type TxPool interface {
	// Add validates tx against the head state and the pool and queues it.
	// Errors carry go-ethereum's messages, which wallets recognise.
	Add(tx *types.Transaction) error
	// Get returns a queued transaction.
	Get(hash common.Hash) *types.Transaction
	// PendingNonce is the nonce the next transaction of addr should carry.
	PendingNonce(addr common.Address) uint64
}

// MaxTxSize is the largest transaction the node accepts, encoded.
const MaxTxSize = 128 * 1024

// MaxNonceGap is how far ahead of the sender's next nonce a transaction may
// be queued.
const MaxNonceGap = 64

// Errors of transaction admission, beyond go-ethereum's core and txpool ones.
var (
	ErrOversized = txpool.ErrOversizedData
)

// ValidateTx checks what a transaction needs to be includable on top of the
// head: well-formed for this chain, a valid signature, a nonce not below the
// account's, enough balance for gas × fee cap + value, and a fee cap not
// below the next base fee. pendingNonce is the nonce the pool expects next
// from the sender (the state's nonce when the pool holds none of its
// transactions).
func (e *Executor) ValidateTx(tx *types.Transaction, pendingNonce func(common.Address) uint64) (common.Address, error) {
	if size := tx.Size(); size > MaxTxSize {
		return common.Address{}, fmt.Errorf("%w: transaction size %d, limit %d", ErrOversized, size, MaxTxSize)
	}
	if err := checkStatic(e.chainCfg.ChainID, tx); err != nil {
		return common.Address{}, err
	}
	from, err := types.Sender(e.signer, tx)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", txpool.ErrInvalidSender, err)
	}
	if tx.Gas() > e.cfg.GasLimit {
		return from, txpool.ErrGasLimit
	}
	if tx.Gas() > params.MaxTxGas {
		return from, fmt.Errorf("%w (cap: %d, tx: %d)", core.ErrGasLimitTooHigh, params.MaxTxGas, tx.Gas())
	}
	if tx.GasFeeCap().BitLen() > 256 || tx.GasTipCap().BitLen() > 256 {
		return from, core.ErrFeeCapVeryHigh
	}
	if tx.GasFeeCapIntCmp(tx.GasTipCap()) < 0 {
		return from, core.ErrTipAboveFeeCap
	}
	rules := e.chainCfg.Rules(new(big.Int).SetUint64(e.Head().NumberU64()+1), true, e.Head().Time())
	value, _ := uint256.FromBig(tx.Value())
	intrinsic, err := core.IntrinsicGas(tx.Data(), tx.AccessList(), nil, from, tx.To(), value, rules)
	if err != nil {
		return from, err
	}
	if tx.Gas() < intrinsic {
		return from, fmt.Errorf("%w: gas %v, minimum needed %v", core.ErrIntrinsicGas, tx.Gas(), intrinsic)
	}
	floor, err := core.FloorDataGas(rules, from, tx.To(), value, tx.Data(), tx.AccessList())
	if err != nil {
		return from, err
	}
	if tx.Gas() < floor {
		return from, fmt.Errorf("%w: gas %v, minimum needed %v", core.ErrFloorDataGas, tx.Gas(), floor)
	}
	if baseFee := e.NextBaseFee(); tx.GasFeeCapIntCmp(baseFee) < 0 {
		return from, fmt.Errorf("%w: maxFeePerGas %v, baseFee %v", core.ErrFeeCapTooLow, tx.GasFeeCap(), baseFee)
	}
	st, err := e.StateAt(e.Head().Header())
	if err != nil {
		return from, err
	}
	if next := st.GetNonce(from); tx.Nonce() < next {
		return from, fmt.Errorf("%w: next nonce %v, tx nonce %v", core.ErrNonceTooLow, next, tx.Nonce())
	}
	if pending := pendingNonce(from); tx.Nonce() > pending+MaxNonceGap {
		return from, fmt.Errorf("%w: next nonce %v, tx nonce %v, at most %d ahead", core.ErrNonceTooHigh, pending, tx.Nonce(), MaxNonceGap)
	}
	if balance, cost := st.GetBalance(from).ToBig(), tx.Cost(); balance.Cmp(cost) < 0 {
		return from, fmt.Errorf("%w: balance %v, tx cost %v, overshot %v", core.ErrInsufficientFunds, balance, cost, new(big.Int).Sub(cost, balance))
	}
	return from, nil
}

// DevPool is the transaction pool of the single-node dev mode: a bounded set
// of per-sender nonce queues feeding DevSealer. The sequencing mempool takes
// its place on a network.
type DevPool struct {
	e   *Executor
	max int

	mu      sync.Mutex
	bySend  map[common.Address]map[uint64]*types.Transaction
	byHash  map[common.Hash]*types.Transaction
	arrival map[common.Address]uint64
	seq     uint64
}

// NewDevPool returns a pool holding at most max transactions.
func NewDevPool(e *Executor, max int) *DevPool {
	return &DevPool{e: e, max: max, bySend: map[common.Address]map[uint64]*types.Transaction{},
		byHash: map[common.Hash]*types.Transaction{}, arrival: map[common.Address]uint64{}}
}

// priceBump is the percentage by which a replacement must raise both fee
// caps, as in go-ethereum's pool.
const priceBump = 10

// Add implements TxPool.
func (p *DevPool) Add(tx *types.Transaction) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byHash[tx.Hash()] != nil {
		return txpool.ErrAlreadyKnown
	}
	from, err := p.e.ValidateTx(tx, p.pendingNonceLocked)
	if err != nil {
		return err
	}
	q := p.bySend[from]
	if old := q[tx.Nonce()]; old != nil {
		if !bumped(old.GasFeeCap(), tx.GasFeeCap()) || !bumped(old.GasTipCap(), tx.GasTipCap()) {
			return txpool.ErrReplaceUnderpriced
		}
		delete(p.byHash, old.Hash())
	} else if len(p.byHash) >= p.max {
		return txpool.ErrOutOfCapacity
	}
	if q == nil {
		q = map[uint64]*types.Transaction{}
		p.bySend[from] = q
		p.seq++
		p.arrival[from] = p.seq
	}
	q[tx.Nonce()] = tx
	p.byHash[tx.Hash()] = tx
	return nil
}

func bumped(old, next *big.Int) bool {
	min := new(big.Int).Mul(old, big.NewInt(100+priceBump))
	return new(big.Int).Mul(next, big.NewInt(100)).Cmp(min) >= 0
}

// Get implements TxPool.
func (p *DevPool) Get(hash common.Hash) *types.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byHash[hash]
}

// PendingNonce implements TxPool.
func (p *DevPool) PendingNonce(addr common.Address) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pendingNonceLocked(addr)
}

func (p *DevPool) pendingNonceLocked(addr common.Address) uint64 {
	n := uint64(0)
	if st, err := p.e.StateAt(p.e.Head().Header()); err == nil {
		n = st.GetNonce(addr)
	}
	for p.bySend[addr][n] != nil {
		n++
	}
	return n
}

// Len is the number of queued transactions.
func (p *DevPool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.byHash)
}

// Take returns executable transactions in nonce order per sender, senders
// in order of arrival, up to gas in total.
func (p *DevPool) Take(gas uint64) types.Transactions {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, err := p.e.StateAt(p.e.Head().Header())
	if err != nil {
		return nil
	}
	senders := make([]common.Address, 0, len(p.bySend))
	for a := range p.bySend {
		senders = append(senders, a)
	}
	sort.Slice(senders, func(i, j int) bool { return p.arrival[senders[i]] < p.arrival[senders[j]] })
	var out types.Transactions
	for _, a := range senders {
		for n := st.GetNonce(a); ; n++ {
			tx := p.bySend[a][n]
			if tx == nil || tx.Gas() > gas {
				break
			}
			gas -= tx.Gas()
			out = append(out, tx)
		}
	}
	return out
}

// Prune drops what the head made stale: transactions whose nonce is used.
func (p *DevPool) Prune() {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, err := p.e.StateAt(p.e.Head().Header())
	if err != nil {
		return
	}
	for a, q := range p.bySend {
		next := st.GetNonce(a)
		for n, tx := range q {
			if n < next {
				delete(q, n)
				delete(p.byHash, tx.Hash())
			}
		}
		if len(q) == 0 {
			delete(p.bySend, a)
			delete(p.arrival, a)
		}
	}
}
