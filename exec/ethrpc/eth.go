package ethrpc

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// ethAPI is the eth_ namespace. Every exported method is an RPC method.
type ethAPI struct{ c *chain }

// ErrNoTransactions answers eth_sendRawTransaction on a node without a pool.
var ErrNoTransactions = errors.New("this node takes no transactions: send them to a node with a transaction pool")

// ChainId is eth_chainId.
func (api *ethAPI) ChainId() *hexutil.Big {
	return (*hexutil.Big)(api.c.config().ChainID)
}

// BlockNumber is eth_blockNumber: the head.
func (api *ethAPI) BlockNumber() hexutil.Uint64 {
	return hexutil.Uint64(api.c.exec.Head().NumberU64())
}

// Syncing is eth_syncing: a node serves the batches it has executed, so it
// reports false; catching up is visible as a head behind the network's.
func (api *ethAPI) Syncing() (any, error) { return false, nil }

// Accounts is eth_accounts: the node holds no keys.
func (api *ethAPI) Accounts() []common.Address { return []common.Address{} }

// GetBalance is eth_getBalance.
func (api *ethAPI) GetBalance(ctx context.Context, addr common.Address, bnh *rpc.BlockNumberOrHash) (*hexutil.Big, error) {
	st, _, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	b := st.GetBalance(addr).ToBig()
	return (*hexutil.Big)(b), st.Error()
}

// GetTransactionCount is eth_getTransactionCount; at "pending" it is the
// nonce the pool expects next from addr, queued transactions included.
func (api *ethAPI) GetTransactionCount(ctx context.Context, addr common.Address, bnh *rpc.BlockNumberOrHash) (*hexutil.Uint64, error) {
	if bnh != nil && api.c.pool != nil {
		if n, ok := bnh.Number(); ok && n == rpc.PendingBlockNumber {
			nonce := api.c.pool.PendingNonce(addr)
			return (*hexutil.Uint64)(&nonce), nil
		}
	}
	st, _, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	nonce := st.GetNonce(addr)
	return (*hexutil.Uint64)(&nonce), st.Error()
}

// GetCode is eth_getCode.
func (api *ethAPI) GetCode(ctx context.Context, addr common.Address, bnh *rpc.BlockNumberOrHash) (hexutil.Bytes, error) {
	st, _, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	return st.GetCode(addr), st.Error()
}

// GetStorageAt is eth_getStorageAt.
func (api *ethAPI) GetStorageAt(ctx context.Context, addr common.Address, hexKey string, bnh *rpc.BlockNumberOrHash) (hexutil.Bytes, error) {
	key, _, err := decodeStorageKey(hexKey)
	if err != nil {
		return nil, &invalidParamsError{fmt.Sprintf("%v: %q", err, hexKey)}
	}
	st, _, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	v := st.GetState(addr, key)
	return v[:], st.Error()
}

// decodeStorageKey parses a storage key of at most 32 bytes, leniently as
// go-ethereum does: the 0x prefix is optional and an odd length is padded.
func decodeStorageKey(s string) (common.Hash, int, error) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	if len(s)&1 == 1 {
		s = "0" + s
	}
	if len(s) > 64 {
		return common.Hash{}, len(s) / 2, errors.New("storage key too long (want at most 32 bytes)")
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return common.Hash{}, 0, errors.New("invalid hex in storage key")
	}
	return common.BytesToHash(b), len(b), nil
}

// GetBlockByNumber is eth_getBlockByNumber; null beyond the head.
func (api *ethAPI) GetBlockByNumber(ctx context.Context, n rpc.BlockNumber, fullTx bool) (map[string]any, error) {
	b, err := api.c.blockByNumber(n)
	if b == nil || err != nil {
		return nil, err
	}
	return marshalBlock(b, fullTx, api.c.config()), nil
}

// GetBlockByHash is eth_getBlockByHash; null for an unknown hash.
func (api *ethAPI) GetBlockByHash(ctx context.Context, hash common.Hash, fullTx bool) (map[string]any, error) {
	b := api.c.exec.BlockByHash(hash)
	if b == nil {
		return nil, nil
	}
	return marshalBlock(b, fullTx, api.c.config()), nil
}

// GetHeaderByNumber is eth_getHeaderByNumber.
func (api *ethAPI) GetHeaderByNumber(ctx context.Context, n rpc.BlockNumber) (map[string]any, error) {
	h, err := api.c.headerByNumber(n)
	if h == nil || err != nil {
		return nil, err
	}
	return marshalHeader(h), nil
}

// GetHeaderByHash is eth_getHeaderByHash.
func (api *ethAPI) GetHeaderByHash(ctx context.Context, hash common.Hash) map[string]any {
	if h := api.c.exec.HeaderByHash(hash); h != nil {
		return marshalHeader(h)
	}
	return nil
}

// GetBlockTransactionCountByNumber is eth_getBlockTransactionCountByNumber.
func (api *ethAPI) GetBlockTransactionCountByNumber(ctx context.Context, n rpc.BlockNumber) (*hexutil.Uint, error) {
	b, err := api.c.blockByNumber(n)
	if b == nil || err != nil {
		return nil, err
	}
	count := hexutil.Uint(len(b.Transactions()))
	return &count, nil
}

// GetBlockTransactionCountByHash is eth_getBlockTransactionCountByHash.
func (api *ethAPI) GetBlockTransactionCountByHash(ctx context.Context, hash common.Hash) *hexutil.Uint {
	b := api.c.exec.BlockByHash(hash)
	if b == nil {
		return nil
	}
	count := hexutil.Uint(len(b.Transactions()))
	return &count
}

// GetTransactionByBlockNumberAndIndex is eth_getTransactionByBlockNumberAndIndex.
func (api *ethAPI) GetTransactionByBlockNumberAndIndex(ctx context.Context, n rpc.BlockNumber, index hexutil.Uint) (*rpcTransaction, error) {
	b, err := api.c.blockByNumber(n)
	if b == nil || err != nil {
		return nil, err
	}
	return api.txInBlock(b, uint64(index)), nil
}

// GetTransactionByBlockHashAndIndex is eth_getTransactionByBlockHashAndIndex.
func (api *ethAPI) GetTransactionByBlockHashAndIndex(ctx context.Context, hash common.Hash, index hexutil.Uint) *rpcTransaction {
	b := api.c.exec.BlockByHash(hash)
	if b == nil {
		return nil
	}
	return api.txInBlock(b, uint64(index))
}

func (api *ethAPI) txInBlock(b *types.Block, index uint64) *rpcTransaction {
	txs := b.Transactions()
	if index >= uint64(len(txs)) {
		return nil
	}
	return newRPCTransaction(txs[index], b.Hash(), b.NumberU64(), b.Time(), index, b.BaseFee(), api.c.config())
}

// GetUncleCountByBlockNumber is eth_getUncleCountByBlockNumber: always 0.
func (api *ethAPI) GetUncleCountByBlockNumber(ctx context.Context, n rpc.BlockNumber) (*hexutil.Uint, error) {
	b, err := api.c.blockByNumber(n)
	if b == nil || err != nil {
		return nil, err
	}
	zero := hexutil.Uint(0)
	return &zero, nil
}

// GetUncleCountByBlockHash is eth_getUncleCountByBlockHash: always 0.
func (api *ethAPI) GetUncleCountByBlockHash(ctx context.Context, hash common.Hash) *hexutil.Uint {
	if api.c.exec.HeaderByHash(hash) == nil {
		return nil
	}
	zero := hexutil.Uint(0)
	return &zero
}

// GetTransactionByHash is eth_getTransactionByHash: an included
// transaction, else a pooled one with null block fields, else null.
func (api *ethAPI) GetTransactionByHash(ctx context.Context, hash common.Hash) (*rpcTransaction, error) {
	if tx, blockHash, number, index := api.c.exec.Transaction(hash); tx != nil {
		h := api.c.exec.HeaderByHash(blockHash)
		if h == nil {
			return nil, fmt.Errorf("block %s of transaction %s not found", blockHash, hash)
		}
		return newRPCTransaction(tx, blockHash, number, h.Time, index, h.BaseFee, api.c.config()), nil
	}
	if api.c.pool != nil {
		if tx := api.c.pool.Get(hash); tx != nil {
			head := api.c.exec.Head()
			return newRPCTransaction(tx, common.Hash{}, head.NumberU64(), head.Time(), 0, nil, api.c.config()), nil
		}
	}
	return nil, nil
}

// GetRawTransactionByHash is eth_getRawTransactionByHash.
func (api *ethAPI) GetRawTransactionByHash(ctx context.Context, hash common.Hash) (hexutil.Bytes, error) {
	tx, _, _, _ := api.c.exec.Transaction(hash)
	if tx == nil && api.c.pool != nil {
		tx = api.c.pool.Get(hash)
	}
	if tx == nil {
		return nil, nil
	}
	return tx.MarshalBinary()
}

// GetTransactionReceipt is eth_getTransactionReceipt; null until included.
func (api *ethAPI) GetTransactionReceipt(ctx context.Context, hash common.Hash) (map[string]any, error) {
	tx, blockHash, number, index := api.c.exec.Transaction(hash)
	if tx == nil {
		return nil, nil
	}
	rs := api.c.exec.Receipts(blockHash)
	if index >= uint64(len(rs)) {
		return nil, fmt.Errorf("receipt of transaction %s missing from block %d", hash, number)
	}
	return marshalReceipt(rs[index], blockHash, number, api.c.exec.Signer(), tx, int(index)), nil
}

// GetBlockReceipts is eth_getBlockReceipts.
func (api *ethAPI) GetBlockReceipts(ctx context.Context, bnh rpc.BlockNumberOrHash) ([]map[string]any, error) {
	b, err := api.c.block(bnh)
	if b == nil || err != nil {
		return nil, err
	}
	rs := api.c.exec.Receipts(b.Hash())
	txs := b.Transactions()
	if len(txs) != len(rs) {
		return nil, fmt.Errorf("receipts length mismatch: %d vs %d", len(txs), len(rs))
	}
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = marshalReceipt(r, b.Hash(), b.NumberU64(), api.c.exec.Signer(), txs[i], i)
	}
	return out, nil
}

// SendRawTransaction is eth_sendRawTransaction: decode, hand to the pool.
// The pool's errors reach the client as they are (code -32000), with the
// messages wallets recognise.
func (api *ethAPI) SendRawTransaction(ctx context.Context, input hexutil.Bytes) (common.Hash, error) {
	if api.c.pool == nil {
		return common.Hash{}, ErrNoTransactions
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(input); err != nil {
		return common.Hash{}, err
	}
	if err := api.c.pool.Add(tx); err != nil {
		api.c.log.Debug("transaction rejected", "hash", tx.Hash(), "err", err)
		return common.Hash{}, err
	}
	api.c.log.Debug("transaction submitted", "hash", tx.Hash(), "nonce", tx.Nonce(), "to", tx.To())
	return tx.Hash(), nil
}

// invalidParamsError is code -32602.
type invalidParamsError struct{ msg string }

func (e *invalidParamsError) Error() string  { return e.msg }
func (e *invalidParamsError) ErrorCode() int { return -32602 }

// limitError is a query over one of the limits: code -32005, which clients
// (ethers, viem) treat as "narrow the query".
type limitError struct{ msg string }

func (e *limitError) Error() string  { return e.msg }
func (e *limitError) ErrorCode() int { return -32005 }
