// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Bridge} from "src/l1/Bridge.sol";
import {IOneStepProver} from "src/l1/DisputeGame.sol";
import {MerklePatriciaProof} from "src/l1/MerklePatriciaProof.sol";
import {TransferStep} from "src/l1/TransferStep.sol";

/// @title OneStepProver
/// @notice Decides the last step of a DisputeGame (docs/fraud-proofs.md, "The one-step proof"):
///         it reads the step from the batch's block, authenticated by the block hash the game
///         opened from the output roots, and executes it on L1 when it is a plain transfer.
/// @dev A batch's steps are its deposits (in the header's extra data, by hash) and then its
///      transactions (in the header's transaction trie), in that order. For step `k`:
///      - the header must hash to the game's block hash, name its parent and have the batch's
///        number; the deposit list must hash to the header's deposits hash;
///      - `k` must not exceed the step count, and at the last step the transaction trie must hold
///        no transaction after it (the defender's step count is checked nowhere else);
///      - a transaction step is read from the transaction trie by index and executed by
///        TransferStep against the agreed pre-root, with the block's base fee and coinbase and
///        this chain's ID: a plain transfer, or a plain transfer to the message passer (a
///        withdrawal). A transaction TransferStep refuses as neither (a call, a creation, a
///        recipient with code or a precompile, a withdrawal with data or an access list) needs
///        the EVM: the answer is UNDECIDABLE. Any other refusal reverts: such a transaction is invalid and no correct
///        block holds it.
///      - a deposit step reads the next deposit nonce from the deposit-nonce account's storage at
///        the pre-root. A deposit with another nonce is skipped: the post-root is the pre-root.
///        Otherwise the deposit must be the one the L1 Bridge recorded under its nonce
///        (`depositHashes`); the step advances the nonce and mints to the recipient. A deposit
///        with data, or to an account with code, runs the EVM: UNDECIDABLE.
contract OneStepProver is IOneStepProver {
    /// @notice Everything a step's proof carries. ABI-encoded, it is `prove`'s `proof`.
    struct StepProof {
        /// The batch's block header, RLP-encoded as go-ethereum hashes it.
        bytes header;
        /// The batch's deposits, RLP-encoded as exec hashes them into the header; empty when the
        /// batch has none.
        bytes deposits;
        /// The transaction trie proof of the step's transaction (key `rlp(index)`); empty for
        /// step 0 and deposit steps.
        bytes[] transactionProof;
        /// At the last step (and step 0): the transaction trie's proof that no transaction
        /// follows it.
        bytes[] endProof;
        /// The account proofs against the pre-root: a transfer's sender, recipient and fee
        /// recipient; a deposit's deposit-nonce account (as `sender`) and recipient.
        TransferStep.AccountProofs accounts;
        /// Storage proofs at the pre-root: a deposit's of the deposit-nonce account's slot 0; a
        /// withdrawal's of the message passer's `messageNonce` and new `sentMessages` slot.
        bytes[][] storageProofs;
    }

    // A deposit as exec encodes it (exec.Deposit).
    struct Deposit {
        uint256 nonce;
        address from;
        address to;
        uint256 mint;
        address l1Token;
        uint256 tokenAmount;
        uint256 gasLimit;
        uint256 dataLength;
        bytes32 dataHash;
    }

    // The parts of a header a step reads.
    struct Block {
        address coinbase;
        bytes32 transactionsRoot;
        uint256 baseFee;
        bytes32 depositsHash;
    }

    /// @notice The L2 chain ID transactions must carry.
    uint256 public immutable l2ChainId;
    /// @notice The L1 Bridge whose deposit records deposits must match.
    Bridge public immutable bridge;
    /// @notice The L2 system account whose storage slot 0 holds the next deposit nonce.
    address public constant DEPOSIT_NONCE_ACCOUNT = 0x4C32000000000000000000000000000000000003;

    /// @notice What DisputeGame.UNDECIDABLE is: the step needs the EVM (or is a deposit).
    bytes32 public constant UNDECIDABLE = keccak256("l2node/one-step/undecidable");

    uint8 private constant EXTRA_VERSION = 1;
    uint256 private constant EXTRA_LENGTH = 65;
    // The header's fields up to the base fee, the last this prover reads.
    uint256 private constant HEADER_FIELDS = 16;

    /// @notice The header does not hash to the block hash, or names another parent or number.
    error WrongHeader();
    /// @notice The header's extra data is not exec's version ‖ data root ‖ deposits hash.
    error BadExtraData();
    /// @notice The deposit list does not hash to the header's deposits hash.
    error WrongDeposits();
    /// @notice The step is past the step count.
    error StepBeyondBatch(uint256 step, uint256 stepCount);
    /// @notice The batch has more steps than the defender's step count.
    error MoreSteps();
    /// @notice The transaction trie holds no transaction at the step's index.
    error NoSuchTransaction(uint256 index);
    /// @notice The batch's deposit with this nonce is not the one the L1 Bridge recorded.
    error UnknownDeposit(uint256 nonce);
    /// @notice A deposit is not exec's RLP encoding of one.
    error MalformedDeposit();

    constructor(uint256 l2ChainId_, Bridge bridge_) {
        l2ChainId = l2ChainId_;
        bridge = bridge_;
    }

    /// @inheritdoc IOneStepProver
    function prove(
        uint256 batch,
        bytes32 blockHash,
        bytes32 parentBlockHash,
        uint256 step,
        uint256 stepCount,
        bytes32 preRoot,
        bytes calldata proof
    ) external view returns (bytes32 postRoot) {
        return proveStep(batch, blockHash, parentBlockHash, step, stepCount, preRoot, abi.decode(proof, (StepProof)));
    }

    /// @notice `prove` with the proof decoded: the same answer for the same step.
    function proveStep(
        uint256 batch,
        bytes32 blockHash,
        bytes32 parentBlockHash,
        uint256 step,
        uint256 stepCount,
        bytes32 preRoot,
        StepProof memory p
    ) public view returns (bytes32 postRoot) {
        if (step > stepCount) revert StepBeyondBatch(step, stepCount);
        Block memory b = _readHeader(p.header, batch, blockHash, parentBlockHash);
        uint256 deposits = _countDeposits(p.deposits, b.depositsHash);
        if (step == stepCount) {
            if (stepCount < deposits) revert MoreSteps();
            (bool more,) = MerklePatriciaProof.get(b.transactionsRoot, TransferStep._encodeUint(stepCount - deposits), p.endProof);
            if (more) revert MoreSteps();
        }
        if (step == 0) return preRoot;
        if (step <= deposits) return _depositStep(preRoot, _readDeposit(p.deposits, step - 1), p);

        uint256 index = step - deposits - 1;
        (bool exists, bytes memory rawTx) =
            MerklePatriciaProof.get(b.transactionsRoot, TransferStep._encodeUint(index), p.transactionProof);
        if (!exists) revert NoSuchTransaction(index);
        TransferStep.BlockContext memory ctx =
            TransferStep.BlockContext({chainId: l2ChainId, baseFee: b.baseFee, feeRecipient: b.coinbase});
        try this.executeTransfer(preRoot, ctx, rawTx, p.accounts, p.storageProofs) returns (bytes32 root) {
            return root;
        } catch (bytes memory err) {
            if (err.length == 4 && bytes4(err) == TransferStep.NotPlainTransfer.selector) return UNDECIDABLE;
            assembly ("memory-safe") {
                revert(add(err, 32), mload(err))
            }
        }
    }

    /// @notice TransferStep.executeStep (a plain transfer, or a withdrawal through the message
    ///         passer: the transaction decides which, not the proof), called by this contract so
    ///         that it can tell a transaction that needs the EVM from an invalid one.
    function executeTransfer(
        bytes32 preRoot,
        TransferStep.BlockContext calldata ctx,
        bytes calldata rawTx,
        TransferStep.AccountProofs calldata proofs,
        bytes[][] calldata storageProofs
    ) external pure returns (bytes32) {
        return TransferStep.executeStep(preRoot, ctx, rawTx, proofs, storageProofs);
    }

    // ----- deposits -----

    // exec's applyDeposit: skip a deposit out of order; else advance the nonce, mint to the
    // recipient, and leave calls to the EVM.
    function _depositStep(bytes32 preRoot, Deposit memory d, StepProof memory p) private view returns (bytes32) {
        TransferStep.Account[] memory accs = new TransferStep.Account[](2);
        accs[0] = TransferStep._read(preRoot, DEPOSIT_NONCE_ACCOUNT, p.accounts.sender);
        if (p.storageProofs.length != 1) revert MalformedDeposit();
        uint256 next = MerklePatriciaProof.verifyStorage(accs[0].storageRoot, bytes32(0), p.storageProofs[0]);
        if (d.nonce != next) return preRoot;
        uint256 amount = d.l1Token == address(0) ? d.mint : d.tokenAmount;
        if (
            (d.l1Token == address(0) ? d.tokenAmount : d.mint) != 0
                || bridge.depositHashes(d.nonce)
                    != bridge.depositCommitment(d.nonce, d.from, d.to, d.l1Token, amount, d.gasLimit, d.dataHash)
        ) revert UnknownDeposit(d.nonce);

        uint256 n = 1;
        uint256 ri = d.to == DEPOSIT_NONCE_ACCOUNT ? 0 : n++;
        if (ri == 1) accs[1] = TransferStep._read(preRoot, d.to, p.accounts.recipient);
        TransferStep.Account memory to = accs[ri];
        if (d.dataLength != 0 || to.codeHash != TransferStep.EMPTY_CODE_HASH) return UNDECIDABLE;

        // NB: the nonce advances first, as in exec (the slot is the only one the account has).
        accs[0].storageRoot = MerklePatriciaProof.update(
            accs[0].storageRoot,
            abi.encodePacked(keccak256(abi.encode(uint256(0)))),
            TransferStep._encodeUint(next + 1),
            p.storageProofs[0]
        );
        accs[0].touched = true;
        unchecked {
            to.balance += d.mint;
        }
        to.touched = true;
        return TransferStep._write(preRoot, accs, n);
    }

    // The deposit at `index` of the batch's deposit list (already checked against the header).
    function _readDeposit(bytes memory deposits, uint256 index) private pure returns (Deposit memory d) {
        uint256 start;
        assembly ("memory-safe") {
            start := add(deposits, 32)
        }
        uint256 end = start + deposits.length;
        (uint256 list,) = TransferStep._item(start, end);
        uint256 q = TransferStep._ptr(list);
        uint256 item;
        for (uint256 i; i <= index; i++) {
            (item, q) = TransferStep._item(q, end);
        }
        if (!TransferStep._isList(item)) revert MalformedDeposit();
        uint256[] memory f = TransferStep._list(TransferStep._start(item), TransferStep._ptr(item) + TransferStep._len(item), 9);
        d.nonce = TransferStep._uint(f[0], 8);
        bool present;
        (d.from, present) = TransferStep._address(f[2]);
        if (!present) revert MalformedDeposit();
        (d.to, present) = TransferStep._address(f[3]);
        if (!present) revert MalformedDeposit();
        d.mint = TransferStep._uint(f[4], 32);
        (d.l1Token, present) = TransferStep._address(f[5]);
        if (!present) revert MalformedDeposit();
        d.tokenAmount = TransferStep._uint(f[6], 32);
        d.gasLimit = TransferStep._uint(f[7], 8);
        d.dataLength = TransferStep._string(f[8]);
        uint256 dp = TransferStep._ptr(f[8]);
        uint256 dl = d.dataLength;
        bytes32 h;
        assembly ("memory-safe") {
            h := keccak256(dp, dl)
        }
        d.dataHash = h;
    }

    // ----- block -----

    function _readHeader(bytes memory header, uint256 batch, bytes32 blockHash, bytes32 parentBlockHash)
        private
        pure
        returns (Block memory b)
    {
        if (keccak256(header) != blockHash) revert WrongHeader();
        uint256 start;
        assembly ("memory-safe") {
            start := add(header, 32)
        }
        uint256 end = start + header.length;
        (uint256 list, uint256 next) = TransferStep._item(start, end);
        if (!TransferStep._isList(list) || next != end) revert TransferStep.MalformedTransaction();
        uint256[] memory f = new uint256[](HEADER_FIELDS);
        uint256 q = TransferStep._ptr(list);
        for (uint256 i; i < HEADER_FIELDS; i++) {
            (f[i], q) = TransferStep._item(q, end);
        }
        if (_bytes32(f[0]) != parentBlockHash || TransferStep._uint(f[8], 8) != batch) revert WrongHeader();
        (b.coinbase,) = TransferStep._address(f[2]);
        b.transactionsRoot = _bytes32(f[4]);
        b.baseFee = TransferStep._uint(f[15], 32);
        uint256 extra = f[12];
        if (TransferStep._isList(extra) || TransferStep._len(extra) != EXTRA_LENGTH) revert BadExtraData();
        uint256 ep = TransferStep._ptr(extra);
        uint256 version;
        bytes32 depositsHash;
        assembly ("memory-safe") {
            version := byte(0, mload(ep))
            depositsHash := mload(add(ep, 33))
        }
        if (version != EXTRA_VERSION) revert BadExtraData();
        b.depositsHash = depositsHash;
    }

    function _countDeposits(bytes memory deposits, bytes32 depositsHash) private pure returns (uint256 n) {
        // NB: a batch without deposits has the empty trie root as its deposits hash, which no
        // RLP list hashes to.
        if (depositsHash == MerklePatriciaProof.EMPTY_TRIE_ROOT) {
            if (deposits.length != 0) revert WrongDeposits();
            return 0;
        }
        if (keccak256(deposits) != depositsHash) revert WrongDeposits();
        uint256 start;
        assembly ("memory-safe") {
            start := add(deposits, 32)
        }
        uint256 end = start + deposits.length;
        (uint256 list, uint256 next) = TransferStep._item(start, end);
        if (!TransferStep._isList(list) || next != end) revert WrongDeposits();
        uint256 q = TransferStep._ptr(list);
        while (q < end) {
            (, q) = TransferStep._item(q, end);
            n++;
        }
    }

    function _bytes32(uint256 item) private pure returns (bytes32 v) {
        if (TransferStep._isList(item) || TransferStep._len(item) != 32) revert TransferStep.MalformedTransaction();
        uint256 p = TransferStep._ptr(item);
        assembly ("memory-safe") {
            v := mload(p)
        }
    }
}
