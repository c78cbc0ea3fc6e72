package exec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethdb"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
)

// Deposit is an L1→L2 deposit as the bridge derives it from the L1 Bridge's
// DepositInitiated event. It has no signature: only a batch can carry it,
// and validators check each against L1.
//
// Deposits are applied exactly once, in the order of their L1 nonce: a
// deposit takes effect only when its Nonce is the next deposit nonce in the
// state (DepositNonceIn), whatever batch carries it. It then mints Mint to
// To and, when Data is set or To has code, calls To from From with GasLimit
// gas; a failed call keeps the mint. A deposit with any other nonce (carried
// twice, or ahead of a missing one) is skipped and changes nothing.
type Deposit struct {
	Nonce       uint64         // the L1 Bridge's deposit nonce: applied in order, each once
	L1Tx        common.Hash    // the L1 transaction that emitted it (for tracing)
	From        common.Address // the L2 sender: the L1 sender, aliased if a contract
	To          common.Address
	Mint        *big.Int       // wei minted to To (ether deposits; zero for tokens)
	L1Token     common.Address // zero for ether
	TokenAmount *big.Int       // ERC-20 amount escrowed on L1; recorded, minted on L2 once the L2 token bridge exists
	GasLimit    uint64
	Data        []byte
}

// Hash identifies the deposit on L2 (its "transaction hash"). A nil big.Int
// encodes like zero.
func (d *Deposit) Hash() common.Hash {
	b, _ := rlp.EncodeToBytes(d)
	return crypto.Keccak256Hash([]byte{DepositTxType}, b)
}

// DepositTxType is the type byte of deposits; go-ethereum's transaction types
// stop well below it.
const DepositTxType = 0x7e

// MaxDepositGas caps the call gas of one deposit, and MaxDepositsPerBatch the
// deposits in one batch: deposits are paid on L1, so they must not be able to
// crowd out the L2's own gas.
const (
	MaxDepositGas       = 1_000_000
	MaxDepositsPerBatch = 256
)

// validate refuses what no state could apply. Nil amounts are zero.
func (d *Deposit) validate() error {
	// NB: mints stay below 2^255 so that no sum of them overflows a balance.
	if d.Mint != nil && (d.Mint.Sign() < 0 || d.Mint.BitLen() > 255) {
		return fmt.Errorf("bad mint %s", d.Mint)
	}
	if d.TokenAmount != nil && (d.TokenAmount.Sign() < 0 || d.TokenAmount.BitLen() > 256) {
		return fmt.Errorf("bad token amount %s", d.TokenAmount)
	}
	if d.GasLimit > MaxDepositGas {
		return fmt.Errorf("gas limit %d above %d", d.GasLimit, MaxDepositGas)
	}
	return nil
}

// depositNonceSlot is the storage slot of DepositNonceAddress that holds the
// next deposit nonce as a uint256. An absent slot reads as 0.
var depositNonceSlot = common.Hash{}

// DepositNonceIn is the next deposit nonce in st: the nonce the next applied
// deposit must carry, which is also the count of deposits applied so far.
// Read errors are left in st (st.Error()).
func DepositNonceIn(st *state.StateDB) uint64 {
	v := st.GetState(DepositNonceAddress, depositNonceSlot)
	return binary.BigEndian.Uint64(v[24:])
}

func setDepositNonce(st *state.StateDB, n uint64) {
	var v common.Hash
	binary.BigEndian.PutUint64(v[24:], n)
	st.SetState(DepositNonceAddress, depositNonceSlot, v)
}

// DepositReceipt is the outcome of one deposit a batch carried.
type DepositReceipt struct {
	Deposit *Deposit
	Status  uint64 // an applied deposit: types.ReceiptStatusSuccessful, or Failed if the call failed (the mint stays)
	GasUsed uint64
	Logs    []*types.Log
	// Skipped says why the deposit was not applied ("deposit nonce 5, next
	// is 7"); it is empty for an applied deposit. A skipped deposit has
	// status 0, no gas and no logs, and changed nothing.
	Skipped     string
	BlockHash   common.Hash `rlp:"-"`
	BlockNumber uint64      `rlp:"-"`
}

// Applied reports whether the deposit took effect.
func (r *DepositReceipt) Applied() bool { return r.Skipped == "" }

// aliasOffset is added to an L1 contract's address to give the L2 sender of
// its deposits, so that an L1 contract cannot act as the L2 contract at the
// same address.
var aliasOffset = new(big.Int).SetBytes(common.FromHex("0x1111000000000000000000000000000000001111"))

// AliasL1Address maps an L1 contract address into the L2 address space.
func AliasL1Address(a common.Address) common.Address {
	v := new(big.Int).Add(new(big.Int).SetBytes(a[:]), aliasOffset)
	return common.BytesToAddress(v.Bytes())
}

// applyDeposit applies d if it carries the next deposit nonce, and skips it
// otherwise. An applied deposit advances the nonce, mints d.Mint to d.To and
// then runs the call, if any. Deposits use no block gas: L1 paid for them.
func (env *blockEnv) applyDeposit(d *Deposit, idx int) *DepositReceipt {
	st := env.state
	if next := DepositNonceIn(st); d.Nonce != next {
		return &DepositReceipt{Deposit: d, Status: types.ReceiptStatusFailed, Skipped: fmt.Sprintf("deposit nonce %d, next is %d", d.Nonce, next)}
	}
	// NB: the nonce advances outside the call's snapshot, so a reverted call
	// still consumes it, as it keeps the mint.
	setDepositNonce(st, d.Nonce+1)
	h := d.Hash()
	st.SetTxContext(h, idx, 0)
	mint := new(uint256.Int)
	if d.Mint != nil {
		mint, _ = uint256.FromBig(d.Mint)
	}
	// A zero mint still touches To, as it always has.
	st.AddBalance(d.To, mint, tracing.BalanceChangeUnspecified)
	r := &DepositReceipt{Deposit: d, Status: types.ReceiptStatusSuccessful}
	if len(d.Data) > 0 || st.GetCodeSize(d.To) > 0 {
		env.evm.SetTxContext(vm.TxContext{Origin: d.From, GasPrice: new(uint256.Int)})
		st.Prepare(env.rules, d.From, env.header.Coinbase, &d.To, vm.ActivePrecompiles(env.rules), nil)
		budget := vm.NewGasBudget(d.GasLimit, 0)
		_, left, err := env.evm.Call(d.From, d.To, d.Data, budget, new(uint256.Int))
		r.GasUsed = left.Used(budget)
		if err != nil {
			r.Status = types.ReceiptStatusFailed
		}
		r.Logs = st.GetLogs(h, env.header.Number.Uint64(), common.Hash{}, env.header.Time)
	}
	st.Finalise(env.rules)
	return r
}

// ---- deposits store ----
//
// l2-deposits-<block>     rlp([]*DepositReceipt): every deposit the block's batch carried
// l2-deposit-nonce-<n>    block number (8 bytes) of the block that applied deposit nonce n
//
// Both are written in the block's own write batch.

var (
	depositsPrefix     = []byte("l2-deposits-")
	depositNoncePrefix = []byte("l2-deposit-nonce-")
)

func depositsKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, depositsPrefix...), n)
}

func depositNonceKey(nonce uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, depositNoncePrefix...), nonce)
}

func writeDeposits(w ethdb.KeyValueWriter, n uint64, rs []*DepositReceipt) error {
	if len(rs) == 0 {
		return nil
	}
	b, err := rlp.EncodeToBytes(rs)
	if err != nil {
		return fmt.Errorf("exec: encode deposits of block %d: %w", n, err)
	}
	if err := w.Put(depositsKey(n), b); err != nil {
		return fmt.Errorf("exec: write deposits of block %d: %w", n, err)
	}
	for _, r := range rs {
		if !r.Applied() {
			continue
		}
		if err := w.Put(depositNonceKey(r.Deposit.Nonce), binary.BigEndian.AppendUint64(nil, n)); err != nil {
			return fmt.Errorf("exec: index deposit nonce %d of block %d: %w", r.Deposit.Nonce, n, err)
		}
	}
	return nil
}

// Deposits returns the receipts of every deposit block n's batch carried,
// applied or skipped, with BlockNumber and BlockHash set.
func (e *Executor) Deposits(n uint64) ([]*DepositReceipt, error) {
	b, err := e.kv.Get(depositsKey(n))
	if err != nil {
		if ok, _ := e.kv.Has(depositsKey(n)); !ok {
			return nil, nil
		}
		return nil, fmt.Errorf("exec: read deposits of block %d: %w", n, err)
	}
	var rs []*DepositReceipt
	if err := rlp.DecodeBytes(b, &rs); err != nil {
		return nil, fmt.Errorf("exec: decode deposits of block %d: %w", n, err)
	}
	hash := rawdb.ReadCanonicalHash(e.db, n)
	for _, r := range rs {
		r.BlockNumber, r.BlockHash = n, hash
	}
	return rs, nil
}

func (e *Executor) readDeposits(n uint64) ([]*Deposit, error) {
	rs, err := e.Deposits(n)
	if err != nil {
		return nil, err
	}
	ds := make([]*Deposit, len(rs))
	for i, r := range rs {
		ds[i] = r.Deposit
	}
	return ds, nil
}

// errDepositIndexCorrupt marks a deposit nonce index entry that does not
// match the stored deposits.
var errDepositIndexCorrupt = errors.New("deposit nonce index corrupt")

// DepositByNonce returns the receipt of the applied deposit with the given
// L1 nonce, with BlockNumber and BlockHash set; false if no block up to the
// head applied it (yet). Skipped copies of it are not returned.
func (e *Executor) DepositByNonce(nonce uint64) (*DepositReceipt, bool, error) {
	key := depositNonceKey(nonce)
	v, err := e.kv.Get(key)
	if err != nil {
		if ok, _ := e.kv.Has(key); !ok {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("exec: read deposit nonce %d: %w", nonce, err)
	}
	if len(v) != 8 {
		return nil, false, fmt.Errorf("exec: deposit nonce %d: entry of %d bytes: %w", nonce, len(v), errDepositIndexCorrupt)
	}
	n := binary.BigEndian.Uint64(v)
	if n > e.Head().NumberU64() {
		return nil, false, nil // written with its block a moment before the block became the head
	}
	rs, err := e.Deposits(n)
	if err != nil {
		return nil, false, err
	}
	for _, r := range rs {
		if r.Applied() && r.Deposit.Nonce == nonce {
			return r, true, nil
		}
	}
	return nil, false, fmt.Errorf("exec: deposit nonce %d: block %d did not apply it: %w", nonce, n, errDepositIndexCorrupt)
}

// NextDepositNonce is the next deposit nonce at the head: the nonce the next
// applied deposit must carry, and the count of deposits applied so far.
func (e *Executor) NextDepositNonce() (uint64, error) {
	st, err := e.StateAt(e.Head().Header())
	if err != nil {
		return 0, fmt.Errorf("exec: next deposit nonce: %w", err)
	}
	n := DepositNonceIn(st)
	if err := st.Error(); err != nil {
		return 0, fmt.Errorf("exec: next deposit nonce: %w", err)
	}
	return n, nil
}
