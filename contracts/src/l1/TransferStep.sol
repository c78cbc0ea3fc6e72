// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MerklePatriciaProof} from "src/l1/MerklePatriciaProof.sol";

/// @title TransferStep
/// @notice The core of the one-step proof for a plain transfer (docs/fraud-proofs.md, "The
///         one-step proof"): from the agreed pre-state root, one signed transaction and the
///         account proofs of its sender, recipient and fee recipient, the state root after the
///         executor applied the transaction through its payments fast path (exec/env.go:
///         `blockEnv.isPlainTransfer` and `blockEnv.transfer`).
/// @dev What is checked, as the executor checks it: the transaction decodes strictly (canonical
///      RLP, type 0 with EIP-155 replay protection, type 1 or type 2, nothing after it); its
///      signature over go-ethereum's signing hash for the type recovers the sender (v of 0 or 1
///      after the chain's offset, 1 ≤ r < n, 1 ≤ s ≤ n/2); its chain ID is the block's; it is a
///      plain transfer (a recipient, no call data, the recipient neither a precompile of the
///      Osaka set nor an account with code); the sender has no code (EIP-3607); the nonce is the
///      sender's; the gas limit is at most 2^24 (EIP-7825) and at least the intrinsic gas
///      (21,000, plus 2,400 per access-list address and 1,900 per storage key); the tip is at
///      most the fee cap and the fee cap at least the base fee; the sender holds
///      `gas × feeCap + value`. A transaction failing any of them reverts with an error naming
///      the reason: the executor drops such a transaction, so it is never a step of a block.
///
///      What is applied, as go-ethereum's state transition does it: the gas price is
///      `min(tip + baseFee, feeCap)`; the sender pays `gas × price` and its nonce goes up; the
///      value moves to the recipient, which is created (empty storage root, empty code hash) if
///      absent unless the value is zero; the sender gets back the unused gas at the gas price
///      (no call data: gas used is the intrinsic gas); the fee recipient gets
///      `(price − baseFee) × gasUsed`, the base fee's share is burned. Balances add modulo 2^256
///      as go-ethereum's do. Then EIP-161: a touched account left empty is not written — one
///      absent before stays absent (a zero-value transfer to a fresh address, a zero tip to a
///      fresh fee recipient). An account that existed empty before and would be deleted reverts
///      (`EmptyAccountDeletion`): the trie library cannot delete, and since EIP-161 holds from
///      genesis such an account can only come from the genesis allocation.
///
///      Not checked here: that the transaction is in the disputed block and the block context
///      is the block's (OneStepProver authenticates both from the block header through the
///      output root), the block's gas limit (a transaction in a block fits it), and
///      a sender whose code is an EIP-7702 delegation (allowed by the executor, refused here;
///      the chain refuses type-4 transactions, so only a genesis allocation could make one).
library TransferStep {
    /// @notice The block's part of the step's input.
    /// @dev The library takes it as given; OneStepProver reads it from the block header the output
    ///      root's block hash authenticates.
    struct BlockContext {
        uint256 chainId;
        uint256 baseFee;
        /// The block's coinbase: the batch's leader.
        address feeRecipient;
    }

    /// @notice The account proofs (`eth_getProof`'s accountProof) against the pre-state root.
    ///         When two of the accounts are the same, the later proof is not read.
    struct AccountProofs {
        bytes[] sender;
        bytes[] recipient;
        bytes[] feeRecipient;
    }

    /// @notice A decoded transaction and its sender.
    struct Transaction {
        uint8 txType;
        uint64 nonce;
        uint256 tipCap;
        uint256 feeCap;
        uint64 gas;
        /// Zero with `hasTo` false: a contract creation.
        address to;
        bool hasTo;
        uint256 value;
        uint256 dataLength;
        uint256 accessListAddresses;
        uint256 accessListKeys;
        address sender;
    }

    /// @notice The transaction's bytes are not a canonical RLP encoding of its type.
    error MalformedTransaction();
    /// @notice A type other than 0, 1 and 2 (blob and set-code transactions are refused).
    error UnsupportedTxType(uint256 txType);
    /// @notice A legacy transaction without EIP-155 replay protection.
    error UnprotectedTransaction();
    /// @notice The transaction is for another chain.
    error WrongChainId();
    /// @notice A bad recovery id, r or s out of range, a high s, or no key recovers.
    error InvalidSignature();
    /// @notice A contract creation, call data, or a recipient with code or a precompile: not the
    ///         payments fast path.
    error NotPlainTransfer();
    /// @notice The sender has code (EIP-3607).
    error SenderNotEOA();
    /// @notice The transaction's nonce is not the sender's.
    error WrongNonce(uint256 txNonce, uint256 stateNonce);
    /// @notice The sender's nonce is already the largest.
    error NonceMax();
    /// @notice A gas limit above EIP-7825's cap.
    error GasLimitTooHigh();
    /// @notice A gas limit below the intrinsic gas.
    error IntrinsicGasTooLow();
    /// @notice The tip is above the fee cap.
    error TipAboveFeeCap();
    /// @notice The fee cap is below the block's base fee.
    error FeeCapBelowBaseFee();
    /// @notice The sender cannot pay `gas × feeCap + value`.
    error InsufficientFunds();
    /// @notice A transaction to the message passer came without its two storage proofs.
    error MissingStorageProofs();
    /// @notice The step would delete an account that exists empty (EIP-161); not supported.
    error EmptyAccountDeletion(address account);

    bytes32 internal constant EMPTY_CODE_HASH = keccak256("");

    /// @notice The L2 message passer predeploy. A plain transfer to it (no call data, no access
    ///         list) runs its `receive()`: a withdrawal of the value to the sender's own address
    ///         on L1 with `RECEIVE_DEFAULT_GAS_LIMIT`.
    address internal constant MESSAGE_PASSER = 0x4C32000000000000000000000000000000000002;
    /// @notice The hash of the message passer's runtime code these gas figures belong to.
    bytes32 internal constant MESSAGE_PASSER_CODE_HASH = 0xaac97b695c47eaf2506c15b2432da04e11cabe9d5a352656115bc6e4f46335e0;
    /// @notice The gas that withdrawal uses in the EVM: the first one ever (`messageNonce`
    ///         0 → 1) and every later one (the nonce slot already set). Held to the executor's
    ///         receipts by the tests.
    uint256 internal constant WITHDRAWAL_GAS_FIRST = 69_542;
    uint256 internal constant WITHDRAWAL_GAS = 52_442;
    uint256 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;

    /// @notice A withdrawal step's storage proofs of the message passer at the pre-state.
    struct WithdrawalProofs {
        /// `messageNonce`, slot 1.
        bytes[] messageNonce;
        /// `sentMessages[hash]` of the new withdrawal (slot `keccak256(hash ‖ 0)`): absent.
        bytes[] sentMessage;
    }
    uint256 internal constant TX_GAS = 21_000;
    uint256 internal constant ACCESS_LIST_ADDRESS_GAS = 2_400;
    uint256 internal constant ACCESS_LIST_KEY_GAS = 1_900;
    uint256 internal constant MAX_TX_GAS = 1 << 24;
    uint256 private constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 private constant SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice One account of a step, as read from the pre-state and then changed.
    struct Account {
        address addr;
        bool existed;
        bool touched;
        uint256 nonce;
        uint256 balance;
        bytes32 storageRoot;
        bytes32 codeHash;
        bytes[] proof;
    }

    /// @notice Applies the plain transfer `rawTx` to the state `preRoot` and returns the new root.
    /// @param preRoot The agreed state root before the step.
    /// @param ctx The block's chain ID, base fee and fee recipient (OneStepProver reads them from
    ///        the authenticated header).
    /// @param rawTx The transaction as the block holds it (EIP-2718: `type ‖ rlp(fields)` or a
    ///        legacy RLP list).
    /// @param proofs The sender's, recipient's and fee recipient's account proofs against
    ///        `preRoot`, as `eth_getProof` gives them (exclusion proofs for absent accounts).
    /// @return postRoot The state root after the step.
    function execute(bytes32 preRoot, BlockContext memory ctx, bytes memory rawTx, AccountProofs memory proofs)
        internal
        pure
        returns (bytes32 postRoot)
    {
        return _transfer(preRoot, ctx, decode(rawTx, ctx.chainId), proofs);
    }

    /// @notice The step of `rawTx` as the payments fast path or the message passer applies it:
    ///         the message passer's `receive()` for a transaction to it (which must come with
    ///         its two storage proofs), `execute` for any other.
    function executeStep(
        bytes32 preRoot,
        BlockContext memory ctx,
        bytes memory rawTx,
        AccountProofs memory proofs,
        bytes[][] memory storageProofs
    ) internal pure returns (bytes32) {
        Transaction memory t = decode(rawTx, ctx.chainId);
        if (t.hasTo && t.to == MESSAGE_PASSER) {
            if (storageProofs.length != 2) revert MissingStorageProofs();
            return _withdrawal(preRoot, ctx, t, proofs, WithdrawalProofs(storageProofs[0], storageProofs[1]));
        }
        return _transfer(preRoot, ctx, t, proofs);
    }

    function _transfer(bytes32 preRoot, BlockContext memory ctx, Transaction memory t, AccountProofs memory proofs)
        private
        pure
        returns (bytes32 postRoot)
    {
        if (!t.hasTo || t.dataLength != 0 || _isPrecompile(t.to)) revert NotPlainTransfer();

        // The distinct accounts: the sender, then the recipient and the fee recipient unless
        // they are an earlier one.
        Account[] memory accs = new Account[](3);
        uint256 n;
        accs[n++] = _read(preRoot, t.sender, proofs.sender);
        uint256 ri = _find(accs, n, t.to);
        if (ri == n) accs[n++] = _read(preRoot, t.to, proofs.recipient);
        uint256 ci = _find(accs, n, ctx.feeRecipient);
        if (ci == n) accs[n++] = _read(preRoot, ctx.feeRecipient, proofs.feeRecipient);
        Account memory from = accs[0];
        Account memory to = accs[ri];
        Account memory coinbase = accs[ci];

        if (to.codeHash != EMPTY_CODE_HASH) revert NotPlainTransfer();
        uint256 gasPrice = _check(t, ctx, from);
        uint256 gasUsed = TX_GAS + ACCESS_LIST_ADDRESS_GAS * t.accessListAddresses
            + ACCESS_LIST_KEY_GAS * t.accessListKeys;
        if (t.gas < gasUsed) revert IntrinsicGasTooLow();

        unchecked {
            // buyGas, the nonce, the call frame's transfer, the refund and the tip, in
            // go-ethereum's order; balances wrap as uint256.Int's do (the checks above keep the
            // sender's from going below zero).
            from.balance -= t.gas * gasPrice;
            from.nonce++;
            from.touched = true;
            if (to.existed || to.touched || t.value != 0) {
                to.touched = true;
                from.balance -= t.value;
                to.balance += t.value;
            }
            from.balance += (t.gas - gasUsed) * gasPrice;
            coinbase.balance += (gasPrice - ctx.baseFee) * gasUsed;
            coinbase.touched = true;
        }
        return _write(preRoot, accs, n);
    }

    // Applies `t`, a plain transfer to the message passer, to the state `preRoot`
    // and returns the new root: the executor's EVM run of the passer's `receive()`, a
    // withdrawal to the sender on L1. Its gas is one of two constants (the contract's
    // code is checked by hash); below it the call runs out of gas, uses all of it and
    // changes nothing but the fee and the nonce. Reverts with `NotPlainTransfer` for any
    // other form (call data, an access list, other code), which needs the EVM.
    function _withdrawal(
        bytes32 preRoot,
        BlockContext memory ctx,
        Transaction memory t,
        AccountProofs memory proofs,
        WithdrawalProofs memory storageProofs
    ) private pure returns (bytes32) {
        if (!t.hasTo || t.to != MESSAGE_PASSER || t.dataLength != 0 || t.accessListAddresses != 0) {
            revert NotPlainTransfer();
        }
        Account[] memory accs = new Account[](3);
        uint256 n;
        accs[n++] = _read(preRoot, t.sender, proofs.sender);
        accs[n++] = _read(preRoot, MESSAGE_PASSER, proofs.recipient);
        uint256 ci = _find(accs, n, ctx.feeRecipient);
        if (ci == n) accs[n++] = _read(preRoot, ctx.feeRecipient, proofs.feeRecipient);
        if (accs[1].codeHash != MESSAGE_PASSER_CODE_HASH) revert NotPlainTransfer();

        uint256 gasPrice = _check(t, ctx, accs[0]);
        if (t.gas < TX_GAS) revert IntrinsicGasTooLow();
        uint256 nonce =
            MerklePatriciaProof.verifyStorage(accs[1].storageRoot, bytes32(uint256(1)), storageProofs.messageNonce);
        uint256 gasUsed = nonce == 0 ? WITHDRAWAL_GAS_FIRST : WITHDRAWAL_GAS;
        bool ok = t.gas >= gasUsed;
        if (!ok) gasUsed = t.gas;
        Account memory from = accs[0];
        unchecked {
            from.balance -= t.gas * gasPrice;
            from.nonce++;
            from.touched = true;
            if (ok) {
                from.balance -= t.value;
                accs[1].balance += t.value;
                accs[1].touched = true;
                accs[1].storageRoot = _recordWithdrawal(accs[1].storageRoot, nonce, t, storageProofs);
            }
            from.balance += (t.gas - gasUsed) * gasPrice;
            accs[ci].balance += (gasPrice - ctx.baseFee) * gasUsed;
            accs[ci].touched = true;
        }
        return _write(preRoot, accs, n);
    }

    // The message passer's two writes: sentMessages[hash] = true, messageNonce = nonce + 1.
    function _recordWithdrawal(bytes32 storageRoot, uint256 nonce, Transaction memory t, WithdrawalProofs memory p)
        private
        pure
        returns (bytes32)
    {
        bytes32 h = keccak256(abi.encode(nonce, t.sender, t.sender, t.value, RECEIVE_DEFAULT_GAS_LIMIT, ""));
        bytes[] memory keys = new bytes[](2);
        bytes[] memory values = new bytes[](2);
        bytes[][] memory nodes = new bytes[][](2);
        // The storage trie's keys are the slots' hashes.
        keys[0] = abi.encodePacked(keccak256(abi.encode(keccak256(abi.encode(h, uint256(0))))));
        values[0] = hex"01";
        nodes[0] = p.sentMessage;
        keys[1] = abi.encodePacked(keccak256(abi.encode(uint256(1))));
        values[1] = _encodeUint(nonce + 1);
        nodes[1] = p.messageNonce;
        return MerklePatriciaProof.updateMany(storageRoot, keys, values, nodes);
    }

    /// @notice Decodes `rawTx` strictly and recovers its sender, checking replay protection, the
    ///         chain ID and the signature's form.
    function decode(bytes memory rawTx, uint256 chainId) internal pure returns (Transaction memory t) {
        if (rawTx.length == 0) revert MalformedTransaction();
        uint256 start;
        assembly ("memory-safe") {
            start := add(rawTx, 32)
        }
        uint256 end = start + rawTx.length;
        uint256 first = uint8(rawTx[0]);
        if (first >= 0xc0) return _decodeLegacy(start, end, chainId);
        if (first >= 0x80) revert MalformedTransaction();
        if (first != 1 && first != 2) revert UnsupportedTxType(first);
        return _decodeTyped(uint8(first), start + 1, end, chainId);
    }

    // ----- checks -----

    // The executor's preCheck and buyGas checks; returns the gas price.
    function _check(Transaction memory t, BlockContext memory ctx, Account memory from)
        private
        pure
        returns (uint256 gasPrice)
    {
        if (t.nonce != from.nonce) revert WrongNonce(t.nonce, from.nonce);
        if (from.nonce == type(uint64).max) revert NonceMax();
        if (t.gas > MAX_TX_GAS) revert GasLimitTooHigh();
        if (from.codeHash != EMPTY_CODE_HASH) revert SenderNotEOA();
        if (t.feeCap < t.tipCap) revert TipAboveFeeCap();
        if (t.feeCap < ctx.baseFee) revert FeeCapBelowBaseFee();
        // min(tip + baseFee, feeCap) without overflowing.
        gasPrice = t.tipCap > t.feeCap - ctx.baseFee ? t.feeCap : t.tipCap + ctx.baseFee;
        // gas × feeCap + value must fit in 256 bits and in the balance.
        if (t.gas != 0 && t.feeCap > type(uint256).max / t.gas) revert InsufficientFunds();
        uint256 need = t.gas * t.feeCap;
        if (t.value > type(uint256).max - need || from.balance < need + t.value) revert InsufficientFunds();
    }

    // Osaka's precompiles: 0x01-0x11 and P256VERIFY at 0x0100.
    function _isPrecompile(address a) private pure returns (bool) {
        uint160 x = uint160(a);
        return (x >= 1 && x <= 0x11) || x == 0x100;
    }

    // ----- accounts -----

    function _read(bytes32 root, address a, bytes[] memory proof) internal pure returns (Account memory acc) {
        (uint256 nonce, uint256 balance, bytes32 storageRoot, bytes32 codeHash) =
            MerklePatriciaProof.verifyAccount(root, a, proof);
        acc.addr = a;
        acc.proof = proof;
        acc.existed = codeHash != bytes32(0);
        acc.nonce = nonce;
        acc.balance = balance;
        acc.storageRoot = storageRoot;
        // An absent account is created with the empty code hash.
        acc.codeHash = acc.existed ? codeHash : EMPTY_CODE_HASH;
    }

    function _find(Account[] memory accs, uint256 n, address a) private pure returns (uint256) {
        for (uint256 i; i < n; i++) {
            if (accs[i].addr == a) return i;
        }
        return n;
    }

    // Finalise (EIP-161) and the new root: every touched account that is not empty is written.
    function _write(bytes32 root, Account[] memory accs, uint256 n) internal pure returns (bytes32) {
        uint256 m;
        for (uint256 i; i < n; i++) {
            if (accs[i].touched && !_empty(accs[i])) m++;
        }
        bytes[] memory keys = new bytes[](m);
        bytes[] memory values = new bytes[](m);
        bytes[][] memory nodes = new bytes[][](m);
        uint256 j;
        for (uint256 i; i < n; i++) {
            Account memory a = accs[i];
            if (!a.touched) continue;
            if (_empty(a)) {
                if (a.existed) revert EmptyAccountDeletion(a.addr);
                continue;
            }
            keys[j] = abi.encodePacked(keccak256(abi.encodePacked(a.addr)));
            values[j] = MerklePatriciaProof.encodeAccount(a.nonce, a.balance, a.storageRoot, a.codeHash);
            nodes[j] = a.proof;
            j++;
        }
        return MerklePatriciaProof.updateMany(root, keys, values, nodes);
    }

    function _empty(Account memory a) private pure returns (bool) {
        return a.nonce == 0 && a.balance == 0 && a.codeHash == EMPTY_CODE_HASH;
    }

    // ----- transactions -----

    // rlp([nonce, gasPrice, gas, to, value, data, v, r, s]), signed over
    // rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0]) (EIP-155).
    function _decodeLegacy(uint256 start, uint256 end, uint256 chainId)
        private
        pure
        returns (Transaction memory t)
    {
        uint256[] memory f = _list(start, end, 9);
        t.nonce = uint64(_uint(f[0], 8));
        t.feeCap = _uint(f[1], 32);
        t.tipCap = t.feeCap;
        t.gas = uint64(_uint(f[2], 8));
        (t.to, t.hasTo) = _address(f[3]);
        t.value = _uint(f[4], 32);
        t.dataLength = _string(f[5]);
        uint256 v = _uint(f[6], 32);
        if (v == 0 || v == 1 || v == 27 || v == 28) revert UnprotectedTransaction();
        // go-ethereum derives the chain ID as (v - 35) / 2.
        if (v < 35 || (v - 35) / 2 != chainId) revert WrongChainId();
        bytes memory unsigned = bytes.concat(_range(_start(f[0]), _start(f[6])), _encodeUint(chainId), hex"8080");
        bytes32 hash = keccak256(bytes.concat(_header(unsigned.length, 0xc0), unsigned));
        t.sender = _recover(hash, v - 35 - 2 * chainId, _uint(f[7], 32), _uint(f[8], 32));
    }

    // type ‖ rlp([chainId, nonce, (gasPrice | tip, feeCap), gas, to, value, data, accessList,
    // v, r, s]), signed over type ‖ rlp(the fields before v).
    function _decodeTyped(uint8 txType, uint256 start, uint256 end, uint256 chainId)
        private
        pure
        returns (Transaction memory t)
    {
        uint256 k = txType == 2 ? 1 : 0; // the dynamic-fee type has one more field
        uint256[] memory f = _list(start, end, 11 + k);
        t.txType = txType;
        if (_uint(f[0], 32) != chainId) revert WrongChainId();
        t.nonce = uint64(_uint(f[1], 8));
        t.tipCap = _uint(f[2], 32);
        t.feeCap = _uint(f[2 + k], 32);
        t.gas = uint64(_uint(f[3 + k], 8));
        (t.to, t.hasTo) = _address(f[4 + k]);
        t.value = _uint(f[5 + k], 32);
        t.dataLength = _string(f[6 + k]);
        (t.accessListAddresses, t.accessListKeys) = _accessList(f[7 + k]);
        bytes memory unsigned = _range(_start(f[0]), _start(f[8 + k]));
        bytes32 hash = keccak256(bytes.concat(bytes1(txType), _header(unsigned.length, 0xc0), unsigned));
        t.sender = _recover(hash, _uint(f[8 + k], 32), _uint(f[9 + k], 32), _uint(f[10 + k], 32));
    }

    // [[address, [key, ...]], ...]: counts the addresses and the storage keys.
    function _accessList(uint256 item) private pure returns (uint256 addresses, uint256 keys) {
        if (!_isList(item)) revert MalformedTransaction();
        uint256 p = _ptr(item);
        uint256 end = p + _len(item);
        while (p < end) {
            uint256 tuple;
            (tuple, p) = _item(p, end);
            uint256[] memory pair = _list(_start(tuple), p, 2);
            if (_isList(pair[0]) || _len(pair[0]) != 20 || !_isList(pair[1])) revert MalformedTransaction();
            uint256 q = _ptr(pair[1]);
            uint256 qEnd = q + _len(pair[1]);
            while (q < qEnd) {
                uint256 key;
                (key, q) = _item(q, qEnd);
                if (_isList(key) || _len(key) != 32) revert MalformedTransaction();
                keys++;
            }
            addresses++;
        }
    }

    // go-ethereum's recoverPlain with Homestead's rule on s.
    function _recover(bytes32 hash, uint256 recoveryId, uint256 r, uint256 s) private pure returns (address a) {
        if (recoveryId > 1 || r == 0 || r >= SECP256K1_N || s == 0 || s > SECP256K1_HALF_N) {
            revert InvalidSignature();
        }
        a = ecrecover(hash, uint8(27 + recoveryId), bytes32(r), bytes32(s));
        if (a == address(0)) revert InvalidSignature();
    }

    // ----- RLP -----
    // An item is packed in one word as in MerklePatriciaProof: payload address (bits 0-63),
    // payload length (bits 64-127), list flag (bit 128); its header's length in bits 136-143,
    // so that the raw encoding can be sliced out again. Internal so that OneStepProver decodes
    // block headers and deposit lists with the same strict reader; it reverts with
    // MalformedTransaction.

    // The items of the list encoded exactly in [start, end), which must number `count`.
    function _list(uint256 start, uint256 end, uint256 count) internal pure returns (uint256[] memory items) {
        (uint256 list, uint256 next) = _item(start, end);
        if (!_isList(list) || next != end) revert MalformedTransaction();
        items = new uint256[](count);
        uint256 p = _ptr(list);
        for (uint256 i; i < count; i++) {
            if (p >= end) revert MalformedTransaction();
            (items[i], p) = _item(p, end);
        }
        if (p != end) revert MalformedTransaction();
    }

    // Decodes the item at p, which must end by `end`, with canonical lengths (go-ethereum's
    // rlp: a single byte below 0x80 stands for itself, long forms only above 55 bytes and
    // without leading zeros).
    function _item(uint256 p, uint256 end) internal pure returns (uint256 item, uint256 next) {
        if (p >= end) revert MalformedTransaction();
        uint256 b0;
        assembly ("memory-safe") {
            b0 := byte(0, mload(p))
        }
        uint256 payload = p;
        uint256 len = 1;
        uint256 list;
        if (b0 >= 0x80) {
            uint256 offset = b0 >= 0xc0 ? 0xc0 : 0x80;
            list = b0 >= 0xc0 ? 1 : 0;
            uint256 short = b0 - offset;
            if (short < 56) {
                payload = p + 1;
                len = short;
                if (list == 0 && len == 1 && payload < end) {
                    uint256 c;
                    assembly ("memory-safe") {
                        c := byte(0, mload(payload))
                    }
                    if (c < 0x80) revert MalformedTransaction();
                }
            } else {
                uint256 size = short - 55;
                payload = p + 1 + size;
                if (payload > end) revert MalformedTransaction();
                assembly ("memory-safe") {
                    len := shr(mul(8, sub(32, size)), mload(add(p, 1)))
                }
                if (len < 56 || len >> (8 * (size - 1)) == 0) revert MalformedTransaction();
            }
        }
        next = payload + len;
        if (next > end) revert MalformedTransaction();
        item = payload | (len << 64) | (list << 128) | ((payload - p) << 136);
    }

    function _ptr(uint256 item) internal pure returns (uint256) {
        return item & type(uint64).max;
    }

    function _len(uint256 item) internal pure returns (uint256) {
        return (item >> 64) & type(uint64).max;
    }

    function _isList(uint256 item) internal pure returns (bool) {
        return (item >> 128) & 1 != 0;
    }

    // Where the item's encoding starts (its header).
    function _start(uint256 item) internal pure returns (uint256) {
        return _ptr(item) - (item >> 136);
    }

    // A canonical integer of at most maxBytes bytes: a string without leading zero bytes.
    function _uint(uint256 item, uint256 maxBytes) internal pure returns (uint256 v) {
        uint256 len = _len(item);
        if (_isList(item) || len > maxBytes) revert MalformedTransaction();
        if (len == 0) return 0;
        uint256 p = _ptr(item);
        assembly ("memory-safe") {
            v := shr(mul(8, sub(32, len)), mload(p))
        }
        if (v >> ((len - 1) * 8) == 0) revert MalformedTransaction();
    }

    // The recipient: empty for a contract creation, else exactly 20 bytes.
    function _address(uint256 item) internal pure returns (address a, bool present) {
        uint256 len = _len(item);
        if (_isList(item) || (len != 0 && len != 20)) revert MalformedTransaction();
        if (len == 0) return (address(0), false);
        uint256 p = _ptr(item);
        assembly ("memory-safe") {
            a := shr(96, mload(p))
        }
        present = true;
    }

    // A byte string's length.
    function _string(uint256 item) internal pure returns (uint256) {
        if (_isList(item)) revert MalformedTransaction();
        return _len(item);
    }

    // A copy of memory [from, to).
    function _range(uint256 from, uint256 to) private pure returns (bytes memory out) {
        out = new bytes(to - from);
        assembly ("memory-safe") {
            mcopy(add(out, 32), from, sub(to, from))
        }
    }

    function _encodeUint(uint256 v) internal pure returns (bytes memory) {
        if (v == 0) return hex"80";
        if (v < 0x80) return abi.encodePacked(uint8(v));
        uint256 n;
        while (n < 32 && v >> (8 * n) != 0) n++;
        bytes memory b = new bytes(n);
        assembly ("memory-safe") {
            mstore(add(b, 32), shl(mul(8, sub(32, n)), v))
        }
        return bytes.concat(_header(n, 0x80), b);
    }

    function _header(uint256 len, uint256 offset) internal pure returns (bytes memory h) {
        if (len < 56) return abi.encodePacked(uint8(offset + len));
        uint256 n;
        while (len >> (8 * n) != 0) n++;
        h = new bytes(1 + n);
        h[0] = bytes1(uint8(offset + 55 + n));
        for (uint256 i; i < n; i++) {
            h[1 + i] = bytes1(uint8(len >> (8 * (n - 1 - i))));
        }
    }
}
