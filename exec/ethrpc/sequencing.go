package ethrpc

import (
	"context"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Sequencing is what l2_sequencing reports about consensus: the node's
// driver implements it.
type Sequencing interface {
	View() uint64
	Leader(view uint64) common.Address
	LastFinalBatch() (height, view uint64, hash common.Hash)
	Sequencers() []SequencerInfo
	EpochLength() uint64
}

// SequencerInfo is one member of the sequencer set.
type SequencerInfo struct {
	Address common.Address `json:"address"`
	Stake   hexutil.Uint64 `json:"stake"`
}

// SequencingStatus is l2_sequencing's answer.
type SequencingStatus struct {
	View        hexutil.Uint64  `json:"view"`
	Leader      common.Address  `json:"leader"`
	Schedule    []ScheduledView `json:"schedule"` // the current view and the next ones
	Epoch       hexutil.Uint64  `json:"epoch"`
	EpochLength hexutil.Uint64  `json:"epochLength"`
	LastFinal   FinalBatchInfo  `json:"lastFinal"`
	Sequencers  []SequencerInfo `json:"sequencers"`
}

// ScheduledView is one view of the leader schedule.
type ScheduledView struct {
	View   hexutil.Uint64 `json:"view"`
	Leader common.Address `json:"leader"`
}

// FinalBatchInfo names the newest final batch.
type FinalBatchInfo struct {
	Height hexutil.Uint64 `json:"height"`
	View   hexutil.Uint64 `json:"view"`
	Hash   common.Hash    `json:"hash"` // the consensus block hash (not the L2 block hash)
}

var errNoSequencing = errors.New("this node runs no consensus (no sequencer set configured)")

// Sequencing is l2_sequencing: the current view and its leader, the next 16
// leaders, and the last final batch.
func (api *l2API) Sequencing(ctx context.Context) (*SequencingStatus, error) {
	s := api.c.seq
	if s == nil {
		return nil, errNoSequencing
	}
	v := s.View()
	h, fv, hash := s.LastFinalBatch()
	out := &SequencingStatus{
		View: hexutil.Uint64(v), Leader: s.Leader(v),
		EpochLength: hexutil.Uint64(s.EpochLength()), Sequencers: s.Sequencers(),
		LastFinal: FinalBatchInfo{Height: hexutil.Uint64(h), View: hexutil.Uint64(fv), Hash: hash},
	}
	if el := s.EpochLength(); el > 0 {
		out.Epoch = hexutil.Uint64(v / el)
	}
	for i := uint64(0); i < 16; i++ {
		out.Schedule = append(out.Schedule, ScheduledView{View: hexutil.Uint64(v + i), Leader: s.Leader(v + i)})
	}
	return out, nil
}
