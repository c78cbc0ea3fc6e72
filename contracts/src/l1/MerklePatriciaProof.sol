// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MerklePatriciaProof
/// @notice Verifies Ethereum Merkle-Patricia trie proofs, as `eth_getProof` returns them, against a
///         root: inclusion (the key holds a value) and exclusion (the key holds nothing).
/// @dev A proof is the list of trie nodes on the key's path, root first, each node the RLP
///      encoding the trie hashes. Nodes whose encoding is shorter than 32 bytes are embedded in
///      their parent rather than referenced by hash, so they are not separate elements; the root
///      is always an element. The verifier is strict: every element must be the node the path
///      reaches next (no extra, missing or reordered nodes), and the RLP must be well formed and
///      canonical in its lengths. An empty trie (root `EMPTY_TRIE_ROOT`) is proven by an empty list.
///      Every function is internal, so the library is inlined into its users and needs no linking.
library MerklePatriciaProof {
    /// @notice The root of the empty trie: keccak256(rlp("")).
    bytes32 internal constant EMPTY_TRIE_ROOT = 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421;

    /// @notice Proof element `index` does not hash to the reference its parent holds (or, for
    ///         the first element, to the root).
    error MPTBadNodeHash(uint256 index);
    /// @notice The path needs node `index`, which the proof lacks.
    error MPTMissingNode(uint256 index);
    /// @notice The path ended at node `used - 1` but the proof has more elements.
    error MPTUnusedNodes(uint256 used);
    /// @notice A node is not a well-formed trie node.
    error MPTMalformedNode();
    /// @notice A proven account or storage value is not well formed.
    error MPTMalformedValue();

    // An RLP item is packed in one word: the memory address of its payload (bits 0-63), the
    // payload's length (bits 64-127) and whether it is a list (bit 128). Addresses are memory
    // offsets and lengths come from at most 8 bytes, so both fit.

    /// @notice Looks `key` up in the trie with root `root`, using `proof`.
    /// @param root The trie's root hash.
    /// @param key The key as stored in the trie (for the state and storage tries: a keccak256 hash).
    /// @param proof The nodes on the key's path, root first.
    /// @return exists Whether the key holds a value.
    /// @return value The value (empty when `exists` is false).
    function get(bytes32 root, bytes memory key, bytes[] memory proof)
        internal
        pure
        returns (bool exists, bytes memory value)
    {
        if (proof.length == 0) {
            if (root == EMPTY_TRIE_ROOT) return (false, "");
            revert MPTMissingNode(0);
        }
        if (keccak256(proof[0]) != root) revert MPTBadNodeHash(0);

        uint256 at; // nibbles of the key consumed so far
        uint256 used = 1; // proof elements consumed so far
        uint256 node = _whole(proof[0]);
        while (true) {
            if (!_isList(node)) revert MPTMalformedNode();
            uint256 child;
            (uint256 first, uint256 second, bool short) = _firstTwo(node);
            if (short) {
                // A leaf or an extension: a hex-prefix path, then a value or a child.
                (uint256 pathNibble, uint256 pathLen, bool leaf) = _hexPrefix(first);
                bool matches = _samePath(key, at, pathNibble, pathLen);
                if (leaf) {
                    if (_isList(second) || _len(second) == 0) revert MPTMalformedNode();
                    _requireAllUsed(used, proof.length);
                    if (matches && at + pathLen == key.length * 2) return (true, _copy(second));
                    return (false, "");
                }
                if (pathLen == 0 || (!_isList(second) && _len(second) == 0)) revert MPTMalformedNode();
                if (!matches) {
                    _requireAllUsed(used, proof.length);
                    return (false, "");
                }
                at += pathLen;
                child = second;
            } else {
                // A branch: sixteen children, then the value of a key that ends here.
                uint256 index = at == key.length * 2 ? 16 : _nibble(key, at);
                child = _branchItem(node, index);
                if (index == 16) {
                    if (_isList(child)) revert MPTMalformedNode();
                    _requireAllUsed(used, proof.length);
                    if (_len(child) == 0) return (false, "");
                    return (true, _copy(child));
                }
                at++;
            }

            // Follow the reference to the next node.
            if (_isList(child)) {
                // An embedded node: its encoding (a one-byte list header and the payload) is
                // shorter than 32 bytes, or the trie would have referenced it by hash.
                if (_len(child) >= 31) revert MPTMalformedNode();
                node = child;
            } else if (_len(child) == 0) {
                // An empty branch slot: nothing under this path.
                _requireAllUsed(used, proof.length);
                return (false, "");
            } else if (_len(child) == 32) {
                if (used == proof.length) revert MPTMissingNode(used);
                bytes memory enc = proof[used];
                if (keccak256(enc) != _word(child)) revert MPTBadNodeHash(used);
                node = _whole(enc);
                used++;
            } else {
                revert MPTMalformedNode();
            }
        }
    }

    /// @notice Proves an account of the state trie.
    /// @param stateRoot The state root.
    /// @param account The account's address (the trie key is its keccak256 hash).
    /// @param accountProof The account proof of `eth_getProof`.
    /// @return nonce The account's nonce.
    /// @return balance The account's balance.
    /// @return storageRoot The root of the account's storage trie.
    /// @return codeHash The hash of the account's code; zero when the account does not exist
    ///         (then the nonce and balance are zero and the storage root is `EMPTY_TRIE_ROOT`).
    function verifyAccount(bytes32 stateRoot, address account, bytes[] memory accountProof)
        internal
        pure
        returns (uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
    {
        (bool exists, bytes memory value) =
            get(stateRoot, abi.encodePacked(keccak256(abi.encodePacked(account))), accountProof);
        if (!exists) return (0, 0, EMPTY_TRIE_ROOT, bytes32(0));

        // rlp([nonce, balance, storageRoot, codeHash])
        uint256 list = _whole(value);
        if (!_isList(list)) revert MPTMalformedValue();
        uint256 p = _ptr(list);
        uint256 end = p + _len(list);
        uint256 item;
        (item, p) = _item(p, end);
        nonce = _uint(item);
        (item, p) = _item(p, end);
        balance = _uint(item);
        (item, p) = _item(p, end);
        storageRoot = _bytes32(item);
        (item, p) = _item(p, end);
        codeHash = _bytes32(item);
        if (p != end) revert MPTMalformedValue();
    }

    /// @notice Proves a storage slot of an account's storage trie.
    /// @param storageRoot The account's storage root (from `verifyAccount`).
    /// @param slot The storage slot (the trie key is its keccak256 hash).
    /// @param storageProof The slot's proof of `eth_getProof`.
    /// @return The slot's value; zero for an empty slot.
    function verifyStorage(bytes32 storageRoot, bytes32 slot, bytes[] memory storageProof)
        internal
        pure
        returns (uint256)
    {
        (bool exists, bytes memory value) =
            get(storageRoot, abi.encodePacked(keccak256(abi.encodePacked(slot))), storageProof);
        if (!exists) return 0;
        // The trie stores rlp(value without leading zeros).
        uint256 item = _whole(value);
        if (_isList(item) || _len(item) == 0) revert MPTMalformedValue();
        return _uint(item);
    }

    // ----- trie paths -----

    function _requireAllUsed(uint256 used, uint256 total) private pure {
        if (used != total) revert MPTUnusedNodes(used);
    }

    // The i-th nibble of key, high nibble first; i < 2 * key.length.
    function _nibble(bytes memory key, uint256 i) private pure returns (uint256 n) {
        assembly ("memory-safe") {
            n := and(shr(mul(4, iszero(and(i, 1))), byte(0, mload(add(add(key, 32), shr(1, i))))), 0x0f)
        }
    }

    // Decodes a hex-prefix encoded path: returns the memory address of its first nibble, in
    // nibbles (twice the byte address, plus one to start at a low half), how many nibbles it
    // has, and whether the node is a leaf.
    function _hexPrefix(uint256 item) private pure returns (uint256 pathNibble, uint256 pathLen, bool leaf) {
        uint256 len = _len(item);
        if (_isList(item) || len == 0) revert MPTMalformedNode();
        uint256 p = _ptr(item);
        uint256 first;
        assembly ("memory-safe") {
            first := byte(0, mload(p))
        }
        uint256 flag = first >> 4;
        if (flag > 3) revert MPTMalformedNode();
        leaf = flag >= 2;
        if (flag & 1 == 1) {
            // Odd length: the first nibble is the low half of the flag byte.
            return (2 * p + 1, len * 2 - 1, leaf);
        }
        if (first & 0x0f != 0) revert MPTMalformedNode();
        return (2 * p + 2, len * 2 - 2, leaf);
    }

    // Whether the pathLen nibbles at pathNibble equal key's nibbles from `at` on (and the key
    // has that many left). When both start at the same half of a byte, as they always do in
    // the state and storage tries (32-byte keys), the whole bytes between are compared by hash.
    function _samePath(bytes memory key, uint256 at, uint256 pathNibble, uint256 pathLen)
        private
        pure
        returns (bool same)
    {
        if (pathLen > key.length * 2 - at) return false;
        assembly ("memory-safe") {
            // The nibble at nibble address n: the high half of byte n/2 when n is even.
            function nib(n) -> v {
                v := and(shr(mul(4, iszero(and(n, 1))), byte(0, mload(shr(1, n)))), 0x0f)
            }
            let keyNibble := add(mul(2, add(key, 32)), at)
            same := 1
            let i := 0
            if iszero(and(xor(pathNibble, keyNibble), 1)) {
                if and(pathNibble, 1) {
                    if gt(pathLen, 0) {
                        same := eq(nib(pathNibble), nib(keyNibble))
                        i := 1
                    }
                }
                let n := shr(1, sub(pathLen, i))
                if and(same, gt(n, 0)) {
                    same :=
                        eq(
                            keccak256(shr(1, add(pathNibble, i)), n),
                            keccak256(shr(1, add(keyNibble, i)), n)
                        )
                    i := add(i, mul(2, n))
                }
            }
            for {} and(same, lt(i, pathLen)) { i := add(i, 1) } {
                same := eq(nib(add(pathNibble, i)), nib(add(keyNibble, i)))
            }
        }
    }

    // ----- RLP -----

    // The first two items of a node's list, and whether they are all of it (a leaf or an
    // extension); otherwise the node must be a branch.
    function _firstTwo(uint256 node) private pure returns (uint256 first, uint256 second, bool short) {
        uint256 p = _ptr(node);
        uint256 end = p + _len(node);
        (first, p) = _item(p, end);
        (second, p) = _item(p, end);
        short = p == end;
    }

    // Item `index` of a branch node, which must have exactly 17 items. A child (items 0-15) is
    // empty (0x80), a hash (0xa0 and 32 bytes) or an embedded node (a list under 31 bytes);
    // anything else is malformed. Item 16, the value, may be any string.
    function _branchItem(uint256 node, uint256 index) private pure returns (uint256 found) {
        uint256 p = _ptr(node);
        uint256 end = p + _len(node);
        bool bad;
        assembly ("memory-safe") {
            for { let i := 0 } lt(i, 16) { i := add(i, 1) } {
                let b0 := byte(0, mload(p))
                let len := 0
                let list := 0
                switch b0
                case 0x80 {}
                case 0xa0 { len := 32 }
                default {
                    list := 1
                    len := sub(b0, 0xc0)
                    bad := or(bad, or(lt(b0, 0xc0), gt(len, 30)))
                }
                if eq(i, index) { found := or(add(p, 1), or(shl(64, len), shl(128, list))) }
                p := add(add(p, 1), len)
                if iszero(lt(p, end)) {
                    // Item 16 must still follow.
                    bad := 1
                    break
                }
            }
        }
        if (bad) revert MPTMalformedNode();
        (uint256 value, uint256 next) = _item(p, end);
        if (next != end) revert MPTMalformedNode();
        if (index == 16) found = value;
    }

    // The single RLP item `enc` holds; anything after it is refused.
    function _whole(bytes memory enc) private pure returns (uint256 item) {
        uint256 start;
        assembly ("memory-safe") {
            start := add(enc, 32)
        }
        uint256 end = start + enc.length;
        uint256 next;
        (item, next) = _item(start, end);
        if (next != end) revert MPTMalformedNode();
    }

    // Decodes the item starting at p, which must end by `end`; returns it and where the next
    // item starts. Lengths must be canonical: a single byte below 0x80 stands for itself, and
    // long forms are used only above 55 bytes, without leading zeros.
    function _item(uint256 p, uint256 end) private pure returns (uint256 item, uint256 next) {
        bool bad;
        assembly ("memory-safe") {
            // A long form: `size` bytes of length after the prefix byte.
            function long(q, e, size) -> payload, len, wrong {
                payload := add(add(q, 1), size)
                len := shr(mul(8, sub(32, size)), mload(add(q, 1)))
                wrong := or(gt(payload, e), or(lt(len, 56), iszero(shr(mul(8, sub(size, 1)), len))))
            }
            let payload := p
            let len := 1
            let list := 0
            bad := iszero(lt(p, end))
            let b0 := byte(0, mload(p))
            if iszero(lt(b0, 0x80)) {
                switch lt(b0, 0xb8)
                case 1 {
                    payload := add(p, 1)
                    len := sub(b0, 0x80)
                    if eq(len, 1) { bad := or(bad, lt(byte(0, mload(payload)), 0x80)) }
                }
                default {
                    switch lt(b0, 0xc0)
                    case 1 {
                        let wrong
                        payload, len, wrong := long(p, end, sub(b0, 0xb7))
                        bad := or(bad, wrong)
                    }
                    default {
                        list := 1
                        switch lt(b0, 0xf8)
                        case 1 {
                            payload := add(p, 1)
                            len := sub(b0, 0xc0)
                        }
                        default {
                            let wrong
                            payload, len, wrong := long(p, end, sub(b0, 0xf7))
                            bad := or(bad, wrong)
                        }
                    }
                }
            }
            // NB: len < 2^64 and memory addresses are far below that: no overflow.
            next := add(payload, len)
            bad := or(bad, gt(next, end))
            item := or(payload, or(shl(64, len), shl(128, list)))
        }
        if (bad) revert MPTMalformedNode();
    }

    function _ptr(uint256 item) private pure returns (uint256) {
        return item & type(uint64).max;
    }

    function _len(uint256 item) private pure returns (uint256) {
        return (item >> 64) & type(uint64).max;
    }

    function _isList(uint256 item) private pure returns (bool) {
        return item >> 128 != 0;
    }

    // The first 32 bytes of an item's payload.
    function _word(uint256 item) private pure returns (bytes32 w) {
        uint256 p = _ptr(item);
        assembly ("memory-safe") {
            w := mload(p)
        }
    }

    // A canonical RLP integer: at most 32 bytes, no leading zero.
    function _uint(uint256 item) private pure returns (uint256 v) {
        uint256 len = _len(item);
        if (_isList(item) || len > 32) revert MPTMalformedValue();
        if (len == 0) return 0;
        uint256 p = _ptr(item);
        assembly ("memory-safe") {
            v := shr(mul(8, sub(32, len)), mload(p))
        }
        if (v >> ((len - 1) * 8) == 0) revert MPTMalformedValue();
    }

    function _bytes32(uint256 item) private pure returns (bytes32) {
        if (_isList(item) || _len(item) != 32) revert MPTMalformedValue();
        return _word(item);
    }

    function _copy(uint256 item) private pure returns (bytes memory out) {
        uint256 len = _len(item);
        uint256 src = _ptr(item);
        out = new bytes(len);
        assembly ("memory-safe") {
            mcopy(add(out, 32), src, len)
        }
    }
}
