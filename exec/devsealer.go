package exec

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// DevSealer is the dev mode's stand-in for consensus: one node turns its
// DevPool into a batch every Interval and applies it. It exists so that a
// single node is usable (and testable) on its own; on a network the
// sequencing consensus hands final batches to Apply instead, and the dev
// sealer is off.
type DevSealer struct {
	Exec         *Executor
	Pool         *DevPool
	Interval     time.Duration
	FeeRecipient common.Address
	Now          func() time.Time // default time.Now
}

// SealOnce builds a batch from the pool and applies it. An empty pool still
// gives a block: the chain advances at the slot rate, as it does under
// consensus.
func (s *DevSealer) SealOnce(ctx context.Context) (*Result, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	head := s.Exec.Head()
	t := uint64(now().Unix())
	if t < head.Time() {
		t = head.Time()
	}
	// Dev randomness: a hash chain over the parent. Consensus replaces it
	// with randomness no single sequencer controls.
	var seed [40]byte
	copy(seed[:32], head.Hash().Bytes())
	binary.BigEndian.PutUint64(seed[32:], head.NumberU64()+1)
	txs := s.Pool.Take(s.Exec.GasLimit())
	b := &Batch{
		Number:       head.NumberU64() + 1,
		Time:         t,
		FeeRecipient: s.FeeRecipient,
		Random:       sha256.Sum256(seed[:]),
		DataRoot:     common.Hash(sha256.Sum256(encodeTxs(txs))),
		Txs:          txs,
	}
	res, err := s.Exec.Apply(ctx, b)
	s.Pool.Prune()
	return res, err
}

// Run seals every Interval until ctx ends.
func (s *DevSealer) Run(ctx context.Context) error {
	tick := time.NewTicker(s.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if _, err := s.SealOnce(ctx); err != nil {
				s.Exec.log.Error("dev sealer: batch failed", "err", err)
				return err
			}
		}
	}
}

func encodeTxs(txs types.Transactions) []byte {
	var out []byte
	for _, tx := range txs {
		b, _ := tx.MarshalBinary()
		out = binary.BigEndian.AppendUint32(out, uint32(len(b)))
		out = append(out, b...)
	}
	return out
}
