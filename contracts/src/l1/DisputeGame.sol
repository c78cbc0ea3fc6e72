// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {OutputRoot} from "src/l1/OutputRoot.sol";
import {StateCommitmentChain} from "src/l1/StateCommitmentChain.sol";

/// @notice Proves one step of a batch on L1 (docs/fraud-proofs.md, "The one-step proof").
interface IOneStepProver {
    /// @notice The state root after step `step` (1-based) of batch `batch`, applied to the state
    ///         `preRoot`, as `proof` shows it, or `UNDECIDABLE` for a step it proves to be of a
    ///         kind it cannot execute (a general EVM transaction). `blockHash` is the batch's block
    ///         hash and `parentBlockHash` its parent's, from the output roots the game agreed and
    ///         disputed; the step's transaction and block context must be read through them. Step
    ///         0 means "the batch has no steps" and its post-root is `preRoot`. The prover must
    ///         also refuse a step beyond the batch's last, and, when `step == stepCount`, a batch
    ///         with more steps than `stepCount`: a defender's step count is trusted nowhere else.
    ///         Reverts when `proof` proves nothing.
    function prove(
        uint256 batch,
        bytes32 blockHash,
        bytes32 parentBlockHash,
        uint256 step,
        uint256 stepCount,
        bytes32 preRoot,
        bytes calldata proof
    ) external view returns (bytes32 postRoot);
}

/// @title DisputeGame
/// @notice The interactive fraud-proof game over the StateCommitmentChain's output roots
///         (docs/fraud-proofs.md). A challenger opens a game against a root that is not final, with
///         a bond and the post-state root it says is right; a defender joins with the same bond.
///         The defender then narrows the dispute down by bisection: it posts the state root at the
///         midpoint of the disputed interval and the challenger agrees (the dispute moves to the
///         upper half) or disagrees (the lower half). First over the root's batches (the midpoints
///         are output roots, OutputRoot.hash of a state root and a block hash), down to one
///         batch; then the defender opens the two output roots around that batch and commits to
///         its step roots (exec.Steps.Root), and the
///         bisection continues over steps, every midpoint proven against the commitment, down to
///         one step whose pre-root is agreed and whose post-root the defender claims. The
///         one-step prover decides it: the defender wins iff the prover reproduces its claim,
///         or proves the step to be one it cannot execute (then the root stands on the
///         validators' signatures, as it did before fraud proofs).
/// @dev Turn order: the defender makes every claim (the midpoints, the step commitment) and the
///      challenger only chooses a half, so each move is one transaction and the side that loses
///      the final step is the one whose claim there is false. With an honest defender every
///      agreed root and every defender claim is true; with an honest challenger the agreed root is
///      always true and the defender's claim at the top of the interval always false.
///
///      Clocks: each side has `clock` seconds in total for all its moves (the defender's joining
///      counts against its clock). A move after the mover's time ran out reverts, and then anyone
///      may `claimTimeout` for the other side.
///
///      Finalization: while a game against root `i` is open, the StateCommitmentChain treats root
///      `i` and every later root as not final (`holdsRoot`), so a root under dispute can always be
///      deleted by its game and nothing proven against a later root pays out meanwhile.
///
///      Without a prover (address zero) a step cannot be decided on L1: at one step it is the
///      challenger's turn, which has no move, so the defender wins once the challenger's clock runs
///      out. The root then stands on the validators' signatures, as before there were fraud proofs.
contract DisputeGame {
    enum Phase {
        None,
        AwaitingDefender,
        BatchBisection,
        StepCommitment,
        StepBisection,
        OneStep,
        ChallengerWon,
        DefenderWon,
        Void
    }

    enum Side {
        Defender,
        Challenger
    }

    /// @notice One dispute. Positions are batch numbers (the output after that batch) during batch
    ///         bisection and step indices within `batch` (the state after that step, 0 the batch's
    ///         pre-state) afterwards. `agreedRoot` and `defenderRoot` are output roots until the
    ///         step commitment and state roots from then on.
    struct Game {
        address challenger;
        uint64 rootIndex;
        Phase phase;
        Side turn;
        address defender;
        /// When the side to move got the turn.
        uint64 turnStart;
        /// Seconds each side has left.
        uint64 challengerClock;
        uint64 defenderClock;
        /// The disputed interval: the agreed root at `lo`, the defender's claim at `hi`.
        uint64 lo;
        uint64 hi;
        /// The batch whose steps are disputed (from the step commitment on) and its step count.
        uint64 batch;
        uint64 stepCount;
        /// The root's submission time, with outputRoot identifying it if it is deleted and replaced.
        uint64 rootSubmittedAt;
        uint128 bondEach;
        bytes32 outputRoot;
        bytes32 claimedRoot;
        bytes32 agreedRoot;
        bytes32 defenderRoot;
        /// The defender's midpoint awaiting the challenger's choice (zero: none).
        bytes32 pendingMid;
        bytes32 stepsRoot;
        /// From the step commitment on: the block hash of `batch` and of its parent, opened from
        /// the disputed and the agreed output roots.
        bytes32 blockHash;
        bytes32 parentBlockHash;
    }

    /// @notice The state root and block hash an output root opens to.
    struct Output {
        bytes32 stateRoot;
        bytes32 blockHash;
    }

    /// @notice What a prover returns for a step it proves it cannot execute (a general EVM
    ///         transaction): no state root has this value.
    bytes32 public constant UNDECIDABLE = keccak256("l2node/one-step/undecidable");

    /// @notice The chain whose roots are disputed; this contract must be its fraudProofGame.
    StateCommitmentChain public immutable stateCommitmentChain;
    /// @notice Decides the final step; zero: no step can be decided (see the contract's notes).
    IOneStepProver public immutable prover;
    /// @notice The L2 genesis output root (OutputRoot.hash of the genesis state root and block
    ///         hash): the agreed pre-state of the first root.
    bytes32 public immutable genesisOutputRoot;
    /// @notice The minimum bond of a challenger; the defender matches the challenger's bond.
    uint256 public immutable bond;
    /// @notice Each side's total time to move, in seconds.
    uint256 public immutable clock;
    /// @notice The share of the loser's bond burned (kept by this contract), in basis points.
    uint256 public immutable burnBps;

    Game[] private _games;
    /// Games not yet decided, in no order; `_openPos` is each one's index plus one.
    uint256[] private _open;
    mapping(uint256 => uint256) private _openPos;
    /// @notice What each address may withdraw.
    mapping(address => uint256) public credits;
    /// @notice The wei burned so far: loser's shares kept by this contract for good.
    uint256 public burned;

    event GameOpened(uint256 indexed gameId, uint256 indexed rootIndex, address indexed challenger, bytes32 claimedRoot);
    event GameDefended(uint256 indexed gameId, address indexed defender);
    /// @notice The defender claims `root` at `position`.
    event MidpointPosted(uint256 indexed gameId, uint256 position, bytes32 root);
    /// @notice The challenger chose; the dispute is now over `lo..hi`.
    event HalfChosen(uint256 indexed gameId, bool agreed, uint256 lo, uint256 hi);
    event StepsCommitted(uint256 indexed gameId, uint256 batch, uint256 stepCount, bytes32 stepsRoot);
    /// @notice The prover showed the final step to be one it cannot execute; the defender wins.
    event StepUndecidable(uint256 indexed gameId, uint256 batch, uint256 step);
    /// @notice The dispute is down to step `step` of `batch`.
    event OneStepReached(uint256 indexed gameId, uint256 batch, uint256 step, bytes32 preRoot, bytes32 claimedPostRoot);
    event GameResolved(uint256 indexed gameId, Side winner, bool byTimeout);
    /// @notice The disputed root was deleted or replaced by other means; both bonds are returned.
    event GameVoided(uint256 indexed gameId);

    error GameNotInstalled();
    error NoRoot(uint256 index);
    error RootFinal(uint256 index);
    error SameRoot();
    error BondTooLow(uint256 sent, uint256 required);
    error NoGame(uint256 gameId);
    error WrongPhase(Phase phase);
    error AlreadyDefended();
    /// @notice Only a member of the StateCommitmentChain's validator set may defend a root.
    error NotAValidator(address account);
    error WrongBond(uint256 sent, uint256 required);
    error NotYourTurn();
    error ClockExpired();
    error ClockRunning();
    error BadMidpoint();
    error BadStepProof();
    /// @notice An opened output root does not hash to the game's root.
    error BadOutput();
    error NoProver();
    error RootIntact();
    error NothingToWithdraw();
    error TransferFailed();

    constructor(
        StateCommitmentChain stateCommitmentChain_,
        IOneStepProver prover_,
        bytes32 genesisOutputRoot_,
        uint256 bond_,
        uint256 clock_,
        uint256 burnBps_
    ) {
        require(bond_ > 0 && bond_ <= type(uint128).max, "DisputeGame: bond");
        require(clock_ > 0 && clock_ <= type(uint32).max, "DisputeGame: clock");
        require(burnBps_ <= 10_000, "DisputeGame: burn share");
        stateCommitmentChain = stateCommitmentChain_;
        prover = prover_;
        genesisOutputRoot = genesisOutputRoot_;
        bond = bond_;
        clock = clock_;
        burnBps = burnBps_;
    }

    // ---- Opening and joining ----

    /// @notice Opens a game against the root at `rootIndex`, claiming `claimedRoot` is the state
    ///         after its last batch. The bond is `msg.value`, at least `bond`.
    function open(uint256 rootIndex, bytes32 claimedRoot) external payable returns (uint256 gameId) {
        StateCommitmentChain scc = stateCommitmentChain;
        if (scc.fraudProofGame() != address(this)) revert GameNotInstalled();
        if (rootIndex >= scc.rootCount()) revert NoRoot(rootIndex);
        if (scc.isFinalized(rootIndex)) revert RootFinal(rootIndex);
        if (msg.value < bond) revert BondTooLow(msg.value, bond);
        StateCommitmentChain.StateRoot memory r = scc.getRoot(rootIndex);
        if (claimedRoot == r.outputRoot || claimedRoot == 0) revert SameRoot();
        bytes32 pre = rootIndex == 0 ? genesisOutputRoot : scc.getRoot(rootIndex - 1).outputRoot;

        gameId = _games.length;
        Game storage g = _games.push();
        g.challenger = msg.sender;
        g.rootIndex = uint64(rootIndex);
        g.phase = Phase.AwaitingDefender;
        g.turn = Side.Defender;
        g.turnStart = uint64(block.timestamp);
        g.challengerClock = uint64(clock);
        g.defenderClock = uint64(clock);
        g.lo = r.startBatch - 1;
        g.hi = r.endBatch;
        g.rootSubmittedAt = r.submittedAt;
        g.bondEach = uint128(msg.value);
        g.outputRoot = r.outputRoot;
        g.claimedRoot = claimedRoot;
        g.agreedRoot = pre;
        g.defenderRoot = r.outputRoot;
        _open.push(gameId);
        _openPos[gameId] = _open.length;
        emit GameOpened(gameId, rootIndex, msg.sender, claimedRoot);
    }

    /// @notice Joins game `gameId` as its defender, with the challenger's bond, within the
    ///         defender's clock. Only a validator may defend: the seat decides whether a root
    ///         stands, so a challenger must not be able to take it with a second account and
    ///         lose on purpose.
    function defend(uint256 gameId) external payable {
        Game storage g = _game(gameId);
        if (g.phase != Phase.AwaitingDefender) {
            if (g.defender != address(0)) revert AlreadyDefended();
            revert WrongPhase(g.phase);
        }
        if (stateCommitmentChain.stakeOf(msg.sender) == 0) revert NotAValidator(msg.sender);
        if (msg.value != g.bondEach) revert WrongBond(msg.value, g.bondEach);
        g.defender = msg.sender;
        _tick(g, Side.Defender);
        emit GameDefended(gameId, msg.sender);
        if (g.hi - g.lo == 1) {
            g.phase = Phase.StepCommitment;
            g.batch = g.hi;
        } else {
            g.phase = Phase.BatchBisection;
        }
    }

    // ---- Bisection ----

    /// @notice The defender claims `midRoot` at the midpoint of the disputed interval: an output
    ///         root over batches (then `proof` must be empty), a state root over steps, proven by
    ///         `proof` against the step commitment.
    function bisect(uint256 gameId, bytes32 midRoot, bytes32[] calldata proof) external {
        Game storage g = _game(gameId);
        if (g.phase != Phase.BatchBisection && g.phase != Phase.StepBisection) revert WrongPhase(g.phase);
        _move(g, Side.Defender);
        if (midRoot == 0) revert BadMidpoint();
        uint256 mid = (uint256(g.lo) + g.hi) / 2;
        if (g.phase == Phase.BatchBisection) {
            if (proof.length != 0) revert BadStepProof();
        } else if (!_verifyStep(g.stepsRoot, g.stepCount, mid, midRoot, proof)) {
            revert BadStepProof();
        }
        g.pendingMid = midRoot;
        g.turn = Side.Challenger;
        emit MidpointPosted(gameId, mid, midRoot);
    }

    /// @notice The challenger agrees with the posted midpoint: the dispute moves to the upper half.
    function agree(uint256 gameId) external {
        _choose(gameId, true);
    }

    /// @notice The challenger disagrees with the posted midpoint: the dispute moves to the lower half.
    function disagree(uint256 gameId) external {
        _choose(gameId, false);
    }

    /// @notice Once one batch remains, the defender opens the agreed output root before it (`pre`)
    ///         and its own after it (`post`), and commits to the batch's steps: `stepsRoot` is the
    ///         Merkle root of exec.Steps over the pre-root and the `stepCount` step roots;
    ///         `preProof` proves leaf 0 is `pre`'s state root and `postProof` leaf `stepCount`
    ///         `post`'s.
    function commitSteps(
        uint256 gameId,
        uint256 stepCount,
        bytes32 stepsRoot,
        Output calldata pre,
        Output calldata post,
        bytes32[] calldata preProof,
        bytes32[] calldata postProof
    ) external {
        Game storage g = _game(gameId);
        if (g.phase != Phase.StepCommitment) revert WrongPhase(g.phase);
        _move(g, Side.Defender);
        if (stepCount > type(uint64).max) revert BadStepProof();
        if (
            OutputRoot.hash(pre.stateRoot, pre.blockHash) != g.agreedRoot
                || OutputRoot.hash(post.stateRoot, post.blockHash) != g.defenderRoot
        ) revert BadOutput();
        if (
            !_verifyStep(stepsRoot, stepCount, 0, pre.stateRoot, preProof)
                || !_verifyStep(stepsRoot, stepCount, stepCount, post.stateRoot, postProof)
        ) revert BadStepProof();
        g.agreedRoot = pre.stateRoot;
        g.defenderRoot = post.stateRoot;
        g.parentBlockHash = pre.blockHash;
        g.blockHash = post.blockHash;
        g.stepsRoot = stepsRoot;
        g.stepCount = uint64(stepCount);
        g.lo = 0;
        g.hi = uint64(stepCount);
        emit StepsCommitted(gameId, g.batch, stepCount, stepsRoot);
        if (stepCount <= 1) {
            // NB: with no steps the one "step" is 0: the claim that the batch is empty.
            _reachOneStep(gameId, g);
        } else {
            g.phase = Phase.StepBisection;
        }
    }

    // ---- Resolution ----

    /// @notice Decides the final step with the prover: the defender wins if the prover's post-root
    ///         is its claim or the prover shows the step to be undecidable on L1 (`UNDECIDABLE`), the
    ///         challenger otherwise. Anyone may call it, within the defender's clock.
    function step(uint256 gameId, bytes calldata proof) external {
        Game storage g = _game(gameId);
        if (g.phase != Phase.OneStep) revert WrongPhase(g.phase);
        if (address(prover) == address(0)) revert NoProver();
        if (_expired(g)) revert ClockExpired();
        bytes32 post = prover.prove(g.batch, g.blockHash, g.parentBlockHash, g.hi, g.stepCount, g.agreedRoot, proof);
        if (post == UNDECIDABLE) {
            emit StepUndecidable(gameId, g.batch, g.hi);
            _resolve(gameId, g, Side.Defender, false);
            return;
        }
        _resolve(gameId, g, post == g.defenderRoot ? Side.Defender : Side.Challenger, false);
    }

    /// @notice Awards game `gameId` to the side not to move, once the side to move ran out of time.
    function claimTimeout(uint256 gameId) external {
        Game storage g = _game(gameId);
        if (g.phase < Phase.AwaitingDefender || g.phase > Phase.OneStep) revert WrongPhase(g.phase);
        if (!_expired(g)) revert ClockRunning();
        _resolve(gameId, g, g.turn == Side.Defender ? Side.Challenger : Side.Defender, true);
    }

    /// @notice Ends game `gameId` without a winner when its root is no longer the one disputed
    ///         (another game deleted it, and perhaps a new root took its index) or the chain no
    ///         longer uses this game; both bonds return.
    function cancel(uint256 gameId) external {
        Game storage g = _game(gameId);
        if (g.phase < Phase.AwaitingDefender || g.phase > Phase.OneStep) revert WrongPhase(g.phase);
        if (_rootIntact(g) && stateCommitmentChain.fraudProofGame() == address(this)) revert RootIntact();
        _void(gameId, g);
    }

    /// @notice Pays out the caller's credits.
    function withdraw() external {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        credits[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    // ---- Views ----

    /// @notice Whether an undecided game disputes the root at `index` or an earlier one: then the
    ///         root at `index` must not finalize. The StateCommitmentChain asks this.
    function holdsRoot(uint256 index) external view returns (bool) {
        uint256 n = _open.length;
        for (uint256 i = 0; i < n; i++) {
            if (_games[_open[i]].rootIndex <= index) return true;
        }
        return false;
    }

    /// @notice Game `gameId`.
    function getGame(uint256 gameId) external view returns (Game memory) {
        if (gameId >= _games.length) revert NoGame(gameId);
        return _games[gameId];
    }

    /// @notice The number of games ever opened.
    function gameCount() external view returns (uint256) {
        return _games.length;
    }

    /// @notice The number of games not yet decided.
    function openGameCount() external view returns (uint256) {
        return _open.length;
    }

    // ---- Internals ----

    function _game(uint256 gameId) private view returns (Game storage) {
        if (gameId >= _games.length) revert NoGame(gameId);
        return _games[gameId];
    }

    function _choose(uint256 gameId, bool agreed) private {
        Game storage g = _game(gameId);
        if (g.phase != Phase.BatchBisection && g.phase != Phase.StepBisection) revert WrongPhase(g.phase);
        _move(g, Side.Challenger);
        uint64 mid = uint64((uint256(g.lo) + g.hi) / 2);
        if (agreed) {
            g.agreedRoot = g.pendingMid;
            g.lo = mid;
        } else {
            g.defenderRoot = g.pendingMid;
            g.hi = mid;
        }
        g.pendingMid = 0;
        g.turn = Side.Defender;
        emit HalfChosen(gameId, agreed, g.lo, g.hi);
        if (g.hi - g.lo == 1) {
            if (g.phase == Phase.BatchBisection) {
                g.phase = Phase.StepCommitment;
                g.batch = g.hi;
            } else {
                _reachOneStep(gameId, g);
            }
        }
    }

    function _reachOneStep(uint256 gameId, Game storage g) private {
        g.phase = Phase.OneStep;
        // NB: without a prover nobody can move now; the challenger's clock decides for the defender.
        g.turn = address(prover) == address(0) ? Side.Challenger : Side.Defender;
        emit OneStepReached(gameId, g.batch, g.hi, g.agreedRoot, g.defenderRoot);
    }

    /// Charges the mover for the time since it got the turn; the caller must be that side.
    function _move(Game storage g, Side who) private {
        if (g.turn != who || msg.sender != (who == Side.Defender ? g.defender : g.challenger)) revert NotYourTurn();
        _tick(g, who);
    }

    function _tick(Game storage g, Side who) private {
        uint64 elapsed = uint64(block.timestamp) - g.turnStart;
        if (who == Side.Defender) {
            if (elapsed > g.defenderClock) revert ClockExpired();
            g.defenderClock -= elapsed;
        } else {
            if (elapsed > g.challengerClock) revert ClockExpired();
            g.challengerClock -= elapsed;
        }
        g.turnStart = uint64(block.timestamp);
    }

    function _expired(Game storage g) private view returns (bool) {
        uint64 left = g.turn == Side.Defender ? g.defenderClock : g.challengerClock;
        return block.timestamp - g.turnStart > left;
    }

    function _rootIntact(Game storage g) private view returns (bool) {
        StateCommitmentChain scc = stateCommitmentChain;
        if (g.rootIndex >= scc.rootCount()) return false;
        StateCommitmentChain.StateRoot memory r = scc.getRoot(g.rootIndex);
        return r.outputRoot == g.outputRoot && r.submittedAt == g.rootSubmittedAt;
    }

    function _resolve(uint256 gameId, Game storage g, Side winner, bool byTimeout) private {
        // NB: a game the chain no longer uses (the owner installed another) cannot delete
        // anything; voiding returns the bonds instead of locking them.
        if (!_rootIntact(g) || stateCommitmentChain.fraudProofGame() != address(this)) {
            _void(gameId, g);
            return;
        }
        g.phase = winner == Side.Challenger ? Phase.ChallengerWon : Phase.DefenderWon;
        uint256 loserBond = g.defender == address(0) ? 0 : g.bondEach;
        uint256 burn = loserBond * burnBps / 10_000;
        burned += burn;
        credits[winner == Side.Challenger ? g.challenger : g.defender] += uint256(g.bondEach) + loserBond - burn;
        if (winner == Side.Challenger) {
            // NB: the game is still open here, so the root is held and deletable. A defender
            // beaten at the step made a claim the prover refuted: it is slashed. A timeout proves
            // nothing, and the root's signers are not slashed either: a dishonest validator could
            // take the seat of a correct root and lose on purpose.
            stateCommitmentChain.deleteRootsFrom(g.rootIndex, byTimeout ? address(0) : g.defender);
        }
        _close(gameId);
        emit GameResolved(gameId, winner, byTimeout);
    }

    function _void(uint256 gameId, Game storage g) private {
        g.phase = Phase.Void;
        credits[g.challenger] += g.bondEach;
        if (g.defender != address(0)) credits[g.defender] += g.bondEach;
        _close(gameId);
        emit GameVoided(gameId);
    }

    function _close(uint256 gameId) private {
        uint256 pos = _openPos[gameId];
        uint256 last = _open[_open.length - 1];
        _open[pos - 1] = last;
        _openPos[last] = pos;
        _open.pop();
        delete _openPos[gameId];
    }

    /// Whether `leaf` is leaf `index` of the exec.Steps Merkle tree over `stepCount + 1` leaves
    /// (zero-padded to a power of two) with root `root`; the proof must have the tree's depth.
    function _verifyStep(bytes32 root, uint256 stepCount, uint256 index, bytes32 leaf, bytes32[] calldata proof)
        private
        pure
        returns (bool)
    {
        uint256 depth;
        while ((uint256(1) << depth) < stepCount + 1) depth++;
        if (proof.length != depth || index > stepCount) return false;
        bytes32 h = leaf;
        for (uint256 i = 0; i < depth; i++) {
            h = index & 1 == 0 ? _hashPair(h, proof[i]) : _hashPair(proof[i], h);
            index >>= 1;
        }
        return h == root;
    }

    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, a)
            mstore(0x20, b)
            h := keccak256(0x00, 0x40)
        }
    }
}
