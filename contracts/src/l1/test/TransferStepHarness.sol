// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {TransferStep} from "src/l1/TransferStep.sol";

/// @title TransferStepHarness
/// @notice Exposes the TransferStep library to tests, which run it against the executor's own
///         state roots. Not deployed anywhere else.
contract TransferStepHarness {
    /// @notice TransferStep.execute: the state root after the plain transfer `rawTx`.
    function execute(
        bytes32 preRoot,
        TransferStep.BlockContext calldata ctx,
        bytes calldata rawTx,
        TransferStep.AccountProofs calldata proofs
    ) external pure returns (bytes32) {
        return TransferStep.execute(preRoot, ctx, rawTx, proofs);
    }

    /// @notice TransferStep.decode: the transaction's fields and its recovered sender.
    function decode(bytes calldata rawTx, uint256 chainId) external pure returns (TransferStep.Transaction memory) {
        return TransferStep.decode(rawTx, chainId);
    }
}
