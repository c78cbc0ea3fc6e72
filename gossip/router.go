package gossip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/p2p"
)

var gossipProtocols = []protocol.ID{pubsub.GossipSubID_v13, pubsub.GossipSubID_v12, pubsub.GossipSubID_v11}

// Router is the node's one GossipSub router with its topic registry.
type Router struct {
	ps      *pubsub.PubSub
	h       host.Host
	network string
	cfg     Config
	rep     *p2p.Reputation
	log     *slog.Logger
	tracer  *tracer
	now     func() time.Time

	mu     sync.Mutex         // serializes Register and Close
	topics map[string]*Handle // by full topic name; guarded by mu
	// caps maps topic name → payload cap for messageID, which runs on
	// pubsub's event loop: it must never wait for mu, which Register holds
	// across calls into that loop (copy-on-write, read atomically).
	caps atomic.Pointer[map[string]int]

	scoreMu    sync.Mutex
	scores     map[peer.ID]*pubsub.PeerScoreSnapshot
	belowSince map[peer.ID]time.Time

	cancel context.CancelFunc
}

// Option adjusts New.
type Option func(*Router)

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(r *Router) { r.log = l } }

// WithRegisterer registers the router's metrics.
func WithRegisterer(reg prometheus.Registerer) Option {
	return func(r *Router) { r.tracer.reg = reg }
}

// New starts the GossipSub router on h for a network. rep supplies the
// application score and receives bans; it must be the host's connection gater
// for bans to hold (p2p.Host does this).
func New(h host.Host, network string, cfg Config, rep *p2p.Reputation, opts ...Option) (*Router, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Router{h: h, network: network, cfg: cfg, rep: rep, log: slog.Default(), now: time.Now,
		topics: map[string]*Handle{}, scores: map[peer.ID]*pubsub.PeerScoreSnapshot{}, belowSince: map[peer.ID]time.Time{}}
	r.tracer = newTracer(r)
	r.caps.Store(&map[string]int{})
	for _, o := range opts {
		o(r)
	}
	for _, s := range cfg.ProtectedPeers {
		id, _ := peer.Decode(s)
		rep.Protect(id, "configured")
	}
	gp := pubsub.DefaultGossipSubParams()
	gp.D, gp.Dlo, gp.Dhi, gp.Dlazy = cfg.D, cfg.Dlo, cfg.Dhi, cfg.Dlazy
	gp.Dscore = min(gp.Dscore, cfg.Dlo)
	gp.Dout = min(gp.Dout, cfg.Dlo-1, cfg.D/2-1)
	if gp.Dout < 0 {
		gp.Dout = 0
	}
	gp.HeartbeatInterval = cfg.Heartbeat.Std()
	gp.HistoryLength, gp.HistoryGossip = cfg.HistoryLength, cfg.HistoryGossip

	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	ps, err := pubsub.NewGossipSub(ctx, h,
		pubsub.WithGossipSubParams(gp),
		// v1.3 (extensions) and v1.2 (IDONTWANT) first; v1.1 for peers that
		// lack IDONTWANT. No v1.0 or floodsub: without scoring, backoff and
		// peer exchange they are the easy way in for an attacker.
		pubsub.WithGossipSubProtocols(gossipProtocols, pubsub.GossipSubDefaultFeatures),
		pubsub.WithMessageSignaturePolicy(pubsub.StrictNoSign),
		pubsub.WithNoAuthor(),
		pubsub.WithMessageIdFn(r.messageID),
		// Only our network's topic names, and at most 64 of them per peer:
		// a peer cannot fill our topic table with junk subscriptions.
		pubsub.WithSubscriptionFilter(pubsub.WrapLimitSubscriptionFilter(
			pubsub.NewRegexpSubscriptionFilter(regexp.MustCompile(`^/l2/`+regexp.QuoteMeta(network)+`/[a-z0-9_]{1,32}/[1-9][0-9]*$`)), 64)),
		pubsub.WithMaxMessageSize(cfg.MaxMessageSize),
		pubsub.WithSeenMessagesTTL(cfg.SeenTTL.Std()),
		pubsub.WithValidateQueueSize(cfg.ValidateQueue),
		pubsub.WithValidateThrottle(cfg.ValidateThrottle),
		pubsub.WithPeerScore(r.peerScoreParams(), r.thresholds()),
		pubsub.WithPeerScoreInspect(r.inspectScores, time.Second),
		pubsub.WithRawTracer(r.tracer),
		pubsub.WithLogger(r.log.With("component", "pubsub")),
	)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("gossip: start gossipsub: %w", err)
	}
	r.ps = ps
	h.Network().Notify(r.tracer.notifiee())
	if r.tracer.reg != nil {
		if err := r.tracer.register(); err != nil {
			cancel()
			return nil, err
		}
	}
	return r, nil
}

// Close stops the router. NB: it does not leave its topics one by one:
// leaving sends PRUNEs that make every mesh peer refuse this peer's GRAFTs
// for a backoff period, so a node restarted within a minute would sit
// outside every mesh. Stopping pubsub and then closing the host looks to
// peers like a disconnect, which carries no backoff.
func (r *Router) Close() error {
	r.h.Network().StopNotify(r.tracer.notifiee())
	r.cancel()
	return nil
}

// messageID implements the content-derived message ID (envelope.go).
func (r *Router) messageID(m *pb.Message) string {
	max, ok := (*r.caps.Load())[m.GetTopic()]
	if !ok {
		max = -1
	}
	return MessageID(m.GetTopic(), m.GetData(), max)
}

func (r *Router) setCap(topic string, max int) {
	old := *r.caps.Load()
	next := make(map[string]int, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	if max < 0 {
		delete(next, topic)
	} else {
		next[topic] = max
	}
	r.caps.Store(&next)
}

// Handle is a registered topic: publish to it and subscribe to it.
type Handle struct {
	r     *Router
	spec  Topic
	name  string
	topic *pubsub.Topic
	relay pubsub.RelayCancelFunc
}

// Register joins a topic, installs its validator and scoring. A topic may be
// registered once.
func (r *Router) Register(t Topic) (*Handle, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if MaxWireSize(t.MaxPayload)+1024 > r.cfg.MaxMessageSize {
		return nil, fmt.Errorf("gossip: topic %s: payload cap %d does not fit gossip.max_message_size %d", t.Name, t.MaxPayload, r.cfg.MaxMessageSize)
	}
	if t.Concurrency == 0 {
		t.Concurrency = 64
	}
	name := t.FullName(r.network)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.topics[name]; dup {
		return nil, fmt.Errorf("gossip: topic %s registered twice", name)
	}
	h := &Handle{r: r, spec: t, name: name}
	// The topic must be known to messageID before any message can arrive.
	r.topics[name] = h
	r.setCap(name, t.MaxPayload)
	fail := func(err error) (*Handle, error) {
		delete(r.topics, name)
		r.setCap(name, -1)
		return nil, err
	}
	if err := r.ps.RegisterTopicValidator(name, h.validate,
		pubsub.WithValidatorConcurrency(t.Concurrency), pubsub.WithValidatorTimeout(5*time.Second)); err != nil {
		return fail(fmt.Errorf("gossip: topic %s: validator: %w", name, err))
	}
	topic, err := r.ps.Join(name)
	if err != nil {
		r.ps.UnregisterTopicValidator(name)
		return fail(fmt.Errorf("gossip: join %s: %w", name, err))
	}
	if err := topic.SetScoreParams(topicScoreParams(t.Score)); err != nil {
		topic.Close()
		r.ps.UnregisterTopicValidator(name)
		return fail(fmt.Errorf("gossip: topic %s: score parameters: %w", name, err))
	}
	// NB: joining a topic does not enter its mesh; relaying does. A node
	// forwards a registered topic's messages whether or not anything in the
	// node subscribes to them.
	if h.relay, err = topic.Relay(); err != nil {
		topic.Close()
		r.ps.UnregisterTopicValidator(name)
		return fail(fmt.Errorf("gossip: relay %s: %w", name, err))
	}
	h.topic = topic
	r.tracer.addTopic(name)
	return h, nil
}

// Name is the full topic string.
func (h *Handle) Name() string { return h.name }

// Publish wraps payload in an envelope stamped with the local time and
// publishes it; it is validated locally like any other message.
func (h *Handle) Publish(ctx context.Context, payload []byte) error {
	if len(payload) > h.spec.MaxPayload {
		return fmt.Errorf("gossip: publish on %s: %w: %d > %d bytes", h.name, ErrTooLarge, len(payload), h.spec.MaxPayload)
	}
	data := EncodeEnvelope(h.r.now(), payload)
	if err := h.topic.Publish(ctx, data); err != nil {
		return fmt.Errorf("gossip: publish on %s: %w", h.name, err)
	}
	h.r.tracer.published(h.name, len(data))
	return nil
}

// Message is a validated message delivered to a subscriber.
type Message struct {
	ID       string  // content-derived message ID
	From     peer.ID // the peer that forwarded it to us (ourselves for our own)
	Time     time.Time
	Payload  []byte
	Decoded  any // what the topic's validator returned
	Received time.Time
}

// Subscription delivers a topic's validated messages.
type Subscription struct {
	sub *pubsub.Subscription
}

// Subscribe starts delivering the topic's messages. Slow subscribers lose
// messages beyond a buffer of 128 (pubsub drops them) rather than stall
// the router.
func (h *Handle) Subscribe() (*Subscription, error) {
	sub, err := h.topic.Subscribe(pubsub.WithBufferSize(128))
	if err != nil {
		return nil, fmt.Errorf("gossip: subscribe %s: %w", h.name, err)
	}
	return &Subscription{sub: sub}, nil
}

// Next blocks for the next message.
func (s *Subscription) Next(ctx context.Context) (*Message, error) {
	m, err := s.sub.Next(ctx)
	if err != nil {
		return nil, err
	}
	msg, ok := m.ValidatorData.(*Message)
	if !ok {
		return nil, errors.New("gossip: message without validator data")
	}
	return msg, nil
}

// Cancel ends the subscription.
func (s *Subscription) Cancel() { s.sub.Cancel() }

// MeshPeers returns the number of peers in the topic's mesh.
func (h *Handle) MeshPeers() int { return h.r.tracer.meshSize(h.name) }

// Peers returns the peers subscribed to the topic that we know of.
func (h *Handle) Peers() []peer.ID { return h.topic.ListPeers() }

// validate is the pubsub validator: envelope, time window, then the topic's own.
func (h *Handle) validate(ctx context.Context, from peer.ID, m *pubsub.Message) pubsub.ValidationResult {
	res, reason := h.check(ctx, from, m)
	h.r.tracer.validated(h.name, res, reason)
	if res != Accept && from != h.r.h.ID() {
		h.r.log.Debug("gossip message not accepted", "topic", h.name, "from", from, "result", res, "reason", reason)
	}
	switch res {
	case Accept:
		return pubsub.ValidationAccept
	case Ignore:
		return pubsub.ValidationIgnore
	}
	return pubsub.ValidationReject
}

func (h *Handle) check(ctx context.Context, from peer.ID, m *pubsub.Message) (Result, string) {
	now := h.r.now()
	// Cheap checks first, from the header alone.
	if v, ms, ok := peekHeader(m.Data); ok {
		if v != EnvelopeVersion {
			return Reject, "wrong_version"
		}
		if ms <= 1<<62 {
			if res, _ := h.spec.Window.Check(time.UnixMilli(int64(ms)), now); res != Accept {
				return res, "time_window"
			}
		}
	}
	env, err := DecodeEnvelope(m.Data, h.spec.MaxPayload)
	if err != nil {
		switch {
		case errors.Is(err, ErrTooLarge):
			return Reject, "too_large"
		case errors.Is(err, ErrBadSnappy):
			return Reject, "bad_snappy"
		case errors.Is(err, ErrEnvelopeVersion):
			return Reject, "wrong_version"
		}
		return Reject, "bad_envelope"
	}
	if res, _ := h.spec.Window.Check(env.Time, now); res != Accept {
		return res, "time_window"
	}
	var decoded any
	if h.spec.Validate != nil {
		var res Result
		decoded, res, err = h.spec.Validate(ctx, from, env.Payload)
		if res != Accept {
			reason := "invalid"
			if res == Ignore {
				reason = "ignored"
			}
			return res, reason
		}
	}
	m.ValidatorData = &Message{ID: m.ID, From: from, Time: env.Time, Payload: env.Payload, Decoded: decoded, Received: now}
	return Accept, ""
}

// PeerScore is one peer's gossip score and what it is made of.
type PeerScore struct {
	Peer        peer.ID
	Score       float64
	AppScore    float64
	IPColoc     float64
	Behaviour   float64
	Invalid     map[string]float64 // invalid deliveries by topic
	Graylisted  bool
	Banned      bool
	ProtectedAs string
}

// inspectScores runs every second with pubsub's score snapshot: it keeps the
// snapshot for Scores and bans peers that stay bad. A peer's clock starts
// when it falls below the graylist threshold and stops only when it climbs
// back above the gossip threshold: once graylisted, pubsub ignores the
// peer, its invalid count stops growing and decays, and a plain "below
// graylist for BanAfter" would let a steady spammer bob around the line
// forever. Protected peers are never banned.
func (r *Router) inspectScores(snap map[peer.ID]*pubsub.PeerScoreSnapshot) {
	now := r.now()
	var ban []peer.ID
	r.scoreMu.Lock()
	r.scores = snap
	for p, s := range snap {
		since, tracked := r.belowSince[p]
		switch {
		case s.Score >= r.cfg.GossipThreshold:
			delete(r.belowSince, p)
		case !tracked && s.Score < r.cfg.GraylistThreshold:
			if _, prot := r.rep.Protected(p); !prot {
				r.belowSince[p] = now
			}
		case tracked && now.Sub(since) >= r.cfg.BanAfter.Std():
			ban = append(ban, p)
			delete(r.belowSince, p)
		}
	}
	for p := range r.belowSince {
		if _, ok := snap[p]; !ok {
			delete(r.belowSince, p)
		}
	}
	r.scoreMu.Unlock()
	for _, p := range ban {
		r.rep.Ban(p, 0, "graylisted by gossip score") // 0: the configured ban duration
	}
}

// Score returns the last known gossip score of p.
func (r *Router) Score(p peer.ID) (float64, bool) {
	r.scoreMu.Lock()
	defer r.scoreMu.Unlock()
	s, ok := r.scores[p]
	if !ok {
		return 0, false
	}
	return s.Score, true
}

// Scores lists every scored peer, lowest score first.
func (r *Router) Scores() []PeerScore {
	r.scoreMu.Lock()
	snap := r.scores
	r.scoreMu.Unlock()
	out := make([]PeerScore, 0, len(snap))
	for p, s := range snap {
		ps := PeerScore{Peer: p, Score: s.Score, AppScore: s.AppSpecificScore, IPColoc: s.IPColocationFactor,
			Behaviour: s.BehaviourPenalty, Invalid: map[string]float64{}, Graylisted: s.Score < r.cfg.GraylistThreshold,
			Banned: r.rep.Banned(p)}
		ps.ProtectedAs, _ = r.rep.Protected(p)
		for t, ts := range s.Topics {
			if ts.InvalidMessageDeliveries > 0 {
				ps.Invalid[t] = ts.InvalidMessageDeliveries
			}
		}
		out = append(out, ps)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Score < out[j].Score })
	return out
}

// Config returns the router's configuration.
func (r *Router) Config() Config { return r.cfg }
