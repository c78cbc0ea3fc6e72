package bridge

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/exec"
)

// PlayerL2 over a test view of the L2.
func (v *l2View) Head() uint64 { return uint64(len(v.roots) - 1) }

func (v *l2View) Output(n uint64) (Output, bool) {
	if n >= uint64(len(v.roots)) {
		return Output{}, false
	}
	return v.output(n), true
}

func (v *l2View) StepRoots(n uint64) (*exec.Steps, error) { return v.steps[n], nil }

// newPlayer is a validator's player over view, proving steps with the test
// prover (which answers from registered transitions, so the proof is empty).
func newPlayer(t *testing.T, a *arena, key *ecdsa.PrivateKey, view *l2View, challenge bool) *Player {
	t.Helper()
	snd, err := NewSender(a.ctx, SenderConfig{L1: a.l1, Key: key, BumpAfter: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlayer(PlayerConfig{
		L1: a.l1, Sender: snd, Game: a.game, StateCommitmentChain: a.addrs.StateCommitmentChain, L2: view, Challenge: challenge,
		StepProof: func(uint64, uint64, uint64, common.Hash) ([]byte, error) { return []byte{}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// drive runs the player and, on the other side, the arena's liar until the
// game ends or `rounds` rounds pass; the liar plays from view as the side
// given. At one step the test prover is told the honest transition.
func drive(t *testing.T, a *arena, p *Player, id *big.Int, liarSide uint8, liar, honest *l2View, rounds int) gameState {
	t.Helper()
	for range rounds {
		if s := a.state(id); s.Phase == phaseOneStep && a.proverKind == oneStepProver && s.Hi > 0 {
			a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", new(big.Int).SetUint64(s.Batch), new(big.Int).SetUint64(s.Hi),
				honest.leaf(s.Batch, s.Hi-1), honest.leaf(s.Batch, s.Hi)))
		}
		if err := p.Once(a.ctx); err != nil {
			t.Fatal(err)
		}
		s := a.state(id)
		if s.Phase > phaseOneStep {
			return s
		}
		mid := (s.Lo + s.Hi) / 2
		switch {
		case s.Phase == phaseOneStep:
		case s.Turn != liarSide:
		case s.Phase == phaseAwaitingDefender:
			a.move("defend", a.defender, gameBond, "defend", id)
		case s.Phase == phaseBatchBisection && liarSide == sideDefender:
			a.move("bisect batches", a.defender, nil, "bisect", id, liar.out(mid), []common.Hash{})
		case s.Phase == phaseStepCommitment:
			a.commitSteps(id, liar, s.Batch)
		case s.Phase == phaseStepBisection && liarSide == sideDefender:
			a.move("bisect steps", a.defender, nil, "bisect", id, liar.leaf(s.Batch, mid), stepProof(t, liar.steps[s.Batch], int(mid)))
		case s.Phase == phaseBatchBisection:
			a.choose(id, liar.out(mid) == common.Hash(s.PendingMid))
		case s.Phase == phaseStepBisection:
			a.choose(id, liar.leaf(s.Batch, mid) == common.Hash(s.PendingMid))
		}
	}
	return a.state(id)
}

// TestPlayerDefends: a validator's player defends a correct root against a
// lying challenger, plays every defender move from its own step roots, takes
// the step to the prover, wins and withdraws both bonds less the burn.
func TestPlayerDefends(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	key := a.validators[1]
	p := newPlayer(t, a, key, honest, true)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if n := a.call("gameCount")[0].(*big.Int); n.Sign() != 0 {
		t.Fatalf("the player opened %d games against roots it agrees with", n)
	}
	id := a.open(1, liar.out(6))
	before := a.balance(addr(key))
	s := drive(t, a, p, id, sideChallenger, liar, honest, 60)
	if s.Phase != phaseDefenderWon || s.Defender != addr(key) {
		t.Fatalf("phase %d, defender %s: want the player to defend and win", s.Phase, s.Defender)
	}
	if s.Batch != lieBatch {
		t.Fatalf("decided at batch %d, want %d", s.Batch, lieBatch)
	}
	if err := p.Once(a.ctx); err != nil { // withdraws
		t.Fatal(err)
	}
	if c := a.credits(addr(key)); c.Sign() != 0 {
		t.Fatalf("%s credits left", c)
	}
	gained := new(big.Int).Sub(a.balance(addr(key)), before)
	if gained.Cmp(new(big.Int).Sub(gameBond, burnOfBond())) > 0 || gained.Cmp(new(big.Int).Div(gameBond, big.NewInt(2))) < 0 {
		t.Fatalf("the player gained %s wei, want about the challenger's bond less the burn (%s) less gas", gained, new(big.Int).Sub(gameBond, burnOfBond()))
	}
	if n := a.rootCount(); n != 3 {
		t.Fatalf("%d roots, want 3", n)
	}
}

// TestPlayerChallenges: the player finds a committed root that differs from
// its state, opens a dispute against the first wrong one only, plays the
// challenger's choices against a lying defender, wins at the step, and the
// root and its successors are deleted.
func TestPlayerChallenges(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, liar) // roots 1 and 2 are wrong
	key := a.validators[1]
	p := newPlayer(t, a, key, honest, true)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if n := a.call("gameCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d games opened, want one against root 1", n)
	}
	id := big.NewInt(0)
	if s := a.state(id); s.Challenger != addr(key) || s.RootIndex != 1 || common.Hash(s.ClaimedRoot) != honest.out(6) {
		t.Fatalf("game against root %d by %s claiming %x", s.RootIndex, s.Challenger, s.ClaimedRoot)
	}
	s := drive(t, a, p, id, sideDefender, liar, honest, 60)
	if s.Phase != phaseChallengerWon {
		t.Fatalf("phase %d, want ChallengerWon", s.Phase)
	}
	if n := a.rootCount(); n != 1 {
		t.Fatalf("%d roots after the win, want root 0 alone", n)
	}
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if c := a.credits(addr(key)); c.Sign() != 0 {
		t.Fatalf("%s credits left", c)
	}
	if n := a.call("gameCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d games after the win, want no new one", n)
	}
}

// TestPlayerClaimsTimeout: a challenger that stops answering loses on time;
// the player claims it. Without a step proof the player leaves the step to
// the clocks.
func TestPlayerClaimsTimeout(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), "")
	commitRoots(a, honest)
	p := newPlayer(t, a, a.validators[1], honest, false)
	p.cfg.StepProof = nil
	id := a.open(1, lie(honest.out(6)))
	for range 2 { // defend, then bisect
		if err := p.Once(a.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if s := a.state(id); s.Phase != phaseBatchBisection || s.Turn != sideChallenger {
		t.Fatalf("phase %d turn %d, want the challenger to choose", s.Phase, s.Turn)
	}
	if err := p.Once(a.ctx); err != nil { // nothing due
		t.Fatal(err)
	}
	a.AdjustTimeOrFatal(gameClock + 2*time.Second)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if s := a.state(id); s.Phase != phaseDefenderWon {
		t.Fatalf("phase %d, want DefenderWon by timeout", s.Phase)
	}
}
