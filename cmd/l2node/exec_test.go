package main

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
)

// TestDevChainThroughBinary runs a single-node dev chain (`l2node run` with
// the dev sealer), sends a transfer through JSON-RPC with go-ethereum's
// ethclient, kills the process with SIGKILL, restarts it, and finds the
// transfer and the chain intact.
func TestDevChainThroughBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := filepath.Join(t.TempDir(), "dev")
	metrics, rpcPort := freePort(t), freePort(t)
	args := initArgs(dir, "sequencer", freePort(t), metrics, "")
	args = append(args, "--rpc-addr", fmt.Sprintf("127.0.0.1:%d", rpcPort), "--set", "exec.dev_sealer=true", "--set", "exec.dev_slot=200ms")
	if r := l2node(t, nil, args...); r.code != 0 {
		t.Fatalf("init: %s", r.stderr)
	}
	p := startProc(t, "dev", dir, metrics)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d", rpcPort)
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	chainID, err := c.ChainID(ctx)
	if err != nil || chainID.Uint64() != node.DefaultChainID {
		t.Fatalf("chain ID %v, %v", chainID, err)
	}
	key := exec.DevKeys(1)[0]
	to := common.HexToAddress("0x00000000000000000000000000000000c0ffee01")
	tip, err := c.SuggestGasTipCap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx, err := types.SignNewTx(key.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: 0, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21000, To: &to, Value: big.NewInt(12345),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	var receipt *types.Receipt
	waitFor(t, "the transfer's receipt", time.Minute, func() (bool, string) {
		receipt, err = c.TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			return false, err.Error()
		}
		return true, ""
	})
	if receipt.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("receipt status %d", receipt.Status)
	}
	c.Close()

	// SIGKILL, then restart on the same datadir.
	p.cmd.Process.Kill()
	<-p.done
	startProc(t, "dev-restarted", dir, metrics)
	c, err = ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	bal, err := c.BalanceAt(ctx, to, nil)
	if err != nil || bal.Int64() != 12345 {
		t.Fatalf("balance after restart %v, %v", bal, err)
	}
	again, err := c.TransactionReceipt(ctx, tx.Hash())
	if err != nil || again.BlockHash != receipt.BlockHash {
		t.Fatalf("receipt after restart: %v, %v", again, err)
	}
	block, err := c.BlockByHash(ctx, receipt.BlockHash)
	if err != nil || block.Hash() != receipt.BlockHash {
		t.Fatalf("block after restart: %v", err)
	}
	// The chain goes on.
	waitFor(t, "a new batch after the restart", time.Minute, func() (bool, string) {
		n, err := c.BlockNumber(ctx)
		if err != nil {
			return false, err.Error()
		}
		return n > receipt.BlockNumber.Uint64()+1, fmt.Sprintf("head %d", n)
	})
}
