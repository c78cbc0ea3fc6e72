package outputs

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/l2node/l2node/bridge"
)

// Signed is one validator's signature of an output root, as gossiped.
type Signed struct {
	StartBatch uint64
	EndBatch   uint64
	OutputRoot common.Hash
	Signature  []byte // 65 bytes: r ‖ s ‖ v, v ∈ {0, 1}
}

// MaxMessage caps a gossiped message: the fields take under 120 bytes.
const MaxMessage = 256

// MaxRange caps the batches one root may cover; longer ranges are refused
// before any signature is checked.
const MaxRange = 1 << 20

// ErrMessage marks a message that does not decode or is malformed.
var ErrMessage = errors.New("outputs: bad message")

// Marshal is the message's canonical encoding (RLP).
func (m *Signed) Marshal() []byte {
	b, err := rlp.EncodeToBytes(m)
	if err != nil {
		panic(fmt.Sprintf("outputs: encode: %v", err)) // only unsupported types fail
	}
	return b
}

// Unmarshal decodes a message strictly and checks its shape; it does not
// check the signature (Signer does).
func Unmarshal(b []byte) (*Signed, error) {
	if len(b) > MaxMessage {
		return nil, fmt.Errorf("%w: %d bytes, cap %d", ErrMessage, len(b), MaxMessage)
	}
	var m Signed
	if err := rlp.DecodeBytes(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMessage, err)
	}
	switch {
	case m.StartBatch == 0:
		return nil, fmt.Errorf("%w: range starts at batch 0 (the genesis)", ErrMessage)
	case m.EndBatch < m.StartBatch:
		return nil, fmt.Errorf("%w: range %d..%d ends before it starts", ErrMessage, m.StartBatch, m.EndBatch)
	case m.EndBatch-m.StartBatch >= MaxRange:
		return nil, fmt.Errorf("%w: range %d..%d longer than %d batches", ErrMessage, m.StartBatch, m.EndBatch, MaxRange)
	case m.OutputRoot == (common.Hash{}):
		return nil, fmt.Errorf("%w: zero output root", ErrMessage)
	case len(m.Signature) != crypto.SignatureLength:
		return nil, fmt.Errorf("%w: signature of %d bytes", ErrMessage, len(m.Signature))
	}
	return &m, nil
}

var secp256k1HalfN = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// Signer recovers who signed the message for the L2 chain l2ChainID. High-S
// signatures and v outside {0, 1} are refused, as the contract refuses them.
func (m *Signed) Signer(l2ChainID uint64) (common.Address, error) {
	sig := m.Signature
	if len(sig) != crypto.SignatureLength || sig[64] > 1 {
		return common.Address{}, fmt.Errorf("%w: malformed signature", ErrMessage)
	}
	if new(big.Int).SetBytes(sig[32:64]).Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, fmt.Errorf("%w: high-S signature", ErrMessage)
	}
	digest := bridge.OutputRootDigest(l2ChainID, m.StartBatch, m.EndBatch, m.OutputRoot)
	pub, err := crypto.SigToPub(digest[:], sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrMessage, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// Range is a span of batches one root covers.
type Range struct{ Start, End uint64 }

func (r Range) String() string { return fmt.Sprintf("%d..%d", r.Start, r.End) }

// GridRange is the grid range holding batch n (n ≥ 1) for an interval.
func GridRange(n, interval uint64) Range {
	k := (n - 1) / interval
	return Range{Start: k*interval + 1, End: (k + 1) * interval}
}
