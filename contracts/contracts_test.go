package contracts

import (
	"bytes"
	"errors"
	"math/big"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

func TestNames(t *testing.T) {
	want := []string{Bridge, "DisputeGame", L2ToL1MessagePasser, MerklePatriciaProof, MerklePatriciaProofHarness, "OneStepProver", "OutputRoot", PayPIN,
		ReentrantTarget, SequencerRegistry, StateCommitmentChain, "TestOneStepProver", TestToken, "TransferStep", "TransferStepHarness",
		WithdrawalCaller}
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

func TestLoadEveryArtifact(t *testing.T) {
	for _, name := range Names() {
		a, err := Load(name)
		if err != nil {
			t.Fatalf("Load(%q): %v", name, err)
		}
		if a.Name != name {
			t.Errorf("Load(%q).Name = %q", name, a.Name)
		}
		if len(a.Bytecode) == 0 || len(a.DeployedBytecode) == 0 {
			t.Errorf("%s: creation code %d bytes, runtime code %d bytes", name, len(a.Bytecode), len(a.DeployedBytecode))
		}
	}
}

func TestLoadCachesOneCopy(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*Artifact, 8)
	for i := range got {
		wg.Go(func() { got[i] = MustLoad(PayPIN) })
	}
	wg.Wait()
	for _, a := range got {
		if a != got[0] {
			t.Fatal("concurrent loads returned different copies")
		}
	}
}

func TestLoadUnknown(t *testing.T) {
	if _, err := Load("NoSuchContract"); !errors.Is(err, ErrUnknownArtifact) {
		t.Fatalf("Load(unknown) error = %v, want ErrUnknownArtifact", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("MustLoad(unknown) did not panic")
		}
	}()
	MustLoad("NoSuchContract")
}

func TestABI(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		methods, events, errors_ []string
		constructor              bool
	}{
		{
			name:    PayPIN,
			methods: []string{"owners", "primaryOf", "register", "transfer", "release", "resolve", "pay", "isValid"},
			events:  []string{"Registered", "Transferred", "Released", "Paid"},
			errors_: []string{"InvalidPin", "PinTaken", "PinUnbound", "NotPinOwner", "ZeroAddress", "PaymentFailed"},
		},
		{
			name:    L2ToL1MessagePasser,
			methods: []string{"sentMessages", "messageNonce", "initiateWithdrawal", "hashWithdrawal", "RECEIVE_DEFAULT_GAS_LIMIT"},
			events:  []string{"MessagePassed"},
		},
		{
			name:        TestToken,
			methods:     []string{"name", "symbol", "decimals", "totalSupply", "balanceOf", "transfer", "approve", "transferFrom", "allowance"},
			events:      []string{"Transfer", "Approval"},
			errors_:     []string{"ERC20InsufficientBalance", "ERC20InsufficientAllowance", "ERC20InvalidSender", "ERC20InvalidReceiver", "ERC20InvalidApprover", "ERC20InvalidSpender"},
			constructor: true,
		},
	} {
		a := MustLoad(tc.name).ABI
		for _, m := range tc.methods {
			if _, ok := a.Methods[m]; !ok {
				t.Errorf("%s: no method %s", tc.name, m)
			}
		}
		for _, e := range tc.events {
			if _, ok := a.Events[e]; !ok {
				t.Errorf("%s: no event %s", tc.name, e)
			}
		}
		for _, e := range tc.errors_ {
			if _, ok := a.Errors[e]; !ok {
				t.Errorf("%s: no error %s", tc.name, e)
			}
		}
		if got := len(a.Constructor.Inputs) > 0; got != tc.constructor {
			t.Errorf("%s: constructor with arguments = %v, want %v", tc.name, got, tc.constructor)
		}
	}
	// Signatures other code hard-codes.
	passer := MustLoad(L2ToL1MessagePasser).ABI
	if got := passer.Events["MessagePassed"].Sig; got != "MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)" {
		t.Errorf("MessagePassed signature %s", got)
	}
	if got := MustLoad(PayPIN).ABI.Methods["pay"].Sig; got != "pay(string)" {
		t.Errorf("pay signature %s", got)
	}
}

// evm runs the artifacts' runtime code the way genesis places it: set at an
// address, never deployed. Each call gets its own transaction hash, so its logs
// can be read back alone.
type evm struct {
	t     *testing.T
	state *state.StateDB
	calls int
}

func newEVM(t *testing.T) *evm {
	t.Helper()
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		t.Fatal(err)
	}
	return &evm{t: t, state: st}
}

// pragueConfig matches the evmVersion the artifacts are compiled for.
func pragueConfig() *params.ChainConfig {
	c := *params.MergedTestChainConfig
	c.OsakaTime = nil
	return &c
}

func (e *evm) install(addr common.Address, name string) abi.ABI {
	a := MustLoad(name)
	e.state.SetCode(addr, a.DeployedBytecode, tracing.CodeChangeUnspecified)
	return a.ABI
}

func (e *evm) fund(addr common.Address, wei *big.Int) {
	e.state.AddBalance(addr, uint256.MustFromBig(wei), tracing.BalanceChangeUnspecified)
}

func (e *evm) balance(addr common.Address) *big.Int {
	return e.state.GetBalance(addr).ToBig()
}

// call runs one message and returns its output, its logs and its error
// (vm.ErrExecutionReverted with the revert data as output).
func (e *evm) call(from, to common.Address, value *big.Int, input []byte) ([]byte, []*types.Log, error) {
	e.calls++
	tx := common.BigToHash(big.NewInt(int64(e.calls)))
	e.state.SetTxContext(tx, e.calls, 0)
	out, _, err := runtime.Call(to, input, &runtime.Config{
		ChainConfig: pragueConfig(),
		State:       e.state,
		Origin:      from,
		Value:       value,
		GasLimit:    30_000_000,
		BlockNumber: big.NewInt(1),
	})
	return out, e.state.GetLogs(tx, 1, common.Hash{}, 0), err
}

// ok calls method and fails the test if it reverts.
func (e *evm) ok(a abi.ABI, from, to common.Address, value *big.Int, method string, args ...any) ([]any, []*types.Log) {
	e.t.Helper()
	out, logs, err := e.call(from, to, value, pack(e.t, a, method, args...))
	if err != nil {
		e.t.Fatalf("%s: %v (output %x)", method, err, out)
	}
	res, err := a.Unpack(method, out)
	if err != nil {
		e.t.Fatalf("%s: unpack %x: %v", method, out, err)
	}
	return res, logs
}

// reverts calls method and fails the test unless it reverts with the custom error want.
func (e *evm) reverts(a abi.ABI, from, to common.Address, value *big.Int, want, method string, args ...any) {
	e.t.Helper()
	out, _, err := e.call(from, to, value, pack(e.t, a, method, args...))
	if !errors.Is(err, vm.ErrExecutionReverted) {
		e.t.Fatalf("%s%v: error %v, want revert %s", method, args, err, want)
	}
	if id := a.Errors[want].ID; len(out) < 4 || !bytes.Equal(out[:4], id[:4]) {
		e.t.Fatalf("%s%v: revert data %x, want error %s", method, args, out, want)
	}
}

func pack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	in, err := a.Pack(method, args...)
	if err != nil {
		t.Fatalf("pack %s: %v", method, err)
	}
	return in
}

// mappingSlot is the storage key of m[key] for a mapping at slot.
func mappingSlot(key common.Hash, slot uint64) common.Hash {
	return crypto.Keccak256Hash(key[:], common.BigToHash(new(big.Int).SetUint64(slot)).Bytes())
}

var (
	alice     = common.HexToAddress("0xa11ce00000000000000000000000000000000001")
	bob       = common.HexToAddress("0xb0b0000000000000000000000000000000000002")
	registry  = common.HexToAddress("0x4200000000000000000000000000000000000100")
	passer    = common.HexToAddress("0x4200000000000000000000000000000000000016")
	oneEther  = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	zeroValue = new(big.Int)
)

// withdrawalHash is the Go side of hashWithdrawal: keccak256(abi.encode(...)).
func withdrawalHash(t *testing.T, nonce *big.Int, sender, target common.Address, value, gasLimit *big.Int, data []byte) common.Hash {
	t.Helper()
	var args abi.Arguments
	for _, typ := range []string{"uint256", "address", "address", "uint256", "uint256", "bytes"} {
		ty, err := abi.NewType(typ, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, abi.Argument{Type: ty})
	}
	enc, err := args.Pack(nonce, sender, target, value, gasLimit, data)
	if err != nil {
		t.Fatal(err)
	}
	return crypto.Keccak256Hash(enc)
}

func TestHashWithdrawalMatchesGo(t *testing.T) {
	e := newEVM(t)
	a := e.install(passer, L2ToL1MessagePasser)
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	rng := rand.New(rand.NewSource(1))
	for i, tc := range []struct {
		nonce, value, gasLimit *big.Int
		data                   []byte
	}{
		{big.NewInt(0), big.NewInt(0), big.NewInt(100_000), nil},
		{big.NewInt(7), oneEther, big.NewInt(21_000), []byte{0xde, 0xad, 0xbe, 0xef}},
		{max, max, max, bytes.Repeat([]byte{0xff}, 33)},
		{big.NewInt(1 << 40), big.NewInt(3), big.NewInt(0), randomBytes(rng, 200)},
	} {
		want := withdrawalHash(t, tc.nonce, alice, bob, tc.value, tc.gasLimit, tc.data)
		res, _ := e.ok(a, alice, passer, zeroValue, "hashWithdrawal", tc.nonce, alice, bob, tc.value, tc.gasLimit, tc.data)
		if got := common.Hash(res[0].([32]byte)); got != want {
			t.Errorf("case %d: hashWithdrawal = %x, Go computes %x", i, got, want)
		}
	}
}

func TestInitiateWithdrawal(t *testing.T) {
	e := newEVM(t)
	a := e.install(passer, L2ToL1MessagePasser)
	e.fund(alice, new(big.Int).Mul(oneEther, big.NewInt(10)))
	data := []byte("finalize me")

	_, logs := e.ok(a, alice, passer, oneEther, "initiateWithdrawal", bob, big.NewInt(250_000), data)
	first := withdrawalHash(t, big.NewInt(0), alice, bob, oneEther, big.NewInt(250_000), data)
	checkMessagePassed(t, a, logs, 0, alice, bob, oneEther, 250_000, data, first)

	// A plain transfer withdraws to the sender with the default gas limit.
	two := new(big.Int).Mul(oneEther, big.NewInt(2))
	if out, logs, err := e.call(alice, passer, two, nil); err != nil {
		t.Fatalf("receive: %v (%x)", err, out)
	} else {
		second := withdrawalHash(t, big.NewInt(1), alice, alice, two, big.NewInt(100_000), nil)
		checkMessagePassed(t, a, logs, 1, alice, alice, two, 100_000, []byte{}, second)
	}

	// The layout the node and the L1 contracts rely on: sentMessages at slot 0, messageNonce at slot 1.
	one := common.BigToHash(big.NewInt(1))
	for _, h := range []common.Hash{first, withdrawalHash(t, big.NewInt(1), alice, alice, two, big.NewInt(100_000), nil)} {
		if got := e.state.GetState(passer, mappingSlot(h, 0)); got != one {
			t.Errorf("sentMessages[%x] slot = %x, want 1", h, got)
		}
	}
	if got := e.state.GetState(passer, common.BigToHash(big.NewInt(1))); got != common.BigToHash(big.NewInt(2)) {
		t.Errorf("messageNonce slot = %x, want 2", got)
	}
	res, _ := e.ok(a, bob, passer, zeroValue, "sentMessages", first)
	if !res[0].(bool) {
		t.Error("sentMessages(first) = false")
	}
	if got, want := e.balance(passer), new(big.Int).Mul(oneEther, big.NewInt(3)); got.Cmp(want) != 0 {
		t.Errorf("passer holds %v wei, want %v locked", got, want)
	}
}

func checkMessagePassed(t *testing.T, a abi.ABI, logs []*types.Log, nonce int64, sender, target common.Address, value *big.Int, gasLimit int64, data []byte, hash common.Hash) {
	t.Helper()
	ev := a.Events["MessagePassed"]
	if len(logs) != 1 || len(logs[0].Topics) != 4 || logs[0].Topics[0] != ev.ID {
		t.Fatalf("logs %v, want one MessagePassed", logs)
	}
	topics := logs[0].Topics
	if topics[1] != common.BigToHash(big.NewInt(nonce)) || topics[2] != common.BytesToHash(sender[:]) || topics[3] != common.BytesToHash(target[:]) {
		t.Errorf("MessagePassed topics %v", topics)
	}
	got, err := ev.Inputs.NonIndexed().Unpack(logs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].(*big.Int).Cmp(value) != 0 || got[1].(*big.Int).Int64() != gasLimit ||
		!bytes.Equal(got[2].([]byte), data) || common.Hash(got[3].([32]byte)) != hash {
		t.Errorf("MessagePassed data %v, want value %v gasLimit %d data %x hash %x", got, value, gasLimit, data, hash)
	}
}

func TestPayPINRegisterResolvePay(t *testing.T) {
	e := newEVM(t)
	a := e.install(registry, PayPIN)
	const pin = "alice@pay"
	pinHash := crypto.Keccak256Hash([]byte(pin))

	_, logs := e.ok(a, alice, registry, zeroValue, "register", pin)
	if len(logs) != 1 || logs[0].Topics[0] != a.Events["Registered"].ID || logs[0].Topics[1] != pinHash {
		t.Errorf("register logs %v", logs)
	}
	if res, _ := e.ok(a, bob, registry, zeroValue, "resolve", pin); res[0].(common.Address) != alice {
		t.Errorf("resolve(%q) = %v, want %v", pin, res[0], alice)
	}
	// The node reads owners straight from slot 0, and primaryOf sits at slot 1.
	if got := e.state.GetState(registry, mappingSlot(pinHash, 0)); got != common.BytesToHash(alice[:]) {
		t.Errorf("owners slot holds %x, want %v", got, alice)
	}
	if got := e.state.GetState(registry, mappingSlot(common.BytesToHash(alice[:]), 1)); got != pinHash {
		t.Errorf("primaryOf slot holds %x, want %x", got, pinHash)
	}
	e.reverts(a, bob, registry, zeroValue, "PinTaken", "register", pin)

	e.fund(bob, oneEther)
	before := e.balance(alice)
	_, logs = e.ok(a, bob, registry, big.NewInt(12345), "pay", pin)
	if got := new(big.Int).Sub(e.balance(alice), before); got.Int64() != 12345 {
		t.Errorf("alice received %v wei, want 12345", got)
	}
	if e.balance(registry).Sign() != 0 {
		t.Errorf("registry kept %v wei", e.balance(registry))
	}
	if len(logs) != 1 || logs[0].Topics[0] != a.Events["Paid"].ID {
		t.Errorf("pay logs %v", logs)
	}
	e.reverts(a, bob, registry, big.NewInt(1), "PinUnbound", "pay", "nobody@pay")
}

func TestPayPINRejectsMalformed(t *testing.T) {
	e := newEVM(t)
	a := e.install(registry, PayPIN)
	for _, pin := range []string{
		"Al@pay", "ab@pay", "alice@bank", strings.Repeat("a", 33) + "@pay",
		"", "@pay", "alice", "alice@pay ", "al ice@pay", "alice@PAY", "alice@pay@pay", "ålice@pay",
	} {
		e.reverts(a, alice, registry, zeroValue, "InvalidPin", "register", pin)
	}
	for _, pin := range []string{"abc@pay", strings.Repeat("z", 32) + "@pay", "a.b_c-9@pay", "...@pay"} {
		e.ok(a, alice, registry, zeroValue, "register", pin)
	}
}

// The contract's isValid against a regular expression, on seeded random pins.
func TestPayPINIsValidMatchesRegexp(t *testing.T) {
	e := newEVM(t)
	a := e.install(registry, PayPIN)
	valid := regexp.MustCompile(`^[a-z0-9._-]{3,32}@pay$`)
	// Half the names use only allowed characters, so that both verdicts are common.
	const allowed, mixed = "abcxyz0189._-", "abcxyz0189._-A@Z/: p\xff"
	rng := rand.New(rand.NewSource(42))
	var accepted int
	for range 300 {
		alphabet := allowed
		if rng.Intn(2) == 0 {
			alphabet = mixed
		}
		b := make([]byte, rng.Intn(36))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		pin := string(b)
		if rng.Intn(2) == 0 {
			pin += "@pay"
		}
		res, _ := e.ok(a, alice, registry, zeroValue, "isValid", pin)
		got, want := res[0].(bool), valid.MatchString(pin)
		if got != want {
			t.Errorf("isValid(%q) = %v, want %v", pin, got, want)
		}
		if got {
			accepted++
		}
	}
	if accepted < 30 || accepted > 270 {
		t.Errorf("%d of 300 random pins valid: the generator no longer tests both verdicts", accepted)
	}
}

func TestPayPINTransferRelease(t *testing.T) {
	e := newEVM(t)
	a := e.install(registry, PayPIN)
	const pin = "shop@pay"
	pinHash := crypto.Keccak256Hash([]byte(pin))
	e.ok(a, alice, registry, zeroValue, "register", pin)

	e.reverts(a, bob, registry, zeroValue, "NotPinOwner", "transfer", pin, bob)
	e.reverts(a, alice, registry, zeroValue, "ZeroAddress", "transfer", pin, common.Address{})
	e.reverts(a, alice, registry, zeroValue, "PinUnbound", "transfer", "other@pay", bob)

	e.ok(a, alice, registry, zeroValue, "transfer", pin, bob)
	if res, _ := e.ok(a, alice, registry, zeroValue, "resolve", pin); res[0].(common.Address) != bob {
		t.Errorf("after transfer resolve = %v, want %v", res[0], bob)
	}
	if res, _ := e.ok(a, alice, registry, zeroValue, "primaryOf", alice); res[0].([32]byte) != [32]byte{} {
		t.Errorf("alice's primary %x survived the transfer", res[0])
	}
	if res, _ := e.ok(a, alice, registry, zeroValue, "primaryOf", bob); common.Hash(res[0].([32]byte)) != pinHash {
		t.Errorf("bob's primary %x, want %x", res[0], pinHash)
	}

	e.reverts(a, alice, registry, zeroValue, "NotPinOwner", "release", pin)
	e.ok(a, bob, registry, zeroValue, "release", pin)
	if res, _ := e.ok(a, alice, registry, zeroValue, "resolve", pin); res[0].(common.Address) != (common.Address{}) {
		t.Errorf("after release resolve = %v", res[0])
	}
	e.ok(a, alice, registry, zeroValue, "register", pin) // free again
}

func TestPayPINForwardFailure(t *testing.T) {
	e := newEVM(t)
	a := e.install(registry, PayPIN)
	// A recipient whose code always reverts: PUSH0 PUSH0 REVERT.
	rejecter := common.HexToAddress("0x0000000000000000000000000000000000001234")
	e.state.SetCode(rejecter, []byte{0x5f, 0x5f, 0xfd}, tracing.CodeChangeUnspecified)
	e.ok(a, alice, registry, zeroValue, "register", "wall@pay")
	e.ok(a, alice, registry, zeroValue, "transfer", "wall@pay", rejecter)

	e.fund(bob, oneEther)
	e.reverts(a, bob, registry, big.NewInt(5), "PaymentFailed", "pay", "wall@pay")
	if got := e.balance(bob); got.Cmp(oneEther) != 0 {
		t.Errorf("bob has %v wei after a failed payment, want %v", got, oneEther)
	}
}

func TestTestTokenDeployAndTransfer(t *testing.T) {
	e := newEVM(t)
	tok := MustLoad(TestToken)
	supply := new(big.Int).Mul(oneEther, big.NewInt(1_000_000))
	ctor, err := tok.ABI.Pack("", "Test Token", "TT", supply)
	if err != nil {
		t.Fatal(err)
	}
	_, addr, _, err := runtime.Create(append(slices.Clone(tok.Bytecode), ctor...), &runtime.Config{
		ChainConfig: pragueConfig(), State: e.state, Origin: alice, GasLimit: 30_000_000,
	})
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	a := tok.ABI
	if res, _ := e.ok(a, bob, addr, zeroValue, "balanceOf", alice); res[0].(*big.Int).Cmp(supply) != 0 {
		t.Errorf("deployer balance %v, want %v", res[0], supply)
	}
	if res, _ := e.ok(a, bob, addr, zeroValue, "decimals"); res[0].(uint8) != 18 {
		t.Errorf("decimals %v", res[0])
	}
	if res, _ := e.ok(a, bob, addr, zeroValue, "symbol"); res[0].(string) != "TT" {
		t.Errorf("symbol %v", res[0])
	}
	e.ok(a, alice, addr, zeroValue, "transfer", bob, big.NewInt(100))
	e.reverts(a, bob, addr, zeroValue, "ERC20InsufficientBalance", "transfer", alice, big.NewInt(101))
	e.reverts(a, bob, addr, zeroValue, "ERC20InsufficientAllowance", "transferFrom", alice, bob, big.NewInt(1))
	e.ok(a, alice, addr, zeroValue, "approve", bob, big.NewInt(50))
	e.ok(a, bob, addr, zeroValue, "transferFrom", alice, bob, big.NewInt(30))
	if res, _ := e.ok(a, bob, addr, zeroValue, "allowance", alice, bob); res[0].(*big.Int).Int64() != 20 {
		t.Errorf("allowance left %v, want 20", res[0])
	}
	if res, _ := e.ok(a, bob, addr, zeroValue, "balanceOf", bob); res[0].(*big.Int).Int64() != 130 {
		t.Errorf("bob balance %v, want 130", res[0])
	}
	e.reverts(a, alice, addr, zeroValue, "ERC20InvalidReceiver", "transfer", common.Address{}, big.NewInt(1))
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	rng.Read(b)
	return b
}
