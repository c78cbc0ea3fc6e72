package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

// Game phases and sides, as DisputeGame numbers them.
const (
	GameAwaitingDefender uint8 = iota + 1
	GameBatchBisection
	GameStepCommitment
	GameStepBisection
	GameOneStep
	GameChallengerWon
	GameDefenderWon
	GameVoid
)

// Sides of a game.
const (
	SideDefender uint8 = iota
	SideChallenger
)

// PlayerL2 is what a player needs of its own L2 execution: the output
// after every batch it executed (0: the genesis) and a batch's step roots.
type PlayerL2 interface {
	Head() uint64
	Output(n uint64) (Output, bool)
	StepRoots(n uint64) (*exec.Steps, error)
}

// PlayerConfig configures NewPlayer.
type PlayerConfig struct {
	L1                   L1
	Sender               *Sender // a validator's: only validators may defend
	Game                 common.Address
	StateCommitmentChain common.Address
	L2                   PlayerL2
	// Challenge opens a dispute against every root on L1 that is not final
	// and differs from this node's state, with the game's minimum bond.
	Challenge bool
	// StepProof builds the one-step proof (OneStepProver's proof bytes)
	// of step `step` of batch `batch` from its pre-root, for a game whose
	// step commitment counts stepCount steps; nil when the game has no
	// prover, and then a game at one step is decided by its clocks.
	StepProof  func(batch, step, stepCount uint64, pre common.Hash) ([]byte, error)
	Poll       time.Duration
	Log        *slog.Logger
	Registerer prometheus.Registerer
}

// Player plays the DisputeGame for a validator, from the state roots its own
// executor computed: it defends every disputed root it agrees with, opens a
// dispute against every root it disagrees with (if Challenge), makes its
// side's moves (midpoints, step commitment and proven step midpoints as
// defender; choices as challenger; the step when a prover exists), claims
// the other side's timeout, and withdraws its winnings. It keeps no state of
// its own beyond caches: every poll reads the games from L1, so a restart
// resumes any game where it stands.
type Player struct {
	cfg   PlayerConfig
	game  *bindings.DisputeGame
	scc   *bindings.StateCommitmentChain
	gameC *bind.BoundContract
	sccC  *bind.BoundContract
	me    common.Address

	firstLive uint64                 // games below are resolved
	hasProver *bool                  // whether the game has a one-step prover, once read
	opened    map[common.Hash]bool   // roots this player disputed
	stepsOf   map[uint64]*exec.Steps // cache of step roots by batch
	warned    map[uint64]bool        // games at one step without a proof, logged once
	proofs    map[uint64][]byte      // step proofs built, by game (a game's step never changes)
	ended     map[uint64]bool        // games of ours whose outcome is counted

	moves   *prometheus.CounterVec
	games   *prometheus.CounterVec
	failing prometheus.Counter
}

// NewPlayer checks cfg and registers the player's metrics.
func NewPlayer(cfg PlayerConfig) (*Player, error) {
	if cfg.L1 == nil || cfg.Sender == nil || cfg.Game == (common.Address{}) || cfg.StateCommitmentChain == (common.Address{}) || cfg.L2 == nil {
		return nil, errors.New("bridge: dispute player needs an L1, a sender, the game, the StateCommitmentChain and the L2")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	p := &Player{
		cfg: cfg, game: bindings.NewDisputeGame(), scc: bindings.NewStateCommitmentChain(), me: cfg.Sender.Address(),
		opened: map[common.Hash]bool{}, stepsOf: map[uint64]*exec.Steps{}, warned: map[uint64]bool{}, ended: map[uint64]bool{},
		proofs: map[uint64][]byte{},
		moves: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "l2_dispute_moves_total", Help: "DisputeGame moves this validator made, by kind.",
		}, []string{"move"}),
		games: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "l2_dispute_games_total", Help: "DisputeGames this validator took part in that ended, by outcome for it (won, lost, void).",
		}, []string{"outcome"}),
		failing: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "l2_dispute_move_failures_total", Help: "DisputeGame moves that failed to send or reverted.",
		}),
	}
	p.gameC = p.game.Instance(cfg.L1, cfg.Game)
	p.sccC = p.scc.Instance(cfg.L1, cfg.StateCommitmentChain)
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{p.moves, p.games, p.failing} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("bridge: dispute player metrics: %w", err)
			}
		}
	}
	return p, nil
}

// Run plays every Poll until ctx ends.
func (p *Player) Run(ctx context.Context) error {
	pollEvery(ctx, p.cfg.Poll, func() {
		if err := p.Once(ctx); err != nil && ctx.Err() == nil {
			p.cfg.Log.Warn("dispute game", "err", err)
		}
	})
	return nil
}

// Once makes every move due now: new disputes, moves in live games,
// timeouts and withdrawals.
func (p *Player) Once(ctx context.Context) error {
	var errs []error
	if p.cfg.Challenge {
		if err := p.challenge(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	count, err := bind.Call(p.gameC, &bind.CallOpts{Context: ctx}, p.game.PackGameCount(), p.game.UnpackGameCount)
	if err != nil {
		return fmt.Errorf("bridge: game count: %w", err)
	}
	allDone := true
	var now uint64 // the L1 head's time, which clocks run on
	if p.firstLive < count.Uint64() {
		h, err := p.cfg.L1.HeaderByNumber(ctx, nil)
		if err != nil {
			return fmt.Errorf("bridge: L1 head: %w", err)
		}
		now = h.Time
	}
	for id := p.firstLive; id < count.Uint64(); id++ {
		live, err := p.play(ctx, id, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("game %d: %w", id, err))
		}
		if live || err != nil {
			allDone = false
		} else if allDone {
			p.firstLive = id + 1
		}
	}
	if err := p.withdraw(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// outputAt is this node's output after batch n, if it executed it.
func (p *Player) outputAt(n uint64) (Output, bool) {
	if n > p.cfg.L2.Head() {
		return Output{}, false
	}
	return p.cfg.L2.Output(n)
}

// rootAt is this node's output root after batch n, if it executed it.
func (p *Player) rootAt(n uint64) (common.Hash, bool) {
	o, ok := p.outputAt(n)
	if !ok {
		return common.Hash{}, false
	}
	return o.Root(), true
}

// steps are batch n's step roots, cached.
func (p *Player) steps(n uint64) (*exec.Steps, error) {
	if s, ok := p.stepsOf[n]; ok {
		return s, nil
	}
	s, err := p.cfg.L2.StepRoots(n)
	if err != nil {
		return nil, err
	}
	if len(p.stepsOf) > 64 {
		clear(p.stepsOf)
	}
	p.stepsOf[n] = s
	return s, nil
}

// leaf is the state root after step i of batch n (0: before it).
func (p *Player) leaf(n, i uint64) (common.Hash, []common.Hash, error) {
	s, err := p.steps(n)
	if err != nil {
		return common.Hash{}, nil, err
	}
	if i > uint64(len(s.Roots)) {
		return common.Hash{}, nil, fmt.Errorf("step %d of batch %d, which has %d", i, n, len(s.Roots))
	}
	proof, err := s.Proof(int(i))
	if err != nil {
		return common.Hash{}, nil, err
	}
	if i == 0 {
		return s.Pre, proof, nil
	}
	return s.Roots[i-1], proof, nil
}

// challenge opens a dispute against each root on L1 that is not final and
// differs from this node's root after the same batch.
func (p *Player) challenge(ctx context.Context) error {
	opts := &bind.CallOpts{Context: ctx}
	n, err := bind.Call(p.sccC, opts, p.scc.PackRootCount(), p.scc.UnpackRootCount)
	if err != nil {
		return fmt.Errorf("bridge: root count: %w", err)
	}
	for i := n.Uint64(); i > 0; i-- {
		idx := new(big.Int).SetUint64(i - 1)
		final, err := bind.Call(p.sccC, opts, p.scc.PackIsFinalized(idx), p.scc.UnpackIsFinalized)
		if err != nil {
			return err
		}
		if final {
			return nil // every earlier root is final too
		}
		r, err := bind.Call(p.sccC, opts, p.scc.PackGetRoot(idx), p.scc.UnpackGetRoot)
		if err != nil {
			return err
		}
		ours, ok := p.rootAt(r.EndBatch)
		if !ok || ours == common.Hash(r.OutputRoot) || p.opened[r.OutputRoot] {
			continue
		}
		// Only the first wrong root needs a game: deleting it deletes the
		// later ones. Skip this one if an earlier root is wrong too.
		if prev, ok := p.rootAt(r.StartBatch - 1); ok && i > 1 {
			pr, err := bind.Call(p.sccC, opts, p.scc.PackGetRoot(new(big.Int).SetUint64(i-2)), p.scc.UnpackGetRoot)
			if err == nil && common.Hash(pr.OutputRoot) != prev {
				continue
			}
		}
		bond, err := bind.Call(p.gameC, opts, p.game.PackBond(), p.game.UnpackBond)
		if err != nil {
			return err
		}
		p.cfg.Log.Warn("disputing an output root on L1 that differs from this node's state", "index", i-1,
			"batches", fmt.Sprintf("%d-%d", r.StartBatch, r.EndBatch), "l1_root", common.Hash(r.OutputRoot), "ours", ours)
		if err := p.send(ctx, "open", p.game.PackOpen(idx, ours), bond); err != nil {
			return err
		}
		p.opened[r.OutputRoot] = true
	}
	return nil
}

// play makes this player's move in game id, if one is due, and reports
// whether the game is still undecided.
func (p *Player) play(ctx context.Context, id, now uint64) (bool, error) {
	gid := new(big.Int).SetUint64(id)
	g, err := bind.Call(p.gameC, &bind.CallOpts{Context: ctx}, p.game.PackGetGame(gid), p.game.UnpackGetGame)
	if err != nil {
		return true, fmt.Errorf("bridge: read game %d: %w", id, err)
	}
	defender, challenger := g.Defender == p.me, g.Challenger == p.me
	if g.Phase < GameAwaitingDefender || g.Phase > GameOneStep {
		delete(p.proofs, id)
		if (defender || challenger) && !p.ended[id] {
			p.ended[id] = true
			outcome := "lost"
			switch {
			case g.Phase == GameVoid:
				outcome = "void"
			case g.Phase == GameDefenderWon && defender, g.Phase == GameChallengerWon && challenger:
				outcome = "won"
			}
			p.games.WithLabelValues(outcome).Inc()
			p.cfg.Log.Warn("dispute game ended", "game", id, "root_index", g.RootIndex, "outcome", outcome)
		}
		return false, nil
	}
	if expired(g, now) {
		// The side to move ran out of time: claim the game for ours.
		if (g.Turn == SideDefender && challenger) || (g.Turn == SideChallenger && defender) {
			return false, p.send(ctx, "timeout", p.game.PackClaimTimeout(gid), nil)
		}
		return true, nil
	}
	switch {
	case g.Phase == GameAwaitingDefender && !challenger:
		ours, ok := p.rootAt(g.Hi)
		if !ok || ours != common.Hash(g.OutputRoot) {
			return true, nil // not ours to defend: we disagree, or have not executed that far
		}
		p.cfg.Log.Warn("defending an output root this node agrees with", "game", id, "root_index", g.RootIndex)
		return true, p.send(ctx, "defend", p.game.PackDefend(gid), new(big.Int).Set(g.BondEach))
	case g.Phase == GameOneStep && (defender || challenger) && p.cfg.StepProof != nil && p.proverKnown(ctx):
		// Either side may take the step to the prover (the defender's
		// clock runs meanwhile, so an honest challenger must too).
		// NB: building a proof re-executes the batch up to the step; keep it
		// until the step lands.
		proof, ok := p.proofs[id]
		if !ok {
			var err error
			if proof, err = p.cfg.StepProof(g.Batch, g.Hi, g.StepCount, common.Hash(g.AgreedRoot)); err != nil {
				return true, err
			}
			p.proofs[id] = proof
		}
		return true, p.send(ctx, "step", p.game.PackStep(gid, proof), nil)
	case g.Phase == GameOneStep && (defender || challenger) && !p.warned[id]:
		p.warned[id] = true
		p.cfg.Log.Warn("dispute at one step, which no prover here can decide: the clocks will", "game", id, "batch", g.Batch, "step", g.Hi)
	case defender && g.Turn == SideDefender:
		return true, p.defenderMove(ctx, gid, g)
	case challenger && g.Turn == SideChallenger:
		return true, p.challengerMove(ctx, gid, g)
	}
	return true, nil
}

// proverKnown reports whether the game has a one-step prover, reading it
// from L1 the first time.
func (p *Player) proverKnown(ctx context.Context) bool {
	if p.hasProver == nil {
		a, err := bind.Call(p.gameC, &bind.CallOpts{Context: ctx}, p.game.PackProver(), p.game.UnpackProver)
		if err != nil {
			return false
		}
		has := a != (common.Address{})
		p.hasProver = &has
	}
	return *p.hasProver
}

func (p *Player) defenderMove(ctx context.Context, gid *big.Int, g bindings.DisputeGameGame) error {
	mid := (g.Lo + g.Hi) / 2
	switch g.Phase {
	case GameBatchBisection:
		root, ok := p.rootAt(mid)
		if !ok {
			return fmt.Errorf("no output after batch %d here", mid)
		}
		return p.send(ctx, "bisect", p.game.PackBisect(gid, root, nil), nil)
	case GameStepCommitment:
		s, err := p.steps(g.Batch)
		if err != nil {
			return err
		}
		before, ok1 := p.outputAt(g.Batch - 1)
		after, ok2 := p.outputAt(g.Batch)
		if !ok1 || !ok2 {
			return fmt.Errorf("no outputs around batch %d here", g.Batch)
		}
		pre, err := s.Proof(0)
		if err != nil {
			return err
		}
		post, err := s.Proof(len(s.Roots))
		if err != nil {
			return err
		}
		return p.send(ctx, "commit", p.game.PackCommitSteps(gid, big.NewInt(int64(len(s.Roots))), s.Root(),
			gameOutput(before), gameOutput(after), toBytes32(pre), toBytes32(post)), nil)
	case GameStepBisection:
		root, proof, err := p.leaf(g.Batch, mid)
		if err != nil {
			return err
		}
		return p.send(ctx, "bisect", p.game.PackBisect(gid, root, toBytes32(proof)), nil)
	}
	return nil
}

func (p *Player) challengerMove(ctx context.Context, gid *big.Int, g bindings.DisputeGameGame) error {
	if g.Phase != GameBatchBisection && g.Phase != GameStepBisection {
		return nil
	}
	mid := (g.Lo + g.Hi) / 2
	var ours common.Hash
	if g.Phase == GameBatchBisection {
		r, ok := p.rootAt(mid)
		if !ok {
			return fmt.Errorf("no output after batch %d here", mid)
		}
		ours = r
	} else {
		s, err := p.steps(g.Batch)
		if err != nil {
			return err
		}
		if mid > uint64(len(s.Roots)) {
			// The defender counts more steps than the batch has: no
			// claim past its end is true.
			return p.send(ctx, "disagree", p.game.PackDisagree(gid), nil)
		}
		r, _, err := p.leaf(g.Batch, mid)
		if err != nil {
			return err
		}
		ours = r
	}
	if ours == common.Hash(g.PendingMid) {
		return p.send(ctx, "agree", p.game.PackAgree(gid), nil)
	}
	return p.send(ctx, "disagree", p.game.PackDisagree(gid), nil)
}

// expired reports whether the side to move has run out of time at L1 time
// now.
func expired(g bindings.DisputeGameGame, now uint64) bool {
	left := g.DefenderClock
	if g.Turn == SideChallenger {
		left = g.ChallengerClock
	}
	return now > g.TurnStart+left
}

// withdraw pulls this player's credits from games it won or that were void.
func (p *Player) withdraw(ctx context.Context) error {
	c, err := bind.Call(p.gameC, &bind.CallOpts{Context: ctx}, p.game.PackCredits(p.me), p.game.UnpackCredits)
	if err != nil || c.Sign() == 0 {
		return err
	}
	p.cfg.Log.Info("withdrawing dispute winnings", "wei", c)
	return p.send(ctx, "withdraw", p.game.PackWithdraw(), nil)
}

// send makes one move; gas is estimated with the Sender's margin.
func (p *Player) send(ctx context.Context, kind string, data []byte, value *big.Int) error {
	if _, err := p.cfg.Sender.Send(ctx, p.cfg.Game, data, value, 0); err != nil {
		p.failing.Inc()
		return fmt.Errorf("bridge: dispute move %s: %w", kind, err)
	}
	p.moves.WithLabelValues(kind).Inc()
	return nil
}

func gameOutput(o Output) bindings.DisputeGameOutput {
	return bindings.DisputeGameOutput{StateRoot: o.StateRoot, BlockHash: o.BlockHash}
}

func toBytes32(hs []common.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}
