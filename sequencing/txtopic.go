package sequencing

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/gossip"
)

// Transaction gossip: topic /l2/<network>/tx/1. A payload is one signed
// Ethereum transaction in its canonical binary encoding
// (types.Transaction.MarshalBinary: RLP for legacy, type byte || RLP for
// typed transactions).
const (
	TxTopicName    = "tx"
	TxTopicVersion = 1
	// MaxTxSize caps one transaction, as go-ethereum's pool does (4 × 32 KiB).
	MaxTxSize = 128 << 10
)

// TxMessage is what the transaction topic hands to subscribers.
type TxMessage struct {
	Tx     *types.Transaction
	Sender common.Address
}

// TxCheck is a further check of a well-formed, correctly signed
// transaction: the execution layer plugs in state checks (nonce, balance,
// fee floor) here. Ignore for transactions an honest peer might still
// forward (a nonce already used), Reject for the indefensible.
type TxCheck func(tx *types.Transaction, sender common.Address) (gossip.Result, error)

// TxTopic declares the transaction topic for an L2 chain. Its validator
// accepts only transactions that decode strictly, are of a supported type
// (legacy with EIP-155 replay protection, access list, dynamic fee), carry
// the chain's ID and a valid signature; a transaction seen in the last two
// minutes is Ignored. check, if not nil, runs last. cache, if not nil,
// keeps what was decoded for the node's proposals and batches.
func TxTopic(chainID *big.Int, check TxCheck, cache *TxCache) gossip.Topic {
	signer := types.LatestSignerForChainID(chainID)
	seen := gossip.NewDedupe(2*time.Minute, 100_000)
	return gossip.Topic{
		Name:       TxTopicName,
		Version:    TxTopicVersion,
		MaxPayload: MaxTxSize,
		// Transactions carry no time of their own; the envelope's bounds how
		// long a copy may circulate (the seen cache is two minutes).
		Window: gossip.TimeWindow{MaxAge: time.Minute, MaxFuture: 5 * time.Second, Slack: time.Minute},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			msg, err := cache.Decode(payload, chainID, signer)
			if err != nil {
				return nil, gossip.Reject, err
			}
			if seen.Seen(string(msg.Tx.Hash().Bytes()), time.Now()) {
				return nil, gossip.Ignore, errors.New("transaction already seen")
			}
			if check != nil {
				if res, err := check(msg.Tx, msg.Sender); res != gossip.Accept {
					return nil, res, err
				}
			}
			return msg, gossip.Accept, nil
		},
		Concurrency: 256,
		// Rejected transactions are cheap to make: 20 of them put a peer at
		// the gossip threshold.
		Score: gossip.TopicScore{Weight: 1, InvalidWeight: -10},
	}
}

// Transaction validation errors.
var (
	ErrTxDecode    = errors.New("transaction does not decode")
	ErrTxType      = errors.New("unsupported transaction type")
	ErrTxChainID   = errors.New("wrong chain ID")
	ErrTxSignature = errors.New("invalid signature")
)

// DecodeTx decodes and checks one gossiped transaction.
func DecodeTx(b []byte, chainID *big.Int, signer types.Signer) (*TxMessage, error) {
	if len(b) > MaxTxSize {
		return nil, fmt.Errorf("%w: %d bytes, cap %d", ErrTxDecode, len(b), MaxTxSize)
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTxDecode, err)
	}
	switch tx.Type() {
	case types.LegacyTxType:
		if !tx.Protected() {
			return nil, fmt.Errorf("%w: legacy transaction without EIP-155 replay protection", ErrTxChainID)
		}
	case types.AccessListTxType, types.DynamicFeeTxType:
	default:
		return nil, fmt.Errorf("%w %d", ErrTxType, tx.Type())
	}
	if tx.ChainId().Cmp(chainID) != 0 {
		return nil, fmt.Errorf("%w %s (want %s)", ErrTxChainID, tx.ChainId(), chainID)
	}
	if tx.Gas() == 0 {
		return nil, fmt.Errorf("%w: zero gas", ErrTxDecode)
	}
	if tx.Value().BitLen() > 256 || tx.GasFeeCap().BitLen() > 256 || tx.GasTipCap().BitLen() > 256 {
		return nil, fmt.Errorf("%w: value or fee above 256 bits", ErrTxDecode)
	}
	sender, err := types.Sender(signer, tx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTxSignature, err)
	}
	return &TxMessage{Tx: tx, Sender: sender}, nil
}
