// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MerklePatriciaProof} from "src/l1/MerklePatriciaProof.sol";
import {OutputRoot} from "src/l1/OutputRoot.sol";
import {StateCommitmentChain} from "src/l1/StateCommitmentChain.sol";

/// @title Bridge
/// @notice The L1 end of the bridge. Deposits lock ether or ERC-20 tokens here and emit
///         `DepositInitiated`, from which the relayer derives the L2 deposits. Withdrawals start
///         on L2 at the message passer; here they are proven against a committed output root
///         and, after a time lock, finalized: the value is paid and the target called.
/// @dev Finalized withdrawals call their targets through `withdrawalCaller`, a separate contract
///      holding nothing: this contract holds the escrow and users' token allowances, so it never
///      makes a call a withdrawal chose. A target that wants to know which L2 account sent a
///      withdrawal checks `msg.sender == withdrawalCaller` and reads `l2Sender()`.
///
///      For now an output root is the L2 state root (see StateCommitmentChain), so a withdrawal
///      is proven by an account proof of the message passer against the output root and a
///      storage proof of `sentMessages[withdrawalHash]` (slot `keccak256(hash ‖ uint256(0))`)
///      holding 1.
contract Bridge {
    /// @notice The L2 predeploy where withdrawals start.
    address public constant MESSAGE_PASSER = 0x4C32000000000000000000000000000000000002;
    /// @notice The most L2 gas a deposit may ask for (the L2's cap per deposit).
    uint32 public constant MAX_DEPOSIT_GAS = 1_000_000;
    /// @notice The most call data a deposit may carry, in bytes.
    uint256 public constant MAX_DEPOSIT_DATA = 8192;
    /// @notice Added to a contract's address to give its L2 alias (mod 2^160).
    uint160 public constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    /// @notice A withdrawal as the L2 message passer recorded it.
    struct WithdrawalTx {
        uint256 nonce;
        address sender;
        address target;
        uint256 value;
        uint256 gasLimit;
        bytes data;
    }

    /// @notice Where and when a withdrawal was proven.
    struct ProvenWithdrawal {
        bytes32 outputRoot;
        uint64 rootIndex;
        /// The submission time of the root proven against, which tells a root deleted and
        /// submitted again at the same index from the original.
        uint64 rootSubmittedAt;
        uint64 provenAt;
    }

    /// @notice The output roots withdrawals are proven against.
    StateCommitmentChain public immutable stateCommitmentChain;
    /// @notice The contract through which finalized withdrawals call their targets.
    WithdrawalCaller public immutable withdrawalCaller;
    /// @notice Seconds between proof and finalization of a withdrawal up to the threshold.
    uint256 public immutable finalizationDelay;
    /// @notice Seconds between proof and finalization of a withdrawal above the threshold.
    uint256 public immutable largeWithdrawalDelay;
    /// @notice Withdrawals of more than this many wei wait `largeWithdrawalDelay`.
    uint256 public immutable largeWithdrawalThreshold;
    /// @notice The L2 contract whose withdrawals may release ERC-20 tokens (zero: none yet).
    address public immutable l2TokenBridge;

    /// @notice The nonce the next deposit gets.
    uint256 public depositNonce;
    /// @notice Each deposit's commitment, by nonce (`depositCommitment`): what the one-step prover
    ///         checks a batch's deposit against.
    mapping(uint256 => bytes32) public depositHashes;
    /// @notice ERC-20 tokens held for L2, per token.
    mapping(address => uint256) public escrowedTokens;
    /// @notice Proofs of withdrawals, by withdrawal hash.
    mapping(bytes32 => ProvenWithdrawal) public provenWithdrawals;
    /// @notice Withdrawals paid out, by withdrawal hash.
    mapping(bytes32 => bool) public finalizedWithdrawals;

    bool private transient _locked;
    address private transient _l2Sender;

    /// @notice Emitted for every deposit. `from` is the L2 sender: the L1 sender, aliased when
    ///         it is a contract; `l1Token` is zero for ether; `amount` is what this contract
    ///         received.
    event DepositInitiated(
        uint256 indexed nonce,
        address indexed from,
        address indexed to,
        address l1Token,
        uint256 amount,
        uint32 gasLimit,
        bytes data
    );
    /// @notice Emitted when a withdrawal is proven against the root at `rootIndex`.
    event WithdrawalProven(
        bytes32 indexed withdrawalHash, address indexed sender, address indexed target, uint256 rootIndex
    );
    /// @notice Emitted when a withdrawal is paid out and its call made.
    event WithdrawalFinalized(
        bytes32 indexed withdrawalHash, address indexed sender, address indexed target, uint256 value
    );
    /// @notice Emitted when a withdrawal of the L2 token bridge releases tokens.
    event ERC20Released(address indexed token, address indexed to, uint256 amount);

    /// @notice A deposit must name a non-zero L2 recipient.
    error ZeroRecipient();
    /// @notice The deposit asks for more L2 gas than MAX_DEPOSIT_GAS.
    error DepositGasTooHigh(uint32 gasLimit);
    /// @notice The deposit's data is longer than MAX_DEPOSIT_DATA.
    error DepositDataTooLong(uint256 length);
    /// @notice The token is not a contract, or no tokens arrived.
    error InvalidToken(address token);
    /// @notice An ERC-20 call failed or returned false.
    error TokenTransferFailed(address token);
    /// @notice A guarded function was entered again.
    error Reentrancy();
    /// @notice The withdrawal was already proven against a root that is still committed.
    error AlreadyProven(bytes32 withdrawalHash);
    /// @notice The withdrawal was already finalized.
    error AlreadyFinalized(bytes32 withdrawalHash);
    /// @notice The proven storage slot does not hold 1: the message passer has no such withdrawal.
    error WithdrawalNotInitiated(bytes32 withdrawalHash);
    /// @notice The state root and block hash given do not hash to the root's output root.
    error OutputRootMismatch(uint256 rootIndex);
    /// @notice The withdrawal has not been proven.
    error NotProven(bytes32 withdrawalHash);
    /// @notice The root the withdrawal was proven against was deleted: prove it again.
    error RootDeleted(uint256 rootIndex);
    /// @notice The root's challenge window has not passed.
    error ChallengeWindowOpen(uint256 rootIndex);
    /// @notice The withdrawal's time lock ends at `unlockAt`.
    error TimeLocked(uint256 unlockAt);
    /// @notice The withdrawal's call to its target failed; the withdrawal stays unfinalized.
    error WithdrawalCallFailed(bytes32 withdrawalHash);
    /// @notice Only a withdrawal of the L2 token bridge may release tokens.
    error Unauthorized();
    /// @notice More tokens asked for than are held for L2.
    error InsufficientEscrow(address token, uint256 held, uint256 amount);

    /// @param scc The state commitment chain.
    /// @param finalizationDelay_ Seconds between proof and finalization (seconds on a devnet,
    ///        days in production).
    /// @param largeWithdrawalDelay_ The same for withdrawals above the threshold (at least
    ///        `finalizationDelay_`).
    /// @param largeWithdrawalThreshold_ Withdrawals of more wei than this wait the longer delay.
    /// @param l2TokenBridge_ The L2 contract allowed to release ERC-20 tokens (zero: none yet).
    constructor(
        StateCommitmentChain scc,
        uint256 finalizationDelay_,
        uint256 largeWithdrawalDelay_,
        uint256 largeWithdrawalThreshold_,
        address l2TokenBridge_
    ) {
        require(
            largeWithdrawalDelay_ >= finalizationDelay_ && largeWithdrawalDelay_ <= type(uint32).max,
            "Bridge: bad delays"
        );
        stateCommitmentChain = scc;
        finalizationDelay = finalizationDelay_;
        largeWithdrawalDelay = largeWithdrawalDelay_;
        largeWithdrawalThreshold = largeWithdrawalThreshold_;
        l2TokenBridge = l2TokenBridge_;
        withdrawalCaller = new WithdrawalCaller();
    }

    modifier nonReentrant() {
        if (_locked) revert Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }

    // ----- deposits -----

    /// @notice Deposits the value sent to `l2Recipient` on L2, calling it with `data` and
    ///         `l2GasLimit` gas when data is set or it is a contract.
    function depositETH(address l2Recipient, uint32 l2GasLimit, bytes calldata data) external payable {
        _checkDeposit(l2Recipient, l2GasLimit, data);
        _emitDeposit(l2Recipient, address(0), msg.value, l2GasLimit, data);
    }

    /// @notice Deposits `amount` of `token` (pulled with `transferFrom`; approve this contract
    ///         first). Tokens that take a fee on transfer are credited with what arrives.
    function depositERC20(address token, uint256 amount, address l2Recipient, uint32 l2GasLimit, bytes calldata data)
        external
        nonReentrant
    {
        _checkDeposit(l2Recipient, l2GasLimit, data);
        if (token.code.length == 0 || amount == 0) revert InvalidToken(token);
        uint256 before = _balanceOf(token);
        _callToken(token, abi.encodeWithSelector(0x23b872dd, msg.sender, address(this), amount)); // transferFrom
        uint256 received = _balanceOf(token) - before;
        if (received == 0) revert InvalidToken(token);
        escrowedTokens[token] += received;
        _emitDeposit(l2Recipient, token, received, l2GasLimit, data);
    }

    // ----- withdrawals -----

    /// @notice The hash the L2 message passer records a withdrawal under:
    ///         `keccak256(abi.encode(nonce, sender, target, value, gasLimit, data))`.
    function hashWithdrawal(WithdrawalTx calldata w) public pure returns (bytes32) {
        return keccak256(abi.encode(w.nonce, w.sender, w.target, w.value, w.gasLimit, w.data));
    }

    /// @notice The time lock of a withdrawal of `value` wei, in seconds after its proof.
    function withdrawalDelay(uint256 value) public view returns (uint256) {
        return value > largeWithdrawalThreshold ? largeWithdrawalDelay : finalizationDelay;
    }

    /// @notice Proves that the L2 message passer recorded `w` in the output root at `rootIndex`.
    ///         A withdrawal proven against a root that is still committed cannot be proven again
    ///         (that would restart its time lock); after its root is deleted, it must be.
    /// @param stateRoot The L2 state root after the root's last batch, and `blockHash` that
    ///        batch's block hash: the output root's preimage (OutputRoot.hash).
    /// @param accountProof `eth_getProof`'s account proof of MESSAGE_PASSER at the root's block.
    /// @param storageProof Its storage proof of slot `keccak256(hashWithdrawal(w) ‖ uint256(0))`.
    function proveWithdrawal(
        WithdrawalTx calldata w,
        uint256 rootIndex,
        bytes32 stateRoot,
        bytes32 blockHash,
        bytes[] calldata accountProof,
        bytes[] calldata storageProof
    ) external {
        bytes32 h = hashWithdrawal(w);
        if (finalizedWithdrawals[h]) revert AlreadyFinalized(h);
        ProvenWithdrawal memory p = provenWithdrawals[h];
        if (p.provenAt != 0 && _rootCommitted(p)) revert AlreadyProven(h);

        StateCommitmentChain.StateRoot memory root = stateCommitmentChain.getRoot(rootIndex);
        if (OutputRoot.hash(stateRoot, blockHash) != root.outputRoot) revert OutputRootMismatch(rootIndex);
        (,, bytes32 storageRoot,) = MerklePatriciaProof.verifyAccount(stateRoot, MESSAGE_PASSER, accountProof);
        bytes32 slot = keccak256(abi.encode(h, uint256(0)));
        if (MerklePatriciaProof.verifyStorage(storageRoot, slot, storageProof) != 1) revert WithdrawalNotInitiated(h);

        provenWithdrawals[h] = ProvenWithdrawal({
            outputRoot: root.outputRoot,
            rootIndex: uint64(rootIndex),
            rootSubmittedAt: root.submittedAt,
            provenAt: uint64(block.timestamp)
        });
        emit WithdrawalProven(h, w.sender, w.target, rootIndex);
    }

    /// @notice Pays out a proven withdrawal: once its time lock has passed, and its root is
    ///         still committed and final. Sends `w.value` to `w.target` with `w.data` and exactly
    ///         `w.gasLimit` gas (the transaction must carry enough gas for that). If the call
    ///         fails, the whole finalization reverts and can be tried again.
    function finalizeWithdrawal(WithdrawalTx calldata w) external nonReentrant {
        bytes32 h = hashWithdrawal(w);
        if (finalizedWithdrawals[h]) revert AlreadyFinalized(h);
        ProvenWithdrawal memory p = provenWithdrawals[h];
        if (p.provenAt == 0) revert NotProven(h);
        if (!_rootCommitted(p)) revert RootDeleted(p.rootIndex);
        if (!stateCommitmentChain.isFinalized(p.rootIndex)) revert ChallengeWindowOpen(p.rootIndex);
        uint256 unlockAt = p.provenAt + withdrawalDelay(w.value);
        if (block.timestamp < unlockAt) revert TimeLocked(unlockAt);

        finalizedWithdrawals[h] = true;
        _l2Sender = w.sender;
        bool ok = withdrawalCaller.forward{value: w.value}(w.target, w.gasLimit, w.data);
        _l2Sender = address(0);
        if (!ok) revert WithdrawalCallFailed(h);
        emit WithdrawalFinalized(h, w.sender, w.target, w.value);
    }

    /// @notice The L2 sender of the withdrawal being finalized; zero outside a finalization.
    function l2Sender() external view returns (address) {
        return _l2Sender;
    }

    /// @notice Releases `amount` of `token` to `to`. Only a finalizing withdrawal sent by the L2
    ///         token bridge may call this (through `withdrawalCaller`).
    function releaseERC20(address token, address to, uint256 amount) external {
        if (msg.sender != address(withdrawalCaller) || l2TokenBridge == address(0) || _l2Sender != l2TokenBridge) {
            revert Unauthorized();
        }
        uint256 held = escrowedTokens[token];
        if (amount > held) revert InsufficientEscrow(token, held, amount);
        escrowedTokens[token] = held - amount;
        _callToken(token, abi.encodeWithSelector(0xa9059cbb, to, amount)); // transfer
        emit ERC20Released(token, to, amount);
    }

    // ----- internals -----

    function _checkDeposit(address l2Recipient, uint32 l2GasLimit, bytes calldata data) private pure {
        if (l2Recipient == address(0)) revert ZeroRecipient();
        if (l2GasLimit > MAX_DEPOSIT_GAS) revert DepositGasTooHigh(l2GasLimit);
        if (data.length > MAX_DEPOSIT_DATA) revert DepositDataTooLong(data.length);
    }

    function _emitDeposit(address to, address l1Token, uint256 amount, uint32 gasLimit, bytes calldata data) private {
        // NB: a contract's address on L2 is not its own: whoever controls that address there
        // is not the contract. Deposits from contracts come from the alias instead.
        address from = msg.sender;
        if (msg.sender != tx.origin) {
            unchecked {
                from = address(uint160(msg.sender) + ALIAS_OFFSET);
            }
        }
        uint256 nonce = depositNonce++;
        depositHashes[nonce] = depositCommitment(nonce, from, to, l1Token, amount, gasLimit, keccak256(data));
        emit DepositInitiated(nonce, from, to, l1Token, amount, gasLimit, data);
    }

    /// @notice A deposit's commitment: `keccak256(abi.encode(nonce, from, to, l1Token, amount,
    ///         gasLimit, keccak256(data)))`, the fields of DepositInitiated.
    function depositCommitment(
        uint256 nonce,
        address from,
        address to,
        address l1Token,
        uint256 amount,
        uint256 gasLimit,
        bytes32 dataHash
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(nonce, from, to, l1Token, amount, gasLimit, dataHash));
    }

    // Whether the root a withdrawal was proven against is still the one at its index.
    function _rootCommitted(ProvenWithdrawal memory p) private view returns (bool) {
        if (p.rootIndex >= stateCommitmentChain.rootCount()) return false;
        StateCommitmentChain.StateRoot memory root = stateCommitmentChain.getRoot(p.rootIndex);
        return root.outputRoot == p.outputRoot && root.submittedAt == p.rootSubmittedAt;
    }

    function _balanceOf(address token) private view returns (uint256) {
        (bool ok, bytes memory ret) = token.staticcall(abi.encodeWithSelector(0x70a08231, address(this)));
        if (!ok || ret.length < 32) revert InvalidToken(token);
        return abi.decode(ret, (uint256));
    }

    // Calls an ERC-20 function that returns a bool, or nothing (as some old tokens do).
    function _callToken(address token, bytes memory call) private {
        (bool ok, bytes memory ret) = token.call(call);
        if (!ok || (ret.length != 0 && (ret.length < 32 || abi.decode(ret, (uint256)) != 1))) {
            revert TokenTransferFailed(token);
        }
    }
}

/// @title WithdrawalCaller
/// @notice Makes the calls of finalized withdrawals for the Bridge that created it. It holds
///         nothing and is trusted by no one but the targets that choose to (they check
///         `msg.sender` is this contract and ask the Bridge for `l2Sender()`).
contract WithdrawalCaller {
    /// @notice Gas the call itself may cost beyond what the target gets: a cold account (2,600),
    ///         a value transfer (9,000), a new account (25,000), and the instructions around them.
    uint256 public constant CALL_OVERHEAD = 40_000;

    /// @notice The Bridge, the only caller.
    address public immutable bridge;

    /// @notice Only the Bridge may forward.
    error NotBridge();
    /// @notice Not enough gas is left to give the target `gasLimit`.
    error InsufficientGas(uint256 gasLimit);

    constructor() {
        bridge = msg.sender;
    }

    /// @notice Calls `target` with the value sent, `data` and exactly `gasLimit` gas.
    /// @return ok Whether the call succeeded. Its return data is not copied, so a target cannot
    ///         make the caller pay for a large one.
    function forward(address target, uint256 gasLimit, bytes calldata data) external payable returns (bool ok) {
        if (msg.sender != bridge) revert NotBridge();
        bytes memory d = data;
        // EIP-150: a call gets at most 63/64 of the gas left after its own cost. With this much
        // left, that is at least gasLimit, so the target gets all of it.
        uint256 left = gasleft();
        if (gasLimit > left || left < gasLimit + gasLimit / 63 + CALL_OVERHEAD) revert InsufficientGas(gasLimit);
        assembly ("memory-safe") {
            ok := call(gasLimit, target, callvalue(), add(d, 32), mload(d), 0, 0)
        }
    }
}
