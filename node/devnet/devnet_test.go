package devnet

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
)

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// waitFor polls cond until it holds or the deadline passes; the deadlines
// are generous: this machine is small and shared.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, string)) time.Duration {
	t.Helper()
	start := time.Now()
	var last string
	for time.Since(start) < timeout {
		ok, state := cond()
		if ok {
			return time.Since(start)
		}
		last = state
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s (last: %s)", what, timeout, last)
	return 0
}

// TestBridgeFlows starts a devnet with the embedded L1 and drives the bridge
// through JSON-RPC only: an ether deposit on L1 arrives on L2 exactly once,
// the validators' output roots reach L1 through the relayer and agree with
// every node's state, and the batches they cover become "finalized".
func TestBridgeFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet with an embedded L1")
	}
	ctx := context.Background()
	s := Spec{
		Dir: t.TempDir(), Network: "devnet", Sequencers: 4, Validators: 2, Relayers: 1,
		Slot: 500 * time.Millisecond, L1Block: 500 * time.Millisecond, OutputInterval: 4,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	d, err := Start(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })

	l1, err := bridge.Dial(ctx, d.L1.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	rc, err := rpc.Dial(d.RPC().Node.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	l2 := ethclient.NewClient(rc)

	// Deposit 3 coins to a fresh L2 address.
	user := exec.DevKeys(6)[5]
	snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: user.Key})
	if err != nil {
		t.Fatal(err)
	}
	rk, _ := ethcrypto.GenerateKey()
	recipient := ethcrypto.PubkeyToAddress(rk.PublicKey)
	br := bindings.NewBridge()
	sent := time.Now()
	if _, err := snd.Send(ctx, d.Contracts.Bridge, br.PackDepositETH(recipient, 0, nil), ether(3), 0); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, "the deposit on L2", 2*time.Minute, func() (bool, string) {
		b, err := l2.BalanceAt(ctx, recipient, nil)
		if err != nil {
			return false, err.Error()
		}
		return b.Cmp(ether(3)) == 0, b.String()
	})
	t.Logf("deposit → L2 balance: %s after the L1 transaction was mined (%s from sending)", took.Round(time.Millisecond), time.Since(sent).Round(time.Millisecond))
	var dep map[string]any
	if err := rc.Call(&dep, "l2_getDeposit", "0x0"); err != nil || dep == nil {
		t.Fatalf("l2_getDeposit(0): %v %v", dep, err)
	}
	depBlock := new(big.Int)
	depBlock.SetString(dep["blockNumber"].(string)[2:], 16)

	// Roots: the batch of the deposit becomes committed, then finalized.
	waitFor(t, "a root on L1 covering the deposit's batch", 2*time.Minute, func() (bool, string) {
		h, err := l2.HeaderByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber)))
		if err != nil {
			return false, err.Error()
		}
		return h.Number.Cmp(depBlock) >= 0, h.Number.String()
	})
	waitFor(t, "the deposit's batch finalized", 2*time.Minute, func() (bool, string) {
		h, err := l2.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		if err != nil {
			return false, err.Error()
		}
		return h.Number.Cmp(depBlock) >= 0, h.Number.String()
	})
	// Exactly once: the balance stays, the L2's next deposit nonce is 1.
	var next string
	if err := rc.Call(&next, "l2_depositNonce"); err != nil || next != "0x1" {
		t.Fatalf("l2_depositNonce %q %v", next, err)
	}
	if b, _ := l2.BalanceAt(ctx, recipient, nil); b.Cmp(ether(3)) != 0 {
		t.Fatalf("balance %s after finality", b)
	}
	// Every executing node agrees with the roots on L1.
	for _, m := range d.Members {
		o := m.Node.Outputs()
		if o == nil {
			continue
		}
		if st := o.Status(); len(st.Mismatches) != 0 || len(st.Conflicts) != 0 {
			t.Fatalf("%s: %+v", m.Name, st)
		}
	}

	// Withdraw 1 coin of the deposit to a fresh L1 address: the relayer
	// proves it once a root covers it and finalizes it after the window.
	target := common.HexToAddress("0x00000000000000000000000000000000007a59e7")
	passer := contracts.MustLoad(contracts.L2ToL1MessagePasser).ABI
	data, err := passer.Pack("initiateWithdrawal", target, big.NewInt(100_000), []byte{})
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(node.DefaultChainID)
	head, err := l2.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	msgPasser := exec.MessagePasserAddress
	wtx, err := types.SignNewTx(rk, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(big.NewInt(1e9), new(big.Int).Mul(head.BaseFee, big.NewInt(2))),
		Gas: 200_000, To: &msgPasser, Value: ether(1), Data: data,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := l2.SendTransaction(ctx, wtx); err != nil {
		t.Fatal(err)
	}
	var relayer *node.Node
	for _, m := range d.Members {
		if m.Role == "relayer" {
			relayer = m.Node
		}
	}
	started := time.Now()
	waitFor(t, "the withdrawal paid on L1", 3*time.Minute, func() (bool, string) {
		b, err := l1.BalanceAt(ctx, target, nil)
		if err != nil {
			return false, err.Error()
		}
		st, _ := relayer.BridgeStatus()
		return b.Cmp(ether(1)) == 0, fmt.Sprintf("L1 balance %s, relayer's withdrawals %+v", b, st.Withdrawals)
	})
	t.Logf("withdrawal → L1 payout: %s", time.Since(started).Round(time.Millisecond))
	waitFor(t, "the relayer to record the payout", time.Minute, func() (bool, string) {
		st, err := relayer.BridgeStatus()
		if err != nil {
			return false, err.Error()
		}
		return len(st.Withdrawals) == 1 && st.Withdrawals[0].State == "finalized" && st.Withdrawals[0].Target == target, fmt.Sprint(st.Withdrawals)
	})
	// Paid once, however long the relayer keeps running.
	time.Sleep(2 * s.L1Block)
	if b, _ := l1.BalanceAt(ctx, target, nil); b.Cmp(ether(1)) != 0 {
		t.Fatalf("target holds %s", b)
	}
}
