package node

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/l2node/l2node/exec"
)

// TestTransactionFlowsToTheSealer sends a transfer to the JSON-RPC of a
// validator, which checks it and gossips it; the sequencer running the dev
// sealer pools it and includes it in a batch.
func TestTransactionFlowsToTheSealer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three libp2p hosts")
	}
	boot := loopbackNode(t, "bootstrap")
	baddr := boot.Host().Addrs()[0].String()
	seq := loopbackNodeWith(t, "sequencer", map[string]string{"exec.dev_sealer": "true", "exec.dev_slot": "200ms"}, baddr)
	val := loopbackNode(t, "validator", baddr)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Wait for the tx topic's mesh between the two.
	for seq.TxTopic().MeshPeers() == 0 || val.TxTopic().MeshPeers() == 0 {
		select {
		case <-ctx.Done():
			t.Fatal("no tx topic mesh")
		case <-time.After(100 * time.Millisecond):
		}
	}
	c, err := ethclient.DialContext(ctx, val.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	key := exec.DevKeys(1)[0]
	to := common.HexToAddress("0x000000000000000000000000000000000000f10e")
	chainID := big.NewInt(DefaultChainID)
	tx, err := types.SignNewTx(key.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(10e9), Gas: 21000, To: &to, Value: big.NewInt(77),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	// The validator cannot include it (no sealer, no consensus yet); the
	// sequencer's chain does.
	for {
		if r := seq.Exec().Receipt(tx.Hash()); r != nil {
			if r.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("status %d", r.Status)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the transfer never reached the sealer's chain")
		case <-time.After(100 * time.Millisecond):
		}
	}
	// A stale resend is refused with the wallet-facing message.
	if err := c.SendTransaction(ctx, tx); err == nil {
		t.Fatal("a duplicate was accepted")
	}
}
