package bridge

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// The real one-step prover (OneStepProver) against the real executor: the
// steps of every kind a batch holds, its refusals, and games decided by it.

// undecidable is OneStepProver.UNDECIDABLE.
var undecidable = crypto.Keccak256Hash([]byte("l2node/one-step/undecidable"))

// viewOf is the honest view of the L2 l executed.
func viewOf(t testing.TB, l *l2) *l2View {
	t.Helper()
	v := &l2View{steps: map[uint64]*exec.Steps{}, e: l.exec}
	for n := uint64(0); n <= l.exec.Head().NumberU64(); n++ {
		h := l.exec.HeaderByNumber(n)
		v.roots, v.blocks = append(v.roots, h.Root), append(v.blocks, h.Hash())
		if n == 0 {
			continue
		}
		s, err := l.exec.StepRoots(n)
		if err != nil {
			t.Fatal(err)
		}
		v.steps[n] = s
	}
	return v
}

// mixedL2 executes batches with steps of every kind, with the contracts on
// L1 (the arena, with the real prover) that its deposits come from. Batch 1
// has five deposits — minting to a fresh account and to a funded one, a
// duplicate (skipped), one with call data (the EVM), one minting nothing to
// a fresh account — then transfers of the three transaction types, with an
// access list, to a fresh account, to the fee recipient and to itself, and
// two transactions that need the EVM (call data, a creation); batch 2 is
// empty; batch 3 has three transfers; batch 4 starts withdrawals. want[n][k-1]
// is what the prover answers for step k of batch n: the step root, or
// undecidable.
func mixedL2(t *testing.T) (*l2, *arena, *l2View, map[uint64][]common.Hash) {
	t.Helper()
	l := newL2(t, nil)
	g := l.exec.Genesis()
	a := newArena(t, Output{StateRoot: g.Root(), BlockHash: g.Hash()}, realProver)
	k := l.keys
	var deposits []*exec.Deposit
	for _, d := range []struct {
		to    common.Address
		value *big.Int
		data  []byte
	}{
		{common.HexToAddress("0xd1"), ether(5), nil},
		{k[0].Address, ether(2), nil},
		{k[1].Address, ether(1), []byte("hi")},
		{common.HexToAddress("0xd2"), new(big.Int), nil},
	} {
		r := a.ok(a.user, a.bridgeC, d.value, a.bridge.PackDepositETH(d.to, 100_000, d.data))
		dep, err := DepositFromLog(r.Logs[0], a.addrs.Bridge)
		if err != nil {
			t.Fatal(err)
		}
		deposits = append(deposits, dep)
	}
	deposits = []*exec.Deposit{deposits[0], deposits[1], deposits[0], deposits[2], deposits[3]}
	fee := common.HexToAddress("0xfee")
	legacy, err := types.SignNewTx(k[1].Key, l.exec.Signer(), &types.LegacyTx{
		Nonce: 0, GasPrice: new(big.Int).Mul(l.exec.NextBaseFee(), big.NewInt(3)), Gas: 21_000, To: &k[2].Address, Value: big.NewInt(7),
	})
	if err != nil {
		t.Fatal(err)
	}
	l.nonce[k[1].Address]++
	feeCap := new(big.Int).Mul(l.exec.NextBaseFee(), big.NewInt(2))
	to := common.HexToAddress("0x2001")
	accessList, err := types.SignNewTx(k[2].Key, l.exec.Signer(), &types.AccessListTx{
		ChainID: big.NewInt(testL2ChainID), Nonce: 0, GasPrice: feeCap, Gas: 30_000, To: &to, Value: big.NewInt(9),
		AccessList: types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	l.nonce[k[2].Address]++
	creation, err := types.SignNewTx(k[3].Key, l.exec.Signer(), &types.DynamicFeeTx{
		ChainID: big.NewInt(testL2ChainID), Nonce: 1, GasTipCap: common.Big1, GasFeeCap: feeCap, Gas: 100_000,
		Data: []byte{0x60, 0x00, 0x60, 0x00, 0xf3}, // returns empty code
	})
	if err != nil {
		t.Fatal(err)
	}
	txs := types.Transactions{
		l.tx(k[0].Key, common.HexToAddress("0x2000"), ether(1), 21_000, nil), // a fresh recipient
		legacy,
		accessList,
		l.tx(k[3].Key, k[0].Address, big.NewInt(5), 60_000, []byte("data")), // call data: the EVM
		creation,
		l.tx(k[0].Key, fee, big.NewInt(11), 21_000, nil),          // to the fee recipient
		l.tx(k[1].Key, k[1].Address, big.NewInt(13), 21_000, nil), // to itself
	}
	l.nonce[k[3].Address]++
	head := l.exec.Head()
	res, err := l.exec.Apply(context.Background(), &exec.Batch{
		Number: 1, Time: head.Time() + 1, FeeRecipient: fee, Random: common.Hash{1}, Deposits: deposits, Txs: txs,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dropped) != 0 {
		t.Fatalf("batch 1 dropped %+v", res.Dropped)
	}
	l.apply()
	l.apply(
		l.tx(k[2].Key, k[3].Address, big.NewInt(1), 21_000, nil),
		l.tx(k[3].Key, common.HexToAddress("0x3000"), big.NewInt(2), 21_000, nil),
		l.tx(k[0].Key, k[2].Address, big.NewInt(3), 21_000, nil),
	)
	// Batch 4: withdrawals started by plain transfers to the message passer
	// — the first ever (its nonce slot set from zero), one that runs out of
	// gas, a second (so the witness replays the first) — then two that run
	// the EVM (initiateWithdrawal with data, an access list) and a transfer.
	mpList, err := types.SignNewTx(k[1].Key, l.exec.Signer(), &types.AccessListTx{
		ChainID: big.NewInt(testL2ChainID), Nonce: l.nonce[k[1].Address] + 1, GasPrice: feeCap, Gas: 100_000, To: &MessagePasserAddress,
		Value: big.NewInt(3), AccessList: types.AccessList{{Address: MessagePasserAddress}},
	})
	if err != nil {
		t.Fatal(err)
	}
	withdrawals := types.Transactions{
		l.tx(k[0].Key, MessagePasserAddress, ether(1), 100_000, nil),
		l.tx(k[1].Key, MessagePasserAddress, ether(1), 40_000, nil), // out of gas: the receive() needs 52,442
		mpList,
		l.tx(k[2].Key, MessagePasserAddress, ether(2), 100_000, nil),
		l.withdrawTx(k[3].Key, addr(a.user), ether(1), 100_000, []byte("call")),
		l.tx(k[0].Key, common.HexToAddress("0x4000"), big.NewInt(1), 21_000, nil),
	}
	l.nonce[k[1].Address]++
	head = l.exec.Head()
	res, err = l.exec.Apply(context.Background(), &exec.Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1, FeeRecipient: fee, Txs: withdrawals})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dropped) != 0 || res.Receipts[1].Status != types.ReceiptStatusFailed || res.Receipts[0].GasUsed != 69_542 || res.Receipts[3].GasUsed != 52_442 {
		t.Fatalf("batch 4: dropped %+v; receipts' status and gas %d/%d %d/%d %d/%d", res.Dropped, res.Receipts[0].Status, res.Receipts[0].GasUsed,
			res.Receipts[1].Status, res.Receipts[1].GasUsed, res.Receipts[3].Status, res.Receipts[3].GasUsed)
	}

	v := viewOf(t, l)
	want := map[uint64][]common.Hash{}
	for n, s := range v.steps {
		want[n] = append([]common.Hash(nil), s.Roots...)
	}
	for _, i := range []int{3, 8, 9} { // the deposit with data, the call and the creation
		want[1][i] = undecidable
	}
	want[4][2], want[4][4] = undecidable, undecidable // the access list, initiateWithdrawal
	return l, a, v, want
}

// proveCall runs OneStepProver.prove by eth_call; reverted is the custom
// error's name.
func proveCall(a *arena, batch uint64, block, parent common.Hash, step, stepCount uint64, pre common.Hash, proof []byte) (common.Hash, string) {
	a.t.Helper()
	abi := contracts.MustLoad(realProver).ABI
	input, err := abi.Pack("prove", new(big.Int).SetUint64(batch), block, parent, new(big.Int).SetUint64(step),
		new(big.Int).SetUint64(stepCount), pre, proof)
	if err != nil {
		a.t.Fatal(err)
	}
	out, err := a.l1.CallContract(a.ctx, ethereum.CallMsg{To: &a.prover, Data: input}, nil)
	if err != nil {
		if name := gameRevertName(err); name != "" {
			return common.Hash{}, name
		}
		a.t.Fatal(err)
	}
	res, err := abi.Unpack("prove", out)
	if err != nil {
		a.t.Fatal(err)
	}
	return res[0].([32]byte), ""
}

// witness is the encoded proof of step k of batch n, its pre-root and the
// witness itself.
func witness(t *testing.T, v *l2View, n, k, count uint64) ([]byte, *exec.StepWitness) {
	t.Helper()
	w, err := v.e.StepWitness(n, k, count)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := EncodeStepProof(w)
	if err != nil {
		t.Fatal(err)
	}
	return proof, w
}

// TestOneStepProverMatchesExecutor proves every step of the mixed batches
// on L1 from the executor's witnesses: transfers and deposits give the
// executor's step roots (a skipped deposit its pre-root), steps that run the
// EVM are undecidable, an empty batch keeps its pre-root.
func TestOneStepProverMatchesExecutor(t *testing.T) {
	_, a, v, want := mixedL2(t)
	for n := uint64(1); n < uint64(len(v.roots)); n++ {
		count := uint64(len(v.steps[n].Roots))
		if count == 0 {
			proof, _ := witness(t, v, n, 0, 0)
			if got, err := proveCall(a, n, v.blocks[n], v.blocks[n-1], 0, 0, v.roots[n-1], proof); err != "" || got != v.roots[n-1] {
				t.Fatalf("batch %d, step 0 of 0: %x %s, want the pre-root", n, got, err)
			}
			continue
		}
		for k := uint64(1); k <= count; k++ {
			proof, _ := witness(t, v, n, k, count)
			got, err := proveCall(a, n, v.blocks[n], v.blocks[n-1], k, count, v.leaf(n, k-1), proof)
			if err != "" || got != want[n][k-1] {
				t.Fatalf("batch %d step %d of %d (%s): %x %s, want %x", n, k, count, v.steps[n].Kinds[k-1], got, err, want[n][k-1])
			}
			// What l2_stepRoots says of the step agrees with the prover.
			if v.steps[n].Provable[k-1] != (got != undecidable) {
				t.Fatalf("batch %d step %d: provable %v, the prover answered %x", n, k, v.steps[n].Provable[k-1], got)
			}
		}
	}
	// The gas of a transfer's step, as a transaction would pay it, and of
	// the same transfer through TransferStep alone: the difference is what
	// reading the step through the block hash costs.
	proof, w := witness(t, v, 3, 3, 3)
	data := pack(t, realProver, "prove", big.NewInt(3), v.blocks[3], v.blocks[2], big.NewInt(3), big.NewInt(3), v.leaf(3, 2), proof)
	gas, err := a.l1.EstimateGas(a.ctx, ethereum.CallMsg{From: addr(a.user), To: &a.prover, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	harness := a.deployArtifact(a.user, transferStepHarness)
	raw, err := v.e.BlockByNumber(3).Transactions()[2].MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	in := stepInput{pre: v.leaf(3, 2), raw: raw,
		ctx:    stepContext{ChainId: big.NewInt(testL2ChainID), BaseFee: v.e.HeaderByNumber(3).BaseFee, FeeRecipient: v.e.HeaderByNumber(3).Coinbase},
		proofs: stepProofs{Sender: w.Sender, Recipient: w.Recipient, FeeRecipient: w.FeeRecipient}}
	if root, err := l1Execute(t, a.fixture, harness, in); err != "" || root != v.leaf(3, 3) {
		t.Fatalf("the harness: %x %s", root, err)
	}
	input := pack(t, transferStepHarness, "execute", in.pre, in.ctx, in.raw, in.proofs)
	alone, err2 := a.l1.EstimateGas(a.ctx, ethereum.CallMsg{From: addr(a.user), To: &harness, Data: input})
	if err2 != nil {
		t.Fatal(err2)
	}
	t.Logf("prove, a transfer (the last step of a 3-transfer batch): %d gas with %d bytes of proof; TransferStep alone %d gas with %d bytes",
		gas, len(proof), alone, len(input))
}

// TestOneStepProverRefuses: a proof of another block, parent or batch, a
// wrong pre-root, a tampered transaction proof or deposit list, a step past
// the count, and a count short of the batch's steps are all refused.
func TestOneStepProverRefuses(t *testing.T) {
	l, a, v, _ := mixedL2(t)
	const n, k = 1, 6 // batch 1's first transaction, after five deposits
	count := uint64(len(v.steps[n].Roots))
	proof, w := witness(t, v, n, k, count)
	pre := v.leaf(n, k-1)
	if got, err := proveCall(a, n, v.blocks[n], v.blocks[n-1], k, count, pre, proof); err != "" || got != v.leaf(n, k) {
		t.Fatalf("the honest proof: %x %s", got, err)
	}
	refused := func(want string, batch uint64, block, parent common.Hash, step, stepCount uint64, pre common.Hash, proof []byte) {
		t.Helper()
		if got, err := proveCall(a, batch, block, parent, step, stepCount, pre, proof); err != want {
			t.Errorf("got %x %q, want a revert with %s", got, err, want)
		}
	}
	refused("WrongHeader", n, v.blocks[3], v.blocks[n-1], k, count, pre, proof)
	refused("WrongHeader", n, v.blocks[n], v.blocks[n], k, count, pre, proof)
	refused("WrongHeader", n+1, v.blocks[n], v.blocks[n-1], k, count, pre, proof)
	refused("MPTBadNodeHash", n, v.blocks[n], v.blocks[n-1], k, count, v.leaf(n, k), proof)
	refused("StepBeyondBatch", n, v.blocks[n], v.blocks[n-1], count+1, count, pre, proof)

	tampered := *w
	tampered.TxProof = cloneProof(w.TxProof)
	tampered.TxProof[len(tampered.TxProof)-1][9] ^= 1
	refused("MPTBadNodeHash", n, v.blocks[n], v.blocks[n-1], k, count, pre, encode(t, &tampered))
	tampered = *w
	tampered.Deposits = append([]byte(nil), w.Deposits...)
	tampered.Deposits[len(tampered.Deposits)-1] ^= 1
	refused("WrongDeposits", n, v.blocks[n], v.blocks[n-1], k, count, pre, encode(t, &tampered))
	tampered = *w
	tampered.Header = append([]byte(nil), w.Header...)
	tampered.Header[len(tampered.Header)-1] ^= 1
	refused("WrongHeader", n, v.blocks[n], v.blocks[n-1], k, count, pre, encode(t, &tampered))

	// A defender that counts one step less than the batch has cannot prove
	// its last step: the transaction trie holds one more.
	short, _ := witness(t, v, n, count-1, count-1)
	refused("MoreSteps", n, v.blocks[n], v.blocks[n-1], count-1, count-1, v.leaf(n, count-2), short)
	// Nor claim a batch with steps empty.
	empty, _ := witness(t, v, 2, 0, 0)
	emptyOfOne := *mustWitness(t, v, n, 0, 0)
	refused("MoreSteps", n, v.blocks[n], v.blocks[n-1], 0, 0, v.roots[n-1], encode(t, &emptyOfOne))
	if got, err := proveCall(a, 2, v.blocks[2], v.blocks[1], 0, 0, v.roots[1], empty); err != "" || got != v.roots[1] {
		t.Fatalf("the empty batch: %x %s", got, err)
	}

	// A batch carrying a deposit L1 never saw, with the next nonce: the
	// executor applies what the batch says, the prover refuses it.
	head := l.exec.Head()
	fake := &exec.Deposit{Nonce: 4, From: addr(a.user), To: addr(testKey("thief")), Mint: ether(1000)}
	res, err := l.exec.Apply(context.Background(), &exec.Batch{Number: head.NumberU64() + 1, Time: head.Time() + 1,
		FeeRecipient: common.HexToAddress("0xfee"), Deposits: []*exec.Deposit{fake}})
	if err != nil {
		t.Fatal(err)
	}
	v = viewOf(t, l)
	b := res.Block.NumberU64()
	forged, _ := witness(t, v, b, 1, 1)
	refused("UnknownDeposit", b, v.blocks[b], v.blocks[b-1], 1, 1, v.roots[b-1], forged)
}

func mustWitness(t *testing.T, v *l2View, n, k, count uint64) *exec.StepWitness {
	t.Helper()
	w, err := v.e.StepWitness(n, k, count)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func encode(t *testing.T, w *exec.StepWitness) []byte {
	t.Helper()
	b, err := EncodeStepProof(w)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDisputeDecidedByTheProver plays games to one step with the real
// prover: an honest challenger beats a defender lying at a transfer, an
// honest defender beats a lying challenger, and a lie at a step that needs
// the EVM stands (the prover shows it undecidable; the defender wins).
func TestDisputeDecidedByTheProver(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	count := uint64(len(honest.steps[lieBatch].Roots))
	stepProofOf := func(s gameState) []byte {
		p, _ := witness(t, honest, s.Batch, s.Hi, s.StepCount)
		return p
	}

	t.Run("HonestChallenger", func(t *testing.T) {
		a := newArena(t, honest.output(0), realProver)
		commitRoots(a, liar)
		d := a.open(1, honest.out(6))
		id := a.defend(d, a.defender)
		s := a.play(id, liar, honest)
		if s.Phase != phaseOneStep || s.Batch != lieBatch || s.Hi != lieStep || s.StepCount != count {
			t.Fatalf("phase %d at batch %d step %d of %d", s.Phase, s.Batch, s.Hi, s.StepCount)
		}
		// The liar's own proof of its step does not hold: the prover's
		// post-root is the honest one, so stepping with it loses.
		a.move("step", a.challenger, nil, "step", id, stepProofOf(s))
		if s := a.state(id); s.Phase != phaseChallengerWon {
			t.Fatalf("phase %d, want ChallengerWon", s.Phase)
		}
		a.AdjustTimeOrFatal(gameClock)
		a.settleDispute(d)
		if n := a.rootCount(); n != 1 {
			t.Fatalf("%d roots, want 1", n)
		}
		t.Logf("step gas %v, settle gas %v", a.gas["step"], a.gas["settle"])
	})
	t.Run("HonestDefender", func(t *testing.T) {
		a := newArena(t, honest.output(0), realProver)
		commitRoots(a, honest)
		id := a.defend(a.open(1, liar.out(6)), a.defender)
		s := a.play(id, honest, liar)
		if s.Phase != phaseOneStep {
			t.Fatalf("phase %d", s.Phase)
		}
		// A proof against another pre-root refuses; the clock runs on.
		bad := stepProofOf(gameState{Batch: s.Batch, Hi: s.Hi + 1, StepCount: s.StepCount})
		a.refused("MPTBadNodeHash", a.challenger, nil, "step", id, bad)
		a.move("step", a.defender, nil, "step", id, stepProofOf(s))
		if s := a.state(id); s.Phase != phaseDefenderWon {
			t.Fatalf("phase %d, want DefenderWon", s.Phase)
		}
		if n := a.rootCount(); n != 3 {
			t.Fatalf("%d roots, want 3", n)
		}
	})
	t.Run("UndecidableStep", func(t *testing.T) {
		_, a, mixed, _ := mixedL2(t)
		const callStep = 9 // batch 1's transaction with call data
		lying := mixed.corrupted(1, callStep)
		a.submitRoot(1, 3, lying.out(3))
		id := a.defend(a.open(0, mixed.out(3)), a.defender)
		s := a.play(id, lying, mixed)
		if s.Phase != phaseOneStep || s.Batch != 1 || s.Hi != callStep {
			t.Fatalf("phase %d at batch %d step %d, want one step %d of batch 1", s.Phase, s.Batch, s.Hi, callStep)
		}
		p, _ := witness(t, mixed, 1, callStep, s.StepCount)
		r := a.move("step", a.challenger, nil, "step", id, p)
		if s := a.state(id); s.Phase != phaseDefenderWon {
			t.Fatalf("phase %d, want DefenderWon at an undecidable step", s.Phase)
		}
		g, err := contracts.MustLoad(disputeGame).ABI.EventByID(r.Logs[0].Topics[0])
		if err != nil || g.Name != "StepUndecidable" {
			t.Fatalf("first event %v (%v), want StepUndecidable", g, err)
		}
	})
}

// TestWrongRootWithStolenWithdrawal is the attack fraud proofs exist for. A
// validator quorum signs a root whose state holds a withdrawal nobody made
// (the honest state after a batch of transfers, plus the message passer's
// slot for it), and proves that withdrawal on L1. One honest validator's
// player disputes the root, bisects to the batch's last transfer and wins
// with the real prover; the root and its successor are deleted, and the
// withdrawal never finalizes.
func TestWrongRootWithStolenWithdrawal(t *testing.T) {
	honest := buildL2(t, []int{3, 2, 5, 4, 2})
	const forged = 4 // the batch whose post-state is forged
	thief := testKey("thief")
	stolen := Withdrawal{Nonce: big.NewInt(1 << 40), Sender: addr(thief), Target: addr(thief), Value: ether(5),
		GasLimit: big.NewInt(50_000), Data: []byte{}}
	header := honest.e.HeaderByNumber(forged)
	st, err := honest.e.StateAt(header)
	if err != nil {
		t.Fatal(err)
	}
	slot := WithdrawalSlot(WithdrawalHash(stolen))
	storage, err := honest.e.StateDatabase().OpenStorageTrie(header.Root, MessagePasserAddress, st.GetStorageRoot(MessagePasserAddress), nil)
	if err != nil {
		t.Fatal(err)
	}
	st.SetState(MessagePasserAddress, slot, common.BigToHash(common.Big1))
	forgedRoot := st.IntermediateRoot(honest.e.ChainConfig().Rules(header.Number, true, header.Time))
	var acc, stor proofList
	if err := st.GetTrie().Prove(crypto.Keccak256(MessagePasserAddress[:]), &acc); err != nil {
		t.Fatal(err)
	}
	// The same write on a copy of the storage trie, to prove the slot.
	if err := storage.UpdateStorage(MessagePasserAddress, slot[:], []byte{1}); err != nil {
		t.Fatal(err)
	}
	if storage.Hash() != st.GetStorageRoot(MessagePasserAddress) {
		t.Fatal("the storage trie copy differs from the forged state's")
	}
	if err := storage.Prove(crypto.Keccak256(slot[:]), &stor); err != nil {
		t.Fatal(err)
	}

	// The liar's view: honest up to the last step of the forged batch.
	liar := honest.corrupted(forged, uint64(len(honest.steps[forged].Roots)))
	liar.roots[forged] = forgedRoot
	ls := *liar.steps[forged]
	ls.Roots = append([]common.Hash(nil), honest.steps[forged].Roots...)
	ls.Roots[len(ls.Roots)-1] = forgedRoot
	liar.steps[forged] = &ls

	a := newArena(t, honest.output(0), realProver)
	a.ok(a.user, a.bridgeC, ether(20), a.bridge.PackDepositETH(addr(a.user), 0, nil)) // the escrow to steal from
	a.submitRoot(1, 2, honest.out(2))
	// Three of the four validators (three quarters of the stake) sign the
	// forged state and its successor; the fourth, honest, does not.
	key := a.validators[1]
	quorum := []*ecdsa.PrivateKey{a.validators[0], a.validators[2], a.validators[3]}
	for _, r := range []struct{ start, end uint64 }{{3, forged}, {forged + 1, 5}} {
		root := liar.out(r.end)
		a.ok(a.relayer, a.sccC, nil, a.scc.PackSubmitStateRoot(new(big.Int).SetUint64(r.start), new(big.Int).SetUint64(r.end), root,
			a.signRoot(quorum, testL2ChainID, r.start, r.end, root)))
	}
	a.ok(a.relayer, a.bridgeC, nil, a.bridge.PackProveWithdrawal(stolen, big.NewInt(1), forgedRoot, honest.blocks[forged],
		acc, stor))

	snd, err := NewSender(a.ctx, SenderConfig{L1: a.l1, Key: key, BumpAfter: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlayer(PlayerConfig{
		L1: a.l1, Sender: snd, Game: a.game, StateCommitmentChain: a.addrs.StateCommitmentChain, L2: honest, Challenge: true,
		StepProof: ExecutorL2{E: honest.e}.StepProof,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	s, ds := drive(t, a, p, big.NewInt(0), sideDefender, liar, honest, 80)
	if s.Phase != phaseChallengerWon || s.Challenger != addr(key) || s.Batch != forged || ds.Status != disputeChallengerWon {
		t.Fatalf("phase %d, challenger %s, batch %d, dispute %d: want the player to win at batch %d and settle",
			s.Phase, s.Challenger, s.Batch, ds.Status, forged)
	}
	if n := a.rootCount(); n != 1 {
		t.Fatalf("%d roots after the dispute, want root 0 alone", n)
	}
	// The three who signed the forged root are out of the set, the defender
	// among them; the honest validator, alone holding stake now, resubmits
	// the range.
	for _, k := range quorum {
		if a.stakeOf(k) != 0 {
			t.Fatalf("signer %s of the forged root keeps its stake", addr(k))
		}
	}
	if total := a.totalStake(); total != 1 || a.stakeOf(key) != 1 {
		t.Fatalf("total stake %d after slashing the signers, want the honest validator's 1", total)
	}
	a.ok(a.relayer, a.sccC, nil, a.scc.PackSubmitStateRoot(big.NewInt(3), big.NewInt(forged), honest.out(forged),
		a.signRoot([]*ecdsa.PrivateKey{key}, testL2ChainID, 3, forged, honest.out(forged))))
	a.AdjustTimeOrFatal(time.Hour)
	a.reverts("RootDeleted", a.relayer, a.bridgeC, nil, a.bridge.PackFinalizeWithdrawal(stolen))
	if got := a.balance(a.addrs.Bridge); got.Cmp(ether(20)) != 0 {
		t.Fatalf("the escrow holds %s, want all 20 ether", got)
	}
}
