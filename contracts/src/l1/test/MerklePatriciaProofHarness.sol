// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MerklePatriciaProof} from "src/l1/MerklePatriciaProof.sol";

/// @title MerklePatriciaProofHarness
/// @notice Exposes the MerklePatriciaProof library to tests, which run it against go-ethereum's
///         own tries and proofs. Not deployed anywhere else.
contract MerklePatriciaProofHarness {
    /// @notice MerklePatriciaProof.get.
    function get(bytes32 root, bytes calldata key, bytes[] calldata proof)
        external
        pure
        returns (bool exists, bytes memory value)
    {
        return MerklePatriciaProof.get(root, key, proof);
    }

    /// @notice MerklePatriciaProof.verifyAccount.
    function verifyAccount(bytes32 stateRoot, address account, bytes[] calldata accountProof)
        external
        pure
        returns (uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
    {
        return MerklePatriciaProof.verifyAccount(stateRoot, account, accountProof);
    }

    /// @notice MerklePatriciaProof.verifyStorage.
    function verifyStorage(bytes32 storageRoot, bytes32 slot, bytes[] calldata storageProof)
        external
        pure
        returns (uint256)
    {
        return MerklePatriciaProof.verifyStorage(storageRoot, slot, storageProof);
    }

    /// @notice MerklePatriciaProof.update.
    function update(bytes32 root, bytes calldata key, bytes calldata value, bytes[] calldata proof)
        external
        pure
        returns (bytes32)
    {
        return MerklePatriciaProof.update(root, key, value, proof);
    }

    /// @notice MerklePatriciaProof.updateMany.
    function updateMany(bytes32 root, bytes[] calldata keys, bytes[] calldata values, bytes[][] calldata proofs)
        external
        pure
        returns (bytes32)
    {
        return MerklePatriciaProof.updateMany(root, keys, values, proofs);
    }

    /// @notice MerklePatriciaProof.encodeAccount.
    function encodeAccount(uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
        external
        pure
        returns (bytes memory)
    {
        return MerklePatriciaProof.encodeAccount(nonce, balance, storageRoot, codeHash);
    }

    /// @notice MerklePatriciaProof.decodeAccount.
    function decodeAccount(bytes calldata value)
        external
        pure
        returns (uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
    {
        return MerklePatriciaProof.decodeAccount(value);
    }
}
