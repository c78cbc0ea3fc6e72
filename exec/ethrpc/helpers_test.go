package ethrpc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

const testChainID = 4242

// testNode is one executor with a dev pool behind a real server on a
// loopback port, and clients of it. Blocks are made with seal, never by a
// timer.
type testNode struct {
	t      *testing.T
	exec   *exec.Executor
	pool   *exec.DevPool
	sealer *exec.DevSealer
	srv    *Server
	addr   string
	rpc    *rpc.Client
	eth    *ethclient.Client
	keys   []*exec.DevKey
	now    time.Time
}

type nodeOptions struct {
	cfg      exec.Config
	noPool   bool
	progress Progress
	opts     []Option
}

func newTestNode(t *testing.T, o nodeOptions) *testNode {
	t.Helper()
	log := testLogger(t)
	o.cfg.NoSync = true
	o.cfg.Logger = log
	e, err := exec.Open(t.TempDir(), exec.DevGenesis(testChainID, 4), o.cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("close executor: %v", err)
		}
	})
	n := &testNode{t: t, exec: e, keys: exec.DevKeys(4), now: time.Unix(1_700_000_000, 0)}
	n.pool = exec.NewDevPool(e, 1000)
	n.sealer = &exec.DevSealer{Exec: e, Pool: n.pool, FeeRecipient: common.HexToAddress("0xfee"), Now: func() time.Time { return n.now }}
	b := Backend{Exec: e, Pool: n.pool, Progress: o.progress, ClientVersion: "l2node/test", Logger: log}
	if o.noPool {
		b.Pool = nil
	}
	if n.srv, err = New(b, o.opts...); err != nil {
		t.Fatal(err)
	}
	if n.addr, err = n.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := n.srv.Close(); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	if n.rpc, err = rpc.DialContext(context.Background(), "http://"+n.addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.rpc.Close)
	n.eth = ethclient.NewClient(n.rpc)
	return n
}

// seal makes a block of whatever the pool holds, one second after the last.
func (n *testNode) seal() *exec.Result {
	n.t.Helper()
	n.now = n.now.Add(time.Second)
	res, err := n.sealer.SealOnce(context.Background())
	if err != nil {
		n.t.Fatal(err)
	}
	return res
}

// txOpts are the parts of a transaction a test chooses; fees default to
// what a wallet would take from the RPC (suggested tip, twice the base fee
// plus the tip), the nonce to the pending nonce and the gas to the estimate.
type txOpts struct {
	to     *common.Address
	value  *big.Int
	data   []byte
	gas    uint64
	nonce  *uint64
	tip    *big.Int
	feeCap *big.Int
}

// tx builds and signs a transaction the way a wallet does, through the RPC.
func (n *testNode) tx(k *exec.DevKey, o txOpts) *types.Transaction {
	n.t.Helper()
	ctx := context.Background()
	if o.value == nil {
		o.value = new(big.Int)
	}
	var nonce uint64
	if o.nonce != nil {
		nonce = *o.nonce
	} else {
		var err error
		if nonce, err = n.eth.PendingNonceAt(ctx, k.Address); err != nil {
			n.t.Fatal(err)
		}
	}
	tip := o.tip
	if tip == nil {
		var err error
		if tip, err = n.eth.SuggestGasTipCap(ctx); err != nil {
			n.t.Fatal(err)
		}
	}
	feeCap := o.feeCap
	if feeCap == nil {
		head, err := n.eth.HeaderByNumber(ctx, nil)
		if err != nil {
			n.t.Fatal(err)
		}
		feeCap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	}
	gas := o.gas
	if gas == 0 {
		var err error
		gas, err = n.eth.EstimateGas(ctx, ethereum.CallMsg{From: k.Address, To: o.to, Value: o.value, Data: o.data})
		if err != nil {
			n.t.Fatalf("estimate gas: %v", err)
		}
	}
	tx, err := types.SignNewTx(k.Key, types.LatestSignerForChainID(big.NewInt(testChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas, To: o.to, Value: o.value, Data: o.data,
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return tx
}

// send signs and submits a transaction; it fails the test on a rejection.
func (n *testNode) send(k *exec.DevKey, o txOpts) *types.Transaction {
	n.t.Helper()
	tx := n.tx(k, o)
	if err := n.eth.SendTransaction(context.Background(), tx); err != nil {
		n.t.Fatalf("send transaction: %v", err)
	}
	return tx
}

// receipt fetches the receipt of an included transaction.
func (n *testNode) receipt(tx *types.Transaction) *types.Receipt {
	n.t.Helper()
	r, err := n.eth.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		n.t.Fatalf("receipt of %s: %v", tx.Hash(), err)
	}
	return r
}

// deployToken deploys a TestToken with the whole supply minted to k.
func (n *testNode) deployToken(k *exec.DevKey, supply *big.Int) common.Address {
	n.t.Helper()
	art := contracts.MustLoad(contracts.TestToken)
	args, err := art.ABI.Pack("", "Test Token", "TST", supply)
	if err != nil {
		n.t.Fatal(err)
	}
	tx := n.send(k, txOpts{data: append(append([]byte{}, art.Bytecode...), args...)})
	n.seal()
	r := n.receipt(tx)
	if r.Status != types.ReceiptStatusSuccessful || r.ContractAddress == (common.Address{}) {
		n.t.Fatalf("token deployment failed: %+v", r)
	}
	return r.ContractAddress
}

func pack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	b, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rpcError returns the JSON-RPC error code of err, failing without one.
func rpcError(t *testing.T, err error) (int, string) {
	t.Helper()
	var re rpc.Error
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T) carries no JSON-RPC code", err, err)
	}
	return re.ErrorCode(), re.Error()
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }

// testLogger logs at debug level into the test's log, and drops what
// goroutines log after the test ended.
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.stop)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

var _ io.Writer = (*testWriter)(nil)
