package bridge

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"math/rand"
	"testing"
	"time"
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
			// Conservation: what the game holds is what it owes and what it burned.
			owed := new(big.Int).Set(a.call("burned")[0].(*big.Int))
			for _, k := range append([]*ecdsa.PrivateKey{a.challenger}, a.validators...) {
				owed.Add(owed, a.credits(addr(k)))
			}
			if held := a.balance(a.game); held.Cmp(owed) != 0 {
				t.Fatalf("the game holds %v wei and owes or burned %v", held, owed)
			}
			if got := a.call("openDisputeCount")[0].(*big.Int); got.Sign() != 0 {
				t.Fatalf("%v disputes still open", got)
			}
		})
	}
}
