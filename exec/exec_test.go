package exec

import (
	"bytes"
	"context"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
)

const testChainID = 4242

func openTest(t testing.TB, gen *Genesis, cfg Config) *Executor {
	t.Helper()
	cfg.NoSync = true
	e, err := Open(t.TempDir(), gen, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.GWei)) }

func signTx(t testing.TB, k *DevKey, data types.TxData) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(k.Key, types.LatestSignerForChainID(big.NewInt(testChainID)), data)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func TestApplyTransfers(t *testing.T) {
	keys := DevKeys(3)
	e := openTest(t, DevGenesis(testChainID, 3), Config{})
	leader := common.HexToAddress("0x1234")
	var txs types.Transactions
	for n := range uint64(5) {
		txs = append(txs, signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: n, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(1000)}))
	}
	// A stale nonce is dropped, not fatal.
	txs = append(txs, signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: 2, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(1)}))
	res, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 10, FeeRecipient: leader, Txs: txs})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Receipts) != 5 || len(res.Dropped) != 1 || res.FastPath != 5 {
		t.Fatalf("receipts %d dropped %d fast %d", len(res.Receipts), len(res.Dropped), res.FastPath)
	}
	if !bytes.Contains([]byte(res.Dropped[0].Reason), []byte("nonce too low")) {
		t.Fatalf("drop reason %q", res.Dropped[0].Reason)
	}
	st, err := e.StateAt(e.Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	want := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	want.Add(want, big.NewInt(5000))
	if got := st.GetBalance(keys[1].Address).ToBig(); got.Cmp(want) != 0 {
		t.Fatalf("recipient balance %s want %s", got, want)
	}
	if st.GetNonce(keys[0].Address) != 5 {
		t.Fatalf("nonce %d", st.GetNonce(keys[0].Address))
	}
	if st.GetBalance(leader).IsZero() {
		t.Fatal("the leader got no tips")
	}
	// Stored receipts come back with every derived field.
	r := e.Receipt(txs[3].Hash())
	if r == nil || r.BlockNumber.Uint64() != 1 || r.TransactionIndex != 3 || r.GasUsed != 21000 || r.BlockHash != res.Block.Hash() {
		t.Fatalf("receipt %+v", r)
	}
	if e.Receipt(txs[5].Hash()) != nil {
		t.Fatal("dropped transaction has a receipt")
	}
	if _, err := e.Apply(context.Background(), &Batch{Number: 3, Time: 11}); err == nil {
		t.Fatal("a gap was accepted")
	}
}

// TestFastPathMatchesEVM runs 10,000 random transfers, valid and not,
// through the fast path and through the EVM and requires identical blocks
// (state, transaction and receipt roots, gas) and identical drop decisions.
func TestFastPathMatchesEVM(t *testing.T) {
	const senders, batches, perBatch = 50, 20, 500
	gen := DevGenesis(testChainID, senders)
	// An account that is nearly empty, and one with code.
	poor := DevKeys(senders + 1)[senders]
	gen.Alloc[poor.Address] = types.Account{Balance: big.NewInt(21000 * params.GWei)}
	dir := t.TempDir()
	fast, err := Open(dir, gen, Config{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fast.Close() })
	slow := openTest(t, gen, Config{DisableFastPath: true})
	keys := append(DevKeys(senders), poor)
	nonces := make([]uint64, len(keys))
	rng := rand.New(rand.NewPCG(1, 2))
	fresh := func() common.Address {
		var a common.Address
		for i := range a {
			a[i] = byte(rng.IntN(256))
		}
		return a
	}
	targets := []common.Address{common.BytesToAddress([]byte{1}), common.BytesToAddress([]byte{4}), PayPINAddress, keys[0].Address}
	fastCount, overlayCommits := 0, 0
	for b := 1; b <= batches; b++ {
		var txs types.Transactions
		for range perBatch {
			i := rng.IntN(len(keys))
			k := keys[i]
			nonce := nonces[i]
			to := keys[rng.IntN(len(keys))].Address
			value := big.NewInt(rng.Int64N(1e18))
			gas := uint64(21000)
			feeCap := gwei(int64(2 + rng.IntN(3)))
			tip := big.NewInt(rng.Int64N(params.GWei))
			// Most transactions are valid; one in three has a fault or an
			// unusual target. Even batches leave out the faults that write
			// to the state database (a contract or precompile target, an
			// empty account touched, an unpaid fee recipient), so that the
			// payments overlay commits them on its own.
			fault := rng.IntN(30)
			for b%2 == 0 && (fault == 3 || fault == 5 || fault == 12) {
				fault = rng.IntN(30)
			}
			switch fault {
			case 0:
				nonce += 1 + uint64(rng.IntN(3)) // gapped
			case 1:
				nonce -= min(nonce, 1) // stale
			case 2:
				to = fresh() // a new account
			case 3:
				to = targets[rng.IntN(len(targets))] // a precompile, a contract, the first key
			case 4:
				value = new(big.Int) // zero value
			case 5:
				value = new(big.Int)
				to = fresh() // zero value to an account that does not exist
			case 6:
				value = new(big.Int).Mul(big.NewInt(2_000_000), big.NewInt(params.Ether)) // more than anyone has
			case 7:
				gas = 20999 // below intrinsic gas
			case 8:
				gas = 50000 // gas left over to refund
			case 9:
				feeCap = big.NewInt(rng.Int64N(params.GWei)) // under the base fee
			case 10:
				tip = gwei(10) // above the fee cap
			case 11:
				to = k.Address // to itself
			case 12:
				tip = new(big.Int) // nothing for the fee recipient
			}
			var data types.TxData
			switch rng.IntN(3) {
			case 0:
				data = &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: gas, To: &to, Value: value}
			case 1:
				al := types.AccessList{}
				if rng.IntN(2) == 0 {
					al = append(al, types.AccessTuple{Address: to, StorageKeys: []common.Hash{{1}}})
					gas += 2400 + 1900
				}
				data = &types.AccessListTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasPrice: feeCap, Gas: gas, To: &to, Value: value, AccessList: al}
			default:
				data = &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: &to, Value: value}
			}
			if fault > 11 || (fault >= 2 && fault <= 5) || fault == 8 || fault == 11 {
				nonces[i]++
			}
			txs = append(txs, signTx(t, k, data))
		}
		batch := func() *Batch {
			cp := freshTxs(t, txs)
			// Every third batch pays a fee recipient that does not exist yet:
			// a transfer with no tip creates and, empty, deletes it.
			recipient := keys[b%len(keys)].Address
			if b%3 == 0 {
				recipient = common.BytesToAddress([]byte{0xfe, byte(b)})
			}
			return &Batch{Number: uint64(b), Time: uint64(100 + b), FeeRecipient: recipient, Txs: cp}
		}
		rf, err := fast.Apply(context.Background(), batch())
		if err != nil {
			t.Fatal(err)
		}
		rs, err := slow.Apply(context.Background(), batch())
		if err != nil {
			t.Fatal(err)
		}
		fastCount += rf.FastPath
		if rf.overlayCommit {
			overlayCommits++
		}
		if rs.overlayCommit {
			t.Fatal("the EVM executor committed through the overlay")
		}
		if testing.Verbose() {
			reasons := map[string]int{}
			for _, d := range rf.Dropped {
				r := d.Reason
				if i := strings.IndexByte(r, ':'); i > 0 {
					r = r[:i]
				}
				reasons[r]++
			}
			t.Logf("batch %d: %d included (%d fast), dropped %v", b, len(rf.Receipts), rf.FastPath, reasons)
		}
		if rs.FastPath != 0 {
			t.Fatal("the EVM executor took the fast path")
		}
		if rf.Block.Hash() != rs.Block.Hash() {
			t.Fatalf("batch %d: fast block %s root %s gas %d, EVM block %s root %s gas %d", b,
				rf.Block.Hash(), rf.Block.Root(), rf.Block.GasUsed(), rs.Block.Hash(), rs.Block.Root(), rs.Block.GasUsed())
		}
		if len(rf.Dropped) != len(rs.Dropped) {
			t.Fatalf("batch %d: dropped %d vs %d", b, len(rf.Dropped), len(rs.Dropped))
		}
		for i := range rf.Dropped {
			if rf.Dropped[i] != rs.Dropped[i] {
				t.Fatalf("batch %d: drop %d: fast %+v, EVM %+v", b, i, rf.Dropped[i], rs.Dropped[i])
			}
		}
		requireSameReceipts(t, uint64(b), rf.Receipts, rs.Receipts)
		// Resync nonces with the state.
		st, err := fast.StateAt(fast.Head().Header())
		if err != nil {
			t.Fatal(err)
		}
		for i, k := range keys {
			nonces[i] = st.GetNonce(k.Address)
		}
	}
	if fastCount < batches*perBatch/2 {
		t.Fatalf("only %d transfers took the fast path", fastCount)
	}
	// Odd batches write to the state database, even ones should not.
	if overlayCommits != batches/2 {
		t.Fatalf("%d of %d batches committed through the overlay, want %d", overlayCommits, batches, batches/2)
	}
	t.Logf("%d transfers, %d on the fast path, %d batches committed through the overlay, head %d root %s",
		batches*perBatch, fastCount, overlayCommits, fast.Head().NumberU64(), fast.Head().Root())
	// The trie nodes both commits stored reach the disk whole: after a
	// restart, every account of the head state reads back the same.
	head := fast.Head()
	if err := fast.Close(); err != nil {
		t.Fatal(err)
	}
	reopened, err := Open(dir, gen, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if reopened.Head().Hash() != head.Hash() {
		t.Fatalf("head after restart %s, want %s", reopened.Head().Hash(), head.Hash())
	}
	got, want := accountsOf(t, reopened, head.Root()), accountsOf(t, slow, head.Root())
	if len(got) != len(want) || len(got) < senders {
		t.Fatalf("%d accounts after restart, %d in the EVM executor's state", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Fatalf("account %x: %x after restart, %x in the EVM executor's state", k, got[k], v)
		}
	}
}

// freshTxs returns copies of txs decoded from their encodings, so that no
// sender cache or recovery crosses executors.
func freshTxs(t testing.TB, txs types.Transactions) types.Transactions {
	t.Helper()
	cp := make(types.Transactions, len(txs))
	for i, tx := range txs {
		raw, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		cp[i] = new(types.Transaction)
		if err := cp[i].UnmarshalBinary(raw); err != nil {
			t.Fatal(err)
		}
	}
	return cp
}

// requireSameReceipts fails unless the fast path's receipts of batch n are
// the EVM path's: consensus encoding, transaction hash, gas used and
// effective gas price.
func requireSameReceipts(t testing.TB, n uint64, fast, evm types.Receipts) {
	t.Helper()
	if len(fast) != len(evm) {
		t.Fatalf("batch %d: %d receipts, EVM %d", n, len(fast), len(evm))
	}
	for i := range fast {
		a, _ := rlp.EncodeToBytes(fast[i])
		c, _ := rlp.EncodeToBytes(evm[i])
		if !bytes.Equal(a, c) || fast[i].GasUsed != evm[i].GasUsed || fast[i].TxHash != evm[i].TxHash ||
			fast[i].EffectiveGasPrice.Cmp(evm[i].EffectiveGasPrice) != 0 {
			t.Fatalf("batch %d: receipt %d differs", n, i)
		}
	}
}

// accountsOf walks the whole account trie at root in e's trie database,
// resolving every node, and returns each account's encoding by its key.
func accountsOf(t *testing.T, e *Executor, root common.Hash) map[string][]byte {
	t.Helper()
	tr, err := trie.New(trie.StateTrieID(root), e.tdb)
	if err != nil {
		t.Fatal(err)
	}
	it, err := tr.NodeIterator(nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for it.Next(true) {
		if it.Leaf() {
			out[string(it.LeafKey())] = bytes.Clone(it.LeafBlob())
		}
	}
	if it.Error() != nil {
		t.Fatalf("walking the state at %s: %v", root, it.Error())
	}
	return out
}

func TestReopenReplaysUnflushedState(t *testing.T) {
	keys := DevKeys(2)
	gen := DevGenesis(testChainID, 2)
	dir := t.TempDir()
	e, err := Open(dir, gen, Config{FlushInterval: 1000, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for n := uint64(1); n <= 5; n++ {
		tx := signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: n - 1, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(7)})
		if _, err := e.Apply(context.Background(), &Batch{Number: n, Time: n, Txs: types.Transactions{tx}}); err != nil {
			t.Fatal(err)
		}
	}
	head := e.Head()
	// Simulate a crash: close the database without flushing the trie cache.
	e.closed = true
	e.kv.Close()
	e2, err := Open(dir, gen, Config{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if e2.Head().Hash() != head.Hash() {
		t.Fatalf("head after replay %d %s, want %d %s", e2.Head().NumberU64(), e2.Head().Hash(), head.NumberU64(), head.Hash())
	}
	st, err := e2.StateAt(e2.Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	if st.GetNonce(keys[0].Address) != 5 {
		t.Fatalf("nonce %d after replay", st.GetNonce(keys[0].Address))
	}
	_ = crypto.Keccak256
}

// TestFastPathRefusesHugeValues: values and fees beyond 256 bits take the
// EVM path, which drops them as go-ethereum does, on both executors alike.
func TestFastPathRefusesHugeValues(t *testing.T) {
	keys := DevKeys(1)
	gen := DevGenesis(testChainID, 1)
	fast := openTest(t, gen, Config{})
	slow := openTest(t, gen, Config{DisableFastPath: true})
	to := common.Address{0x77}
	huge := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	txs := types.Transactions{
		signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: 0, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: huge}),
		signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: 0, GasTipCap: gwei(1), GasFeeCap: new(big.Int).Add(huge, gwei(3)), Gas: 21000, To: &to, Value: big.NewInt(1)}),
	}
	for _, e := range []*Executor{fast, slow} {
		res, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 1, Txs: txs})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Receipts) != 0 || len(res.Dropped) != 2 {
			t.Fatalf("included %d, dropped %d", len(res.Receipts), len(res.Dropped))
		}
	}
	if fast.Head().Hash() != slow.Head().Hash() {
		t.Fatal("the paths disagree on huge values")
	}
}

// TestFastPathTouchesLikeEVM holds the fast path's overlay to the EVM path
// where per-transaction finalisation matters (EIP-161): a fee recipient that
// does not exist is created and, paid nothing, deleted again; a zero-value
// transfer to a missing account creates nothing; and the state after every
// step (the fraud-proof roots) is the same as the EVM's, not only the last.
func TestFastPathTouchesLikeEVM(t *testing.T) {
	keys := DevKeys(3)
	gen := DevGenesis(testChainID, 3)
	fast := openTest(t, gen, Config{})
	slow := openTest(t, gen, Config{DisableFastPath: true})
	nonces := make([]uint64, len(keys))
	send := func(from int, to common.Address, value, tip int64) *types.Transaction {
		tx := signTx(t, keys[from], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonces[from],
			GasTipCap: big.NewInt(tip), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(value)})
		nonces[from]++
		return tx
	}
	missing := common.BytesToAddress([]byte{0xde, 0xad})
	feeFirst, feeNever := common.BytesToAddress([]byte{0xfe, 1}), common.BytesToAddress([]byte{0xfe, 2})
	batches := []*Batch{
		{Number: 1, Time: 1, FeeRecipient: feeFirst, Txs: types.Transactions{
			send(0, keys[1].Address, 1, 0),   // pays feeFirst nothing: created, then deleted
			send(1, missing, 0, 0),           // zero value to a missing account
			send(0, keys[2].Address, 5, 1e9), // now feeFirst is paid and stays
			send(2, keys[0].Address, 0, 0),   // zero value to an existing account
			send(1, PayPINAddress, 0, 1e9),   // a contract: the EVM path between fast ones
			send(0, keys[1].Address, 7, 0),
		}},
		{Number: 2, Time: 2, FeeRecipient: feeNever, Txs: types.Transactions{
			send(0, keys[1].Address, 1, 0),
			send(1, keys[2].Address, 2, 0),
		}},
	}
	wantFast := []int{5, 2} // all but the call to PayPIN
	for i, b := range batches {
		rf, err := fast.Apply(context.Background(), &Batch{Number: b.Number, Time: b.Time, FeeRecipient: b.FeeRecipient, Txs: b.Txs})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := slow.Apply(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		if len(rf.Dropped) > 0 || rf.FastPath != wantFast[i] {
			t.Fatalf("batch %d: %d dropped, %d fast", b.Number, len(rf.Dropped), rf.FastPath)
		}
		if rf.Block.Hash() != rs.Block.Hash() {
			t.Fatalf("batch %d: fast root %s, EVM root %s", b.Number, rf.Block.Root(), rs.Block.Root())
		}
		sf, err := fast.StepRoots(b.Number)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := slow.StepRoots(b.Number)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sf.Roots, ss.Roots) {
			t.Fatalf("batch %d: step roots differ:\n%v\n%v", b.Number, sf.Roots, ss.Roots)
		}
	}
	st, err := fast.StateAt(fast.Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	if !st.Exist(feeFirst) || st.Exist(feeNever) || st.Exist(missing) {
		t.Fatalf("paid fee recipient exists %v, unpaid one %v, zero-value target %v", st.Exist(feeFirst), st.Exist(feeNever), st.Exist(missing))
	}
}

// TestFastPathGivesBackGasOfDroppedTransfers: a transfer reserves its gas
// limit in the block's gas pool before its balance check; one dropped there
// must give it back, or a full block drops the valid transfers after it
// where go-ethereum includes them.
func TestFastPathGivesBackGasOfDroppedTransfers(t *testing.T) {
	keys := DevKeys(3)
	gen := DevGenesis(testChainID, 2) // keys[2] has nothing
	to := keys[1].Address
	tx := func(k *DevKey, nonce uint64) *types.Transaction {
		return signTx(t, k, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1),
			GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(1)})
	}
	txs := types.Transactions{tx(keys[2], 0), tx(keys[0], 0), tx(keys[0], 1), tx(keys[0], 2)}
	var blocks []*types.Block
	for _, cfg := range []Config{{GasLimit: 63_000}, {GasLimit: 63_000, DisableFastPath: true}} {
		e := openTest(t, gen, cfg)
		res, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 1, Txs: freshTxs(t, txs)})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Receipts) != 3 || len(res.Dropped) != 1 || !strings.Contains(res.Dropped[0].Reason, "insufficient funds") {
			t.Fatalf("fast path %v: %d included, dropped %+v; want the three funded transfers in a block of 63,000 gas",
				!cfg.DisableFastPath, len(res.Receipts), res.Dropped)
		}
		blocks = append(blocks, res.Block)
	}
	if blocks[0].Hash() != blocks[1].Hash() {
		t.Fatalf("fast block %s, EVM block %s", blocks[0].Hash(), blocks[1].Hash())
	}
}
