package bridge

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// L1 is what the relayer and the validator need of the L1 chain: sending
// transactions, calls, logs, headers, balances, nonces and fee suggestions
// (bind.ContractBackend, so the abigen bindings run over it), and waiting for
// receipts. NewSimulated and Dial implement it.
type L1 interface {
	bind.ContractBackend
	bind.DeployBackend

	// ChainID is the L1's chain ID, for signing.
	ChainID(ctx context.Context) (*big.Int, error)
	// BlockNumber is the number of the L1's head.
	BlockNumber(ctx context.Context) (uint64, error)
	// BalanceAt is account's balance at block (nil: the head).
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	// NonceAt is account's nonce at block (nil: the head).
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)

	// WaitReceipt waits until the transaction is in a block and returns its
	// receipt, whatever its status.
	WaitReceipt(ctx context.Context, tx common.Hash) (*types.Receipt, error)
	// ConfirmedLogs returns the logs matching q in blocks with at least
	// confirmations blocks on top of them (0: up to the head), and the last
	// block it searched: the logs up to it are complete, so a caller resumes
	// from the next one. q.ToBlock, if set, bounds the search further;
	// q.BlockHash must not be set.
	ConfirmedLogs(ctx context.Context, q ethereum.FilterQuery, confirmations uint64) ([]types.Log, uint64, error)

	// Close releases the connection (and, for the simulated chain, stops it).
	Close() error
}

// ErrNothingConfirmed is returned by ConfirmedLogs when the chain is not yet
// deeper than the confirmations asked for, or q.FromBlock is above the last
// confirmed block.
var ErrNothingConfirmed = errors.New("bridge: no confirmed blocks in range")

// DefaultPollInterval is how often Dial's WaitReceipt asks for a receipt.
const DefaultPollInterval = 500 * time.Millisecond

// client is the part of go-ethereum's ethclient both implementations use; the
// simulated backend's client offers exactly this.
type client = simulated.Client

// rpcL1 implements L1 over a client: an ethclient, or the simulated
// backend's in-process one.
type rpcL1 struct {
	client
	poll  time.Duration
	close func() error
}

// DialOption configures Dial.
type DialOption func(*rpcL1)

// WithPollInterval sets how often WaitReceipt asks for a receipt.
func WithPollInterval(d time.Duration) DialOption {
	return func(r *rpcL1) { r.poll = d }
}

// Dial connects to an L1 over JSON-RPC (http, ws or ipc).
func Dial(ctx context.Context, url string, opts ...DialOption) (L1, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("bridge: dial L1 %s: %w", url, err)
	}
	r := &rpcL1{client: c, poll: DefaultPollInterval, close: func() error { c.Close(); return nil }}
	for _, o := range opts {
		o(r)
	}
	return r, nil
}

func (r *rpcL1) WaitReceipt(ctx context.Context, tx common.Hash) (*types.Receipt, error) {
	t := time.NewTicker(r.poll)
	defer t.Stop()
	for {
		rec, err := r.TransactionReceipt(ctx, tx)
		if err == nil {
			return rec, nil
		}
		// NB: a node still indexing transactions answers with an error of
		// its own rather than "not found"; both mean "ask again".
		if !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "transaction indexing is in progress") {
			return nil, fmt.Errorf("bridge: receipt of %s: %w", tx, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("bridge: waiting for %s: %w", tx, ctx.Err())
		case <-t.C:
		}
	}
}

func (r *rpcL1) ConfirmedLogs(ctx context.Context, q ethereum.FilterQuery, confirmations uint64) ([]types.Log, uint64, error) {
	if q.BlockHash != nil {
		return nil, 0, errors.New("bridge: ConfirmedLogs takes a block range, not a block hash")
	}
	head, err := r.BlockNumber(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bridge: L1 head: %w", err)
	}
	if head < confirmations {
		return nil, 0, ErrNothingConfirmed
	}
	last := head - confirmations
	if q.ToBlock != nil && q.ToBlock.Sign() >= 0 && q.ToBlock.Uint64() < last {
		last = q.ToBlock.Uint64()
	}
	if q.FromBlock != nil && q.FromBlock.Uint64() > last {
		return nil, 0, ErrNothingConfirmed
	}
	q.ToBlock = new(big.Int).SetUint64(last)
	logs, err := r.FilterLogs(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("bridge: logs up to block %d: %w", last, err)
	}
	return logs, last, nil
}

func (r *rpcL1) Close() error { return r.close() }

var (
	_ L1 = (*rpcL1)(nil)
	_ L1 = (*Simulated)(nil)
)
