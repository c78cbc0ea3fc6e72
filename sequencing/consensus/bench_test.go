package consensus

import (
	"crypto/ecdsa"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// BenchmarkCoreMessages measures the state machine alone: one node of a
// 16-validator set is fed every message of view after view — the leader's
// proposal, 15 votes and 15 Finalizes — and finalizes a block per view.
// Signatures are opaque to the core, so they are fixed bytes here. The
// verify-secp256k1 case is the machine's limit in the same run: what
// checking one of those messages' signatures costs a node (ecrecover).
func BenchmarkCoreMessages(b *testing.B) {
	const n = 16
	stakes := make([]uint64, n)
	for i := range stakes {
		stakes[i] = 1
	}
	set := testSet(b, stakes)
	vals := set.Validators()
	self := testAddr(0)
	// Node 0 never leads: the benchmark has no payload to build.
	var others []common.Address
	for _, v := range vals {
		if v.Address != self {
			others = append(others, v.Address)
		}
	}
	leader := func(v uint64) common.Address { return others[v%uint64(len(others))] }
	sig := make([]byte, 65)

	b.Run("core", func(b *testing.B) {
		c, err := New(Config{ChainID: testChainID, Self: self, Set: set, Genesis: testGenesis, Leader: leader, Timeout: time.Second})
		if err != nil {
			b.Fatal(err)
		}
		c.Start(0)
		parent := BlockRef{Hash: testGenesis}
		view := uint64(1)
		// Messages are made in batches outside the timer.
		gen := func(views int) []Message {
			msgs := make([]Message, 0, views*(1+2*len(others)))
			for range views {
				blk := Block{View: view, Height: parent.Height + 1, Parent: parent.Hash, Payload: []byte("batch")}
				blk.PayloadHash = DefaultPayloadHash(blk.Payload)
				h := blk.Hash()
				msgs = append(msgs, Message{Type: MsgProposal, ChainID: testChainID, View: view, From: leader(view), Hash: h, Block: &blk, Signature: sig})
				for _, a := range others {
					msgs = append(msgs, Message{Type: MsgVote, ChainID: testChainID, View: view, From: a, Hash: h, Signature: sig})
				}
				for _, a := range others {
					msgs = append(msgs, Message{Type: MsgFinalize, ChainID: testChainID, View: view, From: a, Hash: h, Signature: sig})
				}
				parent = blk.Ref()
				view++
			}
			return msgs
		}
		b.ReportAllocs()
		b.ResetTimer()
		var count int
		for done := 0; done < b.N; {
			b.StopTimer()
			batch := gen(min(256, b.N-done))
			b.StartTimer()
			for _, m := range batch {
				if err := c.Step(m); err != nil {
					b.Fatal(err)
				}
				for c.HasReady() {
					c.Ready()
					c.Advance()
				}
			}
			count += len(batch)
			done += len(batch) / (1 + 2*len(others))
		}
		b.StopTimer()
		if got := c.FinalHeight(); got != uint64(b.N) {
			b.Fatalf("final height %d after %d views", got, b.N)
		}
		b.ReportMetric(float64(count)/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(count), "ns/msg")
		b.ReportMetric(float64(count)/float64(b.N), "msgs/view")
	})

	b.Run("verify-secp256k1", func(b *testing.B) {
		key, _ := crypto.GenerateKey()
		v := secpVerifier{}
		m := Message{Type: MsgVote, ChainID: testChainID, View: 1, From: crypto.PubkeyToAddress(key.PublicKey), Hash: Hash{1}}
		m.Signature = secpSign(key, m.SigningBytes())
		b.ResetTimer()
		for range b.N {
			if !v.Verify(m.From, m.SigningBytes(), m.Signature) {
				b.Fatal("signature does not verify")
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	})
}

// secpVerifier is the Verifier the node uses: secp256k1 over the Keccak-256
// of the signing bytes, checked by recovering the signer's address.
type secpVerifier struct{}

func (secpVerifier) Verify(signer common.Address, msg, sig []byte) bool {
	pub, err := crypto.SigToPub(crypto.Keccak256(msg), sig)
	return err == nil && crypto.PubkeyToAddress(*pub) == signer
}

func secpSign(key *ecdsa.PrivateKey, msg []byte) []byte {
	sig, err := crypto.Sign(crypto.Keccak256(msg), key)
	if err != nil {
		panic(err)
	}
	return sig
}
