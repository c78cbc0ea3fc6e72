package exec

import (
	"bytes"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// encodedTxs is a block's transactions as their body encodings, for the
// transaction trie: the trie holds a typed transaction's canonical
// encoding, which its body encoding wraps in an RLP string.
type encodedTxs []rlp.RawValue

func (l encodedTxs) Len() int { return len(l) }

func (l encodedTxs) EncodeIndex(i int, w *bytes.Buffer) {
	b := l[i]
	if content, _, err := rlp.SplitString(b); err == nil {
		b = content // typed; a legacy transaction is a list
	}
	w.Write(b)
}

// bodyRLP is types.Body with the transactions already encoded: it encodes
// to the same bytes.
type bodyRLP struct {
	Transactions []rlp.RawValue
	Uncles       []*types.Header
	Withdrawals  []*types.Withdrawal `rlp:"optional"`
}

// trieReceipts derives the receipt trie like types.Receipts, but encodes a
// receipt without logs (every payment's) by hand: the reflective encoder
// costs more than hashing the result.
type trieReceipts types.Receipts

func (rs trieReceipts) Len() int { return len(rs) }

func (rs trieReceipts) EncodeIndex(i int, w *bytes.Buffer) {
	r := rs[i]
	switch {
	case len(r.Logs) > 0 || len(r.PostState) > 0:
	case r.Type == types.LegacyTxType:
		writeReceiptNoLogs(w, r)
		return
	case r.Type == types.AccessListTxType || r.Type == types.DynamicFeeTxType:
		w.WriteByte(r.Type)
		writeReceiptNoLogs(w, r)
		return
	}
	types.Receipts(rs).EncodeIndex(i, w)
}

// writeReceiptNoLogs writes the RLP list [status, cumulative gas, bloom, []].
func writeReceiptNoLogs(w *bytes.Buffer, r *types.Receipt) {
	var buf [16]byte
	status := byte(0x01) // []byte{1} encodes as itself
	if r.Status == types.ReceiptStatusFailed {
		status = 0x80 // the empty string
	}
	gas := rlp.AppendUint64(buf[:0], r.CumulativeGasUsed)
	size := 1 + len(gas) + 3 + types.BloomByteLength + 1
	// The list header: the payload is longer than 55 bytes (the bloom
	// alone is 256) and shorter than 65536.
	w.Write([]byte{0xf9, byte(size >> 8), byte(size), status})
	w.Write(gas)
	w.Write([]byte{0xb9, byte(types.BloomByteLength >> 8), byte(types.BloomByteLength & 0xff)})
	w.Write(r.Bloom[:])
	w.WriteByte(0xc0)
}
