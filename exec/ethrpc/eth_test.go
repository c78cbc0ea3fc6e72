package ethrpc

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
)

// TestTransfers sends plain transfers from genesis-funded accounts through
// ethclient, seals them, and reads everything back: receipts, balances,
// nonces, blocks by number and hash, transactions before and after sealing.
func TestTransfers(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	from, to := n.keys[0], n.keys[1]
	before, err := n.eth.BalanceAt(ctx, to.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	var txs []*types.Transaction
	for i := range 3 {
		txs = append(txs, n.send(from, txOpts{to: &to.Address, value: big.NewInt(int64(1000 * (i + 1)))}))
	}
	// Pending: in the pool, null block fields, counted by the pending nonce.
	tx, pending, err := n.eth.TransactionByHash(ctx, txs[1].Hash())
	if err != nil || !pending || tx.Hash() != txs[1].Hash() {
		t.Fatalf("pending transaction: %v pending=%v err=%v", tx, pending, err)
	}
	if nonce, err := n.eth.PendingNonceAt(ctx, from.Address); err != nil || nonce != 3 {
		t.Fatalf("pending nonce %d, %v", nonce, err)
	}
	if nonce, err := n.eth.NonceAt(ctx, from.Address, nil); err != nil || nonce != 0 {
		t.Fatalf("latest nonce %d, %v", nonce, err)
	}
	if _, err := n.eth.TransactionReceipt(ctx, txs[0].Hash()); !errors.Is(err, ethereum.NotFound) {
		t.Fatalf("receipt before sealing: %v", err)
	}
	var st TxStatus
	if err := n.rpc.Call(&st, "l2_transactionStatus", txs[0].Hash()); err != nil || st.Status != StatusPending {
		t.Fatalf("status before sealing: %+v %v", st, err)
	}

	res := n.seal()
	if len(res.Receipts) != 3 {
		t.Fatalf("sealed %d transactions", len(res.Receipts))
	}
	block := res.Block
	for i, tx := range txs {
		r := n.receipt(tx)
		if r.Status != types.ReceiptStatusSuccessful || r.BlockHash != block.Hash() || r.BlockNumber.Uint64() != 1 ||
			r.TransactionIndex != uint(i) || r.GasUsed != 21000 || r.EffectiveGasPrice == nil {
			t.Fatalf("receipt %d: %+v", i, r)
		}
		got, pending, err := n.eth.TransactionByHash(ctx, tx.Hash())
		if err != nil || pending || got.Hash() != tx.Hash() {
			t.Fatalf("included transaction %d: pending=%v err=%v", i, pending, err)
		}
		sender, err := n.eth.TransactionSender(ctx, got, block.Hash(), uint(i))
		if err != nil || sender != from.Address {
			t.Fatalf("sender %s, %v", sender, err)
		}
		if err := n.rpc.Call(&st, "l2_transactionStatus", tx.Hash()); err != nil || st.Status != StatusFinal ||
			st.BlockHash == nil || *st.BlockHash != block.Hash() || uint64(*st.BlockNumber) != 1 {
			t.Fatalf("status after sealing: %+v %v", st, err)
		}
	}
	after, err := n.eth.BalanceAt(ctx, to.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := new(big.Int).Sub(after, before); diff.Int64() != 6000 {
		t.Fatalf("recipient got %s, want 6000", diff)
	}
	if nonce, err := n.eth.NonceAt(ctx, from.Address, nil); err != nil || nonce != 3 {
		t.Fatalf("nonce after sealing %d, %v", nonce, err)
	}
	// The sender paid exactly value + gas × effective price.
	spent := big.NewInt(6000)
	for _, tx := range txs {
		r := n.receipt(tx)
		spent.Add(spent, new(big.Int).Mul(r.EffectiveGasPrice, new(big.Int).SetUint64(r.GasUsed)))
	}
	start, err := n.eth.BalanceAt(ctx, from.Address, big.NewInt(0))
	if err != nil {
		t.Fatal(err)
	}
	now, err := n.eth.BalanceAt(ctx, from.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if new(big.Int).Sub(start, now).Cmp(spent) != 0 {
		t.Fatalf("sender spent %s, want %s", new(big.Int).Sub(start, now), spent)
	}

	// Blocks by number and by hash are the same block, and the header JSON
	// is complete: the hash recomputed from it is the hash the node gave.
	byNum, err := n.eth.BlockByNumber(ctx, big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	byHash, err := n.eth.BlockByHash(ctx, block.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if byNum.Hash() != block.Hash() || byHash.Hash() != block.Hash() || len(byNum.Transactions()) != 3 {
		t.Fatalf("block 1: by number %s, by hash %s, sealed %s", byNum.Hash(), byHash.Hash(), block.Hash())
	}
	for i, tx := range byHash.Transactions() {
		if tx.Hash() != txs[i].Hash() {
			t.Fatalf("transaction %d of the block is %s", i, tx.Hash())
		}
	}
	for _, sel := range []string{"0x1", "latest", "pending", "safe", "finalized"} {
		var raw json.RawMessage
		if err := n.rpc.Call(&raw, "eth_getBlockByNumber", sel, false); err != nil {
			t.Fatal(err)
		}
		checkHeaderJSON(t, raw, block.Hash())
	}
	var raw json.RawMessage
	if err := n.rpc.Call(&raw, "eth_getBlockByNumber", "earliest", true); err != nil {
		t.Fatal(err)
	}
	checkHeaderJSON(t, raw, n.exec.Genesis().Hash())
	if err := n.rpc.Call(&raw, "eth_getBlockByNumber", "0x2", false); err != nil || string(raw) != "null" {
		t.Fatalf("block beyond the head: %s %v", raw, err)
	}
	if _, err := n.eth.BlockByHash(ctx, common.Hash{1}); !errors.Is(err, ethereum.NotFound) {
		t.Fatalf("unknown block hash: %v", err)
	}
	if count, err := n.eth.TransactionCount(ctx, block.Hash()); err != nil || count != 3 {
		t.Fatalf("transaction count by hash %d, %v", count, err)
	}
	var count hexutil.Uint
	if err := n.rpc.Call(&count, "eth_getBlockTransactionCountByNumber", "latest"); err != nil || count != 3 {
		t.Fatalf("transaction count by number %d, %v", count, err)
	}
	rs, err := n.eth.BlockReceipts(ctx, rpc.BlockNumberOrHashWithHash(block.Hash(), false))
	if err != nil || len(rs) != 3 || rs[2].TxHash != txs[2].Hash() || rs[2].CumulativeGasUsed != 63000 {
		t.Fatalf("block receipts: %v", err)
	}
	if got, err := n.eth.TransactionInBlock(ctx, block.Hash(), 2); err != nil || got.Hash() != txs[2].Hash() {
		t.Fatalf("transaction in block: %v", err)
	}
	if num, err := n.eth.BlockNumber(ctx); err != nil || num != 1 {
		t.Fatalf("block number %d, %v", num, err)
	}
	// A fee-market transaction's gasPrice is its effective price once included.
	var rtx map[string]any
	if err := n.rpc.Call(&rtx, "eth_getTransactionByHash", txs[0].Hash()); err != nil {
		t.Fatal(err)
	}
	if rtx["gasPrice"] != hexutil.EncodeBig(n.receipt(txs[0]).EffectiveGasPrice) || rtx["blockTimestamp"] != hexutil.EncodeUint64(block.Time()) {
		t.Fatalf("included transaction JSON: %v", rtx)
	}
}

// checkHeaderJSON decodes a block's JSON as go-ethereum's header and checks
// that the hash it computes is the hash field.
func checkHeaderJSON(t *testing.T, raw json.RawMessage, want common.Hash) {
	t.Helper()
	var h types.Header
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatalf("header JSON: %v", err)
	}
	var fields struct {
		Hash common.Hash `json:"hash"`
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	if h.Hash() != fields.Hash || fields.Hash != want {
		t.Fatalf("recomputed hash %s, hash field %s, want %s", h.Hash(), fields.Hash, want)
	}
}

// TestToken deploys the test ERC-20, transfers, and reads it through logs,
// calls and estimates; a reverting call carries code 3 and the revert data.
func TestToken(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	art := contracts.MustLoad(contracts.TestToken)
	owner, alice, bob := n.keys[0], n.keys[1], n.keys[2]
	supply := ether(1_000_000)
	token := n.deployToken(owner, supply)
	deployBlock := n.exec.Head().NumberU64()
	if code, err := n.eth.CodeAt(ctx, token, nil); err != nil || len(code) == 0 {
		t.Fatalf("token code: %d bytes, %v", len(code), err)
	}

	transfer := n.send(owner, txOpts{to: &token, data: pack(t, art.ABI, "transfer", alice.Address, big.NewInt(1000))})
	n.seal()
	r := n.receipt(transfer)
	if r.Status != types.ReceiptStatusSuccessful || len(r.Logs) != 1 {
		t.Fatalf("transfer receipt: %+v", r)
	}
	ev := art.ABI.Events["Transfer"]
	l := r.Logs[0]
	if l.Address != token || len(l.Topics) != 3 || l.Topics[0] != ev.ID ||
		l.Topics[1] != common.BytesToHash(owner.Address[:]) || l.Topics[2] != common.BytesToHash(alice.Address[:]) ||
		new(big.Int).SetBytes(l.Data).Int64() != 1000 || l.TxHash != transfer.Hash() || l.BlockHash != r.BlockHash {
		t.Fatalf("transfer log: %+v", l)
	}

	// Logs by address and event over the range: the mint and the transfer.
	logs, err := n.eth.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(deployBlock), ToBlock: r.BlockNumber,
		Addresses: []common.Address{token}, Topics: [][]common.Hash{{ev.ID}},
	})
	if err != nil || len(logs) != 2 || logs[0].Topics[1] != (common.Hash{}) || logs[1].TxHash != transfer.Hash() {
		t.Fatalf("logs by address and topic: %d, %v", len(logs), err)
	}
	// By the indexed recipient: the transfer only; by block hash: the same.
	logs, err = n.eth.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Topics: [][]common.Hash{{ev.ID}, nil, {common.BytesToHash(alice.Address[:])}},
	})
	if err != nil || len(logs) != 1 || logs[0].TxHash != transfer.Hash() {
		t.Fatalf("logs by recipient: %d, %v", len(logs), err)
	}
	logs, err = n.eth.FilterLogs(ctx, ethereum.FilterQuery{BlockHash: &r.BlockHash, Addresses: []common.Address{token}})
	if err != nil || len(logs) != 1 {
		t.Fatalf("logs by block hash: %d, %v", len(logs), err)
	}
	// An address that logged nothing: no logs (its bloom rules every block out).
	if logs, err = n.eth.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{{0x99}}}); err != nil || len(logs) != 0 {
		t.Fatalf("logs of a silent address: %d, %v", len(logs), err)
	}

	// eth_call reads the balances, at the head and at the deployment block.
	balanceOf := func(who common.Address, block *big.Int) *big.Int {
		out, err := n.eth.CallContract(ctx, ethereum.CallMsg{To: &token, Data: pack(t, art.ABI, "balanceOf", who)}, block)
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).SetBytes(out)
	}
	if got := balanceOf(alice.Address, nil); got.Int64() != 1000 {
		t.Fatalf("alice holds %s", got)
	}
	if got := balanceOf(alice.Address, new(big.Int).SetUint64(deployBlock)); got.Sign() != 0 {
		t.Fatalf("alice held %s at deployment", got)
	}

	// The estimate covers what the transaction then uses, within 10%.
	data := pack(t, art.ABI, "transfer", bob.Address, big.NewInt(500))
	est, err := n.eth.EstimateGas(ctx, ethereum.CallMsg{From: owner.Address, To: &token, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	tx := n.send(owner, txOpts{to: &token, data: data, gas: est})
	n.seal()
	r = n.receipt(tx)
	if r.Status != types.ReceiptStatusSuccessful || r.GasUsed > est || est > r.GasUsed*11/10 {
		t.Fatalf("estimate %d, used %d, status %d", est, r.GasUsed, r.Status)
	}

	// transferFrom without an allowance reverts with a custom error: code 3,
	// "execution reverted", the error's encoding as data.
	call := ethereum.CallMsg{From: bob.Address, To: &token, Data: pack(t, art.ABI, "transferFrom", owner.Address, bob.Address, big.NewInt(1))}
	_, err = n.eth.CallContract(ctx, call, nil)
	code, msg := rpcError(t, err)
	want := encodeError(t, art.ABI, "ERC20InsufficientAllowance", bob.Address, big.NewInt(0), big.NewInt(1))
	if code != 3 || msg != "execution reverted" || revertData(t, err) != hexutil.Encode(want) {
		t.Fatalf("revert: code %d, %q, data %s", code, msg, revertData(t, err))
	}
	_, err = n.eth.EstimateGas(ctx, call)
	if code, _ := rpcError(t, err); code != 3 || revertData(t, err) != hexutil.Encode(want) {
		t.Fatalf("estimate of a revert: %v", err)
	}
	// A revert with an Error(string) reason has it in the message. The
	// "contract" is creation code that reverts with Error("nope").
	reason := encodeReason(t, "nope")
	initCode := append([]byte{0x60, byte(len(reason)), 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, byte(len(reason)), 0x60, 0x00, 0xfd}, reason...)
	_, err = n.eth.CallContract(ctx, ethereum.CallMsg{From: bob.Address, Data: initCode}, nil)
	if code, msg := rpcError(t, err); code != 3 || msg != "execution reverted: nope" || revertData(t, err) != hexutil.Encode(reason) {
		t.Fatalf("revert with reason: code %d %q", code, msg)
	}
	// State overrides apply to the call only.
	var out hexutil.Bytes
	slot := crypto.Keccak256Hash(common.LeftPadBytes(bob.Address[:], 32), common.LeftPadBytes([]byte{3}, 32)) // balanceOf is slot 3
	override := map[common.Address]map[string]any{token: {"stateDiff": map[common.Hash]common.Hash{slot: common.BigToHash(big.NewInt(77))}}}
	if err := n.rpc.Call(&out, "eth_call", map[string]any{"to": token, "input": hexutil.Bytes(pack(t, art.ABI, "balanceOf", bob.Address))}, "latest", override); err != nil {
		t.Fatal(err)
	}
	if new(big.Int).SetBytes(out).Int64() != 77 || balanceOf(bob.Address, nil).Int64() != 500 {
		t.Fatalf("override: %s, real %s", new(big.Int).SetBytes(out), balanceOf(bob.Address, nil))
	}
}

// encodeError is the revert data of the custom error name of a.
func encodeError(t *testing.T, a abi.ABI, name string, args ...any) []byte {
	t.Helper()
	e, ok := a.Errors[name]
	if !ok {
		t.Fatalf("no error %s in the ABI", name)
	}
	packed, err := e.Inputs.Pack(args...)
	if err != nil {
		t.Fatal(err)
	}
	return append(e.ID[:4:4], packed...)
}

// encodeReason is the revert data of require(false, reason).
func encodeReason(t *testing.T, reason string) []byte {
	t.Helper()
	str, err := abi.NewType("string", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := abi.Arguments{{Type: str}}.Pack(reason)
	if err != nil {
		t.Fatal(err)
	}
	return append(crypto.Keccak256([]byte("Error(string)"))[:4], packed...)
}

// revertData is the data of a JSON-RPC error.
func revertData(t *testing.T, err error) string {
	t.Helper()
	var de rpc.DataError
	if !errors.As(err, &de) {
		t.Fatalf("error %v carries no data", err)
	}
	s, _ := de.ErrorData().(string)
	return s
}
