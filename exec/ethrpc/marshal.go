package ethrpc

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// The JSON shapes below are go-ethereum's (internal/ethapi): clients decode
// them into go-ethereum's and their own types, and recompute a block's hash
// from the header fields, so no field may be missing or renamed.

func marshalHeader(h *types.Header) map[string]any {
	out := map[string]any{
		"number":           (*hexutil.Big)(h.Number),
		"hash":             h.Hash(),
		"parentHash":       h.ParentHash,
		"nonce":            h.Nonce,
		"mixHash":          h.MixDigest,
		"sha3Uncles":       h.UncleHash,
		"logsBloom":        h.Bloom,
		"stateRoot":        h.Root,
		"miner":            h.Coinbase,
		"difficulty":       (*hexutil.Big)(h.Difficulty),
		"extraData":        hexutil.Bytes(h.Extra),
		"gasLimit":         hexutil.Uint64(h.GasLimit),
		"gasUsed":          hexutil.Uint64(h.GasUsed),
		"timestamp":        hexutil.Uint64(h.Time),
		"transactionsRoot": h.TxHash,
		"receiptsRoot":     h.ReceiptHash,
	}
	if h.BaseFee != nil {
		out["baseFeePerGas"] = (*hexutil.Big)(h.BaseFee)
	}
	if h.WithdrawalsHash != nil {
		out["withdrawalsRoot"] = h.WithdrawalsHash
	}
	if h.BlobGasUsed != nil {
		out["blobGasUsed"] = hexutil.Uint64(*h.BlobGasUsed)
	}
	if h.ExcessBlobGas != nil {
		out["excessBlobGas"] = hexutil.Uint64(*h.ExcessBlobGas)
	}
	if h.ParentBeaconRoot != nil {
		out["parentBeaconBlockRoot"] = h.ParentBeaconRoot
	}
	if h.RequestsHash != nil {
		out["requestsHash"] = h.RequestsHash
	}
	if h.BlockAccessListHash != nil {
		out["blockAccessListHash"] = h.BlockAccessListHash
	}
	if h.SlotNumber != nil {
		out["slotNumber"] = hexutil.Uint64(*h.SlotNumber)
	}
	return out
}

func marshalBlock(b *types.Block, fullTx bool, cfg *params.ChainConfig) map[string]any {
	out := marshalHeader(b.Header())
	out["size"] = hexutil.Uint64(b.Size())
	txs := b.Transactions()
	list := make([]any, len(txs))
	for i, tx := range txs {
		if fullTx {
			list[i] = newRPCTransaction(tx, b.Hash(), b.NumberU64(), b.Time(), uint64(i), b.BaseFee(), cfg)
		} else {
			list[i] = tx.Hash()
		}
	}
	out["transactions"] = list
	out["uncles"] = []common.Hash{}
	if b.Header().WithdrawalsHash != nil {
		ws := b.Withdrawals()
		if ws == nil {
			ws = types.Withdrawals{}
		}
		out["withdrawals"] = ws
	}
	return out
}

// rpcTransaction is a transaction as go-ethereum's API writes it; the block
// fields are null while it is pending.
type rpcTransaction struct {
	BlockHash         *common.Hash                 `json:"blockHash"`
	BlockNumber       *hexutil.Big                 `json:"blockNumber"`
	BlockTimestamp    *hexutil.Uint64              `json:"blockTimestamp"`
	From              common.Address               `json:"from"`
	Gas               hexutil.Uint64               `json:"gas"`
	GasPrice          *hexutil.Big                 `json:"gasPrice"`
	GasFeeCap         *hexutil.Big                 `json:"maxFeePerGas,omitempty"`
	GasTipCap         *hexutil.Big                 `json:"maxPriorityFeePerGas,omitempty"`
	MaxFeePerBlobGas  *hexutil.Big                 `json:"maxFeePerBlobGas,omitempty"`
	Hash              common.Hash                  `json:"hash"`
	Input             hexutil.Bytes                `json:"input"`
	Nonce             hexutil.Uint64               `json:"nonce"`
	To                *common.Address              `json:"to"`
	TransactionIndex  *hexutil.Uint64              `json:"transactionIndex"`
	Value             *hexutil.Big                 `json:"value"`
	Type              hexutil.Uint64               `json:"type"`
	Accesses          *types.AccessList            `json:"accessList,omitempty"`
	ChainID           *hexutil.Big                 `json:"chainId,omitempty"`
	BlobHashes        []common.Hash                `json:"blobVersionedHashes,omitempty"`
	AuthorizationList []types.SetCodeAuthorization `json:"authorizationList,omitempty"`
	V                 *hexutil.Big                 `json:"v"`
	R                 *hexutil.Big                 `json:"r"`
	S                 *hexutil.Big                 `json:"s"`
	YParity           *hexutil.Uint64              `json:"yParity,omitempty"`
}

// newRPCTransaction describes tx at its place in a block; a zero blockHash
// means pending, and then the gas price of a fee-market transaction is its
// fee cap.
func newRPCTransaction(tx *types.Transaction, blockHash common.Hash, number, time, index uint64, baseFee *big.Int, cfg *params.ChainConfig) *rpcTransaction {
	signer := types.MakeSigner(cfg, new(big.Int).SetUint64(number), time)
	from, _ := types.Sender(signer, tx)
	v, r, s := tx.RawSignatureValues()
	out := &rpcTransaction{
		Type:     hexutil.Uint64(tx.Type()),
		From:     from,
		Gas:      hexutil.Uint64(tx.Gas()),
		GasPrice: (*hexutil.Big)(tx.GasPrice()),
		Hash:     tx.Hash(),
		Input:    hexutil.Bytes(tx.Data()),
		Nonce:    hexutil.Uint64(tx.Nonce()),
		To:       tx.To(),
		Value:    (*hexutil.Big)(tx.Value()),
		V:        (*hexutil.Big)(v),
		R:        (*hexutil.Big)(r),
		S:        (*hexutil.Big)(s),
	}
	if blockHash != (common.Hash{}) {
		out.BlockHash = &blockHash
		out.BlockNumber = (*hexutil.Big)(new(big.Int).SetUint64(number))
		out.BlockTimestamp = (*hexutil.Uint64)(&time)
		out.TransactionIndex = (*hexutil.Uint64)(&index)
	}
	if tx.Type() == types.LegacyTxType {
		if id := tx.ChainId(); id.Sign() != 0 {
			out.ChainID = (*hexutil.Big)(id)
		}
		return out
	}
	al := tx.AccessList()
	yparity := hexutil.Uint64(v.Sign())
	out.Accesses = &al
	out.ChainID = (*hexutil.Big)(tx.ChainId())
	out.YParity = &yparity
	if tx.Type() == types.AccessListTxType {
		return out
	}
	out.GasFeeCap = (*hexutil.Big)(tx.GasFeeCap())
	out.GasTipCap = (*hexutil.Big)(tx.GasTipCap())
	if baseFee != nil && blockHash != (common.Hash{}) {
		out.GasPrice = (*hexutil.Big)(effectiveGasPrice(tx, baseFee))
	} else {
		out.GasPrice = (*hexutil.Big)(tx.GasFeeCap())
	}
	switch tx.Type() {
	case types.BlobTxType:
		out.MaxFeePerBlobGas = (*hexutil.Big)(tx.BlobGasFeeCap())
		out.BlobHashes = tx.BlobHashes()
	case types.SetCodeTxType:
		out.AuthorizationList = tx.SetCodeAuthorizations()
	}
	return out
}

// effectiveGasPrice is min(tip cap + base fee, fee cap).
func effectiveGasPrice(tx *types.Transaction, baseFee *big.Int) *big.Int {
	fee := tx.GasTipCap()
	fee.Add(fee, baseFee)
	if tx.GasFeeCapIntCmp(fee) < 0 {
		return tx.GasFeeCap()
	}
	return fee
}

func marshalReceipt(r *types.Receipt, blockHash common.Hash, number uint64, signer types.Signer, tx *types.Transaction, index int) map[string]any {
	from, _ := types.Sender(signer, tx)
	out := map[string]any{
		"blockHash":         blockHash,
		"blockNumber":       hexutil.Uint64(number),
		"transactionHash":   tx.Hash(),
		"transactionIndex":  hexutil.Uint64(index),
		"from":              from,
		"to":                tx.To(),
		"gasUsed":           hexutil.Uint64(r.GasUsed),
		"cumulativeGasUsed": hexutil.Uint64(r.CumulativeGasUsed),
		"contractAddress":   nil,
		"logs":              r.Logs,
		"logsBloom":         r.Bloom,
		"type":              hexutil.Uint(tx.Type()),
		"effectiveGasPrice": (*hexutil.Big)(r.EffectiveGasPrice),
	}
	if len(r.PostState) > 0 {
		out["root"] = hexutil.Bytes(r.PostState)
	} else {
		out["status"] = hexutil.Uint(r.Status)
	}
	if r.Logs == nil {
		out["logs"] = []*types.Log{}
	}
	if tx.Type() == types.BlobTxType {
		out["blobGasUsed"] = hexutil.Uint64(r.BlobGasUsed)
		out["blobGasPrice"] = (*hexutil.Big)(r.BlobGasPrice)
	}
	if r.ContractAddress != (common.Address{}) {
		out["contractAddress"] = r.ContractAddress
	}
	return out
}
