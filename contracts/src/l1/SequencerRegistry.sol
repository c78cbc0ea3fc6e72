// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title SequencerRegistry
/// @notice The L2's sequencers and their stakes. A sequencer stakes from the address of its
///         secp256k1 consensus key, leaves by requesting to unstake and withdrawing after
///         `unstakeDelay`, and loses its whole stake to `slash` when anyone shows two conflicting
///         consensus messages it signed for one view.
/// @dev Evidence is checked exactly as the consensus package's `Checker.VerifyEvidence` checks it.
///      A signed consensus message covers keccak256 of its signing bytes,
///      `"l2node/consensus/sign/v1" ‖ type (1 byte) ‖ domain (8, big-endian) ‖ view (8) ‖ hash (32)`,
///      with a go-ethereum signature `r ‖ s ‖ v`, v ∈ {0, 1}, low S. The domain is the era's
///      (`signingDomain`): the L2 chain ID in era 0, a hash of it and the era after each change
///      of the sequencer set, whose views start again at 1. The stake stays slashable through the
///      whole unstake delay, which must therefore exceed the time evidence takes to reach L1.
contract SequencerRegistry {
    /// @notice Two different proposals for one view by its leader.
    uint8 public constant EVIDENCE_PROPOSALS = 1;
    /// @notice Votes for two different blocks (neither ⊥) in one view.
    uint8 public constant EVIDENCE_VOTES = 2;
    /// @notice Finalize of two different blocks in one view.
    uint8 public constant EVIDENCE_FINALIZES = 3;
    /// @notice A Finalize and a ⊥ vote (a vote for the zero hash) in one view.
    uint8 public constant EVIDENCE_FINALIZE_BOTTOM = 4;

    /// @notice Consensus message types, as in the consensus package.
    uint8 public constant MSG_PROPOSAL = 1;
    /// @notice A vote; the zero hash votes ⊥.
    uint8 public constant MSG_VOTE = 2;
    /// @notice A Finalize.
    uint8 public constant MSG_FINALIZE = 3;

    /// @notice The largest view a consensus message may carry.
    uint64 public constant MAX_VIEW = 1 << 62;
    /// @notice Basis points: the reporter's share is `reporterShareBps / BPS` of the stake.
    uint256 public constant BPS = 10_000;

    // secp256k1n / 2: signatures with a larger S are the malleated form and are refused.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    bytes private constant SIGN_DOMAIN = "l2node/consensus/sign/v1";
    bytes private constant ERA_DOMAIN = "l2node/set-epoch/v1";

    /// @notice The L2 chain ID the consensus messages carry.
    uint64 public immutable l2ChainId;
    /// @notice The least stake a sequencer may hold.
    uint256 public immutable minStake;
    /// @notice Seconds between an unstake request and the withdrawal it allows.
    uint256 public immutable unstakeDelay;
    /// @notice The share of a slashed stake paid to the reporter, in basis points; the rest is
    ///         burned (locked in this contract forever, counted in `burned`).
    uint256 public immutable reporterShareBps;

    /// @notice A sequencer's stake and unstake state.
    struct Sequencer {
        uint256 stake;
        /// When its stake may be withdrawn; zero while it is active.
        uint64 withdrawableAt;
    }

    /// @notice One signed consensus message of a piece of evidence (its signer and view are
    ///         the evidence's).
    struct SignedMessage {
        uint8 msgType;
        bytes32 hash;
        bytes signature;
    }

    /// @notice Two messages `signer` signed for view `viewNumber` of era `era` that no honest
    ///         sequencer signs together.
    struct Evidence {
        uint8 kind;
        address signer;
        uint64 era;
        uint64 viewNumber;
        SignedMessage a;
        SignedMessage b;
    }

    mapping(address => Sequencer) private _sequencers;
    // Every address with a stake (active or unstaking), for enumeration.
    address[] private _members;
    mapping(address => uint256) private _memberIndex; // index + 1

    /// @notice Addresses slashed once; they can never stake again.
    mapping(address => bool) public slashed;
    /// @notice Stake slashed and kept out of circulation, in wei.
    uint256 public burned;

    /// @notice Emitted when `sequencer` stakes `amount`, bringing its stake to `stake`.
    event Staked(address indexed sequencer, uint256 amount, uint256 stake);
    /// @notice Emitted when `sequencer` leaves the active set; it may withdraw at `withdrawableAt`.
    event UnstakeRequested(address indexed sequencer, uint256 withdrawableAt);
    /// @notice Emitted when `sequencer` withdraws its whole stake.
    event Withdrawn(address indexed sequencer, uint256 amount);
    /// @notice Emitted when `sequencer` loses `amount` for evidence of `kind` in view `viewNumber`;
    ///         `reporter` got `reward` of it.
    event Slashed(
        address indexed sequencer, address indexed reporter, uint8 kind, uint64 viewNumber, uint256 amount, uint256 reward
    );

    /// @notice The address was slashed and may not stake again.
    error SequencerSlashed(address sequencer);
    /// @notice The stake would be below `minStake`.
    error StakeTooLow(uint256 stake, uint256 minStake);
    /// @notice The caller has no stake.
    error NotStaked(address sequencer);
    /// @notice The caller already asked to unstake.
    error AlreadyUnstaking(address sequencer);
    /// @notice The caller has not asked to unstake, or must wait until `withdrawableAt`.
    error NotWithdrawable(uint256 withdrawableAt);
    /// @notice The evidence does not show a violation of its kind.
    error InvalidEvidence();
    /// @notice A signature is malformed or not by the evidence's signer.
    error BadSignature();
    /// @notice Sending `amount` wei to `to` failed.
    error TransferFailed(address to, uint256 amount);

    /// @param l2ChainId_ The L2 chain ID of the consensus messages.
    /// @param minStake_ The least stake a sequencer may hold (at least 1 wei).
    /// @param unstakeDelay_ Seconds between an unstake request and the withdrawal.
    /// @param reporterShareBps_ The reporter's share of a slashed stake, in basis points (< 10,000,
    ///        so that reporting oneself always costs).
    constructor(uint64 l2ChainId_, uint256 minStake_, uint256 unstakeDelay_, uint256 reporterShareBps_) {
        require(minStake_ > 0 && reporterShareBps_ < BPS, "SequencerRegistry: bad parameters");
        l2ChainId = l2ChainId_;
        minStake = minStake_;
        unstakeDelay = unstakeDelay_;
        reporterShareBps = reporterShareBps_;
    }

    /// @notice Stakes the value sent for the caller, registering it as a sequencer or adding to
    ///         its stake. The caller is the address of the sequencer's consensus key.
    function stake() external payable {
        address s = msg.sender;
        if (slashed[s]) revert SequencerSlashed(s);
        Sequencer storage seq = _sequencers[s];
        if (seq.withdrawableAt != 0) revert AlreadyUnstaking(s);
        uint256 total = seq.stake + msg.value;
        if (total < minStake) revert StakeTooLow(total, minStake);
        if (seq.stake == 0) {
            _members.push(s);
            _memberIndex[s] = _members.length;
        }
        seq.stake = total;
        emit Staked(s, msg.value, total);
    }

    /// @notice Leaves the active set; the stake stays slashable and may be withdrawn after
    ///         `unstakeDelay` seconds.
    function requestUnstake() external {
        Sequencer storage seq = _sequencers[msg.sender];
        if (seq.stake == 0) revert NotStaked(msg.sender);
        if (seq.withdrawableAt != 0) revert AlreadyUnstaking(msg.sender);
        uint256 at = block.timestamp + unstakeDelay;
        seq.withdrawableAt = uint64(at);
        emit UnstakeRequested(msg.sender, at);
    }

    /// @notice Withdraws the caller's whole stake once its unstake delay has passed.
    function withdraw() external {
        Sequencer storage seq = _sequencers[msg.sender];
        uint256 amount = seq.stake;
        if (amount == 0) revert NotStaked(msg.sender);
        if (seq.withdrawableAt == 0 || block.timestamp < seq.withdrawableAt) {
            revert NotWithdrawable(seq.withdrawableAt);
        }
        _remove(msg.sender);
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @notice Slashes `e.signer`'s whole stake for the evidence: `reporterShareBps` of it goes
    ///         to the caller, the rest is burned, and the signer may never stake again. A
    ///         sequencer can be slashed once, so the same evidence (or any other) cannot slash
    ///         it twice.
    /// @param e Two messages the signer signed for one view of one era, of the kind `e.kind` names.
    /// @return amount The stake slashed.
    function slash(Evidence calldata e) external returns (uint256 amount) {
        if (e.viewNumber == 0 || e.viewNumber > MAX_VIEW || !_conflicting(e)) revert InvalidEvidence();
        _checkSignature(e.signer, e.era, e.viewNumber, e.a);
        _checkSignature(e.signer, e.era, e.viewNumber, e.b);

        amount = _sequencers[e.signer].stake;
        if (amount == 0) revert NotStaked(e.signer);
        slashed[e.signer] = true;
        _remove(e.signer);
        uint256 reward = amount * reporterShareBps / BPS;
        burned += amount - reward;
        emit Slashed(e.signer, msg.sender, e.kind, e.viewNumber, amount, reward);
        if (reward > 0) {
            (bool ok,) = msg.sender.call{value: reward}("");
            if (!ok) revert TransferFailed(msg.sender, reward);
        }
    }

    /// @notice The 8-byte domain consensus messages of `era` carry in place of the chain ID: the
    ///         L2 chain ID in era 0, else the first 8 bytes of
    ///         keccak256("l2node/set-epoch/v1" ‖ l2ChainId (8 bytes) ‖ era (8 bytes)).
    function signingDomain(uint64 era) public view returns (uint64) {
        if (era == 0) return l2ChainId;
        return uint64(bytes8(keccak256(abi.encodePacked(ERA_DOMAIN, l2ChainId, era))));
    }

    /// @notice The bytes a consensus message's signature covers (keccak256 of them is signed).
    function signingBytes(uint64 era, uint8 msgType, uint64 viewNumber, bytes32 hash) public view returns (bytes memory) {
        return abi.encodePacked(SIGN_DOMAIN, msgType, signingDomain(era), viewNumber, hash);
    }

    /// @notice A sequencer's stake (zero if none) and when it may withdraw (zero while active).
    function sequencer(address s) external view returns (uint256 stake_, uint64 withdrawableAt) {
        Sequencer storage seq = _sequencers[s];
        return (seq.stake, seq.withdrawableAt);
    }

    /// @notice The active sequencers (staked, not unstaking) and their stakes, in no particular
    ///         order: the set the L2 consensus will take from here.
    function activeSequencers() external view returns (address[] memory addrs, uint256[] memory stakes) {
        uint256 n;
        for (uint256 i = 0; i < _members.length; i++) {
            if (_sequencers[_members[i]].withdrawableAt == 0) n++;
        }
        addrs = new address[](n);
        stakes = new uint256[](n);
        n = 0;
        for (uint256 i = 0; i < _members.length; i++) {
            Sequencer storage seq = _sequencers[_members[i]];
            if (seq.withdrawableAt == 0) {
                addrs[n] = _members[i];
                stakes[n] = seq.stake;
                n++;
            }
        }
    }

    // Whether the two messages are a violation of e.kind, as Checker.VerifyEvidence decides.
    function _conflicting(Evidence calldata e) private pure returns (bool) {
        SignedMessage calldata a = e.a;
        SignedMessage calldata b = e.b;
        if (e.kind == EVIDENCE_PROPOSALS) {
            return a.msgType == MSG_PROPOSAL && b.msgType == MSG_PROPOSAL && a.hash != b.hash && a.hash != 0
                && b.hash != 0;
        }
        if (e.kind == EVIDENCE_VOTES) {
            return a.msgType == MSG_VOTE && b.msgType == MSG_VOTE && a.hash != b.hash && a.hash != 0 && b.hash != 0;
        }
        if (e.kind == EVIDENCE_FINALIZES) {
            return a.msgType == MSG_FINALIZE && b.msgType == MSG_FINALIZE && a.hash != b.hash && a.hash != 0
                && b.hash != 0;
        }
        if (e.kind == EVIDENCE_FINALIZE_BOTTOM) {
            if (a.msgType == MSG_VOTE) (a, b) = (b, a);
            return a.msgType == MSG_FINALIZE && a.hash != 0 && b.msgType == MSG_VOTE && b.hash == 0;
        }
        return false;
    }

    function _checkSignature(address signer, uint64 era, uint64 viewNumber, SignedMessage calldata m) private view {
        bytes calldata sig = m.signature;
        if (sig.length != 65) revert BadSignature();
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v > 1 || uint256(s) > HALF_N) revert BadSignature();
        address got = ecrecover(keccak256(signingBytes(era, m.msgType, viewNumber, m.hash)), v + 27, r, s);
        if (got == address(0) || got != signer) revert BadSignature();
    }

    function _remove(address s) private {
        delete _sequencers[s];
        uint256 i = _memberIndex[s] - 1;
        address last = _members[_members.length - 1];
        _members[i] = last;
        _memberIndex[last] = i + 1;
        _members.pop();
        delete _memberIndex[s];
    }
}
