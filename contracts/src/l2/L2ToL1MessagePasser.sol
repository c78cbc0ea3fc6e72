// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title L2ToL1MessagePasser
/// @notice Starts withdrawals from L2 to L1. Each withdrawal is recorded by its hash in
///         `sentMessages`; the state root commits to that storage, and the L1 bridge
///         releases the escrowed value once it has proven the hash against a root.
/// @dev A genesis predeploy: the node writes only its runtime code, so nothing here may
///      depend on a constructor or an immutable. The node and the L1 contracts rely on
///      the layout (`sentMessages` at slot 0, `messageNonce` at slot 1) and on the
///      encoding of `hashWithdrawal`. Value sent here stays locked: it leaves circulation
///      on L2 and is paid out of the L1 escrow.
contract L2ToL1MessagePasser {
    /// @notice Whether a withdrawal with this hash was initiated. Slot 0.
    mapping(bytes32 => bool) public sentMessages;

    /// @notice The nonce of the next withdrawal. Slot 1.
    uint256 public messageNonce;

    /// @notice The L1 gas limit given to a withdrawal started by a plain transfer.
    uint256 public constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;

    /// @notice Emitted for every withdrawal; the relayer picks these up.
    event MessagePassed(
        uint256 indexed nonce,
        address indexed sender,
        address indexed target,
        uint256 value,
        uint256 gasLimit,
        bytes data,
        bytes32 withdrawalHash
    );

    /// @notice A plain transfer withdraws the value to the sender's own address on L1.
    receive() external payable {
        _initiateWithdrawal(msg.sender, RECEIVE_DEFAULT_GAS_LIMIT, "");
    }

    /// @notice Starts a withdrawal that calls `target` on L1 with `data`, `msg.value` and `gasLimit`.
    /// @param target The L1 address to call.
    /// @param gasLimit The gas the L1 call is given.
    /// @param data The L1 call's data.
    function initiateWithdrawal(address target, uint256 gasLimit, bytes calldata data) external payable {
        _initiateWithdrawal(target, gasLimit, data);
    }

    /// @notice The hash a withdrawal is recorded under:
    ///         `keccak256(abi.encode(nonce, sender, target, value, gasLimit, data))`.
    function hashWithdrawal(
        uint256 nonce,
        address sender,
        address target,
        uint256 value,
        uint256 gasLimit,
        bytes calldata data
    ) external pure returns (bytes32) {
        return _hashWithdrawal(nonce, sender, target, value, gasLimit, data);
    }

    function _initiateWithdrawal(address target, uint256 gasLimit, bytes memory data) private {
        uint256 nonce = messageNonce;
        bytes32 withdrawalHash = _hashWithdrawal(nonce, msg.sender, target, msg.value, gasLimit, data);
        sentMessages[withdrawalHash] = true;
        emit MessagePassed(nonce, msg.sender, target, msg.value, gasLimit, data, withdrawalHash);
        unchecked {
            // NB: 2^256 withdrawals cannot happen; the nonce never wraps.
            messageNonce = nonce + 1;
        }
    }

    function _hashWithdrawal(
        uint256 nonce,
        address sender,
        address target,
        uint256 value,
        uint256 gasLimit,
        bytes memory data
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(nonce, sender, target, value, gasLimit, data));
    }
}
