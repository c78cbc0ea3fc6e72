package exec

import (
	"bytes"
	"math/big"

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

// appendTxBody appends tx's encoding in a block body, as rlp.EncodeToBytes
// would write it, for an EIP-2930 or EIP-1559 transaction: type ‖
// rlp([fields…]) wrapped in an RLP string. The reflective encoder costs
// more than recovering the rest of a transfer's sender does, bar the
// signature itself. scratch is reused for the list payload. It reports
// false for another type, or values the encoder would refuse (negative).
func appendTxBody(b, scratch []byte, tx *types.Transaction) (out, scratchOut []byte, ok bool) {
	typ := tx.Type()
	if typ != types.AccessListTxType && typ != types.DynamicFeeTxType {
		return b, scratch, false
	}
	v, r, s := tx.RawSignatureValues()
	p := scratch[:0]
	var ok1, ok2 bool
	if p, ok1 = appendBig(p, tx.ChainId()); !ok1 {
		return b, scratch, false
	}
	p = rlp.AppendUint64(p, tx.Nonce())
	if typ == types.DynamicFeeTxType {
		p, ok1 = appendBig(p, tx.GasTipCap())
		p, ok2 = appendBig(p, tx.GasFeeCap())
	} else {
		p, ok1 = appendBig(p, tx.GasPrice())
		ok2 = true
	}
	if !ok1 || !ok2 {
		return b, scratch, false
	}
	p = rlp.AppendUint64(p, tx.Gas())
	if to := tx.To(); to != nil {
		p = appendBytes(p, to[:])
	} else {
		p = append(p, 0x80)
	}
	if p, ok1 = appendBig(p, tx.Value()); !ok1 {
		return b, scratch, false
	}
	p = appendBytes(p, tx.Data())
	if al := tx.AccessList(); len(al) == 0 {
		p = append(p, 0xc0)
	} else {
		enc, err := rlp.EncodeToBytes(al)
		if err != nil {
			return b, scratch, false
		}
		p = append(p, enc...)
	}
	for _, x := range []*big.Int{v, r, s} {
		if p, ok1 = appendBig(p, x); !ok1 {
			return b, scratch, false
		}
	}
	var hdr [9]byte
	list := listHeader(hdr[:0], len(p))
	if size := 9 + 1 + len(list) + len(p); cap(b)-len(b) < size {
		b = append(make([]byte, 0, len(b)+size), b...)
	}
	b = appendStringHeader(b, 1+len(list)+len(p))
	b = append(b, typ)
	b = append(b, list...)
	return append(b, p...), p, true
}

// appendBig appends x as the RLP encoder writes a *big.Int, or reports
// false for a negative one, which it refuses.
func appendBig(b []byte, x *big.Int) ([]byte, bool) {
	switch {
	case x == nil:
		return append(b, 0x80), true
	case x.Sign() < 0:
		return b, false
	case x.BitLen() <= 64:
		return rlp.AppendUint64(b, x.Uint64()), true
	}
	var buf [64]byte
	n := (x.BitLen() + 7) / 8
	if n > len(buf) {
		return appendBytes(b, x.Bytes()), true
	}
	return appendBytes(b, x.FillBytes(buf[:n])), true
}

// appendBytes appends v as an RLP string.
func appendBytes(b, v []byte) []byte {
	if len(v) == 1 && v[0] < 0x80 {
		return append(b, v[0])
	}
	return append(appendStringHeader(b, len(v)), v...)
}

// appendStringHeader appends the RLP header of a string of size bytes.
func appendStringHeader(b []byte, size int) []byte {
	return appendHeader(b, size, 0x80)
}

// appendHeader appends an RLP header: base+size for a payload shorter than
// 56 bytes, else base+55+the length of size, then size big-endian.
func appendHeader(b []byte, size int, base byte) []byte {
	if size < 56 {
		return append(b, base+byte(size))
	}
	n := 0
	for s := size; s > 0; s >>= 8 {
		n++
	}
	b = append(b, base+55+byte(n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(size>>(8*i)))
	}
	return b
}
