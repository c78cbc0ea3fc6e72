package exec

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestStepsOfStatesOlderThanTheHistory: step roots and witnesses of a batch
// whose parent state left the history (and, after a restart, the memory)
// are rebuilt from the nearest flushed state, and equal those an executor
// keeping every state computes.
func TestStepsOfStatesOlderThanTheHistory(t *testing.T) {
	keys := DevKeys(3)
	gen := DevGenesis(testChainID, 3)
	dir := t.TempDir()
	short, err := Open(dir, gen, Config{NoSync: true, StateHistory: 2, FlushInterval: 8})
	if err != nil {
		t.Fatal(err)
	}
	long := openTest(t, gen, Config{StateHistory: 1000})
	fee := common.HexToAddress("0xfee")
	nonces := make([]uint64, len(keys))
	tx := func(i int, to common.Address, value *big.Int) *types.Transaction {
		nonces[i]++
		return signTx(t, keys[i], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonces[i] - 1, GasTipCap: gwei(1),
			GasFeeCap: gwei(10), Gas: 100_000, To: &to, Value: value})
	}
	const batches = 21
	for n := uint64(1); n <= batches; n++ {
		txs := types.Transactions{tx(0, keys[1].Address, big.NewInt(int64(n))), tx(1, common.BigToAddress(big.NewInt(int64(0x7000+n))), big.NewInt(3))}
		if n%3 == 0 {
			txs = append(txs, tx(2, MessagePasserAddress, ether(1))) // a withdrawal: its witness replays the passer's storage
		}
		var deps []*Deposit
		if n%5 == 0 {
			deps = []*Deposit{depositTo(n/5 - 1)}
		}
		for _, e := range []*Executor{short, long} {
			b := &Batch{Number: n, Time: 10 * n, FeeRecipient: fee, Deposits: deps, Txs: txs}
			if res, err := e.Apply(context.Background(), b); err != nil || len(res.Dropped) != 0 {
				t.Fatalf("apply %d: %v, dropped %+v", n, err, res.Dropped)
			}
		}
	}
	if _, err := short.StateAt(short.HeaderByNumber(12)); !errors.Is(err, ErrStatePruned) {
		t.Fatalf("the state after batch 12 is still kept (%v): the test proves nothing", err)
	}
	check := func(e *Executor, n uint64) {
		t.Helper()
		got, err := e.StepRoots(n)
		if err != nil {
			t.Fatalf("batch %d: %v", n, err)
		}
		want, err := long.StepRoots(n)
		if err != nil {
			t.Fatal(err)
		}
		if got.Pre != want.Pre || !slices.Equal(got.Roots, want.Roots) || !slices.Equal(got.Provable, want.Provable) || got.Root() != want.Root() {
			t.Fatalf("batch %d: step roots differ from the executor keeping every state", n)
		}
		for k := uint64(1); k <= uint64(len(want.Roots)); k++ {
			gw, err := e.StepWitness(n, k, uint64(len(want.Roots)))
			if err != nil {
				t.Fatalf("batch %d step %d: %v", n, k, err)
			}
			ww, err := long.StepWitness(n, k, uint64(len(want.Roots)))
			if err != nil {
				t.Fatal(err)
			}
			a, b := encodeWitness(t, gw), encodeWitness(t, ww)
			if !bytes.Equal(a, b) {
				t.Fatalf("batch %d step %d: the witness differs from the executor keeping every state", n, k)
			}
		}
	}
	// 13 follows the flush after 8; 15 is a withdrawal batch with a deposit.
	for _, n := range []uint64{13, 15, 9} {
		check(short, n)
	}
	// After a restart only flushed states are left.
	if err := short.Close(); err != nil {
		t.Fatal(err)
	}
	short, err = Open(dir, gen, Config{NoSync: true, StateHistory: 2, FlushInterval: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { short.Close() })
	for _, n := range []uint64{18, 6} {
		check(short, n)
	}
	// The rebuilt states are released: the one after batch 12 is gone again.
	if _, err := short.StateAt(short.HeaderByNumber(12)); !errors.Is(err, ErrStatePruned) {
		t.Fatalf("a rebuilt state stays referenced: %v", err)
	}
}

// encodeWitness is a witness's fields in one byte string, for comparison.
func encodeWitness(t *testing.T, w *StepWitness) []byte {
	t.Helper()
	var out []byte
	add := func(b []byte) { out = append(append(out, byte(len(b)>>8), byte(len(b))), b...) }
	add(w.Header)
	add(w.Deposits)
	for _, group := range [][][]byte{w.TxProof, w.EndProof, w.Sender, w.Recipient, w.FeeRecipient} {
		for _, n := range group {
			add(n)
		}
		add(nil)
	}
	for _, g := range w.Storage {
		for _, n := range g {
			add(n)
		}
		add(nil)
	}
	return out
}
