package exec

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
)

// verify checks proof against root with go-ethereum's own verifier and
// returns the value at key (nil when absent).
func verify(t *testing.T, what string, root common.Hash, key []byte, proof [][]byte) []byte {
	t.Helper()
	if root == types.EmptyRootHash && len(proof) == 0 {
		return nil // an empty trie holds nothing, and its proof is empty
	}
	db := rawdb.NewMemoryDatabase()
	for _, n := range proof {
		if err := db.Put(crypto.Keccak256(n), n); err != nil {
			t.Fatal(err)
		}
	}
	v, err := trie.VerifyProof(root, key, db)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// TestStepWitness checks every witness of a batch with deposits, transfers
// and withdrawals against go-ethereum's proof verification: the header is
// the block's, the transaction proof holds the step's transaction, the end
// proof shows nothing after the last one, the account proofs hold the
// accounts at the step's pre-root (the step roots of StepRoots), and the
// storage proofs the deposit nonce and the message passer's slots.
func TestStepWitness(t *testing.T) {
	keys := DevKeys(3)
	e := openTest(t, DevGenesis(testChainID, 3), Config{})
	tx := func(k *DevKey, nonce uint64, to common.Address, value *big.Int) *types.Transaction {
		return signTx(t, k, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(10),
			Gas: 100_000, To: &to, Value: value})
	}
	fee := common.HexToAddress("0xfee")
	txs := types.Transactions{
		tx(keys[0], 0, keys[1].Address, big.NewInt(5)),
		tx(keys[1], 0, MessagePasserAddress, ether(1)), // the first withdrawal
		tx(keys[2], 0, MessagePasserAddress, ether(2)), // a second: the witness replays the first
		tx(keys[0], 1, fee, big.NewInt(7)),
	}
	deps := []*Deposit{depositTo(0), depositTo(1)}
	res, err := e.Apply(context.Background(), &Batch{Number: 1, Time: 10, FeeRecipient: fee, Deposits: deps, Txs: txs})
	if err != nil || len(res.Dropped) != 0 {
		t.Fatalf("apply: %v, dropped %+v", err, res.Dropped)
	}
	s, err := e.StepRoots(1)
	if err != nil {
		t.Fatal(err)
	}
	count := uint64(len(s.Roots))
	block := res.Block
	for k := uint64(1); k <= count; k++ {
		w, err := e.StepWitness(1, k, count)
		if err != nil {
			t.Fatalf("step %d: %v", k, err)
		}
		if crypto.Keccak256Hash(w.Header) != block.Hash() {
			t.Fatalf("step %d: the header does not hash to the block", k)
		}
		pre := s.Pre
		if k > 1 {
			pre = s.Roots[k-2]
		}
		account := func(what string, a common.Address, proof [][]byte) *types.StateAccount {
			t.Helper()
			v := verify(t, what, pre, crypto.Keccak256(a[:]), proof)
			if v == nil {
				return nil
			}
			acc, err := types.FullAccount(v)
			if err != nil {
				t.Fatal(err)
			}
			return acc
		}
		if k <= uint64(len(deps)) {
			nonceAcc := account("deposit-nonce account", DepositNonceAddress, w.Sender)
			account("recipient", deps[k-1].To, w.Recipient)
			got := verify(t, "deposit nonce", nonceAcc.Root, crypto.Keccak256(depositNonceSlot[:]), w.Storage[0])
			want, _ := rlp.EncodeToBytes(new(big.Int).SetUint64(k - 1).Bytes())
			if k == 1 {
				want = nil // the slot is still empty
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("step %d: deposit nonce %x, want %x", k, got, want)
			}
			continue
		}
		i := k - uint64(len(deps)) - 1
		enc, _ := txs[i].MarshalBinary()
		if got := verify(t, "transaction", block.TxHash(), rlp.AppendUint64(nil, i), w.TxProof); !bytes.Equal(got, enc) {
			t.Fatalf("step %d: the transaction proof holds %x", k, got)
		}
		from, _ := types.Sender(e.Signer(), txs[i])
		account("sender", from, w.Sender)
		account("recipient", *txs[i].To(), w.Recipient)
		account("fee recipient", fee, w.FeeRecipient)
		if *txs[i].To() == MessagePasserAddress {
			passer := account("message passer", MessagePasserAddress, w.Recipient)
			nonce := verify(t, "messageNonce", passer.Root, crypto.Keccak256(messageNonceSlot[:]), w.Storage[0])
			wantNonce := int64(i - 1) // withdrawals before this one in the batch
			if n := new(big.Int); nonce != nil {
				var b []byte
				if err := rlp.DecodeBytes(nonce, &b); err != nil || n.SetBytes(b).Int64() != wantNonce {
					t.Fatalf("step %d: messageNonce %x, want %d", k, nonce, wantNonce)
				}
			} else if wantNonce != 0 {
				t.Fatalf("step %d: messageNonce absent, want %d", k, wantNonce)
			}
			h := receiveWithdrawalHash(big.NewInt(wantNonce), from, txs[i].Value())
			if v := verify(t, "sentMessages", passer.Root, crypto.Keccak256(sentMessageSlot(h).Bytes()), w.Storage[1]); v != nil {
				t.Fatalf("step %d: the new withdrawal's slot is already set", k)
			}
		}
		if k == count {
			if v := verify(t, "end", block.TxHash(), rlp.AppendUint64(nil, uint64(len(txs))), w.EndProof); v != nil {
				t.Fatalf("the end proof holds %x", v)
			}
		}
	}
	// The hash receive() records is the one its MessagePassed log carries.
	for i, r := range res.Receipts[1:3] {
		from, _ := types.Sender(e.Signer(), txs[i+1])
		if h := receiveWithdrawalHash(big.NewInt(int64(i)), from, txs[i+1].Value()); len(r.Logs) != 1 || !bytes.Equal(r.Logs[0].Data[96:128], h[:]) {
			t.Fatalf("withdrawal %d: log %+v, want hash %s", i, r.Logs, h)
		}
	}
	if _, err := e.StepWitness(1, count+1, count); err == nil {
		t.Fatal("a witness past the step count")
	}
}
