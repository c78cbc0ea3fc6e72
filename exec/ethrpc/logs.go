package ethrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// FilterQuery is the filter object of eth_getLogs, eth_newFilter and the
// logs subscription, decoded as go-ethereum decodes it: address is one
// address or a list, topics a list of positions each null (any), one topic
// or a list of alternatives, and blockHash excludes fromBlock and toBlock.
type FilterQuery struct {
	BlockHash *common.Hash
	FromBlock *rpc.BlockNumber // nil: latest
	ToBlock   *rpc.BlockNumber // nil: latest
	Addresses []common.Address
	Topics    [][]common.Hash // per position, any of; an empty position matches all
}

// Caps of one filter: go-ethereum's for topics, ours for addresses.
const (
	maxTopics       = 4
	maxSubTopics    = 1000
	maxLogAddresses = 1000
)

// UnmarshalJSON decodes and checks a filter object.
func (q *FilterQuery) UnmarshalJSON(data []byte) error {
	var raw struct {
		BlockHash *common.Hash      `json:"blockHash"`
		FromBlock *rpc.BlockNumber  `json:"fromBlock"`
		ToBlock   *rpc.BlockNumber  `json:"toBlock"`
		Addresses json.RawMessage   `json:"address"`
		Topics    []json.RawMessage `json:"topics"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*q = FilterQuery{BlockHash: raw.BlockHash, FromBlock: raw.FromBlock, ToBlock: raw.ToBlock}
	if raw.BlockHash != nil && (raw.FromBlock != nil || raw.ToBlock != nil) {
		return errors.New("cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other")
	}
	if len(raw.Addresses) > 0 && string(raw.Addresses) != "null" {
		var one common.Address
		if err := json.Unmarshal(raw.Addresses, &one); err == nil {
			q.Addresses = []common.Address{one}
		} else if err := json.Unmarshal(raw.Addresses, &q.Addresses); err != nil {
			return fmt.Errorf("invalid address in filter: %w", err)
		}
	}
	if len(q.Addresses) > maxLogAddresses {
		return fmt.Errorf("%d addresses in the filter, at most %d", len(q.Addresses), maxLogAddresses)
	}
	if len(raw.Topics) > maxTopics {
		return errors.New("exceed max topics")
	}
	q.Topics = make([][]common.Hash, len(raw.Topics))
	for i, t := range raw.Topics {
		if len(t) == 0 || string(t) == "null" {
			continue
		}
		var one common.Hash
		if err := json.Unmarshal(t, &one); err == nil {
			q.Topics[i] = []common.Hash{one}
			continue
		}
		var alts []*common.Hash
		if err := json.Unmarshal(t, &alts); err != nil {
			return fmt.Errorf("invalid topic(s) at position %d: %w", i, err)
		}
		if len(alts) > maxSubTopics {
			return errors.New("exceed max topics")
		}
		for _, a := range alts {
			if a == nil { // a null alternative matches anything
				q.Topics[i] = nil
				break
			}
			q.Topics[i] = append(q.Topics[i], *a)
		}
	}
	return nil
}

// logQuery is a parsed log filter. eth_getLogs, the log filters and the logs
// subscription share it.
type logQuery struct {
	blockHash *common.Hash
	from, to  *rpc.BlockNumber // nil is latest
	addresses []common.Address
	topics    [][]common.Hash
}

func newLogQuery(f FilterQuery) logQuery {
	return logQuery{blockHash: f.BlockHash, from: f.FromBlock, to: f.ToBlock, addresses: f.Addresses, topics: f.Topics}
}

// matches reports whether the log passes the address and topic filter.
func (q *logQuery) matches(l *types.Log) bool {
	if len(q.addresses) > 0 && !slices.Contains(q.addresses, l.Address) {
		return false
	}
	if len(q.topics) > len(l.Topics) {
		return false
	}
	for i, alts := range q.topics {
		if len(alts) > 0 && !slices.Contains(alts, l.Topics[i]) {
			return false
		}
	}
	return true
}

// mayMatch reports whether a block with this bloom can hold a matching log.
func (q *logQuery) mayMatch(bloom types.Bloom) bool {
	if len(q.addresses) > 0 && !slices.ContainsFunc(q.addresses, func(a common.Address) bool { return bloom.Test(a.Bytes()) }) {
		return false
	}
	for _, alts := range q.topics {
		if len(alts) > 0 && !slices.ContainsFunc(alts, func(t common.Hash) bool { return bloom.Test(t.Bytes()) }) {
			return false
		}
	}
	return true
}

// blockRange resolves the query's range against the head: both ends
// default to latest, the range must be ordered, span at most
// MaxLogBlockRange blocks and end at the head at the latest.
func (c *chain) blockRange(q *logQuery) (uint64, uint64, error) {
	resolve := func(n *rpc.BlockNumber) (uint64, error) {
		if n == nil {
			return c.number(rpc.LatestBlockNumber)
		}
		return c.number(*n)
	}
	from, err := resolve(q.from)
	if err != nil {
		return 0, 0, err
	}
	to, err := resolve(q.to)
	if err != nil {
		return 0, 0, err
	}
	if from > to {
		return 0, 0, &invalidParamsError{"invalid block range params"}
	}
	if to-from+1 > MaxLogBlockRange {
		return 0, 0, &limitError{fmt.Sprintf("block range too large: %d blocks, at most %d per query", to-from+1, MaxLogBlockRange)}
	}
	if to > c.exec.Head().NumberU64() {
		return 0, 0, &invalidParamsError{"block range extends beyond current head block"}
	}
	return from, to, nil
}

// logsIn appends to out the matching logs of blocks from..to, skipping the
// blocks whose bloom rules them out, and stops with an error beyond
// MaxLogResults.
func (c *chain) logsIn(ctx context.Context, q *logQuery, from, to uint64, out []*types.Log) ([]*types.Log, error) {
	for n := from; n <= to; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h := c.exec.HeaderByNumber(n)
		if h == nil {
			return nil, fmt.Errorf("block %d not found", n)
		}
		var err error
		if out, err = c.blockLogs(q, h, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *chain) blockLogs(q *logQuery, h *types.Header, out []*types.Log) ([]*types.Log, error) {
	if !q.mayMatch(h.Bloom) {
		return out, nil
	}
	for _, r := range c.exec.Receipts(h.Hash()) {
		for _, l := range r.Logs {
			if !q.matches(l) {
				continue
			}
			if len(out) == MaxLogResults {
				return nil, &limitError{fmt.Sprintf("query returned more than %d results: narrow the block range or the filter", MaxLogResults)}
			}
			out = append(out, l)
		}
	}
	return out, nil
}

// logs runs a query once: one block by hash, or a range.
func (c *chain) logs(ctx context.Context, q *logQuery) ([]*types.Log, error) {
	out := []*types.Log{}
	if q.blockHash != nil {
		h := c.exec.HeaderByHash(*q.blockHash)
		if h == nil {
			return nil, fmt.Errorf("unknown block %s", *q.blockHash)
		}
		return c.blockLogs(q, h, out)
	}
	from, to, err := c.blockRange(q)
	if err != nil {
		return nil, err
	}
	return c.logsIn(ctx, q, from, to, out)
}

// GetLogs is eth_getLogs.
func (api *ethAPI) GetLogs(ctx context.Context, f FilterQuery) ([]*types.Log, error) {
	q := newLogQuery(f)
	return api.c.logs(ctx, &q)
}
