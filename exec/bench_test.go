package exec

import (
	"context"
	"math/big"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
)

const (
	benchSenders  = 1000
	benchPerBatch = 10_000
)

// cpuTime is the CPU time this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rawRecoverRate measures this machine's limit: signature recoveries per
// second on all cores, from signatures not recovered before.
//
// It runs two goroutines per core: with one per core the cores sat idle
// part of the time (2–16 % of the ticks, no steal) and the rate came out
// about a tenth lower, in alternating measurements. The likely cause: a
// recovery is a cgo call of about 50 µs, longer than the runtime waits
// before it hands a blocked call's processor on. The node's recovery does
// the same (recoveryWorkers).
func rawRecoverRate(b testing.TB, keys []*DevKey) float64 {
	const n = 20_000
	hashes := make([][]byte, n)
	sigs := make([][]byte, n)
	for i := range n {
		h := crypto.Keccak256([]byte{byte(i), byte(i >> 8), byte(i >> 16)})
		s, err := crypto.Sign(h, keys[i%len(keys)].Key)
		if err != nil {
			b.Fatal(err)
		}
		hashes[i], sigs[i] = h, s
	}
	workers := 2 * runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if _, err := crypto.Ecrecover(hashes[i], sigs[i]); err != nil {
					panic(err)
				}
			}
		})
	}
	wg.Wait()
	return n / time.Since(start).Seconds()
}

type benchChain struct {
	e      *Executor
	keys   []*DevKey
	nonces []uint64
	signer types.Signer
	number uint64
}

func newBenchChain(b *testing.B, cfg Config) *benchChain {
	keys := DevKeys(benchSenders)
	gen := DevGenesis(testChainID, benchSenders)
	gen.GasLimit = 1_000_000_000
	cfg.GasLimit = gen.GasLimit
	e, err := Open(b.TempDir(), gen, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	return &benchChain{e: e, keys: keys, nonces: make([]uint64, len(keys)), signer: types.LatestSignerForChainID(big.NewInt(testChainID))}
}

func (c *benchChain) sign(b *testing.B, i int, to common.Address, value *big.Int, gas uint64, data []byte) *types.Transaction {
	tx, err := types.SignNewTx(c.keys[i].Key, c.signer, &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: c.nonces[i], GasTipCap: gwei(1), GasFeeCap: gwei(100),
		Gas: gas, To: &to, Value: value, Data: data,
	})
	if err != nil {
		b.Fatal(err)
	}
	c.nonces[i]++
	return tx
}

func (c *benchChain) apply(b *testing.B, txs types.Transactions) *Result {
	c.number++
	res, err := c.e.Apply(context.Background(), &Batch{Number: c.number, Time: c.number, FeeRecipient: c.keys[0].Address, Txs: txs})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Dropped) > 0 {
		b.Fatalf("batch %d dropped %d: %s", c.number, len(res.Dropped), res.Dropped[0].Reason)
	}
	return res
}

// BenchmarkExecTransfers applies batches of 10,000 transfers from 1,000
// senders end to end: parallel sender recovery, execution, state root, and
// the commit of block, receipts and state to pebble (the state is flushed
// to disk at the default interval, or after every batch in the
// flush-every-batch row, the strictest setting). It reports
// transfers/s next to this machine's raw signature-recovery rate on all
// cores, measured in the same run. Like ExecERC20 it runs the collector
// at the setting of a node that executes (DefaultGCPercent).
func BenchmarkExecTransfers(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(DefaultGCPercent))
	for _, mode := range []struct {
		name string
		cfg  Config
	}{
		{"fastpath", Config{}},
		{"fastpath-flush-every-batch", Config{FlushInterval: 1}},
		{"evm", Config{DisableFastPath: true}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			c := newBenchChain(b, mode.cfg)
			rng := rand.New(rand.NewPCG(7, 7))
			recipients := make([]common.Address, 10_000)
			for i := range recipients {
				recipients[i] = common.BigToAddress(big.NewInt(int64(0x100000 + i)))
			}
			raw := rawRecoverRate(b, c.keys)
			b.StopTimer()
			batches := make([]*Batch, b.N)
			for i := range batches {
				txs := make(types.Transactions, 0, benchPerBatch)
				for j := range benchPerBatch {
					txs = append(txs, c.sign(b, j%benchSenders, recipients[rng.IntN(len(recipients))], big.NewInt(1+rng.Int64N(1e12)), 21000, nil))
				}
				batches[i] = &Batch{Number: uint64(i + 1), Time: uint64(i + 1), FeeRecipient: c.keys[0].Address, Txs: txs}
			}
			runtime.GC()
			b.ResetTimer()
			b.StartTimer()
			start := time.Now()
			cpu0 := cpuTime()
			// A pipeline, as a node runs it: the senders of the next batch
			// are recovered while the current one executes and commits.
			c.e.Prepare(batches[0])
			for i, batch := range batches {
				if i+1 < len(batches) {
					c.e.Prepare(batches[i+1])
				}
				res, err := c.e.Apply(context.Background(), batch)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Dropped) > 0 {
					b.Fatalf("dropped %s", res.Dropped[0].Reason)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric((cpuTime()-cpu0).Seconds()/elapsed.Seconds(), "cores")
			// The limit, measured again after the run: the machine's speed
			// drifts, and the ratio is taken against the faster of the two
			// measurements (the conservative choice).
			raw = max(raw, rawRecoverRate(b, c.keys))
			rate := float64(b.N*benchPerBatch) / elapsed.Seconds()
			b.ReportMetric(rate, "transfers/s")
			b.ReportMetric(raw, "ecrecover/s")
			b.ReportMetric(rate/raw, "ratio")
		})
	}
}

// BenchmarkExecERC20 applies batches of 10,000 ERC-20 transfers (the
// TestToken contract, through the EVM) from 1,000 senders.
func BenchmarkExecERC20(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(DefaultGCPercent))
	c := newBenchChain(b, Config{FlushInterval: 1})
	art := contracts.MustLoad(contracts.TestToken)
	supply := new(big.Int).Lsh(big.NewInt(1), 200)
	args, err := art.ABI.Pack("", "Bench", "BNC", supply)
	if err != nil {
		b.Fatal(err)
	}
	deployer := 0
	tx, err := types.SignNewTx(c.keys[deployer].Key, c.signer, &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: c.nonces[deployer], GasTipCap: gwei(1), GasFeeCap: gwei(100), Gas: 3_000_000,
		Data: append(append([]byte{}, art.Bytecode...), args...),
	})
	if err != nil {
		b.Fatal(err)
	}
	c.nonces[deployer]++
	res := c.apply(b, types.Transactions{tx})
	token := res.Receipts[0].ContractAddress
	if res.Receipts[0].Status != types.ReceiptStatusSuccessful {
		b.Fatal("token deployment failed")
	}
	// Give every sender tokens.
	var fund types.Transactions
	for i := 1; i < benchSenders; i++ {
		data, _ := art.ABI.Pack("transfer", c.keys[i].Address, new(big.Int).Lsh(big.NewInt(1), 100))
		fund = append(fund, c.sign(b, deployer, token, new(big.Int), 100_000, data))
	}
	c.apply(b, fund)
	raw := rawRecoverRate(b, c.keys)
	rng := rand.New(rand.NewPCG(9, 9))
	var elapsed time.Duration
	b.ResetTimer()
	b.StopTimer()
	for range b.N {
		txs := make(types.Transactions, 0, benchPerBatch)
		for j := range benchPerBatch {
			to := common.BigToAddress(big.NewInt(int64(0x100000 + rng.IntN(10_000))))
			data, _ := art.ABI.Pack("transfer", to, big.NewInt(1+rng.Int64N(1e9)))
			txs = append(txs, c.sign(b, j%benchSenders, token, new(big.Int), 100_000, data))
		}
		b.StartTimer()
		start := time.Now()
		res := c.apply(b, txs)
		elapsed += time.Since(start)
		b.StopTimer()
		if res.FastPath != 0 || res.Receipts[len(res.Receipts)-1].Status != types.ReceiptStatusSuccessful {
			b.Fatal("token transfer failed or took the fast path")
		}
	}
	rate := float64(b.N*benchPerBatch) / elapsed.Seconds()
	b.ReportMetric(rate, "transfers/s")
	b.ReportMetric(raw, "ecrecover/s")
	b.ReportMetric(rate/raw, "ratio")
}
