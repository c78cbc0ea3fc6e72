package bridge

import (
	"context"
	"crypto/ecdsa"
	"io"
	"log/slog"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
)

// l2 is the real L2 executor in a temporary directory, with its JSON-RPC
// served on loopback so proofs come from eth_getProof as a relayer gets them.
type l2 struct {
	t     testing.TB
	exec  *exec.Executor
	keys  []*exec.DevKey
	rpc   *rpc.Client
	geth  *gethclient.Client
	nonce map[common.Address]uint64
}

func newL2(t testing.TB, gen *exec.Genesis) *l2 {
	t.Helper()
	if gen == nil {
		gen = exec.DevGenesis(testL2ChainID, 4)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := exec.Open(t.TempDir(), gen, exec.Config{NoSync: true, Logger: log})
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
	return &l2{t: t, exec: e, keys: exec.DevKeys(4), rpc: c, geth: gethclient.New(c), nonce: map[common.Address]uint64{}}
}

// withdrawTx signs a call of initiateWithdrawal from key.
func (l *l2) withdrawTx(key *ecdsa.PrivateKey, target common.Address, value *big.Int, gasLimit uint64, data []byte) *types.Transaction {
	l.t.Helper()
	input := pack(l.t, contracts.L2ToL1MessagePasser, "initiateWithdrawal", target, new(big.Int).SetUint64(gasLimit), data)
	return l.tx(key, MessagePasserAddress, value, 300_000, input)
}

// transferTx signs a plain transfer from key.
func (l *l2) transferTx(key *ecdsa.PrivateKey, to common.Address, value *big.Int) *types.Transaction {
	return l.tx(key, to, value, 21_000, nil)
}

func (l *l2) tx(key *ecdsa.PrivateKey, to common.Address, value *big.Int, gas uint64, data []byte) *types.Transaction {
	l.t.Helper()
	tip := big.NewInt(1e9)
	feeCap := new(big.Int).Add(new(big.Int).Mul(l.exec.NextBaseFee(), big.NewInt(2)), tip)
	from := crypto.PubkeyToAddress(key.PublicKey)
	n := l.nonce[from]
	l.nonce[from] = n + 1
	tx, err := types.SignNewTx(key, l.exec.Signer(), &types.DynamicFeeTx{
		ChainID: big.NewInt(testL2ChainID), Nonce: n, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas, To: &to, Value: value, Data: data,
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return tx
}

// apply executes the next batch with txs, requires every one to succeed, and
// returns the batch's block and the withdrawals it started, in order.
func (l *l2) apply(txs ...*types.Transaction) (*types.Block, []Withdrawal) {
	l.t.Helper()
	head := l.exec.Head()
	res, err := l.exec.Apply(context.Background(), &exec.Batch{
		Number: head.NumberU64() + 1, Time: head.Time() + 1, FeeRecipient: common.HexToAddress("0xfee"),
		Random: common.BigToHash(head.Number()), Txs: txs,
	})
	if err != nil {
		l.t.Fatal(err)
	}
	if len(res.Dropped) != 0 {
		l.t.Fatalf("batch dropped %d transactions: %+v", len(res.Dropped), res.Dropped)
	}
	var ws []Withdrawal
	for _, r := range res.Receipts {
		if r.Status != types.ReceiptStatusSuccessful {
			l.t.Fatalf("L2 transaction %s failed", r.TxHash)
		}
		for _, lg := range r.Logs {
			if w, _, err := WithdrawalFromLog(lg); err == nil {
				ws = append(ws, w)
			}
		}
	}
	return res.Block, ws
}

// proof fetches proveWithdrawal's proofs for the withdrawal with this hash at
// block, over eth_getProof.
func (l *l2) proof(hash common.Hash, block uint64) (account, storage [][]byte) {
	l.t.Helper()
	res, err := l.geth.GetProof(context.Background(), MessagePasserAddress, []string{WithdrawalSlot(hash).Hex()}, new(big.Int).SetUint64(block))
	if err != nil {
		l.t.Fatal(err)
	}
	account, storage, err = WithdrawalProof(res, hash)
	if err != nil {
		l.t.Fatal(err)
	}
	return account, storage
}

// rawProof is eth_getProof of any slot of the message passer, decoded.
func (l *l2) rawProof(slot common.Hash, block uint64) (account, storage [][]byte, value *big.Int) {
	l.t.Helper()
	res, err := l.geth.GetProof(context.Background(), MessagePasserAddress, []string{slot.Hex()}, new(big.Int).SetUint64(block))
	if err != nil {
		l.t.Fatal(err)
	}
	if account, err = decodeNodes(res.AccountProof); err != nil {
		l.t.Fatal(err)
	}
	if storage, err = decodeNodes(res.StorageProof[0].Proof); err != nil {
		l.t.Fatal(err)
	}
	return account, storage, res.StorageProof[0].Value
}
