package bridge

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

// The DisputeGame played on the simulated L1 with step roots from the real
// executor: the honest side plays from the executor's roots, the liar from a
// copy corrupted from one step on.

const (
	disputeGame   = "DisputeGame"
	oneStepProver = "TestOneStepProver"
	realProver    = "OneStepProver"
	gameClock     = 300 * time.Second
	gameBurnBps   = 2000
)

// Phases, sides and dispute statuses as the contract numbers them.
const (
	phaseBatchBisection uint8 = iota + 1
	phaseStepCommitment
	phaseStepBisection
	phaseOneStep
	phaseChallengerWon
	phaseDefenderWon
	phaseVoid
)

const (
	sideDefender uint8 = iota
	sideChallenger
)

const (
	disputeOpen uint8 = iota + 1
	disputeChallengerWon
	disputeDefenderWon
	disputeVoid
)

var gameBond = ether(1)

// l2View is one side's belief about the L2: the state root and block hash
// after each batch (index 0: genesis) and each batch's steps. The honest
// view keeps its executor, which builds one-step proofs.
type l2View struct {
	roots  []common.Hash
	blocks []common.Hash
	steps  map[uint64]*exec.Steps
	e      *exec.Executor
}

// output is the view's output after batch n, and out its output root.
func (v *l2View) output(n uint64) Output {
	return Output{StateRoot: v.roots[n], BlockHash: v.blocks[n]}
}

func (v *l2View) out(n uint64) common.Hash { return v.output(n).Root() }

// gameOutputAt is the view's output after batch n as the game takes it.
func (v *l2View) gameOutputAt(n uint64) bindings.DisputeGameOutput { return gameOutput(v.output(n)) }

func (v *l2View) leaf(batch, i uint64) common.Hash {
	s := v.steps[batch]
	if i == 0 {
		return s.Pre
	}
	return s.Roots[i-1]
}

func lie(h common.Hash) common.Hash { return crypto.Keccak256Hash([]byte("lie"), h[:]) }

// corrupted is a liar's copy of v: every root from step `step` of `batch`
// on is wrong, consistently (later batches start from the wrong root).
func (v *l2View) corrupted(batch, step uint64) *l2View {
	out := &l2View{roots: make([]common.Hash, len(v.roots)), blocks: v.blocks, steps: map[uint64]*exec.Steps{}}
	for n, r := range v.roots {
		out.roots[n] = r
		if uint64(n) >= batch {
			out.roots[n] = lie(r)
		}
	}
	for n, s := range v.steps {
		c := *s
		c.Roots = append([]common.Hash(nil), s.Roots...)
		for i := range c.Roots {
			if n > batch || (n == batch && uint64(i+1) >= step) {
				c.Roots[i] = lie(c.Roots[i])
			}
		}
		if n > batch {
			c.Pre = lie(c.Pre)
		}
		out.steps[n] = &c
	}
	return out
}

// buildL2 executes batches of transfers with the real executor: txsPer[i]
// transfers in batch i+1. It returns the honest view.
func buildL2(t *testing.T, txsPer []int) *l2View {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := exec.Open(t.TempDir(), exec.DevGenesis(testL2ChainID, 4), exec.Config{NoSync: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	keys := exec.DevKeys(4)
	nonces := map[common.Address]uint64{}
	v := &l2View{roots: []common.Hash{e.Genesis().Root()}, blocks: []common.Hash{e.Genesis().Hash()}, steps: map[uint64]*exec.Steps{}, e: e}
	for i, n := range txsPer {
		var txs []*types.Transaction
		for j := range n {
			k := keys[(i+j)%len(keys)]
			to := common.BigToAddress(big.NewInt(int64(0x1000 + i*100 + j)))
			tip := big.NewInt(1e9)
			tx, err := types.SignNewTx(k.Key, e.Signer(), &types.DynamicFeeTx{
				ChainID: big.NewInt(testL2ChainID), Nonce: nonces[k.Address], GasTipCap: tip,
				GasFeeCap: new(big.Int).Add(new(big.Int).Mul(e.NextBaseFee(), big.NewInt(2)), tip),
				Gas:       21_000, To: &to, Value: big.NewInt(int64(1000 + j)),
			})
			if err != nil {
				t.Fatal(err)
			}
			nonces[k.Address]++
			txs = append(txs, tx)
		}
		head := e.Head()
		res, err := e.Apply(context.Background(), &exec.Batch{
			Number: head.NumberU64() + 1, Time: head.Time() + 1, FeeRecipient: common.HexToAddress("0xfee"),
			Random: common.BigToHash(head.Number()), Txs: txs,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Dropped) != 0 {
			t.Fatalf("batch %d dropped %d transactions", i+1, len(res.Dropped))
		}
		v.roots = append(v.roots, res.Block.Root())
		v.blocks = append(v.blocks, res.Block.Hash())
	}
	for n := uint64(1); n < uint64(len(v.roots)); n++ {
		s, err := e.StepRoots(n)
		if err != nil {
			t.Fatal(err)
		}
		v.steps[n] = s
	}
	return v
}

// gameState is DisputeGame.Game as its binding decodes it, and disputeState
// DisputeGame.Dispute.
type (
	gameState    = bindings.DisputeGameGame
	disputeState = bindings.DisputeGameDispute
)

// arena is a fixture with the game deployed and installed as the
// StateCommitmentChain's fraud-proof game.
type arena struct {
	*fixture
	game, prover   common.Address
	gameC, proverC *bind.BoundContract
	proverKind     string
	challenger     *ecdsa.PrivateKey
	defender       *ecdsa.PrivateKey
	// gas of each kind of move, and the number of moves, of the last play.
	gas   map[string][]uint64
	moves int
}

// newArena deploys the contracts with the game (Deploy's DisputeGame
// parameters) and its prover: none (""), the real OneStepProver (realProver,
// deployed by Deploy) or the test prover (oneStepProver), which a
// validator's account creates afterwards at the address the game was given.
func newArena(t *testing.T, genesis Output, proverKind string) *arena {
	t.Helper()
	var prover common.Address
	if proverKind == oneStepProver {
		prover = crypto.CreateAddress(addr(testKey("validator-3")), 0)
	}
	owner := addr(testKey("owner"))
	f := newFixture(t, fixtureOptions{mutate: func(p *DeployParams) {
		p.Owner = owner
		p.DisputeGame = &DisputeGameParams{Prover: prover, DeployProver: proverKind == realProver, Genesis: genesis,
			Bond: gameBond, Clock: gameClock, BurnBps: gameBurnBps}
	}})
	// The defender is a validator: only the validator set may defend.
	a := &arena{fixture: f, game: f.addrs.DisputeGame, challenger: f.relayer, defender: f.validators[0], gas: map[string][]uint64{},
		proverKind: proverKind}
	switch proverKind {
	case oneStepProver:
		if a.prover = f.deployArtifact(f.validators[3], oneStepProver); a.prover != prover {
			t.Fatalf("prover at %s, the game expects %s", a.prover, prover)
		}
		a.proverC = f.artifactContract(oneStepProver, a.prover)
	case realProver:
		a.prover = f.addrs.OneStepProver
		a.proverC = f.artifactContract(realProver, a.prover)
	}
	if got := a.call("prover")[0].(common.Address); got != a.prover {
		t.Fatalf("the game's prover is %s, want %s", got, a.prover)
	}
	a.gameC = f.artifactContract(disputeGame, a.game)
	if got := call(f, f.sccC, f.scc.PackFraudProofGame(), f.scc.UnpackFraudProofGame); got != a.game || a.game == (common.Address{}) {
		t.Fatalf("the chain's fraud-proof game is %s, want the deployed game %s", got, a.game)
	}
	if got := call(f, f.sccC, f.scc.PackOwner(), f.scc.UnpackOwner); got != owner {
		t.Fatalf("the chain's owner is %s, want %s", got, owner)
	}
	return a
}

func (a *arena) call(method string, args ...any) []any {
	a.t.Helper()
	return a.callArtifact(disputeGame, a.game, method, args...)
}

func (a *arena) state(id *big.Int) gameState {
	a.t.Helper()
	return *abi.ConvertType(a.call("getGame", id)[0], new(gameState)).(*gameState)
}

func (a *arena) dispute(id *big.Int) disputeState {
	a.t.Helper()
	return *abi.ConvertType(a.call("getDispute", id)[0], new(disputeState)).(*disputeState)
}

// keyOf is the test key of a validator's address.
func (a *arena) keyOf(who common.Address) *ecdsa.PrivateKey {
	a.t.Helper()
	for _, k := range a.validators {
		if addr(k) == who {
			return k
		}
	}
	a.t.Fatalf("%s is not a test validator", who)
	return nil
}

func (a *arena) stakeOf(k *ecdsa.PrivateKey) int64 {
	a.t.Helper()
	return call(a.fixture, a.sccC, a.scc.PackStakeOf(addr(k)), a.scc.UnpackStakeOf).Int64()
}

func (a *arena) totalStake() int64 {
	a.t.Helper()
	return call(a.fixture, a.sccC, a.scc.PackTotalStake(), a.scc.UnpackTotalStake).Int64()
}

func (a *arena) credits(who common.Address) *big.Int {
	a.t.Helper()
	return a.call("credits", who)[0].(*big.Int)
}

func (a *arena) move(kind string, key *ecdsa.PrivateKey, value *big.Int, method string, args ...any) *types.Receipt {
	a.t.Helper()
	r, err := a.sendMove(key, value, pack(a.t, disputeGame, method, args...))
	if err != nil {
		a.t.Fatalf("%s%v: %v (%s)", method, args, err, gameRevertName(err))
	}
	a.gas[kind] = append(a.gas[kind], r.GasUsed)
	a.moves++
	return r
}

// sendMove sends a call of the game with a quarter more gas than estimated:
// NB: a move's gas depends on its block's time (charging a clock that the
// estimate, run at the head's time, may find unchanged costs more), so an
// exact estimate can run out of gas once mined a second later.
func (a *arena) sendMove(key *ecdsa.PrivateKey, value *big.Int, data []byte) (*types.Receipt, error) {
	a.t.Helper()
	est, err := a.l1.EstimateGas(a.ctx, ethereum.CallMsg{From: addr(key), To: &a.game, Value: value, Data: data})
	if err != nil {
		return nil, err
	}
	chainID, err := a.l1.ChainID(a.ctx)
	if err != nil {
		a.t.Fatal(err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context, opts.Value, opts.GasLimit = a.ctx, value, est+est/4
	tx, err := bind.Transact(a.gameC, opts, data)
	if err != nil {
		return nil, err
	}
	r, err := a.l1.WaitReceipt(a.ctx, tx.Hash())
	if err != nil {
		a.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("transaction %s failed (gas used %d of %d)", tx.Hash(), r.GasUsed, tx.Gas())
	}
	return r, nil
}

// refused sends and fails the test unless the game (or the prover) reverts
// with the custom error want.
func (a *arena) refused(want string, key *ecdsa.PrivateKey, value *big.Int, method string, args ...any) {
	a.t.Helper()
	_, err := a.sendMove(key, value, pack(a.t, disputeGame, method, args...))
	if got := gameRevertName(err); got != want {
		a.t.Fatalf("%s%v: got %v (%q), want a revert with %s", method, args, err, got, want)
	}
}

// gameRevertName decodes err against the game's and the test prover's errors
// as well as the bridge's.
func gameRevertName(err error) string {
	r, ok := AsRevert(err)
	if !ok {
		return ""
	}
	if r.Name != "unknown" || len(r.Data) < 4 {
		return r.Name
	}
	for _, name := range []string{disputeGame, oneStepProver, realProver, "TransferStepHarness", contracts.MerklePatriciaProofHarness} {
		for _, e := range contracts.MustLoad(name).ABI.Errors {
			if [4]byte(e.ID[:4]) == [4]byte(r.Data[:4]) {
				return e.Name
			}
		}
	}
	return r.Name
}

// open opens a dispute against root index with the challenger's claim.
func (a *arena) open(index uint64, claim common.Hash) *big.Int {
	a.t.Helper()
	id := a.call("disputeCount")[0].(*big.Int)
	a.move("open", a.challenger, gameBond, "open", new(big.Int).SetUint64(index), claim)
	return id
}

// defend joins dispute d as the defender key and returns its game.
func (a *arena) defend(d *big.Int, key *ecdsa.PrivateKey) *big.Int {
	a.t.Helper()
	id := a.call("gameCount")[0].(*big.Int)
	a.move("defend", key, gameBond, "defend", d)
	if s := a.state(id); s.Defender != addr(key) || s.DisputeId != d.Uint64() {
		a.t.Fatalf("game %s is %s's in dispute %d, want %s's in %s", id, s.Defender, s.DisputeId, addr(key), d)
	}
	return id
}

// settleDispute decides dispute d for its challenger once every game is lost
// and the window closed.
func (a *arena) settleDispute(d *big.Int) {
	a.t.Helper()
	a.move("settle", a.user, nil, "settle", d)
	if s := a.dispute(d); s.Status != disputeChallengerWon {
		a.t.Fatalf("dispute status %d after settling, want ChallengerWon", s.Status)
	}
}

// play makes the moves of both sides of game id until one step remains: its
// defender plays from def, the challenger from chal.
func (a *arena) play(id *big.Int, def, chal *l2View) gameState {
	a.t.Helper()
	defender := a.keyOf(a.state(id).Defender)
	for {
		s := a.state(id)
		mid := (s.Lo + s.Hi) / 2
		switch {
		case s.Phase == phaseBatchBisection && s.Turn == sideDefender:
			a.move("bisect batches", defender, nil, "bisect", id, def.out(mid), []common.Hash{})
		case s.Phase == phaseBatchBisection:
			a.choose(id, chal.out(mid) == common.Hash(s.PendingMid))
		case s.Phase == phaseStepCommitment:
			a.commitSteps(id, def, s.Batch)
		case s.Phase == phaseStepBisection && s.Turn == sideDefender:
			a.move("bisect steps", defender, nil, "bisect", id, def.leaf(s.Batch, mid), stepProof(a.t, def.steps[s.Batch], int(mid)))
		case s.Phase == phaseStepBisection:
			a.choose(id, chal.leaf(s.Batch, mid) == common.Hash(s.PendingMid))
		default:
			return s
		}
	}
}

// commitSteps makes the defender's step commitment of batch from view.
func (a *arena) commitSteps(id *big.Int, view *l2View, batch uint64) {
	a.t.Helper()
	st := view.steps[batch]
	pre, post := stepProof(a.t, st, 0), stepProof(a.t, st, len(st.Roots))
	a.move("commit steps", a.keyOf(a.state(id).Defender), nil, "commitSteps", id, big.NewInt(int64(len(st.Roots))), st.Root(),
		view.gameOutputAt(batch-1), view.gameOutputAt(batch), pre, post)
}

func (a *arena) choose(id *big.Int, agree bool) {
	a.t.Helper()
	if agree {
		a.move("choose", a.challenger, nil, "agree", id)
	} else {
		a.move("choose", a.challenger, nil, "disagree", id)
	}
}

func stepProof(t testing.TB, s *exec.Steps, i int) []common.Hash {
	t.Helper()
	p, err := s.Proof(i)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (a *arena) rootCount() uint64 {
	a.t.Helper()
	return call(a.fixture, a.sccC, a.scc.PackRootCount(), a.scc.UnpackRootCount).Uint64()
}

func (a *arena) finalized(i uint64) bool {
	a.t.Helper()
	return call(a.fixture, a.sccC, a.scc.PackIsFinalized(new(big.Int).SetUint64(i)), a.scc.UnpackIsFinalized)
}

// credit is what one account should be credited.
type credit struct {
	key  *ecdsa.PrivateKey
	want *big.Int
}

// settle withdraws both sides' credits and checks them and what the game keeps.
func (a *arena) settle(wantChallenger, wantDefender, wantBurned *big.Int) {
	a.t.Helper()
	a.payout(wantBurned, credit{a.challenger, wantChallenger}, credit{a.defender, wantDefender})
}

// payout withdraws the accounts' credits and checks them and what the game
// keeps.
func (a *arena) payout(wantBurned *big.Int, credits ...credit) {
	a.t.Helper()
	for _, c := range credits {
		if got := a.credits(addr(c.key)); got.Cmp(c.want) != 0 {
			a.t.Errorf("%s credited %v wei, want %v", addr(c.key), got, c.want)
		}
		if c.want.Sign() > 0 {
			a.ok(c.key, a.gameC, nil, pack(a.t, disputeGame, "withdraw"))
		}
	}
	if got := a.call("burned")[0].(*big.Int); got.Cmp(wantBurned) != 0 {
		a.t.Errorf("burned %v, want %v", got, wantBurned)
	}
	if got := a.balance(a.game); got.Cmp(wantBurned) != 0 {
		a.t.Errorf("the game holds %v wei after payouts, want the %v burned", got, wantBurned)
	}
	a.refused("NothingToWithdraw", a.challenger, nil, "withdraw")
}

// The L2 of the scenarios: root 0 covers batches 1-2, root 1 batches 3-6
// (batch 4 has 40 transfers), root 2 batch 7. The liar's roots go wrong at
// step 23 of batch 4.
var disputeBatches = []int{3, 2, 3, 40, 2, 3, 2}

const (
	lieBatch = 4
	lieStep  = 23
)

func commitRoots(a *arena, v *l2View) {
	a.submitRoot(1, 2, v.out(2))
	a.submitRoot(3, 6, v.out(6))
	a.submitRoot(7, 7, v.out(7))
}

func oneBond(n int64) *big.Int { return new(big.Int).Mul(gameBond, big.NewInt(n)) }

func burnOfBond() *big.Int { return new(big.Int).Div(oneBond(gameBurnBps), big.NewInt(10_000)) }

func TestDisputeHonestChallengerWins(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, liar) // every validator signed the wrong roots

	d := a.open(1, honest.out(6))
	// Somebody outside the validator set (the challenger's second account,
	// say) cannot take a seat and throw the game.
	a.refused("NotAValidator", a.user, gameBond, "defend", d)
	id := a.defend(d, a.defender)
	s := a.play(id, liar, honest)
	if s.Phase != phaseOneStep || s.Batch != lieBatch || s.Hi != lieStep || s.StepCount != 40 {
		t.Fatalf("one step reached at batch %d step %d of %d (phase %d), want batch %d step %d of 40",
			s.Batch, s.Hi, s.StepCount, s.Phase, lieBatch, lieStep)
	}
	if common.Hash(s.AgreedRoot) != honest.leaf(lieBatch, lieStep-1) || common.Hash(s.DefenderRoot) != liar.leaf(lieBatch, lieStep) {
		t.Fatalf("one step from %x to %x, want the agreed pre-root and the liar's post-root", s.AgreedRoot, s.DefenderRoot)
	}
	// While the dispute is open no root from 1 on finalizes, even past the window.
	a.AdjustTimeOrFatal(101 * time.Second)
	if !a.finalized(0) || a.finalized(1) || a.finalized(2) {
		t.Errorf("finalized 0, 1, 2 = %v %v %v during the dispute, want true false false", a.finalized(0), a.finalized(1), a.finalized(2))
	}
	// Held is not open: past its challenge window a root takes no new
	// dispute, or disputes opened one after another would hold it for ever.
	a.refused("RootFinal", a.challenger, gameBond, "open", big.NewInt(1), lie(honest.out(6)))

	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(lieStep),
		honest.leaf(lieBatch, lieStep-1), honest.leaf(lieBatch, lieStep)))
	a.move("step", a.challenger, nil, "step", id, []byte{})
	if s := a.state(id); s.Phase != phaseChallengerWon {
		t.Fatalf("phase %d after the step, want ChallengerWon", s.Phase)
	}
	// Beaten at the step: the defender leaves the validator set with its
	// stake at once. The root stands while other validators may still join.
	if a.stakeOf(a.defender) != 0 || a.totalStake() != 3 {
		t.Fatalf("after the step: the defender's stake %d, total %d; want 0 and 3", a.stakeOf(a.defender), a.totalStake())
	}
	if n := a.rootCount(); n != 3 {
		t.Fatalf("%d roots while the join window is open, want 3", n)
	}
	a.refused("JoinWindowOpen", a.user, nil, "settle", d)
	// A second signer defends the same wrong root and loses too.
	second := a.defend(d, a.validators[1])
	if s := a.play(second, liar, honest); s.Phase != phaseOneStep || s.Hi != lieStep {
		t.Fatalf("second game at phase %d step %d", s.Phase, s.Hi)
	}
	a.move("step", a.challenger, nil, "step", second, []byte{})
	if a.stakeOf(a.validators[1]) != 0 {
		t.Fatal("the second beaten defender keeps its stake")
	}
	a.AdjustTimeOrFatal(gameClock)
	a.refused("JoinWindowClosed", a.validators[2], gameBond, "defend", d)
	a.settleDispute(d)
	if n := a.rootCount(); n != 1 {
		t.Fatalf("%d roots after the challenger won, want root 0 alone", n)
	}
	// The root fell: every signer of it is slashed, the two silent ones too.
	vals := call(a.fixture, a.sccC, a.scc.PackValidators(), a.scc.UnpackValidators).Addrs
	if total := a.totalStake(); total != 0 || len(vals) != 0 {
		t.Fatalf("after the root fell: total stake %d, validators %v", total, vals)
	}
	// Without stake nothing passes until the owner sets a new set.
	a.AdjustTimeOrFatal(time.Second)
	a.reverts("InsufficientStake", a.relayer, a.sccC, nil, a.scc.PackSubmitStateRoot(big.NewInt(3), big.NewInt(6), honest.out(6), [][]byte{}))
	a.payout(new(big.Int).Mul(burnOfBond(), big.NewInt(2)),
		credit{a.challenger, new(big.Int).Sub(oneBond(3), new(big.Int).Mul(burnOfBond(), big.NewInt(2)))},
		credit{a.defender, new(big.Int)}, credit{a.validators[1], new(big.Int)})
	a.refused("WrongPhase", a.defender, nil, "bisect", id, honest.out(4), []common.Hash{})
	a.refused("DisputeClosed", a.user, nil, "settle", d)
	t.Logf("%d moves; gas %v", a.moves, a.gas)
}

// TestDisputeThrownGameDoesNotDecide: a validator defends a correct root and
// loses on purpose at the step. That slashes the thrower alone; the root
// stands as soon as an honest validator joins and wins, and nobody else is
// slashed.
func TestDisputeThrownGameDoesNotDecide(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	thrower, honestKey := a.validators[0], a.validators[1]

	throws := throwing(honest, liar)
	last := len(throws.steps[lieBatch].Roots)

	d := a.open(1, liar.out(6))
	thrown := a.defend(d, thrower)
	if s := a.play(thrown, throws, liar); s.Phase != phaseOneStep || s.Batch != lieBatch || s.Hi != uint64(last) {
		t.Fatalf("thrown game at phase %d, batch %d step %d", s.Phase, s.Batch, s.Hi)
	}
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(int64(last)),
		liar.leaf(lieBatch, uint64(last-1)), liar.leaf(lieBatch, uint64(last))))
	a.move("step", a.challenger, nil, "step", thrown, []byte{})
	if s := a.state(thrown); s.Phase != phaseChallengerWon || a.stakeOf(thrower) != 0 {
		t.Fatalf("thrown game: phase %d, thrower's stake %d", s.Phase, a.stakeOf(thrower))
	}
	if n := a.rootCount(); n != 3 {
		t.Fatalf("%d roots after a thrown game, want 3", n)
	}

	// The thrower may not take a second seat; an honest validator joins late
	// (its clock started at the opening) and wins.
	a.refused("AlreadyDefended", thrower, gameBond, "defend", d)
	a.AdjustTimeOrFatal(gameClock / 2)
	fair := a.defend(d, honestKey)
	if s := a.state(fair); s.DefenderClock > uint64(gameClock/time.Second)/2 || s.ChallengerClock != uint64(gameClock/time.Second) {
		t.Fatalf("late defender's clock %d, challenger's %d", s.DefenderClock, s.ChallengerClock)
	}
	if s := a.play(fair, honest, liar); s.Phase != phaseOneStep || s.Hi != lieStep {
		t.Fatalf("fair game at phase %d step %d", s.Phase, s.Hi)
	}
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(lieStep),
		honest.leaf(lieBatch, lieStep-1), honest.leaf(lieBatch, lieStep)))
	a.move("step", honestKey, nil, "step", fair, []byte{})
	if ds := a.dispute(d); ds.Status != disputeDefenderWon || ds.Winner != addr(honestKey) || ds.Lost != 1 || ds.Live != 0 {
		t.Fatalf("dispute %+v, want won by the honest defender after one loss", ds)
	}
	a.refused("DisputeClosed", a.validators[2], gameBond, "defend", d)
	a.AdjustTimeOrFatal(gameClock)
	if !a.finalized(1) || !a.finalized(2) || a.rootCount() != 3 {
		t.Fatal("the correct roots did not stand")
	}
	if a.totalStake() != 3 || a.stakeOf(honestKey) != 1 {
		t.Fatalf("total stake %d, want the thrower's alone gone", a.totalStake())
	}
	burn := burnOfBond()
	a.payout(new(big.Int).Mul(burn, big.NewInt(2)),
		credit{a.challenger, new(big.Int).Sub(gameBond, burn)}, // the thrower's bond
		credit{honestKey, new(big.Int).Sub(oneBond(2), burn)},  // its own and the challenger's
		credit{thrower, new(big.Int)})
}

// TestDisputeWaitsForEarlierRoots: a dispute against a root cannot be
// settled while one against an earlier root is open. Were the earlier root
// wrong, no defender could open the later root's pre-state and the later
// root would fall with its honest signers; once the earlier dispute is
// decided for its root, the later one settles.
func TestDisputeWaitsForEarlierRoots(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	earlier := a.open(1, liar.out(6))
	later := a.open(2, lie(honest.out(7))) // nobody defends root 2
	id := a.defend(earlier, a.defender)
	a.move("bisect", a.defender, nil, "bisect", id, honest.out(4), []common.Hash{})
	// The earlier game waits on its challenger past the later dispute's window.
	a.AdjustTimeOrFatal(gameClock + time.Second)
	if a.call("settleable", later)[0].(bool) {
		t.Fatal("the later dispute is settleable while the earlier one is open")
	}
	a.refused("EarlierDisputeOpen", a.user, nil, "settle", later)
	a.move("timeout", a.user, nil, "claimTimeout", id)
	if s := a.dispute(earlier); s.Status != disputeDefenderWon {
		t.Fatalf("earlier dispute status %d, want DefenderWon", s.Status)
	}
	if !a.call("settleable", later)[0].(bool) {
		t.Fatal("the later dispute is not settleable once the earlier one is decided")
	}
	a.settleDispute(later)
	if n := a.rootCount(); n != 2 {
		t.Fatalf("%d roots, want root 2 gone", n)
	}
}

// TestDeletionCostsTheSameForAnyCount: deleting a root costs the same
// whether one or a hundred roots follow it, so no number of later roots can
// make a wrong root undeletable.
func TestDeletionCostsTheSameForAnyCount(t *testing.T) {
	gasOf := func(later int) uint64 {
		honest := buildL2(t, []int{1})
		a := newArena(t, honest.output(0), oneStepProver)
		a.submitRoot(1, 1, lie(honest.out(1)))
		d := a.open(0, honest.out(1))
		for i := range later {
			a.submitRoot(uint64(i+2), uint64(i+2), lie(common.BigToHash(big.NewInt(int64(i)))))
		}
		a.AdjustTimeOrFatal(gameClock + time.Second)
		a.settleDispute(d)
		if n := a.rootCount(); n != 0 {
			t.Fatalf("%d roots left", n)
		}
		// The slots left behind are overwritten by the next submissions.
		a.AdjustTimeOrFatal(time.Second)
		a.transfer(a.user, addr(testKey("owner")), ether(1))
		a.ok(testKey("owner"), a.sccC, nil, a.scc.PackSetValidators(ValidatorSet(a.params.Validators)))
		a.submitRoot(1, 1, honest.out(1))
		if r := call(a.fixture, a.sccC, a.scc.PackGetRoot(common.Big0), a.scc.UnpackGetRoot); common.Hash(r.OutputRoot) != honest.out(1) || a.rootCount() != 1 {
			t.Fatalf("root 0 after resubmission: %x, %d roots", r.OutputRoot, a.rootCount())
		}
		if _, err := bind.Call(a.sccC, nil, a.scc.PackGetRoot(common.Big1), a.scc.UnpackGetRoot); RevertName(err) != "NoRoot" {
			t.Fatalf("a deleted slot past the count reads as a root: %v", err)
		}
		return a.gas["settle"][0]
	}
	one, hundred := gasOf(0), gasOf(100)
	t.Logf("settle deleting 1 root: %d gas; 101 roots: %d gas", one, hundred)
	if hundred > one+5_000 {
		t.Fatalf("deleting 101 roots costs %d gas, 1 root %d: deletion grows with the count", hundred, one)
	}
}

// throwing is the view of a validator that defends honest's roots against
// liar's challenge and loses on purpose: it keeps honest's outputs but
// commits to steps of batch lieBatch that agree with liar up to the last
// one, so the game ends at that last step, from liar's (wrong) pre-root to
// honest's post-root, which the prover refutes given liar's transition.
func throwing(honest, liar *l2View) *l2View {
	throws := &l2View{roots: honest.roots, blocks: honest.blocks, steps: maps.Clone(honest.steps)}
	st := *liar.steps[lieBatch]
	st.Roots = slices.Clone(st.Roots)
	last := len(st.Roots)
	st.Roots[last-1] = honest.steps[lieBatch].Roots[last-1]
	throws.steps[lieBatch] = &st
	return throws
}

func TestDisputeHonestDefenderWins(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)

	d := a.open(1, liar.out(6))
	id := a.defend(d, a.defender)
	s := a.play(id, honest, liar)
	if s.Phase != phaseOneStep || s.Batch != lieBatch || s.Hi != lieStep {
		t.Fatalf("one step reached at batch %d step %d (phase %d)", s.Batch, s.Hi, s.Phase)
	}
	pre, post := honest.leaf(lieBatch, lieStep-1), honest.leaf(lieBatch, lieStep)
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieBatch), big.NewInt(lieStep), pre, post))
	a.move("step", a.defender, nil, "step", id, []byte{})
	if s := a.state(id); s.Phase != phaseDefenderWon {
		t.Fatalf("phase %d after the step, want DefenderWon", s.Phase)
	}
	if s := a.dispute(d); s.Status != disputeDefenderWon {
		t.Fatalf("dispute status %d, want DefenderWon", s.Status)
	}
	if n := a.rootCount(); n != 3 {
		t.Fatalf("%d roots after the defender won, want 3", n)
	}
	a.AdjustTimeOrFatal(101 * time.Second)
	if !a.finalized(1) || !a.finalized(2) {
		t.Error("roots 1 and 2 not final after the window with the dispute decided")
	}
	a.settle(new(big.Int), new(big.Int).Sub(oneBond(2), burnOfBond()), burnOfBond())
}

// A root nobody defends within the join window falls, and its signers are
// slashed: a signer that does not defend its root accepts the challenge.
func TestDisputeUndefendedRootFalls(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	d := a.open(0, lie(honest.out(2))) // the genesis root is root 0's pre-state
	if s := a.dispute(d); common.Hash(s.PreRoot) != honest.out(0) || s.Status != disputeOpen {
		t.Fatalf("dispute from %x (status %d), want from the genesis root", s.PreRoot, s.Status)
	}
	a.AdjustTimeOrFatal(gameClock - 10*time.Second)
	a.refused("JoinWindowOpen", a.user, nil, "settle", d)
	a.AdjustTimeOrFatal(20 * time.Second)
	a.refused("JoinWindowClosed", a.defender, gameBond, "defend", d)
	a.settleDispute(d)
	if n := a.rootCount(); n != 0 {
		t.Fatalf("%d roots left, want none", n)
	}
	if total := a.totalStake(); total != 0 {
		t.Fatalf("total stake %d after the undefended root fell, want 0", total)
	}
	a.settle(gameBond, new(big.Int), new(big.Int))
}

// A defender that joins and falls silent loses its game on time, which
// slashes nobody by itself; the root falls once the window closes with no
// other defender.
func TestDisputeSilentDefenderLoses(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	d := a.open(1, lie(honest.out(6)))
	a.AdjustTimeOrFatal(gameClock / 2)
	id := a.defend(d, a.defender)
	// The defender's clock started at the opening: it has half the time left.
	a.AdjustTimeOrFatal(gameClock/2 - 10*time.Second)
	a.refused("ClockRunning", a.user, nil, "claimTimeout", id)
	a.AdjustTimeOrFatal(20 * time.Second)
	a.refused("ClockExpired", a.defender, nil, "bisect", id, honest.out(4), []common.Hash{})
	a.move("timeout", a.relayer, nil, "claimTimeout", id)
	if s := a.state(id); s.Phase != phaseChallengerWon {
		t.Fatalf("phase %d, want ChallengerWon", s.Phase)
	}
	// The window closed before the game ended: its end settled the dispute.
	if s := a.dispute(d); s.Status != disputeChallengerWon {
		t.Fatalf("dispute status %d, want ChallengerWon", s.Status)
	}
	if n := a.rootCount(); n != 1 {
		t.Fatalf("%d roots left, want 1", n)
	}
	if a.totalStake() != 0 {
		t.Fatalf("total stake %d, want every signer of root 1 slashed", a.totalStake())
	}
	a.settle(new(big.Int).Sub(oneBond(2), burnOfBond()), new(big.Int), burnOfBond())
}

func TestDisputeSilentChallengerLoses(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	d := a.open(1, lie(honest.out(6)))
	a.AdjustTimeOrFatal(gameClock / 2)
	id := a.defend(d, a.defender)
	a.move("bisect", a.defender, nil, "bisect", id, honest.out(4), []common.Hash{})
	// The join window closes while the game runs on the challenger's clock,
	// which started with the game: the dispute cannot be settled yet.
	a.AdjustTimeOrFatal(gameClock/2 + 10*time.Second)
	a.refused("GamesLive", a.user, nil, "settle", d)
	a.refused("ClockRunning", a.user, nil, "claimTimeout", id)
	a.AdjustTimeOrFatal(gameClock / 2)
	a.refused("ClockExpired", a.challenger, nil, "agree", id)
	a.move("timeout", a.user, nil, "claimTimeout", id)
	if s := a.state(id); s.Phase != phaseDefenderWon {
		t.Fatalf("phase %d, want DefenderWon", s.Phase)
	}
	if n := a.rootCount(); n != 3 {
		t.Fatalf("%d roots, want 3", n)
	}
	a.settle(new(big.Int), new(big.Int).Sub(oneBond(2), burnOfBond()), burnOfBond())
}

// Without a prover a step cannot be decided on L1: the root stands once the
// challenger, to move at one step, runs out of time.
func TestDisputeWithoutProverDefenderWinsAtOneStep(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), "")
	commitRoots(a, honest)
	d := a.open(1, liar.out(6))
	id := a.defend(d, a.defender)
	if s := a.play(id, honest, liar); s.Phase != phaseOneStep || s.Turn != sideChallenger {
		t.Fatalf("phase %d turn %d, want OneStep with the challenger to move", s.Phase, s.Turn)
	}
	a.refused("NoProver", a.defender, nil, "step", id, []byte{})
	a.AdjustTimeOrFatal(gameClock + time.Second)
	a.move("timeout", a.user, nil, "claimTimeout", id)
	if s := a.state(id); s.Phase != phaseDefenderWon {
		t.Fatalf("phase %d, want DefenderWon", s.Phase)
	}
}

func TestDisputeRefusesBadInput(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	liar := honest.corrupted(lieBatch, lieStep)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	ch, de := a.challenger, a.defender

	// Opening.
	a.refused("NoRoot", ch, gameBond, "open", big.NewInt(3), liar.out(6))
	a.refused("SameRoot", ch, gameBond, "open", big.NewInt(1), honest.out(6))
	a.refused("BondTooLow", ch, new(big.Int).Sub(gameBond, common.Big1), "open", big.NewInt(1), liar.out(6))
	// A bond above the game's would price validators out of defending.
	a.refused("WrongBond", ch, oneBond(100), "open", big.NewInt(1), liar.out(6))

	// A validator that opens a dispute may not defend in it.
	own := a.call("disputeCount")[0].(*big.Int)
	a.move("open", a.validators[3], gameBond, "open", big.NewInt(2), lie(honest.out(7)))
	a.refused("NotAValidator", a.validators[3], gameBond, "defend", own)

	d := a.open(1, liar.out(6))
	a.refused("NoGame", de, nil, "bisect", big.NewInt(9), honest.out(4), []common.Hash{}) // no defender yet
	a.refused("WrongBond", de, oneBond(2), "defend", d)
	id := a.defend(d, de)
	a.refused("AlreadyDefended", de, gameBond, "defend", d)
	a.refused("NoDispute", de, gameBond, "defend", big.NewInt(9))
	a.refused("RootIntact", a.user, nil, "cancel", d)

	// Batch bisection: only the defender posts, once, a non-zero root without a proof.
	a.refused("NotYourTurn", ch, nil, "bisect", id, honest.out(4), []common.Hash{})
	a.refused("NotYourTurn", a.validators[1], nil, "bisect", id, honest.out(4), []common.Hash{}) // another validator
	a.refused("NotYourTurn", de, nil, "agree", id)
	a.refused("BadMidpoint", de, nil, "bisect", id, common.Hash{}, []common.Hash{})
	a.refused("BadStepProof", de, nil, "bisect", id, honest.out(4), []common.Hash{{1}})
	a.refused("WrongPhase", de, nil, "commitSteps", id, big.NewInt(1), common.Hash{}, honest.gameOutputAt(3), honest.gameOutputAt(4), []common.Hash{}, []common.Hash{})
	a.refused("WrongPhase", ch, nil, "step", id, []byte{})
	a.move("bisect", de, nil, "bisect", id, honest.out(4), []common.Hash{})
	a.refused("NotYourTurn", de, nil, "bisect", id, honest.out(4), []common.Hash{})
	a.refused("NotYourTurn", a.user, nil, "disagree", id) // only the challenger chooses
	a.move("choose", ch, nil, "disagree", id)             // 2..4
	a.move("bisect", de, nil, "bisect", id, honest.out(3), []common.Hash{})
	a.move("choose", ch, nil, "agree", id) // 3..4: batch 4

	// The step commitment must open the agreed root at leaf 0 and the claim at the step count.
	st := honest.steps[lieBatch]
	n := len(st.Roots)
	pre, post := stepProof(t, st, 0), stepProof(t, st, n)
	before, after := honest.gameOutputAt(lieBatch-1), honest.gameOutputAt(lieBatch)
	a.refused("NotYourTurn", ch, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, after, pre, post)
	a.refused("BadStepProof", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, after, post, post)
	a.refused("BadStepProof", de, nil, "commitSteps", id, big.NewInt(int64(n-1)), st.Root(), before, after, pre, stepProof(t, st, n-1))
	a.refused("BadStepProof", de, nil, "commitSteps", id, big.NewInt(int64(n)), lie(st.Root()), before, after, pre, post)
	a.refused("BadStepProof", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, after, pre[:len(pre)-1], post)
	// The outputs must open the agreed root and the defender's: another
	// block hash, or the outputs swapped, do not.
	wrongBlock := after
	wrongBlock.BlockHash = before.BlockHash
	a.refused("BadOutput", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, wrongBlock, pre, post)
	a.refused("BadOutput", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), after, before, pre, post)
	a.move("commit", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, after, pre, post)
	a.refused("WrongPhase", de, nil, "commitSteps", id, big.NewInt(int64(n)), st.Root(), before, after, pre, post)

	// Step midpoints must match the commitment.
	mid := n / 2
	a.refused("BadStepProof", de, nil, "bisect", id, lie(st.Roots[mid-1]), stepProof(t, st, mid))
	a.refused("BadStepProof", de, nil, "bisect", id, st.Roots[mid], stepProof(t, st, mid)) // the root after step mid+1
	a.refused("BadStepProof", de, nil, "bisect", id, st.Roots[mid-1], []common.Hash{})
	a.move("bisect", de, nil, "bisect", id, st.Roots[mid-1], stepProof(t, st, mid))

	// A move after the mover's clock ran out.
	a.AdjustTimeOrFatal(gameClock + time.Second)
	a.refused("ClockExpired", ch, nil, "agree", id)
	a.move("timeout", a.user, nil, "claimTimeout", id)
	a.refused("WrongPhase", ch, nil, "agree", id)
	a.refused("WrongPhase", de, nil, "bisect", id, st.Roots[0], stepProof(t, st, 1))
	a.refused("WrongPhase", a.user, nil, "claimTimeout", id)
	a.refused("DisputeClosed", a.user, nil, "settle", d)
	a.refused("DisputeClosed", a.user, nil, "cancel", d)

	// A final root cannot be disputed; the first root is final by now, the others too.
	a.AdjustTimeOrFatal(101 * time.Second)
	a.refused("RootFinal", ch, gameBond, "open", big.NewInt(0), liar.out(2))
}

// A dispute whose root another dispute deleted is void: the bonds at stake return.
func TestDisputeVoidWhenRootDeleted(t *testing.T) {
	honest := buildL2(t, disputeBatches)
	a := newArena(t, honest.output(0), oneStepProver)
	commitRoots(a, honest)
	later := a.open(2, lie(honest.out(7)))
	a.defend(later, a.defender)
	first := a.open(1, lie(honest.out(6)))
	if got := a.call("openDisputeCount")[0].(*big.Int); got.Int64() != 2 {
		t.Fatalf("%v open disputes, want 2", got)
	}
	a.AdjustTimeOrFatal(gameClock + time.Second)
	a.settleDispute(first) // nobody defended root 1: deleted with root 2
	if n := a.rootCount(); n != 1 {
		t.Fatalf("%d roots, want 1", n)
	}
	a.move("cancel", a.user, nil, "cancel", later)
	if s := a.dispute(later); s.Status != disputeVoid {
		t.Fatalf("status %d, want Void", s.Status)
	}
	if s := a.state(big.NewInt(0)); s.Phase != phaseVoid {
		t.Fatalf("the later dispute's game at phase %d, want Void", s.Phase)
	}
	a.settle(oneBond(2), gameBond, new(big.Int))
}

func (a *arena) AdjustTimeOrFatal(d time.Duration) {
	a.t.Helper()
	if err := a.l1.AdjustTime(d); err != nil {
		a.t.Fatal(err)
	}
}

// A root of one batch goes straight to the step commitment, and a batch with
// no steps to the one "step" 0: the claim that the batch is empty.
func TestDisputeSingleBatchAndEmptyBatch(t *testing.T) {
	honest := buildL2(t, []int{2, 0, 5})
	liar := honest.corrupted(3, 4)
	a := newArena(t, honest.output(0), oneStepProver)
	a.submitRoot(1, 1, honest.out(1))
	a.submitRoot(2, 2, honest.out(2)) // empty: the same state root as batch 1
	a.submitRoot(3, 3, liar.out(3))

	empty := a.defend(a.open(1, lie(honest.out(2))), a.defender)
	if s := a.state(empty); s.Phase != phaseStepCommitment || s.Batch != 2 {
		t.Fatalf("phase %d batch %d after defending a one-batch root, want the step commitment of batch 2", s.Phase, s.Batch)
	}
	s := a.play(empty, honest, liar)
	if s.Phase != phaseOneStep || s.StepCount != 0 || s.Hi != 0 {
		t.Fatalf("phase %d at step %d of %d, want one step 0 of 0", s.Phase, s.Hi, s.StepCount)
	}
	a.refused("UnknownTransition", a.defender, nil, "step", empty, []byte{}) // the prover's refusal decides nothing
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(2), big.NewInt(0), honest.roots[1], honest.roots[1]))
	a.move("step", a.defender, nil, "step", empty, []byte{})
	if s := a.state(empty); s.Phase != phaseDefenderWon {
		t.Fatalf("phase %d, want DefenderWon", s.Phase)
	}

	wrongDispute := a.open(2, honest.out(3))
	wrong := a.defend(wrongDispute, a.defender)
	s = a.play(wrong, liar, honest)
	if s.Phase != phaseOneStep || s.Batch != 3 || s.Hi != 4 || s.StepCount != 5 {
		t.Fatalf("phase %d at batch %d step %d of %d, want one step 4 of 5 in batch 3", s.Phase, s.Batch, s.Hi, s.StepCount)
	}
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(3), big.NewInt(4), honest.leaf(3, 3), honest.leaf(3, 4)))
	a.move("step", a.user, nil, "step", wrong, []byte{})
	if s := a.state(wrong); s.Phase != phaseChallengerWon {
		t.Fatalf("phase %d, want ChallengerWon", s.Phase)
	}
	a.AdjustTimeOrFatal(gameClock)
	a.settleDispute(wrongDispute)
	if n := a.rootCount(); n != 2 {
		t.Fatalf("%d roots, want 2", n)
	}
	burn := burnOfBond()
	a.settle(new(big.Int).Sub(oneBond(2), burn), new(big.Int).Sub(oneBond(2), burn), new(big.Int).Mul(burn, big.NewInt(2)))
}

// The gas of each move and the number of moves at scale: a root of 64
// batches, disputed inside a batch of 10,000 steps (synthetic roots: the game
// checks only their commitment). Recorded in docs/benchmarks.md.
func TestDisputeGasAtScale(t *testing.T) {
	const batches, steps, lieAt, lieStepAt = 64, 10_000, 40, 6_001
	rng := rand.New(rand.NewSource(7))
	random := func() (h common.Hash) { rng.Read(h[:]); return h }
	honest := &l2View{steps: map[uint64]*exec.Steps{}}
	for range batches + 1 {
		honest.roots = append(honest.roots, random())
		honest.blocks = append(honest.blocks, random())
	}
	st := &exec.Steps{Batch: lieAt, Pre: honest.roots[lieAt-1]}
	for range steps - 1 {
		st.Roots = append(st.Roots, random())
	}
	st.Roots = append(st.Roots, honest.roots[lieAt])
	honest.steps[lieAt] = st
	liar := honest.corrupted(lieAt, lieStepAt)

	a := newArena(t, honest.output(0), oneStepProver)
	a.submitRoot(1, batches, liar.out(batches))
	d := a.open(0, honest.out(batches))
	id := a.defend(d, a.defender)
	a.moves = 0
	s := a.play(id, liar, honest)
	if s.Phase != phaseOneStep || s.Batch != lieAt || s.Hi != lieStepAt {
		t.Fatalf("phase %d at batch %d step %d, want one step %d of batch %d", s.Phase, s.Batch, s.Hi, lieStepAt, lieAt)
	}
	a.ok(a.deployer, a.proverC, nil, pack(t, oneStepProver, "setTransition", big.NewInt(lieAt), big.NewInt(lieStepAt),
		honest.leaf(lieAt, lieStepAt-1), honest.leaf(lieAt, lieStepAt)))
	a.move("step", a.challenger, nil, "step", id, []byte{})
	a.AdjustTimeOrFatal(gameClock)
	a.settleDispute(d)
	a.moves-- // the settlement is not a move of the game
	// log2(64) = 6 batch rounds and 13 or 14 step rounds (⌊log2 10,000⌋ or
	// ⌈log2 10,000⌉, by the path) of a midpoint and a choice each, the step
	// commitment, and the step.
	if lo, hi := 2*(6+13)+2, 2*(6+14)+2; a.moves < lo || a.moves > hi {
		t.Errorf("%d moves after defending, want %d to %d", a.moves, lo, hi)
	}
	t.Logf("%d moves after defending", a.moves)
	for _, k := range []string{"open", "defend", "bisect batches", "choose", "commit steps", "bisect steps", "step", "settle"} {
		g := a.gas[k]
		lo, hi := slices.Min(g), slices.Max(g)
		t.Logf("%-15s %d× gas %d..%d", k, len(g), lo, hi)
	}
}
