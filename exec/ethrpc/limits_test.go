package ethrpc

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// TestFilters polls block and log filters, and lets an idle one expire.
func TestFilters(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	clock := time.Unix(0, 0)
	n.srv.chain.filters.mu.Lock()
	n.srv.chain.filters.now = func() time.Time { return clock }
	n.srv.chain.filters.mu.Unlock()
	advance := func(d time.Duration) {
		n.srv.chain.filters.mu.Lock()
		clock = clock.Add(d)
		n.srv.chain.filters.mu.Unlock()
	}

	var blocks, logs, all rpc.ID
	if err := n.rpc.Call(&blocks, "eth_newBlockFilter"); err != nil {
		t.Fatal(err)
	}
	b1, b2 := n.seal().Block.Hash(), n.seal().Block.Hash()
	var hashes []common.Hash
	if err := n.rpc.Call(&hashes, "eth_getFilterChanges", blocks); err != nil || len(hashes) != 2 || hashes[0] != b1 || hashes[1] != b2 {
		t.Fatalf("block filter: %v, %v", hashes, err)
	}
	if err := n.rpc.Call(&hashes, "eth_getFilterChanges", blocks); err != nil || len(hashes) != 0 {
		t.Fatalf("block filter, nothing new: %v, %v", hashes, err)
	}

	art := contracts.MustLoad(contracts.TestToken)
	token := n.deployToken(n.keys[0], ether(10))
	if err := n.rpc.Call(&logs, "eth_newFilter", map[string]any{"address": token}); err != nil {
		t.Fatal(err)
	}
	if err := n.rpc.Call(&all, "eth_newFilter", map[string]any{"address": []common.Address{token}, "fromBlock": "0x0"}); err != nil {
		t.Fatal(err)
	}
	tx := n.send(n.keys[0], txOpts{to: &token, data: pack(t, art.ABI, "transfer", n.keys[1].Address, big.NewInt(1))})
	n.seal()
	var got []types.Log
	if err := n.rpc.Call(&got, "eth_getFilterChanges", logs); err != nil || len(got) != 1 || got[0].TxHash != tx.Hash() {
		t.Fatalf("log filter: %v, %v", got, err)
	}
	if err := n.rpc.Call(&got, "eth_getFilterChanges", logs); err != nil || len(got) != 0 {
		t.Fatalf("log filter, nothing new: %v, %v", got, err)
	}
	// The whole query of a filter: the mint and the transfer.
	if err := n.rpc.Call(&got, "eth_getFilterLogs", all); err != nil || len(got) != 2 {
		t.Fatalf("filter logs: %d, %v", len(got), err)
	}
	if err := n.rpc.Call(&hashes, "eth_getFilterChanges", blocks); err != nil || len(hashes) != 2 {
		t.Fatalf("block filter after two more blocks: %v, %v", hashes, err)
	}

	// Polled filters live on; an idle one expires.
	advance(DefaultFilterTimeout - time.Second)
	if err := n.rpc.Call(&hashes, "eth_getFilterChanges", blocks); err != nil {
		t.Fatal(err)
	}
	advance(2 * time.Second)
	if err := n.rpc.Call(&got, "eth_getFilterChanges", logs); err == nil || err.Error() != "filter not found" {
		t.Fatalf("expired filter: %v", err)
	}
	var ok bool
	if err := n.rpc.Call(&ok, "eth_uninstallFilter", blocks); err != nil || !ok {
		t.Fatalf("uninstall: %v, %v", ok, err)
	}
	if err := n.rpc.Call(&ok, "eth_uninstallFilter", blocks); err != nil || ok {
		t.Fatalf("uninstall twice: %v, %v", ok, err)
	}
	if n.srv.chain.filters.len() != 0 {
		t.Fatalf("%d filters left", n.srv.chain.filters.len())
	}
}

// TestLogLimits checks the range and result caps of eth_getLogs and the
// malformed queries.
func TestLogLimits(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	// Creation code that emits MaxLogResults+1 empty LOG0s:
	// counter = 10001; do { LOG0(0, 0); counter-- } while counter != 0
	count := MaxLogResults + 1
	code := []byte{0x61, byte(count >> 8), byte(count), 0x5b, 0x60, 0x00, 0x60, 0x00, 0xa0, 0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x03, 0x57, 0x00}
	tx := n.send(n.keys[0], txOpts{data: code})
	n.seal()
	r := n.receipt(tx)
	if r.Status != types.ReceiptStatusSuccessful || len(r.Logs) != count {
		t.Fatalf("%d logs, status %d", len(r.Logs), r.Status)
	}
	emitter := crypto.CreateAddress(n.keys[0].Address, tx.Nonce())
	cases := []struct {
		name string
		q    map[string]any
		code int
		msg  string
	}{
		{"too many results", map[string]any{"blockHash": r.BlockHash}, -32005,
			fmt.Sprintf("query returned more than %d results: narrow the block range or the filter", MaxLogResults)},
		{"range too large", map[string]any{"fromBlock": "0x0", "toBlock": hexutil.EncodeUint64(MaxLogBlockRange)}, -32005,
			fmt.Sprintf("block range too large: %d blocks, at most %d per query", MaxLogBlockRange+1, MaxLogBlockRange)},
		{"beyond the head", map[string]any{"fromBlock": "0x0", "toBlock": "0x5"}, -32602, "block range extends beyond current head block"},
		{"reversed", map[string]any{"fromBlock": "0x1", "toBlock": "0x0"}, -32602, "invalid block range params"},
		{"hash and range", map[string]any{"blockHash": r.BlockHash, "fromBlock": "0x0"}, -32602, ""},
		{"five topics", map[string]any{"topics": []any{nil, nil, nil, nil, nil}}, -32602, ""},
		{"unknown block", map[string]any{"blockHash": common.Hash{1}}, -32000, "unknown block " + common.Hash{1}.Hex()},
	}
	for _, c := range cases {
		var logs []types.Log
		err := n.rpc.Call(&logs, "eth_getLogs", c.q)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if code, msg := rpcError(t, err); code != c.code || (c.msg != "" && msg != c.msg) {
			t.Errorf("%s: %d %q", c.name, code, msg)
		}
	}
	// Within the caps: a filter the bloom passes but no log matches, and the
	// emitter's logs by address in a topic-free query of one block.
	logs, err := n.eth.FilterLogs(ctx, ethereum.FilterQuery{BlockHash: &r.BlockHash, Addresses: []common.Address{emitter}, Topics: [][]common.Hash{{{1}}}})
	if err != nil || len(logs) != 0 {
		t.Fatalf("no match: %d, %v", len(logs), err)
	}
}

// TestHTTP checks the listener's HTTP behaviour: body and batch caps,
// CORS, health checks.
func TestHTTP(t *testing.T) {
	n := newTestNode(t, nodeOptions{opts: []Option{WithBatchLimits(10, 1<<20), WithBodyLimit(1 << 20)}})
	ctx := context.Background()
	var s string
	err := n.rpc.CallContext(ctx, &s, "web3_sha3", "0x"+strings.Repeat("00", 1<<20))
	if he, ok := err.(rpc.HTTPError); !ok || he.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %v", err)
	}
	batch := make([]rpc.BatchElem, 11)
	for i := range batch {
		batch[i] = rpc.BatchElem{Method: "eth_blockNumber", Result: new(hexutil.Uint64)}
	}
	err = n.rpc.BatchCallContext(ctx, batch)
	if err == nil {
		err = batch[0].Error
	}
	if err == nil || !strings.Contains(err.Error(), "batch too large") {
		t.Fatalf("oversized batch: %v", err)
	}
	if err := n.rpc.BatchCallContext(ctx, batch[:10]); err != nil || batch[9].Error != nil {
		t.Fatalf("batch within the limit: %v %v", err, batch[9].Error)
	}

	req, _ := http.NewRequest(http.MethodOptions, "http://"+n.addr, nil)
	req.Header.Set("Origin", "https://wallet.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Fatalf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	post, _ := http.NewRequest(http.MethodPost, "http://"+n.addr, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`))
	post.Header.Set("Content-Type", "application/json")
	post.Header.Set("Origin", "https://wallet.example")
	resp, err = http.DefaultClient.Do(post)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("CORS on a call: %d %v", resp.StatusCode, resp.Header)
	}
	resp, err = http.Get("http://" + n.addr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health check: %d", resp.StatusCode)
	}
}

// TestCallLimits: a call that would run for seconds stops at the EVM
// timeout, and so does an estimate; an estimate that never fits reports the
// allowance.
func TestCallLimits(t *testing.T) {
	n := newTestNode(t, nodeOptions{opts: []Option{WithEVMTimeout(50 * time.Millisecond), WithGasCap(2_000_000_000)}})
	ctx := context.Background()
	loop := []byte{0x5b, 0x60, 0x00, 0x56} // JUMPDEST PUSH1 0 JUMP
	_, err := n.eth.CallContract(ctx, ethereum.CallMsg{From: n.keys[0].Address, Data: loop}, nil)
	if err == nil || err.Error() != "execution aborted (timeout = 50ms)" {
		t.Fatalf("endless call: %v", err)
	}
	// An estimate runs at most 16,777,216 gas per try, which a fast machine
	// may finish within 50 ms: a deadline already past makes the abort
	// certain.
	n = newTestNode(t, nodeOptions{opts: []Option{WithEVMTimeout(time.Nanosecond)}})
	_, err = n.eth.EstimateGas(ctx, ethereum.CallMsg{From: n.keys[0].Address, Data: loop})
	if err == nil || err.Error() != "gas estimation aborted (timeout = 1ns)" {
		t.Fatalf("endless estimate: %v", err)
	}
	// With time to run out of gas, an estimate that never fits names the
	// allowance.
	n = newTestNode(t, nodeOptions{})
	_, err = n.eth.EstimateGas(ctx, ethereum.CallMsg{From: n.keys[0].Address, Data: loop, Gas: 1_000_000})
	if err == nil || err.Error() != "gas required exceeds allowance (1000000)" {
		t.Fatalf("endless estimate: %v", err)
	}
	// A call without gas price runs with a zero base fee from an empty account.
	if _, err := n.eth.CallContract(ctx, ethereum.CallMsg{From: common.Address{0x42}, To: &exec.PayPINAddress, Data: []byte{1, 2, 3, 4}}, nil); err == nil {
		t.Fatal("a call to a missing selector succeeded")
	} else if code, _ := rpcError(t, err); code != 3 {
		t.Fatalf("missing selector: %v", err)
	}
	// A call that pays a price needs the balance.
	_, err = n.eth.CallContract(ctx, ethereum.CallMsg{From: common.Address{0x42}, To: &n.keys[0].Address, GasPrice: gwei(1), Gas: 21000}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "err: insufficient funds for gas * price + value") {
		t.Fatalf("call without funds: %v", err)
	}
}

// TestPrunedState: state outside the kept history is refused with a clear
// error, the blocks themselves stay readable.
func TestPrunedState(t *testing.T) {
	n := newTestNode(t, nodeOptions{cfg: exec.Config{StateHistory: 2}})
	ctx := context.Background()
	for range 5 {
		n.send(n.keys[0], txOpts{to: &n.keys[1].Address, value: big.NewInt(1)})
		n.seal()
	}
	if _, err := n.eth.BalanceAt(ctx, n.keys[0].Address, big.NewInt(1)); err == nil || !strings.Contains(err.Error(), "outside the kept history") {
		t.Fatalf("balance at a pruned block: %v", err)
	}
	var res AccountResult
	if err := n.rpc.Call(&res, "eth_getProof", n.keys[0].Address, []string{}, "0x1"); err == nil || !strings.Contains(err.Error(), "outside the kept history") {
		t.Fatalf("proof at a pruned block: %v", err)
	}
	if _, err := n.eth.BalanceAt(ctx, n.keys[0].Address, big.NewInt(0)); err != nil {
		t.Fatalf("genesis state (on disk): %v", err)
	}
	if _, err := n.eth.BalanceAt(ctx, n.keys[0].Address, nil); err != nil {
		t.Fatalf("head state: %v", err)
	}
	if b, err := n.eth.BlockByNumber(ctx, big.NewInt(1)); err != nil || len(b.Transactions()) != 1 {
		t.Fatalf("pruned block itself: %v", err)
	}
	if _, err := n.eth.BalanceAt(ctx, n.keys[0].Address, big.NewInt(9)); err == nil || err.Error() != "header not found" {
		t.Fatalf("state beyond the head: %v", err)
	}
}
