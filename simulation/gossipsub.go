package simulation

import (
	"time"

	"github.com/l2node/l2node/gossip"
)

// The GossipSub model: go-libp2p-pubsub v0.17's router (GossipSub v1.1 with
// v1.2's IDONTWANT) on the simulated network, one mesh per topic. What it
// leaves out, because every simulated peer is honest and scores stay at 0:
// peer scoring, opportunistic grafting, the outbound quota D_out, peer
// exchange (the node turns it off), flood publishing (off in v0.17) and
// fanout (every publisher is subscribed). docs/simulator.md lists the
// parameters and the wire sizes.

// Wire sizes in bytes: protobuf RPC frames as pubsub writes them, with the
// node's 20-byte message IDs and StrictNoSign (no author, sequence number or
// signature in a message).
const (
	frameBytes = 8                         // length prefix, RPC and control field tags
	idBytes    = 2 + gossip.MessageIDLen   // one message ID with its tag and length
	msgBytes   = frameBytes + 4            // a message's framing, beside its topic and data
	pruneExtra = 3                         // a PRUNE's backoff field
	topicWire  = len("/l2/mainnet//1") + 2 // a topic ID field, without the topic's name
)

// topic is one GossipSub topic and the messages published on it.
type topic struct {
	name    string
	ix      int
	wire    int // bytes of its topic ID field
	subs    []int32
	msgs    []*gmsg
	deliver func(n *netNode, m *gmsg) // the application: first receipt at a live subscriber

	invalidWeight float64 // the P4 weight of its peer score
}

// invalidWeights are the topics' P4 weights as their owners declare them:
// sequencing's consensus and evidence topics and das's header topic -100,
// sequencing's transaction topic -10.
var invalidWeights = map[string]float64{"consensus": -100, "evidence": -100, "da_header": -100, "tx": -10}

// gmsg is one published message.
type gmsg struct {
	t       *topic
	id      uint32 // its place on the topic: its message ID in the model
	kind    int
	size    int // bytes on the wire, framing included
	from    int32
	at      time.Duration
	got     []time.Duration // first receipt by subscriber index; -1: not yet
	dups    int             // copies received after the first, by every node
	targets int             // live subscribers but the publisher, when published
	iwanted int             // copies sent in reply to IWANT
	asked   map[uint64]uint8
	payload any
}

// peerTopic is a node's router state on one topic.
type peerTopic struct {
	t        *topic
	n        *netNode
	si       int          // subscriber index in t.subs
	peers    []*peerTopic // connected subscribers
	mesh     []*peerTopic
	backoff  map[int32]time.Duration // no GRAFT to these before then
	cache    [][]*gmsg               // message cache: cache[0] is the newest heartbeat window
	unwanted map[uint64]int          // (peer, message) → heartbeats the IDONTWANT is kept
}

// gossipNet is the routers of every node over the network.
type gossipNet struct {
	*network
	p                                                 GossipParams
	topics                                            []*topic
	kIHave, kIWant, kIDontWant, kGraft, kPrune, kSpam int
	scratch                                           []*peerTopic
}

func newGossipNet(net *network, p GossipParams) *gossipNet {
	g := &gossipNet{network: net, p: p}
	g.kIHave, g.kIWant, g.kIDontWant = net.kind("ihave"), net.kind("iwant"), net.kind("idontwant")
	g.kGraft, g.kPrune = net.kind("graft"), net.kind("prune")
	if len(net.attackers) > 0 {
		g.kSpam = net.kind("spam")
	}
	return g
}

// addTopic subscribes the nodes that join reports true. Call it for every
// topic before start.
func (g *gossipNet) addTopic(name string, join func(n *netNode) bool, deliver func(*netNode, *gmsg)) *topic {
	t := &topic{name: name, ix: len(g.topics), wire: topicWire + len(name), deliver: deliver, invalidWeight: invalidWeights[name]}
	g.topics = append(g.topics, t)
	for _, n := range g.nodes {
		n.topics = append(n.topics, nil)
		if n.adv != nil || join(n) {
			n.topics[t.ix] = &peerTopic{t: t, n: n, si: len(t.subs), cache: make([][]*gmsg, g.p.HistoryLength)}
			t.subs = append(t.subs, n.id)
		}
	}
	return t
}

// start connects the nodes, has each join its topics (GRAFT to up to D
// peers, as pubsub's Join does) and starts its heartbeats at a random phase.
func (g *gossipNet) start() {
	g.connect(g.topics, g.p.Peers)
	hb := time.Duration(g.p.Heartbeat)
	for _, n := range g.nodes {
		g.join(n)
		phase := time.Duration(g.e.rng.Int64N(int64(hb)))
		var beat func()
		beat = func() {
			if !n.dead {
				g.heartbeat(n)
			}
			g.e.at(g.e.now+hb, beat)
		}
		g.e.at(phase, beat)
	}
}

func (g *gossipNet) join(n *netNode) {
	for _, pt := range n.topics {
		if pt == nil {
			continue
		}
		for _, q := range g.pick(pt.peers, g.p.D, func(q *peerTopic) bool { return !q.n.dead }) {
			pt.mesh = append(pt.mesh, q)
			g.sendGraft(pt, q)
		}
	}
}

// crash takes n off the network: its peers see the connection close and
// drop it from their meshes; it forgets its router state.
func (g *gossipNet) crash(n *netNode) {
	n.dead = true
	n.epoch++
	for _, pt := range n.topics {
		if pt == nil {
			continue
		}
		for _, q := range pt.peers {
			q.mesh = remove(q.mesh, pt)
		}
		pt.mesh, pt.backoff, pt.unwanted = nil, nil, nil
		pt.cache = make([][]*gmsg, g.p.HistoryLength)
	}
}

// restart reconnects n and has it join its topics again.
func (g *gossipNet) restart(n *netNode) {
	n.dead = false
	n.upFree, n.downFree = g.e.now, g.e.now
	g.join(n)
}

func remove(s []*peerTopic, x *peerTopic) []*peerTopic {
	for i, y := range s {
		if y == x {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}

func contains(s []*peerTopic, x *peerTopic) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// pick draws up to k of the peers that ok accepts, at random; the result is
// valid until the next call.
func (g *gossipNet) pick(peers []*peerTopic, k int, ok func(*peerTopic) bool) []*peerTopic {
	c := g.scratch[:0]
	for _, q := range peers {
		if ok(q) {
			c = append(c, q)
		}
	}
	if k < len(c) {
		for i := range k {
			j := i + g.e.rng.IntN(len(c)-i)
			c[i], c[j] = c[j], c[i]
		}
		c = c[:k]
	}
	g.scratch = c
	return c
}

// publish sends a new message from n to its mesh peers on t.
func (g *gossipNet) publish(n *netNode, t *topic, kind string, payloadSize int, payload any) *gmsg {
	return g.publishTo(n, t, kind, payloadSize, payload, nil)
}

// publishTo sends a new message from n to the mesh peers on t that to
// accepts (all, if to is nil): an equivocator sends each of its two
// proposals to half of its mesh.
func (g *gossipNet) publishTo(n *netNode, t *topic, kind string, payloadSize int, payload any, to func(q *netNode) bool) *gmsg {
	m := &gmsg{t: t, kind: g.kind(kind), size: payloadSize + msgBytes + t.wire, from: n.id, at: g.e.now,
		got: make([]time.Duration, len(t.subs)), payload: payload}
	for i := range m.got {
		m.got[i] = -1
	}
	for _, id := range t.subs {
		if o := g.nodes[id]; id != n.id && !o.dead && o.adv == nil {
			m.targets++
		}
	}
	m.id = uint32(len(t.msgs))
	t.msgs = append(t.msgs, m)
	pt := n.topics[t.ix]
	if pt == nil || n.dead {
		return m
	}
	m.got[pt.si] = g.e.now
	pt.cache[0] = append(pt.cache[0], m)
	for _, q := range pt.mesh {
		if to == nil || to(q.n) {
			g.sendMsg(pt, q, m)
		}
	}
	return m
}

func (g *gossipNet) sendMsg(from, to *peerTopic, m *gmsg) {
	g.send(from.n, to.n, m.kind, m.size, false, func() { g.onMessage(to, from, m) })
}

// onMessage is pubsub's receive path: drop a duplicate; else remember it,
// send IDONTWANT for a large one to the mesh (ahead of anything queued),
// hand it to the application and forward it to the mesh peers that have
// not said they do not want it.
func (g *gossipNet) onMessage(pt, from *peerTopic, m *gmsg) {
	if pt.n.scores != nil && g.graylisted(pt.n, from.n) {
		return
	}
	if m.got[pt.si] >= 0 {
		if pt.n.adv == nil {
			m.dups++
		}
		return
	}
	m.got[pt.si] = g.e.now
	if pt.n.adv != nil && pt.n.adv.target == nil {
		return // a sybil relays nothing
	}
	pt.cache[0] = append(pt.cache[0], m)
	if th := int(g.p.IDontWantThreshold); th >= 0 && m.size >= th {
		for _, q := range pt.mesh {
			switch {
			case q == from:
			case m.got[q.si] >= 0:
				// q has it and forwarded it when it came: the IDONTWANT
				// can change nothing there. Its bytes still count.
				g.spend(pt.n, q.n, g.kIDontWant, frameBytes+idBytes)
			default:
				g.send(pt.n, q.n, g.kIDontWant, frameBytes+idBytes, true, func() { g.onIDontWant(q, pt, m) })
			}
		}
	}
	if m.t.deliver != nil {
		m.t.deliver(pt.n, m)
	}
	for _, q := range pt.mesh {
		if q != from && !pt.isUnwanted(q, m) {
			g.sendMsg(pt, q, m)
		}
	}
}

func unwantedKey(q *peerTopic, m *gmsg) uint64 { return uint64(q.n.id)<<32 | uint64(m.id) }

func (pt *peerTopic) isUnwanted(q *peerTopic, m *gmsg) bool {
	if pt.unwanted == nil {
		return false
	}
	_, ok := pt.unwanted[unwantedKey(q, m)]
	return ok
}

func (g *gossipNet) onIDontWant(pt, from *peerTopic, m *gmsg) {
	if pt.unwanted == nil {
		pt.unwanted = map[uint64]int{}
	}
	pt.unwanted[unwantedKey(from, m)] = idontwantTTL
}

// heartbeat is pubsub's, per topic: mesh upkeep (graft up to D below D_lo,
// prune down to D at D_hi or above), IHAVE gossip of the newest
// history_gossip windows to max(D_lazy, gossip_factor × eligible) non-mesh
// peers, then the cache shifts and IDONTWANTs age.
func (g *gossipNet) heartbeat(n *netNode) {
	now := g.e.now
	if n.adv != nil && n.adv.target == nil {
		return // a sybil keeps its grafts and sends no gossip
	}
	for _, pt := range n.topics {
		if pt == nil {
			continue
		}
		if n.scores != nil {
			g.pruneNegative(pt)
		}
		if len(pt.mesh) < g.p.Dlo {
			for _, q := range g.pick(pt.peers, g.p.D-len(pt.mesh), func(q *peerTopic) bool {
				return !q.n.dead && !contains(pt.mesh, q) && !pt.backingOff(q, now) && g.score(n, q.n.id) >= 0
			}) {
				pt.mesh = append(pt.mesh, q)
				g.sendGraft(pt, q)
			}
		}
		if len(pt.mesh) >= g.p.Dhi {
			keep := append(g.scratch[:0], pt.mesh...)
			g.e.rng.Shuffle(len(keep), func(i, j int) { keep[i], keep[j] = keep[j], keep[i] })
			g.scratch = keep
			drop := append([]*peerTopic(nil), keep[g.p.D:]...)
			pt.mesh = append(pt.mesh[:0], keep[:g.p.D]...)
			for _, q := range drop {
				pt.addBackoff(q, now+time.Duration(g.p.PruneBackoff))
				g.send(n, q.n, g.kPrune, frameBytes+pt.t.wire+pruneExtra, false, func() { g.onPrune(q, pt) })
			}
		}
		g.emitGossip(pt)
		last := pt.cache[len(pt.cache)-1]
		copy(pt.cache[1:], pt.cache[:len(pt.cache)-1])
		pt.cache[0] = last[:0]
		for k, ttl := range pt.unwanted {
			if ttl <= 1 {
				delete(pt.unwanted, k)
			} else {
				pt.unwanted[k] = ttl - 1
			}
		}
	}
}

func (g *gossipNet) emitGossip(pt *peerTopic) {
	var ids []*gmsg
	for _, w := range pt.cache[:g.p.HistoryGossip] {
		ids = append(ids, w...)
	}
	if len(ids) == 0 {
		return
	}
	eligible := 0
	ok := func(q *peerTopic) bool {
		return !q.n.dead && !contains(pt.mesh, q) && (pt.n.scores == nil || g.score(pt.n, q.n.id) >= scoreThresholds.GossipThreshold)
	}
	for _, q := range pt.peers {
		if ok(q) {
			eligible++
		}
	}
	target := max(g.p.Dlazy, int(g.p.GossipFactor*float64(eligible)))
	size := frameBytes + pt.t.wire + idBytes*len(ids)
	for _, q := range g.pick(pt.peers, target, ok) {
		wants := false
		for _, m := range ids {
			if m.got[q.si] < 0 {
				wants = true
				break
			}
		}
		if !wants {
			g.spend(pt.n, q.n, g.kIHave, size)
			continue
		}
		g.send(pt.n, q.n, g.kIHave, size, false, func() { g.onIHave(q, pt, ids) })
	}
}

func (pt *peerTopic) backingOff(q *peerTopic, now time.Duration) bool {
	if pt.backoff == nil {
		return false
	}
	t, ok := pt.backoff[q.n.id]
	if ok && now >= t {
		delete(pt.backoff, q.n.id)
		return false
	}
	return ok
}

func (pt *peerTopic) addBackoff(q *peerTopic, until time.Duration) {
	if pt.backoff == nil {
		pt.backoff = map[int32]time.Duration{}
	}
	pt.backoff[q.n.id] = until
}

func (g *gossipNet) sendGraft(pt, q *peerTopic) {
	g.send(pt.n, q.n, g.kGraft, frameBytes+pt.t.wire, false, func() { g.onGraft(q, pt) })
}

// onGraft adds the peer to the mesh, unless it is backing off from it or
// the mesh is full (D_hi; the model has no outbound exemption): then it
// answers PRUNE.
func (g *gossipNet) onGraft(pt, from *peerTopic) {
	if contains(pt.mesh, from) || (pt.n.scores != nil && g.graylisted(pt.n, from.n)) {
		return
	}
	now := g.e.now
	if pt.backingOff(from, now) || len(pt.mesh) >= g.p.Dhi || g.score(pt.n, from.n.id) < 0 {
		pt.addBackoff(from, now+time.Duration(g.p.PruneBackoff))
		g.send(pt.n, from.n, g.kPrune, frameBytes+pt.t.wire+pruneExtra, false, func() { g.onPrune(from, pt) })
		return
	}
	pt.mesh = append(pt.mesh, from)
}

func (g *gossipNet) onPrune(pt, from *peerTopic) {
	pt.mesh = remove(pt.mesh, from)
	pt.addBackoff(from, g.e.now+time.Duration(g.p.PruneBackoff))
}

// onIHave asks, by IWANT, for the advertised messages not yet seen.
func (g *gossipNet) onIHave(pt, from *peerTopic, ids []*gmsg) {
	if (pt.n.scores != nil && g.score(pt.n, from.n.id) < scoreThresholds.GossipThreshold) || (pt.n.adv != nil && pt.n.adv.target == nil) {
		return
	}
	var want []*gmsg
	for _, m := range ids {
		if m.got[pt.si] < 0 {
			want = append(want, m)
		}
	}
	if len(want) == 0 {
		return
	}
	g.send(pt.n, from.n, g.kIWant, frameBytes+idBytes*len(want), false, func() { g.onIWant(from, pt, want) })
}

// onIWant sends the asked messages still in the cache, each at most
// gossipRetransmission times to one peer, and none the peer said it does
// not want.
func (g *gossipNet) onIWant(pt, from *peerTopic, want []*gmsg) {
	for _, m := range want {
		if pt.isUnwanted(from, m) || !pt.cached(m) {
			continue
		}
		if m.asked == nil {
			m.asked = map[uint64]uint8{}
		}
		k := uint64(pt.n.id)<<32 | uint64(from.n.id)
		if m.asked[k] >= gossipRetransmission {
			continue
		}
		m.asked[k]++
		m.iwanted++
		g.sendMsg(pt, from, m)
	}
}

func (pt *peerTopic) cached(m *gmsg) bool {
	for _, w := range pt.cache {
		for _, x := range w {
			if x == m {
				return true
			}
		}
	}
	return false
}

// pruneNegative is the heartbeat's first step with scoring: mesh peers
// with a negative score are pruned (and backed off from).
func (g *gossipNet) pruneNegative(pt *peerTopic) {
	for i := 0; i < len(pt.mesh); i++ {
		q := pt.mesh[i]
		if g.score(pt.n, q.n.id) >= 0 {
			continue
		}
		pt.mesh = append(pt.mesh[:i], pt.mesh[i+1:]...)
		i--
		pt.addBackoff(q, g.e.now+time.Duration(g.p.PruneBackoff))
		g.send(pt.n, q.n, g.kPrune, frameBytes+pt.t.wire+pruneExtra, false, func() { g.onPrune(q, pt) })
	}
}
