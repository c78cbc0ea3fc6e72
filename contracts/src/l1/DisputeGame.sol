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
///         (docs/fraud-proofs.md). A challenger opens a dispute against a root in its challenge
///         window, with a bond and the output root it says is right. Within the join window
///         (`clock` seconds from the opening) every validator may join as a defender, its bond
///         collateral on the root for every dispute against it (`Collateral`); each defender
///         plays its own game against the challenger. A game narrows the dispute
///         down by bisection: the defender posts the root at the midpoint of the disputed interval
///         and the challenger agrees (the dispute moves to the upper half) or disagrees (the lower
///         half). First over the root's batches (the midpoints are output roots, OutputRoot.hash
///         of a state root and a block hash), down to one batch; then the defender opens the two
///         output roots around that batch and commits to its step roots (exec.Steps.Root), and the
///         bisection continues over steps, every midpoint proven against the commitment, down to
///         one step whose pre-root is agreed and whose post-root the defender claims. The
///         one-step prover decides it: the defender wins iff the prover reproduces its claim,
///         or proves the step to be one it cannot execute (then the root stands on the
///         validators' signatures, as it did before fraud proofs).
///
///         Outcome of a dispute. The first defender to win a game ends it: the root stands, that
///         defender takes the challenger's bond, and the other games are void. A defender beaten
///         at a step the prover decided made a claim proven false: it is slashed out of the
///         validator set at once, whatever the dispute's outcome. Once the join window has closed,
///         the challenger has won every game (or nobody joined) and no dispute against an earlier
///         root is open, the root is deleted with every later root, and its signers and its
///         defenders (who all lost, at the step or on time) are slashed: a signer could have defended it, and one honest
///         validator defending a correct root always wins. So nobody can get a correct root or its
///         signers slashed by taking a defender's seat and losing on purpose.
/// @dev Turn order within a game: the defender makes every claim (the midpoints, the step
///      commitment) and the challenger only chooses a half, so each move is one transaction and
///      the side that loses the final step is the one whose claim there is false. With an honest
///      defender every agreed root and every defender claim is true; with an honest challenger the
///      agreed root is always true and the defender's claim at the top of the interval always
///      false.
///
///      Clocks: in each game each side has `clock` seconds in total for all its moves; the
///      defender's clock starts at the dispute's opening, so joining late costs its own time. A
///      move after the mover's time ran out reverts, and then anyone may `claimTimeout` for the
///      other side. The challenger plays every game of its dispute, each on its own clocks.
///
///      Finalization: while a dispute against root `i` is open, the StateCommitmentChain treats
///      root `i` and every later root as not final (`holdsRoot`), so a root under dispute can
///      always be deleted and nothing proven against a later root pays out meanwhile. Disputes are
///      independent: a dispute a defender won ends only that dispute, and every challenger who
///      disagrees with a root opens its own.
///
///      Without a prover (address zero) a step cannot be decided on L1: at one step it is the
///      challenger's turn, which has no move, so the defender wins once the challenger's clock runs
///      out. The root then stands on the validators' signatures, as before there were fraud proofs.
contract DisputeGame {
    enum Phase {
        None,
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

    enum Status {
        None,
        Open,
        ChallengerWon,
        DefenderWon,
        Void
    }

    /// @notice One challenger's dispute against one root: its games are the defenders' games
    ///         against the challenger.
    struct Dispute {
        address challenger;
        uint64 rootIndex;
        Status status;
        /// The L1 time of the opening: defenders may join until `openedAt + clock`.
        uint64 openedAt;
        /// The root's submission time, with outputRoot identifying it if it is deleted and replaced.
        uint64 rootSubmittedAt;
        /// Games not yet decided, and games the challenger won.
        uint32 live;
        uint32 lost;
        bytes32 outputRoot;
        bytes32 claimedRoot;
        /// The agreed output root before the disputed root's first batch.
        bytes32 preRoot;
        /// The defender whose win ended the dispute.
        address winner;
        uint256[] games;
    }

    /// @notice One defender's game. Positions are batch numbers (the output after that batch)
    ///         during batch bisection and step indices within `batch` (the state after that step,
    ///         0 the batch's pre-state) afterwards. `agreedRoot` and `defenderRoot` are output roots
    ///         until the step commitment and state roots from then on.
    struct Game {
        address challenger;
        uint64 disputeId;
        Phase phase;
        Side turn;
        address defender;
        uint64 rootIndex;
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

    /// @notice A defender's collateral on one root: one bond covers every dispute against that
    ///         root it defends, so an attacker who opens many disputes cannot outspend the
    ///         validators' bonds. `amount` is what is left (a lost game pays it to that game's
    ///         challenger; joining again then takes a new bond), `games` the defender's undecided
    ///         games on the root; when they are done, what is left returns.
    struct Collateral {
        uint128 amount;
        uint128 games;
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
    /// @notice The bond of a challenger and of every defender.
    uint256 public immutable bond;
    /// @notice The join window of a dispute and each side's total time to move in a game, in
    ///         seconds.
    uint256 public immutable clock;
    /// @notice The share of a loser's bond burned (kept by this contract), in basis points.
    uint256 public immutable burnBps;

    Dispute[] private _disputes;
    Game[] private _games;
    /// The disputes not yet decided: how many, how many per root index, a bitmap of the root
    /// indices with any (bit i % 256 of word i / 256), and the lowest such index. `holdsRoot` and
    /// the settlement's wait for earlier disputes read only the lowest index, so they cost the
    /// same however many disputes are open.
    uint256 private _openCount;
    mapping(uint256 => uint256) private _openAtRoot;
    mapping(uint256 => uint256) private _openBits;
    uint256 private _lowestOpenRoot;
    /// Whether an address defends in a dispute already.
    mapping(uint256 => mapping(address => bool)) private _joined;
    /// Defenders' collateral, by root (see `_rootKey`) and defender.
    mapping(bytes32 => mapping(address => Collateral)) private _collateral;
    /// @notice What each address may withdraw.
    mapping(address => uint256) public credits;
    /// @notice The wei burned so far: losers' shares kept by this contract for good.
    uint256 public burned;

    event DisputeOpened(uint256 indexed disputeId, uint256 indexed rootIndex, address indexed challenger, bytes32 claimedRoot);
    /// @notice `defender` joined dispute `disputeId`: game `gameId` is its game against the challenger.
    event GameDefended(uint256 indexed gameId, uint256 indexed disputeId, address indexed defender);
    /// @notice The defender claims `root` at `position`.
    event MidpointPosted(uint256 indexed gameId, uint256 position, bytes32 root);
    /// @notice The challenger chose; the game is now over `lo..hi`.
    event HalfChosen(uint256 indexed gameId, bool agreed, uint256 lo, uint256 hi);
    event StepsCommitted(uint256 indexed gameId, uint256 batch, uint256 stepCount, bytes32 stepsRoot);
    /// @notice The prover showed the final step to be one it cannot execute; the defender wins.
    event StepUndecidable(uint256 indexed gameId, uint256 batch, uint256 step);
    /// @notice The game is down to step `step` of `batch`.
    event OneStepReached(uint256 indexed gameId, uint256 batch, uint256 step, bytes32 preRoot, bytes32 claimedPostRoot);
    event GameResolved(uint256 indexed gameId, Side winner, bool byTimeout);
    /// @notice A game ended without a winner: its dispute ended otherwise; the defender's bond returns.
    event GameVoided(uint256 indexed gameId);
    /// @notice The dispute is decided: by a defender's win (the root stands) or by the challenger's
    ///         win of every game after the join window (the root and its successors are deleted).
    event DisputeResolved(uint256 indexed disputeId, Side winner);
    /// @notice The disputed root was deleted or replaced by other means, or the chain no longer
    ///         uses this game; the bonds still at stake return.
    event DisputeVoided(uint256 indexed disputeId);

    error GameNotInstalled();
    error NoRoot(uint256 index);
    error RootFinal(uint256 index);
    error SameRoot();
    error BondTooLow(uint256 sent, uint256 required);
    error NoDispute(uint256 disputeId);
    error NoGame(uint256 gameId);
    /// @notice The dispute is decided or void.
    error DisputeClosed(Status status);
    /// @notice Defenders may join only within the join window.
    error JoinWindowClosed();
    /// @notice The dispute cannot be settled before its join window closes.
    error JoinWindowOpen();
    /// @notice The dispute cannot be settled while one of its games is undecided.
    error GamesLive(uint256 live);
    /// @notice The dispute cannot be settled while a dispute against an earlier root is open: that
    ///         root may be wrong, and then no defender could open this root's pre-state.
    error EarlierDisputeOpen();
    error WrongPhase(Phase phase);
    error AlreadyDefended();
    /// @notice Only a member of the StateCommitmentChain's validator set may defend a root, and
    ///         not in its own dispute.
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
    /// @notice The disputed root is no longer on the chain (or the chain uses another game).
    error RootGone();
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

    /// @notice Opens a dispute against the root at `rootIndex`, claiming `claimedRoot` is the
    ///         output after its last batch. The bond, `msg.value`, is exactly `bond`: a challenger
    ///         free to post more could price every validator out of defending.
    function open(uint256 rootIndex, bytes32 claimedRoot) external payable returns (uint256 disputeId) {
        StateCommitmentChain scc = stateCommitmentChain;
        if (scc.fraudProofGame() != address(this)) revert GameNotInstalled();
        if (rootIndex >= scc.rootCount()) revert NoRoot(rootIndex);
        if (msg.value < bond) revert BondTooLow(msg.value, bond);
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        StateCommitmentChain.StateRoot memory r = scc.getRoot(rootIndex);
        // NB: the challenge window, not isFinalized: a root held by an open dispute is not final,
        // and disputes opened one after another would hold a correct root for ever.
        if (block.timestamp >= r.finalizedAt) revert RootFinal(rootIndex);
        if (claimedRoot == r.outputRoot || claimedRoot == 0) revert SameRoot();

        disputeId = _disputes.length;
        Dispute storage d = _disputes.push();
        d.challenger = msg.sender;
        d.rootIndex = uint64(rootIndex);
        d.status = Status.Open;
        d.openedAt = uint64(block.timestamp);
        d.rootSubmittedAt = r.submittedAt;
        d.outputRoot = r.outputRoot;
        d.claimedRoot = claimedRoot;
        d.preRoot = rootIndex == 0 ? genesisOutputRoot : scc.getRoot(rootIndex - 1).outputRoot;
        _markOpen(rootIndex);
        emit DisputeOpened(disputeId, rootIndex, msg.sender, claimedRoot);
    }

    /// @notice Joins dispute `disputeId` as a defender within the join window; returns the new
    ///         game against the challenger. Only a validator may defend, once per dispute, and not
    ///         in its own dispute. The value is `bond` when the caller holds no collateral on the
    ///         disputed root (`collateralOf`), and zero when it does: one bond covers every
    ///         dispute against a root.
    function defend(uint256 disputeId) external payable returns (uint256 gameId) {
        Dispute storage d = _dispute(disputeId);
        if (d.status != Status.Open) revert DisputeClosed(d.status);
        if (block.timestamp > uint256(d.openedAt) + clock) revert JoinWindowClosed();
        if (_joined[disputeId][msg.sender]) revert AlreadyDefended();
        if (msg.sender == d.challenger || stateCommitmentChain.stakeOf(msg.sender) == 0) {
            revert NotAValidator(msg.sender);
        }
        Collateral storage c = _collateral[_rootKey(d)][msg.sender];
        uint256 due = c.amount == 0 ? bond : 0;
        if (msg.value != due) revert WrongBond(msg.value, due);
        if (!_usable(d)) revert RootGone();
        StateCommitmentChain.StateRoot memory r = stateCommitmentChain.getRoot(d.rootIndex);
        _joined[disputeId][msg.sender] = true;
        if (due != 0) c.amount = uint128(due);
        c.games++;

        gameId = _games.length;
        Game storage g = _games.push();
        g.challenger = d.challenger;
        g.disputeId = uint64(disputeId);
        g.defender = msg.sender;
        g.rootIndex = d.rootIndex;
        g.turn = Side.Defender;
        g.turnStart = uint64(block.timestamp);
        g.challengerClock = uint64(clock);
        // NB: the defender's time runs from the opening: joining late costs its own clock.
        g.defenderClock = uint64(clock - (block.timestamp - d.openedAt));
        g.lo = r.startBatch - 1;
        g.hi = r.endBatch;
        g.agreedRoot = d.preRoot;
        g.defenderRoot = d.outputRoot;
        if (g.hi - g.lo == 1) {
            g.phase = Phase.StepCommitment;
            g.batch = g.hi;
        } else {
            g.phase = Phase.BatchBisection;
        }
        d.games.push(gameId);
        d.live++;
        emit GameDefended(gameId, disputeId, msg.sender);
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

    /// @notice The challenger agrees with the posted midpoint: the game moves to the upper half.
    function agree(uint256 gameId) external {
        _choose(gameId, true);
    }

    /// @notice The challenger disagrees with the posted midpoint: the game moves to the lower half.
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
        if (g.phase < Phase.BatchBisection || g.phase > Phase.OneStep) revert WrongPhase(g.phase);
        if (!_expired(g)) revert ClockRunning();
        _resolve(gameId, g, g.turn == Side.Defender ? Side.Challenger : Side.Defender, true);
    }

    /// @notice Decides dispute `disputeId` for its challenger once its join window has closed,
    ///         the challenger has won every game (or nobody joined) and no dispute against an
    ///         earlier root is open: the root and every later one are deleted and the root's
    ///         signers slashed. Anyone may call it; the last game's resolution calls it too when
    ///         the window has closed by then.
    function settle(uint256 disputeId) external {
        Dispute storage d = _dispute(disputeId);
        if (d.status != Status.Open) revert DisputeClosed(d.status);
        if (!_usable(d)) {
            _voidDispute(disputeId, d);
            return;
        }
        if (block.timestamp <= uint256(d.openedAt) + clock) revert JoinWindowOpen();
        if (d.live != 0) revert GamesLive(d.live);
        if (_earlierOpen(d.rootIndex)) revert EarlierDisputeOpen();
        _challengerWins(disputeId, d);
    }

    /// @notice Ends dispute `disputeId` without a winner when its root is no longer the one
    ///         disputed (another dispute deleted it, and perhaps a new root took its index) or the
    ///         chain no longer uses this game; the bonds still at stake return.
    function cancel(uint256 disputeId) external {
        Dispute storage d = _dispute(disputeId);
        if (d.status != Status.Open) revert DisputeClosed(d.status);
        if (_usable(d)) revert RootIntact();
        _voidDispute(disputeId, d);
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

    /// @notice Whether an undecided dispute is against the root at `index` or an earlier one: then
    ///         the root at `index` must not finalize. The StateCommitmentChain asks this.
    function holdsRoot(uint256 index) external view returns (bool) {
        return _openCount != 0 && _lowestOpenRoot <= index;
    }

    /// @notice Dispute `disputeId`, with its games.
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        if (disputeId >= _disputes.length) revert NoDispute(disputeId);
        return _disputes[disputeId];
    }

    /// @notice Game `gameId`.
    function getGame(uint256 gameId) external view returns (Game memory) {
        if (gameId >= _games.length) revert NoGame(gameId);
        return _games[gameId];
    }

    /// @notice Whether `settle(disputeId)` would decide the dispute for its challenger now.
    function settleable(uint256 disputeId) external view returns (bool) {
        if (disputeId >= _disputes.length) return false;
        Dispute storage d = _disputes[disputeId];
        return d.status == Status.Open && block.timestamp > uint256(d.openedAt) + clock && d.live == 0
            && !_earlierOpen(d.rootIndex) && _usable(d);
    }

    /// @notice The collateral `defender` holds on the root dispute `disputeId` is against, and its
    ///         undecided games on that root.
    function collateralOf(uint256 disputeId, address defender) external view returns (uint256 amount, uint256 games) {
        Collateral storage c = _collateral[_rootKey(_dispute(disputeId))][defender];
        return (c.amount, c.games);
    }

    /// @notice Whether `account` defends in dispute `disputeId`.
    function defends(uint256 disputeId, address account) external view returns (bool) {
        return _joined[disputeId][account];
    }

    /// @notice The number of disputes ever opened.
    function disputeCount() external view returns (uint256) {
        return _disputes.length;
    }

    /// @notice The number of games ever started (one per defender of a dispute).
    function gameCount() external view returns (uint256) {
        return _games.length;
    }

    /// @notice The number of disputes not yet decided.
    function openDisputeCount() external view returns (uint256) {
        return _openCount;
    }

    // ---- Internals ----

    function _dispute(uint256 disputeId) private view returns (Dispute storage) {
        if (disputeId >= _disputes.length) revert NoDispute(disputeId);
        return _disputes[disputeId];
    }

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

    /// Whether the dispute's root is still the one on the chain and the chain still uses this
    /// game: otherwise nothing it decides can take effect.
    function _usable(Dispute storage d) private view returns (bool) {
        StateCommitmentChain scc = stateCommitmentChain;
        if (scc.fraudProofGame() != address(this) || d.rootIndex >= scc.rootCount()) return false;
        StateCommitmentChain.StateRoot memory r = scc.getRoot(d.rootIndex);
        return r.outputRoot == d.outputRoot && r.submittedAt == d.rootSubmittedAt;
    }

    function _resolve(uint256 gameId, Game storage g, Side winner, bool byTimeout) private {
        uint256 disputeId = g.disputeId;
        Dispute storage d = _disputes[disputeId];
        // NB: a root deleted by another dispute, or a chain that installed another game, leaves
        // nothing to decide; voiding returns the bonds instead of locking them.
        if (!_usable(d)) {
            _voidDispute(disputeId, d);
            return;
        }
        d.live--;
        bytes32 key = _rootKey(d);
        if (winner == Side.Defender) {
            // The challenger's bond, less the burned share, and the defender's collateral once
            // this was its last game on the root.
            g.phase = Phase.DefenderWon;
            uint256 burn = bond * burnBps / 10_000;
            burned += burn;
            credits[g.defender] += bond - burn;
            _release(key, g.defender);
            emit GameResolved(gameId, winner, byTimeout);
            d.status = Status.DefenderWon;
            d.winner = g.defender;
            _voidGames(d);
            _close(disputeId);
            emit DisputeResolved(disputeId, Side.Defender);
            return;
        }
        g.phase = Phase.ChallengerWon;
        d.lost++;
        // What is left of the defender's collateral, less the burned share.
        Collateral storage c = _collateral[key][g.defender];
        uint256 paid = c.amount;
        uint256 cut = paid * burnBps / 10_000;
        burned += cut;
        credits[d.challenger] += paid - cut;
        c.amount = 0;
        c.games--;
        // NB: a defender beaten at the step made a claim the prover refuted: slashed whatever the
        // dispute's outcome. A timeout proves nothing about its claims.
        if (!byTimeout) stateCommitmentChain.slash(g.defender, d.rootIndex);
        emit GameResolved(gameId, winner, byTimeout);
        if (d.live == 0 && block.timestamp > uint256(d.openedAt) + clock && !_earlierOpen(d.rootIndex)) {
            _challengerWins(disputeId, d);
        }
    }

    /// Whether a dispute against a root before `rootIndex` is open. Such a root may be wrong, and
    /// then this root's pre-state could not be opened by any defender: this root falls, if it
    /// must, only after that dispute is decided (if that one deletes it, this dispute is void).
    function _earlierOpen(uint256 rootIndex) private view returns (bool) {
        return _openCount != 0 && _lowestOpenRoot < rootIndex;
    }

    function _markOpen(uint256 rootIndex) private {
        if (_openAtRoot[rootIndex]++ == 0) _openBits[rootIndex >> 8] |= uint256(1) << (rootIndex & 255);
        if (_openCount++ == 0 || rootIndex < _lowestOpenRoot) _lowestOpenRoot = rootIndex;
    }

    function _challengerWins(uint256 disputeId, Dispute storage d) private {
        d.status = Status.ChallengerWon;
        credits[d.challenger] += bond;
        // NB: every defender vouched for the root with its stake and lost, at the step or on time
        // (a liar that stops early must not escape): they go with the root's signers. At most
        // one game per validator, so the loop is bounded by the validator set.
        StateCommitmentChain scc = stateCommitmentChain;
        uint256 n = d.games.length;
        for (uint256 i = 0; i < n; i++) {
            scc.slash(_games[d.games[i]].defender, d.rootIndex);
        }
        // NB: the dispute is still open here, so the root is held and deletable.
        scc.deleteRootsFrom(d.rootIndex);
        _close(disputeId);
        emit DisputeResolved(disputeId, Side.Challenger);
    }

    function _voidDispute(uint256 disputeId, Dispute storage d) private {
        d.status = Status.Void;
        credits[d.challenger] += bond;
        _voidGames(d);
        _close(disputeId);
        emit DisputeVoided(disputeId);
    }

    /// Voids the dispute's undecided games; their defenders' collateral returns with their last
    /// game on the root.
    function _voidGames(Dispute storage d) private {
        bytes32 key = _rootKey(d);
        uint256 n = d.games.length;
        for (uint256 i = 0; i < n; i++) {
            Game storage g = _games[d.games[i]];
            if (g.phase >= Phase.BatchBisection && g.phase <= Phase.OneStep) {
                g.phase = Phase.Void;
                _release(key, g.defender);
                emit GameVoided(d.games[i]);
            }
        }
        d.live = 0;
    }

    /// Ends one of `defender`'s games on the root `key` without a loss; after its last, what is
    /// left of its collateral returns.
    function _release(bytes32 key, address defender) private {
        Collateral storage c = _collateral[key][defender];
        if (--c.games == 0) {
            credits[defender] += c.amount;
            c.amount = 0;
        }
    }

    /// Names one submission of the disputed root: its index, output root and submission time.
    function _rootKey(Dispute storage d) private view returns (bytes32) {
        return keccak256(abi.encode(d.rootIndex, d.outputRoot, d.rootSubmittedAt));
    }

    function _close(uint256 disputeId) private {
        uint256 rootIndex = _disputes[disputeId].rootIndex;
        _openCount--;
        if (--_openAtRoot[rootIndex] != 0) return;
        _openBits[rootIndex >> 8] &= ~(uint256(1) << (rootIndex & 255));
        if (_openCount == 0 || rootIndex != _lowestOpenRoot) return;
        // NB: the lowest root index with a dispute left is above this one: scan the bitmap up to
        // it, a word (256 indices) at a time. Open disputes lie within a challenge window's roots
        // of each other, so the scan is short.
        uint256 w = rootIndex >> 8;
        uint256 above;
        unchecked {
            above = ~((uint256(2) << (rootIndex & 255)) - 1); // the bits above rootIndex's; none for bit 255
        }
        uint256 bits = _openBits[w] & above;
        while (bits == 0) bits = _openBits[++w];
        _lowestOpenRoot = (w << 8) | _lowestBit(bits);
    }

    /// The index of the lowest set bit of `x`, which must not be zero.
    function _lowestBit(uint256 x) private pure returns (uint256 i) {
        x &= ~x + 1;
        if (x >> 128 != 0) (i, x) = (i + 128, x >> 128);
        if (x >> 64 != 0) (i, x) = (i + 64, x >> 64);
        if (x >> 32 != 0) (i, x) = (i + 32, x >> 32);
        if (x >> 16 != 0) (i, x) = (i + 16, x >> 16);
        if (x >> 8 != 0) (i, x) = (i + 8, x >> 8);
        if (x >> 4 != 0) (i, x) = (i + 4, x >> 4);
        if (x >> 2 != 0) (i, x) = (i + 2, x >> 2);
        if (x >> 1 != 0) i += 1;
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
