package bridge

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus/testutil"

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

// drive runs the player and, on the other side, the arena's liar until
// dispute d ends or `rounds` rounds pass; the liar plays from view as the
// side given (as the defender, it joins first). At one step the test prover
// is told the honest transition. Once the dispute's one game is decided
// with the dispute still open, time moves past the join window. It returns
// the game and the dispute as they end.
func drive(t *testing.T, a *arena, p *Player, d *big.Int, liarSide uint8, liar, honest *l2View, rounds int) (gameState, disputeState) {
	t.Helper()
	game := func() (gameState, *big.Int, bool) {
		ds := a.dispute(d)
		if len(ds.Games) == 0 {
			return gameState{}, nil, false
		}
		return a.state(ds.Games[0]), ds.Games[0], true
	}
	for range rounds {
		if s, _, ok := game(); ok && s.Phase == phaseOneStep && a.proverKind == oneStepProver && s.Hi > 0 {
			a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", new(big.Int).SetUint64(s.Batch), new(big.Int).SetUint64(s.Hi),
				honest.leaf(s.Batch, s.Hi-1), honest.leaf(s.Batch, s.Hi)))
		}
		if err := p.Once(a.ctx); err != nil {
			t.Fatal(err)
		}
		s, id, ok := game()
		if ds := a.dispute(d); ds.Status != disputeOpen {
			return s, ds
		}
		if !ok {
			if liarSide == sideDefender {
				a.defend(d, a.defender)
			}
			continue
		}
		if s.Phase > phaseOneStep {
			a.AdjustTimeOrFatal(gameClock + time.Second)
			continue
		}
		mid := (s.Lo + s.Hi) / 2
		switch {
		case s.Phase == phaseOneStep:
		case s.Turn != liarSide:
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
	s, _, _ := game()
	return s, a.dispute(d)
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
	if n := a.call("disputeCount")[0].(*big.Int); n.Sign() != 0 {
		t.Fatalf("the player opened %d disputes against roots it agrees with", n)
	}
	d := a.open(1, liar.out(6))
	before := a.balance(addr(key))
	s, ds := drive(t, a, p, d, sideChallenger, liar, honest, 60)
	if s.Phase != phaseDefenderWon || s.Defender != addr(key) || ds.Status != disputeDefenderWon {
		t.Fatalf("phase %d, defender %s, dispute %d: want the player to defend and win", s.Phase, s.Defender, ds.Status)
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
	if n := a.call("disputeCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d disputes opened, want one against root 1", n)
	}
	d := big.NewInt(0)
	if s := a.dispute(d); s.Challenger != addr(key) || s.RootIndex != 1 || common.Hash(s.ClaimedRoot) != honest.out(6) {
		t.Fatalf("dispute against root %d by %s claiming %x", s.RootIndex, s.Challenger, s.ClaimedRoot)
	}
	// A restarted player finds its open dispute on L1 and does not open
	// (and bond) a second one.
	p = newPlayer(t, a, key, honest, true)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if n := a.call("disputeCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d disputes after a restart, want the one", n)
	}
	s, ds := drive(t, a, p, d, sideDefender, liar, honest, 60)
	if s.Phase != phaseChallengerWon || ds.Status != disputeChallengerWon {
		t.Fatalf("phase %d, dispute %d: want the player to win and settle", s.Phase, ds.Status)
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
	if n := a.call("disputeCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d disputes after the win, want no new one", n)
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
	d := a.open(1, lie(honest.out(6)))
	for range 2 { // defend, then bisect
		if err := p.Once(a.ctx); err != nil {
			t.Fatal(err)
		}
	}
	id := big.NewInt(0)
	if s := a.state(id); s.Phase != phaseBatchBisection || s.Turn != sideChallenger {
		t.Fatalf("phase %d turn %d, want the challenger to choose", s.Phase, s.Turn)
	}
	if err := p.Once(a.ctx); err != nil { // nothing due
		t.Fatal(err)
	}
	if st := p.Status(); len(st.Disputes) != 1 || st.Disputes[0].Role != "defender" || len(st.Disputes[0].Games) != 1 ||
		st.Disputes[0].Games[0].Phase != "batch bisection" || st.Disputes[0].Games[0].Turn != "challenger" || st.Address != addr(a.validators[1]) {
		t.Fatalf("player status %+v, want its one game in batch bisection, the challenger to move", st)
	}
	a.AdjustTimeOrFatal(gameClock + 2*time.Second)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if s, ds := a.state(id), a.dispute(d); s.Phase != phaseDefenderWon || ds.Status != disputeDefenderWon {
		t.Fatalf("phase %d, dispute %d, want DefenderWon by timeout", s.Phase, ds.Status)
	}
}

// TestPlayerDefendsOnlyOnItsPreRoot: a correct root on top of a wrong one
// cannot be defended (its pre-state does not open), so the player does not
// bond in its dispute; it disputes the wrong root before it instead.
func TestPlayerDefendsOnlyOnItsPreRoot(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	a.submitRoot(1, 2, honest.out(2))
	a.submitRoot(3, 6, liar.out(6))   // wrong
	a.submitRoot(7, 7, honest.out(7)) // right, on top of the wrong one
	d := a.open(2, lie(honest.out(7)))
	key := a.validators[1]
	p := newPlayer(t, a, key, honest, true)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if g := a.dispute(d).Games; len(g) != 0 {
		t.Fatalf("the player joined the dispute against root 2 (%d games)", len(g))
	}
	if n := a.call("disputeCount")[0].(*big.Int); n.Int64() != 2 {
		t.Fatalf("%d disputes, want the player's against root 1 too", n)
	}
	if s := a.dispute(big.NewInt(1)); s.Challenger != addr(key) || s.RootIndex != 1 {
		t.Fatalf("dispute 1 by %s against root %d, want the player's against root 1", s.Challenger, s.RootIndex)
	}
}

// TestPlayerCancelsWhenTheGameIsUninstalled: a dispute the chain can no
// longer act on (here the owner installed another game) is cancelled by the
// player in it, and its bond comes back.
func TestPlayerCancelsWhenTheGameIsUninstalled(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	d := a.open(1, lie(honest.out(6)))
	key := a.validators[1]
	p := newPlayer(t, a, key, honest, false)
	if err := p.Once(a.ctx); err != nil { // defends
		t.Fatal(err)
	}
	if g := a.dispute(d).Games; len(g) != 1 {
		t.Fatalf("%d games, want the player's", len(g))
	}
	owner := testKey("owner")
	a.transfer(a.user, addr(owner), ether(1))
	a.ok(owner, a.sccC, nil, a.scc.PackSetFraudProofGame(addr(a.user)))
	before := a.balance(addr(key))
	for range 2 { // cancels, then withdraws
		if err := p.Once(a.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if s := a.dispute(d); s.Status != disputeVoid {
		t.Fatalf("dispute status %d, want Void", s.Status)
	}
	if got := new(big.Int).Sub(a.balance(addr(key)), before); got.Cmp(new(big.Int).Div(gameBond, big.NewInt(2))) < 0 {
		t.Fatalf("the player got %s wei back, want its bond less gas", got)
	}
}

// TestPlayerLeavesRootsPastTheirWindow: a wrong root past its challenge
// window, held only by another's dispute, takes no new dispute; the player
// does not try (a revert every poll would count as a failure).
func TestPlayerLeavesRootsPastTheirWindow(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, liar)
	a.open(1, honest.out(6)) // somebody else's dispute holds roots 1 and 2
	a.AdjustTimeOrFatal(101 * time.Second)
	p := newPlayer(t, a, a.validators[1], honest, true)
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	if n := a.call("disputeCount")[0].(*big.Int); n.Int64() != 1 {
		t.Fatalf("%d disputes, want none opened past the window", n)
	}
	if f := testutil.ToFloat64(p.failing); f != 0 {
		t.Fatalf("%v failed moves", f)
	}
}

// TestPlayerDefendsManyDisputesOnOneBond: the player joins every dispute
// against a root it agrees with, bonding once.
func TestPlayerDefendsManyDisputesOnOneBond(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	for i := range 3 {
		a.open(1, lie(common.BigToHash(big.NewInt(int64(i)))))
	}
	key := a.validators[1]
	p := newPlayer(t, a, key, honest, false)
	before := a.balance(addr(key))
	if err := p.Once(a.ctx); err != nil {
		t.Fatal(err)
	}
	for d := range int64(3) {
		if g := a.dispute(big.NewInt(d)).Games; len(g) != 1 {
			t.Fatalf("dispute %d has %d games, want the player's", d, len(g))
		}
	}
	c := a.call("collateralOf", big.NewInt(0), addr(key))
	if c[0].(*big.Int).Cmp(gameBond) != 0 || c[1].(*big.Int).Int64() != 3 {
		t.Fatalf("collateral %v over %v games, want one bond over 3", c[0], c[1])
	}
	if spent := new(big.Int).Sub(before, a.balance(addr(key))); spent.Cmp(new(big.Int).Add(gameBond, ether(1))) > 0 {
		t.Fatalf("the player spent %v wei on three joins: more than one bond", spent)
	}
}
