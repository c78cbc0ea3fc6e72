package gossip

import (
	"math"
	"net"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
)

// Scoring in short (docs/protocol.md has the full table):
//
//   - P1 time in mesh rewards stable mesh members a little (≤ +10 per topic).
//   - P2 first deliveries reward peers that bring us new messages (≤ +20).
//   - P3 mesh-delivery deficits are off: transaction traffic is bursty and a
//     quiet topic must not punish honest peers.
//   - P4 invalid deliveries: InvalidWeight × count², decaying with a ~70 s
//     half-life; with -10, 40 rejected messages reach the graylist.
//   - P5 application score: -100 × the peer's reputation points (bad
//     responses, …); protected peers get +protectedBonus instead.
//   - P6 IP colocation beyond the threshold, loopback exempt.
//   - P7 behaviour penalty for broken promises and GRAFT spam (half-life 10 min).
const (
	protectedBonus   = 1000
	pointsToScore    = -100
	decayInterval    = time.Second
	invalidHalfLife  = 70 * time.Second
	deliveryHalfLife = 30 * time.Second
)

// decayPerInterval is the per-interval factor that halves a counter in halfLife.
func decayPerInterval(halfLife time.Duration) float64 {
	return math.Exp2(-decayInterval.Seconds() / halfLife.Seconds())
}

func (r *Router) peerScoreParams() *pubsub.PeerScoreParams {
	var whitelist []*net.IPNet
	for _, cidr := range []string{"127.0.0.0/8", "::1/128"} {
		_, n, _ := net.ParseCIDR(cidr)
		whitelist = append(whitelist, n)
	}
	return &pubsub.PeerScoreParams{
		Topics:                      map[string]*pubsub.TopicScoreParams{},
		TopicScoreCap:               100,
		AppSpecificScore:            r.appScore,
		AppSpecificWeight:           1,
		IPColocationFactorWeight:    -35,
		IPColocationFactorThreshold: r.cfg.IPColocationThreshold,
		IPColocationFactorWhitelist: whitelist,
		BehaviourPenaltyWeight:      -10,
		BehaviourPenaltyThreshold:   6,
		BehaviourPenaltyDecay:       decayPerInterval(10 * time.Minute),
		DecayInterval:               decayInterval,
		DecayToZero:                 0.01,
		RetainScore:                 10 * time.Minute,
	}
}

func (r *Router) thresholds() *pubsub.PeerScoreThresholds {
	return &pubsub.PeerScoreThresholds{
		GossipThreshold:             r.cfg.GossipThreshold,
		PublishThreshold:            r.cfg.PublishThreshold,
		GraylistThreshold:           r.cfg.GraylistThreshold,
		AcceptPXThreshold:           100,
		OpportunisticGraftThreshold: 5,
	}
}

// appScore folds the node's reputation of a peer into its gossip score. A
// protected peer gets a flat bonus instead: its penalty points stay visible
// (l2node peers) but cannot push it out of the mesh; only invalid messages
// on a topic (P4) can.
func (r *Router) appScore(p peer.ID) float64 {
	if _, ok := r.rep.Protected(p); ok {
		return protectedBonus
	}
	return pointsToScore * r.rep.Points(p)
}

func topicScoreParams(t TopicScore) *pubsub.TopicScoreParams {
	if t.Weight == 0 {
		t.Weight = 1
	}
	if t.InvalidWeight == 0 {
		t.InvalidWeight = -10
	}
	return &pubsub.TopicScoreParams{
		TopicWeight:       t.Weight,
		TimeInMeshWeight:  10.0 / 3600,
		TimeInMeshQuantum: time.Second,
		TimeInMeshCap:     3600,
		// A peer delivering every message first for a half-life earns at
		// most 20 points on the topic.
		FirstMessageDeliveriesWeight: 1,
		FirstMessageDeliveriesDecay:  decayPerInterval(deliveryHalfLife),
		FirstMessageDeliveriesCap:    20,
		// P3 and P3b stay off (zero weights).
		MeshMessageDeliveriesDecay:     decayPerInterval(deliveryHalfLife),
		MeshFailurePenaltyDecay:        decayPerInterval(deliveryHalfLife),
		InvalidMessageDeliveriesWeight: t.InvalidWeight,
		InvalidMessageDeliveriesDecay:  decayPerInterval(invalidHalfLife),
	}
}
