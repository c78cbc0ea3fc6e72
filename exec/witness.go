package exec

import (
	"errors"
	"fmt"

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
	// Storage is a deposit step's proof of the deposit-nonce account's
	// slot 0 at the pre-state.
	Storage [][]byte
}

// StepWitness builds the witness of step `step` (1-based; 0: the batch has
// no steps) of batch n for a dispute whose step commitment counts
// stepCount steps. Like StepRoots it re-executes the batch from its
// parent's state, which must still be kept, up to the step.
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
	if step <= d {
		accounts = []common.Address{DepositNonceAddress, deps[step-1].To}
	} else {
		index := step - d - 1
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
		if step <= d && err == nil {
			w.Storage, err = depositNonceProof(st)
		}
	}

	parent := e.HeaderByNumber(n - 1)
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
