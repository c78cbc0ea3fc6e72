package bridge

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
)

const testL2ChainID = 901

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// testKey derives a fixed key from a label, so failures name the same
// addresses every run.
func testKey(label string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("l2node/bridge/test/" + label)))
	if err != nil {
		panic(err)
	}
	return k
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// fixture is a simulated L1 (every transaction mined at once) with the
// contracts deployed, a funded deployer, user and relayer, and four
// validators of stake 1.
type fixture struct {
	t          testing.TB
	ctx        context.Context
	l1         *Simulated
	params     DeployParams
	addrs      *Addresses
	deployer   *ecdsa.PrivateKey
	user       *ecdsa.PrivateKey
	relayer    *ecdsa.PrivateKey
	validators []*ecdsa.PrivateKey

	bridge   *bindings.Bridge
	scc      *bindings.StateCommitmentChain
	registry *bindings.SequencerRegistry
	bridgeC  *bind.BoundContract
	sccC     *bind.BoundContract
	regC     *bind.BoundContract

	// outputs opens the roots submitted with submitBlock, by root index.
	outputs map[uint64]Output
}

type fixtureOptions struct {
	validators int     // default 4
	stakes     []int64 // per validator; default 1 each
	mutate     func(*DeployParams)
}

func newFixture(t testing.TB, o fixtureOptions) *fixture {
	t.Helper()
	if o.validators == 0 {
		o.validators = 4
	}
	f := &fixture{
		t: t, ctx: context.Background(),
		deployer: testKey("deployer"), user: testKey("user"), relayer: testKey("relayer"),
	}
	alloc := types.GenesisAlloc{}
	for _, k := range []*ecdsa.PrivateKey{f.deployer, f.user, f.relayer} {
		alloc[addr(k)] = types.Account{Balance: ether(1_000_000)}
	}
	var vals []Validator
	for i := range o.validators {
		k := testKey(fmt.Sprintf("validator-%d", i))
		f.validators = append(f.validators, k)
		stake := int64(1)
		if o.stakes != nil {
			stake = o.stakes[i]
		}
		vals = append(vals, Validator{Address: addr(k), Stake: big.NewInt(stake)})
		alloc[addr(k)] = types.Account{Balance: ether(1_000)}
	}
	l1, err := NewSimulated(WithAlloc(alloc), WithAutoCommit(), WithBlockGasLimit(60_000_000))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l1.Close() })
	f.l1 = l1
	f.params = DeployParams{
		L2ChainID:                testL2ChainID,
		Validators:               vals,
		ChallengeWindow:          100 * time.Second,
		FinalizationDelay:        150 * time.Second,
		LargeWithdrawalDelay:     500 * time.Second,
		LargeWithdrawalThreshold: ether(5),
		MinSequencerStake:        ether(1),
		UnstakeDelay:             300 * time.Second,
		ReporterShareBps:         2500,
	}
	if o.mutate != nil {
		o.mutate(&f.params)
	}
	if f.addrs, err = Deploy(f.ctx, l1, f.deployer, f.params); err != nil {
		t.Fatal(err)
	}
	f.bridge, f.scc, f.registry = bindings.NewBridge(), bindings.NewStateCommitmentChain(), bindings.NewSequencerRegistry()
	f.bridgeC = f.bridge.Instance(l1, f.addrs.Bridge)
	f.sccC = f.scc.Instance(l1, f.addrs.StateCommitmentChain)
	f.regC = f.registry.Instance(l1, f.addrs.SequencerRegistry)
	return f
}

// send makes a transaction from key; it returns the receipt of a mined one,
// or the error of gas estimation (a revert) with no transaction sent.
func (f *fixture) send(key *ecdsa.PrivateKey, c *bind.BoundContract, value *big.Int, data []byte) (*types.Receipt, error) {
	f.t.Helper()
	chainID, err := f.l1.ChainID(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = f.ctx
	opts.Value = value
	tx, err := bind.Transact(c, opts, data)
	if err != nil {
		return nil, err
	}
	r, err := f.l1.WaitReceipt(f.ctx, tx.Hash())
	if err != nil {
		f.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("transaction %s failed", tx.Hash())
	}
	return r, nil
}

// ok sends and fails the test unless the transaction succeeds.
func (f *fixture) ok(key *ecdsa.PrivateKey, c *bind.BoundContract, value *big.Int, data []byte) *types.Receipt {
	f.t.Helper()
	r, err := f.send(key, c, value, data)
	if err != nil {
		f.t.Fatalf("transaction failed: %v", err)
	}
	return r
}

// reverts sends and fails the test unless it reverts with the custom error want.
func (f *fixture) reverts(want string, key *ecdsa.PrivateKey, c *bind.BoundContract, value *big.Int, data []byte) *Revert {
	f.t.Helper()
	_, err := f.send(key, c, value, data)
	r, ok := AsRevert(err)
	if !ok || r.Name != want {
		f.t.Fatalf("want a revert with %s, got %v", want, err)
	}
	return r
}

// call runs a view function.
func call[T any](f *fixture, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	f.t.Helper()
	v, err := bind.Call(c, &bind.CallOpts{Context: f.ctx}, data, unpack)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

// signRoot has the given validators sign a root and returns the signatures
// sorted for submission.
func (f *fixture) signRoot(signers []*ecdsa.PrivateKey, chainID, start, end uint64, root common.Hash) [][]byte {
	f.t.Helper()
	var sigs []OutputRootSignature
	for _, k := range signers {
		s, err := SignOutputRoot(k, chainID, start, end, root)
		if err != nil {
			f.t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	return SubmissionSignatures(sigs)
}

// submitRoot commits root for start..end with every validator's signature.
func (f *fixture) submitRoot(start, end uint64, root common.Hash) *types.Receipt {
	f.t.Helper()
	sigs := f.signRoot(f.validators, testL2ChainID, start, end, root)
	return f.ok(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(new(big.Int).SetUint64(start), new(big.Int).SetUint64(end), root, sigs))
}

// submitBlock commits the output of block (its state root and hash) for
// start..block and remembers it for packProve.
func (f *fixture) submitBlock(start uint64, block *types.Block) *types.Receipt {
	f.t.Helper()
	out := Output{StateRoot: block.Root(), BlockHash: block.Hash()}
	r := f.submitRoot(start, block.NumberU64(), out.Root())
	ev, err := f.scc.UnpackStateRootSubmittedEvent(r.Logs[0])
	if err != nil {
		f.t.Fatal(err)
	}
	if f.outputs == nil {
		f.outputs = map[uint64]Output{}
	}
	f.outputs[ev.Index.Uint64()] = out
	return r
}

// packProve is proveWithdrawal's call data for w against the root at index,
// opened as submitBlock committed it.
func (f *fixture) packProve(w Withdrawal, index int64, acc, st [][]byte) []byte {
	o := f.outputs[uint64(index)]
	return f.bridge.PackProveWithdrawal(w, big.NewInt(index), o.StateRoot, o.BlockHash, acc, st)
}

// deployArtifact deploys a contract of contracts/artifacts from key.
func (f *fixture) deployArtifact(key *ecdsa.PrivateKey, name string, args ...any) common.Address {
	f.t.Helper()
	art := contracts.MustLoad(name)
	input, err := art.ABI.Pack("", args...)
	if err != nil {
		f.t.Fatal(err)
	}
	chainID, _ := f.l1.ChainID(f.ctx)
	opts := bind.NewKeyedTransactor(key, chainID)
	a, tx, err := bind.DeployContract(opts, art.Bytecode, f.l1, input)
	if err != nil {
		f.t.Fatal(err)
	}
	if r, err := f.l1.WaitReceipt(f.ctx, tx.Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
		f.t.Fatalf("deploy %s: %v", name, err)
	}
	return a
}

// artifactContract binds an artifact's ABI at an address.
func (f *fixture) artifactContract(name string, at common.Address) *bind.BoundContract {
	a := contracts.MustLoad(name).ABI
	return bind.NewBoundContract(at, a, f.l1, f.l1, f.l1)
}

func pack(t testing.TB, name, method string, args ...any) []byte {
	t.Helper()
	b, err := contracts.MustLoad(name).ABI.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// callArtifact runs a view method of an artifact and returns its outputs.
func (f *fixture) callArtifact(name string, at common.Address, method string, args ...any) []any {
	f.t.Helper()
	a := contracts.MustLoad(name).ABI
	out, err := bind.Call(f.artifactContract(name, at), &bind.CallOpts{Context: f.ctx}, pack(f.t, name, method, args...),
		func(b []byte) ([]any, error) { return a.Unpack(method, b) })
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

func (f *fixture) balance(a common.Address) *big.Int {
	f.t.Helper()
	b, err := f.l1.BalanceAt(f.ctx, a, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// transfer sends value from key to a plain account.
func (f *fixture) transfer(key *ecdsa.PrivateKey, to common.Address, value *big.Int) {
	f.t.Helper()
	chainID, _ := f.l1.ChainID(f.ctx)
	nonce, err := f.l1.PendingNonceAt(f.ctx, addr(key))
	if err != nil {
		f.t.Fatal(err)
	}
	head, err := f.l1.HeaderByNumber(f.ctx, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	tip := big.NewInt(1e9)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip),
		Gas: 21_000, To: &to, Value: value,
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.l1.SendTransaction(f.ctx, tx); err != nil {
		f.t.Fatal(err)
	}
	if r, err := f.l1.WaitReceipt(f.ctx, tx.Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
		f.t.Fatalf("transfer: %v", err)
	}
}

// sortedAddrs are the keys' addresses, ascending.
func sortedAddrs(keys []*ecdsa.PrivateKey) []common.Address {
	out := make([]common.Address, len(keys))
	for i, k := range keys {
		out[i] = addr(k)
	}
	slices.SortFunc(out, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return out
}
