package bridge

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// OutputRootDomain starts the bytes a validator signs for an output root
// (the signature format, whose tag stays "v1").
const OutputRootDomain = "l2node/output-root/v1"

// OutputRootTag starts the preimage of an output root (output root v2).
const OutputRootTag = "l2node/output-root/v2"

// Output is the L2 after a batch as L1 commits to it: its state root, which
// withdrawals are proven against, and its block hash, through which the
// one-step prover reads the batch's transactions.
type Output struct {
	StateRoot common.Hash
	BlockHash common.Hash
}

// Root is the output root: keccak256("l2node/output-root/v2" ‖ stateRoot ‖
// blockHash), as the contracts' OutputRoot.hash computes it.
func (o Output) Root() common.Hash {
	return crypto.Keccak256Hash([]byte(OutputRootTag), o.StateRoot[:], o.BlockHash[:])
}

// OutputRootSigningBytes are the 149 bytes a validator signs (keccak256 of
// them) to vouch for outputRoot as the L2 state after endBatch, covering
// batches startBatch..endBatch of the L2 chain l2ChainID:
//
//	"l2node/output-root/v1" ‖ l2ChainID ‖ startBatch ‖ endBatch ‖ outputRoot
//
// the integers 32 bytes big-endian each, as StateCommitmentChain's
// outputRootDigest computes on chain. The output root is Output.Root of
// the L2 after endBatch.
func OutputRootSigningBytes(l2ChainID, startBatch, endBatch uint64, outputRoot common.Hash) []byte {
	b := make([]byte, len(OutputRootDomain)+4*32)
	n := copy(b, OutputRootDomain)
	binary.BigEndian.PutUint64(b[n+24:], l2ChainID)
	binary.BigEndian.PutUint64(b[n+56:], startBatch)
	binary.BigEndian.PutUint64(b[n+88:], endBatch)
	copy(b[n+96:], outputRoot[:])
	return b
}

// OutputRootDigest is keccak256 of OutputRootSigningBytes: what is signed.
func OutputRootDigest(l2ChainID, startBatch, endBatch uint64, outputRoot common.Hash) common.Hash {
	return crypto.Keccak256Hash(OutputRootSigningBytes(l2ChainID, startBatch, endBatch, outputRoot))
}

// OutputRootSignature is one validator's signature of an output root.
type OutputRootSignature struct {
	Signer    common.Address
	Signature []byte // 65 bytes, r ‖ s ‖ v with v ∈ {0, 1}
}

// SignOutputRoot signs an output root with a validator's key.
func SignOutputRoot(key *ecdsa.PrivateKey, l2ChainID, startBatch, endBatch uint64, outputRoot common.Hash) (OutputRootSignature, error) {
	digest := OutputRootDigest(l2ChainID, startBatch, endBatch, outputRoot)
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		return OutputRootSignature{}, fmt.Errorf("bridge: sign output root: %w", err)
	}
	return OutputRootSignature{Signer: crypto.PubkeyToAddress(key.PublicKey), Signature: sig}, nil
}

// SubmissionSignatures orders signatures as submitStateRoot wants them:
// ascending by signer, one per signer (later duplicates are dropped).
func SubmissionSignatures(sigs []OutputRootSignature) [][]byte {
	sorted := slices.Clone(sigs)
	slices.SortStableFunc(sorted, func(a, b OutputRootSignature) int { return bytes.Compare(a.Signer[:], b.Signer[:]) })
	out := make([][]byte, 0, len(sorted))
	for i, s := range sorted {
		if i > 0 && s.Signer == sorted[i-1].Signer {
			continue
		}
		out = append(out, s.Signature)
	}
	return out
}
