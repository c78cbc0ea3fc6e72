package sequencing

import (
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

type nonces map[common.Address]uint64

func (n nonces) Nonce(a common.Address) uint64 { return n[a] }

type acct struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newAcct(t *testing.T) acct {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return acct{k, crypto.PubkeyToAddress(k.PublicKey)}
}

func (a acct) tx(t *testing.T, nonce uint64, feeCap, tip int64) *types.Transaction {
	to := common.Address{0xee}
	tx, err := types.SignNewTx(a.key, types.LatestSignerForChainID(big.NewInt(1)), &types.DynamicFeeTx{
		ChainID: big.NewInt(1), Nonce: nonce, GasFeeCap: big.NewInt(feeCap), GasTipCap: big.NewInt(tip), Gas: 21000, To: &to,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func TestMempoolPolicy(t *testing.T) {
	a, b := newAcct(t), newAcct(t)
	st := nonces{a.addr: 5}
	m := NewMempool(MempoolConfig{MaxTxs: 4, MaxPerSender: 3, MaxPerPeer: 100}, st)

	if err := m.Add(a.tx(t, 4, 100, 10), a.addr, ""); err == nil {
		t.Fatal("stale nonce accepted")
	}
	if err := m.Add(a.tx(t, 5+65, 100, 10), a.addr, ""); !errors.Is(err, ErrNonceGap) {
		t.Fatalf("gap: %v", err)
	}
	t5 := a.tx(t, 5, 100, 10)
	if err := m.Add(t5, a.addr, ""); err != nil {
		t.Fatal(err)
	}
	if err := m.Add(t5, a.addr, ""); !errors.Is(err, txpool.ErrAlreadyKnown) {
		t.Fatalf("duplicate: %v", err)
	}
	// Replacement needs 10% more on both caps.
	if err := m.Add(a.tx(t, 5, 109, 11), a.addr, ""); !errors.Is(err, txpool.ErrReplaceUnderpriced) {
		t.Fatalf("underpriced replacement: %v", err)
	}
	r5 := a.tx(t, 5, 110, 11)
	if err := m.Add(r5, a.addr, ""); err != nil || m.Get(t5.Hash()) != nil || m.Get(r5.Hash()) == nil {
		t.Fatalf("replacement: %v", err)
	}
	m.Add(a.tx(t, 6, 100, 10), a.addr, "")
	m.Add(a.tx(t, 7, 100, 10), a.addr, "")
	if err := m.Add(a.tx(t, 8, 100, 10), a.addr, ""); !errors.Is(err, ErrSenderLimit) {
		t.Fatalf("sender limit: %v", err)
	}
	if got := m.PendingNonce(a.addr); got != 8 {
		t.Fatalf("pending nonce %d", got)
	}
	// Full (4): a cheap newcomer is refused, a richer one evicts a's last.
	b0 := b.tx(t, 0, 50, 50)
	if err := m.Add(b0, b.addr, ""); err != nil {
		t.Fatal(err)
	}
	if err := m.Add(b.tx(t, 1, 50, 50), b.addr, ""); !errors.Is(err, ErrPoolFull) {
		t.Fatalf("full: %v", err)
	}
	if err := m.Add(b.tx(t, 1, 500, 50), b.addr, ""); err != nil {
		t.Fatalf("eviction: %v", err)
	}
	if m.Len() != 4 || m.PendingNonce(a.addr) != 7 {
		t.Fatalf("after eviction: len %d, a's pending nonce %d", m.Len(), m.PendingNonce(a.addr))
	}
	// Take: per-sender nonce order, richest tip first.
	got := m.Take(big.NewInt(30), 1_000_000, 1<<20)
	if len(got) != 4 || got[0] != b0 {
		t.Fatalf("take order: %d transactions, first %s", len(got), got[0].Hash())
	}
	seen := map[common.Address]uint64{}
	signer := types.LatestSignerForChainID(big.NewInt(1))
	for _, tx := range got {
		from, _ := types.Sender(signer, tx)
		if n, ok := seen[from]; ok && tx.Nonce() != n+1 {
			t.Fatalf("sender %s out of nonce order", from)
		}
		seen[from] = tx.Nonce()
	}
	// A base fee above some caps: a's first (cap 110) only; b's first (cap
	// 50) cannot pay, so neither can b's second behind it.
	if got := m.Take(big.NewInt(105), 1_000_000, 1<<20); len(got) != 1 {
		t.Fatalf("take at a base fee of 105: %d", len(got))
	}
	// Gas bounds the batch.
	if got := m.Take(big.NewInt(1), 3*21000, 1<<20); len(got) != 3 {
		t.Fatalf("take within gas: %d", len(got))
	}
	// On top of blocks not final yet: a sender's queue starts after the
	// nonces they carry; a sender they cover entirely offers nothing.
	all := m.Take(big.NewInt(1), 1_000_000, 1<<20)
	after := map[common.Address]uint64{}
	for _, tx := range all {
		from, _ := types.Sender(signer, tx)
		after[from] = max(after[from], tx.Nonce()+1)
	}
	if got := m.TakeAfter(big.NewInt(1), 1_000_000, 1<<20, after); len(got) != 0 {
		t.Fatalf("take after every pending nonce: %d", len(got))
	}
	first, _ := types.Sender(signer, all[0])
	if got := m.TakeAfter(big.NewInt(1), 1_000_000, 1<<20, map[common.Address]uint64{first: all[0].Nonce() + 1}); len(got) != len(all)-1 {
		t.Fatalf("take after one pending transaction: %d of %d", len(got), len(all))
	}
	// A new head drops the used nonces.
	m.Reset(nonces{a.addr: 7, b.addr: 1})
	if m.Len() != 1 || m.PendingNonce(a.addr) != 7 {
		t.Fatalf("after reset: len %d", m.Len())
	}
}

func TestMempoolPeerLimit(t *testing.T) {
	m := NewMempool(MempoolConfig{MaxPerPeer: 2}, nonces{})
	for i := range 3 {
		a := newAcct(t)
		err := m.Add(a.tx(t, 0, 10, 1), a.addr, "peerX")
		if i < 2 && err != nil || i == 2 && !errors.Is(err, ErrPeerLimit) {
			t.Fatalf("tx %d from one peer: %v", i, err)
		}
	}
	a := newAcct(t)
	if err := m.Add(a.tx(t, 0, 10, 1), a.addr, ""); err != nil {
		t.Fatalf("the node's own RPC is not limited: %v", err)
	}
	m.Reset(nonces{})
	if err := m.Add(a.tx(t, 1, 10, 1), a.addr, "peerX"); err != nil {
		t.Fatalf("limit after a new head: %v", err)
	}
}

func TestMempoolGapsAndDrops(t *testing.T) {
	a := newAcct(t)
	m := NewMempool(MempoolConfig{}, nonces{})
	t2 := a.tx(t, 2, 100, 10)
	if err := m.Add(t2, a.addr, "p"); err != nil { // out of order: held
		t.Fatal(err)
	}
	if got := m.Take(big.NewInt(1), 1e6, 1<<20); len(got) != 0 {
		t.Fatalf("a gapped transaction was taken: %d", len(got))
	}
	t0, t1 := a.tx(t, 0, 100, 10), a.tx(t, 1, 100, 10)
	m.Add(t0, a.addr, "p")
	m.Add(t1, a.addr, "p")
	if got := m.Take(big.NewInt(1), 1e6, 1<<20); len(got) != 3 || m.PendingNonce(a.addr) != 3 {
		t.Fatalf("after the gap filled: %d taken, pending nonce %d", len(got), m.PendingNonce(a.addr))
	}
	// Execution dropped t1: it and t2 go, t0 stays.
	m.Drop([]common.Hash{t1.Hash()})
	if m.Len() != 1 || m.Get(t0.Hash()) == nil {
		t.Fatalf("after dropping: %d held", m.Len())
	}
}
