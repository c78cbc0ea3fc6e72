package sequencing

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/sequencing/consensus"
)

// Payload is what a leader proposes for one height: the batch's context,
// its deposits and its transactions. Consensus treats it as opaque bytes;
// execution turns a final one into a block.
type Payload struct {
	Height   uint64
	Time     uint64         // unix seconds, not before the parent's
	Leader   common.Address // the proposer; receives the priority fees
	DataRoot common.Hash    // the DA data root of Data()
	Deposits []byte         // RLP of the batch's L1 deposits (exec.Deposit), empty if none
	Txs      [][]byte       // transactions, in their binary (EIP-2718) encoding
	// Set, only in the last batch of a set epoch, names the sequencer set
	// of the epoch after the next one, as the L1 registry holds it (see
	// ChainSets). Absent from every other batch.
	Set *SetUpdate `rlp:"optional"`
}

// SetUpdate is a sequencer set read from the L1 SequencerRegistry at the
// confirmed L1 block L1Block: its members sorted by address, stakes in gwei.
type SetUpdate struct {
	L1Block uint64
	Members []consensus.Validator
}

// Caps on a payload, checked before decoding allocates.
const (
	MaxPayloadBytes = 4 << 20 // consensus.DefaultMaxPayload
	MaxPayloadTxs   = 100_000
)

// ErrPayload marks a payload that does not decode or breaks a cap.
var ErrPayload = errors.New("bad batch payload")

// Marshal is the payload's canonical encoding.
func (p *Payload) Marshal() []byte {
	b, err := rlp.EncodeToBytes(p)
	if err != nil {
		panic(fmt.Sprintf("sequencing: encode payload: %v", err)) // only fails on unsupported types
	}
	return b
}

// UnmarshalPayload decodes a payload strictly.
func UnmarshalPayload(b []byte) (*Payload, error) {
	if len(b) > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: %d bytes, cap %d", ErrPayload, len(b), MaxPayloadBytes)
	}
	var p Payload
	if err := rlp.DecodeBytes(b, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	if len(p.Txs) > MaxPayloadTxs {
		return nil, fmt.Errorf("%w: %d transactions, cap %d", ErrPayload, len(p.Txs), MaxPayloadTxs)
	}
	if p.Set != nil {
		if _, err := p.Set.ValidatorSet(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrPayload, err)
		}
	}
	return &p, nil
}

// ValidatorSet is the set the update names. Its members must be sorted by
// address without repeats, so that a set has one encoding only.
func (u *SetUpdate) ValidatorSet() (*consensus.ValidatorSet, error) {
	for i := 1; i < len(u.Members); i++ {
		if bytes.Compare(u.Members[i-1].Address[:], u.Members[i].Address[:]) >= 0 {
			return nil, fmt.Errorf("set update: member %d (%s) is not above member %d", i, u.Members[i].Address, i-1)
		}
	}
	set, err := consensus.NewValidatorSet(u.Members)
	if err != nil {
		return nil, fmt.Errorf("set update: %w", err)
	}
	return set, nil
}

// Data is the batch data that the DA layer erasure-codes and DataRoot
// commits to: RLP of [deposits, transactions].
func (p *Payload) Data() []byte {
	b, err := rlp.EncodeToBytes([]any{p.Deposits, p.Txs})
	if err != nil {
		panic(fmt.Sprintf("sequencing: encode batch data: %v", err))
	}
	return b
}

// Secp256k1 signs consensus messages with a sequencer key, so that L1 can
// check votes and certificates with ecrecover: the signature is over
// keccak256 of the message's signing bytes, in go-ethereum's 65-byte
// [R ‖ S ‖ V] form.
type Secp256k1 struct{ Key *ecdsa.PrivateKey }

// Address is the signer's address.
func (s Secp256k1) Address() common.Address { return crypto.PubkeyToAddress(s.Key.PublicKey) }

// Sign signs msg.
func (s Secp256k1) Sign(msg []byte) ([]byte, error) {
	return crypto.Sign(crypto.Keccak256(msg), s.Key)
}

// Secp256k1Verifier checks Secp256k1 signatures.
type Secp256k1Verifier struct{}

// Verify reports whether sig is signer's signature of msg. High-S
// signatures are refused, so that a signature has one form only.
func (Secp256k1Verifier) Verify(signer common.Address, msg, sig []byte) bool {
	if len(sig) != crypto.SignatureLength {
		return false
	}
	if !crypto.ValidateSignatureValues(sig[64], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64]), true) {
		return false
	}
	pub, err := crypto.SigToPub(crypto.Keccak256(msg), sig)
	if err != nil {
		return false
	}
	return crypto.PubkeyToAddress(*pub) == signer
}
