package sequencing

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/gossip"
)

var testChainID = big.NewInt(42069)

func signedTx(t testing.TB, key *ecdsa.PrivateKey, nonce uint64, chainID *big.Int) *types.Transaction {
	t.Helper()
	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2_000_000_000),
		Gas: 21000, To: &to, Value: big.NewInt(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func encode(t testing.TB, tx *types.Transaction) []byte {
	b, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeTx(t *testing.T) {
	key, _ := crypto.GenerateKey()
	signer := types.LatestSignerForChainID(testChainID)
	good := signedTx(t, key, 0, testChainID)
	msg, err := DecodeTx(encode(t, good), testChainID, signer)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Sender != crypto.PubkeyToAddress(key.PublicKey) || msg.Tx.Hash() != good.Hash() {
		t.Fatal("wrong sender or hash")
	}
	legacy, _ := types.SignNewTx(key, types.NewEIP155Signer(testChainID), &types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1), Gas: 21000, To: &common.Address{}})
	if _, err := DecodeTx(encode(t, legacy), testChainID, signer); err != nil {
		t.Fatalf("EIP-155 legacy transaction refused: %v", err)
	}
	unprotected, _ := types.SignNewTx(key, types.HomesteadSigner{}, &types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1), Gas: 21000, To: &common.Address{}})
	unsigned := types.NewTx(&types.DynamicFeeTx{ChainID: testChainID, Gas: 21000, GasFeeCap: big.NewInt(1), GasTipCap: big.NewInt(1),
		V: new(big.Int), R: new(big.Int), S: new(big.Int)})
	typed := encode(t, good)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"garbage", []byte{0x02, 0xc0}, ErrTxDecode},
		{"trailing bytes", append(append([]byte(nil), typed...), 0), ErrTxDecode},
		{"too large", make([]byte, MaxTxSize+1), ErrTxDecode},
		{"unknown type", append([]byte{0x7f}, typed[1:]...), ErrTxDecode},
		{"other chain", encode(t, signedTx(t, key, 0, big.NewInt(1))), ErrTxChainID},
		{"no replay protection", encode(t, unprotected), ErrTxChainID},
		{"no signature", encode(t, unsigned), ErrTxSignature},
	} {
		if _, err := DecodeTx(tc.data, testChainID, signer); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestTxTopicValidator(t *testing.T) {
	key, _ := crypto.GenerateKey()
	tooHigh := errors.New("nonce too high")
	topic := TxTopic(testChainID, func(tx *types.Transaction, _ common.Address) (gossip.Result, error) {
		if tx.Nonce() > 5 {
			return gossip.Ignore, tooHigh
		}
		return gossip.Accept, nil
	}, NewTxCache(16))
	ctx := context.Background()
	tx := encode(t, signedTx(t, key, 1, testChainID))
	if _, res, err := topic.Validate(ctx, "", tx); res != gossip.Accept {
		t.Fatalf("good tx: %s %v", res, err)
	}
	if _, res, _ := topic.Validate(ctx, "", tx); res != gossip.Ignore {
		t.Fatalf("second copy: %s, want ignore", res)
	}
	if _, res, err := topic.Validate(ctx, "", encode(t, signedTx(t, key, 9, testChainID))); res != gossip.Ignore || !errors.Is(err, tooHigh) {
		t.Fatalf("plugged check: %s %v", res, err)
	}
	if _, res, _ := topic.Validate(ctx, "", []byte("junk")); res != gossip.Reject {
		t.Fatalf("junk: %s", res)
	}
	if topic.FullName("devnet") != "/l2/devnet/tx/1" {
		t.Fatal(topic.FullName("devnet"))
	}
}

func FuzzDecodeTx(f *testing.F) {
	key, _ := crypto.GenerateKey()
	f.Add(encode(f, signedTx(f, key, 0, testChainID)))
	legacy, _ := types.SignNewTx(key, types.NewEIP155Signer(testChainID), &types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1), Gas: 21000})
	f.Add(encode(f, legacy))
	f.Add([]byte{0x01, 0xc0})
	f.Add([]byte{})
	signer := types.LatestSignerForChainID(testChainID)
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, err := DecodeTx(b, testChainID, signer)
		if err != nil {
			return
		}
		if msg.Tx.ChainId().Cmp(testChainID) != 0 {
			t.Fatal("accepted a transaction of another chain")
		}
	})
}

// TestTxCache: the cache answers the same transaction with its sender
// without decoding again, never answers bytes it did not check, and keeps
// refusing what does not decode.
func TestTxCache(t *testing.T) {
	key, _ := crypto.GenerateKey()
	c := NewTxCache(4)
	signer := types.LatestSignerForChainID(testChainID)
	raw := encode(t, signedTx(t, key, 1, testChainID))
	a, err := c.Decode(raw, testChainID, signer)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Decode(raw, testChainID, signer)
	if err != nil || b != a || b.Sender != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatalf("second decode: %v, same %v", err, a == b)
	}
	bad := append([]byte(nil), raw...)
	bad[len(bad)-1] ^= 1 // the signature's last byte
	if m, err := c.Decode(bad, testChainID, signer); err == nil && m.Sender == a.Sender {
		t.Fatal("a changed signature recovered the same sender")
	}
	other := big.NewInt(testChainID.Int64() + 1)
	if _, err := c.Decode(raw, other, types.LatestSignerForChainID(other)); err == nil {
		t.Fatal("a cached transaction was accepted for another chain")
	}
	if _, err := c.Decode([]byte{0xc0}, testChainID, signer); err == nil {
		t.Fatal("garbage decoded")
	}
	if m, ok := c.Get(raw); !ok || m != a {
		t.Fatal("Get missed a cached transaction")
	}
	if _, ok := c.Get(encode(t, signedTx(t, key, 2, testChainID))); ok {
		t.Fatal("Get found bytes never checked")
	}
	var nilCache *TxCache
	if m, err := nilCache.Decode(raw, testChainID, signer); err != nil || m.Sender != a.Sender {
		t.Fatalf("nil cache: %v", err)
	}
}
