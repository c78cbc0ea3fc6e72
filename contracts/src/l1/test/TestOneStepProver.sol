// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IOneStepProver} from "src/l1/DisputeGame.sol";

/// @title TestOneStepProver
/// @notice A stand-in one-step prover for tests of the DisputeGame: it proves nothing, but
///         answers from transitions a test registers (the honest executor's step roots), so a game
///         can be played to its end independently of the real prover (OneStepProver). Not deployed anywhere else.
contract TestOneStepProver is IOneStepProver {
    mapping(bytes32 => bytes32) private _post;

    /// @notice No transition is registered for this batch, step and pre-root.
    error UnknownTransition(uint256 batch, uint256 step, bytes32 preRoot);

    /// @notice Registers that step `step` of `batch` takes `preRoot` to `postRoot`.
    function setTransition(uint256 batch, uint256 step, bytes32 preRoot, bytes32 postRoot) external {
        _post[keccak256(abi.encode(batch, step, preRoot))] = postRoot;
    }

    /// @inheritdoc IOneStepProver
    function prove(uint256 batch, bytes32, bytes32, uint256 step, uint256, bytes32 preRoot, bytes calldata)
        external
        view
        returns (bytes32 postRoot)
    {
        postRoot = _post[keccak256(abi.encode(batch, step, preRoot))];
        if (postRoot == 0) revert UnknownTransition(batch, step, preRoot);
    }
}
