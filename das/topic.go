package das

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/gossip"
)

// HeaderTopicName is the DA header topic: /l2/<network>/da_header/1.
const HeaderTopicName = "da_header"

// HeaderTopic declares the DA header topic. A header is accepted if it
// decodes strictly, its signature and roots check out and its producer is
// allowed; a header from another producer, or seen before (by height and
// data root), is ignored; anything malformed is rejected.
func HeaderTopic(network string, allowed func(peer.ID) bool) gossip.Topic {
	seen := gossip.NewDedupe(time.Hour, 100_000)
	return gossip.Topic{
		Name:       HeaderTopicName,
		Version:    1,
		MaxPayload: MaxHeaderSize,
		Window:     gossip.TimeWindow{MaxAge: time.Minute, MaxFuture: 5 * time.Second, Slack: time.Minute},
		Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, gossip.Result, error) {
			h, err := UnmarshalHeader(network, payload)
			if err != nil {
				return nil, gossip.Reject, err
			}
			if !allowed(h.Producer) {
				// Ignore, not Reject: the forwarding peer may follow a
				// producer list that differs from ours (a list being updated).
				return nil, gossip.Ignore, fmt.Errorf("%w: %s", ErrNotAProducer, h.Producer)
			}
			// Keyed by height and root: batches with the same data (empty
			// ones, above all) share a root at different heights.
			if seen.Seen(fmt.Sprintf("%d/%x", h.Height, h.Root[:]), time.Now()) {
				return nil, gossip.Ignore, errors.New("header already seen")
			}
			return h, gossip.Accept, nil
		},
		Concurrency: 16,
		// Headers are rare and expensive to forge (a signature): a few bad
		// ones are enough to distrust a peer.
		Score: gossip.TopicScore{Weight: 1, InvalidWeight: -100},
	}
}
