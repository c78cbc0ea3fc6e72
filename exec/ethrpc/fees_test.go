package ethrpc

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/l2node/l2node/exec"
)

// TestFeesAndIdentity checks the fee suggestions and history against a
// block with known tips, and the identity methods.
func TestFeesAndIdentity(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	if tip, err := n.eth.SuggestGasTipCap(ctx); err != nil || tip.Cmp(MinSuggestedTip) != 0 {
		t.Fatalf("tip on an empty chain: %s, %v", tip, err)
	}
	n.seal() // 1: empty
	to := n.keys[3].Address
	for i, k := range n.keys[:3] {
		n.send(k, txOpts{to: &to, value: big.NewInt(1), tip: gwei(int64(i + 1)), feeCap: gwei(100)})
	}
	res := n.seal() // 2: tips of 1, 2 and 3 gwei, 21000 gas each
	if len(res.Receipts) != 3 {
		t.Fatalf("%d transactions sealed", len(res.Receipts))
	}
	n.seal() // 3: empty

	// 60th percentile of the three samples.
	tip, err := n.eth.SuggestGasTipCap(ctx)
	if err != nil || tip.Cmp(gwei(2)) != 0 {
		t.Fatalf("suggested tip %s, %v", tip, err)
	}
	price, err := n.eth.SuggestGasPrice(ctx)
	if err != nil || price.Cmp(new(big.Int).Add(n.exec.NextBaseFee(), gwei(2))) != 0 {
		t.Fatalf("gas price %s, %v (next base fee %s)", price, err, n.exec.NextBaseFee())
	}
	var baseFee hexutil.Big
	if err := n.rpc.Call(&baseFee, "eth_baseFee"); err != nil || baseFee.ToInt().Cmp(n.exec.NextBaseFee()) != 0 {
		t.Fatalf("eth_baseFee %s, %v", baseFee.ToInt(), err)
	}

	fh, err := n.eth.FeeHistory(ctx, 3, nil, []float64{10, 50, 90})
	if err != nil {
		t.Fatal(err)
	}
	if fh.OldestBlock.Uint64() != 1 || len(fh.BaseFee) != 4 || len(fh.GasUsedRatio) != 3 || len(fh.Reward) != 3 {
		t.Fatalf("fee history: %+v", fh)
	}
	for i := range 3 {
		h := n.exec.HeaderByNumber(uint64(i + 1))
		if fh.BaseFee[i].Cmp(h.BaseFee) != 0 || fh.GasUsedRatio[i] != float64(h.GasUsed)/float64(h.GasLimit) {
			t.Fatalf("block %d: base fee %s ratio %f", i+1, fh.BaseFee[i], fh.GasUsedRatio[i])
		}
	}
	if fh.BaseFee[3].Cmp(n.exec.NextBaseFee()) != 0 {
		t.Fatalf("next base fee %s, want %s", fh.BaseFee[3], n.exec.NextBaseFee())
	}
	for i, want := range []int64{1, 2, 3} { // weighted by gas: 21000 each
		if fh.Reward[1][i].Cmp(gwei(want)) != 0 || fh.Reward[0][i].Sign() != 0 || fh.Reward[2][i].Sign() != 0 {
			t.Fatalf("rewards %v", fh.Reward)
		}
	}
	// A range ending before the head takes the next base fee from the block after.
	fh, err = n.eth.FeeHistory(ctx, 10, big.NewInt(1), nil)
	if err != nil || fh.OldestBlock.Uint64() != 0 || len(fh.BaseFee) != 3 || fh.BaseFee[2].Cmp(n.exec.HeaderByNumber(2).BaseFee) != 0 || len(fh.Reward) != 0 {
		t.Fatalf("fee history to block 1: %+v, %v", fh, err)
	}
	for _, bad := range [][]float64{{50, 10}, {101}, {-1}} {
		if _, err := n.eth.FeeHistory(ctx, 1, nil, bad); err == nil {
			t.Fatalf("percentiles %v accepted", bad)
		}
	}
	if _, err := n.eth.FeeHistory(ctx, 1, big.NewInt(9), nil); err == nil {
		t.Fatal("fee history beyond the head accepted")
	}

	// Identity.
	if id, err := n.eth.ChainID(ctx); err != nil || id.Int64() != testChainID {
		t.Fatalf("chain ID %v, %v", id, err)
	}
	if v, err := n.eth.NetworkID(ctx); err != nil || v.Int64() != testChainID {
		t.Fatalf("net_version %v, %v", v, err)
	}
	var s string
	if err := n.rpc.Call(&s, "web3_clientVersion"); err != nil || s != "l2node/test" {
		t.Fatalf("client version %q, %v", s, err)
	}
	var listening bool
	if err := n.rpc.Call(&listening, "net_listening"); err != nil || !listening {
		t.Fatalf("net_listening %v, %v", listening, err)
	}
	if p, err := n.eth.SyncProgress(ctx); err != nil || p != nil {
		t.Fatalf("syncing %+v, %v", p, err)
	}
	var accounts []string
	if err := n.rpc.Call(&accounts, "eth_accounts"); err != nil || accounts == nil || len(accounts) != 0 {
		t.Fatalf("accounts %v, %v", accounts, err)
	}
	var sha hexutil.Bytes
	if err := n.rpc.Call(&sha, "web3_sha3", "0x"); err != nil || hexutil.Encode(sha) != "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" {
		t.Fatalf("web3_sha3: %x, %v", sha, err)
	}
}

// TestNew checks the constructor's refusals and defaults.
func TestNew(t *testing.T) {
	if _, err := New(Backend{}); err == nil {
		t.Fatal("a server without an executor")
	}
	e, err := exec.Open(t.TempDir(), exec.DevGenesis(testChainID, 1), exec.Config{NoSync: true, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, o := range []Option{WithBodyLimit(1000), WithBatchLimits(0, 1), WithGasCap(1), WithEVMTimeout(0), WithFilterTimeout(-1)} {
		if _, err := New(Backend{Exec: e}, o); err == nil {
			t.Fatal("a bad option was accepted")
		}
	}
	s, err := New(Backend{Exec: e, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := s.chain.version; len(v) < len("l2node/") || v[:len("l2node/")] != "l2node/" {
		t.Fatalf("default client version %q", v)
	}
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("started twice")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("started after close")
	}
}
