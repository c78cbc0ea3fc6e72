package node

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/l2node/l2node/exec"
)

// BenchmarkFinality measures, on loopback at 1 s slots, the time from a
// transaction's arrival at a sequencer's JSON-RPC to its batch being final
// and executed on that node, for 4 and 16 sequencers in this one process.
// Transactions arrive every 370 ms, so their arrival is spread over the
// slot's phase. The reference in the same run is the slot itself: a
// transaction waits half a slot for the next proposal on average, then two
// message rounds (votes, then finalizes) make the batch final.
// Run with -benchtime 1x: each run sends 40 transactions.
func BenchmarkFinality(b *testing.B) {
	for _, n := range []int{4, 16} {
		b.Run(fmt.Sprintf("sequencers=%d", n), func(b *testing.B) {
			var lat []time.Duration
			for range b.N {
				lat = append(lat, finalityRun(b, n, 40)...)
			}
			slices.Sort(lat)
			p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
			b.ReportMetric(p(0.5).Seconds()*1000, "p50-ms")
			b.ReportMetric(p(0.99).Seconds()*1000, "p99-ms")
			b.ReportMetric(1000, "slot-ms")
			b.ReportMetric(p(0.5).Seconds(), "p50/slot")
		})
	}
}

func finalityRun(b *testing.B, n, txs int) []time.Duration {
	seqs, _ := sequencerNet(b, n, map[string]string{"sequencing.slot": "1s", "sequencing.view_timeout": "3s"})
	waitHeight(b, "warm-up", seqs, 3, 2*time.Minute)
	c, err := ethclient.Dial(seqs[0].RPCURL())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	key := exec.DevKeys(1)[0]
	chainID := big.NewInt(DefaultChainID)
	to := common.HexToAddress("0x0000000000000000000000000000000000000b0b")
	var out []time.Duration
	for i := range txs {
		tx, _ := types.SignNewTx(key.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: uint64(i), GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &to, Value: big.NewInt(1),
		})
		start := time.Now()
		if err := c.SendTransaction(context.Background(), tx); err != nil {
			b.Fatal(err)
		}
		for seqs[0].Exec().Receipt(tx.Hash()) == nil {
			if time.Since(start) > time.Minute {
				b.Fatalf("transaction %d not final after a minute", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		out = append(out, time.Since(start))
		time.Sleep(370 * time.Millisecond)
	}
	return out
}
