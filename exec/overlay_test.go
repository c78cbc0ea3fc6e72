package exec

import (
	"bytes"
	"context"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestOverlayCommit holds the payments overlay's own commit (payments.commit)
// to go-ethereum's StateDB on the odd cases of a batch of transfers: the fee
// recipient also sender and recipient, zero tips, zero values, self
// transfers, accounts with storage as sender, recipient and fee recipient, a
// contract as fee recipient, batches of dropped transactions only, an empty
// batch, and overlay batches after a deposit and after a contract call. Per
// batch the fast executor and the EVM executor give the same block, drops
// and receipts, and the overlay commits exactly the batches expected; at
// the end every account and the slots of the accounts with storage agree,
// and the step roots of an overlay-committed batch end at its block root. It
// runs with the default head-account cache and with one of two accounts,
// which evicts nearly everything the overlay would read from it.
//
// An EIP-7702 delegated sender is left out: Genesis.Validate refuses a
// delegation as genesis code, and the chain refuses SetCode (type 4)
// transactions (checkStatic), so no state of this chain holds one.
func TestOverlayCommit(t *testing.T) {
	for _, v := range []struct {
		name string
		cfg  Config
	}{
		{"default", Config{}},
		{"HeadAccounts=2", Config{HeadAccounts: 2}},
	} {
		t.Run(v.name, func(t *testing.T) { testOverlayCommit(t, v.cfg) })
	}
}

func testOverlayCommit(t *testing.T, fastCfg Config) {
	keys := DevKeys(4)
	gen := DevGenesis(testChainID, 2) // keys[0] and keys[1]
	// keys[2] is an externally owned account holding storage; keys[3] has
	// nothing.
	stored := keys[2]
	gen.Alloc[stored.Address] = types.Account{Balance: ether(10), Storage: map[common.Hash]common.Hash{
		{1}: {0xaa}, {2}: {0xbb},
	}}
	// vault has storage, no code, no key and no balance: its nonce alone
	// keeps it from being empty.
	vault := common.HexToAddress("0x5a17000000000000000000000000000000000001")
	gen.Alloc[vault] = types.Account{Nonce: 1, Balance: new(big.Int), Storage: map[common.Hash]common.Hash{
		{1}: {0x11}, {0xff}: {0x22},
	}}
	// counter is a contract that adds one to its slot 0 when called:
	// PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE STOP.
	counter := common.HexToAddress("0xc0c0000000000000000000000000000000000001")
	gen.Alloc[counter] = types.Account{Nonce: 1, Balance: new(big.Int),
		Code:    common.FromHex("0x600054600101600055" + "00"),
		Storage: map[common.Hash]common.Hash{{}: common.BigToHash(big.NewInt(5)), {1}: {0x33}},
	}
	if err := gen.Validate(); err != nil {
		t.Fatal(err)
	}
	slots := map[common.Address][]common.Hash{
		stored.Address:      {{1}, {2}, {3}},
		vault:               {{1}, {0xff}, {}},
		counter:             {{}, {1}},
		DepositNonceAddress: {{}},
	}

	nonces := make([]uint64, len(keys))
	// tx is a transfer from keys[from] with the given nonce, value and tip
	// (wei); send is tx with the sender's next nonce, which it advances.
	tx := func(from int, nonce uint64, to common.Address, value, tip int64) *types.Transaction {
		return signTx(t, keys[from], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce,
			GasTipCap: big.NewInt(tip), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(value)})
	}
	send := func(from int, to common.Address, value, tip int64) *types.Transaction {
		nonces[from]++
		return tx(from, nonces[from]-1, to, value, tip)
	}
	call := func(from int, to common.Address) *types.Transaction {
		nonces[from]++
		return signTx(t, keys[from], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonces[from] - 1,
			GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 100_000, To: &to})
	}
	otherChain := func() *types.Transaction {
		tx, err := types.SignNewTx(keys[0].Key, types.LatestSignerForChainID(big.NewInt(1)), &types.DynamicFeeTx{
			ChainID: big.NewInt(1), Nonce: nonces[0], GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &vault, Value: big.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	missing := common.HexToAddress("0xdead000000000000000000000000000000000001") // never created
	newcomer := common.HexToAddress("0xfee0000000000000000000000000000000000001")
	deposit := &Deposit{Nonce: 0, L1Tx: common.Hash{0xd1}, From: common.HexToAddress("0x1001"), To: vault, Mint: ether(2)}

	type step struct {
		b       *Batch
		overlay bool // whether the fast executor commits it through the overlay
		dropped int
	}
	// NB: one statement per batch, so that the nonces the literals read
	// are the ones the batches before them left.
	var steps []step
	add := func(b *Batch, overlay bool, dropped int) { steps = append(steps, step{b, overlay, dropped}) }
	// The fee recipient is sender and recipient: a self transfer with a
	// tip and one without. Overlay.
	add(&Batch{FeeRecipient: keys[0].Address, Txs: types.Transactions{
		send(0, keys[0].Address, 1, 1e9),
		send(0, keys[0].Address, 0, 0),
	}}, true, 0)
	// The fee recipient has storage, no code and no balance; zero tips
	// leave it unpaid but not empty (its nonce). A zero value to it, the
	// storage-holding sender paying it, a zero value between keys, and
	// the storage-holding sender to itself. Overlay.
	add(&Batch{FeeRecipient: vault, Txs: types.Transactions{
		send(1, vault, 0, 0),
		send(2, vault, 3, 0),
		send(1, keys[0].Address, 0, 0),
		send(2, stored.Address, 7, 1e9),
	}}, true, 0)
	// A contract with storage as fee recipient, transfers to and from the
	// storage accounts with and without tips. Overlay.
	add(&Batch{FeeRecipient: counter, Txs: types.Transactions{
		send(2, keys[1].Address, 11, 0),
		send(0, vault, 13, 1e9),
		send(1, stored.Address, 0, 2e9),
		send(1, missing, 0, 1e9), // zero value to a missing account: creates nothing
	}}, true, 0)
	// A fee recipient that does not exist, paid nothing by the first
	// transfer: created and deleted again as empty (EIP-161), which the
	// overlay writes out through the StateDB, which commits. The second
	// transfer pays it.
	add(&Batch{FeeRecipient: newcomer, Txs: types.Transactions{
		send(0, keys[1].Address, 1, 0),
		send(1, keys[0].Address, 1, 1e9),
	}}, false, 0)
	// Only dropped transfers: no funds, a stale nonce, a gapped nonce, a
	// fee cap under the base fee, another chain. Nothing changes, the
	// overlay commits the parent's root.
	add(&Batch{FeeRecipient: missing, Txs: types.Transactions{
		tx(3, 0, keys[0].Address, 1, 0),
		tx(0, nonces[0]-1, vault, 1, 0),
		tx(1, nonces[1]+1, vault, 1, 0),
		signTx(t, keys[2], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonces[2],
			GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(1), Gas: 21000, To: &vault, Value: big.NewInt(1)}),
		otherChain(),
	}}, true, 5)
	// Only dropped, one of them a call to a contract: the EVM path writes
	// the (unchanged) overlay out first, so the StateDB commits.
	add(&Batch{FeeRecipient: vault, Txs: types.Transactions{
		tx(0, nonces[0]-1, counter, 0, 0),
		tx(3, 0, vault, 1, 0),
	}}, false, 2)
	// An empty batch paying a fee recipient that does not exist. Overlay.
	add(&Batch{FeeRecipient: missing}, true, 0)
	// A deposit to the storage account, then transfers: the deposit
	// writes through the StateDB, which commits.
	add(&Batch{FeeRecipient: keys[1].Address, Deposits: []*Deposit{deposit}, Txs: types.Transactions{
		send(0, vault, 17, 1e9),
		send(2, keys[0].Address, 19, 0),
	}}, false, 0)
	// Transfers after the deposit, reading what the StateDB committed.
	// Overlay.
	add(&Batch{FeeRecipient: vault, Txs: types.Transactions{
		send(2, vault, 23, 1e9),
		send(0, stored.Address, 29, 0),
	}}, true, 0)
	// A contract call between transfers. StateDB.
	add(&Batch{FeeRecipient: counter, Txs: types.Transactions{
		send(0, keys[1].Address, 31, 1e9),
		call(1, counter),
		send(2, vault, 37, 0),
	}}, false, 0)
	// Transfers after the call, with gas left over to refund and an
	// access list naming a storage account's slot. Overlay.
	add(&Batch{FeeRecipient: counter, Txs: types.Transactions{
		send(0, vault, 41, 1e9),
		send(1, stored.Address, 43, 0),
		signTx(t, keys[2], &types.AccessListTx{ChainID: big.NewInt(testChainID), Nonce: nonces[2], GasPrice: gwei(10),
			Gas: 50_000, To: &vault, Value: big.NewInt(47), AccessList: types.AccessList{{Address: vault, StorageKeys: []common.Hash{{1}}}}}),
	}}, true, 0)
	const stepsOf = 2 // an overlay-committed batch of four transfers: its step roots are checked

	fast := openTest(t, gen, fastCfg)
	slow := openTest(t, gen, Config{DisableFastPath: true})
	for i, s := range steps {
		n := uint64(i + 1)
		s.b.Number, s.b.Time = n, 100+n
		rf, err := fast.Apply(context.Background(), copyBatch(t, s.b))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := slow.Apply(context.Background(), copyBatch(t, s.b))
		if err != nil {
			t.Fatal(err)
		}
		if rf.overlayCommit != s.overlay || rs.overlayCommit {
			t.Fatalf("batch %d: overlay commit %v (want %v), EVM executor's %v", n, rf.overlayCommit, s.overlay, rs.overlayCommit)
		}
		if rf.Block.Hash() != rs.Block.Hash() {
			t.Fatalf("batch %d: fast block %s root %s, EVM block %s root %s", n, rf.Block.Hash(), rf.Block.Root(), rs.Block.Hash(), rs.Block.Root())
		}
		if len(rf.Dropped) != s.dropped || !slices.Equal(rf.Dropped, rs.Dropped) {
			t.Fatalf("batch %d: dropped %+v, EVM dropped %+v, want %d", n, rf.Dropped, rs.Dropped, s.dropped)
		}
		if len(rf.Receipts) != len(s.b.Txs)-s.dropped {
			t.Fatalf("batch %d: %d receipts, want %d", n, len(rf.Receipts), len(s.b.Txs)-s.dropped)
		}
		requireSameReceipts(t, n, rf.Receipts, rs.Receipts)
	}

	if !steps[stepsOf-1].overlay {
		t.Fatal("the step roots are checked on a batch the StateDB commits")
	}
	st, err := fast.StepRoots(stepsOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Roots) != len(steps[stepsOf-1].b.Txs) || st.Roots[len(st.Roots)-1] != fast.BlockByNumber(stepsOf).Root() {
		t.Fatalf("batch %d: step roots %v, block root %s", stepsOf, st.Roots, fast.BlockByNumber(stepsOf).Root())
	}

	head := fast.Head()
	if head.Hash() != slow.Head().Hash() {
		t.Fatalf("heads %s and %s", head.Hash(), slow.Head().Hash())
	}
	got, want := accountsOf(t, fast, head.Root()), accountsOf(t, slow, head.Root())
	if len(got) != len(want) {
		t.Fatalf("%d accounts, EVM executor %d", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Fatalf("account %x: %x, EVM executor %x", k, got[k], v)
		}
	}
	sf, err := fast.StateAt(head.Header())
	if err != nil {
		t.Fatal(err)
	}
	ss, err := slow.StateAt(head.Header())
	if err != nil {
		t.Fatal(err)
	}
	for addr, ks := range slots {
		for _, k := range ks {
			if a, b := sf.GetState(addr, k), ss.GetState(addr, k); a != b {
				t.Fatalf("%s slot %x: %x, EVM executor %x", addr, k, a, b)
			}
		}
	}
	// The call ran and the deposit applied: the slots the test relies on
	// did change.
	if v := sf.GetState(counter, common.Hash{}); v != common.BigToHash(big.NewInt(6)) {
		t.Fatalf("counter slot 0 is %x, want 6", v)
	}
	if sf.Exist(missing) || !sf.Exist(newcomer) {
		t.Fatalf("missing account exists %v, paid fee recipient %v", sf.Exist(missing), sf.Exist(newcomer))
	}
	if DepositNonceIn(sf) != 1 {
		t.Fatalf("next deposit nonce %d, want 1", DepositNonceIn(sf))
	}
}

// copyBatch is b with fresh transaction objects (freshTxs).
func copyBatch(t *testing.T, b *Batch) *Batch {
	t.Helper()
	cp := *b
	cp.recovery = nil
	cp.Txs = freshTxs(t, b.Txs)
	return &cp
}
