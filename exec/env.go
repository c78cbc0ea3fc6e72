package exec

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
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
// the block. A plain
// transfer between externally owned accounts takes the fast path when fast
// is set. On error the state and the gas pool are as before the call.
func (env *blockEnv) applyTx(tx *types.Transaction, hash common.Hash, idx int, fast bool) (*types.Receipt, bool, error) {
	if err := checkStatic(env.e.chainCfg.ChainID, tx); err != nil {
		return nil, false, err
	}
	from, err := types.Sender(env.e.signer, tx)
	if err != nil {
		return nil, false, fmt.Errorf("invalid sender: %w", err)
	}
	env.state.SetTxContext(hash, idx, 0)
	if fast {
		if amounts, ok := env.plainTransfer(tx); ok {
			r, err := env.transfer(tx, hash, from, &amounts)
			return r, true, err
		}
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

// plainTransfer reports whether tx moves value to an account without code
// that is not a precompile, with no call data: the EVM would run no
// instruction for it. If so it returns the transaction's amounts.
func (env *blockEnv) plainTransfer(tx *types.Transaction) (a transferAmounts, ok bool) {
	to := tx.To()
	if to == nil || len(tx.Data()) != 0 || env.precompiles[*to] {
		return a, false
	}
	// Values beyond 256 bits are go-ethereum's to refuse, with its errors.
	if a.value.SetFromBig(tx.Value()) || a.feeCap.SetFromBig(tx.GasFeeCap()) || a.tipCap.SetFromBig(tx.GasTipCap()) {
		return a, false
	}
	return a, env.state.GetCodeSize(*to) == 0
}

// isPlainTransfer is plainTransfer's verdict alone.
func (env *blockEnv) isPlainTransfer(tx *types.Transaction) bool {
	_, ok := env.plainTransfer(tx)
	return ok
}

// transfer is the payments fast path. It performs exactly the state
// operations go-ethereum's state transition performs for a plain transfer,
// in the same order, with the same checks and errors, minus the interpreter,
// the call frame and the tracing hooks; TestFastPathMatchesEVM holds it to
// the EVM path bit for bit.
func (env *blockEnv) transfer(tx *types.Transaction, hash common.Hash, from common.Address, amounts *transferAmounts) (*types.Receipt, error) {
	st := env.state
	to := *tx.To()
	// preCheck: nonce, EIP-7825 cap, EIP-3607 sender, fee caps, block gas.
	stNonce := st.GetNonce(from)
	if n := tx.Nonce(); stNonce < n {
		return nil, fmt.Errorf("%w: address %v, tx: %d state: %d", core.ErrNonceTooHigh, from.Hex(), n, stNonce)
	} else if stNonce > n {
		return nil, fmt.Errorf("%w: address %v, tx: %d state: %d", core.ErrNonceTooLow, from.Hex(), n, stNonce)
	} else if stNonce+1 < stNonce {
		return nil, fmt.Errorf("%w: address %v, nonce: %d", core.ErrNonceMax, from.Hex(), stNonce)
	}
	if env.rules.IsOsaka && tx.Gas() > params.MaxTxGas {
		return nil, fmt.Errorf("%w (cap: %d, tx: %d)", core.ErrGasLimitTooHigh, params.MaxTxGas, tx.Gas())
	}
	if code := st.GetCode(from); len(code) > 0 {
		if _, delegated := types.ParseDelegation(code); !delegated {
			return nil, fmt.Errorf("%w: address %v, len(code): %d", core.ErrSenderNoEOA, from.Hex(), len(code))
		}
	}
	feeCap, tipCap, value := &amounts.feeCap, &amounts.tipCap, &amounts.value
	if feeCap.Cmp(tipCap) < 0 {
		return nil, fmt.Errorf("%w: address %v, maxPriorityFeePerGas: %s, maxFeePerGas: %s", core.ErrTipAboveFeeCap, from.Hex(), tipCap, feeCap)
	}
	if feeCap.Cmp(env.baseFee) < 0 {
		return nil, fmt.Errorf("%w: address %v, maxFeePerGas: %s, baseFee: %s", core.ErrFeeCapTooLow, from.Hex(), feeCap, env.baseFee)
	}
	if err := env.gp.CheckGasLegacy(tx.Gas()); err != nil {
		return nil, err
	}
	// buyGas: the sender must cover gas × fee cap + value.
	gasPrice := new(uint256.Int).Add(tipCap, env.baseFee)
	if gasPrice.Cmp(feeCap) > 0 {
		gasPrice.Set(feeCap)
	}
	var gas uint256.Int
	gas.SetUint64(tx.Gas())
	mgval, overflow := new(uint256.Int).MulOverflow(&gas, gasPrice)
	if overflow {
		return nil, fmt.Errorf("%w: address %v required balance exceeds 256 bits", core.ErrInsufficientFunds, from.Hex())
	}
	check, overflow := new(uint256.Int).MulOverflow(&gas, feeCap)
	if !overflow {
		_, overflow = check.AddOverflow(check, value)
	}
	if overflow {
		return nil, fmt.Errorf("%w: address %v required balance exceeds 256 bits", core.ErrInsufficientFunds, from.Hex())
	}
	if have := st.GetBalance(from); have.Cmp(check) < 0 {
		return nil, fmt.Errorf("%w: address %v have %v want %v", core.ErrInsufficientFunds, from.Hex(), have, check)
	}
	// Intrinsic gas and the EIP-7623 floor, checked before any state
	// changes; go-ethereum checks them after buying gas but a failure there
	// reverts the purchase anyway.
	intrinsic, err := core.IntrinsicGas(nil, tx.AccessList(), nil, from, &to, value, env.rules)
	if err != nil {
		return nil, err
	}
	if tx.Gas() < intrinsic {
		return nil, fmt.Errorf("%w: have %d, want %d", core.ErrIntrinsicGas, tx.Gas(), intrinsic)
	}
	floor, err := core.FloorDataGas(env.rules, from, &to, value, nil, tx.AccessList())
	if err != nil {
		return nil, err
	}
	if tx.Gas() < floor {
		return nil, fmt.Errorf("%w: have %d, want %d", core.ErrFloorDataGas, tx.Gas(), floor)
	}
	st.SubBalance(from, mgval, tracing.BalanceDecreaseGasBuy)
	// executeCall: nonce, then the call frame's transfer.
	st.SetNonce(from, stNonce+1, tracing.NonceChangeEoACall)
	if st.Exist(to) || !value.IsZero() {
		if !st.Exist(to) {
			st.CreateAccount(to)
		}
		st.SubBalance(from, value, tracing.BalanceChangeTransfer)
		st.AddBalance(to, value, tracing.BalanceChangeTransfer)
	}
	// settleGas: no refund counter, the floor applies, unused gas returns.
	gasUsed := max(intrinsic, floor)
	gasLeft := tx.Gas() - gasUsed
	if err := env.gp.ChargeGasLegacy(gasLeft, gasUsed); err != nil {
		return nil, err // cannot happen: CheckGasLegacy reserved tx.Gas()
	}
	if gasLeft > 0 {
		st.AddBalance(from, new(uint256.Int).Mul(uint256.NewInt(gasLeft), gasPrice), tracing.BalanceIncreaseGasReturn)
	}
	tip := new(uint256.Int).Sub(gasPrice, env.baseFee)
	st.AddBalance(env.header.Coinbase, tip.Mul(tip, uint256.NewInt(gasUsed)), tracing.BalanceIncreaseRewardTransactionFee)
	st.Finalise(env.rules)

	r := &types.Receipt{
		Type:              tx.Type(),
		Status:            types.ReceiptStatusSuccessful,
		CumulativeGasUsed: env.gp.CumulativeUsed(),
		TxHash:            hash,
		GasUsed:           gasUsed,
		Logs:              st.GetLogs(hash, env.header.Number.Uint64(), common.Hash{}, env.header.Time),
		BlockNumber:       env.header.Number,
		TransactionIndex:  uint(st.TxIndex()),
	}
	r.Bloom = types.CreateBloom(r)
	return r, nil
}
