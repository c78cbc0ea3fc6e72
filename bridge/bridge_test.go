package bridge

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

func TestDeploy(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for name, a := range map[string]common.Address{
		"SequencerRegistry": f.addrs.SequencerRegistry, "StateCommitmentChain": f.addrs.StateCommitmentChain,
		"Bridge": f.addrs.Bridge, "WithdrawalCaller": f.addrs.WithdrawalCaller,
	} {
		code, err := f.l1.CodeAt(f.ctx, a, nil)
		if err != nil || len(code) == 0 {
			t.Fatalf("%s at %s: no code (%v)", name, a, err)
		}
	}
	if got := call(f, f.bridgeC, f.bridge.PackStateCommitmentChain(), f.bridge.UnpackStateCommitmentChain); got != f.addrs.StateCommitmentChain {
		t.Errorf("bridge's chain %s", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackMESSAGEPASSER(), f.bridge.UnpackMESSAGEPASSER); got != exec.MessagePasserAddress || got != MessagePasserAddress {
		t.Errorf("bridge's message passer %s", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackALIASOFFSET(), f.bridge.UnpackALIASOFFSET); common.BigToAddress(got) != exec.AliasL1Address(common.Address{}) {
		t.Errorf("alias offset %x differs from the L2's", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackMAXDEPOSITGAS(), f.bridge.UnpackMAXDEPOSITGAS); got != exec.MaxDepositGas {
		t.Errorf("deposit gas cap %d differs from the L2's %d", got, exec.MaxDepositGas)
	}
	caller := bindings.NewWithdrawalCaller()
	if got := call(f, caller.Instance(f.l1, f.addrs.WithdrawalCaller), caller.PackBridge(), caller.UnpackBridge); got != f.addrs.Bridge {
		t.Errorf("withdrawal caller's bridge %s", got)
	}
	vals := call(f, f.sccC, f.scc.PackValidators(), f.scc.UnpackValidators)
	if len(vals.Addrs) != 4 || !slices.IsSortedFunc(vals.Addrs, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) }) {
		t.Errorf("validators %v not sorted", vals.Addrs)
	}
	if got := call(f, f.sccC, f.scc.PackTotalStake(), f.scc.UnpackTotalStake); got.Int64() != 4 {
		t.Errorf("total stake %s", got)
	}
	if got := call(f, f.sccC, f.scc.PackOwner(), f.scc.UnpackOwner); got != addr(f.deployer) {
		t.Errorf("owner %s", got)
	}
	if got := call(f, f.sccC, f.scc.PackChallengeWindow(), f.scc.UnpackChallengeWindow); got.Int64() != 100 {
		t.Errorf("challenge window %s", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackWithdrawalDelay(ether(5)), f.bridge.UnpackWithdrawalDelay); got.Int64() != 150 {
		t.Errorf("delay at the threshold %s", got)
	}
	if got := call(f, f.bridgeC, f.bridge.PackWithdrawalDelay(new(big.Int).Add(ether(5), common.Big1)), f.bridge.UnpackWithdrawalDelay); got.Int64() != 500 {
		t.Errorf("delay above the threshold %s", got)
	}
	if got := call(f, f.regC, f.registry.PackL2ChainId(), f.registry.UnpackL2ChainId); got != testL2ChainID {
		t.Errorf("registry chain %d", got)
	}

	// Parameters the constructors would refuse never reach the chain.
	bad := f.params
	bad.LargeWithdrawalDelay = time.Second
	if _, err := Deploy(f.ctx, f.l1, f.deployer, bad); err == nil {
		t.Error("deployed with a large-withdrawal delay below the normal one")
	}
	bad = f.params
	bad.Validators = append(slices.Clone(bad.Validators), bad.Validators[0])
	if _, err := Deploy(f.ctx, f.l1, f.deployer, bad); err == nil {
		t.Error("deployed with a duplicate validator")
	}
}

func TestDeposits(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	to := common.HexToAddress("0x1234")
	start, _ := f.l1.BlockNumber(f.ctx)

	r := f.ok(f.user, f.bridgeC, ether(3), f.bridge.PackDepositETH(to, 100_000, []byte("hello")))
	if len(r.Logs) != 1 {
		t.Fatalf("%d logs", len(r.Logs))
	}
	ev, err := f.bridge.UnpackDepositInitiatedEvent(r.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ev.Nonce.Int64() != 0 || ev.From != addr(f.user) || ev.To != to || ev.L1Token != (common.Address{}) ||
		ev.Amount.Cmp(ether(3)) != 0 || ev.GasLimit != 100_000 || string(ev.Data) != "hello" {
		t.Fatalf("deposit event %+v", ev)
	}
	if got := f.balance(f.addrs.Bridge); got.Cmp(ether(3)) != 0 {
		t.Fatalf("bridge holds %s", got)
	}

	// A deposit from a contract comes from its alias on L2.
	target := f.deployArtifact(f.deployer, contracts.ReentrantTarget, f.addrs.Bridge)
	tc := f.artifactContract(contracts.ReentrantTarget, target)
	f.ok(f.deployer, tc, nil, pack(t, contracts.ReentrantTarget, "setReentry", f.bridge.PackDepositETH(to, 0, nil)))
	r = f.ok(f.user, tc, nil, nil)
	if len(r.Logs) != 1 {
		t.Fatalf("contract deposit: %d logs", len(r.Logs))
	}
	ev, err = f.bridge.UnpackDepositInitiatedEvent(r.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ev.Nonce.Int64() != 1 || ev.From != exec.AliasL1Address(target) {
		t.Fatalf("contract deposit: nonce %s from %s, want %s", ev.Nonce, ev.From, exec.AliasL1Address(target))
	}

	// ERC-20: pulled with transferFrom, escrowed per token.
	token := f.deployArtifact(f.user, contracts.TestToken, "Test Token", "TST", ether(1000))
	tok := f.artifactContract(contracts.TestToken, token)
	f.reverts("TokenTransferFailed", f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(token, ether(10), to, 0, nil))
	f.ok(f.user, tok, nil, pack(t, contracts.TestToken, "approve", f.addrs.Bridge, ether(10)))
	r = f.ok(f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(token, ether(10), to, 50_000, []byte{1}))
	var found bool
	for _, l := range r.Logs {
		if ev, err := f.bridge.UnpackDepositInitiatedEvent(l); err == nil {
			found = true
			if ev.Nonce.Int64() != 2 || ev.L1Token != token || ev.Amount.Cmp(ether(10)) != 0 || ev.From != addr(f.user) || ev.GasLimit != 50_000 {
				t.Fatalf("ERC-20 deposit event %+v", ev)
			}
		}
	}
	if !found {
		t.Fatal("no DepositInitiated for the ERC-20 deposit")
	}
	if got := call(f, f.bridgeC, f.bridge.PackEscrowedTokens(token), f.bridge.UnpackEscrowedTokens); got.Cmp(ether(10)) != 0 {
		t.Fatalf("escrowed %s", got)
	}
	if got := f.callArtifact(contracts.TestToken, token, "balanceOf", f.addrs.Bridge)[0].(*big.Int); got.Cmp(ether(10)) != 0 {
		t.Fatalf("bridge's token balance %s", got)
	}

	// Bad deposits.
	f.reverts("ZeroRecipient", f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(common.Address{}, 0, nil))
	f.reverts("DepositGasTooHigh", f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(to, exec.MaxDepositGas+1, nil))
	f.reverts("DepositDataTooLong", f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(to, 0, make([]byte, 8193)))
	f.reverts("InvalidToken", f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(common.HexToAddress("0xdead"), ether(1), to, 0, nil))
	f.reverts("InvalidToken", f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(token, common.Big0, to, 0, nil))

	// The relayer's view: the deposits, by confirmation depth, in order.
	q := DepositQuery(f.addrs.Bridge, start+1)
	logs, last, err := f.l1.ConfirmedLogs(f.ctx, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.l1.BlockNumber(f.ctx)
	if len(logs) != 3 || last != head {
		t.Fatalf("%d confirmed deposits up to %d (head %d)", len(logs), last, head)
	}
	for i, l := range logs {
		ev, err := f.bridge.UnpackDepositInitiatedEvent(&l)
		if err != nil || ev.Nonce.Int64() != int64(i) {
			t.Fatalf("deposit %d: %+v %v", i, ev, err)
		}
	}
	// The ERC-20 deposit's block is the head: one confirmation leaves it out.
	logs, last, err = f.l1.ConfirmedLogs(f.ctx, q, 1)
	if err != nil || len(logs) != 2 || last != head-1 {
		t.Fatalf("with one confirmation: %d logs up to %d, %v", len(logs), last, err)
	}
	if _, _, err := f.l1.ConfirmedLogs(f.ctx, q, head+1); !errors.Is(err, ErrNothingConfirmed) {
		t.Fatalf("deeper than the chain: %v", err)
	}
}

func TestSubmitStateRoot(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	v := slices.Clone(f.validators)
	root := crypto.Keccak256Hash([]byte("root 1"))
	submit := func(signers []*ecdsa.PrivateKey, sigs [][]byte, start, end uint64, r common.Hash) error {
		if sigs == nil {
			sigs = f.signRoot(signers, testL2ChainID, start, end, r)
		}
		_, err := f.send(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(new(big.Int).SetUint64(start), new(big.Int).SetUint64(end), r, sigs))
		return err
	}
	expect := func(want string, err error) {
		t.Helper()
		if got := RevertName(err); got != want {
			t.Fatalf("want %s, got %v", want, err)
		}
	}

	// Below two thirds: 2 of 4.
	expect("InsufficientStake", submit(v[:2], nil, 1, 10, root))
	// A non-member's signature, even with three members.
	outsider := testKey("outsider")
	expect("NotValidator", submit(append(v[:3:3], outsider), nil, 1, 10, root))
	// A duplicate signer.
	sorted := f.signRoot(v[:3], testL2ChainID, 1, 10, root)
	expect("SignersNotSorted", submit(nil, append(slices.Clone(sorted), sorted[2]), 1, 10, root))
	// Unsorted signers.
	unsorted := slices.Clone(sorted)
	unsorted[0], unsorted[1] = unsorted[1], unsorted[0]
	expect("SignersNotSorted", submit(nil, unsorted, 1, 10, root))
	// Signatures for another chain recover to strangers.
	other := f.signRoot(v, testL2ChainID+1, 1, 10, root)
	if err := submit(nil, other, 1, 10, root); err == nil || (RevertName(err) != "NotValidator" && RevertName(err) != "SignersNotSorted") {
		t.Fatalf("another chain's signatures: %v", err)
	}
	// Signatures of another range or root do not carry over.
	if err := submit(nil, f.signRoot(v, testL2ChainID, 1, 11, root), 1, 10, root); RevertName(err) == "" {
		t.Fatalf("signatures of another range: %v", err)
	}
	// Malformed signatures.
	short := slices.Clone(sorted)
	short[1] = short[1][:64]
	expect("BadSignature", submit(nil, short, 1, 10, root))
	highV := [][]byte{append(slices.Clone(sorted[0][:64]), 27)}
	expect("BadSignature", submit(nil, highV, 1, 10, root))
	// The range must start at batch 1, then follow on.
	expect("InvalidRange", submit(v, nil, 2, 10, root))
	expect("InvalidRange", submit(v, nil, 1, 0, root))
	expect("InvalidRange", submit(v, nil, 1, 10, common.Hash{}))

	// Three of four is enough.
	r, err := f.send(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(big.NewInt(1), big.NewInt(10), root, sorted))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := f.scc.UnpackStateRootSubmittedEvent(r.Logs[0])
	if err != nil || ev.Index.Int64() != 0 || ev.StartBatch.Int64() != 1 || ev.EndBatch.Int64() != 10 || ev.OutputRoot != root || ev.SignedStake.Int64() != 3 {
		t.Fatalf("event %+v, %v", ev, err)
	}
	got := call(f, f.sccC, f.scc.PackGetRoot(common.Big0), f.scc.UnpackGetRoot)
	block, _ := f.l1.HeaderByNumber(f.ctx, r.BlockNumber)
	if got.OutputRoot != root || got.StartBatch != 1 || got.EndBatch != 10 || got.SubmittedAt != block.Time || got.FinalizedAt != block.Time+100 {
		t.Fatalf("root %+v (block time %d)", got, block.Time)
	}
	expect("InvalidRange", submit(v, nil, 1, 10, root)) // the same range again
	expect("InvalidRange", submit(v, nil, 12, 20, root))
	root2 := crypto.Keccak256Hash([]byte("root 2"))
	f.submitRoot(11, 20, root2)
	root3 := crypto.Keccak256Hash([]byte("root 3"))
	f.submitRoot(21, 21, root3)
	if n := call(f, f.sccC, f.scc.PackNextBatch(), f.scc.UnpackNextBatch); n.Int64() != 22 {
		t.Fatalf("next batch %s", n)
	}
	// The digest is the one the Go side signs.
	if d := call(f, f.sccC, f.scc.PackOutputRootDigest(big.NewInt(1), big.NewInt(10), root), f.scc.UnpackOutputRootDigest); common.Hash(d) != OutputRootDigest(testL2ChainID, 1, 10, root) {
		t.Fatalf("digest %x", d)
	}

	// Only the fraud-proof game deletes roots, and only unfinalized ones.
	game := testKey("game")
	f.reverts("NotFraudProofGame", f.relayer, f.sccC, nil, f.scc.PackDeleteRootsFrom(common.Big1))
	f.reverts("NotFraudProofGame", f.relayer, f.sccC, nil, f.scc.PackSlash(addr(v[0]), common.Big1))
	f.reverts("NotOwner", f.relayer, f.sccC, nil, f.scc.PackSetFraudProofGame(addr(game)))
	f.ok(f.deployer, f.sccC, nil, f.scc.PackSetFraudProofGame(addr(game)))
	f.transfer(f.user, addr(game), ether(10))
	f.reverts("NoRoot", game, f.sccC, nil, f.scc.PackDeleteRootsFrom(big.NewInt(3)))
	// Each root records its signers: three of four for root 0, all four for root 1.
	signers := func(i int64) []common.Address {
		return call(f, f.sccC, f.scc.PackSignersOf(big.NewInt(i)), f.scc.UnpackSignersOf)
	}
	all, _ := ValidatorSet(f.params.Validators)
	if got, want := signers(0), sortedAddrs(v[:3]); !slices.Equal(got, want) {
		t.Fatalf("root 0 signed by %v, want %v", got, want)
	}
	if got := signers(1); !slices.Equal(got, all) {
		t.Fatalf("root 1 signed by %v, want every validator %v", got, all)
	}
	// Deleting root 1 slashes its signers, and only them: here every validator.
	r = f.ok(game, f.sccC, nil, f.scc.PackDeleteRootsFrom(common.Big1))
	var slashed []common.Address
	var del *bindings.StateCommitmentChainStateRootsDeleted
	for _, l := range r.Logs {
		if ev, err := f.scc.UnpackValidatorSlashedEvent(l); err == nil {
			if ev.RootIndex.Int64() != 1 || ev.Stake.Int64() != 1 {
				t.Fatalf("slashed %+v", ev)
			}
			slashed = append(slashed, ev.Validator)
		} else if ev, err := f.scc.UnpackStateRootsDeletedEvent(l); err == nil {
			del = ev
		}
	}
	if del == nil || del.FromIndex.Int64() != 1 || del.Count.Int64() != 2 {
		t.Fatalf("deleted %+v", del)
	}
	if !slices.Equal(slashed, all) {
		t.Fatalf("slashed %v, want %v", slashed, all)
	}
	if total := call(f, f.sccC, f.scc.PackTotalStake(), f.scc.UnpackTotalStake); total.Sign() != 0 {
		t.Fatalf("total stake %s after slashing every validator", total)
	}
	if vals := call(f, f.sccC, f.scc.PackValidators(), f.scc.UnpackValidators); len(vals.Addrs) != 0 {
		t.Fatalf("validators %v after slashing all", vals.Addrs)
	}
	// Nothing may be submitted in the second of a deletion: a root's
	// index, output root and submission time name one submission only.
	expect("DeletedThisSecond", submit(nil, [][]byte{}, 11, 15, root2))
	if err := f.l1.AdjustTime(time.Second); err != nil {
		t.Fatal(err)
	}
	// With no stake left nothing passes, not even unsigned.
	expect("InsufficientStake", submit(nil, [][]byte{}, 11, 15, root2))
	expect("NotValidator", submit(v, nil, 11, 15, root2))
	// A deleted root's signers stay readable through the set version they signed under.
	if got := call(f, f.sccC, f.scc.PackValidatorSet(1), f.scc.UnpackValidatorSet); !slices.Equal(got, all) {
		t.Fatalf("set version 1 is %v", got)
	}
	f.ok(f.deployer, f.sccC, nil, f.scc.PackSetValidators(ValidatorSet(f.params.Validators)))
	if n := call(f, f.sccC, f.scc.PackRootCount(), f.scc.UnpackRootCount); n.Int64() != 1 {
		t.Fatalf("%s roots after deletion", n)
	}
	if n := call(f, f.sccC, f.scc.PackNextBatch(), f.scc.UnpackNextBatch); n.Int64() != 11 {
		t.Fatalf("next batch %s after deletion", n)
	}
	if _, err := bind.Call(f.sccC, nil, f.scc.PackGetRoot(common.Big1), f.scc.UnpackGetRoot); RevertName(err) != "NoRoot" {
		t.Fatalf("deleted root: %v", err)
	}
	f.submitRoot(11, 15, root2)
	if call(f, f.sccC, f.scc.PackIsFinalized(common.Big0), f.scc.UnpackIsFinalized) {
		t.Fatal("final before the window")
	}
	if err := f.l1.AdjustTime(100 * time.Second); err != nil {
		t.Fatal(err)
	}
	if !call(f, f.sccC, f.scc.PackIsFinalized(common.Big0), f.scc.UnpackIsFinalized) {
		t.Fatal("not final after the window")
	}
	f.reverts("RootFinalized", game, f.sccC, nil, f.scc.PackDeleteRootsFrom(common.Big0))

	// The owner may change the set; the new set decides from then on.
	newVals := []common.Address{addr(v[0]), addr(v[1])}
	slices.SortFunc(newVals, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	f.reverts("NotOwner", f.relayer, f.sccC, nil, f.scc.PackSetValidators(newVals, []*big.Int{common.Big1, common.Big1}))
	f.reverts("InvalidValidatorSet", f.deployer, f.sccC, nil, f.scc.PackSetValidators([]common.Address{newVals[1], newVals[0]}, []*big.Int{common.Big1, common.Big1}))
	f.ok(f.deployer, f.sccC, nil, f.scc.PackSetValidators(newVals, []*big.Int{common.Big1, common.Big1}))
	expect("NotValidator", submit(v[2:], nil, 16, 16, root3))
	if err := submit(v[:2], nil, 16, 16, root3); err != nil {
		t.Fatal(err)
	}
}

// TestSubmitStateRootStakeWeighted checks the threshold is two thirds of
// the stake, not of the signers.
func TestSubmitStateRootStakeWeighted(t *testing.T) {
	f := newFixture(t, fixtureOptions{stakes: []int64{1, 1, 1, 3}})
	big3 := f.validators[3]
	root := crypto.Keccak256Hash([]byte("weighted"))
	// The three small validators: 3 of 6.
	_, err := f.send(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(common.Big1, common.Big1, root, f.signRoot(f.validators[:3], testL2ChainID, 1, 1, root)))
	if RevertName(err) != "InsufficientStake" {
		t.Fatalf("half the stake: %v", err)
	}
	// The large one and one small: 4 of 6, exactly two thirds.
	f.ok(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(common.Big1, common.Big1, root, f.signRoot([]*ecdsa.PrivateKey{big3, f.validators[0]}, testL2ChainID, 1, 1, root)))
}
