package exec

import (
	"crypto/ecdsa"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// DevKey is a development account.
type DevKey struct {
	Key     *ecdsa.PrivateKey
	Address common.Address
}

// Batch is a final batch as consensus hands it to execution: the ordered
// transactions and deposits of one L2 block and the block's context. The
// state root is not part of it: every executing node computes that.
type Batch struct {
	Number       uint64
	Time         uint64         // unix seconds, not before the parent's
	FeeRecipient common.Address // the leader of the slot: receives priority fees
	Random       common.Hash    // PREVRANDAO for the block
	DataRoot     common.Hash    // the DA data root of the batch's data
	Deposits     []*Deposit     // applied before the transactions, each only if it has the next deposit nonce
	Txs          types.Transactions

	recovery *recovery // set by Executor.Prepare
}

func depositsHash(ds []*Deposit) common.Hash {
	if len(ds) == 0 {
		return types.EmptyRootHash
	}
	b, _ := rlp.EncodeToBytes(ds)
	return crypto.Keccak256Hash(b)
}

// extraVersion is the first byte of the header's extra data, which is
// version ‖ DA data root ‖ deposits hash (65 bytes): the block hash thereby
// commits to the batch's data root and to its deposits.
const extraVersion = 1

func encodeExtra(dataRoot, deposits common.Hash) []byte {
	out := make([]byte, 65)
	out[0] = extraVersion
	copy(out[1:33], dataRoot[:])
	copy(out[33:], deposits[:])
	return out
}

// HeaderExtra splits a block header's extra data into the DA data root and
// the hash of the block's deposits.
func HeaderExtra(h *types.Header) (dataRoot, deposits common.Hash, err error) {
	if len(h.Extra) != 65 || h.Extra[0] != extraVersion {
		return dataRoot, deposits, fmt.Errorf("exec: block %d: extra data is %d bytes, want 65 of version %d", h.Number, len(h.Extra), extraVersion)
	}
	copy(dataRoot[:], h.Extra[1:33])
	copy(deposits[:], h.Extra[33:])
	return dataRoot, deposits, nil
}

func (b *Batch) validate() error {
	if len(b.Deposits) > MaxDepositsPerBatch {
		return fmt.Errorf("%d deposits, at most %d", len(b.Deposits), MaxDepositsPerBatch)
	}
	for i, d := range b.Deposits {
		if err := d.validate(); err != nil {
			return fmt.Errorf("deposit %d: %w", i, err)
		}
	}
	return nil
}

var errNotNext = errors.New("batch does not extend the head")
