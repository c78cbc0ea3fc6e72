package ethrpc

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/l2node/l2node/exec"
)

// TestSubmitErrors sends what a wallet must be told no to, through
// ethclient and raw eth_sendRawTransaction, and checks go-ethereum's
// messages with code -32000, with neither the pool nor the head changed.
func TestSubmitErrors(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	k, to := n.keys[0], n.keys[1].Address
	first := n.send(k, txOpts{to: &to, value: big.NewInt(1)})
	n.seal()
	queued := n.send(k, txOpts{to: &to, value: big.NewInt(2)}) // nonce 1
	head, poolLen := n.exec.Head().Hash(), n.pool.Len()
	baseFee := n.exec.NextBaseFee()

	signer := types.LatestSignerForChainID(big.NewInt(testChainID))
	sign := func(key *exec.DevKey, s types.Signer, data types.TxData) *types.Transaction {
		tx, err := types.SignNewTx(key.Key, s, data)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	transfer := func(nonce uint64, mod func(*types.DynamicFeeTx)) *types.DynamicFeeTx {
		d := &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(5)}
		if mod != nil {
			mod(d)
		}
		return d
	}

	// A signature with s above the curve order recovers no sender.
	good := sign(k, signer, transfer(2, nil))
	badSig := make([]byte, 65)
	_, r, _ := good.RawSignatureValues()
	r.FillBytes(badSig[:32])
	for i := 32; i < 64; i++ {
		badSig[i] = 0xff
	}
	corrupt, err := good.WithSignature(signer, badSig)
	if err != nil {
		t.Fatal(err)
	}
	broke, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	poor := &exec.DevKey{Key: broke, Address: crypto.PubkeyToAddress(broke.PublicKey)}
	oversized := sign(k, signer, transfer(2, func(d *types.DynamicFeeTx) { d.Data = make([]byte, 129*1024); d.Gas = 10_000_000 }))
	blob := sign(k, signer, &types.BlobTx{ChainID: u256(testChainID), Nonce: 2, GasTipCap: u256(1e9), GasFeeCap: u256(1e10), Gas: 21000, To: to,
		BlobFeeCap: u256(1), BlobHashes: []common.Hash{{1}}})
	legacy := sign(k, types.HomesteadSigner{}, &types.LegacyTx{Nonce: 2, GasPrice: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(1)})
	cost := new(big.Int).Add(new(big.Int).Mul(gwei(10), big.NewInt(21000)), big.NewInt(5))

	cases := []struct {
		name string
		tx   *types.Transaction
		raw  string // sent as is when set
		want string
	}{
		{"wrong chain ID", sign(k, types.LatestSignerForChainID(big.NewInt(1)), transfer(2, func(d *types.DynamicFeeTx) { d.ChainID = big.NewInt(1) })), "",
			"invalid chain id for signer: have 1 want 4242"},
		{"bad signature", corrupt, "", "invalid sender: invalid transaction v, r, s values"},
		{"nonce too low", sign(k, signer, transfer(0, nil)), "", "nonce too low: next nonce 1, tx nonce 0"},
		{"included transaction replayed", first, "", "nonce too low: next nonce 1, tx nonce 0"},
		{"nonce gap beyond the limit", sign(k, signer, transfer(2+exec.MaxNonceGap+1, nil)), "",
			fmt.Sprintf("nonce too high: next nonce 2, tx nonce %d, at most %d ahead", 2+exec.MaxNonceGap+1, exec.MaxNonceGap)},
		{"fee cap under the base fee", sign(k, signer, transfer(2, func(d *types.DynamicFeeTx) {
			d.GasFeeCap = new(big.Int).Sub(baseFee, big.NewInt(1))
			d.GasTipCap = big.NewInt(0)
		})), "", fmt.Sprintf("max fee per gas less than block base fee: maxFeePerGas %s, baseFee %s", new(big.Int).Sub(baseFee, big.NewInt(1)), baseFee)},
		{"tip above fee cap", sign(k, signer, transfer(2, func(d *types.DynamicFeeTx) { d.GasTipCap = gwei(11) })), "",
			"max priority fee per gas higher than max fee per gas"},
		{"oversized", oversized, "", fmt.Sprintf("oversized data: transaction size %d, limit %d", oversized.Size(), exec.MaxTxSize)},
		{"intrinsic gas", sign(k, signer, transfer(2, func(d *types.DynamicFeeTx) { d.Gas = 20000 })), "",
			"intrinsic gas too low: gas 20000, minimum needed 21000"},
		{"insufficient funds", sign(poor, signer, transfer(0, nil)), "",
			fmt.Sprintf("insufficient funds for gas * price + value: balance 0, tx cost %s, overshot %s", cost, cost)},
		{"already known", queued, "", "already known"},
		{"replacement underpriced", sign(k, signer, transfer(1, func(d *types.DynamicFeeTx) { d.GasTipCap, d.GasFeeCap = queued.GasTipCap(), queued.GasFeeCap() })), "",
			"replacement transaction underpriced"},
		{"blob transaction", blob, "", "transaction type not supported: type 3"},
		{"unprotected legacy transaction", legacy, "", "only replay-protected (EIP-155) transactions allowed"},
		{"malformed RLP", nil, "0xdeadbeef", "rlp: value size exceeds available input length"},
		{"unknown type byte", nil, "0x0501", "transaction type not supported"},
		{"empty input", nil, "0x", "typed transaction too short"},
	}
	for _, c := range cases {
		var err error
		if c.tx != nil {
			err = n.eth.SendTransaction(ctx, c.tx)
		} else {
			var hash common.Hash
			err = n.rpc.Call(&hash, "eth_sendRawTransaction", c.raw)
		}
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if code, msg := rpcError(t, err); code != -32000 || msg != c.want {
			t.Errorf("%s: code %d %q, want -32000 %q", c.name, code, msg, c.want)
		}
	}
	if n.pool.Len() != poolLen || n.exec.Head().Hash() != head || n.pool.Get(queued.Hash()) == nil {
		t.Fatalf("rejections changed the pool (%d, was %d) or the head", n.pool.Len(), poolLen)
	}
	// A replacement that pays 10% more on both caps is taken.
	plus10 := func(v *big.Int) *big.Int {
		return new(big.Int).Add(new(big.Int).Div(new(big.Int).Mul(v, big.NewInt(11)), big.NewInt(10)), big.NewInt(1))
	}
	bump := sign(k, signer, transfer(1, func(d *types.DynamicFeeTx) {
		d.GasTipCap, d.GasFeeCap = plus10(queued.GasTipCap()), plus10(queued.GasFeeCap())
	}))
	if err := n.eth.SendTransaction(ctx, bump); err != nil {
		t.Fatalf("replacement: %v", err)
	}
	if n.pool.Get(queued.Hash()) != nil || n.pool.Get(bump.Hash()) == nil {
		t.Fatal("the replacement did not replace")
	}
	var raw hexutil.Bytes
	if err := n.rpc.Call(&raw, "eth_getRawTransactionByHash", bump.Hash()); err != nil {
		t.Fatal(err)
	}
	if want, _ := bump.MarshalBinary(); string(raw) != string(want) {
		t.Fatal("raw pending transaction differs")
	}
}

// TestNoPool: a node without a pool says so, and still serves reads.
func TestNoPool(t *testing.T) {
	n := newTestNode(t, nodeOptions{noPool: true})
	ctx := context.Background()
	tx, err := types.SignNewTx(n.keys[0].Key, types.LatestSignerForChainID(big.NewInt(testChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &n.keys[1].Address,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = n.eth.SendTransaction(ctx, tx)
	if code, msg := rpcError(t, err); code != -32000 || msg != ErrNoTransactions.Error() {
		t.Fatalf("send to a node without a pool: %d %q", code, msg)
	}
	// "pending" falls back to the head state.
	if nonce, err := n.eth.PendingNonceAt(ctx, n.keys[0].Address); err != nil || nonce != 0 {
		t.Fatalf("pending nonce without a pool: %d, %v", nonce, err)
	}
}

func u256(n uint64) *uint256.Int { return uint256.NewInt(n) }
