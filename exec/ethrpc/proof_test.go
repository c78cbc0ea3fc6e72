package ethrpc

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/ethdb/memorydb"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// TestGetProof proves an account, a PayPIN registration and a withdrawal
// with eth_getProof as gethclient parses it, and verifies every proof with
// go-ethereum's trie.VerifyProof from the block's state root down: account
// proof to the account, its storage root to the slot.
func TestGetProof(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	geth := gethclient.New(n.rpc)
	alice := n.keys[1]

	// An EOA at genesis and after it paid for a transaction.
	pin := contracts.MustLoad(contracts.PayPIN)
	n.send(alice, txOpts{to: &exec.PayPINAddress, data: pack(t, pin.ABI, "register", "alice@pay")})
	n.seal()
	for _, block := range []*big.Int{big.NewInt(0), nil} {
		res, err := geth.GetProof(ctx, alice.Address, nil, block)
		if err != nil {
			t.Fatal(err)
		}
		acc := verifyAccount(t, n, res, block)
		if acc.Balance.ToBig().Cmp(res.Balance) != 0 || acc.Nonce != res.Nonce || acc.Root != types.EmptyRootHash ||
			!bytes.Equal(acc.CodeHash, types.EmptyCodeHash[:]) {
			t.Fatalf("EOA at %v: proven %+v, reported %+v", block, acc, res)
		}
	}
	if res, _ := geth.GetProof(ctx, alice.Address, nil, nil); res.Nonce != 1 {
		t.Fatalf("alice's nonce %d after one transaction", res.Nonce)
	}

	// The PayPIN registry: the slot of alice@pay holds alice's address.
	slot := PayPINSlot("alice@pay")
	res, err := geth.GetProof(ctx, exec.PayPINAddress, []string{slot.Hex()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	verifyAccount(t, n, res, nil)
	if got := verifyStorage(t, res, 0); common.BytesToAddress(got) != alice.Address || res.StorageProof[0].Key != slot.Hex() {
		t.Fatalf("PayPIN slot: %x, key %s", got, res.StorageProof[0].Key)
	}

	// A withdrawal: initiateWithdrawal records sentMessages[hash] = true,
	// which the bridge proves against the state root.
	passer := contracts.MustLoad(contracts.L2ToL1MessagePasser)
	target := common.HexToAddress("0x1111")
	tx := n.send(alice, txOpts{to: &exec.MessagePasserAddress, value: ether(2), data: pack(t, passer.ABI, "initiateWithdrawal", target, big.NewInt(100_000), []byte("hi"))})
	n.seal()
	r := n.receipt(tx)
	if r.Status != types.ReceiptStatusSuccessful || len(r.Logs) != 1 {
		t.Fatalf("withdrawal receipt: %+v", r)
	}
	fields, err := passer.ABI.Unpack("MessagePassed", r.Logs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	withdrawal := common.Hash(fields[len(fields)-1].([32]byte))
	wslot := crypto.Keccak256Hash(withdrawal[:], common.Hash{}.Bytes())
	res, err = geth.GetProof(ctx, exec.MessagePasserAddress, []string{wslot.Hex(), "0x1"}, r.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	acc := verifyAccount(t, n, res, r.BlockNumber)
	if acc.Balance.ToBig().Cmp(ether(2)) != 0 {
		t.Fatalf("the message passer holds %s", acc.Balance)
	}
	if got := verifyStorage(t, res, 0); new(big.Int).SetBytes(got).Int64() != 1 || res.StorageProof[0].Value.Int64() != 1 {
		t.Fatalf("sentMessages[%s] = %x", withdrawal, got)
	}
	// Slot 1 is messageNonce, now 1; a short key comes back as a quantity.
	if got := verifyStorage(t, res, 1); new(big.Int).SetBytes(got).Int64() != 1 || res.StorageProof[1].Key != "0x1" {
		t.Fatalf("messageNonce %x, key %s", got, res.StorageProof[1].Key)
	}
	// Before the withdrawal, the slot was empty: the proof shows its absence.
	res, err = geth.GetProof(ctx, exec.MessagePasserAddress, []string{wslot.Hex()}, new(big.Int).Sub(r.BlockNumber, big.NewInt(1)))
	if err != nil {
		t.Fatal(err)
	}
	verifyAccount(t, n, res, new(big.Int).Sub(r.BlockNumber, big.NewInt(1)))
	if got := verifyStorage(t, res, 0); got != nil {
		t.Fatalf("slot before the withdrawal: %x", got)
	}

	// An account that does not exist: the proof shows its absence.
	res, err = geth.GetProof(ctx, common.HexToAddress("0xdead"), []string{"0x0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	root := n.exec.Head().Root()
	if v, err := trie.VerifyProof(root, crypto.Keccak256(common.HexToAddress("0xdead").Bytes()), proofDB(t, res.AccountProof)); err != nil || v != nil {
		t.Fatalf("absent account: %x, %v", v, err)
	}
	// Too many keys, and a malformed one, are refused before any work.
	var out AccountResult
	err = n.rpc.Call(&out, "eth_getProof", alice.Address, make([]string, MaxProofKeys+1), "latest")
	if code, _ := rpcError(t, err); code != -32602 {
		t.Fatalf("too many keys: %v", err)
	}
	err = n.rpc.Call(&out, "eth_getProof", alice.Address, []string{"0xzz"}, "latest")
	if code, _ := rpcError(t, err); code != -32602 {
		t.Fatalf("malformed key: %v", err)
	}
}

// verifyAccount checks the account proof against the state root of the
// block (nil: the head) and returns the proven account.
func verifyAccount(t *testing.T, n *testNode, res *gethclient.AccountResult, block *big.Int) *types.StateAccount {
	t.Helper()
	h, err := n.eth.HeaderByNumber(context.Background(), block)
	if err != nil {
		t.Fatal(err)
	}
	val, err := trie.VerifyProof(h.Root, crypto.Keccak256(res.Address.Bytes()), proofDB(t, res.AccountProof))
	if err != nil || val == nil {
		t.Fatalf("account proof of %s at %d: %x, %v", res.Address, h.Number, val, err)
	}
	var acc types.StateAccount
	if err := rlp.DecodeBytes(val, &acc); err != nil {
		t.Fatal(err)
	}
	if acc.Root != res.StorageHash || common.BytesToHash(acc.CodeHash) != res.CodeHash || acc.Nonce != res.Nonce ||
		acc.Balance.ToBig().Cmp(res.Balance) != 0 {
		t.Fatalf("proven account %+v differs from the reported %+v", acc, res)
	}
	return &acc
}

// verifyStorage checks the i-th storage proof against the storage root and
// returns the proven value (nil when the slot is empty).
func verifyStorage(t *testing.T, res *gethclient.AccountResult, i int) []byte {
	t.Helper()
	sp := res.StorageProof[i]
	key := common.HexToHash(sp.Key)
	if res.StorageHash == types.EmptyRootHash {
		// An empty storage trie proves every slot empty with no nodes.
		if len(sp.Proof) != 0 || sp.Value.Sign() != 0 {
			t.Fatalf("slot %s of empty storage: %d proof nodes, value %s", sp.Key, len(sp.Proof), sp.Value)
		}
		return nil
	}
	val, err := trie.VerifyProof(res.StorageHash, crypto.Keccak256(key[:]), proofDB(t, sp.Proof))
	if err != nil {
		t.Fatalf("storage proof of %s: %v", sp.Key, err)
	}
	if val == nil {
		if sp.Value.Sign() != 0 {
			t.Fatalf("slot %s proven empty, reported %s", sp.Key, sp.Value)
		}
		return nil
	}
	var content []byte
	if err := rlp.DecodeBytes(val, &content); err != nil {
		t.Fatal(err)
	}
	if new(big.Int).SetBytes(content).Cmp(sp.Value) != 0 {
		t.Fatalf("slot %s proven %x, reported %s", sp.Key, content, sp.Value)
	}
	return content
}

func proofDB(t *testing.T, nodes []string) *memorydb.Database {
	t.Helper()
	db := memorydb.New()
	for _, s := range nodes {
		b, err := hexutil.Decode(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Put(crypto.Keccak256(b), b); err != nil {
			t.Fatal(err)
		}
	}
	return db
}
