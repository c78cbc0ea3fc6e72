package ethrpc

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// The tip suggestion (eth_maxPriorityFeePerGas, and the tip part of
// eth_gasPrice): the tipPercentile-th percentile of the effective tips paid
// by recent transactions, where each of the last tipBlocks blocks
// contributes the tipSample lowest tips it included (so that a few generous
// senders do not drag the suggestion up), never below MinSuggestedTip nor
// above MaxSuggestedTip. Blocks without transactions contribute nothing; with
// no samples at all the suggestion is MinSuggestedTip. This is go-ethereum's
// oracle rule with an L2's floor: batches are rarely full here, so the
// inclusion price is the base fee and a token tip.
const (
	tipBlocks     = 20
	tipSample     = 3
	tipPercentile = 60
)

var (
	// MinSuggestedTip is the floor of the suggested tip: 1 wei.
	MinSuggestedTip = big.NewInt(1)
	// MaxSuggestedTip caps the suggested tip: 500 gwei.
	MaxSuggestedTip = new(big.Int).Mul(big.NewInt(500), big.NewInt(params.GWei))
)

// tipOracle caches the suggestion per head.
type tipOracle struct {
	mu   sync.Mutex
	head common.Hash
	tip  *big.Int
}

func (c *chain) suggestTip() *big.Int {
	head := c.exec.Head()
	c.tips.mu.Lock()
	defer c.tips.mu.Unlock()
	if c.tips.head == head.Hash() && c.tips.tip != nil {
		return new(big.Int).Set(c.tips.tip)
	}
	var samples []*big.Int
	for i := uint64(0); i < tipBlocks && i <= head.NumberU64(); i++ {
		b := head
		if i > 0 {
			if b = c.exec.BlockByNumber(head.NumberU64() - i); b == nil {
				break
			}
		}
		tips := make([]*big.Int, 0, len(b.Transactions()))
		for _, tx := range b.Transactions() {
			if tip, err := tx.EffectiveGasTip(b.BaseFee()); err == nil {
				tips = append(tips, tip)
			}
		}
		slices.SortFunc(tips, (*big.Int).Cmp)
		samples = append(samples, tips[:min(len(tips), tipSample)]...)
	}
	tip := new(big.Int).Set(MinSuggestedTip)
	if len(samples) > 0 {
		slices.SortFunc(samples, (*big.Int).Cmp)
		tip.Set(samples[(len(samples)-1)*tipPercentile/100])
	}
	if tip.Cmp(MinSuggestedTip) < 0 {
		tip.Set(MinSuggestedTip)
	}
	if tip.Cmp(MaxSuggestedTip) > 0 {
		tip.Set(MaxSuggestedTip)
	}
	c.tips.head, c.tips.tip = head.Hash(), tip
	return new(big.Int).Set(tip)
}

// GasPrice is eth_gasPrice: the next batch's base fee plus the suggested
// tip, the price a legacy transaction should offer.
func (api *ethAPI) GasPrice(ctx context.Context) *hexutil.Big {
	p := api.c.suggestTip()
	return (*hexutil.Big)(p.Add(p, api.c.exec.NextBaseFee()))
}

// MaxPriorityFeePerGas is eth_maxPriorityFeePerGas: the suggested tip.
func (api *ethAPI) MaxPriorityFeePerGas(ctx context.Context) *hexutil.Big {
	return (*hexutil.Big)(api.c.suggestTip())
}

// BaseFee is eth_baseFee (go-ethereum's extension): the next batch's base fee.
func (api *ethAPI) BaseFee(ctx context.Context) *hexutil.Big {
	return (*hexutil.Big)(api.c.exec.NextBaseFee())
}

type feeHistoryResult struct {
	OldestBlock  *hexutil.Big     `json:"oldestBlock"`
	Reward       [][]*hexutil.Big `json:"reward,omitempty"`
	BaseFee      []*hexutil.Big   `json:"baseFeePerGas,omitempty"`
	GasUsedRatio []float64        `json:"gasUsedRatio"`
}

var errInvalidPercentile = errors.New("invalid reward percentile")

// FeeHistory is eth_feeHistory: for blockCount blocks up to lastBlock, the
// base fee (and the next batch's after the last), the gas used ratio and,
// per block, the requested percentiles of the effective tips weighted by
// the gas each transaction used. Blob fields are left out: the chain takes
// no blob transactions.
// The percentiles may be left out or null (go-ethereum insists on them).
func (api *ethAPI) FeeHistory(ctx context.Context, blockCount math.HexOrDecimal64, lastBlock rpc.BlockNumber, rewardPercentiles *[]float64) (*feeHistoryResult, error) {
	var percentiles []float64
	if rewardPercentiles != nil {
		percentiles = *rewardPercentiles
	}
	if len(percentiles) > 100 {
		return nil, fmt.Errorf("%w: over the query limit 100", errInvalidPercentile)
	}
	for i, p := range percentiles {
		if p < 0 || p > 100 {
			return nil, fmt.Errorf("%w: %f", errInvalidPercentile, p)
		}
		if i > 0 && p <= percentiles[i-1] {
			return nil, fmt.Errorf("%w: #%d:%f >= #%d:%f", errInvalidPercentile, i-1, percentiles[i-1], i, p)
		}
	}
	if blockCount == 0 {
		return &feeHistoryResult{OldestBlock: (*hexutil.Big)(new(big.Int)), GasUsedRatio: []float64{}}, nil
	}
	count := min(uint64(blockCount), MaxFeeHistory)
	head := api.c.exec.Head().NumberU64()
	last, err := api.c.number(lastBlock)
	if err != nil {
		return nil, err
	}
	if last > head {
		return nil, fmt.Errorf("request beyond head block: requested %d, head %d", last, head)
	}
	count = min(count, last+1)
	oldest := last + 1 - count
	res := &feeHistoryResult{
		OldestBlock:  (*hexutil.Big)(new(big.Int).SetUint64(oldest)),
		BaseFee:      make([]*hexutil.Big, 0, count+1),
		GasUsedRatio: make([]float64, 0, count),
	}
	if len(percentiles) > 0 {
		res.Reward = make([][]*hexutil.Big, 0, count)
	}
	for n := oldest; n <= last; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h := api.c.exec.HeaderByNumber(n)
		if h == nil {
			return nil, fmt.Errorf("block %d not found", n)
		}
		res.BaseFee = append(res.BaseFee, (*hexutil.Big)(h.BaseFee))
		res.GasUsedRatio = append(res.GasUsedRatio, float64(h.GasUsed)/float64(h.GasLimit))
		if len(percentiles) > 0 {
			rewards, err := api.blockRewards(h, percentiles)
			if err != nil {
				return nil, err
			}
			res.Reward = append(res.Reward, rewards)
		}
	}
	next := api.c.exec.NextBaseFee()
	if last < head {
		next = api.c.exec.HeaderByNumber(last + 1).BaseFee
	}
	res.BaseFee = append(res.BaseFee, (*hexutil.Big)(next))
	return res, nil
}

// blockRewards is go-ethereum's rule: sort the block's transactions by
// effective tip, and for percentile p take the tip of the transaction at
// which the running sum of gas used reaches p% of the block's gas used.
func (api *ethAPI) blockRewards(h *types.Header, percentiles []float64) ([]*hexutil.Big, error) {
	out := make([]*hexutil.Big, len(percentiles))
	b := api.c.exec.BlockByHash(h.Hash())
	if b == nil {
		return nil, fmt.Errorf("block %d not found", h.Number)
	}
	txs := b.Transactions()
	if len(txs) == 0 {
		for i := range out {
			out[i] = (*hexutil.Big)(new(big.Int))
		}
		return out, nil
	}
	rs := api.c.exec.Receipts(b.Hash())
	if len(rs) != len(txs) {
		return nil, fmt.Errorf("block %d: %d receipts for %d transactions", b.NumberU64(), len(rs), len(txs))
	}
	type gasAndTip struct {
		gas uint64
		tip *big.Int
	}
	sorted := make([]gasAndTip, len(txs))
	for i, tx := range txs {
		tip, _ := tx.EffectiveGasTip(b.BaseFee())
		sorted[i] = gasAndTip{rs[i].GasUsed, tip}
	}
	slices.SortStableFunc(sorted, func(a, b gasAndTip) int { return a.tip.Cmp(b.tip) })
	idx, sum := 0, sorted[0].gas
	for i, p := range percentiles {
		threshold := uint64(float64(b.GasUsed()) * p / 100)
		for sum < threshold && idx < len(sorted)-1 {
			idx++
			sum += sorted[idx].gas
		}
		out[i] = (*hexutil.Big)(sorted[idx].tip)
	}
	return out, nil
}
