package ethrpc

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/eth/gasestimator"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
)

// CallArgs are the arguments of eth_call and eth_estimateGas, as
// go-ethereum's TransactionArgs minus blobs (the L2 takes no blob
// transactions) and set-code authorizations.
type CallArgs struct {
	From                 *common.Address   `json:"from"`
	To                   *common.Address   `json:"to"`
	Gas                  *hexutil.Uint64   `json:"gas"`
	GasPrice             *hexutil.Big      `json:"gasPrice"`
	MaxFeePerGas         *hexutil.Big      `json:"maxFeePerGas"`
	MaxPriorityFeePerGas *hexutil.Big      `json:"maxPriorityFeePerGas"`
	Value                *hexutil.Big      `json:"value"`
	Nonce                *hexutil.Uint64   `json:"nonce"`
	Data                 *hexutil.Bytes    `json:"data"`
	Input                *hexutil.Bytes    `json:"input"` // preferred over data
	AccessList           *types.AccessList `json:"accessList,omitempty"`
	ChainID              *hexutil.Big      `json:"chainId,omitempty"`
	BlobHashes           []common.Hash     `json:"blobVersionedHashes,omitempty"`
}

func (a *CallArgs) data() []byte {
	if a.Input != nil {
		return *a.Input
	}
	if a.Data != nil {
		return *a.Data
	}
	return nil
}

// defaults fills what a call leaves out, as go-ethereum does: the gas is
// the cap, the fees and value zero.
func (a *CallArgs) defaults(gasCap uint64, chainID *big.Int) error {
	if a.GasPrice != nil && (a.MaxFeePerGas != nil || a.MaxPriorityFeePerGas != nil) {
		return errors.New("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
	}
	if len(a.BlobHashes) > 0 {
		return errors.New("blob transactions are not supported on this chain")
	}
	if a.ChainID != nil && a.ChainID.ToInt().Cmp(chainID) != 0 {
		return fmt.Errorf("chainId does not match node's (have=%v, want=%v)", a.ChainID.ToInt(), chainID)
	}
	if a.Gas == nil {
		a.Gas = (*hexutil.Uint64)(&gasCap)
	} else if uint64(*a.Gas) > gasCap {
		a.Gas = (*hexutil.Uint64)(&gasCap)
	}
	if a.Nonce == nil {
		a.Nonce = new(hexutil.Uint64)
	}
	if a.Value == nil {
		a.Value = new(hexutil.Big)
	}
	if a.MaxFeePerGas == nil {
		a.MaxFeePerGas = new(hexutil.Big)
	}
	if a.MaxPriorityFeePerGas == nil {
		a.MaxPriorityFeePerGas = new(hexutil.Big)
	}
	return nil
}

// message is the call as the state transition takes it; the nonce and the
// sender's code are not checked, and neither is the per-transaction gas cap
// (a call may use up to the RPC's gas cap).
func (a *CallArgs) message(baseFee *big.Int) (*core.Message, error) {
	var price, feeCap, tipCap *uint256.Int
	var overflow bool
	if a.GasPrice != nil {
		if price, overflow = uint256.FromBig(a.GasPrice.ToInt()); overflow {
			return nil, errors.New("gasPrice does not fit in 256 bits")
		}
		feeCap, tipCap = price, price
	} else {
		if feeCap, overflow = uint256.FromBig(a.MaxFeePerGas.ToInt()); overflow {
			return nil, errors.New("maxFeePerGas does not fit in 256 bits")
		}
		if tipCap, overflow = uint256.FromBig(a.MaxPriorityFeePerGas.ToInt()); overflow {
			return nil, errors.New("maxPriorityFeePerGas does not fit in 256 bits")
		}
		price = new(uint256.Int)
		if feeCap.BitLen() > 0 || tipCap.BitLen() > 0 {
			price.Add(tipCap, uint256.MustFromBig(baseFee))
			if price.Cmp(feeCap) > 0 {
				price = feeCap
			}
		}
	}
	value, overflow := uint256.FromBig(a.Value.ToInt())
	if overflow {
		return nil, errors.New("value does not fit in 256 bits")
	}
	var al types.AccessList
	if a.AccessList != nil {
		al = *a.AccessList
	}
	from := common.Address{}
	if a.From != nil {
		from = *a.From
	}
	msg := &core.Message{
		From:       from,
		To:         a.To,
		Value:      value,
		Nonce:      uint64(*a.Nonce),
		GasLimit:   uint64(*a.Gas),
		GasPrice:   price,
		GasFeeCap:  feeCap,
		GasTipCap:  tipCap,
		Data:       a.data(),
		AccessList: al,
	}
	return msg.SkipNonceCheck().SkipEOACheck().SkipGasLimitCapCheck(), nil
}

// StateOverride replaces parts of accounts for one call.
type StateOverride map[common.Address]OverrideAccount

// OverrideAccount is the override of one account; State replaces the whole
// storage, StateDiff changes single slots (not both).
type OverrideAccount struct {
	Nonce            *hexutil.Uint64             `json:"nonce"`
	Code             *hexutil.Bytes              `json:"code"`
	Balance          *hexutil.Big                `json:"balance"`
	State            map[common.Hash]common.Hash `json:"state"`
	StateDiff        map[common.Hash]common.Hash `json:"stateDiff"`
	MovePrecompileTo *common.Address             `json:"movePrecompileToAddress"`
}

// maxOverrideSlots caps the storage slots one call may override.
const maxOverrideSlots = 10_000

func (o StateOverride) apply(st *state.StateDB) error {
	slots := 0
	for _, addr := range slices.SortedFunc(maps.Keys(o), common.Address.Cmp) {
		acc := o[addr]
		if acc.MovePrecompileTo != nil {
			return errors.New("state override movePrecompileToAddress is not supported")
		}
		if acc.State != nil && acc.StateDiff != nil {
			return fmt.Errorf("account %s has both 'state' and 'stateDiff'", addr.Hex())
		}
		if slots += len(acc.State) + len(acc.StateDiff); slots > maxOverrideSlots {
			return &limitError{fmt.Sprintf("state override of more than %d storage slots", maxOverrideSlots)}
		}
		if acc.Nonce != nil {
			st.SetNonce(addr, uint64(*acc.Nonce), tracing.NonceChangeUnspecified)
		}
		if acc.Code != nil {
			st.SetCode(addr, *acc.Code, tracing.CodeChangeUnspecified)
		}
		if acc.Balance != nil {
			b, overflow := uint256.FromBig(acc.Balance.ToInt())
			if overflow {
				return fmt.Errorf("account %s: balance override does not fit in 256 bits", addr.Hex())
			}
			st.SetBalance(addr, b, tracing.BalanceChangeUnspecified)
		}
		if acc.State != nil {
			st.SetStorage(addr, acc.State)
		}
		for k, v := range acc.StateDiff {
			st.SetState(addr, k, v)
		}
	}
	st.Finalise(params.Rules{})
	return nil
}

// revertError is an EVM revert: code 3, the revert data as the error data,
// and the decoded reason in the message when it is an Error(string).
type revertError struct {
	msg  string
	data string
}

func newRevertError(revert []byte) *revertError {
	msg := vm.ErrExecutionReverted.Error()
	if reason, err := abi.UnpackRevert(revert); err == nil {
		msg = fmt.Sprintf("%s: %v", msg, reason)
	}
	return &revertError{msg: msg, data: hexutil.Encode(revert)}
}

func (e *revertError) Error() string  { return e.msg }
func (e *revertError) ErrorCode() int { return 3 }
func (e *revertError) ErrorData() any { return e.data }

// Call is eth_call: the message executed on the state after the selected
// block, in that block's context, never committed.
func (api *ethAPI) Call(ctx context.Context, args CallArgs, bnh *rpc.BlockNumberOrHash, overrides *StateOverride) (hexutil.Bytes, error) {
	st, header, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	if overrides != nil {
		if err := overrides.apply(st); err != nil {
			return nil, err
		}
	}
	if err := args.defaults(api.c.cfg.gasCap, api.c.config().ChainID); err != nil {
		return nil, err
	}
	msg, err := args.message(header.BaseFee)
	if err != nil {
		return nil, err
	}
	res, err := api.c.applyMessage(ctx, st, header, msg)
	if err != nil {
		return nil, err
	}
	if errors.Is(res.Err, vm.ErrExecutionReverted) {
		return nil, newRevertError(res.Revert())
	}
	return res.Return(), res.Err
}

// applyMessage runs msg once with the EVM timeout. A message that pays no
// gas price runs with a zero base fee, as in go-ethereum, so that a call
// without fees is valid.
func (c *chain) applyMessage(ctx context.Context, st *state.StateDB, header *types.Header, msg *core.Message) (*core.ExecutionResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.evmTimeout)
	defer cancel()
	blockCtx := core.NewEVMBlockContext(header, chainContext{c}, &header.Coinbase)
	if msg.GasPrice.Sign() == 0 {
		blockCtx.BaseFee = new(big.Int)
	}
	evm := vm.NewEVM(blockCtx, st, c.config(), vm.Config{NoBaseFee: true})
	defer evm.Release()
	go func() {
		<-ctx.Done()
		evm.Cancel()
	}()
	res, err := core.ApplyMessage(evm, msg, core.NewGasPool(c.cfg.gasCap))
	// NB: an EVM stopped by the deadline returns as if it had succeeded, so
	// the deadline is checked before the result is believed.
	if cerr := ctx.Err(); cerr != nil {
		if errors.Is(cerr, context.DeadlineExceeded) {
			return nil, fmt.Errorf("execution aborted (timeout = %v)", c.cfg.evmTimeout)
		}
		return nil, cerr
	}
	if serr := st.Error(); serr != nil {
		return nil, serr
	}
	if err != nil {
		return nil, fmt.Errorf("err: %w (supplied gas %d)", err, msg.GasLimit)
	}
	return res, nil
}

// estimateErrorRatio is the overestimate the binary search accepts to stop
// early, as in go-ethereum: wallets add a margin anyway.
const estimateErrorRatio = 0.015

// EstimateGas is eth_estimateGas: go-ethereum's binary search over the gas
// limit (eth/gasestimator), capped by the per-transaction limit, the gas
// cap, the sender's balance and the given gas.
func (api *ethAPI) EstimateGas(ctx context.Context, args CallArgs, bnh *rpc.BlockNumberOrHash, overrides *StateOverride) (hexutil.Uint64, error) {
	st, header, err := api.c.state(bnh)
	if err != nil {
		return 0, err
	}
	if overrides != nil {
		if err := overrides.apply(st); err != nil {
			return 0, err
		}
	}
	if args.Gas == nil {
		args.Gas = new(hexutil.Uint64) // 0: search up to the block's limit
	}
	if err := args.defaults(api.c.cfg.gasCap, api.c.config().ChainID); err != nil {
		return 0, err
	}
	msg, err := args.message(header.BaseFee)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, api.c.cfg.evmTimeout)
	defer cancel()
	opts := &gasestimator.Options{
		Config:     api.c.config(),
		Chain:      chainContext{api.c},
		Header:     header,
		State:      st,
		ErrorRatio: estimateErrorRatio,
	}
	gas, revert, err := gasestimator.Estimate(ctx, msg, opts, api.c.cfg.gasCap)
	// NB: an EVM stopped by the deadline returns as if it had succeeded, so
	// the deadline is checked before the result is believed.
	if cerr := ctx.Err(); cerr != nil {
		if errors.Is(cerr, context.DeadlineExceeded) {
			return 0, fmt.Errorf("gas estimation aborted (timeout = %v)", api.c.cfg.evmTimeout)
		}
		return 0, cerr
	}
	if err != nil {
		if errors.Is(err, vm.ErrExecutionReverted) {
			return 0, newRevertError(revert)
		}
		return 0, err
	}
	return hexutil.Uint64(gas), nil
}
