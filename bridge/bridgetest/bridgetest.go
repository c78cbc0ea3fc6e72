// Package bridgetest holds what tests of the bridge's loops share: an L1 with
// the contracts deployed and validators that sign output roots (the simulated
// chain, or a `geth --dev` the test starts), and the real L2 executor serving
// its JSON-RPC on loopback. It is for tests only; nothing in a node imports
// it.
package bridgetest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
)

// L2ChainID is the chain ID of the test L2 and of the roots signed for it.
const L2ChainID = 901

// Ether is n coins in wei.
func Ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// Key derives a fixed key from a label, so failures name the same addresses
// every run.
func Key(label string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("l2node/bridge/test/" + label)))
	if err != nil {
		panic(err)
	}
	return k
}

// Addr is the address of a key.
func Addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// L1 is an L1 with the contracts deployed, a funded deployer and user, the
// funded accounts asked for, and four validators of stake 1. By default it is
// a simulated L1 (every transaction mined at once); L1Options.Chain puts it
// on another.
type L1 struct {
	T   testing.TB
	Ctx context.Context
	// Chain is the L1 the contracts are on; Sim is the same chain when it is
	// the simulated one, else nil.
	Chain      bridge.L1
	Sim        *bridge.Simulated
	Params     bridge.DeployParams
	Addrs      *bridge.Addresses
	Deployer   *ecdsa.PrivateKey
	User       *ecdsa.PrivateKey
	Validators []*ecdsa.PrivateKey

	Bridge  *bindings.Bridge
	SCC     *bindings.StateCommitmentChain
	BridgeC *bind.BoundContract
	SCCC    *bind.BoundContract
}

// L1Options configures NewL1.
type L1Options struct {
	Fund   []common.Address           // accounts funded with 1,000,000 coins (simulated L1 only)
	Mutate func(*bridge.DeployParams) // changes to the parameters below
	// Chain, if set, is the L1 to deploy on instead of a new simulated one
	// (Geth.L1, say). The caller funds the deployer and the user on it
	// (FundedAddrs) and whoever else needs coins; Fund is ignored.
	Chain bridge.L1
}

// FundedAddrs are the addresses NewL1 sends from: the deployer and the user. On
// an L1 passed as L1Options.Chain, fund their addresses first.
func FundedAddrs() []common.Address {
	return []common.Address{Addr(Key("deployer")), Addr(Key("user"))}
}

// NewL1 starts the L1 (unless o.Chain names one) and deploys the contracts
// with a 100 s challenge window, a 150 s time lock, and 500 s above 5 coins.
func NewL1(t testing.TB, o L1Options) *L1 {
	t.Helper()
	l := &L1{T: t, Ctx: context.Background(), Deployer: Key("deployer"), User: Key("user")}
	var vals []bridge.Validator
	for i := range 4 {
		k := Key(fmt.Sprintf("validator-%d", i))
		l.Validators = append(l.Validators, k)
		vals = append(vals, bridge.Validator{Address: Addr(k), Stake: big.NewInt(1)})
	}
	if l.Chain = o.Chain; l.Chain == nil {
		alloc := types.GenesisAlloc{}
		for _, a := range append(FundedAddrs(), o.Fund...) {
			alloc[a] = types.Account{Balance: Ether(1_000_000)}
		}
		sim, err := bridge.NewSimulated(bridge.WithAlloc(alloc), bridge.WithAutoCommit(), bridge.WithBlockGasLimit(60_000_000))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sim.Close() })
		l.Chain, l.Sim = sim, sim
	}
	l.Params = bridge.DeployParams{
		L2ChainID:                L2ChainID,
		Validators:               vals,
		ChallengeWindow:          100 * time.Second,
		FinalizationDelay:        150 * time.Second,
		LargeWithdrawalDelay:     500 * time.Second,
		LargeWithdrawalThreshold: Ether(5),
		MinSequencerStake:        Ether(1),
		UnstakeDelay:             300 * time.Second,
		ReporterShareBps:         2500,
	}
	if o.Mutate != nil {
		o.Mutate(&l.Params)
	}
	var err error
	if l.Addrs, err = bridge.Deploy(l.Ctx, l.Chain, l.Deployer, l.Params); err != nil {
		t.Fatal(err)
	}
	l.Bridge, l.SCC = bindings.NewBridge(), bindings.NewStateCommitmentChain()
	l.BridgeC = l.Bridge.Instance(l.Chain, l.Addrs.Bridge)
	l.SCCC = l.SCC.Instance(l.Chain, l.Addrs.StateCommitmentChain)
	return l
}

// Send makes a transaction from key; it returns the receipt of a mined one,
// or the error of gas estimation (a revert) with nothing sent.
func (l *L1) Send(key *ecdsa.PrivateKey, c *bind.BoundContract, value *big.Int, data []byte) (*types.Receipt, error) {
	l.T.Helper()
	chainID, err := l.Chain.ChainID(l.Ctx)
	if err != nil {
		l.T.Fatal(err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = l.Ctx
	opts.Value = value
	tx, err := bind.Transact(c, opts, data)
	if err != nil {
		return nil, err
	}
	r, err := l.Chain.WaitReceipt(l.Ctx, tx.Hash())
	if err != nil {
		l.T.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("transaction %s failed", tx.Hash())
	}
	return r, nil
}

// OK sends and fails the test unless the transaction succeeds.
func (l *L1) OK(key *ecdsa.PrivateKey, c *bind.BoundContract, value *big.Int, data []byte) *types.Receipt {
	l.T.Helper()
	r, err := l.Send(key, c, value, data)
	if err != nil {
		l.T.Fatalf("transaction failed: %v", err)
	}
	return r
}

// Escrow deposits value into the Bridge, for withdrawals to be paid from.
func (l *L1) Escrow(value *big.Int) {
	l.T.Helper()
	l.OK(l.User, l.BridgeC, value, l.Bridge.PackDepositETH(Addr(l.User), 0, nil))
}

// SubmitRoot commits root for batches start..end with every validator's
// signature.
func (l *L1) SubmitRoot(start, end uint64, root common.Hash) {
	l.T.Helper()
	var sigs []bridge.OutputRootSignature
	for _, k := range l.Validators {
		s, err := bridge.SignOutputRoot(k, L2ChainID, start, end, root)
		if err != nil {
			l.T.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	l.OK(l.User, l.SCCC, nil, l.SCC.PackSubmitStateRoot(new(big.Int).SetUint64(start), new(big.Int).SetUint64(end), root,
		bridge.SubmissionSignatures(sigs)))
}

// DeleteRootsFrom deletes the root at index and every later one, as the
// fraud-proof game would: the deployer (the owner) names the user the game.
// The deletion slashes the root's signers, so the owner then installs the
// validator set of Params again for later roots to be signed.
func (l *L1) DeleteRootsFrom(index uint64) {
	l.T.Helper()
	l.OK(l.Deployer, l.SCCC, nil, l.SCC.PackSetFraudProofGame(Addr(l.User)))
	l.OK(l.User, l.SCCC, nil, l.SCC.PackDeleteRootsFrom(new(big.Int).SetUint64(index)))
	l.OK(l.Deployer, l.SCCC, nil, l.SCC.PackSetValidators(bridge.ValidatorSet(l.Params.Validators)))
}

// AdjustTime moves L1 time forward by d (the simulated L1 only).
func (l *L1) AdjustTime(d time.Duration) {
	l.T.Helper()
	if l.Sim == nil {
		l.T.Fatal("AdjustTime needs the simulated L1")
	}
	if err := l.Sim.AdjustTime(d); err != nil {
		l.T.Fatal(err)
	}
}

// Balance is a's balance at the head.
func (l *L1) Balance(a common.Address) *big.Int {
	l.T.Helper()
	b, err := l.Chain.BalanceAt(l.Ctx, a, nil)
	if err != nil {
		l.T.Fatal(err)
	}
	return b
}

// Finalized is whether the Bridge has paid the withdrawal with this hash.
func (l *L1) Finalized(h common.Hash) bool {
	l.T.Helper()
	ok, err := bind.Call(l.BridgeC, &bind.CallOpts{Context: l.Ctx}, l.Bridge.PackFinalizedWithdrawals(h), l.Bridge.UnpackFinalizedWithdrawals)
	if err != nil {
		l.T.Fatal(err)
	}
	return ok
}

// Proven is the Bridge's record of the withdrawal's proof (ProvenAt 0: none).
func (l *L1) Proven(h common.Hash) bindings.ProvenWithdrawalsOutput {
	l.T.Helper()
	p, err := bind.Call(l.BridgeC, &bind.CallOpts{Context: l.Ctx}, l.Bridge.PackProvenWithdrawals(h), l.Bridge.UnpackProvenWithdrawals)
	if err != nil {
		l.T.Fatal(err)
	}
	return p
}

// L2 is the real L2 executor in a temporary directory, its JSON-RPC served
// on loopback, so withdrawals are found and proven over eth_getLogs and
// eth_getProof as a relayer finds and proves them.
type L2 struct {
	T     testing.TB
	Exec  *exec.Executor
	Keys  []*exec.DevKey // four funded accounts
	RPC   *rpc.Client
	nonce map[common.Address]uint64
}

// NewL2 starts the executor on a dev genesis and serves its JSON-RPC.
func NewL2(t testing.TB) *L2 {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := exec.Open(t.TempDir(), exec.DevGenesis(L2ChainID, 4), exec.Config{NoSync: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	srv, err := ethrpc.New(ethrpc.Backend{Exec: e, ClientVersion: "l2node/test", Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	at, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := rpc.Dial("http://" + at)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &L2{T: t, Exec: e, Keys: exec.DevKeys(4), RPC: c, nonce: map[common.Address]uint64{}}
}

// WithdrawTx signs a call of the message passer's initiateWithdrawal from key.
func (l *L2) WithdrawTx(key *ecdsa.PrivateKey, target common.Address, value *big.Int, gasLimit uint64, data []byte) *types.Transaction {
	l.T.Helper()
	input, err := contracts.MustLoad(contracts.L2ToL1MessagePasser).ABI.Pack("initiateWithdrawal", target, new(big.Int).SetUint64(gasLimit), data)
	if err != nil {
		l.T.Fatal(err)
	}
	return l.Tx(key, bridge.MessagePasserAddress, value, 300_000, input)
}

// Tx signs a transaction from key with the next nonce.
func (l *L2) Tx(key *ecdsa.PrivateKey, to common.Address, value *big.Int, gas uint64, data []byte) *types.Transaction {
	l.T.Helper()
	tip := big.NewInt(1e9)
	feeCap := new(big.Int).Add(new(big.Int).Mul(l.Exec.NextBaseFee(), big.NewInt(2)), tip)
	from := Addr(key)
	n := l.nonce[from]
	l.nonce[from] = n + 1
	tx, err := types.SignNewTx(key, l.Exec.Signer(), &types.DynamicFeeTx{
		ChainID: big.NewInt(L2ChainID), Nonce: n, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas, To: &to, Value: value, Data: data,
	})
	if err != nil {
		l.T.Fatal(err)
	}
	return tx
}

// Apply executes the next batch with txs, requires every one to succeed,
// and returns the batch's block and the withdrawals it started, in order.
func (l *L2) Apply(txs ...*types.Transaction) (*types.Block, []bridge.Withdrawal) {
	l.T.Helper()
	return l.ApplyDeposits(nil, txs...)
}

// ApplyDeposits is Apply with deposits from L1 in the batch, applied before
// the transactions; every deposit must be applied and succeed.
func (l *L2) ApplyDeposits(deposits []*exec.Deposit, txs ...*types.Transaction) (*types.Block, []bridge.Withdrawal) {
	l.T.Helper()
	head := l.Exec.Head()
	res, err := l.Exec.Apply(context.Background(), &exec.Batch{
		Number: head.NumberU64() + 1, Time: head.Time() + 1, FeeRecipient: common.HexToAddress("0xfee"),
		Random: common.BigToHash(head.Number()), Deposits: deposits, Txs: txs,
	})
	if err != nil {
		l.T.Fatal(err)
	}
	for _, d := range res.Deposits {
		if !d.Applied() || d.Status != types.ReceiptStatusSuccessful {
			l.T.Fatalf("deposit %d: status %d, skipped %q", d.Deposit.Nonce, d.Status, d.Skipped)
		}
	}
	if len(res.Deposits) != len(deposits) {
		l.T.Fatalf("%d deposit receipts for %d deposits", len(res.Deposits), len(deposits))
	}
	if len(res.Dropped) != 0 {
		l.T.Fatalf("batch dropped %d transactions: %+v", len(res.Dropped), res.Dropped)
	}
	var ws []bridge.Withdrawal
	for _, r := range res.Receipts {
		if r.Status != types.ReceiptStatusSuccessful {
			l.T.Fatalf("L2 transaction %s failed", r.TxHash)
		}
		for _, lg := range r.Logs {
			if w, _, err := bridge.WithdrawalFromLog(lg); err == nil {
				ws = append(ws, w)
			}
		}
	}
	return res.Block, ws
}
