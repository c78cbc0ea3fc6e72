// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title OutputRoot
/// @notice The output root v2 that validators sign and the StateCommitmentChain stores
///         (docs/bridge.md, "Output roots"): `keccak256("l2node/output-root/v2" ‖ stateRoot ‖
///         blockHash)`, the L2 state root and the L2 block hash after a range's last batch. The
///         state root proves withdrawals; the block hash authenticates a batch's header, and
///         through it its transactions and deposits, to the one-step prover.
library OutputRoot {
    /// @notice The output root of `stateRoot` and `blockHash`.
    function hash(bytes32 stateRoot, bytes32 blockHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("l2node/output-root/v2", stateRoot, blockHash));
    }
}
