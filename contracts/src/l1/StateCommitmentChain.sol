// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice What the StateCommitmentChain asks its fraud-proof game.
interface IFraudProofGame {
    /// @notice Whether a dispute still open keeps the root at `index` from finalizing.
    function holdsRoot(uint256 index) external view returns (bool);
}

/// @title StateCommitmentChain
/// @notice The L2's output roots on L1, in batch order. A root covering batches
///         `startBatch..endBatch` is accepted when validators holding at least two thirds of
///         the validator stake signed it; it becomes final once its challenge window has
///         passed and no dispute against it or an earlier root is open in the fraud-proof game
///         (IFraudProofGame.holdsRoot), and until then that game may delete it together with
///         every later root, and slash validators out of the set.
/// @dev An output root is `OutputRoot.hash(stateRoot, blockHash)` of the L2 state root and block
///      hash after `endBatch` (output root v2): the bridge proves withdrawals against its state
///      root and the one-step prover reads a batch's transactions through its block hash. The
///      signed bytes below keep their own tag ("v1" is the signature format). The validator set
///      is set by the owner (at deployment, from the L2 genesis configuration) until validators
///      stake for themselves.
///
///      Each root records who signed it, as a bitmap over the validator set in force when it was
///      submitted (`validatorSet(setVersion)`), so that a root the fraud-proof game deletes takes
///      its signers' stake with it. Slashing only zeroes a validator's stake: positions in a set
///      never move, and the owner's `setValidators` starts a new version.
///
///      A validator signs keccak256 of these 149 bytes, with a go-ethereum signature
///      `r ‖ s ‖ v` (v ∈ {0, 1}, low S):
///
///          "l2node/output-root/v1"     21 bytes of ASCII
///          l2ChainId                   32 bytes, big-endian
///          startBatch                  32 bytes, big-endian
///          endBatch                    32 bytes, big-endian
///          outputRoot                  32 bytes
///
///      that is `abi.encodePacked(DOMAIN, uint256(l2ChainId), startBatch, endBatch, outputRoot)`;
///      `outputRootDigest` computes it.
contract StateCommitmentChain {
    /// @notice The domain tag that starts the signed bytes.
    bytes public constant DOMAIN = "l2node/output-root/v1";
    /// @notice The batch the first root starts with (batch 0 is the L2 genesis).
    uint256 public constant FIRST_BATCH = 1;

    // secp256k1n / 2: signatures with a larger S are the malleated form and are refused.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice The largest validator set: a root records its signers as a bitmap of this width.
    uint256 public constant MAX_VALIDATORS = 192;

    /// @notice One committed output root.
    struct StateRoot {
        bytes32 outputRoot;
        uint64 startBatch;
        uint64 endBatch;
        /// The L1 time of submission.
        uint64 submittedAt;
        /// The L1 time from which the root is final: submittedAt plus the challenge window
        /// in force at submission.
        uint64 finalizedAt;
        /// Who signed it: bit i is validator i of `validatorSet(setVersion)`.
        uint192 signers;
        uint64 setVersion;
    }

    /// @notice The L2 chain ID the signatures cover.
    uint64 public immutable l2ChainId;
    /// @notice Seconds during which a new root may still be deleted by a fraud proof.
    uint256 public immutable challengeWindow;

    /// @notice May change the validator set and the fraud-proof game.
    address public owner;
    /// @notice The only address that may delete roots.
    address public fraudProofGame;

    /// The roots held are `_roots[0 .. _count)`; slots past `_count` are deleted roots that the
    /// next submissions overwrite, so that deleting costs the same however many roots go.
    StateRoot[] private _roots;
    uint256 private _count;
    /// The L1 time of the last deletion: no root may be submitted in the same second, so a
    /// root's index, output root and submission time together name one submission only.
    uint64 private _lastDeletion;
    /// Each validator's stake (the low 128 bits) and its position in the current set plus one
    /// (the bits above), in one slot so that checking a signer reads one word; zero for anyone
    /// else, slashed validators included.
    mapping(address => uint256) private _members;
    /// Every validator set there has been, by version, slashed members included.
    mapping(uint64 => address[]) private _sets;
    /// @notice The version of the current validator set; the owner's setValidators starts a new one.
    uint64 public setVersion;
    /// @notice The sum of the validators' stakes.
    uint256 public totalStake;

    /// @notice Emitted when the root at `index`, covering `startBatch..endBatch`, is accepted.
    event StateRootSubmitted(
        uint256 indexed index, uint256 indexed startBatch, uint256 endBatch, bytes32 outputRoot, uint256 signedStake
    );
    /// @notice Emitted when the roots from `fromIndex` on (`count` of them) are deleted.
    event StateRootsDeleted(uint256 indexed fromIndex, uint256 count);
    /// @notice Emitted when the validator set changes.
    event ValidatorsChanged(address[] validators, uint256[] stakes);
    /// @notice Emitted when the fraud-proof game changes.
    event FraudProofGameChanged(address game);
    /// @notice Emitted when the owner changes.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice Emitted when `validator` loses its `stake` and leaves the set over the root at
    ///         `rootIndex`: it signed that root and the fraud-proof game deleted it, or it defended
    ///         that root and lost at a step the one-step prover decided.
    event ValidatorSlashed(address indexed validator, uint256 stake, uint256 indexed rootIndex);

    /// @notice The caller is not the owner.
    error NotOwner();
    /// @notice The caller is not the fraud-proof game.
    error NotFraudProofGame();
    /// @notice Validators must be 1 to MAX_VALIDATORS, sorted ascending, distinct, non-zero, with
    ///         stakes in [1, 2^128).
    error InvalidValidatorSet();
    /// @notice The root must start at `expected`, end at or after its start, and be non-zero.
    error InvalidRange(uint256 expected, uint256 startBatch, uint256 endBatch);
    /// @notice Signature `index` is malformed or does not recover.
    error BadSignature(uint256 index);
    /// @notice Signers must be sorted strictly ascending; signature `index` breaks the order.
    error SignersNotSorted(uint256 index);
    /// @notice Signature `index` is by `signer`, who is not a validator.
    error NotValidator(uint256 index, address signer);
    /// @notice The signers hold `signed` of `total` stake, less than two thirds.
    error InsufficientStake(uint256 signed, uint256 total);
    /// @notice There is no root at `index`.
    error NoRoot(uint256 index);
    /// @notice The root at `index` is final and cannot be deleted.
    error RootFinalized(uint256 index);
    /// @notice Roots were deleted at this L1 time: submit in a later block.
    error DeletedThisSecond();

    /// @param l2ChainId_ The L2 chain ID the signatures cover.
    /// @param challengeWindow_ Seconds during which a new root may be deleted by a fraud proof.
    /// @param owner_ The owner.
    /// @param validators_ The validator addresses, sorted ascending.
    /// @param stakes The validators' stakes, in the same order.
    constructor(
        uint64 l2ChainId_,
        uint256 challengeWindow_,
        address owner_,
        address[] memory validators_,
        uint256[] memory stakes
    ) {
        require(challengeWindow_ <= type(uint32).max, "StateCommitmentChain: window too long");
        l2ChainId = l2ChainId_;
        challengeWindow = challengeWindow_;
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
        _setValidators(validators_, stakes);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    /// @notice Commits `outputRoot` for batches `startBatch..endBatch`. `startBatch` must follow
    ///         the last root's `endBatch` (or be FIRST_BATCH). Anyone may submit; the
    ///         signatures decide.
    /// @param signatures Validators' 65-byte signatures of `outputRootDigest(...)`, sorted by
    ///        signer address, strictly ascending, together holding at least two thirds of the stake.
    function submitStateRoot(uint256 startBatch, uint256 endBatch, bytes32 outputRoot, bytes[] calldata signatures)
        external
    {
        if (block.timestamp == _lastDeletion) revert DeletedThisSecond();
        uint256 expected = nextBatch();
        if (startBatch != expected || endBatch < startBatch || endBatch > type(uint64).max || outputRoot == 0) {
            revert InvalidRange(expected, startBatch, endBatch);
        }
        bytes32 digest = outputRootDigest(startBatch, endBatch, outputRoot);
        uint256 signed;
        uint192 signers;
        address last;
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = _recover(digest, signatures[i], i);
            if (signer <= last) revert SignersNotSorted(i);
            uint256 m = _members[signer];
            if (m == 0) revert NotValidator(i, signer);
            signed += uint128(m);
            signers |= uint192(uint256(1) << ((m >> 128) - 1));
            last = signer;
        }
        // NB: with every validator slashed the total is zero, and no root may pass unsigned.
        if (signed == 0 || signed * 3 < totalStake * 2) revert InsufficientStake(signed, totalStake);

        uint256 index = _count;
        StateRoot memory r = StateRoot({
            outputRoot: outputRoot,
            startBatch: uint64(startBatch),
            endBatch: uint64(endBatch),
            submittedAt: uint64(block.timestamp),
            finalizedAt: uint64(block.timestamp + challengeWindow),
            signers: signers,
            setVersion: setVersion
        });
        if (index == _roots.length) _roots.push(r);
        else _roots[index] = r;
        _count = index + 1;
        emit StateRootSubmitted(index, startBatch, endBatch, outputRoot, signed);
    }

    /// @notice Deletes the root at `index` and every later one, and slashes the validators who
    ///         signed the root at `index` (those still in the set): they leave it with their
    ///         stake. Only the fraud-proof game may, and only while the root at `index` is not
    ///         final. The later roots' signers keep their stake: they built on a root they could
    ///         not check.
    function deleteRootsFrom(uint256 index) external {
        if (msg.sender != fraudProofGame) revert NotFraudProofGame();
        if (index >= _count) revert NoRoot(index);
        if (isFinalized(index)) revert RootFinalized(index);
        StateRoot storage r = _roots[index];
        address[] storage set = _sets[r.setVersion];
        uint192 signers = r.signers;
        for (uint256 i = 0; signers != 0; i++) {
            if (signers & 1 != 0) _slash(set[i], index);
            signers >>= 1;
        }
        uint256 count = _count - index;
        _count = index;
        _lastDeletion = uint64(block.timestamp);
        emit StateRootsDeleted(index, count);
    }

    /// @notice Slashes `validator` over the root at `rootIndex`: it leaves the set with its stake.
    ///         Only the fraud-proof game may (for a defender of that root beaten at a step the
    ///         one-step prover decided); nothing happens to an address that holds no stake.
    function slash(address validator, uint256 rootIndex) external {
        if (msg.sender != fraudProofGame) revert NotFraudProofGame();
        _slash(validator, rootIndex);
    }

    /// @notice Replaces the validator set.
    function setValidators(address[] calldata validators_, uint256[] calldata stakes) external onlyOwner {
        _setValidators(validators_, stakes);
    }

    /// @notice Sets the address allowed to delete roots (zero: none).
    function setFraudProofGame(address game) external onlyOwner {
        fraudProofGame = game;
        emit FraudProofGameChanged(game);
    }

    /// @notice Hands ownership to `newOwner` (zero renounces it).
    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice The digest validators sign for a root (see the contract's documentation).
    function outputRootDigest(uint256 startBatch, uint256 endBatch, bytes32 outputRoot) public view returns (bytes32) {
        return keccak256(abi.encodePacked(DOMAIN, uint256(l2ChainId), startBatch, endBatch, outputRoot));
    }

    /// @notice The batch the next root must start with.
    function nextBatch() public view returns (uint256) {
        uint256 n = _count;
        return n == 0 ? FIRST_BATCH : uint256(_roots[n - 1].endBatch) + 1;
    }

    /// @notice The number of roots held.
    function rootCount() external view returns (uint256) {
        return _count;
    }

    /// @notice The root at `index`; reverts if there is none.
    function getRoot(uint256 index) external view returns (StateRoot memory) {
        if (index >= _count) revert NoRoot(index);
        return _roots[index];
    }

    /// @notice Whether the root at `index` exists, its challenge window has passed, and the
    ///         fraud-proof game holds it for no open dispute (against it or an earlier root).
    function isFinalized(uint256 index) public view returns (bool) {
        if (index >= _count || block.timestamp < _roots[index].finalizedAt) return false;
        address game = fraudProofGame;
        // NB: an address without code (none, or an account standing in for a game) holds nothing.
        return game.code.length == 0 || !IFraudProofGame(game).holdsRoot(index);
    }

    /// @notice The validators holding stake, ascending, and their stakes.
    function validators() external view returns (address[] memory addrs, uint256[] memory stakes) {
        address[] storage set = _sets[setVersion];
        uint256 n;
        for (uint256 i = 0; i < set.length; i++) {
            if (_members[set[i]] != 0) n++;
        }
        addrs = new address[](n);
        stakes = new uint256[](n);
        n = 0;
        for (uint256 i = 0; i < set.length; i++) {
            uint256 m = _members[set[i]];
            if (m != 0) (addrs[n], stakes[n++]) = (set[i], uint128(m));
        }
    }

    /// @notice A validator's stake; zero for anyone else.
    function stakeOf(address validator) external view returns (uint256) {
        return uint128(_members[validator]);
    }

    /// @notice The validator set of version `version`, ascending, slashed members included: what
    ///         a root's `signers` bitmap refers to.
    function validatorSet(uint64 version) external view returns (address[] memory) {
        return _sets[version];
    }

    /// @notice The addresses that signed the root at `index`.
    function signersOf(uint256 index) external view returns (address[] memory out) {
        if (index >= _count) revert NoRoot(index);
        StateRoot storage r = _roots[index];
        address[] storage set = _sets[r.setVersion];
        uint192 signers = r.signers;
        uint256 n;
        for (uint192 x = signers; x != 0; x &= x - 1) n++;
        out = new address[](n);
        n = 0;
        for (uint256 i = 0; signers != 0; i++) {
            if (signers & 1 != 0) out[n++] = set[i];
            signers >>= 1;
        }
    }

    // Takes `v`'s stake and membership (possibly leaving no stake at all: then nothing can be
    // submitted until the owner sets a new set). Its position in the set stays, so that roots'
    // signer bitmaps keep their meaning.
    function _slash(address v, uint256 rootIndex) private {
        uint256 s = uint128(_members[v]);
        if (s == 0) return;
        delete _members[v];
        totalStake -= s;
        emit ValidatorSlashed(v, s, rootIndex);
    }

    function _setValidators(address[] memory validators_, uint256[] memory stakes) private {
        if (validators_.length == 0 || validators_.length > MAX_VALIDATORS || validators_.length != stakes.length) {
            revert InvalidValidatorSet();
        }
        address[] storage old = _sets[setVersion];
        for (uint256 i = 0; i < old.length; i++) {
            delete _members[old[i]];
        }
        uint256 total;
        address last;
        for (uint256 i = 0; i < validators_.length; i++) {
            // NB: stakes below 2^128 keep `signed * 3` and `totalStake * 2` far from overflowing.
            if (validators_[i] <= last || stakes[i] == 0 || stakes[i] > type(uint128).max) {
                revert InvalidValidatorSet();
            }
            _members[validators_[i]] = stakes[i] | ((i + 1) << 128);
            total += stakes[i];
            last = validators_[i];
        }
        setVersion++;
        _sets[setVersion] = validators_;
        totalStake = total;
        emit ValidatorsChanged(validators_, stakes);
    }

    function _recover(bytes32 digest, bytes calldata sig, uint256 index) private pure returns (address signer) {
        if (sig.length != 65) revert BadSignature(index);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v > 1 || uint256(s) > HALF_N) revert BadSignature(index);
        signer = ecrecover(digest, v + 27, r, s);
        if (signer == address(0)) revert BadSignature(index);
    }
}
