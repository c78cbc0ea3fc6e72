package das

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/boxo/bitswap"
	p2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/p2p/reqresp"
)

// PeerFinder lists DA peers, best first; p2p.Discovery's cache serves it.
type PeerFinder func() []peer.ID

// Service runs data availability for a node: a full DA node (and a
// producer) ingests, stores and serves squares; a light node samples every
// header and records its verdict.
type Service struct {
	cfg     Config
	network string
	full    bool // ingest and serve squares
	light   bool // sample headers
	key     p2pcrypto.PrivKey
	self    peer.ID
	svc     *reqresp.Service
	proto   reqresp.Protocol
	hproto  reqresp.Protocol
	lproto  reqresp.Protocol
	store   *Store
	topic   *gossip.Handle
	fraud   *gossip.Handle
	attest  *gossip.Handle
	chainID uint64
	akey    *ecdsa.PrivateKey // signs availability attestations (full nodes)
	peers   PeerFinder
	log     *slog.Logger
	m       *metrics

	trackerMu sync.Mutex
	tracker   *sampling.Tracker

	headerMu   sync.Mutex // serializes onHeader
	headerPoll time.Duration

	mu          sync.Mutex
	networkHead uint64
	lastHead    time.Time // when networkHead last rose
	sampledHead uint64
	failed      []uint64 // recent unavailable heights
	invalid     []uint64 // heights proven badly encoded
	cheats      map[*erasure.Square]bool
	lat         *latencies
	bs          *bitswap.Bitswap
	inFlight    map[uint64]bool // heights being sampled
	ingesting   map[uint64]bool // heights being ingested
	ingestSem   chan struct{}
	// Full nodes: every height from the first this node followed up to
	// contiguous has its header stored (or was given up on, maxCatchUp
	// below a newer one); a header above contiguous+1 reveals a gap.
	contiguous    uint64
	contiguousSet bool
	lightCatchUp  *catchUpRole
	fullCatchUp   *catchUpRole
	cpMu          sync.Mutex // serializes checkpoint updates (not s.mu: pebble reads)
	pendingAtt    map[uint64][]Attestation
	sem           chan struct{} // bounds the heights sampled at once
	producers     map[peer.ID]bool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Params assembles a service.
type Params struct {
	Config  Config
	Network string
	Full    bool // DA role (or producer)
	Light   bool // light role
	Key     p2pcrypto.PrivKey
	Router  *gossip.Router
	ReqResp *reqresp.Service
	Store   *Store
	Peers   PeerFinder
	Log     *slog.Logger
	Reg     prometheus.Registerer
	Rand    *rand.Rand // sample coordinates; seeded by the caller
	ChainID uint64
	// Host, if set, runs bitswap: full nodes serve their squares' blocks,
	// light nodes fall back to it for samples the sample protocol missed.
	Host host.Host
	// AttestKey signs availability attestations; full nodes only.
	AttestKey *ecdsa.PrivateKey
	// HeaderPoll: a node that hears of no new header for this long asks DA
	// peers for the headers above its head. Zero: DefaultHeaderPoll.
	HeaderPoll time.Duration
}

// NewService registers the header topic and, on full nodes, the sample
// protocol.
func NewService(p Params) (*Service, error) {
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	self, err := peer.IDFromPrivateKey(p.Key)
	if err != nil {
		return nil, err
	}
	s := &Service{cfg: p.Config, network: p.Network, full: p.Full, light: p.Light, key: p.Key, self: self,
		svc: p.ReqResp, proto: SampleProtocol(p.Network), hproto: HeadersByRange(p.Network), store: p.Store, peers: p.Peers, log: p.Log,
		m: newMetrics(), producers: map[peer.ID]bool{}, sem: make(chan struct{}, maxSampling),
		chainID: p.ChainID, akey: p.AttestKey, lat: newLatencies(), inFlight: map[uint64]bool{}, ingesting: map[uint64]bool{},
		ingestSem: make(chan struct{}, maxIngest), pendingAtt: map[uint64][]Attestation{}}
	s.newCatchUpRoles()
	if s.headerPoll = p.HeaderPoll; s.headerPoll <= 0 {
		s.headerPoll = DefaultHeaderPoll
	}
	if p.Full && p.AttestKey == nil {
		return nil, errors.New("das: a full DA node needs an attestation key")
	}
	for _, id := range p.Config.Producers {
		pid, _ := peer.Decode(id)
		s.producers[pid] = true
	}
	if p.Light {
		s.tracker = sampling.NewTracker(p.Config.Confidence, p.Rand)
	}
	if p.Full {
		// A restarted DA node goes on from its highest header: it polls
		// above it, and fills what it missed below the next one.
		head, ok, err := p.Store.Head()
		if err != nil {
			return nil, err
		}
		s.networkHead, s.contiguous, s.contiguousSet = head, head, ok
		s.m.networkHead.Set(float64(head))
	}
	if s.topic, err = p.Router.Register(HeaderTopic(p.Network, s.isProducer)); err != nil {
		return nil, err
	}
	if s.fraud, err = p.Router.Register(FraudTopic(s.headerRoot)); err != nil {
		return nil, err
	}
	var attesters func(common.Address) bool
	if len(p.Config.Attesters) > 0 {
		set := map[common.Address]bool{}
		for _, a := range p.Config.Attesters {
			set[common.HexToAddress(a)] = true
		}
		attesters = func(a common.Address) bool { return set[a] }
	}
	head := func() uint64 { s.mu.Lock(); defer s.mu.Unlock(); return s.networkHead }
	if s.attest, err = p.Router.Register(AttestTopic(p.ChainID, s.headerRoot, head, attesters)); err != nil {
		return nil, err
	}
	s.lproto = LineProtocol(p.Network)
	if p.Full {
		ServeSamples(s.svc, s.proto, s.store)
		ServeHeaders(s.svc, s.hproto, s.store)
		ServeLines(s.svc, s.lproto, s.store)
	}
	if p.Reg != nil {
		if err := s.m.register(p.Reg); err != nil {
			return nil, err
		}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if p.Host != nil {
		s.bs = NewBitswap(s.ctx, p.Host, p.Network, s.store, p.Full)
	}
	return s, nil
}

func (s *Service) isProducer(id peer.ID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.producers[id]
}

func (s *Service) headerRoot(height uint64) (erasure.Hash, bool) {
	h, err := s.store.Header(height)
	if err != nil {
		return erasure.Hash{}, false
	}
	return h.Root, true
}

// Start follows headers and fraud proofs.
func (s *Service) Start() error {
	sub, err := s.topic.Subscribe()
	if err != nil {
		return err
	}
	fsub, err := s.fraud.Subscribe()
	if err != nil {
		sub.Cancel()
		return err
	}
	asub, err := s.attest.Subscribe()
	if err != nil {
		sub.Cancel()
		fsub.Cancel()
		return err
	}
	s.wg.Add(5)
	go s.follow(sub, func(m *gossip.Message) { s.onHeader(m.Decoded.(*DAHeader)) })
	go s.follow(fsub, func(m *gossip.Message) { s.onFraud(m.Decoded.(FraudMessage)) })
	go s.follow(asub, func(m *gossip.Message) { s.onAttestation(m.Decoded.(Attestation)) })
	go s.prune()
	go s.pollHeaders()
	return nil
}

// follow hands every message of a subscription to handle until Close.
func (s *Service) follow(sub *gossip.Subscription, handle func(*gossip.Message)) {
	defer s.wg.Done()
	defer sub.Cancel()
	for {
		m, err := sub.Next(s.ctx)
		if err != nil {
			return
		}
		handle(m)
	}
}

// onAttestation stores an attestation for the header it matches, or holds
// it (bounded) until its header arrives.
func (s *Service) onAttestation(a Attestation) {
	if root, ok := s.headerRoot(a.Height); ok {
		if root == a.Root {
			s.storeAttestation(a)
		}
		return
	}
	s.mu.Lock()
	if len(s.pendingAtt) < maxPendingHeights && len(s.pendingAtt[a.Height]) < maxAttestersPerHeight {
		s.pendingAtt[a.Height] = append(s.pendingAtt[a.Height], a)
	}
	s.mu.Unlock()
}

// Bounds on attestations kept per height, and on heights whose attestations
// wait for their header.
const (
	maxAttestersPerHeight = 256
	maxPendingHeights     = 32
)

func (s *Service) storeAttestation(a Attestation) {
	if n, err := s.store.AttestationCount(a.Height); err != nil || n >= maxAttestersPerHeight {
		return
	}
	if err := s.store.PutAttestation(a); err != nil {
		s.log.Warn("storing attestation failed", "height", a.Height, "err", err)
	}
}

// flushPendingAttestations stores the attestations that arrived before h.
func (s *Service) flushPendingAttestations(h *DAHeader) {
	s.mu.Lock()
	atts := s.pendingAtt[h.Height]
	delete(s.pendingAtt, h.Height)
	for height := range s.pendingAtt { // drop those left far behind
		if height+16 < h.Height {
			delete(s.pendingAtt, height)
		}
	}
	s.mu.Unlock()
	for _, a := range atts {
		if a.Root == h.Root {
			s.storeAttestation(a)
		}
	}
}

// attestStored signs and gossips that this node stores a square.
func (s *Service) attestStored(height uint64, root erasure.Hash) {
	a, err := SignAttestation(s.akey, s.chainID, height, root)
	if err != nil {
		s.log.Warn("attestation not signed", "height", height, "err", err)
		return
	}
	if err := s.store.PutAttestation(a); err != nil {
		s.log.Warn("storing attestation failed", "height", height, "err", err)
	}
	if err := s.attest.Publish(s.ctx, a.Marshal()); err != nil && s.ctx.Err() == nil {
		s.log.Warn("attestation not published", "height", height, "err", err)
	}
	s.m.attested.Inc()
}

// Attestations returns the availability attestations known for a height,
// for the relayer to carry to L1.
func (s *Service) Attestations(height uint64) ([]Attestation, error) {
	return s.store.Attestations(height)
}

// AttestationAddress is the address this node attests with (zero on light nodes).
func (s *Service) AttestationAddress() common.Address {
	if s.akey == nil {
		return common.Address{}
	}
	return crypto.PubkeyToAddress(s.akey.PublicKey)
}

// onFraud marks a height proven badly encoded: it is unavailable for good,
// and a DA node stops serving it.
func (s *Service) onFraud(m FraudMessage) {
	if err := s.store.MarkInvalid(m.Height, m.Root); err != nil {
		s.log.Warn("recording a fraud proof failed", "height", m.Height, "err", err)
	}
	if s.light {
		if err := s.store.PutVerdict(m.Height, sampling.Unavailable, time.Now()); err != nil {
			s.log.Warn("storing verdict failed", "height", m.Height, "err", err)
		}
		s.advanceCheckpoint()
	}
	s.mu.Lock()
	if !slices.Contains(s.invalid, m.Height) {
		s.invalid = append(s.invalid, m.Height)
	}
	s.mu.Unlock()
	s.m.fraud.Inc()
	s.log.Warn("bad encoding proven: height invalid", "height", m.Height, "axis", m.Proof.Axis, "index", m.Proof.Index)
}

// Close stops the service.
func (s *Service) Close() error {
	s.cancel()
	s.wg.Wait()
	if s.bs != nil {
		return s.bs.Close()
	}
	return nil
}

// onHeader handles a header from gossip or polling (catch-up stores and
// hands over the headers it fetches itself).
func (s *Service) onHeader(h *DAHeader) {
	// Gossip and polling both deliver headers: one at a time, so that the
	// first one alone sets the checkpoint (and a full node's watermark).
	s.headerMu.Lock()
	defer s.headerMu.Unlock()
	if !s.acceptHeader(h) {
		return
	}
	if s.full {
		s.startIngest(h) // before the gap's squares: it waits for a slot first
		s.fillGap(h.Height)
	}
	if s.light {
		// Catch-up first: on the first header it sets the checkpoint, which
		// the verdict of this height must find in place to move it.
		s.catchUp(h.Height)
		s.startSampling(h)
	}
}

// acceptHeader stores a header (the first one at a height stands), stores
// the attestations that arrived before it, and raises the network head. It
// reports whether the header is the one stored.
func (s *Service) acceptHeader(h *DAHeader) bool {
	if err := s.store.PutHeader(h, time.Now()); err != nil {
		if errors.Is(err, ErrConflict) {
			s.log.Warn("producer equivocated: a second header at a height; the first one stands", "height", h.Height, "producer", h.Producer)
		} else {
			s.log.Warn("storing DA header failed", "height", h.Height, "err", err)
		}
		return false
	}
	s.flushPendingAttestations(h)
	s.raiseHead(h.Height)
	return true
}

// raiseHead records a height as known; the poll goes quiet while the head rises.
func (s *Service) raiseHead(height uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if height > s.networkHead {
		s.networkHead, s.lastHead = height, time.Now()
		s.m.networkHead.Set(float64(height))
	}
}

// otherPeers lists the DA peers, best first, without this node.
func (s *Service) otherPeers() []peer.ID {
	var out []peer.ID
	for _, p := range s.peers() {
		if p != s.self {
			out = append(out, p)
		}
	}
	return out
}

// maxSampling bounds the heights a light node samples at once, maxIngest
// the squares a DA node ingests at once.
const (
	maxSampling = 8
	maxIngest   = 2
)

// startSampling samples a header in the background unless it already has
// a verdict or is being sampled.
func (s *Service) startSampling(h *DAHeader) {
	if v, err := s.store.Verdict(h.Height); err == nil && v != sampling.Pending {
		return
	}
	s.mu.Lock()
	if s.inFlight[h.Height] {
		s.mu.Unlock()
		return
	}
	s.inFlight[h.Height] = true
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { s.mu.Lock(); delete(s.inFlight, h.Height); s.mu.Unlock() }()
		s.sample(h)
	}()
}

// sampling reports whether a height is being sampled.
func (s *Service) sampling(height uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight[height]
}

// advanceCheckpoint moves the checkpoint over every height that has a verdict.
func (s *Service) advanceCheckpoint() {
	s.cpMu.Lock()
	defer s.cpMu.Unlock()
	cp, ok, err := s.store.Checkpoint()
	if err != nil || !ok {
		return
	}
	next := cp
	for {
		v, err := s.store.Verdict(next + 1)
		if err != nil || v == sampling.Pending {
			break
		}
		next++
	}
	if next != cp {
		if err := s.store.SetCheckpoint(next); err != nil {
			s.log.Warn("writing the DA checkpoint failed", "err", err)
		}
	}
}

// Publish extends data, stores the square and announces its header: the
// producer's side (the sequencer leader's, once batches exist).
func (s *Service) Publish(ctx context.Context, height uint64, data []byte) (*DAHeader, error) {
	return s.publish(ctx, height, data, nil)
}

// PublishWithholding is Publish by a producer that keeps the shares for
// which drop is true to itself: an adversary, for tests and the simulator.
func (s *Service) PublishWithholding(ctx context.Context, height uint64, data []byte, drop func(r, c int) bool) (*DAHeader, error) {
	return s.publish(ctx, height, data, drop)
}

func (s *Service) publish(ctx context.Context, height uint64, data []byte, drop func(r, c int) bool) (*DAHeader, error) {
	if !s.full {
		return nil, errors.New("das: only a full DA node publishes squares")
	}
	sq, err := erasure.Extend(data)
	if err != nil {
		return nil, err
	}
	return s.publishSquare(ctx, height, sq, drop)
}

// tamperedSquares marks squares handed to publishTampered.
func (s *Service) tampered(sq *erasure.Square) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cheats[sq]
}

// publishTampered announces a square whose shares were tampered with after
// extension (erasure.Square.Tamper): a cheating producer, for tests and the
// simulator's adversaries.
func (s *Service) publishTampered(ctx context.Context, height uint64, sq *erasure.Square) (*DAHeader, error) {
	s.mu.Lock()
	if s.cheats == nil {
		s.cheats = map[*erasure.Square]bool{}
	}
	s.cheats[sq] = true
	s.mu.Unlock()
	return s.publishSquare(ctx, height, sq, nil)
}

// publishSquare stores and announces an already extended square. Only the
// squares of Publish are persisted; a withheld or tampered one (a cheating
// producer, for tests and the simulator) is only held in memory and served
// as it is.
func (s *Service) publishSquare(ctx context.Context, height uint64, sq *erasure.Square, drop func(r, c int) bool) (*DAHeader, error) {
	h, err := NewHeader(s.network, height, sq, s.key)
	if err != nil {
		return nil, err
	}
	switch {
	case drop != nil:
		s.store.HoldPartial(sq.Withhold(drop))
	case s.tampered(sq):
		s.store.HoldPartial(sq)
	default:
		if err := s.store.PutSquare(sq); err != nil {
			return nil, err
		}
		defer s.attestStored(height, sq.Root) // after the header is out
	}
	if err := s.store.PutHeader(h, time.Now()); err != nil {
		return nil, err
	}
	s.raiseHead(height) // its own header: nothing to poll for
	if err := s.topic.Publish(ctx, h.Marshal()); err != nil {
		return nil, err
	}
	return h, nil
}

// sample samples a header until it has a verdict: rounds of at most
// sample_timeout, repeated with a growing pause while the outcome is
// undecided (peers slow, busy or still ingesting), and records the verdict.
func (s *Service) sample(h *DAHeader) {
	start := time.Now()
	pause := 5 * time.Second
	var v sampling.Verdict
	for {
		// DA nodes first; the producer, which holds what it published, last.
		var peers []peer.ID
		for _, p := range s.peers() {
			if p != h.Producer && p != s.self {
				peers = append(peers, p)
			}
		}
		peers = append(peers, h.Producer)
		// The semaphore is held for a round, not across the pauses between
		// rounds, so stuck heights do not starve new ones.
		select {
		case s.sem <- struct{}{}:
		case <-s.ctx.Done():
			return
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.SampleTimeout.Std())
		var err error
		hdr := Header{Height: h.Height, Root: h.Root, K: h.K}
		var fallback fallbackFetch
		if s.bs != nil {
			fallback = func(ctx context.Context, c sampling.Coord) (Sample, error) {
				return fetchByBitswap(ctx, s.bs, hdr, h.Rows, h.Cols, c)
			}
		}
		v, err = sampleHeader(ctx, s.tracker, &s.trackerMu, s.svc, s.proto, peers, hdr, s.lat, fallback)
		cancel()
		<-s.sem
		if s.ctx.Err() != nil {
			return // shutting down: the height stays pending
		}
		if err == nil {
			break
		}
		if !errors.Is(err, ErrUndecided) {
			s.log.Warn("sampling failed", "height", h.Height, "err", err)
			return
		}
		s.log.Info("sampling undecided, trying again", "height", h.Height, "in", pause)
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(pause):
			pause = min(2*pause, 5*time.Minute)
		}
	}
	s.m.sampleSeconds.Observe(time.Since(start).Seconds())
	if s.store.Invalid(h.Root) {
		v = sampling.Unavailable // a fraud proof arrived while sampling: it wins
	}
	// Status first, then the stored verdict: whoever sees the verdict
	// finds Status already showing it.
	s.mu.Lock()
	if v == sampling.Available {
		s.sampledHead = max(s.sampledHead, h.Height)
		s.m.sampledHead.Set(float64(s.sampledHead))
	} else {
		s.failed = append(s.failed, h.Height)
		if len(s.failed) > 100 {
			s.failed = s.failed[1:]
		}
	}
	s.mu.Unlock()
	if err := s.store.PutVerdict(h.Height, v, time.Now()); err != nil {
		s.log.Warn("storing verdict failed", "height", h.Height, "err", err)
	}
	s.m.verdicts.WithLabelValues(v.String()).Inc()
	s.advanceCheckpoint()
	s.trackerMu.Lock()
	s.tracker.Forget(sampling.Key{Height: h.Height, Root: h.Root})
	s.trackerMu.Unlock()
	lvl := slog.LevelInfo
	if v != sampling.Available {
		lvl = slog.LevelWarn
	}
	s.log.Log(s.ctx, lvl, "data availability", "height", h.Height, "verdict", v.String(), "k", h.K, "took", time.Since(start).Round(time.Millisecond))
}

func (s *Service) prune() {
	defer s.wg.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case now := <-t.C:
			if n, err := s.store.Prune(now.Add(-s.cfg.PruningWindow.Std())); err != nil {
				s.log.Warn("DA store prune failed", "err", err)
			} else if n > 0 {
				s.log.Info("DA store pruned", "heights", n)
			}
		}
	}
}

// Status is what a light or DA node knows, for /das and `l2node status`.
type Status struct {
	NetworkHead    uint64   `json:"network_head"`
	Checkpoint     uint64   `json:"checkpoint,omitempty"`
	SampledHead    uint64   `json:"sampled_head"`
	FailedHeights  []uint64 `json:"failed_heights,omitempty"`
	InvalidHeights []uint64 `json:"invalid_heights,omitempty"`
}

// Status reports the heads and recent failures.
func (s *Service) Status() Status {
	cp, _, _ := s.store.Checkpoint()
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Checkpoint: cp, NetworkHead: s.networkHead, SampledHead: s.sampledHead, FailedHeights: slices.Clone(s.failed), InvalidHeights: slices.Clone(s.invalid)}
}

// Verdict returns a height's stored verdict.
func (s *Service) Verdict(height uint64) (sampling.Verdict, error) { return s.store.Verdict(height) }

type metrics struct {
	networkHead, sampledHead prometheus.Gauge
	verdicts, ingested       *prometheus.CounterVec
	sampleSeconds            prometheus.Histogram
	fraud, attested          prometheus.Counter
}

func newMetrics() *metrics {
	return &metrics{
		networkHead: prometheus.NewGauge(prometheus.GaugeOpts{Name: "l2_das_network_head", Help: "Highest DA header height seen."}),
		sampledHead: prometheus.NewGauge(prometheus.GaugeOpts{Name: "l2_das_sampled_head", Help: "Highest height this light node found available."}),
		verdicts:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_das_heights_total", Help: "Sampled heights by verdict."}, []string{"verdict"}),
		ingested:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "l2_das_squares_total", Help: "Squares a DA node ingested, by result (stored, incomplete, bad_encoding)."}, []string{"result"}),
		attested:    prometheus.NewCounter(prometheus.CounterOpts{Name: "l2_das_attestations_signed_total", Help: "Availability attestations this DA node signed."}),
		fraud:       prometheus.NewCounter(prometheus.CounterOpts{Name: "l2_das_fraud_proofs_total", Help: "Bad-encoding fraud proofs accepted (heights marked invalid)."}),
		sampleSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "l2_das_sample_seconds", Help: "Time to sample one header.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12)}),
	}
}

func (m *metrics) register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{m.networkHead, m.sampledHead, m.verdicts, m.ingested, m.sampleSeconds, m.fraud, m.attested} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("das: register metrics: %w", err)
		}
	}
	return nil
}
