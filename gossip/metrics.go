package gossip

import (
	"fmt"
	"sort"
	"sync"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/prometheus/client_golang/prometheus"
)

// tracer counts per-topic traffic from pubsub's raw trace events and keeps
// each topic's mesh; a collector exports it with the peer scores.
type tracer struct {
	r   *Router
	reg prometheus.Registerer

	pubCount, received, duplicates *prometheus.CounterVec
	bytes, validation              *prometheus.CounterVec

	mu   sync.Mutex
	mesh map[string]map[peer.ID]bool
	dups map[string]uint64
	recv map[string]uint64
	nf   *network.NotifyBundle
}

func newTracer(r *Router) *tracer {
	t := &tracer{r: r, mesh: map[string]map[peer.ID]bool{}, dups: map[string]uint64{}, recv: map[string]uint64{}}
	t.pubCount = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_gossip_published_total", Help: "Messages this node published."}, []string{"topic"})
	t.received = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_gossip_received_total", Help: "Messages delivered after validation (first copies only)."}, []string{"topic"})
	t.duplicates = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_gossip_duplicates_total", Help: "Copies of messages already seen."}, []string{"topic"})
	t.bytes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_gossip_bytes_total", Help: "Compressed message bytes, in (delivered) and out (published)."}, []string{"topic", "direction"})
	t.validation = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_gossip_validation_total", Help: "Validation results with their reason."}, []string{"topic", "result", "reason"})
	t.nf = &network.NotifyBundle{DisconnectedF: func(n network.Network, c network.Conn) {
		if n.Connectedness(c.RemotePeer()) != network.Connected {
			t.dropPeer(c.RemotePeer())
		}
	}}
	return t
}

func (t *tracer) notifiee() network.Notifiee { return t.nf }

func (t *tracer) register() error {
	for _, c := range []prometheus.Collector{t.pubCount, t.received, t.duplicates, t.bytes, t.validation, &scoreCollector{t.r}} {
		if err := t.reg.Register(c); err != nil {
			return fmt.Errorf("gossip: register metrics: %w", err)
		}
	}
	return nil
}

func (t *tracer) addTopic(topic string) {
	t.mu.Lock()
	if t.mesh[topic] == nil {
		t.mesh[topic] = map[peer.ID]bool{}
	}
	t.mu.Unlock()
}

func (t *tracer) published(topic string, n int) {
	t.pubCount.WithLabelValues(topic).Inc()
	t.bytes.WithLabelValues(topic, "out").Add(float64(n))
}

func (t *tracer) validated(topic string, res Result, reason string) {
	if reason == "" {
		reason = "ok"
	}
	t.validation.WithLabelValues(topic, res.String(), reason).Inc()
}

func (t *tracer) meshSize(topic string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.mesh[topic])
}

// Counts returns messages received and duplicates seen on a topic.
func (t *tracer) counts(topic string) (received, duplicates uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.recv[topic], t.dups[topic]
}

func (t *tracer) dropPeer(p peer.ID) {
	t.mu.Lock()
	for _, m := range t.mesh {
		delete(m, p)
	}
	t.mu.Unlock()
}

// pubsub.RawTracer:

func (t *tracer) OnNewOutboundStream(peer.ID, protocol.ID) {}
func (t *tracer) OnClosedOutboundStream(peer.ID)           {}
func (t *tracer) Join(topic string)                        { t.addTopic(topic) }
func (t *tracer) Leave(topic string) {
	t.mu.Lock()
	delete(t.mesh, topic)
	t.mu.Unlock()
}
func (t *tracer) Graft(p peer.ID, topic string) {
	t.mu.Lock()
	if m := t.mesh[topic]; m != nil {
		m[p] = true
	}
	t.mu.Unlock()
}
func (t *tracer) Prune(p peer.ID, topic string) {
	t.mu.Lock()
	delete(t.mesh[topic], p)
	t.mu.Unlock()
}
func (t *tracer) ValidateMessage(*pubsub.Message) {}
func (t *tracer) DeliverMessage(m *pubsub.Message) {
	topic := m.GetTopic()
	t.mu.Lock()
	t.recv[topic]++
	t.mu.Unlock()
	t.received.WithLabelValues(topic).Inc()
	t.bytes.WithLabelValues(topic, "in").Add(float64(len(m.Data)))
}
func (t *tracer) RejectMessage(m *pubsub.Message, reason string) {
	switch reason {
	case pubsub.RejectValidationFailed, pubsub.RejectValidationIgnored:
		return // counted with their reasons by validated
	}
	t.validation.WithLabelValues(m.GetTopic(), "dropped", reason).Inc()
}
func (t *tracer) DuplicateMessage(m *pubsub.Message) {
	topic := m.GetTopic()
	t.mu.Lock()
	t.dups[topic]++
	t.mu.Unlock()
	t.duplicates.WithLabelValues(topic).Inc()
}
func (t *tracer) ThrottlePeer(peer.ID)                 {}
func (t *tracer) RecvRPC(*pubsub.RPC)                  {}
func (t *tracer) SendRPC(*pubsub.RPC, peer.ID)         {}
func (t *tracer) DropRPC(*pubsub.RPC, peer.ID)         {}
func (t *tracer) UndeliverableMessage(*pubsub.Message) {}

var _ pubsub.RawTracer = (*tracer)(nil)

// Stats is a topic's traffic since start.
type Stats struct {
	Received, Duplicates uint64
	Mesh                 int
}

// Stats returns a topic's traffic counts.
func (h *Handle) Stats() Stats {
	rec, dup := h.r.tracer.counts(h.name)
	return Stats{Received: rec, Duplicates: dup, Mesh: h.r.tracer.meshSize(h.name)}
}

// scoreCollector exports mesh sizes and the distribution of peer scores
// (per-peer scores are in `l2node peers`, not in metrics, to keep
// cardinality bounded).
type scoreCollector struct{ r *Router }

var (
	meshDesc   = prometheus.NewDesc("l2_gossip_mesh_peers", "Peers in the topic's mesh.", []string{"topic"}, nil)
	scoreDesc  = prometheus.NewDesc("l2_gossip_peer_score", "Gossip peer scores: minimum, median and maximum over scored peers.", []string{"stat"}, nil)
	belowDesc  = prometheus.NewDesc("l2_gossip_peers_below_threshold", "Scored peers below each threshold.", []string{"threshold"}, nil)
	scoredDesc = prometheus.NewDesc("l2_gossip_scored_peers", "Peers with a gossip score.", nil, nil)
)

func (c *scoreCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- meshDesc
	ch <- scoreDesc
	ch <- belowDesc
	ch <- scoredDesc
}

func (c *scoreCollector) Collect(ch chan<- prometheus.Metric) {
	t := c.r.tracer
	t.mu.Lock()
	mesh := make(map[string]int, len(t.mesh))
	for topic, m := range t.mesh {
		mesh[topic] = len(m)
	}
	t.mu.Unlock()
	for topic, n := range mesh {
		ch <- prometheus.MustNewConstMetric(meshDesc, prometheus.GaugeValue, float64(n), topic)
	}
	c.r.scoreMu.Lock()
	scores := make([]float64, 0, len(c.r.scores))
	for _, s := range c.r.scores {
		scores = append(scores, s.Score)
	}
	c.r.scoreMu.Unlock()
	sort.Float64s(scores)
	ch <- prometheus.MustNewConstMetric(scoredDesc, prometheus.GaugeValue, float64(len(scores)))
	if len(scores) > 0 {
		ch <- prometheus.MustNewConstMetric(scoreDesc, prometheus.GaugeValue, scores[0], "min")
		ch <- prometheus.MustNewConstMetric(scoreDesc, prometheus.GaugeValue, scores[len(scores)/2], "median")
		ch <- prometheus.MustNewConstMetric(scoreDesc, prometheus.GaugeValue, scores[len(scores)-1], "max")
	}
	cfg := c.r.cfg
	for _, th := range []struct {
		name string
		v    float64
	}{{"gossip", cfg.GossipThreshold}, {"publish", cfg.PublishThreshold}, {"graylist", cfg.GraylistThreshold}} {
		n := sort.SearchFloat64s(scores, th.v)
		ch <- prometheus.MustNewConstMetric(belowDesc, prometheus.GaugeValue, float64(n), th.name)
	}
}
