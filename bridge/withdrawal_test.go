package bridge

import (
	"bytes"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
)

// TestWithdrawalWithRealProof runs withdrawals end to end: the real L2
// executor applies a batch calling the message passer, eth_getProof proves
// the withdrawals against the batch's state root, the validators commit that
// root on L1, and the Bridge proves and finalizes them — after, and only
// after, the challenge window and the time lock.
func TestWithdrawalWithRealProof(t *testing.T) {
	tokenBridge := testKey("l2-token-bridge")
	f := newFixture(t, fixtureOptions{mutate: func(p *DeployParams) { p.L2TokenBridge = addr(tokenBridge) }})
	l := newL2(t, nil)
	alice, bob := l.keys[1], l.keys[2]

	// L1 escrow to pay from, and an ERC-20 deposit for the token bridge to release.
	f.ok(f.user, f.bridgeC, ether(50), f.bridge.PackDepositETH(alice.Address, 0, nil))
	token := f.deployArtifact(f.user, contracts.TestToken, "Test Token", "TST", ether(1000))
	f.ok(f.user, f.artifactContract(contracts.TestToken, token), nil, pack(t, contracts.TestToken, "approve", f.addrs.Bridge, ether(100)))
	f.ok(f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(token, ether(100), alice.Address, 0, nil))

	// A withdrawal target that calls back into the bridge.
	target := f.deployArtifact(f.deployer, contracts.ReentrantTarget, f.addrs.Bridge)
	recipient := common.HexToAddress("0x7777")
	tokenRecipient := common.HexToAddress("0x8888")

	// The token bridge on L2 is an account of the test: fund it on L2 first.
	fund := l.transferTx(l.keys[0].Key, addr(tokenBridge), ether(1))
	l.apply(fund)
	release := f.bridge.PackReleaseERC20(token, tokenRecipient, ether(40))
	block, ws := l.apply(
		l.withdrawTx(alice.Key, recipient, ether(2), 100_000, nil),               // 0: plain
		l.withdrawTx(bob.Key, recipient, ether(6), 100_000, nil),                 // 1: above the 5-ether threshold
		l.withdrawTx(alice.Key, target, ether(1), 200_000, []byte("hi")),         // 2: a reentrant target
		l.withdrawTx(tokenBridge, f.addrs.Bridge, common.Big0, 200_000, release), // 3: the token bridge releases tokens
		l.withdrawTx(bob.Key, f.addrs.Bridge, common.Big0, 200_000, release),     // 4: someone else tries to
	)
	if len(ws) != 5 {
		t.Fatalf("%d withdrawals started", len(ws))
	}
	// The Go hash is the Solidity one.
	for _, w := range ws {
		if h := call(f, f.bridgeC, f.bridge.PackHashWithdrawal(w), f.bridge.UnpackHashWithdrawal); common.Hash(h) != WithdrawalHash(w) {
			t.Fatalf("hash of %+v: Bridge %x, Go %s", w, h, WithdrawalHash(w))
		}
	}

	// Validators commit the L2 state root after batch 2 as the output root.
	f.submitBlock(1, block)
	prove := func(i int) {
		t.Helper()
		acc, st := l.proof(WithdrawalHash(ws[i]), block.NumberU64())
		r := f.ok(f.relayer, f.bridgeC, nil, f.packProve(ws[i], 0, acc, st))
		ev, err := f.bridge.UnpackWithdrawalProvenEvent(r.Logs[0])
		if err != nil || ev.WithdrawalHash != WithdrawalHash(ws[i]) || ev.Sender != ws[i].Sender || ev.Target != ws[i].Target {
			t.Fatalf("proven event %+v, %v", ev, err)
		}
	}
	for i := range ws {
		prove(i)
	}
	// A second proof against the same root would restart the time lock.
	acc0, st0 := l.proof(WithdrawalHash(ws[0]), block.NumberU64())
	f.reverts("AlreadyProven", f.relayer, f.bridgeC, nil, f.packProve(ws[0], 0, acc0, st0))

	finalize := func(i int) []byte { return f.bridge.PackFinalizeWithdrawal(ws[i]) }
	// Before the challenge window has passed.
	f.reverts("ChallengeWindowOpen", f.relayer, f.bridgeC, nil, finalize(0))
	if err := f.l1.AdjustTime(100 * time.Second); err != nil {
		t.Fatal(err)
	}
	// The root is final, the 150 s time lock is not over.
	f.reverts("TimeLocked", f.relayer, f.bridgeC, nil, finalize(0))
	if err := f.l1.AdjustTime(50 * time.Second); err != nil {
		t.Fatal(err)
	}

	// 0: paid once.
	before := f.balance(recipient)
	r := f.ok(f.relayer, f.bridgeC, nil, finalize(0))
	if got := new(big.Int).Sub(f.balance(recipient), before); got.Cmp(ether(2)) != 0 {
		t.Fatalf("recipient got %s", got)
	}
	fin, err := f.bridge.UnpackWithdrawalFinalizedEvent(r.Logs[len(r.Logs)-1])
	if err != nil || fin.WithdrawalHash != WithdrawalHash(ws[0]) || fin.Value.Cmp(ether(2)) != 0 {
		t.Fatalf("finalized event %+v, %v", fin, err)
	}
	f.reverts("AlreadyFinalized", f.relayer, f.bridgeC, nil, finalize(0))
	f.reverts("AlreadyFinalized", f.relayer, f.bridgeC, nil, f.packProve(ws[0], 0, acc0, st0))

	// 1: a large withdrawal waits 500 s, not 150.
	f.reverts("TimeLocked", f.relayer, f.bridgeC, nil, finalize(1))
	if err := f.l1.AdjustTime(350 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.ok(f.relayer, f.bridgeC, nil, finalize(1))

	// 2: the target tries to finalize the same withdrawal again from inside
	// its call; the guard stops it, and it is paid once.
	tc := f.artifactContract(contracts.ReentrantTarget, target)
	f.ok(f.deployer, tc, nil, pack(t, contracts.ReentrantTarget, "setReentry", finalize(2)))
	f.ok(f.relayer, f.bridgeC, nil, finalize(2))
	get := func(method string) any { return f.callArtifact(contracts.ReentrantTarget, target, method)[0] }
	if get("calls").(*big.Int).Int64() != 1 || get("received").(*big.Int).Cmp(ether(1)) != 0 || f.balance(target).Cmp(ether(1)) != 0 {
		t.Fatalf("target called %v times, received %v", get("calls"), get("received"))
	}
	if get("reentryOk").(bool) {
		t.Fatal("the reentrant finalize succeeded")
	}
	reentrancy := f.bridge.GetABI().Errors["Reentrancy"].ID
	if res := get("reentryResult").([]byte); !bytes.Equal(res, reentrancy[:4]) {
		t.Fatalf("the reentrant finalize failed with %x, not Reentrancy", res)
	}
	// The target saw the WithdrawalCaller, which vouches for the L2 sender.
	if get("lastCaller").(common.Address) != f.addrs.WithdrawalCaller || get("lastL2Sender").(common.Address) != alice.Address {
		t.Fatalf("target saw caller %v, L2 sender %v", get("lastCaller"), get("lastL2Sender"))
	}
	if got := call(f, f.bridgeC, f.bridge.PackL2Sender(), f.bridge.UnpackL2Sender); got != (common.Address{}) {
		t.Fatalf("l2Sender outside a withdrawal: %s", got)
	}

	// 3: the L2 token bridge releases escrowed tokens; 4: nobody else can,
	// and the failed call leaves the withdrawal unfinalized.
	f.ok(f.relayer, f.bridgeC, nil, finalize(3))
	if got := f.callArtifact(contracts.TestToken, token, "balanceOf", tokenRecipient)[0].(*big.Int); got.Cmp(ether(40)) != 0 {
		t.Fatalf("token recipient holds %s", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackEscrowedTokens(token), f.bridge.UnpackEscrowedTokens); got.Cmp(ether(60)) != 0 {
		t.Fatalf("escrow %s after release", got)
	}
	f.reverts("WithdrawalCallFailed", f.relayer, f.bridgeC, nil, finalize(4))
	if call(f, f.bridgeC, f.bridge.PackFinalizedWithdrawals(WithdrawalHash(ws[4])), f.bridge.UnpackFinalizedWithdrawals) {
		t.Fatal("a failed withdrawal is marked finalized")
	}
	// Nor can anyone call the release or the caller directly.
	f.reverts("Unauthorized", f.user, f.bridgeC, nil, release)
	caller := bindings.NewWithdrawalCaller()
	f.reverts("NotBridge", f.user, caller.Instance(f.l1, f.addrs.WithdrawalCaller), nil, caller.PackForward(recipient, big.NewInt(21000), nil))

	// The escrow paid exactly what was finalized.
	if got := f.balance(f.addrs.Bridge); got.Cmp(ether(50-2-6-1)) != 0 {
		t.Fatalf("bridge escrow %s", got)
	}
}

// TestWithdrawalBadProofs feeds proveWithdrawal forged, mismatched and stale
// proofs, and finalizeWithdrawal a withdrawal whose root was deleted.
func TestWithdrawalBadProofs(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	l := newL2(t, nil)
	alice := l.keys[1]
	f.ok(f.user, f.bridgeC, ether(10), f.bridge.PackDepositETH(alice.Address, 0, nil))
	recipient := common.HexToAddress("0x7777")
	block1, ws := l.apply(l.withdrawTx(alice.Key, recipient, ether(1), 100_000, nil))
	w := ws[0]
	h := WithdrawalHash(w)
	f.submitBlock(1, block1)
	acc, st := l.proof(h, 1)
	proveErr := func(want string, w Withdrawal, index int64, acc, st [][]byte) {
		t.Helper()
		f.reverts(want, f.relayer, f.bridgeC, nil, f.packProve(w, index, acc, st))
	}

	// A forged node: one byte changed in the storage proof, or the account proof.
	forged := cloneProof(st)
	forged[len(forged)-1][5] ^= 1
	proveErr("MPTBadNodeHash", w, 0, acc, forged)
	forgedAcc := cloneProof(acc)
	forgedAcc[0][40] ^= 1
	proveErr("MPTBadNodeHash", w, 0, forgedAcc, st)
	// A withdrawal that was never started (another value), with the real proof.
	fake := w
	fake.Value = ether(9)
	if err := proveRevert(f, fake, 0, acc, st); err == "" {
		t.Fatal("a withdrawal never started was proven with another's proof")
	}
	// The same with its own, honest proof: the slot is empty.
	facc, fst, v := l.rawProof(WithdrawalSlot(WithdrawalHash(fake)), 1)
	if v.Sign() != 0 {
		t.Fatalf("fake slot holds %s", v)
	}
	proveErr("WithdrawalNotInitiated", fake, 0, facc, fst)
	// The right withdrawal's proof of the wrong slot (mapping slot 1, not 0):
	// it proves that slot empty, not this withdrawal.
	wacc, wst, _ := l.rawProof(crypto.Keccak256Hash(h[:], common.BigToHash(common.Big1).Bytes()), 1)
	if err := proveRevert(f, w, 0, wacc, wst); err == "" {
		t.Fatal("proven with the proof of another slot")
	}
	// messageNonce (slot 1) holds 1: a proof of it is no proof of anything else.
	nacc, nst, nv := l.rawProof(common.BigToHash(common.Big1), 1)
	if nv.Int64() != 1 {
		t.Fatalf("messageNonce %s", nv)
	}
	if err := proveRevert(f, w, 0, nacc, nst); err == "" {
		t.Fatal("proven with the proof of messageNonce")
	}
	// A root index that does not exist.
	proveErr("NoRoot", w, 5, acc, st)

	// A second batch, its own root; a proof against the first root of a
	// withdrawal of the second batch fails.
	block2, ws2 := l.apply(l.withdrawTx(alice.Key, recipient, ether(1), 100_000, nil))
	w2 := ws2[0]
	f.submitBlock(2, block2)
	acc2, st2 := l.proof(WithdrawalHash(w2), 2)
	proveErr("MPTBadNodeHash", w2, 0, acc2, st2)
	f.ok(f.relayer, f.bridgeC, nil, f.packProve(w2, 1, acc2, st2))
	f.ok(f.relayer, f.bridgeC, nil, f.packProve(w, 0, acc, st))

	// A fraud proof deletes root 1: w2 can no longer finalize, w still can.
	game := testKey("game")
	f.ok(f.deployer, f.sccC, nil, f.scc.PackSetFraudProofGame(addr(game)))
	f.transfer(f.user, addr(game), ether(1))
	f.ok(game, f.sccC, nil, f.scc.PackDeleteRootsFrom(common.Big1))
	f.ok(f.deployer, f.sccC, nil, f.scc.PackSetValidators(ValidatorSet(f.params.Validators))) // the signers were slashed
	if err := f.l1.AdjustTime(150 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.reverts("RootDeleted", f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w2))
	f.ok(f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w))
	// The root comes back (honestly re-submitted): w2 must be proven again,
	// and waits its time lock and the new root's window from scratch.
	f.submitBlock(2, block2)
	f.reverts("RootDeleted", f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w2))
	f.ok(f.relayer, f.bridgeC, nil, f.packProve(w2, 1, acc2, st2))
	f.reverts("ChallengeWindowOpen", f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w2))
	if err := f.l1.AdjustTime(150 * time.Second); err != nil {
		t.Fatal(err)
	}
	f.ok(f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w2))
	if got := f.balance(recipient); got.Cmp(ether(2)) != 0 {
		t.Fatalf("recipient holds %s", got)
	}
	// Never proven at all.
	never := w
	never.Nonce = big.NewInt(99)
	f.reverts("NotProven", f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(never))
}

// proveRevert tries proveWithdrawal and returns the custom error it reverted
// with ("" if it was proven).
func proveRevert(f *fixture, w Withdrawal, index int64, acc, st [][]byte) string {
	f.t.Helper()
	_, err := f.send(f.relayer, f.bridgeC, nil, f.packProve(w, index, acc, st))
	if err == nil {
		return ""
	}
	if name := RevertName(err); name != "" {
		return name
	}
	f.t.Fatalf("proveWithdrawal failed without a custom error: %v", err)
	return ""
}

// TestWithdrawalGasLimit checks a withdrawal's target gets exactly its gas
// limit, and that a finalization without enough gas for it reverts instead
// of burning the withdrawal.
func TestWithdrawalGasLimit(t *testing.T) {
	f := newFixture(t, fixtureOptions{mutate: func(p *DeployParams) { p.FinalizationDelay = 0; p.ChallengeWindow = 0 }})
	l := newL2(t, nil)
	f.ok(f.user, f.bridgeC, ether(10), f.bridge.PackDepositETH(l.keys[1].Address, 0, nil))
	target := f.deployArtifact(f.deployer, contracts.ReentrantTarget, f.addrs.Bridge)
	// 30,000 gas is too little for the target's storage writes.
	block, ws := l.apply(
		l.withdrawTx(l.keys[1].Key, target, ether(1), 30_000, nil),
		l.withdrawTx(l.keys[1].Key, target, ether(1), 500_000, nil),
	)
	f.submitBlock(1, block)
	for _, w := range ws {
		acc, st := l.proof(WithdrawalHash(w), 1)
		f.ok(f.relayer, f.bridgeC, nil, f.packProve(w, 0, acc, st))
	}
	f.reverts("WithdrawalCallFailed", f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(ws[0]))

	// Too little transaction gas for the 500,000 the target asks for.
	chainID, _ := f.l1.ChainID(f.ctx)
	opts := bind.NewKeyedTransactor(f.relayer, chainID)
	opts.GasLimit = 400_000
	tx, err := bind.Transact(f.bridgeC, opts, f.bridge.PackFinalizeWithdrawal(ws[1]))
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.l1.WaitReceipt(f.ctx, tx.Hash())
	if err != nil || r.Status != 0 {
		t.Fatalf("finalize with too little gas: status %d, %v", r.Status, err)
	}
	if call(f, f.bridgeC, f.bridge.PackFinalizedWithdrawals(WithdrawalHash(ws[1])), f.bridge.UnpackFinalizedWithdrawals) {
		t.Fatal("finalized without the gas its target asked for")
	}
	f.ok(f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(ws[1]))
	if got := f.callArtifact(contracts.ReentrantTarget, target, "calls")[0].(*big.Int); got.Int64() != 1 {
		t.Fatalf("target called %s times", got)
	}
}
