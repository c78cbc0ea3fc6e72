package ethrpc

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/exec"
)

// chain is what every API reads through: the executor with block tags
// resolved, and the pool, progress and filters beside it. Its methods are
// unexported so that the rpc server registers none of them.
type chain struct {
	exec     *exec.Executor
	pool     exec.TxPool
	progress Progress
	seq      Sequencing
	version  string
	cfg      *config
	log      *slog.Logger
	tips     tipOracle
	filters  *filterSet
	engine   consensus.Engine
	relays   sync.WaitGroup // subscription goroutines
}

func newChain(b Backend, cfg *config, log *slog.Logger) *chain {
	return &chain{
		exec:     b.Exec,
		pool:     b.Pool,
		seq:      b.Sequencing,
		progress: b.Progress,
		version:  b.ClientVersion,
		cfg:      cfg,
		log:      log,
		filters:  newFilterSet(cfg.filterTimeout, cfg.now),
		// NB: every L2 header is a post-merge header (difficulty 0), for
		// which the beacon engine's only use here, Author, is the coinbase;
		// the pre-merge engine it would delegate to is never reached.
		engine: beacon.New(nil),
	}
}

// Errors of block selection.
var (
	errHeaderNotFound = errors.New("header not found")
	errNotCanonical   = errors.New("hash is not currently canonical")
)

// number resolves a block number or tag: latest and pending are the head
// (batches are final when executed; there is no pending block), safe is the
// newest batch committed to L1 and finalized the newest past its challenge
// window, both the head when the node does not know, and earliest is 0.
// A number beyond the head is returned as is.
func (c *chain) number(n rpc.BlockNumber) (uint64, error) {
	head := c.exec.Head().NumberU64()
	switch n {
	case rpc.LatestBlockNumber, rpc.PendingBlockNumber:
		return head, nil
	case rpc.EarliestBlockNumber:
		return 0, nil
	case rpc.SafeBlockNumber:
		if c.progress != nil {
			if m, ok := c.progress.CommittedHead(); ok {
				return min(m, head), nil
			}
		}
		return head, nil
	case rpc.FinalizedBlockNumber:
		if c.progress != nil {
			if m, ok := c.progress.FinalizedHead(); ok {
				return min(m, head), nil
			}
		}
		return head, nil
	}
	if n < 0 {
		return 0, fmt.Errorf("invalid block number %d", n)
	}
	return uint64(n), nil
}

// headerByNumber returns the header at n, or nil when there is none.
func (c *chain) headerByNumber(n rpc.BlockNumber) (*types.Header, error) {
	num, err := c.number(n)
	if err != nil {
		return nil, err
	}
	return c.exec.HeaderByNumber(num), nil
}

// blockByNumber returns the block at n, or nil when there is none.
func (c *chain) blockByNumber(n rpc.BlockNumber) (*types.Block, error) {
	num, err := c.number(n)
	if err != nil {
		return nil, err
	}
	if num > c.exec.Head().NumberU64() {
		return nil, nil
	}
	return c.exec.BlockByNumber(num), nil
}

// header resolves a block selector to a header; a missing block is an error
// (state methods cannot answer null).
func (c *chain) header(bnh rpc.BlockNumberOrHash) (*types.Header, error) {
	if hash, ok := bnh.Hash(); ok {
		h := c.exec.HeaderByHash(hash)
		if h == nil {
			return nil, fmt.Errorf("header for hash %s not found", hash)
		}
		if bnh.RequireCanonical {
			if ch := c.exec.HeaderByNumber(h.Number.Uint64()); ch == nil || ch.Hash() != hash {
				return nil, errNotCanonical
			}
		}
		return h, nil
	}
	n, ok := bnh.Number()
	if !ok {
		return nil, errors.New("invalid arguments; neither block nor hash specified")
	}
	h, err := c.headerByNumber(n)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errHeaderNotFound
	}
	return h, nil
}

// block resolves a block selector to a block, or nil when there is none.
func (c *chain) block(bnh rpc.BlockNumberOrHash) (*types.Block, error) {
	if hash, ok := bnh.Hash(); ok {
		b := c.exec.BlockByHash(hash)
		if b != nil && bnh.RequireCanonical {
			if ch := c.exec.HeaderByNumber(b.NumberU64()); ch == nil || ch.Hash() != hash {
				return nil, errNotCanonical
			}
		}
		return b, nil
	}
	n, ok := bnh.Number()
	if !ok {
		return nil, errors.New("invalid arguments; neither block nor hash specified")
	}
	return c.blockByNumber(n)
}

// state opens the state after the selected block. A block whose state left
// the kept history is an error that says so (exec.ErrStatePruned).
func (c *chain) state(bnh *rpc.BlockNumberOrHash) (*state.StateDB, *types.Header, error) {
	sel := rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber)
	if bnh != nil {
		sel = *bnh
	}
	h, err := c.header(sel)
	if err != nil {
		return nil, nil, err
	}
	st, err := c.exec.StateAt(h)
	if err != nil {
		return nil, nil, err
	}
	return st, h, nil
}

// status is how far batch n has got: final (executed), available,
// committed or finalized.
func (c *chain) status(n uint64) string {
	p := c.progress
	if p == nil {
		return "final"
	}
	if f, ok := p.FinalizedHead(); ok && n <= f {
		return "finalized"
	}
	if m, ok := p.CommittedHead(); ok && n <= m {
		return "committed"
	}
	if avail, known := p.Available(n); known && avail {
		return "available"
	}
	return "final"
}

func (c *chain) config() *params.ChainConfig { return c.exec.ChainConfig() }

// chainContext gives the EVM the chain's headers (BLOCKHASH) and the
// block's author.
type chainContext struct{ c *chain }

func (cc chainContext) Config() *params.ChainConfig              { return cc.c.exec.ChainConfig() }
func (cc chainContext) CurrentHeader() *types.Header             { return cc.c.exec.Head().Header() }
func (cc chainContext) GetHeaderByNumber(n uint64) *types.Header { return cc.c.exec.HeaderByNumber(n) }
func (cc chainContext) GetHeaderByHash(h common.Hash) *types.Header {
	return cc.c.exec.HeaderByHash(h)
}
func (cc chainContext) Engine() consensus.Engine { return cc.c.engine }
func (cc chainContext) GetHeader(h common.Hash, n uint64) *types.Header {
	hd := cc.c.exec.HeaderByHash(h)
	if hd == nil || hd.Number.Uint64() != n {
		return nil
	}
	return hd
}
