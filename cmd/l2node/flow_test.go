package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
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

// devnetInfo is what `l2node devnet` printed: the interfaces a user has.
type devnetInfo struct {
	l2RPC, l1RPC string
	bridge       common.Address
	lightDAS     []string
}

func parseDevnet(t *testing.T, lines []string) devnetInfo {
	t.Helper()
	var d devnetInfo
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, "L2 JSON-RPC (HTTP and WebSocket): "); ok {
			d.l2RPC = strings.Fields(rest)[0]
		}
		if rest, ok := strings.CutPrefix(l, "L1 JSON-RPC (HTTP): "); ok {
			d.l1RPC = strings.Fields(rest)[0]
		}
		if strings.HasPrefix(l, "L1 contracts") {
			f := strings.Fields(l)
			for i := range f[:len(f)-1] {
				if f[i] == "Bridge" {
					d.bridge = common.HexToAddress(f[i+1])
				}
			}
		}
		if strings.HasPrefix(l, "light") && strings.Contains(l, " reports availability at ") {
			f := strings.Fields(l)
			d.lightDAS = append(d.lightDAS, f[4])
		}
	}
	if d.l2RPC == "" || d.l1RPC == "" || d.bridge == (common.Address{}) || len(d.lightDAS) == 0 {
		t.Fatalf("devnet output lacks the L2 or L1 RPC, the bridge or the light nodes: %+v\n%s", d, strings.Join(lines, "\n"))
	}
	return d
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// flowThroughDevnet is the whole transaction flow, end to end, through
// JSON-RPC (L2 and L1) and the light nodes' /das: transfers reach
// "finalized" and every light node reports their batches available; a
// deposit arrives on L2; a withdrawal is paid on L1.
func flowThroughDevnet(t *testing.T, lines []string) {
	d := parseDevnet(t, lines)
	ctx := context.Background()
	rc, err := rpc.Dial(d.l2RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	l2 := ethclient.NewClient(rc)
	l1, err := bridge.Dial(ctx, d.l1RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	chainID := big.NewInt(node.DefaultChainID)
	signer := types.LatestSignerForChainID(chainID)
	keys := exec.DevKeys(4)

	// Transfers from one dev key.
	head, err := l2.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeCap := new(big.Int).Add(big.NewInt(1e9), new(big.Int).Mul(head.BaseFee, big.NewInt(4)))
	sink := common.HexToAddress("0x00000000000000000000000000000000000e2e01")
	var hashes []common.Hash
	for i := range 5 {
		tx, err := types.SignNewTx(keys[1].Key, signer, &types.DynamicFeeTx{
			ChainID: chainID, Nonce: uint64(i), GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &sink, Value: big.NewInt(int64(i + 1)),
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := l2.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, tx.Hash())
	}

	// A deposit of 3 coins to a fresh key, which then withdraws 1 to L1.
	snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: keys[2].Key})
	if err != nil {
		t.Fatal(err)
	}
	user, _ := ethcrypto.GenerateKey()
	userAddr := ethcrypto.PubkeyToAddress(user.PublicKey)
	if _, err := snd.Send(ctx, d.bridge, bindings.NewBridge().PackDepositETH(userAddr, 0, nil), ether(3), 0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the deposit on L2", 2*time.Minute, func() (bool, string) {
		b, err := l2.BalanceAt(ctx, userAddr, nil)
		if err != nil {
			return false, err.Error()
		}
		return b.Cmp(ether(3)) == 0, b.String()
	})
	target := common.HexToAddress("0x00000000000000000000000000000000000e2e02")
	data, err := contracts.MustLoad(contracts.L2ToL1MessagePasser).ABI.Pack("initiateWithdrawal", target, big.NewInt(100_000), []byte{})
	if err != nil {
		t.Fatal(err)
	}
	passer := exec.MessagePasserAddress
	wtx, err := types.SignNewTx(user, signer, &types.DynamicFeeTx{
		ChainID: chainID, Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 200_000, To: &passer, Value: ether(1), Data: data,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := l2.SendTransaction(ctx, wtx); err != nil {
		t.Fatal(err)
	}

	// The transfers: pending → … → finalized, as l2_transactionStatus says.
	blocks := map[uint64]bool{}
	for _, h := range append(hashes, wtx.Hash()) {
		waitFor(t, fmt.Sprintf("transaction %s finalized", h), 3*time.Minute, func() (bool, string) {
			var st struct {
				Status      string          `json:"status"`
				BlockNumber *hexutil.Uint64 `json:"blockNumber"`
				Reason      string          `json:"reason"`
			}
			if err := rc.Call(&st, "l2_transactionStatus", h); err != nil {
				return false, err.Error()
			}
			if st.Status == "dropped" {
				t.Fatalf("transaction %s dropped: %s", h, st.Reason)
			}
			if st.BlockNumber != nil {
				blocks[uint64(*st.BlockNumber)] = true
			}
			return st.Status == "finalized", st.Status
		})
	}
	// Every light node sampled those batches and found them available.
	for _, das := range d.lightDAS {
		for n := range blocks {
			waitFor(t, fmt.Sprintf("%s?height=%d available", das, n), 2*time.Minute, func() (bool, string) {
				resp, err := http.Get(fmt.Sprintf("%s?height=%d", das, n))
				if err != nil {
					return false, err.Error()
				}
				defer resp.Body.Close()
				var v struct {
					Verdict string `json:"verdict"`
				}
				if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
					return false, err.Error()
				}
				if v.Verdict == "unavailable" {
					t.Fatalf("%s says batch %d is unavailable", das, n)
				}
				return v.Verdict == "available", v.Verdict
			})
		}
	}
	// The withdrawal is paid on L1 by the relayer.
	waitFor(t, "the withdrawal paid on L1", 3*time.Minute, func() (bool, string) {
		b, err := l1.BalanceAt(ctx, target, nil)
		if err != nil {
			return false, err.Error()
		}
		return b.Cmp(ether(1)) == 0, b.String()
	})
}
