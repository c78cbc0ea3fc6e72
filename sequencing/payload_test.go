package sequencing

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/sequencing/consensus"
)

func TestPayloadRoundTripAndCaps(t *testing.T) {
	p := &Payload{Height: 7, Time: 1700000000, DataRoot: common.Hash{9}, Txs: [][]byte{{1, 2}, {3}}}
	got, err := UnmarshalPayload(p.Marshal())
	if err != nil || got.Height != 7 || len(got.Txs) != 2 || !bytes.Equal(got.Txs[1], []byte{3}) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if _, err := UnmarshalPayload(append(p.Marshal(), 0)); err == nil {
		t.Fatal("trailing bytes accepted")
	}
	if _, err := UnmarshalPayload(make([]byte, MaxPayloadBytes+1)); err == nil {
		t.Fatal("oversized payload accepted")
	}
}

func TestEvidenceRoundTripAndSignatures(t *testing.T) {
	k, _ := crypto.GenerateKey()
	s := Secp256k1{Key: k}
	vote := func(h common.Hash) consensus.Message {
		m := consensus.Message{Type: consensus.MsgVote, ChainID: 1, View: 3, From: s.Address(), Hash: h}
		m.Signature, _ = s.Sign(m.SigningBytes())
		return m
	}
	e := consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: s.Address(), View: 3, A: vote(common.Hash{1}), B: vote(common.Hash{2})}
	enc, err := MarshalEvidence(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalEvidence(enc)
	if err != nil || got.Signer != e.Signer || got.A.Hash != e.A.Hash || got.B.Hash != e.B.Hash {
		t.Fatalf("round trip: %v", err)
	}
	set, _ := consensus.NewValidatorSet([]consensus.Validator{{Address: s.Address(), Stake: 1}})
	if err := (consensus.Checker{ChainID: 1, Set: set, Verifier: Secp256k1Verifier{}}).VerifyEvidence(got); err != nil {
		t.Fatalf("evidence does not verify: %v", err)
	}
	if (Secp256k1Verifier{}).Verify(s.Address(), []byte("other"), e.A.Signature) {
		t.Fatal("a signature verified over another message")
	}
}

func FuzzUnmarshalPayload(f *testing.F) {
	f.Add((&Payload{Height: 1, Txs: [][]byte{{1}}}).Marshal())
	f.Add([]byte{0xc0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := UnmarshalPayload(b)
		if err != nil {
			return
		}
		if q, err := UnmarshalPayload(p.Marshal()); err != nil || q.Height != p.Height || len(q.Txs) != len(p.Txs) {
			t.Fatalf("re-encoding a decoded payload changed it: %v", err)
		}
	})
}

func FuzzUnmarshalEvidence(f *testing.F) {
	k, _ := crypto.GenerateKey()
	s := Secp256k1{Key: k}
	m := consensus.Message{Type: consensus.MsgVote, ChainID: 1, View: 3, From: s.Address(), Hash: common.Hash{1}}
	m.Signature, _ = s.Sign(m.SigningBytes())
	n := m
	n.Hash = common.Hash{2}
	enc, _ := MarshalEvidence(consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: s.Address(), View: 3, A: m, B: n})
	f.Add(enc)
	f.Add(enc[:40])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := UnmarshalEvidence(b)
		if err != nil {
			return
		}
		if _, err := MarshalEvidence(e); err != nil {
			t.Fatalf("a decoded evidence object does not encode: %v", err)
		}
	})
}
