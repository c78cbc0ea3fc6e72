package devnet

import (
	"context"
	"io"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

// BenchmarkDepositToL2 measures deposit → L2 balance on a devnet with the
// embedded L1: from the moment the deposit's L1 receipt is seen to the
// moment the recipient's L2 balance shows it, through the sequencers'
// deposit feeds (1 confirmation, a leader margin of 1 block) and BFT
// finality. The floor in the same run is the wait the protocol imposes
// after the deposit's block: one confirmation block and one margin block,
// reported as floor-ms.
func BenchmarkDepositToL2(b *testing.B) {
	ctx := context.Background()
	s := Spec{
		Dir: b.TempDir(), Network: "devnet", Sequencers: 4, Validators: 2, Relayers: 1,
		Slot: 500 * time.Millisecond, L1Block: 500 * time.Millisecond, OutputInterval: 8,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	d, err := Start(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	l1, err := bridge.Dial(ctx, d.L1.HTTPURL(), bridge.WithPollInterval(10*time.Millisecond))
	if err != nil {
		b.Fatal(err)
	}
	defer l1.Close()
	l2, err := ethclient.Dial(d.RPC().Node.RPCURL())
	if err != nil {
		b.Fatal(err)
	}
	defer l2.Close()
	user := exec.DevKeys(8)[7]
	chainID, err := l1.ChainID(ctx)
	if err != nil {
		b.Fatal(err)
	}
	nonce, err := l1.PendingNonceAt(ctx, user.Address)
	if err != nil {
		b.Fatal(err)
	}
	br := bindings.NewBridge()
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		k, _ := ethcrypto.GenerateKey()
		to := ethcrypto.PubkeyToAddress(k.PublicKey)
		tx, err := types.SignNewTx(user.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 150_000,
			To: &d.Contracts.Bridge, Value: ether(1), Data: br.PackDepositETH(to, 0, nil),
		})
		if err != nil {
			b.Fatal(err)
		}
		nonce++
		if err := l1.SendTransaction(ctx, tx); err != nil {
			b.Fatal(err)
		}
		// The receipt, asked for every 10 ms: when the deposit was mined.
		if rec, err := l1.WaitReceipt(ctx, tx.Hash()); err != nil || rec.Status != types.ReceiptStatusSuccessful {
			b.Fatalf("deposit on L1: %v", err)
		}
		mined := time.Now()
		for {
			bal, err := l2.BalanceAt(ctx, to, nil)
			if err != nil {
				b.Fatal(err)
			}
			if bal.Sign() > 0 {
				break
			}
			if time.Since(mined) > time.Minute {
				b.Fatal("deposit not on L2 within a minute")
			}
			time.Sleep(10 * time.Millisecond)
		}
		total += time.Since(mined)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-L2/op")
	b.ReportMetric(float64((2 * s.L1Block).Milliseconds()), "floor-ms")
}
