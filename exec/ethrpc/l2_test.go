package ethrpc

import (
	"context"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// TestPayPIN registers alice@pay by a transaction, resolves it at the head
// and before, pays to it, and refuses malformed pins.
func TestPayPIN(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	pin := contracts.MustLoad(contracts.PayPIN)
	alice, bob := n.keys[1], n.keys[2]
	reg := n.send(alice, txOpts{to: &exec.PayPINAddress, data: pack(t, pin.ABI, "register", "alice@pay")})
	n.seal()
	if r := n.receipt(reg); r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("register: status %d", r.Status)
	}
	var owner *common.Address
	if err := n.rpc.Call(&owner, "l2_resolvePayPIN", "alice@pay"); err != nil || owner == nil || *owner != alice.Address {
		t.Fatalf("alice@pay resolves to %v, %v", owner, err)
	}
	if err := n.rpc.Call(&owner, "l2_resolvePayPIN", "alice@pay", "0x0"); err != nil || owner != nil {
		t.Fatalf("alice@pay at genesis resolves to %v, %v", owner, err)
	}
	if err := n.rpc.Call(&owner, "l2_resolvePayPIN", "bob@pay", "latest"); err != nil || owner != nil {
		t.Fatalf("unbound bob@pay resolves to %v, %v", owner, err)
	}
	// The slot the node reads is the one the contract's resolve reads.
	out, err := n.eth.CallContract(ctx, ethereum.CallMsg{To: &exec.PayPINAddress, Data: pack(t, pin.ABI, "resolve", "alice@pay")}, nil)
	if err != nil || common.BytesToAddress(out) != alice.Address {
		t.Fatalf("resolve() gives %x, %v", out, err)
	}
	for _, bad := range []string{"Alice@pay", "al@pay", "alice@paid", "alice", "@pay", "al ice@pay", strings.Repeat("a", 33) + "@pay", "alice@pay\n"} {
		err := n.rpc.Call(&owner, "l2_resolvePayPIN", bad)
		if code, msg := rpcError(t, err); code != -32602 || !strings.HasPrefix(msg, "invalid PayPIN") {
			t.Errorf("pin %q: %d %q", bad, code, msg)
		}
	}
	// pay("alice@pay") moves the value to alice, who pays nothing here.
	before, err := n.eth.BalanceAt(ctx, alice.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	pay := n.send(bob, txOpts{to: &exec.PayPINAddress, value: ether(3), data: pack(t, pin.ABI, "pay", "alice@pay")})
	n.seal()
	if r := n.receipt(pay); r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("pay: status %d", r.Status)
	}
	after, err := n.eth.BalanceAt(ctx, alice.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	if new(big.Int).Sub(after, before).Cmp(ether(3)) != 0 {
		t.Fatalf("alice received %s", new(big.Int).Sub(after, before))
	}
}

// progress is a Progress whose answers the test sets.
type progress struct {
	mu                   sync.Mutex
	available            map[uint64]bool
	committed, finalized *uint64
}

func (p *progress) Available(n uint64) (bool, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.available[n]
	return a, ok
}

func (p *progress) CommittedHead() (uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.committed == nil {
		return 0, false
	}
	return *p.committed, true
}

func (p *progress) FinalizedHead() (uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finalized == nil {
		return 0, false
	}
	return *p.finalized, true
}

func (p *progress) set(available map[uint64]bool, committed, finalized *uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.available, p.committed, p.finalized = available, committed, finalized
}

// TestStatusAndBatches follows a transaction from pending to finalized as
// the progress reports move, tags safe and finalized with them, reports a
// dropped transaction, and describes a batch with a deposit.
func TestStatusAndBatches(t *testing.T) {
	p := &progress{}
	n := newTestNode(t, nodeOptions{progress: p})
	ctx := context.Background()
	k := n.keys[0]
	var txs []*types.Transaction
	for range 3 {
		txs = append(txs, n.send(k, txOpts{to: &n.keys[1].Address, value: big.NewInt(1)}))
		n.seal()
	}
	status := func(tx *types.Transaction) TxStatus {
		var st TxStatus
		if err := n.rpc.Call(&st, "l2_transactionStatus", tx.Hash()); err != nil {
			t.Fatal(err)
		}
		return st
	}
	one, two := uint64(1), uint64(2)
	if st := status(txs[2]); st.Status != StatusFinal {
		t.Fatalf("with no progress known: %+v", st)
	}
	p.set(map[uint64]bool{1: true, 2: true, 3: true}, &two, &one)
	for i, want := range []string{StatusFinalized, StatusCommitted, StatusAvailable} {
		if st := status(txs[i]); st.Status != want || uint64(*st.BlockNumber) != uint64(i+1) {
			t.Fatalf("transaction %d: %+v, want %s", i, st, want)
		}
	}
	for tag, want := range map[string]uint64{"safe": 2, "finalized": 1, "latest": 3, "pending": 3, "earliest": 0} {
		var h map[string]any
		if err := n.rpc.Call(&h, "eth_getBlockByNumber", tag, false); err != nil {
			t.Fatal(err)
		}
		if h["number"] != hexutil.EncodeUint64(want) {
			t.Fatalf("%s is block %v, want %d", tag, h["number"], want)
		}
	}
	if st := status(types.NewTx(&types.LegacyTx{Nonce: 99})); st.Status != StatusUnknown || st.BlockNumber != nil {
		t.Fatalf("unknown transaction: %+v", st)
	}

	// A batch that carries a stale transaction and a deposit: the
	// transaction is dropped, the deposit minted.
	stale := txs[0]
	dep := &exec.Deposit{Nonce: 0, L1Tx: common.Hash{7}, From: common.HexToAddress("0x1001"), To: n.keys[3].Address, Mint: ether(5)}
	head := n.exec.Head()
	res, err := n.exec.Apply(ctx, &exec.Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1, DataRoot: common.Hash{9},
		Deposits: []*exec.Deposit{dep}, Txs: types.Transactions{stale, txs[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dropped) != 2 {
		t.Fatalf("dropped %d", len(res.Dropped))
	}
	// An included transaction stays reported where it was included.
	if st := status(stale); st.Status != StatusFinalized {
		t.Fatalf("included then replayed: %+v", st)
	}
	replay := n.tx(k, txOpts{to: &n.keys[1].Address, value: big.NewInt(1), nonce: new(uint64)})
	if _, err := n.exec.Apply(ctx, &exec.Batch{Number: head.NumberU64() + 2, Time: head.Time() + 2, Txs: types.Transactions{replay}}); err != nil {
		t.Fatal(err)
	}
	if st := status(replay); st.Status != StatusDropped || !strings.HasPrefix(st.Reason, "nonce too low") || uint64(*st.BlockNumber) != head.NumberU64()+2 {
		t.Fatalf("dropped transaction: %+v", st)
	}

	var b Batch
	if err := n.rpc.Call(&b, "l2_getBatch", hexutil.EncodeUint64(head.NumberU64()+1)); err != nil {
		t.Fatal(err)
	}
	dataRoot, depositsHash, err := exec.HeaderExtra(res.Block.Header())
	if err != nil {
		t.Fatal(err)
	}
	if b.Hash != res.Block.Hash() || b.StateRoot != res.Block.Root() || b.DataRoot != dataRoot || b.DataRoot != (common.Hash{9}) ||
		b.DepositsHash != depositsHash || b.Transactions != 0 || b.Status != StatusFinal || len(b.Deposits) != 1 || uint64(b.Time) != head.Time()+1 {
		t.Fatalf("batch: %+v", b)
	}
	d := b.Deposits[0]
	if d.Hash != dep.Hash() || d.Nonce != 0 || d.L1Tx != dep.L1Tx || d.To != dep.To || d.Mint.ToInt().Cmp(ether(5)) != 0 || d.Status != 1 ||
		d.Skipped != "" || d.TokenAmount == nil || d.TokenAmount.ToInt().Sign() != 0 || d.BlockHash != res.Block.Hash() {
		t.Fatalf("deposit: %+v", d)
	}
	if bal, err := n.eth.BalanceAt(ctx, n.keys[3].Address, nil); err != nil || bal.Cmp(new(big.Int).Add(ether(1_000_000), ether(5))) != 0 {
		t.Fatalf("deposit recipient holds %s, %v", bal, err)
	}
	var byHash, genesis, missing *Batch
	if err := n.rpc.Call(&byHash, "l2_getBatch", res.Block.Hash()); err != nil || byHash == nil || byHash.Number != b.Number {
		t.Fatalf("batch by hash: %+v, %v", byHash, err)
	}
	if err := n.rpc.Call(&genesis, "l2_getBatch", "earliest"); err != nil || genesis == nil || genesis.Hash != n.exec.Genesis().Hash() {
		t.Fatalf("genesis batch: %+v, %v", genesis, err)
	}
	if err := n.rpc.Call(&missing, "l2_getBatch", "0x99"); err != nil || missing != nil {
		t.Fatalf("batch beyond the head: %+v, %v", missing, err)
	}
}

// TestDepositRPC: l2_depositNonce and l2_getDeposit follow the applied
// deposits; l2_getBatch shows skipped ones with their reason.
func TestDepositRPC(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	nonce := func() uint64 {
		t.Helper()
		var v hexutil.Uint64
		if err := n.rpc.Call(&v, "l2_depositNonce"); err != nil {
			t.Fatal(err)
		}
		return uint64(v)
	}
	if nonce() != 0 {
		t.Fatalf("deposit nonce at genesis %d", nonce())
	}
	to := common.HexToAddress("0xd0")
	dep := func(nonce uint64) *exec.Deposit {
		return &exec.Deposit{Nonce: nonce, L1Tx: common.Hash{byte(nonce + 1)}, From: common.HexToAddress("0x1001"), To: to, Mint: ether(1)}
	}
	token := &exec.Deposit{Nonce: 1, L1Tx: common.Hash{0xee}, To: to, L1Token: common.HexToAddress("0x70ce"), TokenAmount: big.NewInt(42)}
	head := n.exec.Head()
	res, err := n.exec.Apply(ctx, &exec.Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1,
		Deposits: []*exec.Deposit{dep(0), dep(0), token, dep(5)}})
	if err != nil {
		t.Fatal(err)
	}
	if nonce() != 2 {
		t.Fatalf("deposit nonce %d after two applied", nonce())
	}

	var raw map[string]any
	if err := n.rpc.Call(&raw, "l2_getDeposit", "0x1"); err != nil || raw == nil {
		t.Fatalf("l2_getDeposit(1): %v, %v", raw, err)
	}
	want := map[string]any{"nonce": "0x1", "l1Tx": token.L1Tx.Hex(), "l1Token": "0x00000000000000000000000000000000000070ce",
		"tokenAmount": "0x2a", "mint": "0x0", "status": "0x1", "blockNumber": hexutil.EncodeUint64(res.Block.NumberU64()),
		"blockHash": res.Block.Hash().Hex(), "hash": token.Hash().Hex()}
	for k, v := range want {
		if raw[k] != v {
			t.Errorf("l2_getDeposit(1).%s = %v, want %v", k, raw[k], v)
		}
	}
	for _, k := range []string{"skipped", "sourceHash"} {
		if _, ok := raw[k]; ok {
			t.Errorf("l2_getDeposit(1) has %s", k)
		}
	}
	for _, missing := range []string{"0x2", "0x5"} {
		var d *DepositResult
		if err := n.rpc.Call(&d, "l2_getDeposit", missing); err != nil || d != nil {
			t.Fatalf("l2_getDeposit(%s) of a deposit not applied: %+v, %v", missing, d, err)
		}
	}

	var b Batch
	if err := n.rpc.Call(&b, "l2_getBatch", "latest"); err != nil {
		t.Fatal(err)
	}
	wantSkipped := []string{"", "deposit nonce 0, next is 1", "", "deposit nonce 5, next is 2"}
	if len(b.Deposits) != len(wantSkipped) {
		t.Fatalf("batch has %d deposits", len(b.Deposits))
	}
	for i, d := range b.Deposits {
		if d.Skipped != wantSkipped[i] || d.BlockHash != res.Block.Hash() {
			t.Fatalf("deposit %d: skipped %q block %s, want %q", i, d.Skipped, d.BlockHash, wantSkipped[i])
		}
	}
	if bal, err := n.eth.BalanceAt(ctx, to, nil); err != nil || bal.Cmp(ether(1)) != 0 {
		t.Fatalf("recipient holds %s, %v: want one mint", bal, err)
	}
}

// TestStepRootsRPC: l2_stepRoots answers a batch's intermediate roots with
// their commitment; a batch that does not exist is an error.
func TestStepRootsRPC(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	head := n.exec.Head()
	dep := &exec.Deposit{Nonce: 0, L1Tx: common.Hash{1}, From: common.HexToAddress("0x1001"), To: common.HexToAddress("0xd0"), Mint: ether(1)}
	res, err := n.exec.Apply(ctx, &exec.Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1, Deposits: []*exec.Deposit{dep}})
	if err != nil {
		t.Fatal(err)
	}
	var got StepsResult
	if err := n.rpc.Call(&got, "l2_stepRoots", hexutil.Uint64(res.Block.NumberU64())); err != nil {
		t.Fatal(err)
	}
	want, err := n.exec.StepRoots(res.Block.NumberU64())
	if err != nil {
		t.Fatal(err)
	}
	if got.PreRoot != head.Root() || len(got.Roots) != 1 || got.Roots[0] != res.Block.Root() || got.StepsRoot != want.Root() ||
		got.Kinds[0] != "deposit" || got.Items[0] != dep.Hash() || got.BlockHash != res.Block.Hash() || len(got.Provable) != 1 || !got.Provable[0] {
		t.Fatalf("l2_stepRoots: %+v", got)
	}
	if err := n.rpc.Call(&got, "l2_stepRoots", hexutil.Uint64(res.Block.NumberU64()+5)); err == nil {
		t.Fatal("steps of a batch that does not exist")
	}
}
