package exec

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
)

// StepWitness is what the L1 one-step prover reads to decide one step of a
// batch (docs/fraud-proofs.md, "The one-step proof"): the block header,
// which the output root's block hash authenticates, the batch's deposits,
// which the header's extra data commits to, the step's transaction with its
// proof in the header's transaction trie, and the account proofs of the
// accounts a transfer touches, against the state before the step.
type StepWitness struct {
	Header   []byte // RLP, as go-ethereum hashes it
	Deposits []byte // RLP of the batch's deposits; nil when it has none
	// TxProof proves the step's transaction (transaction steps only), and
	// EndProof (at the batch's last step, as the caller counts it) that
	// the transaction trie holds nothing after it.
	TxProof, EndProof [][]byte
	// Account proofs at the step's pre-state, as eth_getProof's
	// accountProof: for a transaction the sender, the recipient and the
	// block's fee recipient; for a deposit the deposit-nonce account (in
	// Sender) and the recipient.
	Sender, Recipient, FeeRecipient [][]byte
	// Storage proofs at the pre-state: a deposit step's of the
	// deposit-nonce account's slot 0; a withdrawal's (a plain transfer to
	// the message passer) of the passer's messageNonce and of the new
	// withdrawal's sentMessages slot.
	Storage [][][]byte
}

// StepWitness builds the witness of step `step` (1-based; 0: the batch has
// no steps) of batch n for a dispute whose step commitment counts
// stepCount steps. Like StepRoots it re-executes the batch from its
// parent's state (rebuilt if older than the history) up to the step.
func (e *Executor) StepWitness(n, step, stepCount uint64) (*StepWitness, error) {
	block := e.BlockByNumber(n)
	if n == 0 || block == nil {
		return nil, fmt.Errorf("exec: witness: no batch %d", n)
	}
	deps, err := e.readDeposits(n)
	if err != nil {
		return nil, err
	}
	w := &StepWitness{}
	if w.Header, err = rlp.EncodeToBytes(block.Header()); err != nil {
		return nil, fmt.Errorf("exec: witness: header %d: %w", n, err)
	}
	if len(deps) > 0 {
		if w.Deposits, err = rlp.EncodeToBytes(deps); err != nil {
			return nil, fmt.Errorf("exec: witness: deposits of %d: %w", n, err)
		}
	}
	d := uint64(len(deps))
	txs := block.Transactions()
	if step > stepCount {
		return nil, fmt.Errorf("exec: witness: step %d of %d", step, stepCount)
	}
	if step == stepCount && stepCount >= d {
		if w.EndProof, err = TransactionProof(txs, stepCount-d); err != nil {
			return nil, err
		}
	}
	if step == 0 {
		return w, nil
	}
	var accounts []common.Address
	var withdrawal *types.Transaction // a transaction to the message passer
	var index uint64
	if step <= d {
		accounts = []common.Address{DepositNonceAddress, deps[step-1].To}
	} else {
		index = step - d - 1
		if index >= uint64(len(txs)) {
			return nil, fmt.Errorf("exec: witness: batch %d has %d steps, not %d", n, d+uint64(len(txs)), step)
		}
		if w.TxProof, err = TransactionProof(txs, index); err != nil {
			return nil, err
		}
		tx := txs[index]
		from, err := types.Sender(e.signer, tx)
		if err != nil {
			return nil, fmt.Errorf("exec: witness: sender of %s: %w", tx.Hash(), err)
		}
		var to common.Address
		if tx.To() != nil {
			to = *tx.To()
		}
		accounts = []common.Address{from, to, block.Coinbase()}
		if to == MessagePasserAddress {
			withdrawal = tx
		}
	}
	proofs := make([][][]byte, 3)
	prove := func(tr state.Trie, st *state.StateDB) {
		if tr == nil {
			err = fmt.Errorf("exec: witness: no state trie before step %d of batch %d", step, n)
			return
		}
		for i, a := range accounts {
			var p proofNodes
			if err2 := tr.Prove(crypto.Keccak256(a[:]), &p); err2 != nil && err == nil {
				err = fmt.Errorf("exec: witness: prove %s: %w", a, err2)
			}
			proofs[i] = p
		}
		if err != nil {
			return
		}
		switch {
		case step <= d:
			var p [][]byte
			p, err = depositNonceProof(st)
			w.Storage = [][][]byte{p}
		case withdrawal != nil:
			w.Storage, err = e.withdrawalProofs(block, index, st, accounts[0], withdrawal.Value())
		}
	}

	parent := e.HeaderByNumber(n - 1)
	release, err := e.keepState(n - 1)
	if err != nil {
		return nil, fmt.Errorf("exec: witness of batch %d: the state before it: %w", n, err)
	}
	defer release()
	statedb, err := state.New(parent.Root, e.sdb)
	if err != nil {
		return nil, fmt.Errorf("exec: witness of batch %d: the state before it is no longer kept: %w", n, err)
	}
	if step == 1 {
		tr, err2 := e.sdb.OpenTrie(parent.Root)
		if err2 != nil {
			return nil, fmt.Errorf("exec: witness of batch %d: open the state before it: %w", n, err2)
		}
		prove(tr, statedb)
	} else {
		b := batchOf(block, deps)
		header := e.newHeader(parent, b)
		env := newBlockEnv(e, header, statedb)
		done := uint64(0)
		e.run(env, b, &Result{}, func() {
			done++
			if done == step-1 {
				// NB: the account trie holds the state after the
				// steps so far once IntermediateRoot hashed them in.
				statedb.IntermediateRoot(env.rules)
				prove(statedb.GetTrie(), statedb)
			}
		})
	}
	if err != nil {
		return nil, err
	}
	if proofs[0] == nil {
		return nil, fmt.Errorf("exec: witness: re-executing batch %d stopped before step %d", n, step)
	}
	w.Sender, w.Recipient, w.FeeRecipient = proofs[0], proofs[1], proofs[2]
	return w, nil
}

// messagePassed is the topic of the message passer's MessagePassed event.
var messagePassed = crypto.Keccak256Hash([]byte("MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)"))

// withdrawalProofs proves, in st (the state before transaction index of
// block, its root computed), the message passer's messageNonce and the
// sentMessages slot of the withdrawal a plain transfer of value from
// sender starts there. The passer's storage trie at the parent's state gets
// the writes of the batch's earlier withdrawals (from their MessagePassed
// logs), and must then have st's storage root.
func (e *Executor) withdrawalProofs(block *types.Block, index uint64, st *state.StateDB, sender common.Address, value *big.Int) ([][][]byte, error) {
	n := block.NumberU64()
	parent := e.HeaderByNumber(n - 1)
	before, err := state.New(parent.Root, e.sdb)
	if err != nil {
		return nil, fmt.Errorf("exec: witness: the state before batch %d: %w", n, err)
	}
	tr, err := e.sdb.OpenStorageTrie(parent.Root, MessagePasserAddress, before.GetStorageRoot(MessagePasserAddress), nil)
	if err != nil {
		return nil, fmt.Errorf("exec: witness: the message passer's storage before batch %d: %w", n, err)
	}
	var logs []*types.Log
	deps, err := e.Deposits(n)
	if err != nil {
		return nil, err
	}
	for _, r := range deps {
		logs = append(logs, r.Logs...)
	}
	receipts := e.Receipts(block.Hash())
	if uint64(len(receipts)) < index {
		return nil, fmt.Errorf("exec: witness: %d receipts in batch %d", len(receipts), n)
	}
	for _, r := range receipts[:index] {
		logs = append(logs, r.Logs...)
	}
	put := func(slot common.Hash, v *big.Int) error {
		return tr.UpdateStorage(MessagePasserAddress, slot[:], v.Bytes())
	}
	for _, l := range logs {
		if l.Address != MessagePasserAddress || len(l.Topics) < 2 || l.Topics[0] != messagePassed || len(l.Data) < 128 {
			continue
		}
		h := common.BytesToHash(l.Data[96:128])
		if err := put(sentMessageSlot(h), common.Big1); err != nil {
			return nil, err
		}
		if err := put(messageNonceSlot, new(big.Int).Add(l.Topics[1].Big(), common.Big1)); err != nil {
			return nil, err
		}
	}
	if tr.Hash() != st.GetStorageRoot(MessagePasserAddress) {
		return nil, fmt.Errorf("exec: witness: the message passer's storage before transaction %d of batch %d does not follow from its logs", index, n)
	}
	nonce := st.GetState(MessagePasserAddress, messageNonceSlot).Big()
	out := make([][][]byte, 2)
	for i, slot := range []common.Hash{messageNonceSlot, sentMessageSlot(receiveWithdrawalHash(nonce, sender, value))} {
		var p proofNodes
		if err := tr.Prove(crypto.Keccak256(slot[:]), &p); err != nil {
			return nil, fmt.Errorf("exec: witness: prove the message passer's slot %s: %w", slot, err)
		}
		out[i] = p
	}
	return out, nil
}

// The message passer's storage: sentMessages at slot 0, messageNonce at 1.
var messageNonceSlot = common.BigToHash(common.Big1)

func sentMessageSlot(h common.Hash) common.Hash {
	return crypto.Keccak256Hash(h[:], make([]byte, 32))
}

// receiveWithdrawalHash is the hash the message passer's receive() records a
// withdrawal of value by sender under: keccak256(abi.encode(nonce, sender,
// sender, value, 100000, "")).
func receiveWithdrawalHash(nonce *big.Int, sender common.Address, value *big.Int) common.Hash {
	enc := make([]byte, 7*32)
	nonce.FillBytes(enc[0:32])
	copy(enc[44:64], sender[:])
	copy(enc[76:96], sender[:])
	value.FillBytes(enc[96:128])
	big.NewInt(100_000).FillBytes(enc[128:160])
	enc[191] = 0xc0 // the offset of the empty data
	return crypto.Keccak256Hash(enc)
}

// depositNonceProof proves slot 0 of the deposit-nonce account in st, whose
// root IntermediateRoot has computed. The account's storage holds that one
// slot, so its trie is rebuilt here from the slot's value and checked
// against the account's storage root.
func depositNonceProof(st *state.StateDB) ([][]byte, error) {
	root := st.GetStorageRoot(DepositNonceAddress)
	v := st.GetState(DepositNonceAddress, depositNonceSlot)
	if v == (common.Hash{}) {
		if root != types.EmptyRootHash {
			return nil, fmt.Errorf("exec: witness: the deposit-nonce account holds storage besides its nonce")
		}
		return [][]byte{}, nil
	}
	t := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	key := crypto.Keccak256(depositNonceSlot[:])
	enc, err := rlp.EncodeToBytes(common.TrimLeftZeroes(v[:]))
	if err != nil {
		return nil, err
	}
	if err := t.Update(key, enc); err != nil {
		return nil, err
	}
	if t.Hash() != root {
		return nil, fmt.Errorf("exec: witness: the deposit-nonce account holds storage besides its nonce")
	}
	var p proofNodes
	if err := t.Prove(key, &p); err != nil {
		return nil, fmt.Errorf("exec: witness: prove the deposit nonce: %w", err)
	}
	return p, nil
}

// TransactionProof proves the transaction at index (or its absence) in the
// transaction trie of txs, whose root is a header's TxHash: the trie's nodes
// on the path of key rlp(index), root first.
func TransactionProof(txs types.Transactions, index uint64) ([][]byte, error) {
	t := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	for i, tx := range txs {
		enc, err := tx.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("exec: transaction trie: %w", err)
		}
		if err := t.Update(rlp.AppendUint64(nil, uint64(i)), enc); err != nil {
			return nil, fmt.Errorf("exec: transaction trie: %w", err)
		}
	}
	var p proofNodes
	if err := t.Prove(rlp.AppendUint64(nil, index), &p); err != nil {
		return nil, fmt.Errorf("exec: prove transaction %d: %w", index, err)
	}
	return p, nil
}

// proofNodes collects a trie proof's nodes in the order Prove writes them:
// root first.
type proofNodes [][]byte

func (p *proofNodes) Put(_, value []byte) error {
	*p = append(*p, common.CopyBytes(value))
	return nil
}

func (p *proofNodes) Delete([]byte) error { return errors.New("exec: a proof is append-only") }
