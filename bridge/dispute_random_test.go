package bridge

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// A defender's conduct in TestDisputeRandomDefenders.
type conduct int

const (
	playsHonest conduct = iota // defends a correct root from the honest view
	playsLiar                  // defends a wrong root from the liar's view
	throwsGame                 // defends a correct root and loses at a proven step on purpose
	silent                     // joins and never moves
)

func (c conduct) String() string {
	return [...]string{"honest", "liar", "thrower", "silent"}[c]
}

// balanced fails the test unless, with every dispute decided, the game
// holds exactly what it owes (credits) and what it burned.
func (a *arena) balanced() {
	a.t.Helper()
	owed := new(big.Int).Set(a.call("burned")[0].(*big.Int))
	for _, k := range append([]*ecdsa.PrivateKey{a.challenger}, a.validators...) {
		owed.Add(owed, a.credits(addr(k)))
	}
	if held := a.balance(a.game); held.Cmp(owed) != 0 {
		a.t.Fatalf("the game holds %v wei and owes or burned %v", held, owed)
	}
}

// TestDisputeRandomDefenders plays seeded random disputes: a correct or a
// wrong root, its opposite challenger, and any subset of the four validators
// joining at random times with random conduct, each game played out as it
// joins. Whatever the mix, the outcome must follow the rules:
//   - the root stands iff it is correct and an honest validator joined
//     before the dispute ended (the first one to play wins);
//   - a fallen root slashes every signer (all four here);
//   - a defender beaten at the step is slashed at once, one beaten on time
//     is not by that;
//   - every wei the game took in is credited, burned or still in the game.
func TestDisputeRandomDefenders(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	throws := throwing(honest, liar)
	last := uint64(len(throws.steps[lieBatch].Roots))
	const scenarios = 10
	for seed := int64(1); seed <= scenarios; seed++ {
		rng := rand.New(rand.NewSource(seed))
		correct := rng.Intn(3) != 0
		var conducts []conduct
		if correct {
			conducts = []conduct{playsHonest, throwsGame, silent}
		} else {
			conducts = []conduct{playsLiar, silent}
		}
		type joiner struct {
			v       int
			conduct conduct
			delay   time.Duration
		}
		var joiners []joiner
		for _, v := range rng.Perm(4)[:rng.Intn(5)] {
			joiners = append(joiners, joiner{v, conducts[rng.Intn(len(conducts))], time.Duration(rng.Intn(int(gameClock/time.Second)/4)) * time.Second})
		}
		name := fmt.Sprintf("seed=%d/correct=%v/%d-defenders", seed, correct, len(joiners))
		t.Run(name, func(t *testing.T) {
			a := newArena(t, honest.output(0), oneStepProver)
			// The prover knows the honest step and the step the thrower loses at.
			a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(lieStep),
				honest.leaf(lieBatch, lieStep-1), honest.leaf(lieBatch, lieStep)))
			a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), new(big.Int).SetUint64(last),
				liar.leaf(lieBatch, last-1), liar.leaf(lieBatch, last)))
			root, chal, claim := honest, liar, liar.out(6)
			if !correct {
				root, chal, claim = liar, honest, honest.out(6)
			}
			commitRoots(a, root)
			d := a.open(1, claim)

			wantStands := false
			slashedByStep := map[int]bool{}
			var games []*big.Int
			for _, j := range joiners {
				a.AdjustTimeOrFatal(j.delay)
				key := a.validators[j.v]
				if a.dispute(d).Status != disputeOpen {
					a.refused("DisputeClosed", key, gameBond, "defend", d)
					continue
				}
				id := a.defend(d, key)
				games = append(games, id)
				t.Logf("validator %d joins (%s)", j.v, j.conduct)
				var view *l2View
				switch j.conduct {
				case silent:
					continue
				case playsHonest:
					view, wantStands = honest, true
				case playsLiar:
					view, slashedByStep[j.v] = liar, true
				case throwsGame:
					view, slashedByStep[j.v] = throws, true
				}
				if s := a.play(id, view, chal); s.Phase != phaseOneStep {
					t.Fatalf("game %s at phase %d, want one step", id, s.Phase)
				}
				a.move("step", a.user, nil, "step", id, []byte{})
				want := phaseChallengerWon
				if j.conduct == playsHonest {
					want = phaseDefenderWon
				}
				if s := a.state(id); s.Phase != want {
					t.Fatalf("%s defender's game ended at phase %d, want %d", j.conduct, s.Phase, want)
				}
			}
			// Past every clock: silent defenders lose on time, then the dispute settles.
			a.AdjustTimeOrFatal(gameClock + time.Second)
			for _, id := range games {
				if s := a.state(id); s.Phase < phaseChallengerWon {
					a.move("timeout", a.user, nil, "claimTimeout", id)
				}
			}
			if a.dispute(d).Status == disputeOpen {
				a.settleDispute(d)
			}

			ds := a.dispute(d)
			wantStatus, wantRoots := disputeChallengerWon, uint64(1)
			if wantStands {
				wantStatus, wantRoots = disputeDefenderWon, 3
			}
			if ds.Status != wantStatus || a.rootCount() != wantRoots {
				t.Fatalf("dispute status %d with %d roots, want %d with %d", ds.Status, a.rootCount(), wantStatus, wantRoots)
			}
			for v, key := range a.validators {
				want := int64(1)
				if !wantStands || slashedByStep[v] {
					want = 0
				}
				if got := a.stakeOf(key); got != want {
					t.Errorf("validator %d holds stake %d, want %d", v, got, want)
				}
			}
			a.balanced()
			if got := a.call("openDisputeCount")[0].(*big.Int); got.Sign() != 0 {
				t.Fatalf("%v disputes still open", got)
			}
		})
	}
}

// TestDisputeHoldsTrackTheLowestOpenRoot: holdsRoot answers from the lowest
// root index with an open dispute, kept as disputes open and close in any
// order, across the bitmap's 256-index words.
func TestDisputeHoldsTrackTheLowestOpenRoot(t *testing.T) {
	a := newArena(t, Output{StateRoot: common.Hash{1}, BlockHash: common.Hash{2}}, oneStepProver)
	root := func(i int) common.Hash { return crypto.Keccak256Hash([]byte("root"), big.NewInt(int64(i)).Bytes()) }
	submit := func(from, to int) {
		for i := from; i <= to; i++ {
			a.submitRoot(uint64(2*i+1), uint64(2*i+2), root(i)) // two batches: the game starts with a bisection
		}
	}
	type open struct {
		id     *big.Int
		root   uint64
		game   *big.Int // its defender's game, if defended
		closed bool
	}
	var disputes []*open
	openAt := func(i int, defender *ecdsa.PrivateKey) {
		o := &open{id: a.open(uint64(i), lie(root(i))), root: uint64(i)}
		if defender != nil {
			o.game = a.defend(o.id, defender)
			// The defender moves once: the challenger, silent after, loses on time.
			a.move("bisect", defender, nil, "bisect", o.game, lie(root(i+1)), []common.Hash{})
		}
		disputes = append(disputes, o)
	}
	check := func(when string) {
		t.Helper()
		for _, i := range []uint64{0, 1, 2, 3, 4, 255, 256, 257, 258} {
			want := false
			for _, o := range disputes {
				want = want || (!o.closed && o.root <= i)
			}
			if got := a.call("holdsRoot", new(big.Int).SetUint64(i))[0].(bool); got != want {
				t.Fatalf("%s: holdsRoot(%d) = %v, want %v", when, i, got, want)
			}
		}
	}
	submit(0, 4)
	openAt(1, nil)
	openAt(3, a.validators[0])
	openAt(3, nil)
	check("three disputes")
	submit(5, 257)
	openAt(257, a.validators[1])
	openAt(256, nil)
	check("five disputes")
	a.AdjustTimeOrFatal(gameClock + time.Second)
	// Defended ones end first (their challengers ran out of time), then the
	// undefended ones as they may: the later ones wait for the earlier, the
	// earliest deletes every root from 1 on, and the rest are cancelled.
	for _, i := range []int{1, 3, 4, 2, 0} {
		o := disputes[i]
		switch {
		case o.game != nil:
			a.move("timeout", a.user, nil, "claimTimeout", o.game)
		case a.call("settleable", o.id)[0].(bool):
			a.settleDispute(o.id)
		default:
			continue
		}
		o.closed = true
		check(fmt.Sprintf("dispute %d closed", i))
	}
	for _, i := range []int{2, 4} {
		o := disputes[i]
		a.move("cancel", a.user, nil, "cancel", o.id)
		o.closed = true
		check(fmt.Sprintf("dispute %d cancelled", i))
	}
	if n := a.call("openDisputeCount")[0].(*big.Int); n.Sign() != 0 {
		t.Fatalf("%v disputes open", n)
	}
}

// TestOneBondDefendsEveryDispute: a validator defends every dispute against
// a root on one bond (an attacker opening many disputes cannot outspend the
// validators' bonds); the bond returns after its last game there, with the
// challengers' bonds it won. A collateral a lost game took must be posted
// again before its owner joins another dispute.
func TestOneBondDefendsEveryDispute(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	key := a.validators[1]
	var games []*big.Int
	for i := range 3 {
		d := a.open(1, lie(common.BigToHash(big.NewInt(int64(i)))))
		if i == 0 {
			a.refused("WrongBond", key, nil, "defend", d)
			games = append(games, a.defend(d, key))
			continue
		}
		a.refused("WrongBond", key, gameBond, "defend", d) // covered already
		id := a.call("gameCount")[0].(*big.Int)
		a.move("defend", key, nil, "defend", d)
		games = append(games, id)
	}
	c := a.call("collateralOf", big.NewInt(0), addr(key))
	if c[0].(*big.Int).Cmp(gameBond) != 0 || c[1].(*big.Int).Int64() != 3 {
		t.Fatalf("collateral %v over %v games, want one bond over 3", c[0], c[1])
	}
	for _, id := range games {
		a.move("bisect", key, nil, "bisect", id, honest.out(4), []common.Hash{})
	}
	a.AdjustTimeOrFatal(gameClock + time.Second)
	for _, id := range games { // every challenger ran out of time
		a.move("timeout", a.user, nil, "claimTimeout", id)
	}
	burn := burnOfBond()
	won := new(big.Int).Mul(new(big.Int).Sub(gameBond, burn), big.NewInt(3))
	a.payout(new(big.Int).Mul(burn, big.NewInt(3)), credit{key, new(big.Int).Add(won, gameBond)}, credit{a.challenger, new(big.Int)})

	// A lying defender of a wrong root loses its collateral in its first
	// game and must post a new one to join another dispute.
	b := newArena(t, honest.output(0), oneStepProver)
	commitRoots(b, liar)
	firstDispute := b.open(1, honest.out(6))
	// Another signer defends it too and keeps its game going, so the
	// dispute (and the root) outlive the first defender's loss.
	other := b.defend(firstDispute, b.validators[2])
	b.move("bisect", b.validators[2], nil, "bisect", other, liar.out(4), []common.Hash{})
	b.AdjustTimeOrFatal(50 * time.Second)
	second := b.open(1, honest.out(6))
	// It joins the first dispute late, with little clock left, and never moves.
	b.AdjustTimeOrFatal(gameClock - 60*time.Second)
	first := b.defend(firstDispute, b.defender)
	b.AdjustTimeOrFatal(20 * time.Second)
	b.move("timeout", b.user, nil, "claimTimeout", first)
	if c := b.call("collateralOf", second, addr(b.defender)); c[0].(*big.Int).Sign() != 0 || c[1].(*big.Int).Sign() != 0 {
		t.Fatalf("collateral %v over %v games after the loss, want none", c[0], c[1])
	}
	b.refused("WrongBond", b.defender, nil, "defend", second)
	b.defend(second, b.defender)
}

// TestDisputeRandomCollateral: seeded mixes of several disputes against one
// correct root, each validator joining a random subset of them as an honest
// or a silent defender on one collateral. Whatever the mix: a dispute with
// an honest defender ends for the root; the root falls exactly when some
// dispute had none; every collateral comes back or goes to a challenger,
// none stays locked; and every wei the game took in is credited or burned.
func TestDisputeRandomCollateral(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(seed))
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			a := newArena(t, honest.output(0), oneStepProver)
			a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(lieStep),
				honest.leaf(lieBatch, lieStep-1), honest.leaf(lieBatch, lieStep)))
			commitRoots(a, honest)
			const n = 3
			var disputes []*big.Int
			for i := range n {
				disputes = append(disputes, a.open(1, lie(common.BigToHash(big.NewInt(int64(i))))))
			}
			defended := make([]bool, n) // by an honest defender
			var silentGames []*big.Int
			for v, key := range a.validators {
				honestOne := rng.Intn(2) == 0
				for i, d := range disputes {
					if rng.Intn(2) == 0 || a.dispute(d).Status != disputeOpen {
						continue
					}
					value := gameBond
					if c := a.call("collateralOf", d, addr(key)); c[0].(*big.Int).Sign() > 0 {
						value = nil
					}
					id := a.call("gameCount")[0].(*big.Int)
					a.move("defend", key, value, "defend", d)
					t.Logf("validator %d joins dispute %d (honest %v)", v, i, honestOne)
					if !honestOne {
						silentGames = append(silentGames, id)
						continue
					}
					if s := a.play(id, honest, liar); s.Phase != phaseOneStep {
						t.Fatalf("phase %d", s.Phase)
					}
					a.move("step", key, nil, "step", id, []byte{})
					defended[i] = true
				}
			}
			a.AdjustTimeOrFatal(gameClock + time.Second)
			for _, id := range silentGames {
				if s := a.state(id); s.Phase < phaseChallengerWon {
					a.move("timeout", a.user, nil, "claimTimeout", id)
				}
			}
			for _, d := range disputes {
				if a.dispute(d).Status != disputeOpen {
					continue
				}
				if a.call("settleable", d)[0].(bool) {
					a.settleDispute(d)
				} else {
					a.move("cancel", a.user, nil, "cancel", d)
				}
			}
			falls := slices.Contains(defended, false)
			for i, d := range disputes {
				st := a.dispute(d).Status
				if defended[i] && st != disputeDefenderWon {
					t.Errorf("dispute %d with an honest defender ended %d", i, st)
				}
				if !defended[i] && st == disputeDefenderWon {
					t.Errorf("dispute %d without an honest defender ended for the root", i)
				}
			}
			if got := a.rootCount() == 1; got != falls {
				t.Fatalf("root fell %v, want %v (defended %v)", got, falls, defended)
			}
			for v, key := range a.validators {
				c := a.call("collateralOf", disputes[0], addr(key))
				if c[0].(*big.Int).Sign() != 0 || c[1].(*big.Int).Sign() != 0 {
					t.Errorf("validator %d keeps collateral %v over %v games", v, c[0], c[1])
				}
			}
			a.balanced()
		})
	}
}

// TestDisputeFallenRootSlashesItsDefenders: a validator that did not sign a
// wrong root but defends it, and stops before the step (so the prover
// refutes nothing of its own), goes with the root's signers when it falls:
// a defender vouches for the root with its stake.
func TestDisputeFallenRootSlashesItsDefenders(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	a.submitRoot(1, 2, honest.out(2))
	signers := a.validators[:3]
	root := liar.out(6)
	a.ok(a.relayer, a.sccC, nil, a.scc.PackSubmitStateRoot(big.NewInt(3), big.NewInt(6), root, a.signRoot(signers, testL2ChainID, 3, 6, root)))
	d := a.open(1, honest.out(6))
	outsider := a.validators[3]
	id := a.defend(d, outsider)
	a.move("bisect", outsider, nil, "bisect", id, liar.out(4), []common.Hash{})
	a.move("choose", a.challenger, nil, "disagree", id) // it never answers
	a.AdjustTimeOrFatal(gameClock + time.Second)
	a.move("timeout", a.user, nil, "claimTimeout", id)
	if s := a.dispute(d); s.Status != disputeChallengerWon {
		t.Fatalf("dispute status %d, want ChallengerWon", s.Status)
	}
	for i, k := range a.validators {
		if got := a.stakeOf(k); got != 0 {
			t.Errorf("validator %d (signer %v) keeps stake %d after the root fell", i, i < 3, got)
		}
	}
}
