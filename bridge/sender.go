package bridge

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Defaults of SenderConfig.
const (
	DefaultBumpAfter = 30 * time.Second
	// feeBumpPercent is how much each replacement raises the tip and the fee
	// cap. go-ethereum's pool wants 10% to replace a transaction; 12.5% leaves
	// room for rounding and for pools that ask more.
	feeBumpNum, feeBumpDen = 9, 8
	// gasMarginPercent is added to a gas estimate: the state can change
	// between estimation and inclusion.
	gasMarginPercent = 20
)

// DefaultMaxFeeCap is the highest fee cap a Sender offers unless told
// otherwise: 500 gwei.
var DefaultMaxFeeCap = new(big.Int).Mul(big.NewInt(500), big.NewInt(1e9))

// ErrReverted marks the error of a transaction that was mined and reverted.
// The error also wraps the decoded reason where one could be found (AsRevert).
var ErrReverted = errors.New("bridge: transaction reverted")

// SenderConfig configures NewSender.
type SenderConfig struct {
	L1  L1
	Key *ecdsa.PrivateKey
	// BumpAfter is how long a transaction may stay unmined before it is
	// replaced with higher fees (default DefaultBumpAfter).
	BumpAfter time.Duration
	// MaxFeeCap bounds the fee cap of every version (default DefaultMaxFeeCap).
	MaxFeeCap *big.Int
	Log       *slog.Logger
}

// Sender sends L1 transactions from one key, one at a time, and sees each
// mined: if a transaction is not mined within BumpAfter, it is re-signed with
// the same nonce and fees raised by at least 12.5% (tip and cap), up to
// MaxFeeCap.
//
// It reads the account's nonce from the chain at start and again whenever
// the chain shows the nonce taken by a transaction that is not one of its
// own, so a restart, or another user of the key, costs at most a
// replacement. A transaction of an earlier run still waiting in the pool is
// replaced by the next Send (its nonce is reused, with fees raised until the
// pool takes it), or, if it is mined first, simply passed.
type Sender struct {
	cfg     SenderConfig
	addr    common.Address
	chainID *big.Int
	signer  types.Signer
	poll    time.Duration
	log     *slog.Logger

	mu    sync.Mutex // one Send at a time
	nonce uint64     // the next nonce to use, as far as this Sender knows

	// beforeSend, if set, is called with each version before it goes to the
	// pool (tests use it to interleave blocks with the Sender's steps).
	beforeSend func(*types.Transaction)
}

// NewSender reads the chain ID and the account's nonce and returns a Sender.
func NewSender(ctx context.Context, cfg SenderConfig) (*Sender, error) {
	if cfg.L1 == nil || cfg.Key == nil {
		return nil, errors.New("bridge: sender needs an L1 and a key")
	}
	if cfg.BumpAfter <= 0 {
		cfg.BumpAfter = DefaultBumpAfter
	}
	if cfg.MaxFeeCap == nil || cfg.MaxFeeCap.Sign() <= 0 {
		cfg.MaxFeeCap = DefaultMaxFeeCap
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	chainID, err := cfg.L1.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("bridge: L1 chain ID: %w", err)
	}
	s := &Sender{
		cfg:     cfg,
		addr:    crypto.PubkeyToAddress(cfg.Key.PublicKey),
		chainID: chainID,
		signer:  types.LatestSignerForChainID(chainID),
		poll:    min(max(cfg.BumpAfter/10, 5*time.Millisecond), time.Second),
	}
	s.log = cfg.Log.With("sender", s.addr)
	// NB: the mined nonce, not the pending one: a transaction this key left
	// in the pool before a restart is replaced rather than queued behind.
	if s.nonce, err = cfg.L1.NonceAt(ctx, s.addr, nil); err != nil {
		return nil, fmt.Errorf("bridge: nonce of %s: %w", s.addr, err)
	}
	return s, nil
}

// Address is the account the Sender sends from.
func (s *Sender) Address() common.Address { return s.addr }

// Send estimates gas (plus a margin) if gas is 0, signs a dynamic-fee
// transaction, sends it, replaces it with higher fees while it is not mined,
// and returns the receipt of whichever of its versions was mined. A reverted
// receipt comes with an error wrapping ErrReverted and, where the call can be
// replayed, the revert data (AsRevert decodes it). A gas estimate that
// reverts is returned as is, and nothing is sent.
func (s *Sender) Send(ctx context.Context, to common.Address, data []byte, value *big.Int, gas uint64) (*types.Receipt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if value == nil {
		value = new(big.Int)
	}
	msg := ethereum.CallMsg{From: s.addr, To: &to, Value: value, Data: data}
	if gas == 0 {
		est, err := s.cfg.L1.EstimateGas(ctx, msg)
		if err != nil {
			return nil, fmt.Errorf("bridge: estimate gas of a call to %s: %w", to, err)
		}
		gas = est + est*gasMarginPercent/100
	}
	msg.Gas = gas
	mined, err := s.cfg.L1.NonceAt(ctx, s.addr, nil)
	if err != nil {
		return nil, fmt.Errorf("bridge: nonce of %s: %w", s.addr, err)
	}
	nonce := max(s.nonce, mined)
	tip, feeCap, err := s.fees(ctx)
	if err != nil {
		return nil, err
	}

	var versions []common.Hash // every version of this Send that reached the pool
	var sentAt time.Time       // when the newest version went out
	var canBump = true         // the fees can still rise under MaxFeeCap
	send := true
	for {
		if send {
			tx, err := types.SignNewTx(s.cfg.Key, s.signer, &types.DynamicFeeTx{
				ChainID: s.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
				Gas: gas, To: &to, Value: value, Data: data,
			})
			if err != nil {
				return nil, fmt.Errorf("bridge: sign: %w", err)
			}
			if s.beforeSend != nil {
				s.beforeSend(tx)
			}
			err = s.cfg.L1.SendTransaction(ctx, tx)
			send = false
			switch {
			case err == nil || isAlreadyKnown(err):
				versions = append(versions, tx.Hash())
				sentAt = time.Now()
				s.log.Debug("L1 transaction sent", "tx", tx.Hash(), "nonce", nonce, "tip", tip, "fee_cap", feeCap, "version", len(versions))
			case isUnderpriced(err):
				// Another transaction holds the nonce in the pool, priced
				// higher: one of an earlier run, or of another user of the key.
				if tip, feeCap, canBump = bumpFees(tip, feeCap, nil, s.cfg.MaxFeeCap); canBump {
					send = true
					continue
				}
				s.log.Warn("L1 transaction underpriced at the fee cap limit", "nonce", nonce, "fee_cap", feeCap)
				sentAt = time.Now()
			case isNonceTooLow(err):
				// The nonce is taken: by a version of ours (found below), or
				// by someone else (the nonce is read again below).
			default:
				return nil, fmt.Errorf("bridge: send transaction %s: %w", tx.Hash(), err)
			}
		}

		// NB: the nonce first, then the receipts: a version mined in between
		// is then found, not mistaken for someone else's transaction.
		mined, err := s.cfg.L1.NonceAt(ctx, s.addr, nil)
		if err != nil {
			return nil, fmt.Errorf("bridge: nonce of %s: %w", s.addr, err)
		}
		for _, h := range versions {
			r, err := s.cfg.L1.TransactionReceipt(ctx, h)
			if err == nil {
				s.nonce = nonce + 1
				return r, s.checkStatus(ctx, r, msg)
			}
			if !receiptPending(err) {
				return nil, fmt.Errorf("bridge: receipt of %s: %w", h, err)
			}
		}
		if mined > nonce {
			// None of ours was mined at this nonce: someone else used the
			// key. Take the next free nonce, counting what they have queued.
			pending, err := s.cfg.L1.PendingNonceAt(ctx, s.addr)
			if err != nil {
				return nil, fmt.Errorf("bridge: nonce of %s: %w", s.addr, err)
			}
			s.log.Warn("L1 nonce taken by another transaction; sending again", "nonce", nonce, "next", max(pending, mined))
			nonce, versions, send = max(pending, mined), nil, true
			continue
		}
		if canBump && !sentAt.IsZero() && time.Since(sentAt) >= s.cfg.BumpAfter {
			_, base, err := s.suggest(ctx)
			if err != nil {
				return nil, err
			}
			if tip, feeCap, canBump = bumpFees(tip, feeCap, base, s.cfg.MaxFeeCap); canBump {
				s.log.Info("L1 transaction not mined; raising its fees", "nonce", nonce, "tip", tip, "fee_cap", feeCap)
				send = true
				continue
			}
			s.log.Warn("L1 transaction not mined at the fee cap limit", "nonce", nonce, "fee_cap", feeCap)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("bridge: waiting for nonce %d of %s: %w", nonce, s.addr, ctx.Err())
		case <-time.After(s.poll):
		}
	}
}

// fees are the first version's tip and fee cap: the suggested tip, and
// twice the head's base fee on top, so that a few full blocks do not strand
// it; both bounded by MaxFeeCap.
func (s *Sender) fees(ctx context.Context) (tip, feeCap *big.Int, err error) {
	tip, base, err := s.suggest(ctx)
	if err != nil {
		return nil, nil, err
	}
	feeCap = new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip)
	if feeCap.Cmp(s.cfg.MaxFeeCap) > 0 {
		feeCap = new(big.Int).Set(s.cfg.MaxFeeCap)
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	return tip, feeCap, nil
}

func (s *Sender) suggest(ctx context.Context) (tip, base *big.Int, err error) {
	if tip, err = s.cfg.L1.SuggestGasTipCap(ctx); err != nil {
		return nil, nil, fmt.Errorf("bridge: suggested tip: %w", err)
	}
	head, err := s.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("bridge: L1 head: %w", err)
	}
	base = head.BaseFee
	if base == nil {
		base = new(big.Int)
	}
	return tip, base, nil
}

// bumpFees raises tip and fee cap by at least 12.5% each, and to what the
// current base fee needs (twice it plus the tip) if that is more; the fee
// cap stays at most maxFeeCap and the tip at most the fee cap. ok is false
// when the cap leaves no room for a replacement the pool would take.
func bumpFees(tip, feeCap, base, maxFeeCap *big.Int) (newTip, newFeeCap *big.Int, ok bool) {
	raise := func(x *big.Int) *big.Int {
		y := new(big.Int).Mul(x, big.NewInt(feeBumpNum))
		y.Add(y, big.NewInt(feeBumpDen-1)).Div(y, big.NewInt(feeBumpDen)) // rounded up
		if y.Cmp(x) == 0 {
			y.Add(y, common.Big1)
		}
		return y
	}
	newTip, newFeeCap = raise(tip), raise(feeCap)
	if base != nil {
		if need := new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), newTip); need.Cmp(newFeeCap) > 0 {
			newFeeCap = need
		}
	}
	if newFeeCap.Cmp(maxFeeCap) > 0 {
		newFeeCap = new(big.Int).Set(maxFeeCap)
	}
	if newTip.Cmp(newFeeCap) > 0 {
		newTip = new(big.Int).Set(newFeeCap)
	}
	// The pool takes a replacement only if both rose enough.
	if newFeeCap.Cmp(raise(feeCap)) < 0 || newTip.Cmp(raise(tip)) < 0 {
		return tip, feeCap, false
	}
	return newTip, newFeeCap, true
}

// checkStatus turns a reverted receipt into an error, replaying the call in
// the state before its block to recover the revert data.
func (s *Sender) checkStatus(ctx context.Context, r *types.Receipt, msg ethereum.CallMsg) error {
	if r.Status == types.ReceiptStatusSuccessful {
		return nil
	}
	var at *big.Int
	if r.BlockNumber != nil && r.BlockNumber.Sign() > 0 {
		at = new(big.Int).Sub(r.BlockNumber, common.Big1)
	}
	// NB: the replay runs on the parent's state, without the transactions
	// before it in its block; it usually fails the same way, and when it
	// does not (out of gas, say), the error says so.
	_, err := s.cfg.L1.CallContract(ctx, msg, at)
	if _, ok := AsRevert(err); !ok && err != nil && at != nil {
		// The parent's state may be pruned: the head's will do.
		_, err = s.cfg.L1.CallContract(ctx, msg, nil)
	}
	if err != nil {
		return fmt.Errorf("%w: %s (gas used %d of %d): %w", ErrReverted, r.TxHash, r.GasUsed, msg.Gas, err)
	}
	return fmt.Errorf("%w: %s (gas used %d of %d; the replay succeeds)", ErrReverted, r.TxHash, r.GasUsed, msg.Gas)
}

// receiptPending is whether a receipt lookup's error means "not (yet) in a
// block": not found, or a node still indexing transactions.
func receiptPending(err error) bool {
	return errors.Is(err, ethereum.NotFound) || strings.Contains(err.Error(), "transaction indexing is in progress")
}

// The pool's answers, as go-ethereum words them (txpool.ErrAlreadyKnown,
// core.ErrNonceTooLow, txpool.ErrReplaceUnderpriced); over JSON-RPC only the
// message survives.
func isAlreadyKnown(err error) bool { return strings.Contains(err.Error(), "already known") }
func isNonceTooLow(err error) bool  { return strings.Contains(err.Error(), "nonce too low") }
func isUnderpriced(err error) bool {
	return strings.Contains(err.Error(), "replacement transaction underpriced")
}
