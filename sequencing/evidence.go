package sequencing

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/sequencing/consensus"
)

// Evidence encoding on the evidence topic and in the store:
// kind (1) ‖ signer (20) ‖ view (8) ‖ len(A) (4) ‖ A ‖ B, where A and B are
// the two signed consensus messages in their wire encoding. Checker.
// VerifyEvidence then proves it from the sequencer set alone; the bridge
// submits it to L1's SequencerRegistry for slashing.

// MarshalEvidence encodes e.
func MarshalEvidence(e consensus.Evidence) ([]byte, error) {
	a, err := e.A.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b, err := e.B.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 33+len(a)+len(b))
	out = append(out, byte(e.Kind))
	out = append(out, e.Signer[:]...)
	out = binary.BigEndian.AppendUint64(out, e.View)
	out = binary.BigEndian.AppendUint32(out, uint32(len(a)))
	out = append(out, a...)
	return append(out, b...), nil
}

var errEvidence = errors.New("bad evidence encoding")

// UnmarshalEvidence decodes an evidence object (its proof is not checked).
func UnmarshalEvidence(b []byte) (consensus.Evidence, error) {
	var e consensus.Evidence
	if len(b) < 33 {
		return e, fmt.Errorf("%w: %d bytes", errEvidence, len(b))
	}
	e.Kind = consensus.EvidenceKind(b[0])
	e.Signer = common.BytesToAddress(b[1:21])
	e.View = binary.BigEndian.Uint64(b[21:29])
	n := binary.BigEndian.Uint32(b[29:33])
	if uint64(n) > uint64(len(b)-33) {
		return e, fmt.Errorf("%w: first message of %d bytes in %d", errEvidence, n, len(b)-33)
	}
	var err error
	if e.A, err = consensus.UnmarshalMessage(b[33 : 33+n]); err != nil {
		return e, fmt.Errorf("%w: %v", errEvidence, err)
	}
	if e.B, err = consensus.UnmarshalMessage(b[33+n:]); err != nil {
		return e, fmt.Errorf("%w: %v", errEvidence, err)
	}
	return e, nil
}
