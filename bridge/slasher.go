package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/sequencing"
)

// SlasherConfig configures NewSlasher.
type SlasherConfig struct {
	L1        L1
	Sender    *Sender
	Registry  common.Address
	L2ChainID uint64
	// Evidence lists the equivocation evidence the node has verified and
	// stored (sequencing.Driver.StoredEvidence).
	Evidence   func() ([]sequencing.EraEvidence, error)
	Poll       time.Duration
	Log        *slog.Logger
	Registerer prometheus.Registerer
}

// Slasher carries equivocation evidence to L1: for every stored piece whose
// signer still holds a stake in the SequencerRegistry it sends slash(); the
// reporter's share of the stake goes to the sender's address. It reads the
// registry before each submission, so restarts and several relayers are
// harmless: a signer slashed once (by anyone) is never submitted again.
type Slasher struct {
	cfg  SlasherConfig
	reg  *bindings.SequencerRegistry
	done map[common.Address]bool // signers no longer staked

	submitted prometheus.Counter
	failed    prometheus.Counter
}

// NewSlasher checks cfg and registers the slasher's metrics.
func NewSlasher(cfg SlasherConfig) (*Slasher, error) {
	if cfg.L1 == nil || cfg.Sender == nil || cfg.Registry == (common.Address{}) || cfg.Evidence == nil {
		return nil, errors.New("bridge: slasher needs an L1, a sender, the registry and an evidence source")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Slasher{
		cfg: cfg, reg: bindings.NewSequencerRegistry(), done: map[common.Address]bool{},
		submitted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "l2_bridge_slashings_submitted_total", Help: "Equivocation evidence this relayer submitted to the SequencerRegistry and that slashed its signer.",
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "l2_bridge_slashings_failed_total", Help: "Slashing submissions that failed or reverted.",
		}),
	}
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{s.submitted, s.failed} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("bridge: slasher metrics: %w", err)
			}
		}
	}
	return s, nil
}

// Run submits evidence every Poll until ctx ends.
func (s *Slasher) Run(ctx context.Context) error {
	pollEvery(ctx, s.cfg.Poll, func() {
		if _, err := s.Once(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Warn("submitting equivocation evidence failed", "err", err)
		}
	})
	return nil
}

// Once submits what is stored and not yet slashed, and returns the signers
// it slashed.
func (s *Slasher) Once(ctx context.Context) ([]common.Address, error) {
	evs, err := s.cfg.Evidence()
	if err != nil {
		return nil, err
	}
	var slashed []common.Address
	var errs []error
	for _, ev := range evs {
		signer := ev.Evidence.Signer
		if s.done[signer] {
			continue
		}
		staked, err := s.staked(ctx, signer)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !staked {
			s.done[signer] = true
			continue
		}
		arg, err := SlashEvidence(ev.Evidence, s.cfg.L2ChainID, ev.Era)
		if err != nil {
			s.done[signer] = true // it can never become valid
			s.cfg.Log.Warn("stored evidence does not fit the registry", "signer", signer, "err", err)
			continue
		}
		rec, err := s.cfg.Sender.Send(ctx, s.cfg.Registry, s.reg.PackSlash(arg), nil, 0)
		if err != nil {
			if r, ok := AsRevert(err); ok && (r.Name == "NotStaked" || r.Name == "SequencerSlashed") {
				s.done[signer] = true // another reporter was first
				continue
			}
			s.failed.Inc()
			errs = append(errs, fmt.Errorf("bridge: slash %s for view %d: %w", signer, ev.Evidence.View, err))
			continue
		}
		s.done[signer] = true
		s.submitted.Inc()
		slashed = append(slashed, signer)
		s.cfg.Log.Warn("sequencer slashed on L1 for equivocation", "signer", signer, "era", ev.Era, "view", ev.Evidence.View,
			"kind", ev.Evidence.Kind, "l1_tx", rec.TxHash)
	}
	return slashed, errors.Join(errs...)
}

// staked reports whether signer still holds a stake in the registry.
func (s *Slasher) staked(ctx context.Context, signer common.Address) (bool, error) {
	c := s.reg.Instance(s.cfg.L1, s.cfg.Registry)
	out, err := bind.Call(c, &bind.CallOpts{Context: ctx}, s.reg.PackSequencer(signer), s.reg.UnpackSequencer)
	if err != nil {
		return false, fmt.Errorf("bridge: registry stake of %s: %w", signer, err)
	}
	return out.Stake.Sign() > 0, nil
}
