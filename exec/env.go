package exec

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// blockEnv is the execution environment of one batch.
type blockEnv struct {
	e           *Executor
	header      *types.Header
	state       *state.StateDB
	evm         *vm.EVM
	gp          *core.GasPool
	rules       params.Rules
	baseFee     *uint256.Int
	precompiles map[common.Address]bool
	// parent is the root of the state the batch runs on, if the caller
	// commits with commit, which lets the payments overlay commit on its
	// own; zero otherwise.
	parent common.Hash
	pay    *payments // the batch's payments overlay, nil without the fast path
}

func newBlockEnv(e *Executor, header *types.Header, st *state.StateDB) *blockEnv {
	evm := e.NewEVM(header, st, vm.Config{})
	rules := evm.GetRules()
	pre := map[common.Address]bool{}
	for _, a := range vm.ActivePrecompiles(rules) {
		pre[a] = true
	}
	bf, _ := uint256.FromBig(header.BaseFee)
	return &blockEnv{
		e: e, header: header, state: st, evm: evm,
		gp:          core.NewGasPool(header.GasLimit),
		rules:       rules,
		baseFee:     bf,
		precompiles: pre,
	}
}

// Errors for transactions a batch may not carry at all.
var (
	ErrTxTypeNotSupported = errors.New("transaction type not supported")
	ErrUnprotectedTx      = errors.New("only replay-protected (EIP-155) transactions allowed")
)

// checkStatic rejects what no state could make valid on this chain.
func checkStatic(chainID *big.Int, tx *types.Transaction) error {
	switch tx.Type() {
	case types.LegacyTxType:
		if !tx.Protected() {
			return ErrUnprotectedTx
		}
	case types.AccessListTxType, types.DynamicFeeTxType:
	default:
		return fmt.Errorf("%w: type %d", ErrTxTypeNotSupported, tx.Type())
	}
	if tx.ChainId().Cmp(chainID) != 0 {
		return fmt.Errorf("%w: have %d want %d", types.ErrInvalidChainId, tx.ChainId(), chainID)
	}
	return nil
}

// applyTx applies one transaction, whose hash is given, as the idx-th of
// the block. A plain transfer between externally owned accounts takes the
// payments fast path when pay is set; anything else first writes pay's
// overlay out. On error the state and the gas pool are as before the call.
func (env *blockEnv) applyTx(tx *types.Transaction, hash common.Hash, idx int, pay *payments) (*types.Receipt, bool, error) {
	if err := checkStatic(env.e.chainCfg.ChainID, tx); err != nil {
		return nil, false, err
	}
	from, err := types.Sender(env.e.signer, tx)
	if err != nil {
		return nil, false, fmt.Errorf("invalid sender: %w", err)
	}
	env.state.SetTxContext(hash, idx, 0)
	if pay != nil {
		// NB: the transfer reserves its gas limit in the pool before its
		// last checks, as go-ethereum's buyGas does; a transfer dropped
		// after that gives it back.
		gp := env.gp.Snapshot()
		if r, ok, err := pay.transfer(tx, hash, from, idx); ok {
			if err != nil {
				env.gp.Set(gp)
			}
			return r, true, err
		}
		pay.flush()
	}
	msg, err := core.TransactionToMessage(tx, env.e.signer, env.header.BaseFee)
	if err != nil {
		return nil, false, err
	}
	snap := env.state.Snapshot()
	gp := env.gp.Snapshot()
	r, _, err := core.ApplyTransactionWithEVM(context.Background(), msg, env.gp, env.state, env.header.Number, common.Hash{}, env.header.Time, tx, env.evm)
	if err != nil {
		env.state.RevertToSnapshot(snap)
		env.gp.Set(gp)
		return nil, false, err
	}
	return r, false, nil
}

// transferAmounts are a transaction's value and fee caps, each read (and
// copied by go-ethereum) once.
type transferAmounts struct {
	value, feeCap, tipCap uint256.Int
}

// transferAmounts reports whether tx moves value to an account that is not
// a precompile, with no call data, and amounts that fit 256 bits: a plain
// transfer if the recipient has no code. If so it returns the amounts.
func (env *blockEnv) transferAmounts(tx *types.Transaction) (a transferAmounts, ok bool) {
	to := tx.To()
	if to == nil || len(tx.Data()) != 0 || env.precompiles[*to] {
		return a, false
	}
	// Values beyond 256 bits are go-ethereum's to refuse, with its errors.
	if a.value.SetFromBig(tx.Value()) || a.feeCap.SetFromBig(tx.GasFeeCap()) || a.tipCap.SetFromBig(tx.GasTipCap()) {
		return a, false
	}
	return a, true
}

// isPlainTransfer reports whether tx moves value to an account without
// code that is not a precompile, with no call data: the EVM would run no
// instruction for it.
func (env *blockEnv) isPlainTransfer(tx *types.Transaction) bool {
	_, ok := env.transferAmounts(tx)
	return ok && env.state.GetCodeSize(*tx.To()) == 0
}

// commit commits the batch's state changes to the trie database and
// returns the new state root: through the payments overlay if it holds
// them all, else through the state database.
func (env *blockEnv) commit(number uint64) (common.Hash, error) {
	if env.pay.committable() {
		return env.pay.commit(number)
	}
	return env.state.Commit(env.rules, number)
}
