package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

// Game phases, as DisputeGame numbers them.
const (
	GameBatchBisection uint8 = iota + 1
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

// Dispute statuses, as DisputeGame numbers them.
const (
	DisputeOpen uint8 = iota + 1
	DisputeChallengerWon
	DisputeDefenderWon
	DisputeVoid
)

// phaseNames name the contract's game phases for status reports.
var phaseNames = [...]string{"none", "batch bisection", "step commitment", "step bisection", "one step", "challenger won", "defender won", "void"}

func nameOf(names []string, i uint8) string {
	if int(i) < len(names) {
		return names[i]
	}
	return fmt.Sprintf("unknown(%d)", i)
}

// rootKey names one submission of a root: a root deleted and submitted
// again is another.
type rootKey struct {
	index, submittedAt uint64
	root               common.Hash
}

// joinable is a dispute this player would defend in, with the number of
// games it has already.
type joinable struct {
	id    uint64
	games int
}

// PlayerStatus is what a player reports of the disputes it takes part in,
// as its last poll read them from L1.
type PlayerStatus struct {
	Address   common.Address `json:"address"`
	L1Time    uint64         `json:"l1Time"` // the L1 head's time at the last poll, which clocks run on
	Disputes  []DisputeView  `json:"disputes"`
	LastError string         `json:"lastError,omitempty"`
}

// DisputeView is one open dispute this player challenges or defends in.
type DisputeView struct {
	ID           uint64     `json:"id"`
	RootIndex    uint64     `json:"rootIndex"`
	Role         string     `json:"role"` // challenger or defender
	JoinDeadline uint64     `json:"joinDeadline"`
	Games        []GameView `json:"games"` // the challenger's: every game; a defender's: its own
}

// GameView is one game of a dispute.
type GameView struct {
	ID              uint64         `json:"id"`
	Defender        common.Address `json:"defender"`
	Phase           string         `json:"phase"`
	Turn            string         `json:"turn"` // defender or challenger
	Batch           uint64         `json:"batch,omitempty"`
	Lo              uint64         `json:"lo"`
	Hi              uint64         `json:"hi"`
	DefenderClock   uint64         `json:"defenderClock"` // seconds left
	ChallengerClock uint64         `json:"challengerClock"`
}

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
	// and differs from this node's state, with the game's bond.
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
// executor computed: it joins as a defender every dispute against a root it
// agrees with (every validator may, within the join window), opens a dispute
// against every root it disagrees with (if Challenge) and plays every game
// of it, makes its side's moves (midpoints, step commitment and proven step
// midpoints as defender; choices as challenger; the step when a prover
// exists), claims the other side's timeout, settles its disputes once their
// window closed with every game won, and withdraws its winnings. It keeps no
// state of its own beyond caches: every poll reads the disputes and games
// from L1, so a restart resumes any game where it stands.
type Player struct {
	cfg   PlayerConfig
	game  *bindings.DisputeGame
	scc   *bindings.StateCommitmentChain
	gameC *bind.BoundContract
	sccC  *bind.BoundContract
	me    common.Address

	firstLive uint64                 // disputes below are decided
	primed    bool                   // the disputes were read once: outcomes seen later are new
	clock     uint64                 // the game's join window and clocks, once read
	bond      *big.Int               // the game's bond, once read
	hasProver *bool                  // whether the game has a one-step prover, once read
	opened    map[rootKey]bool       // roots this player disputed
	stepsOf   map[uint64]*exec.Steps // cache of step roots by batch
	warned    map[uint64]bool        // games at one step without a proof, logged once
	proofs    map[uint64][]byte      // step proofs built, by game (a game's step never changes)
	ended     map[uint64]bool        // games of ours whose outcome is counted
	settled   map[uint64]bool        // disputes of ours whose outcome is logged

	moves   *prometheus.CounterVec
	games   *prometheus.CounterVec
	failing prometheus.Counter

	mu      sync.Mutex
	status  PlayerStatus
	polling []DisputeView // the disputes of the poll under way
	joins   []joinable    // the disputes to join after the poll's reads
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
		opened: map[rootKey]bool{}, stepsOf: map[uint64]*exec.Steps{}, warned: map[uint64]bool{}, ended: map[uint64]bool{},
		proofs: map[uint64][]byte{}, settled: map[uint64]bool{},
		moves: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "l2_dispute_moves_total", Help: "DisputeGame moves this validator made, by kind.",
		}, []string{"move"}),
		games: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "l2_dispute_games_total", Help: "DisputeGames this validator took part in that ended, by outcome for it (won, lost, void).",
		}, []string{"outcome"}),
		failing: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "l2_dispute_move_failures_total", Help: "DisputeGame moves due that could not be built (missing state or outputs), failed to send or reverted.",
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

// Status is the player's view of its open disputes at its last poll.
func (p *Player) Status() PlayerStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.status
	st.Address = p.me
	st.Disputes = append([]DisputeView{}, st.Disputes...)
	return st
}

// Once makes every move due now: new disputes, joins, moves in live games,
// timeouts, settlements and withdrawals.
func (p *Player) Once(ctx context.Context) error {
	var errs []error
	opts := &bind.CallOpts{Context: ctx}
	count, err := bind.Call(p.gameC, opts, p.game.PackDisputeCount(), p.game.UnpackDisputeCount)
	if err != nil {
		return fmt.Errorf("bridge: dispute count: %w", err)
	}
	// NB: the disputes first: after a restart they tell which roots this
	// player disputes already, so it does not open (and bond) a second time.
	if p.firstLive < count.Uint64() {
		if err := p.disputes(ctx, count.Uint64()); err != nil {
			errs = append(errs, err)
		}
	}
	p.primed = true
	if p.cfg.Challenge {
		if err := p.challenge(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := p.withdraw(ctx); err != nil {
		errs = append(errs, err)
	}
	err = errors.Join(errs...)
	p.mu.Lock()
	p.status.LastError = ""
	if err != nil {
		p.status.LastError = err.Error()
	}
	p.mu.Unlock()
	return err
}

// disputes plays every dispute from the first undecided one to count.
func (p *Player) disputes(ctx context.Context, count uint64) error {
	opts := &bind.CallOpts{Context: ctx}
	if p.clock == 0 {
		c, err := bind.Call(p.gameC, opts, p.game.PackClock(), p.game.UnpackClock)
		if err != nil {
			return fmt.Errorf("bridge: game clock: %w", err)
		}
		b, err := bind.Call(p.gameC, opts, p.game.PackBond(), p.game.UnpackBond)
		if err != nil {
			return fmt.Errorf("bridge: game bond: %w", err)
		}
		p.clock, p.bond = c.Uint64(), b
	}
	h, err := p.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("bridge: L1 head: %w", err)
	}
	now := h.Time // the L1 head's time, which clocks run on
	// Whether the chain still uses this game, read once a pass; a failed read
	// proves nothing, so the disputes are then taken as live.
	game, err := bind.Call(p.sccC, opts, p.scc.PackFraudProofGame(), p.scc.UnpackFraudProofGame)
	installed := err != nil || game == p.cfg.Game
	var errs []error
	allDone := true
	p.polling, p.joins = nil, nil
	for id := p.firstLive; id < count; id++ {
		live, err := p.dispute(ctx, id, now, installed)
		if err != nil {
			errs = append(errs, fmt.Errorf("dispute %d: %w", id, err))
		}
		if live || err != nil {
			allDone = false
		} else if allDone {
			p.firstLive = id + 1
		}
	}
	// NB: the disputes with the fewest defenders first: should this
	// validator's L1 funds run short (one bond covers a root, but every game
	// costs gas), the undefended disputes get them before the defended ones.
	slices.SortStableFunc(p.joins, func(a, b joinable) int { return a.games - b.games })
	for _, j := range p.joins {
		did := new(big.Int).SetUint64(j.id)
		// One bond covers every dispute against a root: none is due while
		// this validator's collateral on it stands.
		value := new(big.Int).Set(p.bond)
		if c, err := bind.Call(p.gameC, &bind.CallOpts{Context: ctx}, p.game.PackCollateralOf(did, p.me), p.game.UnpackCollateralOf); err == nil && c.Amount.Sign() > 0 {
			value = nil
		}
		p.cfg.Log.Warn("defending an output root this node agrees with", "dispute", j.id, "defenders", j.games)
		if err := p.send(ctx, "defend", p.game.PackDefend(did), value); err != nil {
			p.failing.Inc()
			errs = append(errs, fmt.Errorf("dispute %d: %w", j.id, err))
		}
	}
	p.mu.Lock()
	p.status.L1Time, p.status.Disputes = now, p.polling
	p.mu.Unlock()
	return errors.Join(errs...)
}

// dispute joins dispute id if this player should defend it, plays its games
// of it, settles it when it is due, and reports whether it is still open.
func (p *Player) dispute(ctx context.Context, id, now uint64, installed bool) (bool, error) {
	did := new(big.Int).SetUint64(id)
	opts := &bind.CallOpts{Context: ctx}
	d, err := bind.Call(p.gameC, opts, p.game.PackGetDispute(did), p.game.UnpackGetDispute)
	if err != nil {
		return true, fmt.Errorf("bridge: read dispute %d: %w", id, err)
	}
	var errs []error
	joined := false
	view := DisputeView{ID: id, RootIndex: d.RootIndex, Role: "challenger", JoinDeadline: d.OpenedAt + p.clock, Games: []GameView{}}
	for _, gid := range d.Games {
		g, err := bind.Call(p.gameC, opts, p.game.PackGetGame(gid), p.game.UnpackGetGame)
		if err != nil {
			return true, fmt.Errorf("bridge: read game %s: %w", gid, err)
		}
		joined = joined || g.Defender == p.me
		if g.Defender != p.me && g.Challenger != p.me {
			continue
		}
		turn := "defender"
		if g.Turn == SideChallenger {
			turn = "challenger"
		}
		view.Games = append(view.Games, GameView{ID: gid.Uint64(), Defender: g.Defender, Phase: nameOf(phaseNames[:], g.Phase), Turn: turn,
			Batch: g.Batch, Lo: g.Lo, Hi: g.Hi, DefenderClock: g.DefenderClock, ChallengerClock: g.ChallengerClock})
		if err := p.play(ctx, gid, g, now); err != nil {
			p.failing.Inc()
			errs = append(errs, fmt.Errorf("game %s: %w", gid, err))
		}
	}
	if d.Status != DisputeOpen {
		if (d.Challenger == p.me || joined) && !p.settled[id] {
			p.settled[id] = true
			outcome := map[uint8]string{DisputeChallengerWon: "the root was deleted", DisputeDefenderWon: "the root stands", DisputeVoid: "void"}[d.Status]
			if p.primed {
				p.cfg.Log.Warn("dispute ended", "dispute", id, "root_index", d.RootIndex, "outcome", outcome, "games", len(d.Games), "lost_by_defenders", d.Lost)
			}
		}
		return false, errors.Join(errs...)
	}
	if d.Challenger == p.me {
		p.opened[rootKey{d.RootIndex, d.RootSubmittedAt, d.OutputRoot}] = true
	}
	if joined {
		view.Role = "defender"
	}
	mine := d.Challenger == p.me || joined
	if mine {
		p.polling = append(p.polling, view)
	}
	r, intact := p.rootOf(ctx, d)
	intact = intact && installed
	windowOpen := now <= d.OpenedAt+p.clock
	err = nil
	switch {
	case !intact && mine:
		// The root was deleted (or replaced) by other means: nothing is
		// decided here any more; cancelling returns the bonds at stake.
		err = p.send(ctx, "cancel", p.game.PackCancel(did), nil)
	case !intact:
	case d.Challenger == p.me && !windowOpen && d.Live == 0:
		// Every defender lost (or none came): the root falls, once no
		// dispute against an earlier root is open.
		ok, cerr := bind.Call(p.gameC, opts, p.game.PackSettleable(did), p.game.UnpackSettleable)
		if cerr == nil && ok {
			err = p.send(ctx, "settle", p.game.PackSettle(did), nil)
		}
	case d.Challenger != p.me && !joined && windowOpen:
		// Ours to defend if we agree with the root and with the root
		// before it: the game's agreed pre-state, which a defender must
		// open. (If that one is wrong, this player disputes it instead.)
		ours, ok := p.rootAt(r.EndBatch)
		pre, okPre := p.rootAt(r.StartBatch - 1)
		if !ok || !okPre || ours != common.Hash(d.OutputRoot) || pre != common.Hash(d.PreRoot) || !p.isValidator(ctx) {
			break
		}
		p.joins = append(p.joins, joinable{id: id, games: len(d.Games)})
	}
	if err != nil {
		p.failing.Inc()
		errs = append(errs, err)
	}
	return true, errors.Join(errs...)
}

// rootOf reads the root dispute d is against, and whether it is still the
// one disputed.
func (p *Player) rootOf(ctx context.Context, d bindings.DisputeGameDispute) (bindings.StateCommitmentChainStateRoot, bool) {
	r, err := bind.Call(p.sccC, &bind.CallOpts{Context: ctx}, p.scc.PackGetRoot(new(big.Int).SetUint64(d.RootIndex)), p.scc.UnpackGetRoot)
	if err != nil && RevertName(err) != "NoRoot" {
		return r, true // a failed read: try again next poll
	}
	return r, err == nil && r.OutputRoot == d.OutputRoot && r.SubmittedAt == d.RootSubmittedAt
}

// isValidator reports whether this player's account holds stake: only
// validators may defend.
func (p *Player) isValidator(ctx context.Context) bool {
	s, err := bind.Call(p.sccC, &bind.CallOpts{Context: ctx}, p.scc.PackStakeOf(p.me), p.scc.UnpackStakeOf)
	return err == nil && s.Sign() > 0
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
	head, err := p.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("bridge: L1 head: %w", err)
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
		if !ok || ours == common.Hash(r.OutputRoot) || p.opened[rootKey{i - 1, r.SubmittedAt, r.OutputRoot}] {
			continue
		}
		if head.Time >= r.FinalizedAt {
			// Past its challenge window (held only by another dispute):
			// it takes no new dispute.
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
			p.failing.Inc()
			return err
		}
		p.opened[rootKey{i - 1, r.SubmittedAt, r.OutputRoot}] = true
	}
	return nil
}

// play makes this player's move in game gid, one of its own, if one is due.
func (p *Player) play(ctx context.Context, gid *big.Int, g bindings.DisputeGameGame, now uint64) error {
	id := gid.Uint64()
	defender, challenger := g.Defender == p.me, g.Challenger == p.me
	if g.Phase < GameBatchBisection || g.Phase > GameOneStep {
		delete(p.proofs, id)
		delete(p.warned, id)
		if !p.ended[id] {
			p.ended[id] = true
			if !p.primed {
				return nil // ended before this process started: counted then, if at all
			}
			outcome := "lost"
			switch {
			case g.Phase == GameVoid:
				outcome = "void"
			case g.Phase == GameDefenderWon && defender, g.Phase == GameChallengerWon && challenger:
				outcome = "won"
			}
			p.games.WithLabelValues(outcome).Inc()
			p.cfg.Log.Warn("dispute game ended", "game", id, "dispute", g.DisputeId, "root_index", g.RootIndex, "outcome", outcome)
		}
		return nil
	}
	if expired(g, now) {
		// The side to move ran out of time: claim the game for ours.
		if (g.Turn == SideDefender && challenger) || (g.Turn == SideChallenger && defender) {
			return p.send(ctx, "timeout", p.game.PackClaimTimeout(gid), nil)
		}
		return nil
	}
	switch {
	case g.Phase == GameOneStep && p.cfg.StepProof != nil && p.proverKnown(ctx):
		// Either side may take the step to the prover (the defender's
		// clock runs meanwhile, so an honest challenger must too).
		// NB: building a proof re-executes the batch up to the step; keep it
		// until the step lands.
		proof, ok := p.proofs[id]
		if !ok {
			var err error
			if proof, err = p.cfg.StepProof(g.Batch, g.Hi, g.StepCount, common.Hash(g.AgreedRoot)); err != nil {
				return err
			}
			p.proofs[id] = proof
		}
		return p.send(ctx, "step", p.game.PackStep(gid, proof), nil)
	case g.Phase == GameOneStep && !p.warned[id]:
		p.warned[id] = true
		p.cfg.Log.Warn("dispute at one step, which no prover here can decide: the clocks will", "game", id, "batch", g.Batch, "step", g.Hi)
	case defender && g.Turn == SideDefender:
		return p.defenderMove(ctx, gid, g)
	case challenger && g.Turn == SideChallenger:
		return p.challengerMove(ctx, gid, g)
	}
	return nil
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
	if err := p.send(ctx, "withdraw", p.game.PackWithdraw(), nil); err != nil {
		p.failing.Inc()
		return err
	}
	return nil
}

// send makes one move; gas is estimated with the Sender's margin. The
// caller counts a failure.
func (p *Player) send(ctx context.Context, kind string, data []byte, value *big.Int) error {
	if _, err := p.cfg.Sender.Send(ctx, p.cfg.Game, data, value, 0); err != nil {
		if name := RevertName(err); name != "" {
			return fmt.Errorf("bridge: dispute move %s reverts with %s: %w", kind, name, err)
		}
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
