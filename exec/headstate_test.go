package exec

import (
	"bytes"
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
)

// TestHeadAccountsMatchTrie applies the same random batches (transfers to
// new and known accounts, a contract deployment, dropped transactions, an
// empty batch) with the head's accounts cached and with a cache too small to
// hold any, and requires identical blocks: the cache never serves a value
// the trie would not.
func TestHeadAccountsMatchTrie(t *testing.T) {
	const senders = 20
	gen := DevGenesis(testChainID, senders)
	cached := openTest(t, gen, Config{})
	uncached := openTest(t, gen, Config{HeadAccounts: 1})
	keys := DevKeys(senders)
	nonces := make([]uint64, senders)
	rng := rand.New(rand.NewPCG(3, 4))
	signer := types.LatestSignerForChainID(big.NewInt(testChainID))
	for n := uint64(1); n <= 12; n++ {
		var txs types.Transactions
		count := 60
		if n == 5 {
			count = 0
		}
		for range count {
			i := rng.IntN(senders)
			to := keys[rng.IntN(senders)].Address
			if rng.IntN(3) == 0 {
				to = common.BigToAddress(big.NewInt(int64(0x700000 + rng.IntN(100))))
			}
			nonce := nonces[i]
			if rng.IntN(20) == 0 {
				nonce += 5 // dropped
			} else {
				nonces[i]++
			}
			var data types.TxData = &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(rng.Int64N(1e15))}
			if rng.IntN(4) == 0 {
				data = &types.LegacyTx{Nonce: nonce, GasPrice: gwei(10), Gas: 21000, To: &to, Value: big.NewInt(rng.Int64N(1e15))}
			}
			if n == 7 && len(txs) == 0 {
				// A contract whose constructor returns one byte of code.
				data = &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 100_000, Data: []byte{0x60, 0x01, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xf3}}
			}
			tx, err := types.SignNewTx(keys[i].Key, signer, data)
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, tx)
		}
		var hashes [2]common.Hash
		for k, e := range []*Executor{cached, uncached} {
			res, err := e.Apply(context.Background(), &Batch{Number: n, Time: n, FeeRecipient: keys[int(n)%senders].Address, Txs: txs})
			if err != nil {
				t.Fatal(err)
			}
			hashes[k] = res.Block.Hash()
		}
		if hashes[0] != hashes[1] {
			t.Fatalf("batch %d: block %s with the head's accounts cached, %s without", n, hashes[0], hashes[1])
		}
	}
	if len(cached.hdb.cache.accounts) == 0 || len(uncached.hdb.cache.accounts) > 1 {
		t.Fatalf("cached %d accounts, and %d with a limit of 1", len(cached.hdb.cache.accounts), len(uncached.hdb.cache.accounts))
	}
}

// TestBlockEncodedOnce: the stored body and the transaction root built from
// the transactions' encodings made during recovery are go-ethereum's.
func TestBlockEncodedOnce(t *testing.T) {
	keys := DevKeys(2)
	e := openTest(t, DevGenesis(testChainID, 2), Config{})
	var txs types.Transactions
	for n := range uint64(6) {
		var data types.TxData = &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: n, GasTipCap: gwei(1), GasFeeCap: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(1)}
		switch n % 3 {
		case 1:
			data = &types.LegacyTx{Nonce: n, GasPrice: gwei(10), Gas: 21000, To: &keys[1].Address, Value: big.NewInt(1)}
		case 2:
			data = &types.AccessListTx{ChainID: big.NewInt(testChainID), Nonce: n, GasPrice: gwei(10), Gas: 30000, To: &keys[1].Address, Value: big.NewInt(1),
				AccessList: types.AccessList{{Address: keys[0].Address, StorageKeys: []common.Hash{{1}}}}}
		}
		txs = append(txs, signTx(t, keys[0], data))
	}
	// Dropped: a repeated nonce.
	txs = append(txs[:3], append(types.Transactions{txs[1]}, txs[3:]...)...)
	for n, batch := range []types.Transactions{txs, nil} {
		b := &Batch{Number: uint64(n + 1), Time: uint64(n + 1), Txs: batch}
		// The body as process builds it, before Apply stores it.
		pre, err := e.process(e.Head().Header(), b)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Apply(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		block := res.Block
		if len(batch) > 0 && len(res.Dropped) != 1 {
			t.Fatalf("dropped %d", len(res.Dropped))
		}
		want, err := rlp.EncodeToBytes(block.Body())
		if err != nil {
			t.Fatal(err)
		}
		if pre.Block.Hash() != block.Hash() || !bytes.Equal(pre.body, want) {
			t.Fatalf("block %d: body built along the way %x, go-ethereum encodes %x", n+1, pre.body, want)
		}
		if got := rawdb.ReadBodyRLP(e.db, block.Hash(), block.NumberU64()); !bytes.Equal(got, want) {
			t.Fatalf("block %d: stored body %x, go-ethereum encodes %x", n+1, got, want)
		}
		if root := types.DeriveSha(block.Transactions(), trie.NewStackTrie(nil)); root != block.TxHash() {
			t.Fatalf("block %d: transaction root %s, go-ethereum's is %s", n+1, block.TxHash(), root)
		}
	}
}

// TestReceiptEncoding: the receipt trie's hand-written encoding of receipts
// without logs is go-ethereum's, byte for byte.
func TestReceiptEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var rs types.Receipts
	for i, gas := range []uint64{0, 1, 127, 128, 255, 256, 21000, 1 << 32, 1<<64 - 1} {
		for _, typ := range []uint8{types.LegacyTxType, types.AccessListTxType, types.DynamicFeeTxType, types.SetCodeTxType} {
			r := &types.Receipt{Type: typ, Status: uint64(i % 2), CumulativeGasUsed: gas}
			for j := range r.Bloom {
				if rng.IntN(4) == 0 {
					r.Bloom[j] = byte(rng.IntN(256))
				}
			}
			if rng.IntN(3) == 0 {
				r.Logs = []*types.Log{{Address: common.Address{1}, Topics: []common.Hash{{2}}, Data: []byte{3}}}
			}
			rs = append(rs, r)
		}
	}
	rs = append(rs, &types.Receipt{Type: types.LegacyTxType, PostState: common.Hash{9}.Bytes(), CumulativeGasUsed: 5})
	for i := range rs {
		var got, want bytes.Buffer
		trieReceipts(rs).EncodeIndex(i, &got)
		rs.EncodeIndex(i, &want)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("receipt %d (%+v): encoded %x, go-ethereum encodes %x", i, rs[i], got.Bytes(), want.Bytes())
		}
	}
	if types.DeriveSha(trieReceipts(rs), trie.NewStackTrie(nil)) != types.DeriveSha(rs, trie.NewStackTrie(nil)) {
		t.Fatal("receipt roots differ")
	}
}
