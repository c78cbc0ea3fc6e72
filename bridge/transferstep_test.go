package bridge

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// The TransferStep library's tests: the one-step proof of a plain transfer
// against the executor's own state roots. The long run (L2NODE_LONG=1, or
// -long) takes thousands of random steps instead of 300.

const transferStepHarness = "TransferStepHarness"

// stepContext is TransferStep.BlockContext.
type stepContext struct {
	ChainId      *big.Int
	BaseFee      *big.Int
	FeeRecipient common.Address
}

// stepProofs is TransferStep.AccountProofs.
type stepProofs struct {
	Sender       [][]byte
	Recipient    [][]byte
	FeeRecipient [][]byte
}

func longRun() bool { return *long || os.Getenv("L2NODE_LONG") == "1" }

// newStepEVM runs the TransferStepHarness in go-ethereum's EVM without a chain.
func newStepEVM(t testing.TB) *mptEVM {
	t.Helper()
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		t.Fatal(err)
	}
	art := contracts.MustLoad(transferStepHarness)
	addr := common.HexToAddress("0x7357")
	st.SetCode(addr, art.DeployedBytecode, tracing.CodeChangeUnspecified)
	cfg := *params.MergedTestChainConfig
	cfg.OsakaTime = nil // the artifacts are compiled for Prague
	return &mptEVM{t: t, state: st, abi: art.ABI, addr: addr, cfg: &cfg}
}

// stepChain is an executor with funded keys, a few special accounts, and the
// harness to prove its steps with.
type stepChain struct {
	t       testing.TB
	e       *exec.Executor
	evm     *mptEVM
	keys    []*ecdsa.PrivateKey
	coded   *ecdsa.PrivateKey // a key whose account has code (EIP-3607)
	empties []common.Address  // accounts the genesis holds empty
	contr   common.Address    // a contract without a key
	signer  types.Signer
	chainID *big.Int
}

func newStepChain(t testing.TB, rng *rand.Rand, extra int) *stepChain {
	t.Helper()
	c := &stepChain{t: t, evm: newStepEVM(t), chainID: big.NewInt(testL2ChainID)}
	c.signer = types.LatestSignerForChainID(c.chainID)
	alloc := types.GenesisAlloc{}
	for i := range 40 {
		k := testKey(fmt.Sprintf("transfer-step-%d", i))
		c.keys = append(c.keys, k)
		bal := new(big.Int).Lsh(big.NewInt(1), uint(70+rng.Intn(30)))
		if i%7 == 0 {
			bal = big.NewInt(int64(21000 * 3_000_000_000 * (1 + rng.Intn(3))))
		}
		alloc[addr(k)] = types.Account{Balance: bal, Nonce: uint64(rng.Intn(3))}
	}
	c.coded = testKey("transfer-step-coded")
	alloc[addr(c.coded)] = types.Account{Balance: ether(10), Code: []byte{0x60, 0x00}}
	c.contr = common.HexToAddress("0xc0de")
	alloc[c.contr] = types.Account{Balance: new(big.Int), Code: []byte{0x00}, Nonce: 1}
	for i := range 6 {
		a := common.BigToAddress(big.NewInt(int64(0xe0000 + i)))
		c.empties = append(c.empties, a)
		alloc[a] = types.Account{Balance: new(big.Int)}
	}
	for range extra {
		var a common.Address
		rng.Read(a[:])
		alloc[a] = types.Account{Balance: big.NewInt(rng.Int63()), Nonce: uint64(rng.Intn(100))}
	}
	gen := &exec.Genesis{ChainID: testL2ChainID, GasLimit: 200_000, BaseFee: big.NewInt(params.GWei), Alloc: alloc}
	e, err := exec.Open(t.TempDir(), gen, exec.Config{NoSync: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	c.e = e
	return c
}

func (c *stepChain) head() *types.Header { return c.e.Head().Header() }

func (c *stepChain) state() *state.StateDB {
	c.t.Helper()
	st, err := c.e.StateAt(c.head())
	if err != nil {
		c.t.Fatal(err)
	}
	return st
}

// apply executes one batch of txs with the fee recipient cb.
func (c *stepChain) apply(cb common.Address, txs ...*types.Transaction) *exec.Result {
	c.t.Helper()
	h := c.head()
	res, err := c.e.Apply(context.Background(), &exec.Batch{Number: h.Number.Uint64() + 1, Time: h.Time + 1, FeeRecipient: cb, Txs: txs})
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

// proof is the account proof of a against the state root.
func (c *stepChain) proof(root common.Hash, a common.Address) [][]byte {
	c.t.Helper()
	tr, err := c.e.StateDatabase().OpenTrie(root)
	if err != nil {
		c.t.Fatal(err)
	}
	var p proofList
	if err := tr.Prove(crypto.Keccak256(a[:]), &p); err != nil {
		c.t.Fatal(err)
	}
	return p
}

// stepInput is what TransferStep.execute takes.
type stepInput struct {
	pre    common.Hash
	ctx    stepContext
	raw    []byte
	proofs stepProofs
}

// input proves tx from the state root pre, in a block with base fee and fee
// recipient cb.
func (c *stepChain) input(pre common.Hash, baseFee *big.Int, cb common.Address, tx *types.Transaction) stepInput {
	c.t.Helper()
	raw, err := tx.MarshalBinary()
	if err != nil {
		c.t.Fatal(err)
	}
	// The sender as go-ethereum recovers it; a transaction it refuses gets
	// the proof of an arbitrary account.
	from, _ := types.Sender(types.LatestSignerForChainID(c.chainID), tx)
	var to common.Address
	if tx.To() != nil {
		to = *tx.To()
	}
	return stepInput{
		pre: pre, raw: raw,
		ctx:    stepContext{ChainId: c.chainID, BaseFee: baseFee, FeeRecipient: cb},
		proofs: stepProofs{Sender: c.proof(pre, from), Recipient: c.proof(pre, to), FeeRecipient: c.proof(pre, cb)},
	}
}

// execute runs TransferStep.execute; reverted is the custom error's name.
func (c *stepChain) execute(in stepInput) (common.Hash, string) {
	c.t.Helper()
	res, reverted := c.evm.call("execute", in.pre, in.ctx, in.raw, in.proofs)
	if reverted != "" {
		return common.Hash{}, reverted
	}
	return res[0].([32]byte), ""
}

func (c *stepChain) sign(k *ecdsa.PrivateKey, data types.TxData) *types.Transaction {
	c.t.Helper()
	tx, err := types.SignNewTx(k, c.signer, data)
	if err != nil {
		c.t.Fatal(err)
	}
	return tx
}

// randomAccessList is empty, or a few random addresses with storage keys.
func randomAccessList(rng *rand.Rand) types.AccessList {
	var al types.AccessList
	if rng.Intn(3) == 0 {
		for range 1 + rng.Intn(3) {
			var tuple types.AccessTuple
			rng.Read(tuple.Address[:])
			for range rng.Intn(4) {
				var h common.Hash
				rng.Read(h[:])
				tuple.StorageKeys = append(tuple.StorageKeys, h)
			}
			al = append(al, tuple)
		}
	}
	return al
}

// randomStep makes a valid random plain transfer at the head and the fee
// recipient of its batch, and says what kind of step it is.
func (c *stepChain) randomStep(rng *rand.Rand, st *state.StateDB, baseFee *big.Int) (*types.Transaction, common.Address, string) {
	typ := rng.Intn(3)
	tip := big.NewInt(0)
	if rng.Intn(5) != 0 {
		tip = big.NewInt(rng.Int63n(3 * params.GWei))
	}
	feeCap := new(big.Int).Add(baseFee, tip)
	switch rng.Intn(4) {
	case 0: // the tip is capped
		feeCap.Sub(feeCap, big.NewInt(rng.Int63n(tip.Int64()+1)))
		if feeCap.Cmp(tip) < 0 {
			feeCap.Set(tip)
		}
		if feeCap.Cmp(baseFee) < 0 {
			feeCap.Set(baseFee)
		}
	case 1:
		feeCap.Add(feeCap, big.NewInt(rng.Int63n(5*params.GWei)))
	}
	var al types.AccessList
	if typ != 0 {
		al = randomAccessList(rng)
	}
	gas := 21000 + uint64(len(al))*params.TxAccessListAddressGas + uint64(al.StorageKeys())*params.TxAccessListStorageKeyGas
	if rng.Intn(3) == 0 {
		gas += uint64(rng.Intn(40000))
	}
	// A sender who can pay for the gas.
	var k *ecdsa.PrivateKey
	need := new(big.Int).Mul(new(big.Int).SetUint64(gas), feeCap)
	for try := 0; ; try++ {
		k = c.keys[rng.Intn(len(c.keys))]
		if st.GetBalance(addr(k)).ToBig().Cmp(need) >= 0 {
			break
		}
		if try == 100 {
			c.t.Fatalf("no key can pay %s wei of gas", need)
		}
	}
	from := addr(k)
	kind := "to a funded account"
	to := addr(c.keys[rng.Intn(len(c.keys))])
	var cb common.Address
	rng.Read(cb[:])
	switch rng.Intn(10) {
	case 0:
		rng.Read(to[:])
		kind = "to a fresh account"
	case 1:
		to = from
		kind = "to the sender itself"
	case 2:
		to = cb
		kind = "to the fee recipient"
	case 3:
		to = exec.DepositNonceAddress
		kind = "to an account with storage"
	case 4:
		to = c.empties[rng.Intn(len(c.empties))]
		kind = "to an account the genesis holds empty"
	}
	switch rng.Intn(6) {
	case 0:
		cb = from
		kind += ", fee recipient the sender"
	case 1:
		cb = addr(c.keys[rng.Intn(len(c.keys))])
		kind += ", fee recipient funded"
	case 2:
		cb = common.Address{}
		kind += ", fee recipient zero"
	}
	left := new(big.Int).Sub(st.GetBalance(from).ToBig(), need)
	value := new(big.Int)
	// NB: value leaving the keys' accounts is kept small, or a long run
	// drains them.
	keyRecipient := false
	for _, k := range c.keys {
		keyRecipient = keyRecipient || addr(k) == to
	}
	switch r := rng.Intn(8); {
	case left.Sign() <= 0 || r == 0:
		kind += ", value 0"
	case r == 1 && keyRecipient:
		value.Set(left)
		kind += ", the whole balance"
	case keyRecipient:
		value.Rand(rng, left)
	default:
		value.Rand(rng, new(big.Int).Rsh(left, 12))
	}
	nonce := st.GetNonce(from)
	var data types.TxData
	switch typ {
	case 0:
		data = &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: gas, To: &to, Value: value}
	case 1:
		data = &types.AccessListTx{ChainID: c.chainID, Nonce: nonce, GasPrice: feeCap, Gas: gas, To: &to, Value: value, AccessList: al}
	default:
		data = &types.DynamicFeeTx{ChainID: c.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: &to, Value: value, AccessList: al}
	}
	if len(al) > 0 {
		kind += ", access list"
	}
	return c.sign(k, data), cb, fmt.Sprintf("type %d, %s", typ, kind)
}

// TestTransferStepMatchesExecutor proves random plain transfers with
// TransferStep: each is the first step of a batch the real executor applies
// (with a few more transfers after it), and the library's post-root from the
// pre-state's account proofs must be the executor's root after the step.
// Steps cover the three transaction types, access lists, capped tips, zero
// tips, self-transfers, transfers to fresh accounts, to the fee recipient and
// of the whole balance, fresh and zero fee recipients, and accounts the
// genesis holds empty (EIP-161 deletes them; the library refuses the step).
func TestTransferStepMatchesExecutor(t *testing.T) {
	cases := 300
	if longRun() {
		cases = 20_000
	}
	t.Parallel()
	rng := rand.New(rand.NewSource(29))
	c := newStepChain(t, rng, 2000)
	kinds := map[string]int{}
	var proven, deletions, l1Checked int
	f := newFixture(t, fixtureOptions{})
	harness := f.deployArtifact(f.deployer, transferStepHarness)
	for i := range cases {
		st := c.state()
		baseFee := c.e.NextBaseFee()
		tx, cb, kind := c.randomStep(rng, st, baseFee)
		txs := types.Transactions{tx}
		for range rng.Intn(4) {
			k := c.keys[rng.Intn(len(c.keys))]
			to := addr(c.keys[rng.Intn(len(c.keys))])
			fee := new(big.Int).Mul(baseFee, big.NewInt(3))
			txs = append(txs, c.sign(k, &types.DynamicFeeTx{ChainID: c.chainID, Nonce: st.GetNonce(addr(k)), GasTipCap: big.NewInt(1), GasFeeCap: fee,
				Gas: 21000, To: &to, Value: big.NewInt(rng.Int63n(1e12))}))
		}
		res := c.apply(cb, txs...)
		block := res.Block
		if len(block.Transactions()) == 0 || block.Transactions()[0].Hash() != tx.Hash() {
			t.Fatalf("case %d (%s): the executor dropped the step: %+v", i, kind, res.Dropped)
		}
		steps, err := c.e.StepRoots(block.NumberU64())
		if err != nil {
			t.Fatal(err)
		}
		want := steps.Roots[0]
		in := c.input(steps.Pre, block.BaseFee(), block.Coinbase(), tx)
		got, reverted := c.execute(in)
		if reverted == "EmptyAccountDeletion" {
			// The executor must have deleted an account the pre-state holds
			// (the batch's other transfers touch only the keys' accounts).
			post := c.state()
			pre, err := state.New(steps.Pre, c.e.StateDatabase())
			if err != nil {
				t.Fatal(err)
			}
			var deleted bool
			for _, a := range c.empties {
				deleted = deleted || pre.Exist(a) && !post.Exist(a)
			}
			if !deleted {
				t.Fatalf("case %d (%s): EmptyAccountDeletion, but the executor deleted no account", i, kind)
			}
			deletions++
			continue
		}
		if reverted != "" || got != want {
			t.Fatalf("case %d (%s): tx %x\ngot %s %q, want %s", i, kind, in.raw, got, reverted, want)
		}
		kinds[kind]++
		proven++
		if i%25 == 0 {
			// The same call on the simulated L1.
			if got, reverted := l1Execute(t, f, harness, in); reverted != "" || got != want {
				t.Fatalf("case %d on L1: got %s %q, want %s", i, got, reverted, want)
			}
			l1Checked++
		}
	}
	t.Logf("%d steps proven equal to the executor's roots (%d also on the simulated L1), %d refused as deletions of empty accounts", proven, l1Checked, deletions)
	if testing.Verbose() {
		for k, n := range kinds {
			t.Logf("  %4d %s", n, k)
		}
	}
	if proven < cases*8/10 {
		t.Fatalf("only %d of %d steps proven", proven, cases)
	}
}

// l1Execute is execute as an eth_call on the simulated L1.
func l1Execute(t testing.TB, f *fixture, harness common.Address, in stepInput) (common.Hash, string) {
	t.Helper()
	a := contracts.MustLoad(transferStepHarness).ABI
	input, err := a.Pack("execute", in.pre, in.ctx, in.raw, in.proofs)
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.l1.CallContract(f.ctx, ethereum.CallMsg{To: &harness, Data: input}, nil)
	if err != nil {
		var de rpc.DataError
		if errors.As(err, &de) {
			if s, ok := de.ErrorData().(string); ok {
				return common.Hash{}, revertName(a, hexutil.MustDecode(s))
			}
		}
		t.Fatal(err)
	}
	res, err := a.Unpack("execute", out)
	if err != nil {
		t.Fatal(err)
	}
	return res[0].([32]byte), ""
}

// TestTransferStepRejects gives the library transactions the executor drops
// and steps it must not prove: each reverts with its error, and each
// transaction is dropped by the executor too.
func TestTransferStepRejects(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(31))
	c := newStepChain(t, rng, 200)
	sender, other := c.keys[1], c.keys[2]
	to := addr(other)
	cb := common.HexToAddress("0xfee")
	// Give the sender a nonce above zero, so that a stranger's nonce differs.
	c.apply(cb, c.sign(sender, &types.DynamicFeeTx{ChainID: c.chainID, Nonce: c.state().GetNonce(addr(sender)),
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(10 * params.GWei), Gas: 21000, To: &to, Value: big.NewInt(1)}))

	st := c.state()
	baseFee := c.e.NextBaseFee()
	nonce := st.GetNonce(addr(sender))
	balance := st.GetBalance(addr(sender)).ToBig()
	feeCap := new(big.Int).Mul(baseFee, big.NewInt(2))
	dyn := func(mod func(*types.DynamicFeeTx)) *types.DynamicFeeTx {
		d := &types.DynamicFeeTx{ChainID: c.chainID, Nonce: nonce, GasTipCap: big.NewInt(params.GWei / 10), GasFeeCap: feeCap,
			Gas: 21000, To: &to, Value: big.NewInt(12345)}
		if mod != nil {
			mod(d)
		}
		return d
	}
	valid := c.sign(sender, dyn(nil))
	pre := c.head().Root

	// The valid step proves, or the cases below prove nothing.
	if _, reverted := c.execute(c.input(pre, baseFee, cb, valid)); reverted != "" {
		t.Fatalf("valid step: %s", reverted)
	}

	// resign replaces the signature values of a signed transaction.
	resign := func(tx *types.Transaction, v, r, s *big.Int) *types.Transaction {
		var d types.TxData
		switch tx.Type() {
		case types.LegacyTxType:
			d = &types.LegacyTx{Nonce: tx.Nonce(), GasPrice: tx.GasPrice(), Gas: tx.Gas(), To: tx.To(), Value: tx.Value(), V: v, R: r, S: s}
		default:
			x := dyn(nil)
			x.V, x.R, x.S = v, r, s
			d = x
		}
		return types.NewTx(d)
	}
	v, r, s := valid.RawSignatureValues()
	n := crypto.S256().Params().N
	highS := resign(valid, new(big.Int).Xor(v, big.NewInt(1)), r, new(big.Int).Sub(n, s))
	legacy := c.sign(sender, &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: 21000, To: &to, Value: big.NewInt(1)})
	lv, lr, ls := legacy.RawSignatureValues()
	unprotected, err := types.SignNewTx(sender, types.HomesteadSigner{}, &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: 21000, To: &to, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	otherChain := types.LatestSignerForChainID(big.NewInt(testL2ChainID + 1))
	wrongChain, _ := types.SignNewTx(sender, otherChain, dyn(func(d *types.DynamicFeeTx) { d.ChainID = big.NewInt(testL2ChainID + 1) }))
	wrongChainLegacy, _ := types.SignNewTx(sender, otherChain, &types.LegacyTx{Nonce: nonce, GasPrice: feeCap, Gas: 21000, To: &to, Value: big.NewInt(1)})
	// Signed, then the value changed: the signature recovers a stranger.
	forged := types.NewTx(&types.DynamicFeeTx{ChainID: c.chainID, Nonce: nonce, GasTipCap: big.NewInt(params.GWei / 10), GasFeeCap: feeCap,
		Gas: 21000, To: &to, Value: big.NewInt(99999), V: v, R: r, S: s})
	contract := c.contr
	creation := c.sign(sender, &types.DynamicFeeTx{ChainID: c.chainID, Nonce: nonce, GasTipCap: big.NewInt(1), GasFeeCap: feeCap, Gas: 60000, Value: big.NewInt(1)})

	type badCase struct {
		name    string
		tx      *types.Transaction
		want    string
		dropped bool // the executor drops it (else it takes the EVM path)
	}
	cases := []badCase{
		{"high s", highS, "InvalidSignature", true},
		{"r zero", resign(valid, v, new(big.Int), s), "InvalidSignature", true},
		{"r at the curve order", resign(valid, v, n, s), "InvalidSignature", true},
		{"recovery id 2", resign(valid, big.NewInt(2), r, s), "InvalidSignature", true},
		{"legacy v off by two", resign(legacy, new(big.Int).Add(lv, big.NewInt(2)), lr, ls), "WrongChainId", true},
		{"unprotected legacy", unprotected, "UnprotectedTransaction", true},
		{"wrong chain id", wrongChain, "WrongChainId", true},
		{"wrong chain id, legacy", wrongChainLegacy, "WrongChainId", true},
		{"forged signature (a stranger)", forged, "WrongNonce", true},
		{"nonce too high", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.Nonce++ })), "WrongNonce", true},
		{"nonce too low", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.Nonce-- })), "WrongNonce", true},
		{"insufficient balance", c.sign(sender, dyn(func(d *types.DynamicFeeTx) {
			d.Value = new(big.Int).Sub(balance, new(big.Int).Mul(big.NewInt(21000), feeCap))
			d.Value.Add(d.Value, big.NewInt(1))
		})), "InsufficientFunds", true},
		{"gas × fee cap beyond 256 bits", c.sign(sender, dyn(func(d *types.DynamicFeeTx) {
			d.GasFeeCap = new(big.Int).Lsh(big.NewInt(1), 250)
			d.GasTipCap = big.NewInt(1)
		})), "InsufficientFunds", true},
		{"fee cap below base fee", c.sign(sender, dyn(func(d *types.DynamicFeeTx) {
			d.GasFeeCap = new(big.Int).Sub(baseFee, big.NewInt(1))
			d.GasTipCap = big.NewInt(0)
		})), "FeeCapBelowBaseFee", true},
		{"legacy price below base fee", c.sign(sender, &types.LegacyTx{Nonce: nonce, GasPrice: new(big.Int).Sub(baseFee, big.NewInt(1)), Gas: 21000, To: &to}),
			"FeeCapBelowBaseFee", true},
		{"tip above fee cap", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.GasTipCap = new(big.Int).Add(feeCap, big.NewInt(1)) })),
			"TipAboveFeeCap", true},
		{"gas below 21000", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.Gas = 20999 })), "IntrinsicGasTooLow", true},
		{"gas below the access list's", c.sign(sender, dyn(func(d *types.DynamicFeeTx) {
			d.AccessList = types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}}
		})), "IntrinsicGasTooLow", true},
		{"gas above EIP-7825's cap", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.Gas = params.MaxTxGas + 1 })), "GasLimitTooHigh", true},
		{"sender with code", c.sign(c.coded, dyn(func(d *types.DynamicFeeTx) { d.Nonce = 0 })), "SenderNotEOA", true},
		{"call data", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.Data = []byte{1}; d.Gas = 30000 })), "NotPlainTransfer", false},
		{"to a contract", c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.To = &contract })), "NotPlainTransfer", false},
		{"contract creation", creation, "NotPlainTransfer", false},
	}
	rules := c.e.ChainConfig().Rules(big.NewInt(1), true, 0)
	for _, p := range vm.ActivePrecompiles(rules) {
		p := p
		cases = append(cases, badCase{"to precompile " + p.Hex(), c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.To = &p; d.Gas = 100_000 })),
			"NotPlainTransfer", false})
	}
	var drops types.Transactions
	for _, bc := range cases {
		in := c.input(pre, baseFee, cb, bc.tx)
		if _, reverted := c.execute(in); reverted != bc.want {
			t.Errorf("%s: reverted with %q, want %s", bc.name, reverted, bc.want)
		}
		if bc.dropped {
			drops = append(drops, bc.tx)
		}
	}
	// Neighbours of the precompiles are plain accounts.
	for _, a := range []common.Address{common.BigToAddress(big.NewInt(0x12)), common.BigToAddress(big.NewInt(0xff)), common.BigToAddress(big.NewInt(0x101))} {
		tx := c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.To = &a }))
		if _, reverted := c.execute(c.input(pre, baseFee, cb, tx)); reverted != "" {
			t.Errorf("to %s: %s", a, reverted)
		}
	}

	// Malformed encodings of the valid transaction.
	raw, _ := valid.MarshalBinary()
	in := c.input(pre, baseFee, cb, valid)
	for name, b := range map[string][]byte{
		"trailing byte":    append(append([]byte{}, raw...), 0),
		"truncated":        raw[:len(raw)-1],
		"empty":            {},
		"a string":         {0x83, 1, 2, 3},
		"a blob tx":        append([]byte{3}, raw[1:]...),
		"a set-code tx":    append([]byte{4}, raw[1:]...),
		"non-canonical 0":  nonCanonicalNonce(t, valid),
		"legacy as type 1": append([]byte{1}, raw[1:]...),
	} {
		in := in
		in.raw = b
		want := "MalformedTransaction"
		switch name {
		case "a blob tx", "a set-code tx":
			want = "UnsupportedTxType"
		case "legacy as type 1":
			want = "MalformedTransaction" // twelve fields where eleven belong
		}
		if _, reverted := c.execute(in); reverted != want {
			t.Errorf("%s: reverted with %q, want %s", name, reverted, want)
		}
		var tx types.Transaction
		if len(b) > 0 && name != "a blob tx" && name != "a set-code tx" && tx.UnmarshalBinary(b) == nil {
			t.Errorf("%s: go-ethereum decodes it", name)
		}
	}

	// Tampered proofs and a wrong pre-state root.
	tampered := func(mod func(*stepInput)) string {
		in := c.input(pre, baseFee, cb, valid)
		mod(&in)
		_, reverted := c.execute(in)
		return reverted
	}
	for name, mod := range map[string]func(*stepInput){
		"a flipped byte in the sender's proof": func(in *stepInput) {
			p := cloneProof(in.proofs.Sender)
			p[len(p)-1][5] ^= 1
			in.proofs.Sender = p
		},
		"the recipient's proof for the sender": func(in *stepInput) { in.proofs.Sender = in.proofs.Recipient },
		"a node dropped from the recipient's":  func(in *stepInput) { in.proofs.Recipient = in.proofs.Recipient[:len(in.proofs.Recipient)-1] },
		"another pre-state root":               func(in *stepInput) { in.pre = crypto.Keccak256Hash([]byte("another root")) },
		"an empty fee recipient proof":         func(in *stepInput) { in.proofs.FeeRecipient = nil },
	} {
		if got := tampered(mod); len(got) < 3 || got[:3] != "MPT" {
			t.Errorf("%s: reverted with %q, want an MPT error", name, got)
		}
	}

	// A zero-value transfer to an account the genesis holds empty: the
	// executor deletes it (EIP-161); the library cannot and says so.
	empty := c.empties[0]
	zero := c.sign(sender, dyn(func(d *types.DynamicFeeTx) { d.To = &empty; d.Value = new(big.Int) }))
	if _, reverted := c.execute(c.input(pre, baseFee, cb, zero)); reverted != "EmptyAccountDeletion" {
		t.Errorf("zero value to an empty account: %q, want EmptyAccountDeletion", reverted)
	}

	// The executor drops every transaction refused above that it does not
	// hand to the EVM: one batch of them all leaves the state as it was.
	res := c.apply(cb, drops...)
	if len(res.Dropped) != len(drops) || res.Block.Root() != pre {
		t.Errorf("the executor dropped %d of %d: %v", len(res.Dropped), len(drops), res.Dropped)
	}
	for _, d := range res.Dropped {
		t.Logf("dropped: %s", d.Reason)
	}
	res = c.apply(cb, zero)
	if len(res.Dropped) != 0 || c.state().Exist(empty) {
		t.Errorf("the executor kept the empty account %s (dropped %v)", empty, res.Dropped)
	}
}

// nonCanonicalNonce re-encodes a dynamic-fee transaction with its nonce
// zero-padded to two bytes.
func nonCanonicalNonce(t *testing.T, tx *types.Transaction) []byte {
	t.Helper()
	raw, _ := tx.MarshalBinary()
	items := rawItems(raw[1:])
	nonce := items[1]
	var padded []byte
	switch {
	case len(nonce) == 1 && nonce[0] < 0x80 && nonce[0] != 0:
		padded = []byte{0x82, 0x00, nonce[0]}
	case len(nonce) == 1 && nonce[0] == 0x80:
		padded = []byte{0x00}
	default:
		padded = append([]byte{nonce[0] + 1, 0x00}, nonce[1:]...)
	}
	items[1] = padded
	var payload []byte
	for _, it := range items {
		payload = append(payload, it...)
	}
	return append([]byte{raw[0]}, append(rlpListHeader(len(payload)), payload...)...)
}

func rlpListHeader(n int) []byte {
	if n < 56 {
		return []byte{byte(0xc0 + n)}
	}
	var l []byte
	for x := n; x > 0; x >>= 8 {
		l = append([]byte{byte(x)}, l...)
	}
	return append([]byte{byte(0xf7 + len(l))}, l...)
}

// TestTransferStepGas reports the L1 gas of proving a typical transfer (a
// type-2 transfer between two funded accounts, the fee recipient funded too)
// in a state of 20,000 accounts: eth_estimateGas on the simulated L1, which
// counts the calldata of the proofs.
func TestTransferStepGas(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(37))
	c := newStepChain(t, rng, 20_000)
	f := newFixture(t, fixtureOptions{})
	harness := f.deployArtifact(f.deployer, transferStepHarness)
	a := contracts.MustLoad(transferStepHarness).ABI
	baseFee := c.e.NextBaseFee()
	st := c.state()
	measure := func(name string, k *ecdsa.PrivateKey, to, cb common.Address) {
		tx := c.sign(k, &types.DynamicFeeTx{ChainID: c.chainID, Nonce: st.GetNonce(addr(k)), GasTipCap: big.NewInt(params.GWei),
			GasFeeCap: new(big.Int).Mul(baseFee, big.NewInt(3)), Gas: 21000, To: &to, Value: big.NewInt(1e15)})
		in := c.input(c.head().Root, baseFee, cb, tx)
		if strings.Contains(name, "left empty") {
			in.proofs.Recipient, in.proofs.FeeRecipient = [][]byte{}, [][]byte{}
		}
		if _, reverted := c.execute(in); reverted != "" {
			t.Fatalf("%s: %s", name, reverted)
		}
		input, err := a.Pack("execute", in.pre, in.ctx, in.raw, in.proofs)
		if err != nil {
			t.Fatal(err)
		}
		gas, err := f.l1.EstimateGas(f.ctx, ethereum.CallMsg{From: addr(f.user), To: &harness, Data: input})
		if err != nil {
			t.Fatal(err)
		}
		execution, _ := c.evm.gas("execute", in.pre, in.ctx, in.raw, in.proofs)
		nodes := len(in.proofs.Sender) + len(in.proofs.Recipient) + len(in.proofs.FeeRecipient)
		t.Logf("%-44s %7d gas, execution %7d (%d proof nodes, %d bytes of calldata)", name, gas, execution, nodes, len(input))
	}
	measure("transfer, funded recipient and fee recipient", c.keys[3], addr(c.keys[4]), addr(c.keys[5]))
	var fresh common.Address
	rng.Read(fresh[:])
	measure("transfer to a fresh account", c.keys[3], fresh, addr(c.keys[5]))
	measure("self-transfer, fee recipient the sender", c.keys[3], addr(c.keys[3]), addr(c.keys[3]))
	measure("the same, the repeated proofs left empty", c.keys[3], addr(c.keys[3]), addr(c.keys[3]))
}

// decodedTx is TransferStep.Transaction.
type decodedTx struct {
	TxType              uint8
	Nonce               uint64
	TipCap              *big.Int
	FeeCap              *big.Int
	Gas                 uint64
	To                  common.Address
	HasTo               bool
	Value               *big.Int
	DataLength          *big.Int
	AccessListAddresses *big.Int
	AccessListKeys      *big.Int
	Sender              common.Address
}

// TestTransferStepDecodeMatchesGeth mutates signed transactions byte by byte
// (flips, insertions, deletions) and requires TransferStep.decode to accept
// exactly what go-ethereum's decoding and the executor's static checks and
// sender recovery accept, with the same fields and sender.
func TestTransferStepDecodeMatchesGeth(t *testing.T) {
	cases := 3000
	if longRun() {
		cases = 40_000
	}
	t.Parallel()
	rng := rand.New(rand.NewSource(41))
	evm := newStepEVM(t)
	chainID := big.NewInt(testL2ChainID)
	signer := types.LatestSignerForChainID(chainID)
	var accepted, refused int
	for i := range cases {
		k := testKey(fmt.Sprintf("decode-%d", rng.Intn(8)))
		var to common.Address
		rng.Read(to[:])
		var data []byte
		if rng.Intn(4) == 0 {
			data = randomBytes(rng, rng.Intn(80))
		}
		big256 := func() *big.Int { return new(big.Int).Rand(rng, new(big.Int).Lsh(big.NewInt(1), uint(rng.Intn(257)))) }
		var txd types.TxData
		switch rng.Intn(3) {
		case 0:
			txd = &types.LegacyTx{Nonce: rng.Uint64() >> rng.Intn(64), GasPrice: big256(), Gas: rng.Uint64() >> rng.Intn(64), To: &to, Value: big256(), Data: data}
		case 1:
			txd = &types.AccessListTx{ChainID: chainID, Nonce: rng.Uint64() >> rng.Intn(64), GasPrice: big256(), Gas: rng.Uint64() >> rng.Intn(64), To: &to,
				Value: big256(), Data: data, AccessList: randomAccessList(rng)}
		default:
			txd = &types.DynamicFeeTx{ChainID: chainID, Nonce: rng.Uint64() >> rng.Intn(64), GasTipCap: big256(), GasFeeCap: big256(),
				Gas: rng.Uint64() >> rng.Intn(64), To: &to, Value: big256(), Data: data, AccessList: randomAccessList(rng)}
		}
		tx, err := types.SignNewTx(k, signer, txd)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := tx.MarshalBinary()
		if i%4 != 0 { // a quarter stay intact
			for range 1 + rng.Intn(2) {
				raw = mutate(rng, raw)
			}
		}

		// What the executor makes of it: decoding, checkStatic, the sender.
		var want *types.Transaction
		var from common.Address
		var g types.Transaction
		if g.UnmarshalBinary(raw) == nil && g.Type() <= types.DynamicFeeTxType && g.Protected() && g.ChainId().Cmp(chainID) == 0 {
			if f, err := types.Sender(signer, &g); err == nil {
				want, from = &g, f
			}
		}
		res, reverted := evm.call("decode", raw, chainID)
		if want == nil {
			if reverted == "" {
				t.Fatalf("case %d: decode accepts %x, go-ethereum refuses it", i, raw)
			}
			refused++
			continue
		}
		if reverted != "" {
			// The library also refuses integers over 256 bits, which the
			// executor drops later (no price or value can be that large).
			if g.GasPrice().BitLen() > 256 || g.Value().BitLen() > 256 {
				refused++
				continue
			}
			t.Fatalf("case %d: decode refuses %x (%s), go-ethereum accepts it", i, raw, reverted)
		}
		got := *abi.ConvertType(res[0], new(decodedTx)).(*decodedTx)
		var wantTo common.Address
		if want.To() != nil {
			wantTo = *want.To()
		}
		if got.Sender != from || got.TxType != want.Type() || got.Nonce != want.Nonce() || got.Gas != want.Gas() ||
			got.TipCap.Cmp(want.GasTipCap()) != 0 || got.FeeCap.Cmp(want.GasFeeCap()) != 0 || got.Value.Cmp(want.Value()) != 0 ||
			got.HasTo != (want.To() != nil) || got.To != wantTo || got.DataLength.Int64() != int64(len(want.Data())) ||
			got.AccessListAddresses.Int64() != int64(len(want.AccessList())) || got.AccessListKeys.Int64() != int64(want.AccessList().StorageKeys()) {
			t.Fatalf("case %d: decode %x = %+v, go-ethereum: sender %s, %+v", i, raw, got, from, want)
		}
		accepted++
	}
	t.Logf("%d transactions (three quarters mutated): %d decoded as go-ethereum does, %d refused by both", cases, accepted, refused)
}

// mutate flips, inserts or deletes a byte, or bumps a length byte.
func mutate(rng *rand.Rand, b []byte) []byte {
	b = append([]byte{}, b...)
	i := rng.Intn(len(b))
	switch rng.Intn(4) {
	case 0:
		b[i] ^= byte(1 + rng.Intn(255))
	case 1:
		b = append(b[:i], append([]byte{byte(rng.Intn(256))}, b[i:]...)...)
	case 2:
		b = append(b[:i], b[i+1:]...)
	default:
		b[i] += byte(1 - 2*rng.Intn(2))
	}
	return b
}
