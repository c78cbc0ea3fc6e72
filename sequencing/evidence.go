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

// EraEvidence is stored evidence with the set era its messages were signed
// in: L1's SequencerRegistry.slash needs the era to rebuild the signing
// bytes.
type EraEvidence struct {
	Evidence consensus.Evidence
	Era      uint64
}

// StoredEvidence returns the evidence this node has verified and stored,
// each with its era, found from the messages' signing domain among the eras
// up to the one after the last final batch.
func (d *Driver) StoredEvidence() ([]EraEvidence, error) {
	encs, err := d.cfg.Store.Evidence()
	if err != nil {
		return nil, fmt.Errorf("sequencing: stored evidence: %w", err)
	}
	last, _ := d.LastFinal()
	maxEra := last.Height/d.cfg.EpochLength + 1
	var out []EraEvidence
	for _, enc := range encs {
		e, err := UnmarshalEvidence(enc)
		if err != nil {
			return nil, fmt.Errorf("sequencing: stored evidence: %w", err)
		}
		for era := uint64(0); era <= maxEra; era++ {
			if d.domain(era) == e.A.ChainID {
				out = append(out, EraEvidence{Evidence: e, Era: era})
				break
			}
		}
	}
	return out, nil
}
