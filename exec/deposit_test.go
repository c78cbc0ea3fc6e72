package exec

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/l2node/l2node/contracts"
)

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.Ether)) }

// depositTo is deposit nonce n of n ether to a fresh address of its own.
func depositTo(n uint64) *Deposit {
	return &Deposit{
		Nonce: n,
		L1Tx:  common.BigToHash(big.NewInt(int64(1000 + n))),
		From:  common.HexToAddress("0x1001"),
		To:    recipient(n),
		Mint:  ether(int64(n + 1)),
	}
}

func recipient(n uint64) common.Address { return common.BigToAddress(big.NewInt(int64(0xd0000 + n))) }

// depositChain is an executor fed batches of deposits only.
type depositChain struct {
	t *testing.T
	e *Executor
}

func (c depositChain) apply(ds ...*Deposit) *Result {
	c.t.Helper()
	head := c.e.Head()
	res, err := c.e.Apply(context.Background(), &Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1, Deposits: ds})
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

func (c depositChain) next() uint64 {
	c.t.Helper()
	n, err := c.e.NextDepositNonce()
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

func (c depositChain) balance(a common.Address) *big.Int {
	c.t.Helper()
	st, err := c.e.StateAt(c.e.Head().Header())
	if err != nil {
		c.t.Fatal(err)
	}
	return st.GetBalance(a).ToBig()
}

// wantOutcomes checks which deposits of res were applied ("" ) or skipped
// (the reason).
func wantOutcomes(t *testing.T, res *Result, want ...string) {
	t.Helper()
	if len(res.Deposits) != len(want) {
		t.Fatalf("%d deposit receipts, want %d", len(res.Deposits), len(want))
	}
	for i, r := range res.Deposits {
		if r.Skipped != want[i] || r.Applied() != (want[i] == "") {
			t.Fatalf("deposit %d (nonce %d): skipped %q, want %q", i, r.Deposit.Nonce, r.Skipped, want[i])
		}
		if !r.Applied() && (r.Status != types.ReceiptStatusFailed || r.GasUsed != 0 || len(r.Logs) != 0) {
			t.Fatalf("skipped deposit %d has an outcome: %+v", i, r)
		}
		if r.BlockNumber != res.Block.NumberU64() || r.BlockHash != res.Block.Hash() {
			t.Fatalf("deposit %d: block %d %s", i, r.BlockNumber, r.BlockHash)
		}
	}
}

func TestGenesisDepositNonceAccount(t *testing.T) {
	e := openTest(t, DevGenesis(testChainID, 1), Config{})
	st, err := e.StateAt(e.Genesis().Header())
	if err != nil {
		t.Fatal(err)
	}
	if !st.Exist(DepositNonceAddress) || st.GetNonce(DepositNonceAddress) != 1 || st.GetCodeSize(DepositNonceAddress) != 0 ||
		!st.GetBalance(DepositNonceAddress).IsZero() || st.GetState(DepositNonceAddress, common.Hash{}) != (common.Hash{}) {
		t.Fatal("genesis deposit nonce account is not nonce 1, no code, no balance, empty slot 0")
	}
	if n, err := e.NextDepositNonce(); err != nil || n != 0 {
		t.Fatalf("next deposit nonce at genesis %d, %v", n, err)
	}
	gen := DevGenesis(testChainID, 1)
	gen.Alloc[DepositNonceAddress] = types.Account{Balance: big.NewInt(1)}
	if _, err := gen.Core(); err == nil {
		t.Fatal("an alloc over the deposit nonce account was accepted")
	}
	// Accounts the one-step proof cannot handle: an empty one (EIP-161 would
	// delete it when touched), and a 7702 delegation as code.
	for name, acc := range map[string]types.Account{
		"empty":           {},
		"empty with zero": {Balance: new(big.Int)},
		"7702 delegation": {Balance: big.NewInt(1), Code: types.AddressToDelegation(common.HexToAddress("0x1234"))},
	} {
		gen := DevGenesis(testChainID, 1)
		gen.Alloc[common.HexToAddress("0xe0")] = acc
		if err := gen.Validate(); err == nil {
			t.Errorf("a genesis with an account %s was accepted", name)
		}
	}
	// A nonce alone makes an account non-empty; storage does not (EIP-161).
	gen = DevGenesis(testChainID, 1)
	gen.Alloc[common.HexToAddress("0xe2")] = types.Account{Storage: map[common.Hash]common.Hash{{1}: {2}}}
	if err := gen.Validate(); err == nil {
		t.Error("a genesis with a storage-only account was accepted")
	}
	gen = DevGenesis(testChainID, 1)
	gen.Alloc[common.HexToAddress("0xe1")] = types.Account{Nonce: 1}
	if err := gen.Validate(); err != nil {
		t.Fatal(err)
	}
	// Loading a genesis file validates it.
	path := filepath.Join(t.TempDir(), "genesis.json")
	if err := os.WriteFile(path, []byte(`{"chain_id": 7, "alloc": {"0x00000000000000000000000000000000000000e0": {"balance": "0x0"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadGenesis(path); err == nil || !strings.Contains(err.Error(), "empty account") {
		t.Fatalf("loading a genesis with an empty account: %v", err)
	}
}

// TestDepositsExactlyOnce: deposits apply in nonce order; duplicates (in
// the same batch or a later one) and deposits ahead of a gap are skipped
// without effect, and a skipped deposit is applied only when a batch carries
// it again at its turn.
func TestDepositsExactlyOnce(t *testing.T) {
	c := depositChain{t, openTest(t, DevGenesis(testChainID, 1), Config{})}

	res := c.apply(depositTo(0), depositTo(1))
	wantOutcomes(t, res, "", "")
	if c.next() != 2 {
		t.Fatalf("next nonce %d after 0 and 1", c.next())
	}
	for n := range uint64(2) {
		if got := c.balance(recipient(n)); got.Cmp(ether(int64(n+1))) != 0 {
			t.Fatalf("recipient %d holds %s", n, got)
		}
	}

	// A later batch carries 1 again, then 2 twice: 1 and the second 2 are
	// skipped.
	res = c.apply(depositTo(1), depositTo(2), depositTo(2))
	wantOutcomes(t, res, "deposit nonce 1, next is 2", "", "deposit nonce 2, next is 3")
	if c.balance(recipient(1)).Cmp(ether(2)) != 0 || c.balance(recipient(2)).Cmp(ether(3)) != 0 {
		t.Fatal("a duplicate minted again")
	}

	// A batch of duplicates only leaves the state as it was.
	root := c.e.Head().Root()
	res = c.apply(depositTo(0), depositTo(2))
	wantOutcomes(t, res, "deposit nonce 0, next is 3", "deposit nonce 2, next is 3")
	if res.Block.Root() != root {
		t.Fatal("skipped deposits changed the state")
	}

	// A gap: 4 before 3 is skipped, and stays unapplied when 3 arrives.
	res = c.apply(depositTo(4), depositTo(3))
	wantOutcomes(t, res, "deposit nonce 4, next is 3", "")
	if c.next() != 4 || c.balance(recipient(4)).Sign() != 0 {
		t.Fatalf("next %d, recipient 4 holds %s: the gapped deposit took effect", c.next(), c.balance(recipient(4)))
	}
	if _, ok, err := c.e.DepositByNonce(4); ok || err != nil {
		t.Fatalf("deposit 4 reported applied: %v", err)
	}
	res = c.apply(depositTo(4))
	wantOutcomes(t, res, "")
	if c.next() != 5 || c.balance(recipient(4)).Cmp(ether(5)) != 0 {
		t.Fatal("deposit 4 carried at its turn was not applied")
	}

	// DepositByNonce finds the block that applied each, not the ones that
	// skipped a copy.
	for n, block := range []uint64{1, 1, 2, 4, 5} {
		r, ok, err := c.e.DepositByNonce(uint64(n))
		if err != nil || !ok {
			t.Fatalf("deposit %d: %v, %v", n, ok, err)
		}
		h := c.e.BlockByNumber(block)
		if r.Deposit.Nonce != uint64(n) || !r.Applied() || r.BlockNumber != block || r.BlockHash != h.Hash() || r.Deposit.Hash() != depositTo(uint64(n)).Hash() {
			t.Fatalf("deposit %d: block %d %s, want %d %s", n, r.BlockNumber, r.BlockHash, block, h.Hash())
		}
	}
	if _, ok, err := c.e.DepositByNonce(5); ok || err != nil {
		t.Fatalf("deposit 5 not carried yet, found: %v", err)
	}
}

// TestDepositNonceSlot: the next nonce is slot 0 of the system account, in
// the state root; the account survives as non-empty.
func TestDepositNonceSlot(t *testing.T) {
	c := depositChain{t, openTest(t, DevGenesis(testChainID, 1), Config{})}
	c.apply(depositTo(0), depositTo(1), depositTo(2))
	st, err := c.e.StateAt(c.e.Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	if got := st.GetState(DepositNonceAddress, common.Hash{}); got != common.BigToHash(big.NewInt(3)) {
		t.Fatalf("slot 0 holds %s", got)
	}
	if DepositNonceIn(st) != 3 || st.GetNonce(DepositNonceAddress) != 1 {
		t.Fatalf("nonce in state %d, account nonce %d", DepositNonceIn(st), st.GetNonce(DepositNonceAddress))
	}
	// A proof of the slot against the block's state root is what a fraud
	// proof will read.
	tr, err := c.e.StateDatabase().OpenStorageTrie(c.e.Head().Root(), DepositNonceAddress, st.GetStorageRoot(DepositNonceAddress), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tr.GetStorage(DepositNonceAddress, common.Hash{}.Bytes())
	if err != nil || new(big.Int).SetBytes(v).Uint64() != 3 {
		t.Fatalf("storage trie holds %x, %v", v, err)
	}
}

// TestDepositAmounts: nil amounts are zero (same hash, accepted), negative
// ones are refused, and an ERC-20 deposit is recorded and consumes its
// nonce but mints nothing.
func TestDepositAmounts(t *testing.T) {
	a := &Deposit{Nonce: 3, To: common.Address{1}}
	b := &Deposit{Nonce: 3, To: common.Address{1}, Mint: new(big.Int), TokenAmount: new(big.Int)}
	if a.Hash() != b.Hash() {
		t.Fatal("nil and zero amounts hash differently")
	}
	c := depositChain{t, openTest(t, DevGenesis(testChainID, 1), Config{})}
	head := c.e.Head()
	for _, bad := range []*Deposit{
		{Mint: big.NewInt(-1)},
		{TokenAmount: big.NewInt(-1)},
		{Mint: new(big.Int).Lsh(big.NewInt(1), 255)},
		{TokenAmount: new(big.Int).Lsh(big.NewInt(1), 256)},
		{GasLimit: MaxDepositGas + 1},
	} {
		_, err := c.e.Apply(context.Background(), &Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1, Deposits: []*Deposit{bad}})
		if err == nil {
			t.Fatalf("deposit %+v accepted", bad)
		}
	}
	token := common.HexToAddress("0x70ce")
	to := common.HexToAddress("0xbeef")
	res := c.apply(&Deposit{Nonce: 0, To: to}, &Deposit{Nonce: 1, To: to, L1Token: token, TokenAmount: big.NewInt(100)})
	wantOutcomes(t, res, "", "")
	if c.next() != 2 || c.balance(to).Sign() != 0 {
		t.Fatalf("next %d, recipient holds %s", c.next(), c.balance(to))
	}
	r, ok, err := c.e.DepositByNonce(1)
	if err != nil || !ok || r.Deposit.L1Token != token || r.Deposit.TokenAmount.Cmp(big.NewInt(100)) != 0 || r.Deposit.Mint.Sign() != 0 {
		t.Fatalf("stored token deposit %+v, %v, %v", r, ok, err)
	}
}

// TestSkippedDepositRunsNoCall: a skipped deposit with call data runs no
// call; the applied one does.
func TestSkippedDepositRunsNoCall(t *testing.T) {
	c := depositChain{t, openTest(t, DevGenesis(testChainID, 1), Config{})}
	pin := contracts.MustLoad(contracts.PayPIN)
	register := func(name string) []byte {
		data, err := pin.ABI.Pack("register", name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	from := common.HexToAddress("0xa11ce")
	res := c.apply(
		&Deposit{Nonce: 0, From: from, To: PayPINAddress, GasLimit: 200_000, Data: register("first@pay")},
		&Deposit{Nonce: 0, From: from, To: PayPINAddress, GasLimit: 200_000, Data: register("again@pay")},
	)
	wantOutcomes(t, res, "", "deposit nonce 0, next is 1")
	if r := res.Deposits[0]; r.Status != types.ReceiptStatusSuccessful || r.GasUsed == 0 || len(r.Logs) == 0 {
		t.Fatalf("applied call: %+v", r)
	}
	var rs []*DepositReceipt
	var err error
	if rs, err = c.e.Deposits(res.Block.NumberU64()); err != nil || len(rs) != 2 || rs[1].Skipped == "" || rs[0].Skipped != "" {
		t.Fatalf("stored receipts %+v, %v", rs, err)
	}
}

// TestDepositNonceSurvivesReplay: after a crash that loses the unflushed
// state, re-execution of stored batches (skipped deposits included) gives
// the same blocks and the same next nonce, and the rules carry on.
func TestDepositNonceSurvivesReplay(t *testing.T) {
	gen := DevGenesis(testChainID, 1)
	dir := t.TempDir()
	e, err := Open(dir, gen, Config{FlushInterval: 1000, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	c := depositChain{t, e}
	c.apply(depositTo(0), depositTo(1))
	c.apply(depositTo(1), depositTo(3), depositTo(2))
	c.apply(depositTo(3))
	head := e.Head()
	e.closed = true // a crash: the trie cache is never flushed
	e.kv.Close()

	e2, err := Open(dir, gen, Config{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	c = depositChain{t, e2}
	if e2.Head().Hash() != head.Hash() || c.next() != 4 {
		t.Fatalf("after replay head %s next %d, want %s and 4", e2.Head().Hash(), c.next(), head.Hash())
	}
	if r, ok, err := e2.DepositByNonce(3); err != nil || !ok || r.BlockNumber != 3 {
		t.Fatalf("deposit 3 after replay: %+v %v %v", r, ok, err)
	}
	res := c.apply(depositTo(3), depositTo(4))
	wantOutcomes(t, res, "deposit nonce 3, next is 4", "")
}

// TestDepositsSamePathsAgree: batches mixing deposits (applied and skipped)
// and transfers give the same blocks with and without the fast path.
func TestDepositsSamePathsAgree(t *testing.T) {
	keys := DevKeys(2)
	gen := DevGenesis(testChainID, 2)
	fast := openTest(t, gen, Config{})
	slow := openTest(t, gen, Config{DisableFastPath: true})
	batches := [][]uint64{{0, 1}, {1, 3}, {2, 3, 3}, {5}, {4, 5}}
	for i, nonces := range batches {
		n := uint64(i + 1)
		// The transfer pays a deposit recipient, before and after its mint.
		to := recipient(n)
		tx := signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: n - 1, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(7)})
		var ds []*Deposit
		for _, d := range nonces {
			ds = append(ds, depositTo(d))
		}
		var hashes []common.Hash
		for _, e := range []*Executor{fast, slow} {
			raw, _ := tx.MarshalBinary()
			cp := new(types.Transaction)
			if err := cp.UnmarshalBinary(raw); err != nil {
				t.Fatal(err)
			}
			res, err := e.Apply(context.Background(), &Batch{Number: n, Time: n, FeeRecipient: keys[1].Address, Deposits: ds, Txs: types.Transactions{cp}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Receipts) != 1 {
				t.Fatalf("batch %d: transfer dropped: %+v", n, res.Dropped)
			}
			hashes = append(hashes, res.Block.Hash())
		}
		if hashes[0] != hashes[1] {
			t.Fatalf("batch %d: fast path block %s, EVM block %s", n, hashes[0], hashes[1])
		}
	}
	for _, e := range []*Executor{fast, slow} {
		if n, err := e.NextDepositNonce(); err != nil || n != 6 {
			t.Fatalf("next deposit nonce %d, %v", n, err)
		}
	}
}
