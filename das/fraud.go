package das

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/gossip"
)

// FraudTopicName is the bad-encoding fraud proof topic: /l2/<network>/da_fraud/1.
//
// Payload: data root (32) || height (uint64) || an encoded erasure.FraudProof.
// A node accepts it only if the header of that height with that root is
// known and the proof verifies against the root; it then marks the height
// invalid (light nodes report it unavailable, DA nodes stop serving it).
const FraudTopicName = "da_fraud"

// FraudMessage is a fraud proof for a known header.
type FraudMessage struct {
	Height uint64
	Root   erasure.Hash
	Proof  *erasure.FraudProof
}

// Marshal encodes the message.
func (m FraudMessage) Marshal() []byte {
	b := append([]byte(nil), m.Root[:]...)
	b = append(b, byte(m.Height>>56), byte(m.Height>>48), byte(m.Height>>40), byte(m.Height>>32),
		byte(m.Height>>24), byte(m.Height>>16), byte(m.Height>>8), byte(m.Height))
	return append(b, m.Proof.Marshal()...)
}

// UnmarshalFraudMessage decodes a message; it does not verify the proof.
func UnmarshalFraudMessage(b []byte) (FraudMessage, error) {
	var m FraudMessage
	if len(b) < 40 {
		return m, fmt.Errorf("%w: %d bytes", erasure.ErrBadFraudProof, len(b))
	}
	copy(m.Root[:], b)
	for _, x := range b[32:40] {
		m.Height = m.Height<<8 | uint64(x)
	}
	p, err := erasure.UnmarshalFraudProof(b[40:])
	if err != nil {
		return m, err
	}
	m.Proof = p
	return m, nil
}

// FraudTopic declares the fraud proof topic. headerRoot returns the root of
// the header this node knows at a height (ok false if none).
func FraudTopic(headerRoot func(height uint64) (erasure.Hash, bool)) gossip.Topic {
	seen := gossip.NewDedupe(24*time.Hour, 10_000)
	return gossip.Topic{
		Name:       FraudTopicName,
		Version:    1,
		MaxPayload: 40 + erasure.MaxFraudProofSize,
		Window:     gossip.TimeWindow{MaxAge: 10 * time.Minute, MaxFuture: 5 * time.Second, Slack: time.Hour},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			m, err := UnmarshalFraudMessage(payload)
			if err != nil {
				return nil, gossip.Reject, err
			}
			root, ok := headerRoot(m.Height)
			if !ok {
				// We may not have the header yet: not the sender's fault.
				return nil, gossip.Ignore, fmt.Errorf("no header at height %d", m.Height)
			}
			if root != m.Root {
				// Our header at that height differs from the sender's: not
				// necessarily the sender's fault.
				return nil, gossip.Ignore, errors.New("fraud proof for a root we do not know at that height")
			}
			if err := m.Proof.Verify(m.Root); err != nil {
				return nil, gossip.Reject, err
			}
			// Only a verified proof counts as seen: a bogus one must not
			// shadow the real one.
			if seen.Seen(string(m.Root[:]), time.Now()) {
				return nil, gossip.Ignore, errors.New("already proven")
			}
			return m, gossip.Accept, nil
		},
		Concurrency: 4,
		Score:       gossip.TopicScore{Weight: 1, InvalidWeight: -100},
	}
}
