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
///      `update` and `updateMany` go on from a proof to the root after inserting or overwriting
///      keys, as the fraud proofs' one-step proof needs; docs/bridge.md ("Trie updates").
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
    /// @notice `update` and `updateMany` insert and overwrite only: an empty value (a deletion) is
    ///         refused, because collapsing the branch it leaves can need nodes no proof holds.
    error MPTEmptyValue();
    /// @notice `updateMany` got arrays of different lengths.
    error MPTLengthMismatch();
    /// @notice `updateMany` needs the node with this hash, and no proof holds it.
    error MPTUnknownNode(bytes32 hash);

    /// @notice Where an update finds the nodes it walks through. Strict (`update`): the elements of
    ///         one proof, in order, each the next node of the key's path. Pooled (`updateMany`):
    ///         any node asked for by hash, from every proof and every node earlier updates made.
    struct NodeSet {
        bytes[] nodes;
        bytes32[] hashes; // pooled only: the hash of each node
        uint256 count; // how many of `nodes` are filled
        uint256 used; // strict only: elements consumed so far
        bool strict;
    }

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

    // ----- updates -----

    /// @notice Sets `key` to `value` in the trie with root `root`, using `proof`, and returns the
    ///         new root: an overwrite when the key holds a value, an insert when it does not.
    /// @dev `proof` is the key's proof against `root` exactly as `get` takes it (inclusion or
    ///      exclusion), and is checked as strictly. The new root is the one go-ethereum's trie
    ///      gets from the same update: the nodes on the path are rebuilt from the bottom, a leaf
    ///      or extension the key diverges inside is split (a new branch, shortened leaves and
    ///      extensions, an extension over the common part), and every new node under 32 bytes
    ///      is embedded in its parent instead of hashed.
    /// @param root The trie's root hash (`EMPTY_TRIE_ROOT` for an empty trie, with no proof).
    /// @param key The key as stored in the trie.
    /// @param value The new value; must not be empty (deletion is not supported).
    /// @param proof The nodes on the key's path, root first.
    /// @return newRoot The root after the update.
    function update(bytes32 root, bytes memory key, bytes memory value, bytes[] memory proof)
        internal
        pure
        returns (bytes32 newRoot)
    {
        NodeSet memory nodes = NodeSet(proof, new bytes32[](0), proof.length, 0, true);
        newRoot = _update(nodes, root, key, value);
        _requireAllUsed(nodes.used, proof.length);
    }

    /// @notice Applies `keys[i] = values[i]` for each i in order, starting from `root`, and
    ///         returns the final root. Every proof is against the ORIGINAL root, as `eth_getProof`
    ///         gives them at the pre-state.
    /// @dev The proofs' nodes are pooled and looked up by hash; every node an update makes is
    ///      added to the pool. After the first update, the next key's walk from the new root
    ///      meets the rebuilt nodes where the paths are shared and the original nodes of its own
    ///      proof below the point where they part, so the stale copies of shared nodes in its
    ///      proof are simply never asked for. A node the walk needs and the pool lacks reverts
    ///      with `MPTUnknownNode`; since nodes are found by hash, extra or foreign nodes cannot
    ///      change the result. The same key may appear more than once (the last value wins).
    /// @param root The trie's root hash before the updates.
    /// @param keys The keys, in the order the updates apply.
    /// @param values The new values, none empty.
    /// @param proofs For each key, its proof against `root`.
    /// @return The root after all updates.
    function updateMany(bytes32 root, bytes[] memory keys, bytes[] memory values, bytes[][] memory proofs)
        internal
        pure
        returns (bytes32)
    {
        if (keys.length != values.length || keys.length != proofs.length) revert MPTLengthMismatch();
        // Each update makes at most one node per nibble of its key, plus a split's four and the root.
        uint256 size;
        for (uint256 i; i < keys.length; i++) {
            size += proofs[i].length + 2 * keys[i].length + 6;
        }
        NodeSet memory nodes = NodeSet(new bytes[](size), new bytes32[](size), 0, 0, false);
        for (uint256 i; i < proofs.length; i++) {
            for (uint256 j; j < proofs[i].length; j++) {
                _remember(nodes, keccak256(proofs[i][j]), proofs[i][j]);
            }
        }
        for (uint256 i; i < keys.length; i++) {
            root = _update(nodes, root, keys[i], values[i]);
        }
        return root;
    }

    /// @notice The state trie's value of an account: rlp([nonce, balance, storageRoot, codeHash]).
    function encodeAccount(uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
        internal
        pure
        returns (bytes memory)
    {
        return _encodeList(
            bytes.concat(_encodeUint(nonce), _encodeUint(balance), hex"a0", storageRoot, hex"a0", codeHash)
        );
    }

    /// @notice Decodes an account value of the state trie (see `encodeAccount`); reverts with
    ///         `MPTMalformedValue` (or `MPTMalformedNode` for bad RLP) unless it is canonical.
    function decodeAccount(bytes memory value)
        internal
        pure
        returns (uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash)
    {
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

    // Walks key's path from root through `nodes`, then rebuilds the path bottom-up with the new
    // value and returns the new root.
    function _update(NodeSet memory nodes, bytes32 root, bytes memory key, bytes memory value)
        private
        pure
        returns (bytes32 newRoot)
    {
        if (value.length == 0) revert MPTEmptyValue();
        uint256 pos; // nibble address of the key's first nibble
        assembly ("memory-safe") {
            pos := mul(2, add(key, 32))
        }
        // Each step of the walk consumes at least one nibble, so at most 2 * key.length nodes lie
        // above the one that changes.
        uint256[] memory steps = new uint256[](key.length * 2 + 1);
        uint256 depth;
        bytes memory cur; // the new encoding of the node at the bottom of the path
        if (root == EMPTY_TRIE_ROOT) {
            cur = _shortNode(pos, key.length * 2, true, _encodeString(value));
        } else {
            (cur, depth) = _walk(nodes, _whole(_resolve(nodes, root)), pos, pos + key.length * 2, value, steps);
        }
        while (depth > 0) {
            depth--;
            uint256 step = steps[depth];
            cur = _replaceItem(step & type(uint192).max, step >> 192, _ref(nodes, cur));
        }
        // NB: the root is hashed whatever its length.
        newRoot = keccak256(cur);
        if (!nodes.strict) _remember(nodes, newRoot, cur);
    }

    // Walks from `node` along the key's nibbles from nibble address `pos` to `end`. Records in
    // `steps` each node the path goes through, with the item that leads down in bits 192 and up
    // (a branch slot 0-15, or 17 for an extension's child), and returns how many, and the new
    // encoding of the node where the walk ends.
    function _walk(
        NodeSet memory nodes,
        uint256 node,
        uint256 pos,
        uint256 end,
        bytes memory value,
        uint256[] memory steps
    ) private pure returns (bytes memory cur, uint256 depth) {
        while (true) {
            if (!_isList(node)) revert MPTMalformedNode();
            uint256 child;
            (uint256 first, uint256 second, bool short) = _firstTwo(node);
            if (short) {
                uint256 pathLen = _shortStep(first, second, pos, end - pos);
                if (pathLen == 0) return (_split(nodes, first, second, pos, end - pos, value), depth);
                steps[depth++] = node | (17 << 192);
                pos += pathLen;
                child = second;
            } else {
                uint256 index = pos == end ? 16 : _nib(pos);
                child = _branchItem(node, index);
                if (index == 16) {
                    if (_isList(child)) revert MPTMalformedNode();
                    return (_replaceItem(node, 16, _encodeString(value)), depth);
                }
                steps[depth++] = node | (index << 192);
                pos++;
            }

            if (_isList(child)) {
                if (_len(child) >= 31) revert MPTMalformedNode();
                node = child;
            } else if (_len(child) == 0) {
                // An empty branch slot (an extension's child is never empty): a new leaf.
                return (_shortNode(pos, end - pos, true, _encodeString(value)), depth);
            } else if (_len(child) == 32) {
                node = _whole(_resolve(nodes, _word(child)));
            } else {
                revert MPTMalformedNode();
            }
        }
    }

    // Checks a leaf or extension node (`first` its hex-prefix path, `second` its value or child)
    // and returns the length of its path when the key's walk goes on through it (an extension
    // whose whole path the key's next nibbles follow), else zero.
    function _shortStep(uint256 first, uint256 second, uint256 keyNibble, uint256 keyLen)
        private
        pure
        returns (uint256)
    {
        (uint256 pathNibble, uint256 pathLen, bool leaf) = _hexPrefix(first);
        if (leaf) {
            if (_isList(second) || _len(second) == 0) revert MPTMalformedNode();
            return 0;
        }
        if (pathLen == 0 || (!_isList(second) && _len(second) == 0)) revert MPTMalformedNode();
        return _commonPrefix(pathNibble, pathLen, keyNibble, keyLen) == pathLen ? pathLen : 0;
    }

    // The new node where the key's walk ends at a leaf, or at an extension it diverges inside.
    // `first` is that node's hex-prefix path, `secondItem` its value or child; the key has keyLen
    // nibbles left, from nibble address keyNibble on.
    function _split(
        NodeSet memory nodes,
        uint256 first,
        uint256 secondItem,
        uint256 keyNibble,
        uint256 keyLen,
        bytes memory value
    ) private pure returns (bytes memory) {
        value = _encodeString(value);
        uint256 common;
        {
            (uint256 pathNibble, uint256 pathLen, bool leaf) = _hexPrefix(first);
            common = _commonPrefix(pathNibble, pathLen, keyNibble, keyLen);
            if (leaf && common == pathLen && common == keyLen) return _shortNode(pathNibble, pathLen, true, value);
        }
        // A branch where the paths part, holding the old node's rest and the key's.
        bytes[17] memory items;
        _placeRest(nodes, items, first, secondItem, common);
        if (common == keyLen) {
            items[16] = value;
        } else {
            items[_nib(keyNibble + common)] =
                _ref(nodes, _shortNode(keyNibble + common + 1, keyLen - common - 1, true, value));
        }
        if (common == 0) return _encodeBranch(items);
        return _shortNode(keyNibble, common, false, _ref(nodes, _encodeBranch(items)));
    }

    // Puts what is left of a split leaf or extension (`first` its path, `secondItem` its value or
    // child) into the new branch: its path after the `common` nibbles the key shares.
    function _placeRest(
        NodeSet memory nodes,
        bytes[17] memory items,
        uint256 first,
        uint256 secondItem,
        uint256 common
    ) private pure {
        (uint256 restNibble, uint256 restLen, bool leaf) = _hexPrefix(first);
        restNibble += common;
        restLen -= common;
        bytes memory second = _raw(secondItem);
        if (restLen == 0) {
            // Only a leaf ends here (an extension the key follows to its end is not split).
            items[16] = second;
            return;
        }
        // An extension left with no path is just its child.
        if (leaf || restLen > 1) second = _ref(nodes, _shortNode(restNibble + 1, restLen - 1, leaf, second));
        items[_nib(restNibble)] = second;
    }

    // The node an update walks into next: in strict mode the proof's next element, which must
    // hash to `hash`; pooled, whichever node hashes to `hash`.
    function _resolve(NodeSet memory nodes, bytes32 hash) private pure returns (bytes memory enc) {
        if (nodes.strict) {
            uint256 used = nodes.used;
            if (used == nodes.count) revert MPTMissingNode(used);
            enc = nodes.nodes[used];
            if (keccak256(enc) != hash) revert MPTBadNodeHash(used);
            nodes.used = used + 1;
            return enc;
        }
        for (uint256 i; i < nodes.count; i++) {
            if (nodes.hashes[i] == hash) return nodes.nodes[i];
        }
        revert MPTUnknownNode(hash);
    }

    function _remember(NodeSet memory nodes, bytes32 hash, bytes memory enc) private pure {
        uint256 i = nodes.count;
        nodes.nodes[i] = enc;
        nodes.hashes[i] = hash;
        nodes.count = i + 1;
    }

    // How a parent refers to the node `enc`: inline when its encoding is under 32 bytes, as
    // go-ethereum embeds it, else by hash (and pooled nodes remember it).
    function _ref(NodeSet memory nodes, bytes memory enc) private pure returns (bytes memory) {
        if (enc.length < 32) return enc;
        bytes32 hash = keccak256(enc);
        if (!nodes.strict) _remember(nodes, hash, enc);
        return bytes.concat(hex"a0", hash);
    }

    // `node` with one item replaced by the raw encoding `raw`: a branch's child (0-15) or
    // value (16), or an extension's child (17).
    function _replaceItem(uint256 node, uint256 index, bytes memory raw) private pure returns (bytes memory out) {
        uint256 start;
        uint256 end;
        if (index < 16) {
            // A child's header is one byte: 0x80, 0xa0 or a short list's.
            uint256 child = _branchItem(node, index);
            start = _ptr(child) - 1;
            end = _ptr(child) + _len(child);
        } else if (index == 16) {
            // The value follows the last child and ends the list.
            uint256 last = _branchItem(node, 15);
            start = _ptr(last) + _len(last);
            end = _ptr(node) + _len(node);
        } else {
            (, uint256 child,) = _firstTwo(node);
            start = _ptr(child) - 1;
            end = _ptr(child) + _len(child);
        }
        uint256 p = _ptr(node);
        uint256 e = p + _len(node);
        bytes memory payload = new bytes(start - p + raw.length + e - end);
        assembly ("memory-safe") {
            let o := add(payload, 32)
            mcopy(o, p, sub(start, p))
            o := add(o, sub(start, p))
            mcopy(o, add(raw, 32), mload(raw))
            mcopy(add(o, mload(raw)), end, sub(e, end))
        }
        return _encodeList(payload);
    }

    // A leaf or extension: the hex-prefix encoding of len nibbles from nibble address `nibble`,
    // then `second`, already encoded.
    function _shortNode(uint256 nibble, uint256 len, bool leaf, bytes memory second)
        private
        pure
        returns (bytes memory)
    {
        bytes memory hp = new bytes(len / 2 + 1);
        uint256 flag = (leaf ? 2 : 0) + (len & 1);
        assembly ("memory-safe") {
            function nib(n) -> v {
                v := and(shr(mul(4, iszero(and(n, 1))), byte(0, mload(shr(1, n)))), 0x0f)
            }
            let o := add(hp, 32)
            let i := 0
            switch and(len, 1)
            case 1 {
                mstore8(o, or(shl(4, flag), nib(nibble)))
                i := 1
            }
            default { mstore8(o, shl(4, flag)) }
            for { let j := 1 } lt(i, len) { j := add(j, 1) } {
                mstore8(add(o, j), or(shl(4, nib(add(nibble, i))), nib(add(nibble, add(i, 1)))))
                i := add(i, 2)
            }
        }
        return _encodeList(bytes.concat(_encodeString(hp), second));
    }

    // A branch of raw items; an empty one stands for an empty slot (0x80).
    function _encodeBranch(bytes[17] memory items) private pure returns (bytes memory) {
        uint256 total;
        for (uint256 i; i < 17; i++) {
            total += items[i].length == 0 ? 1 : items[i].length;
        }
        bytes memory payload = new bytes(total);
        uint256 o;
        assembly ("memory-safe") {
            o := add(payload, 32)
        }
        for (uint256 i; i < 17; i++) {
            bytes memory item = items[i];
            assembly ("memory-safe") {
                let len := mload(item)
                switch len
                case 0 {
                    mstore8(o, 0x80)
                    o := add(o, 1)
                }
                default {
                    mcopy(o, add(item, 32), len)
                    o := add(o, len)
                }
            }
        }
        return _encodeList(payload);
    }

    // How many nibbles the paths at nibble addresses a (la long) and b (lb long) share.
    function _commonPrefix(uint256 a, uint256 la, uint256 b, uint256 lb) private pure returns (uint256 n) {
        assembly ("memory-safe") {
            function nib(x) -> v {
                v := and(shr(mul(4, iszero(and(x, 1))), byte(0, mload(shr(1, x)))), 0x0f)
            }
            let max := la
            if lt(lb, la) { max := lb }
            // NB: when both start at the same half of a byte, as 32-byte keys do, whole bytes
            // are compared at once after the first nibble.
            if iszero(and(xor(a, b), 1)) {
                if and(and(a, 1), gt(max, 0)) {
                    if eq(nib(a), nib(b)) { n := 1 }
                    if iszero(n) { max := 0 }
                }
                for {} lt(add(n, 1), max) { n := add(n, 2) } {
                    if iszero(eq(byte(0, mload(shr(1, add(a, n)))), byte(0, mload(shr(1, add(b, n)))))) { break }
                }
            }
            for {} and(lt(n, max), eq(nib(add(a, n)), nib(add(b, n)))) { n := add(n, 1) } {}
        }
    }

    // The nibble at nibble address n: the high half of byte n / 2 when n is even.
    function _nib(uint256 n) private pure returns (uint256 v) {
        assembly ("memory-safe") {
            v := and(shr(mul(4, iszero(and(n, 1))), byte(0, mload(shr(1, n)))), 0x0f)
        }
    }

    // ----- RLP encoding -----

    // The raw encoding of a decoded item (canonical, as the decoder accepts only canonical items).
    function _raw(uint256 item) private pure returns (bytes memory) {
        uint256 len = _len(item);
        bytes memory payload = _copy(item);
        if (_isList(item)) return _encodeList(payload);
        if (len == 1 && uint8(payload[0]) < 0x80) return payload;
        return bytes.concat(_header(len, 0x80), payload);
    }

    function _encodeString(bytes memory s) private pure returns (bytes memory) {
        if (s.length == 1 && uint8(s[0]) < 0x80) return s;
        return bytes.concat(_header(s.length, 0x80), s);
    }

    function _encodeList(bytes memory payload) private pure returns (bytes memory) {
        return bytes.concat(_header(payload.length, 0xc0), payload);
    }

    // An integer without leading zero bytes; zero is the empty string.
    function _encodeUint(uint256 v) private pure returns (bytes memory) {
        uint256 n;
        while (n < 32 && v >> (8 * n) != 0) n++;
        bytes memory b = new bytes(n);
        assembly ("memory-safe") {
            if n { mstore(add(b, 32), shl(mul(8, sub(32, n)), v)) }
        }
        return _encodeString(b);
    }

    // The header of a string (offset 0x80) or list (offset 0xc0) of `len` bytes.
    function _header(uint256 len, uint256 offset) private pure returns (bytes memory h) {
        if (len < 56) {
            h = new bytes(1);
            h[0] = bytes1(uint8(offset + len));
            return h;
        }
        uint256 n;
        while (len >> (8 * n) != 0) n++;
        h = new bytes(1 + n);
        h[0] = bytes1(uint8(offset + 55 + n));
        for (uint256 i; i < n; i++) {
            h[1 + i] = bytes1(uint8(len >> (8 * (n - 1 - i))));
        }
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
