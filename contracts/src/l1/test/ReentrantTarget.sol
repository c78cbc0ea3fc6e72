// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

interface IBridgeL2Sender {
    function l2Sender() external view returns (address);
}

/// @title ReentrantTarget
/// @notice A withdrawal target for tests: when called, it calls back into the bridge with
///         calldata chosen in advance (say, finalizing the same withdrawal again), records
///         whether that succeeded, and records who called it and the bridge's `l2Sender()`.
///         Not deployed anywhere else.
contract ReentrantTarget {
    /// @notice The bridge to call back into.
    address public immutable bridge;
    /// @notice The calldata of the call back; empty: none.
    bytes public reentry;
    /// @notice Whether the last call back succeeded.
    bool public reentryOk;
    /// @notice What the last call back returned (its revert data when it failed).
    bytes public reentryResult;
    /// @notice Who called the last time.
    address public lastCaller;
    /// @notice The bridge's l2Sender() the last time.
    address public lastL2Sender;
    /// @notice Value received in all.
    uint256 public received;
    /// @notice Times called.
    uint256 public calls;

    constructor(address bridge_) {
        bridge = bridge_;
    }

    /// @notice Sets the calldata of the call back.
    function setReentry(bytes calldata data) external {
        reentry = data;
    }

    /// @notice A plain transfer lands here.
    receive() external payable {
        _hit();
    }

    /// @notice Every other call lands here.
    fallback() external payable {
        _hit();
    }

    function _hit() private {
        calls++;
        received += msg.value;
        lastCaller = msg.sender;
        lastL2Sender = IBridgeL2Sender(bridge).l2Sender();
        if (reentry.length != 0) {
            (reentryOk, reentryResult) = bridge.call(reentry);
        }
    }
}
