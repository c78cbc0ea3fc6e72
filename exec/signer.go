package exec

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// chainSigner is the chain's transaction signer: go-ethereum's, which it
// wraps and behaves as. It exists so that the senders recovery finds from
// a transaction's one encoding (presigned) and the senders found through
// the executor's Signer (pool, gossip, RPC) are one cache entry for
// go-ethereum: a transaction caches its sender together with the signer
// that found it, and reuses it only for a signer Equal to that one.
type chainSigner struct{ types.Signer }

// Equal is the wrapped signer's equality, with chainSigner and presigned
// taken as the signer they wrap.
func (s chainSigner) Equal(s2 types.Signer) bool {
	return s.Signer.Equal(unwrapSigner(s2))
}

func unwrapSigner(s types.Signer) types.Signer {
	switch w := s.(type) {
	case chainSigner:
		return w.Signer
	case *presigned:
		return w.Signer
	}
	return s
}

// presigned is the chain's signer for one transaction whose signing hash
// is already known: recovery derives it from the transaction's encoding,
// instead of go-ethereum encoding the transaction again to hash it.
type presigned struct {
	chainSigner
	sighash common.Hash
}

// Sender recovers the sender as go-ethereum's signer does for an EIP-2930
// or EIP-1559 transaction of this chain with a well-formed signature. For
// anything else (a legacy transaction, another chain, a malformed or
// unrecoverable signature) it defers to go-ethereum's signer, which gives
// the same result and go-ethereum's errors.
func (s *presigned) Sender(tx *types.Transaction) (common.Address, error) {
	if addr, ok := s.recover(tx); ok {
		return addr, nil
	}
	return s.Signer.Sender(tx)
}

func (s *presigned) recover(tx *types.Transaction) (common.Address, bool) {
	switch tx.Type() {
	case types.AccessListTxType, types.DynamicFeeTxType:
	default:
		return common.Address{}, false
	}
	if tx.ChainId().Cmp(s.ChainID()) != 0 {
		return common.Address{}, false
	}
	// NB: go-ethereum adds 27 to V and accepts the sum if it fits a byte
	// and is 27 or 28: V is 0 or 1.
	v, r, sv := tx.RawSignatureValues()
	if !v.IsUint64() || v.Uint64() > 1 || !crypto.ValidateSignatureValues(byte(v.Uint64()), r, sv, true) {
		return common.Address{}, false
	}
	var sig [crypto.SignatureLength]byte
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:64])
	sig[64] = byte(v.Uint64())
	pub, err := crypto.Ecrecover(s.sighash[:], sig[:])
	if err != nil || len(pub) != 65 || pub[0] != 4 {
		return common.Address{}, false
	}
	var addr common.Address
	copy(addr[:], crypto.Keccak256(pub[1:])[12:])
	return addr, true
}

// signingHash returns the signing hash of an EIP-2930 or EIP-1559
// transaction from its canonical encoding, type ‖ rlp([fields…, v, r, s]):
// the keccak of type ‖ rlp([fields…]), the same list without the signature
// (the signer's chain ID is the transaction's, which the caller checks).
// It reports false for another type or a malformed encoding.
func signingHash(kh crypto.KeccakState, canonical []byte) (sighash common.Hash, ok bool) {
	if len(canonical) == 0 || (canonical[0] != types.AccessListTxType && canonical[0] != types.DynamicFeeTxType) {
		return sighash, false
	}
	content, rest, err := rlp.SplitList(canonical[1:])
	if err != nil || len(rest) != 0 {
		return sighash, false
	}
	n, err := rlp.CountValues(content)
	if err != nil || n < 3 {
		return sighash, false
	}
	// The unsigned fields are the first n-3 values.
	off := 0
	for range n - 3 {
		_, _, tail, err := rlp.Split(content[off:])
		if err != nil {
			return sighash, false
		}
		off = len(content) - len(tail)
	}
	var hdr [9]byte
	kh.Reset()
	kh.Write(canonical[:1])
	kh.Write(listHeader(hdr[:0], off))
	kh.Write(content[:off])
	kh.Read(sighash[:])
	return sighash, true
}

// listHeader appends the RLP header of a list whose payload is size bytes.
func listHeader(b []byte, size int) []byte {
	return appendHeader(b, size, 0xc0)
}
