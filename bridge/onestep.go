package bridge

import (
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
)

var stepProofArgs = sync.OnceValues(func() (abi.Arguments, error) {
	a, err := bindings.OneStepProverMetaData.ParseABI()
	if err != nil {
		return nil, err
	}
	m, ok := a.Methods["proveStep"]
	if !ok || len(m.Inputs) != 7 {
		return nil, fmt.Errorf("OneStepProver has no proveStep(…, StepProof)")
	}
	return abi.Arguments{m.Inputs[6]}, nil
})

// EncodeStepProof is OneStepProver's `proof` argument for a step's witness:
// the ABI encoding of its StepProof struct.
func EncodeStepProof(w *exec.StepWitness) ([]byte, error) {
	args, err := stepProofArgs()
	if err != nil {
		return nil, fmt.Errorf("bridge: step proof: %w", err)
	}
	p := bindings.OneStepProverStepProof{
		Header: w.Header, Deposits: w.Deposits,
		TransactionProof: nonNil(w.TxProof), EndProof: nonNil(w.EndProof),
		Accounts: bindings.TransferStepAccountProofs{
			Sender: nonNil(w.Sender), Recipient: nonNil(w.Recipient), FeeRecipient: nonNil(w.FeeRecipient),
		},
		StorageProofs: [][][]byte{},
	}
	for _, sp := range w.Storage {
		p.StorageProofs = append(p.StorageProofs, nonNil(sp))
	}
	if p.Deposits == nil {
		p.Deposits = []byte{}
	}
	out, err := args.Pack(p)
	if err != nil {
		return nil, fmt.Errorf("bridge: step proof: %w", err)
	}
	return out, nil
}

func nonNil(b [][]byte) [][]byte {
	if b == nil {
		return [][]byte{}
	}
	return b
}

// ExecutorL2 is a node's own executor as the bridge reads it: the outputs
// the outputs service signs and compares (outputs.L2), and the outputs, step
// roots and one-step proofs a Player plays from (PlayerL2,
// PlayerConfig.StepProof).
type ExecutorL2 struct{ E *exec.Executor }

// Head is the highest executed batch.
func (l ExecutorL2) Head() uint64 { return l.E.Head().NumberU64() }

// Output is the state root and block hash after batch n.
func (l ExecutorL2) Output(n uint64) (Output, bool) {
	h := l.E.HeaderByNumber(n)
	if h == nil {
		return Output{}, false
	}
	return Output{StateRoot: h.Root, BlockHash: h.Hash()}, true
}

// OutputRoot is Output(n).Root().
func (l ExecutorL2) OutputRoot(n uint64) (common.Hash, bool) {
	o, ok := l.Output(n)
	return o.Root(), ok
}

// StepRoots are batch n's step roots.
func (l ExecutorL2) StepRoots(n uint64) (*exec.Steps, error) { return l.E.StepRoots(n) }

// StepProof is the OneStepProver proof of step `step` of batch `batch`, for
// a step commitment of stepCount steps (the pre-root is the executor's).
func (l ExecutorL2) StepProof(batch, step, stepCount uint64, _ common.Hash) ([]byte, error) {
	w, err := l.E.StepWitness(batch, step, stepCount)
	if err != nil {
		return nil, err
	}
	return EncodeStepProof(w)
}
