package das

import (
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/internal/keyfile"
)

// Availability attestations: a DA node that has stored a square signs
// (chain ID, height, data root) with a secp256k1 key, so that the relayer can
// carry a quorum of signatures to L1, where ecrecover checks them.
//
//	digest    = keccak256("l2/da-attestation/v1" || chain ID (uint64) || height (uint64) || data root)
//	signature = 65 bytes, r || s || v with v in {0, 1} (go-ethereum's crypto.Sign)
//
// Topic /l2/<network>/da_attest/1, payload: height (uint64) || data root (32) || signature (65).
const AttestTopicName = "da_attest"

var attestDomain = []byte("l2/da-attestation/v1")

// Attestation is one DA node's signature over a stored square.
type Attestation struct {
	Height    uint64
	Root      erasure.Hash
	Signer    common.Address
	Signature []byte
}

// AttestationDigest is the hash a DA node signs.
func AttestationDigest(chainID, height uint64, root erasure.Hash) []byte {
	b := append([]byte(nil), attestDomain...)
	b = binary.BigEndian.AppendUint64(b, chainID)
	b = binary.BigEndian.AppendUint64(b, height)
	b = append(b, root[:]...)
	return crypto.Keccak256(b)
}

// SignAttestation signs (height, root) for a chain.
func SignAttestation(key *ecdsa.PrivateKey, chainID, height uint64, root erasure.Hash) (Attestation, error) {
	sig, err := crypto.Sign(AttestationDigest(chainID, height, root), key)
	if err != nil {
		return Attestation{}, fmt.Errorf("das: sign attestation: %w", err)
	}
	return Attestation{Height: height, Root: root, Signer: crypto.PubkeyToAddress(key.PublicKey), Signature: sig}, nil
}

// Marshal encodes the attestation's payload.
func (a Attestation) Marshal() []byte {
	b := binary.BigEndian.AppendUint64(nil, a.Height)
	b = append(b, a.Root[:]...)
	return append(b, a.Signature...)
}

// ErrBadAttestation marks an attestation that does not decode or verify.
var ErrBadAttestation = errors.New("bad availability attestation")

// UnmarshalAttestation decodes an attestation and recovers its signer.
func UnmarshalAttestation(chainID uint64, b []byte) (Attestation, error) {
	if len(b) != 8+32+65 {
		return Attestation{}, fmt.Errorf("%w: %d bytes, want 105", ErrBadAttestation, len(b))
	}
	a := Attestation{Height: binary.BigEndian.Uint64(b), Signature: append([]byte(nil), b[40:]...)}
	copy(a.Root[:], b[8:40])
	if a.Signature[64] > 1 {
		return Attestation{}, fmt.Errorf("%w: v = %d", ErrBadAttestation, a.Signature[64])
	}
	pub, err := crypto.SigToPub(AttestationDigest(chainID, a.Height, a.Root), a.Signature)
	if err != nil {
		return Attestation{}, fmt.Errorf("%w: %v", ErrBadAttestation, err)
	}
	a.Signer = crypto.PubkeyToAddress(*pub)
	return a, nil
}

// AttestTopic declares the attestation topic. headerRoot gives the known
// header root at a height; head the highest height seen; attesters, if not
// nil, says which signers count. An attestation may outrun its header over
// gossip, so one for a height not yet seen is accepted if it is no more than
// 16 heights ahead (and checked against the header when read).
func AttestTopic(chainID uint64, headerRoot func(uint64) (erasure.Hash, bool), head func() uint64, attesters func(common.Address) bool) gossip.Topic {
	seen := gossip.NewDedupe(time.Hour, 1_000_000)
	return gossip.Topic{
		Name:       AttestTopicName,
		Version:    1,
		MaxPayload: 8 + 32 + 65,
		Window:     gossip.TimeWindow{MaxAge: 10 * time.Minute, MaxFuture: 5 * time.Second, Slack: time.Hour},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			a, err := UnmarshalAttestation(chainID, payload)
			if err != nil {
				return nil, gossip.Reject, err
			}
			if root, ok := headerRoot(a.Height); ok && root != a.Root {
				return nil, gossip.Reject, fmt.Errorf("%w: root differs from the header's", ErrBadAttestation)
			} else if !ok && a.Height > head()+16 {
				return nil, gossip.Ignore, fmt.Errorf("attestation for height %d, far beyond the head", a.Height)
			}
			if attesters != nil && !attesters(a.Signer) {
				return nil, gossip.Ignore, fmt.Errorf("signer %s is not an attester", a.Signer)
			}
			if seen.Seen(fmt.Sprintf("%d/%x/%x", a.Height, a.Root[:], a.Signer[:]), time.Now()) {
				return nil, gossip.Ignore, errors.New("attestation already seen")
			}
			return a, gossip.Accept, nil
		},
		Concurrency: 32,
		Score:       gossip.TopicScore{Weight: 0.5, InvalidWeight: -20},
	}
}

// LoadOrCreateAttestationKey reads a secp256k1 key (hex, as go-ethereum
// writes it) or creates one with mode 0600; like the node key it must not
// be readable by others.
func LoadOrCreateAttestationKey(path string) (*ecdsa.PrivateKey, error) {
	return keyfile.LoadOrCreateSecp256k1(path, "das: attestation key")
}
