package sequencing

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/lru"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// TxCache remembers the transactions one node decoded and checked, with
// their senders, by the hash of their encoding (which is the transaction
// hash). A transaction reaches a node by gossip once and then again in a
// proposal and in its final batch; recovering its sender, an ecrecover of
// about 50 µs, once per node is enough. A cached transaction is the same
// immutable *types.Transaction, whose own sender cache then also serves
// execution.
//
// One cache per node: nodes sharing a process (the devnet) must not vouch
// for each other's checks.
type TxCache struct {
	c *lru.Cache[common.Hash, *TxMessage]
}

// NewTxCache makes a cache of up to size transactions.
func NewTxCache(size int) *TxCache {
	return &TxCache{c: lru.NewCache[common.Hash, *TxMessage](size)}
}

// Decode is DecodeTx, answered from the cache when the same bytes were
// decoded and checked before for the same chain. A nil cache decodes.
func (c *TxCache) Decode(b []byte, chainID *big.Int, signer types.Signer) (*TxMessage, error) {
	if c == nil || len(b) > MaxTxSize {
		return DecodeTx(b, chainID, signer)
	}
	key := crypto.Keccak256Hash(b)
	if m, ok := c.c.Get(key); ok && m.Tx.ChainId().Cmp(chainID) == 0 {
		return m, nil
	}
	m, err := DecodeTx(b, chainID, signer)
	if err != nil {
		return nil, err
	}
	c.c.Add(key, m)
	return m, nil
}

// Get returns the transaction with this encoding if it was decoded and
// checked here before; it decodes nothing.
func (c *TxCache) Get(b []byte) (*TxMessage, bool) {
	if c == nil {
		return nil, false
	}
	return c.c.Get(crypto.Keccak256Hash(b))
}

// Add remembers a transaction whose sender was recovered elsewhere (the
// JSON-RPC intake), so that its gossip and its batches need no recovery.
func (c *TxCache) Add(tx *types.Transaction, sender common.Address) {
	if c != nil {
		c.c.Add(tx.Hash(), &TxMessage{Tx: tx, Sender: sender})
	}
}
