package exec

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Steps are a batch's intermediate state roots: the state before the batch,
// then the state after each of its steps, a step being one deposit (skipped
// ones too: their root repeats the previous) or one included transaction,
// in block order. The last root is the batch's state root. A fraud-proof
// dispute bisects over them down to one step whose pre-root both sides
// agree on and whose post-root they dispute (docs/fraud-proofs.md).
type Steps struct {
	Batch uint64
	Block common.Hash
	Pre   common.Hash   // the parent's state root
	Roots []common.Hash // after each step
	Kinds []StepKind
	Items []common.Hash // the deposit's or transaction's hash, per step
	// Provable says, per step, whether the L1 one-step prover executes it:
	// a plain transfer (no call data, to an account without code that is
	// not a precompile, from a sender without code), a withdrawal started by
	// a plain transfer to the message passer (without an access list), or a
	// deposit that is skipped or only mints (no data, to an account without
	// code). Other steps run the EVM and are undecidable on L1 for now
	// (docs/fraud-proofs.md).
	Provable []bool
}

// StepKind says what a step applies.
type StepKind uint8

// Step kinds.
const (
	StepDeposit StepKind = iota + 1
	StepTransaction
)

func (k StepKind) String() string {
	switch k {
	case StepDeposit:
		return "deposit"
	case StepTransaction:
		return "transaction"
	}
	return "unknown"
}

// Root is the commitment to the steps: the Merkle root (keccak256, binary,
// padded with zero leaves to a power of two) over the leaves
// Pre, Roots[0], …, Roots[n-1]. A dispute names a step by its index and
// proves its pre- and post-root against it.
func (s *Steps) Root() common.Hash {
	return stepsMerkleRoot(append([]common.Hash{s.Pre}, s.Roots...))
}

// Proof is the Merkle path of leaf i (0 is Pre, i is the root after step i)
// against Root: the sibling at each level, from the leaves up.
func (s *Steps) Proof(i int) ([]common.Hash, error) {
	leaves := append([]common.Hash{s.Pre}, s.Roots...)
	if i < 0 || i >= len(leaves) {
		return nil, fmt.Errorf("exec: step leaf %d of %d", i, len(leaves))
	}
	level := padLeaves(leaves)
	var proof []common.Hash
	for len(level) > 1 {
		proof = append(proof, level[i^1])
		level = nextLevel(level)
		i /= 2
	}
	return proof, nil
}

// VerifyStepProof checks that leaf is at index i under root.
func VerifyStepProof(root, leaf common.Hash, i int, proof []common.Hash) bool {
	h := leaf
	for _, sib := range proof {
		if i%2 == 0 {
			h = crypto.Keccak256Hash(h[:], sib[:])
		} else {
			h = crypto.Keccak256Hash(sib[:], h[:])
		}
		i /= 2
	}
	return i == 0 && h == root
}

func padLeaves(leaves []common.Hash) []common.Hash {
	n := 1
	for n < len(leaves) {
		n *= 2
	}
	out := make([]common.Hash, n)
	copy(out, leaves)
	return out
}

func nextLevel(level []common.Hash) []common.Hash {
	next := make([]common.Hash, len(level)/2)
	for j := range next {
		next[j] = crypto.Keccak256Hash(level[2*j][:], level[2*j+1][:])
	}
	return next
}

func stepsMerkleRoot(leaves []common.Hash) common.Hash {
	level := padLeaves(leaves)
	for len(level) > 1 {
		level = nextLevel(level)
	}
	return level[0]
}

// StepRoots re-executes batch n from its parent's state and returns its
// steps. A parent state older than the history is rebuilt from the nearest
// flushed one (keepState); the result is cached. It fails if the re-execution does
// not end at the batch's state root, which would be a bug in execution.
func (e *Executor) StepRoots(n uint64) (*Steps, error) {
	if n == 0 {
		return nil, fmt.Errorf("exec: batch 0 is the genesis: it has no steps")
	}
	block := e.BlockByNumber(n)
	if block == nil {
		return nil, fmt.Errorf("exec: no batch %d", n)
	}
	if s, ok := e.steps.Get(block.Hash()); ok {
		return s, nil
	}
	parent := e.HeaderByNumber(n - 1)
	deps, err := e.readDeposits(n)
	if err != nil {
		return nil, err
	}
	b := batchOf(block, deps)
	release, err := e.keepState(n - 1)
	if err != nil {
		return nil, fmt.Errorf("exec: steps of batch %d: the state before it: %w", n, err)
	}
	defer release()
	statedb, err := state.New(parent.Root, e.sdb)
	if err != nil {
		return nil, fmt.Errorf("exec: steps of batch %d: the state before it is no longer kept: %w", n, err)
	}
	header := e.newHeader(parent, b)
	env := newBlockEnv(e, header, statedb)
	s := &Steps{Batch: n, Block: block.Hash(), Pre: parent.Root}
	// NB: the senders are recovered once, for execution and for provable.
	b.recovery = startRecovery(e.signer, b.Txs, false)
	// provable classifies step i (0-based) in the state before it.
	txs := block.Transactions()
	provable := func(i int) {
		if i < len(deps) {
			d := deps[i]
			call := len(d.Data) > 0 || statedb.GetCodeSize(d.To) > 0
			s.Provable = append(s.Provable, d.Nonce != DepositNonceIn(statedb) || !call)
			return
		}
		j := i - len(deps)
		if j >= len(txs) {
			s.Provable = append(s.Provable, false)
			return
		}
		tx := txs[j]
		b.recovery.wait(j)
		from, err := types.Sender(e.signer, tx)
		// NB: a plain transfer to the message passer runs its receive(), a
		// withdrawal the prover executes with the gas it is known to use.
		withdrawal := tx.To() != nil && *tx.To() == MessagePasserAddress && len(tx.Data()) == 0 && len(tx.AccessList()) == 0
		s.Provable = append(s.Provable, err == nil && (env.isPlainTransfer(tx) || withdrawal) && statedb.GetCodeSize(from) == 0)
	}
	provable(0)
	res := &Result{}
	e.run(env, b, res, func() {
		s.Roots = append(s.Roots, statedb.IntermediateRoot(env.rules))
		provable(len(s.Roots))
	})
	s.Provable = s.Provable[:len(s.Roots)]
	for _, d := range deps {
		s.Kinds, s.Items = append(s.Kinds, StepDeposit), append(s.Items, d.Hash())
	}
	for _, tx := range block.Transactions() {
		s.Kinds, s.Items = append(s.Kinds, StepTransaction), append(s.Items, tx.Hash())
	}
	if len(res.Dropped) > 0 || len(s.Roots) != len(s.Items) {
		return nil, fmt.Errorf("exec: steps of batch %d: re-execution dropped %d transactions of the block", n, len(res.Dropped))
	}
	last := parent.Root
	if len(s.Roots) > 0 {
		last = s.Roots[len(s.Roots)-1]
	}
	if last != block.Root() {
		return nil, fmt.Errorf("exec: steps of batch %d end at %s, the batch's state root is %s", n, last, block.Root())
	}
	e.steps.Add(block.Hash(), s)
	return s, nil
}
