package bridge

import (
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"

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
