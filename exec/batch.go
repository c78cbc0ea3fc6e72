package exec

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

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
	Deposits     []*Deposit     // applied before the transactions
	Txs          types.Transactions

	recovery *recovery // set by Executor.Prepare
}

// Deposit is an L1→L2 deposit as the bridge derives it from an L1 deposit
// event. It has no signature: only a batch can carry it, and validators check
// each against L1. It mints Mint to To and, when Data is set or To has code,
// calls To from From with GasLimit gas; a failed call keeps the mint.
type Deposit struct {
	SourceHash common.Hash // unique per L1 event: keccak256(L1 block hash ‖ log index)
	From       common.Address
	To         common.Address
	Mint       *big.Int
	GasLimit   uint64
	Data       []byte
}

// Hash identifies the deposit on L2 (its "transaction hash").
func (d *Deposit) Hash() common.Hash {
	b, _ := rlp.EncodeToBytes(d)
	return crypto.Keccak256Hash([]byte{DepositTxType}, b)
}

// DepositTxType is the type byte of deposits; go-ethereum's transaction types
// stop well below it.
const DepositTxType = 0x7e

// MaxDepositGas caps the call gas of one deposit, and MaxDepositsPerBatch the
// deposits in one batch: deposits are paid on L1, so they must not be able to
// crowd out the L2's own gas.
const (
	MaxDepositGas       = 1_000_000
	MaxDepositsPerBatch = 256
)

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
		if d.Mint == nil || d.Mint.Sign() < 0 || d.Mint.BitLen() > 255 {
			return fmt.Errorf("deposit %d: bad mint", i)
		}
		if d.GasLimit > MaxDepositGas {
			return fmt.Errorf("deposit %d: gas limit %d above %d", i, d.GasLimit, MaxDepositGas)
		}
	}
	return nil
}

var errNotNext = errors.New("batch does not extend the head")
