package exec

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// TestRecoveryMatchesGoEthereum: the encodings recovery writes by hand, and
// the senders, hashes and signing hashes it derives from them, are
// go-ethereum's,
// for every transaction type and size of field, and what it cannot
// recover itself (another chain, a malformed signature, a legacy
// transaction) gets go-ethereum's result, error included.
func TestRecoveryMatchesGoEthereum(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	keys := DevKeys(3)
	geth := types.LatestSigner(ChainConfig(testChainID))
	ours := chainSigner{types.LatestSigner(ChainConfig(testChainID))}
	other := types.LatestSigner(ChainConfig(testChainID + 1))
	randInt := func() *big.Int {
		b := make([]byte, rng.IntN(33))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return new(big.Int).SetBytes(b)
	}
	var txs types.Transactions
	for n := range 300 {
		to := &common.Address{byte(n)}
		if n%7 == 0 {
			to = nil
		}
		data := make([]byte, []int{0, 1, 55, 56, 300, 70_000}[n%6])
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		al := types.AccessList{}
		if n%4 == 0 {
			al = types.AccessList{{Address: common.Address{1}, StorageKeys: []common.Hash{{byte(n)}, {2}}}}
		}
		chainID, signer := big.NewInt(testChainID), types.Signer(geth)
		if n%11 == 5 {
			chainID, signer = big.NewInt(testChainID+1), other // valid, for another chain
		}
		var inner types.TxData
		switch n % 3 {
		case 0:
			inner = &types.DynamicFeeTx{ChainID: chainID, Nonce: rng.Uint64(), GasTipCap: randInt(), GasFeeCap: randInt(), Gas: rng.Uint64(), To: to, Value: randInt(), Data: data, AccessList: al}
		case 1:
			inner = &types.AccessListTx{ChainID: chainID, Nonce: rng.Uint64(), GasPrice: randInt(), Gas: rng.Uint64(), To: to, Value: randInt(), Data: data, AccessList: al}
		case 2:
			inner = &types.LegacyTx{Nonce: rng.Uint64(), GasPrice: randInt(), Gas: rng.Uint64(), To: to, Value: randInt(), Data: data}
		}
		tx, err := types.SignNewTx(keys[n%3].Key, signer, inner)
		if err != nil {
			t.Fatal(err)
		}
		if n%13 == 4 {
			// A malformed signature: V out of range, or S above N/2.
			v, r, s := tx.RawSignatureValues()
			if n%2 == 0 {
				v = big.NewInt(2)
			} else {
				s = new(big.Int).Sub(crypto.S256().Params().N, s)
			}
			sig := make([]byte, 65)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:64])
			sig[64] = byte(v.Uint64())
			if tx, err = tx.WithSignature(signer, sig); err != nil && n%2 == 0 {
				continue // not representable
			}
		}
		txs = append(txs, tx)
	}
	// The same transactions, as fresh objects, for go-ethereum.
	fresh := freshTxs(t, txs)
	r := startRecovery(ours, txs, true)
	failed := 0
	for i, tx := range txs {
		r.wait(i)
		got, gotErr := types.Sender(ours, tx)
		want, wantErr := types.Sender(geth, fresh[i])
		if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("tx %d (type %d): sender %s (%v), go-ethereum %s (%v)", i, tx.Type(), got, gotErr, want, wantErr)
		}
		if enc, err := rlp.EncodeToBytes(fresh[i]); err != nil || !bytes.Equal(r.encs[i], enc) {
			t.Fatalf("tx %d (type %d): encoded %x, go-ethereum encodes %x", i, tx.Type(), r.encs[i], enc)
		}
		if h := r.hash(i, tx); h != fresh[i].Hash() {
			t.Fatalf("tx %d (type %d): hash %s, go-ethereum %s", i, tx.Type(), h, fresh[i].Hash())
		}
		if tx.Type() != types.LegacyTxType {
			canonical, _ := tx.MarshalBinary()
			sighash, ok := signingHash(crypto.NewKeccakState(), canonical)
			// NB: the signing hash holds the signer's chain ID: the
			// transaction's, for the signer of its chain.
			if want := types.LatestSignerForChainID(tx.ChainId()).Hash(tx); !ok || sighash != want {
				t.Fatalf("tx %d (type %d): signing hash %s, go-ethereum %s", i, tx.Type(), sighash, want)
			}
		}
		// The cached sender is found through the executor's signer and
		// go-ethereum's alike.
		if wantErr != nil {
			failed++
			continue
		}
		if s, _ := types.Sender(geth, tx); s != want {
			t.Fatalf("tx %d: go-ethereum's signer finds %s after recovery, want %s", i, s, want)
		}
	}
	if failed == 0 || failed > len(txs)/4 {
		t.Fatalf("%d of %d transactions without a sender", failed, len(txs))
	}
}
