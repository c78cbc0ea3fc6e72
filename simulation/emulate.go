package simulation

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	mocknet "github.com/libp2p/go-libp2p/p2p/net/mock"
	ma "github.com/multiformats/go-multiaddr"
	"go.yaml.in/yaml/v3"

	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/internal/units"
	"github.com/l2node/l2node/p2p"
)

// Emulation calibrates the GossipSub model: the scenario's network at small
// scale on real libp2p hosts (go-libp2p's in-process mock network, with a
// latency and a bandwidth cap per link) running the node's own gossip
// router (gossip.New: go-libp2p-pubsub's GossipSub with the node's
// parameters), in real time. The model runs the scenario first; its
// connection graph and its publications (publisher, time, topic, size) are
// then replayed on the real stack, so the two propagation.csv files
// describe the same messages, row by row.

// DefaultEmulateMaxNodes is the largest scenario Emulate runs unless told
// otherwise: wall-clock emulation on a small machine stays faithful only
// while the hosts leave the CPUs idle most of the time.
const DefaultEmulateMaxNodes = 100

// emulateHardLimit bounds EmulateOptions.MaxNodes: beyond a few hundred real
// hosts in real time, CPU contention, not the network, sets the latencies.
const emulateHardLimit = 300

// emulateNetwork is the network name in the emulated topic strings.
const emulateNetwork = "sim"

// ErrNotEmulable marks a scenario the emulation cannot run faithfully.
var ErrNotEmulable = errors.New("scenario cannot be emulated")

// EmulateOptions adjust Emulate.
type EmulateOptions struct {
	MaxNodes int           // refuse larger scenarios; 0: DefaultEmulateMaxNodes
	Duration time.Duration // publications replayed; 0: the scenario's duration
	Warmup   time.Duration // before the first publication; 0: 4 heartbeats
	Drain    time.Duration // at most this long after the last publication; 0: max(5s, 10 heartbeats)
	// MockLatency puts each link's latency into mocknet's link options
	// instead of the receiving end of each stream: mocknet holds a Write
	// until the previous one has arrived, which throttles bursts (kept to
	// measure that effect; docs/simulator.md).
	MockLatency bool
	Log         *slog.Logger // the routers' and the emulation's log; nil: discarded
	Progress    io.Writer    // progress lines, if not nil
}

// EmulationMetrics is the emulation's metrics.json.
type EmulationMetrics struct {
	Mode          string  `json:"mode"` // "emulation"
	Seed          uint64  `json:"seed"`
	Nodes         int     `json:"nodes"`
	Links         int     `json:"links"`
	Seconds       float64 `json:"seconds"`        // publications replayed
	WarmupSeconds float64 `json:"warmup_seconds"` // from connecting to the first publication
	WallSeconds   float64 `json:"wall_seconds"`
	Published     int     `json:"published"`
	Expected      int     `json:"expected_deliveries"` // subscribers (publisher not counted), summed over messages
	Delivered     int     `json:"delivered"`
	// PublishLag is how late each publication left against the model's
	// schedule: the emulation's own timing error.
	PublishLag    Percentiles        `json:"publish_lag_ms"`
	BytesReceived map[string]float64 `json:"pubsub_bytes_received_per_node_by_role"` // RPC bytes per node, mean by role
	Gossip        *GossipMetrics     `json:"gossip"`
	Transport     string             `json:"transport"`
	LinkLatency   string             `json:"link_latency"` // "receive-side" or "mocknet"
	CPUs          int                `json:"cpus"`
	LoadAverage   string             `json:"load_average,omitempty"` // the machine's, when the run began (Linux)
	Caveats       []string           `json:"caveats"`
}

// loadAverage is the machine's load average, where the system tells it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// emulationCaveats are what the emulation's network does not do as the
// model's does; metrics.json repeats them.
var emulationCaveats = []string{
	"bandwidth is capped per link (the lower of the two ends' uplink and downlink rates), not shared across a node's connections as in the model, and the mock link lets a second's worth of bytes through in a burst",
	"jitter is drawn once per link, not per message: a stream does not reorder",
	"the publications are the model's (publisher, time, topic, size), replayed open loop: consensus does not react to the emulated delays",
	"iwant_copies counts the message's IDs asked for by IWANT, not the copies sent in reply",
	"real time on a shared machine: scheduling delays add to every hop",
}

// CheckEmulate reports why s cannot be emulated with at most maxNodes hosts
// (0: DefaultEmulateMaxNodes), or nil.
func CheckEmulate(s *Scenario, maxNodes int) error {
	if maxNodes == 0 {
		maxNodes = DefaultEmulateMaxNodes
	}
	if maxNodes < 2 || maxNodes > emulateHardLimit {
		return fmt.Errorf("%w: nodes-max %d: want 2 to %d (real hosts in real time)", ErrNotEmulable, maxNodes, emulateHardLimit)
	}
	nodes := 0
	for i, g := range s.Groups {
		nodes += g.Count
		if g.Churn != (Churn{}) {
			return fmt.Errorf("%w: groups[%d].churn: the emulation runs a static network; remove the churn section", ErrNotEmulable, i)
		}
	}
	if nodes > maxNodes {
		return fmt.Errorf("%w: %d nodes, more than the %d real hosts the emulation runs (nodes-max); scale the groups down", ErrNotEmulable, nodes, maxNodes)
	}
	if len(s.Adversaries) > 0 {
		return fmt.Errorf("%w: adversaries[0] (%s): the emulation runs honest nodes only; remove the adversaries section", ErrNotEmulable, s.Adversaries[0].Kind)
	}
	if s.Loss > 0 {
		return fmt.Errorf("%w: loss %g: the mock network's streams are reliable, as TCP and QUIC are (a lost packet becomes a retransmission delay); set loss: 0", ErrNotEmulable, s.Loss)
	}
	d := DefaultGossipParams()
	switch {
	case s.Gossip.GossipFactor != d.GossipFactor:
		return fmt.Errorf("%w: gossip.gossip_factor %g: the node's router keeps pubsub's %g", ErrNotEmulable, s.Gossip.GossipFactor, d.GossipFactor)
	case s.Gossip.PruneBackoff != d.PruneBackoff:
		return fmt.Errorf("%w: gossip.prune_backoff %s: the node's router keeps pubsub's %s", ErrNotEmulable, time.Duration(s.Gossip.PruneBackoff), time.Duration(d.PruneBackoff))
	case s.Gossip.IDontWantThreshold != d.IDontWantThreshold:
		return fmt.Errorf("%w: gossip.idontwant_threshold: the node's router keeps pubsub's %d bytes", ErrNotEmulable, d.IDontWantThreshold)
	}
	if _, err := emulationGossipConfig(s); err != nil {
		return fmt.Errorf("%w: %w", ErrNotEmulable, err)
	}
	return nil
}

// emulationGossipConfig is the node's gossip configuration with the mesh,
// heartbeat and history of the scenario's gossip section.
func emulationGossipConfig(s *Scenario) (gossip.Config, error) {
	c := gossip.DefaultConfig()
	g := s.Gossip
	c.D, c.Dlo, c.Dhi, c.Dlazy = g.D, g.Dlo, g.Dhi, g.Dlazy
	c.Heartbeat = units.Duration(g.Heartbeat)
	c.HistoryLength, c.HistoryGossip = g.HistoryLength, g.HistoryGossip
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("the node's router refuses the scenario's gossip section: %w", err)
	}
	return c, nil
}

// tracedMsg is one publication of the model, replayed.
type tracedMsg struct {
	m       *gmsg
	payload []byte // trace index (4 bytes) and seeded random bytes
	si      []int  // by node: its subscriber index on the topic, -1 if none
	pubAt   time.Time
	got     []time.Time // by subscriber index: first delivery
}

// emuNode is one real host with the node's gossip router.
type emuNode struct {
	h       host.Host
	r       *gossip.Router
	handles map[int]*gossip.Handle // by topic index
	subs    []*gossip.Subscription
}

// Emulate runs s at small scale on real libp2p hosts and writes to dir:
// scenario.yaml (as run), propagation.csv in the model's format,
// metrics.json and propagation-cdf.svg.
func Emulate(s *Scenario, dir string, opts EmulateOptions) (*EmulationMetrics, error) {
	sc := *s
	if opts.Duration > 0 {
		sc.Duration = Duration(opts.Duration)
	}
	if err := CheckEmulate(&sc, opts.MaxNodes); err != nil {
		return nil, err
	}
	cfg, err := emulationGossipConfig(&sc)
	if err != nil {
		return nil, err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e, m, err := emulate(&sc, cfg, log, opts)
	if err != nil {
		return nil, err
	}
	return m, e.write(dir, m)
}

// emulate runs the model for its trace, then the emulation.
func emulate(sc *Scenario, cfg gossip.Config, log *slog.Logger, opts EmulateOptions) (*emulation, *EmulationMetrics, error) {
	hb := time.Duration(sc.Gossip.Heartbeat)
	if opts.Warmup == 0 {
		opts.Warmup = 4 * hb
	}
	if opts.Drain == 0 {
		opts.Drain = max(5*time.Second, 10*hb)
	}
	// The model fixes the connection graph and the publications.
	sim, err := newSeqSim(sc, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("emulate: model: %w", err)
	}
	sim.run()
	e := &emulation{s: sc, sim: sim, cfg: cfg, log: log, opts: opts, trace: traceOf(sim, sc.Seed)}
	wall, load := time.Now(), loadAverage()
	if err := e.start(); err != nil {
		e.stop()
		return nil, nil, err
	}
	warm := e.warmUp()
	lags := e.replay()
	e.drain()
	e.stop()
	m := e.results(warm, lags, time.Since(wall))
	m.LoadAverage = load
	return e, m, nil
}

// traceOf lists the model's publications in time order, each with its
// payload: 4 bytes of trace index, then seeded random bytes up to the
// model's payload size (random, so snappy leaves the size as it is).
func traceOf(sim *seqSim, seed uint64) []*tracedMsg {
	rng := rand.New(rand.NewPCG(seed, 0x656d756c61746521))
	nodes := sim.net.nodes
	var trace []*tracedMsg
	for _, t := range sim.net.topics {
		si := make([]int, len(nodes))
		for i, n := range nodes {
			si[i] = -1
			if pt := n.topics[t.ix]; pt != nil {
				si[i] = pt.si
			}
		}
		for _, m := range t.msgs {
			trace = append(trace, &tracedMsg{m: m, si: si, got: make([]time.Time, len(t.subs))})
		}
	}
	slices.SortStableFunc(trace, func(a, b *tracedMsg) int { return cmp.Compare(a.m.at, b.m.at) })
	for i, tm := range trace {
		size := max(tm.m.size-msgBytes-tm.m.t.wire, 4)
		p := make([]byte, size)
		for j := 4; j < size; j++ {
			p[j] = byte(rng.Uint32())
		}
		binary.BigEndian.PutUint32(p, uint32(i))
		tm.payload = p
	}
	return trace
}

// emulation is one run on the mock network.
type emulation struct {
	s     *Scenario
	sim   *seqSim
	cfg   gossip.Config
	log   *slog.Logger
	opts  EmulateOptions
	trace []*tracedMsg

	mn        mocknet.Mocknet
	nodes     []*emuNode
	tap       *wireTap
	links     int
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	delivered atomic.Int64
	expected  int

	csv    string  // propagation.csv, once results ran
	curves []curve // for propagation-cdf.svg
}

func (e *emulation) progress(format string, args ...any) {
	if e.opts.Progress != nil {
		fmt.Fprintf(e.opts.Progress, format+"\n", args...)
	}
}

// topicCaps are the payload caps of the emulated topics: the largest
// payload of each, with room to spare.
func (e *emulation) topicCaps() []int {
	caps := make([]int, len(e.sim.net.topics))
	for i := range caps {
		caps[i] = 1024
	}
	for _, tm := range e.trace {
		caps[tm.m.t.ix] = max(caps[tm.m.t.ix], 2*len(tm.payload))
	}
	return caps
}

// start makes a host per node, links them as the model connected them,
// starts a router on each with the node's topics and subscriptions, and
// connects them.
func (e *emulation) start() error {
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.mn = mocknet.New()
	net := e.sim.net
	caps := e.topicCaps()
	full := map[string]int{}
	for _, t := range net.topics {
		full[gossip.Topic{Name: t.name, Version: 1}.FullName(emulateNetwork)] = caps[t.ix]
	}
	e.tap = newWireTap(len(net.nodes), full)
	var keySeed [32]byte
	binary.BigEndian.PutUint64(keySeed[:], e.s.Seed)
	keys := rand.NewChaCha8(keySeed) // host keys: the same peer IDs on every run
	for i := range net.nodes {
		// NB: each host gets its own IPv4 address, as real nodes have.
		// mocknet's default addresses share one IPv6 /64, which pubsub's
		// IP-colocation score counts as one site: beyond the node's
		// threshold every peer would score below zero and no mesh form.
		k, _, err := crypto.GenerateEd25519Key(keys)
		if err != nil {
			return fmt.Errorf("emulate: host key: %w", err)
		}
		addr, err := ma.NewMultiaddr(fmt.Sprintf("/ip4/10.%d.%d.%d/tcp/4242", (i>>16)&0xff, (i>>8)&0xff, i&0xff))
		if err != nil {
			return fmt.Errorf("emulate: host address: %w", err)
		}
		h, err := e.mn.AddPeer(k, addr)
		if err != nil {
			return fmt.Errorf("emulate: host: %w", err)
		}
		e.nodes = append(e.nodes, &emuNode{h: h, handles: map[int]*gossip.Handle{}})
		e.tap.peers[h.ID()] = i
	}
	if err := e.link(); err != nil {
		return err
	}
	for i, n := range e.nodes {
		rep := p2p.NewReputation(10*time.Minute, 100, time.Hour, e.log)
		r, err := gossip.New(&tappedHost{Host: n.h, tap: e.tap, node: i}, emulateNetwork, e.cfg, rep, gossip.WithLogger(e.log))
		if err != nil {
			return fmt.Errorf("emulate: router of node %d: %w", i, err)
		}
		n.r = r
		for _, t := range net.topics {
			if net.nodes[i].topics[t.ix] == nil {
				continue
			}
			hd, err := r.Register(gossip.Topic{Name: t.name, Version: 1, MaxPayload: caps[t.ix]})
			if err != nil {
				return fmt.Errorf("emulate: node %d: %w", i, err)
			}
			sub, err := hd.Subscribe()
			if err != nil {
				return fmt.Errorf("emulate: node %d: %w", i, err)
			}
			n.handles[t.ix], n.subs = hd, append(n.subs, sub)
			e.wg.Add(1)
			go e.receive(i, sub)
		}
	}
	for i, n := range net.nodes {
		for _, c := range n.conns {
			if int(c) <= i {
				continue
			}
			if _, err := e.mn.ConnectPeers(e.nodes[i].h.ID(), e.nodes[c].h.ID()); err != nil {
				return fmt.Errorf("emulate: connect %d and %d: %w", i, c, err)
			}
		}
	}
	for _, tm := range e.trace {
		for i, si := range tm.si {
			if si >= 0 && int32(i) != tm.m.from {
				e.expected++
			}
		}
	}
	e.progress("emulating %d nodes, %d links, %d messages", len(e.nodes), e.links, len(e.trace))
	return nil
}

// link gives each connection of the model a mock link with the lower of
// the ends' rates as its bandwidth, and the regions' one-way latency,
// jittered once per link from the seed: by default applied by the wire tap
// at the receiving end of each stream, each direction with its own matrix
// entry; with MockLatency, as mocknet's link latency (the mean of the two
// directions: a mock link has one).
func (e *emulation) link() error {
	net := e.sim.net
	rng := rand.New(rand.NewPCG(e.s.Seed, 0x6c696e6b73))
	if !e.opts.MockLatency {
		e.tap.latency = map[[2]int]time.Duration{}
	}
	for i, a := range net.nodes {
		for _, c := range a.conns {
			if int(c) <= i {
				continue
			}
			b := net.nodes[c]
			f := 1.0
			if e.s.Jitter > 0 {
				f += e.s.Jitter * (2*rng.Float64() - 1)
			}
			ab := time.Duration(float64(net.lat[a.region][b.region]) * f)
			ba := time.Duration(float64(net.lat[b.region][a.region]) * f)
			opts := mocknet.LinkOptions{Bandwidth: min(a.up, a.down, b.up, b.down) / 8}
			if e.opts.MockLatency {
				opts.Latency = (ab + ba) / 2
			} else {
				e.tap.latency[[2]int{i, int(c)}], e.tap.latency[[2]int{int(c), i}] = ab, ba
			}
			l, err := e.mn.LinkPeers(e.nodes[i].h.ID(), e.nodes[c].h.ID())
			if err != nil {
				return fmt.Errorf("emulate: link %d and %d: %w", i, c, err)
			}
			l.SetOptions(opts)
			e.links++
		}
	}
	return nil
}

// receive records the first delivery of each traced message at node i.
func (e *emulation) receive(i int, sub *gossip.Subscription) {
	defer e.wg.Done()
	for {
		m, err := sub.Next(e.ctx)
		if err != nil {
			return
		}
		at := time.Now()
		if len(m.Payload) < 4 {
			continue
		}
		idx := binary.BigEndian.Uint32(m.Payload)
		if int(idx) >= len(e.trace) {
			continue
		}
		tm := e.trace[idx]
		si := tm.si[i]
		if si < 0 || !tm.got[si].IsZero() {
			continue
		}
		tm.got[si] = at
		if int32(i) != tm.m.from {
			e.delivered.Add(1)
		}
	}
}

// warmUp waits the warm-up, then until every node has a mesh peer on each
// of its topics (at most 30 s more), and returns how long it took.
func (e *emulation) warmUp() time.Duration {
	start := time.Now()
	time.Sleep(e.opts.Warmup)
	deadline := start.Add(e.opts.Warmup + 30*time.Second)
	for {
		lonely := 0
		for _, n := range e.nodes {
			for _, hd := range n.handles {
				if hd.MeshPeers() == 0 && len(hd.Peers()) > 0 {
					lonely++
				}
			}
		}
		if lonely == 0 {
			break
		}
		if time.Now().After(deadline) {
			e.log.Warn("emulation: meshes incomplete after the warm-up", "lonely", lonely)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.progress("meshes formed after %s", time.Since(start).Round(time.Millisecond))
	return time.Since(start)
}

// replay publishes the trace at the model's times from its publishers and
// returns how late each publication left.
func (e *emulation) replay() []time.Duration {
	start := time.Now()
	lags := make([]time.Duration, 0, len(e.trace))
	for k, tm := range e.trace {
		due := start.Add(tm.m.at)
		time.Sleep(time.Until(due))
		hd := e.nodes[tm.m.from].handles[tm.m.t.ix]
		tm.pubAt = time.Now()
		lags = append(lags, tm.pubAt.Sub(due))
		if si := tm.si[tm.m.from]; si >= 0 {
			tm.got[si] = tm.pubAt
		}
		if err := hd.Publish(e.ctx, tm.payload); err != nil {
			e.log.Warn("emulation: publish", "message", k, "err", err)
		}
		if (k+1)%100 == 0 {
			e.progress("published %d of %d", k+1, len(e.trace))
		}
	}
	return lags
}

// drain waits for every delivery, or the drain time.
func (e *emulation) drain() {
	deadline := time.Now().Add(e.opts.Drain)
	for int(e.delivered.Load()) < e.expected && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	e.progress("%d of %d deliveries", e.delivered.Load(), e.expected)
}

// stop closes the routers, the hosts and the mock network, and waits for
// the receivers.
func (e *emulation) stop() {
	if e.cancel != nil {
		e.cancel()
	}
	if e.tap != nil {
		e.tap.freeze()
		close(e.tap.done)
	}
	for _, n := range e.nodes {
		for _, s := range n.subs {
			s.Cancel()
		}
		if n.r != nil {
			n.r.Close()
		}
	}
	if e.mn != nil {
		if err := e.mn.Close(); err != nil {
			e.log.Warn("emulation: close the mock network", "err", err)
		}
	}
	e.wg.Wait()
}

// results turns the deliveries into the model's message records and
// computes propagation.csv and the metrics from them with the model's own
// code.
func (e *emulation) results(warm time.Duration, lags []time.Duration, wall time.Duration) *EmulationMetrics {
	net := e.sim.net
	var start time.Time
	if len(e.trace) > 0 {
		start = e.trace[0].pubAt.Add(-e.trace[0].m.at)
	}
	topics := make([]*topic, len(net.topics))
	for i, t := range net.topics {
		c := *t
		c.msgs = nil
		topics[i] = &c
	}
	iw := e.tap.iwanted()
	for idx, tm := range e.trace {
		m := *tm.m
		m.t = topics[tm.m.t.ix]
		m.at = tm.pubAt.Sub(start)
		m.got = make([]time.Duration, len(tm.got))
		for si, at := range tm.got {
			m.got[si] = -1
			if !at.IsZero() {
				m.got[si] = at.Sub(start)
			}
		}
		m.dups, m.iwanted, m.asked = 0, iw[uint32(idx)], nil
		for i, si := range tm.si {
			c := e.tap.copies[i][uint32(idx)]
			switch {
			case si < 0:
			case int32(i) == tm.m.from:
				m.dups += c
			case c > 0:
				m.dups += c - 1
			}
		}
		m.t.msgs = append(m.t.msgs, &m)
	}
	g := &gossipNet{network: net.network, p: net.p, topics: topics}
	mm := &Metrics{}
	e.csv, e.curves = g.propagation(mm)

	byRole, count := map[string]float64{}, map[string]int{}
	for i, n := range net.nodes {
		byRole[n.role] += float64(e.tap.bytes[i])
		count[n.role]++
	}
	for r := range byRole {
		byRole[r] /= float64(count[r])
	}
	m := &EmulationMetrics{
		Mode: "emulation", Seed: e.s.Seed, Nodes: len(e.nodes), Links: e.links,
		Seconds: time.Duration(e.s.Duration).Seconds(), WarmupSeconds: warm.Seconds(), WallSeconds: wall.Seconds(),
		Published: len(e.trace), Expected: e.expected, Delivered: int(e.delivered.Load()),
		PublishLag: percentiles(lags), BytesReceived: byRole, Gossip: mm.Gossip,
		Transport:   "go-libp2p mocknet (p2p/net/mock), go-libp2p-pubsub GossipSub through the node's gossip router",
		LinkLatency: "receive-side", CPUs: runtime.NumCPU(),
		Caveats: emulationCaveats,
	}
	if e.opts.MockLatency {
		m.LinkLatency = "mocknet"
	}
	return m
}

// write writes the emulation's outputs.
func (e *emulation) write(dir string, m *EmulationMetrics) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("emulate: %w", err)
	}
	y, err := yaml.Marshal(e.s)
	if err != nil {
		return fmt.Errorf("emulate: scenario: %w", err)
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("emulate: metrics: %w", err)
	}
	files := map[string][]byte{"scenario.yaml": y, "metrics.json": append(js, '\n'), "propagation.csv": []byte(e.csv)}
	if len(e.curves) > 0 {
		p, err := propagationPlot(e.curves)
		if err != nil {
			return fmt.Errorf("emulate: plot: %w", err)
		}
		if files["propagation-cdf.svg"], err = renderSVG(p, plotW, plotH); err != nil {
			return fmt.Errorf("emulate: plot: %w", err)
		}
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("emulate: write %s: %w", name, err)
		}
	}
	return nil
}
