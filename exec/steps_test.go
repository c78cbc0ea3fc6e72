package exec

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TestStepRoots: a batch of deposits (one skipped) and transfers (one
// dropped) has one step per deposit and per included transaction; the
// steps start at the parent's root and end at the batch's; a skipped
// deposit repeats the root before it while every other step moves it; every
// leaf proves against the commitment and a changed leaf or index does not;
// and computing steps leaves the chain as it was.
func TestStepRoots(t *testing.T) {
	keys := DevKeys(3)
	e := openTest(t, DevGenesis(testChainID, 3), Config{})
	tx := func(nonce uint64, value int64) *types.Transaction {
		return signTx(t, keys[0], &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(value)})
	}
	txs := types.Transactions{tx(0, 1), tx(1, 2), tx(1, 3) /* dropped: nonce used */, tx(2, 4)}
	deps := []*Deposit{depositTo(0), depositTo(0) /* skipped: a duplicate */, depositTo(1)}
	res, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 10, FeeRecipient: common.HexToAddress("0x1234"), Deposits: deps, Txs: txs})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dropped) != 1 {
		t.Fatalf("%d dropped", len(res.Dropped))
	}
	s, err := e.StepRoots(1)
	if err != nil {
		t.Fatal(err)
	}
	genesis := e.HeaderByNumber(0).Root
	if s.Pre != genesis || len(s.Roots) != 6 || s.Roots[5] != res.Block.Root() || s.Block != res.Block.Hash() {
		t.Fatalf("steps: pre %s, %d roots, last %v", s.Pre, len(s.Roots), s.Roots)
	}
	wantKinds := []StepKind{StepDeposit, StepDeposit, StepDeposit, StepTransaction, StepTransaction, StepTransaction}
	wantItems := []common.Hash{deps[0].Hash(), deps[1].Hash(), deps[2].Hash(), txs[0].Hash(), txs[1].Hash(), txs[3].Hash()}
	for i := range wantKinds {
		// Every step is one-step provable on L1: transfers, deposits that
		// only mint, a skipped deposit.
		if s.Kinds[i] != wantKinds[i] || s.Items[i] != wantItems[i] || !s.Provable[i] {
			t.Fatalf("step %d: %s %s provable %v", i, s.Kinds[i], s.Items[i], s.Provable[i])
		}
		prev := s.Pre
		if i > 0 {
			prev = s.Roots[i-1]
		}
		if moved := s.Roots[i] != prev; moved != (i != 1) {
			t.Fatalf("step %d moved the root: %v", i, moved)
		}
	}
	root := s.Root()
	leaves := append([]common.Hash{s.Pre}, s.Roots...)
	for i, leaf := range leaves {
		proof, err := s.Proof(i)
		if err != nil {
			t.Fatal(err)
		}
		if !VerifyStepProof(root, leaf, i, proof) {
			t.Fatalf("leaf %d does not prove", i)
		}
		if VerifyStepProof(root, common.Hash{1}, i, proof) || VerifyStepProof(root, leaf, i^1, proof) && leaves[i^1] != leaf {
			t.Fatalf("leaf %d proves what it should not", i)
		}
	}
	if _, err := s.Proof(len(leaves)); err == nil {
		t.Fatal("a proof of a leaf past the end")
	}
	// The chain goes on as before, and asking again gives the same steps.
	if _, err := e.Apply(context.Background(), &Batch{Number: 2, Time: 11, Txs: types.Transactions{tx(3, 5)}}); err != nil {
		t.Fatal(err)
	}
	again, err := e.StepRoots(1)
	if err != nil || again.Root() != root {
		t.Fatalf("steps again: %v", err)
	}
	s2, err := e.StepRoots(2)
	if err != nil || s2.Pre != res.Block.Root() || len(s2.Roots) != 1 || s2.Roots[0] != e.Head().Root() {
		t.Fatalf("steps of batch 2: %+v %v", s2, err)
	}
	if _, err := e.StepRoots(0); err == nil {
		t.Fatal("steps of the genesis")
	}
	if _, err := e.StepRoots(3); err == nil {
		t.Fatal("steps of a batch not executed")
	}
}

// TestStepRootsEmptyBatch: a batch with nothing in it has no steps, and its
// commitment is over the parent's root alone.
func TestStepRootsEmptyBatch(t *testing.T) {
	e := openTest(t, DevGenesis(testChainID, 1), Config{})
	if _, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 1}); err != nil {
		t.Fatal(err)
	}
	s, err := e.StepRoots(1)
	if err != nil || len(s.Roots) != 0 || s.Root() != s.Pre {
		t.Fatalf("%+v %v", s, err)
	}
}
