package simulation

import (
	"math"
	"time"

	"github.com/l2node/l2node/gossip"
)

// Adversaries with peers of their own: the eclipse (attacker peers that
// become all of a target's connections and drop or delay its traffic) and
// the sybils (peers that join the meshes, relay nothing and spam). Their
// nodes exist from the start, after the honest ones, but are down until
// the adversary starts; they subscribe to every topic. Propagation metrics
// count honest receivers only; bandwidth.csv lists the adversaries' nodes
// under their roles, attacker and sybil.

// attacker is one adversary's state.
type attacker struct {
	a      *Adversary
	ix     int        // the adversary's index in the scenario
	nodes  []*netNode // its peers
	target *netNode   // eclipse: the node cut off
	cut    []int32    // eclipse: the target's connections before

	dropped, passed int   // eclipse: transfers to or from the target dropped, passed on
	spamSent        int   // sybil: spam transfers sent
	spamBytes       int64 // sybil: their bytes
	honestBytes     int64 // bytes honest nodes sent to its peers (past their uplinks, before loss)
	inMesh          []meshCount
	scored          bool // penalized and graylisted are counted
	penalized       int  // sybil: (honest node, sybil) pairs with a negative score when the attack ended
	graylisted      int  // of them, below the graylist threshold
}

// snapshotScores counts, as the attack ends, the honest nodes' verdicts on
// the sybils.
func (g *gossipNet) snapshotScores(at *attacker) {
	at.scored = true
	for _, n := range g.nodes {
		if n.adv != nil || n.scores == nil {
			continue
		}
		for _, x := range at.nodes {
			if s := g.score(n, x.id); s < 0 {
				at.penalized++
				if s < scoreThresholds.GraylistThreshold {
					at.graylisted++
				}
			}
		}
	}
}

// meshCount is, at one instant, how many honest meshes hold one of the
// adversary's peers.
type meshCount struct {
	at    time.Duration
	slots int
}

// addAttackers appends the adversaries' peers: eclipse attackers in the
// target's region with 1 Gbit/s links (an attacker picks well-placed,
// well-provisioned hosts), sybils spread over the regions at 100 Mbit/s.
func (net *network) addAttackers(s *Scenario) {
	for i := range s.Adversaries {
		a := &s.Adversaries[i]
		if a.Kind != "eclipse" && a.Kind != "sybil" {
			continue
		}
		at := &attacker{a: a, ix: i}
		role, region, bps := "sybil", -1, 100e6
		if a.Kind == "eclipse" {
			_, t, _ := s.node(a.Target)
			at.target = net.nodes[t]
			role, region, bps = "attacker", at.target.region, 1e9
		}
		for k := range a.Nodes {
			r := region
			if r < 0 {
				r = k % len(net.lat)
			}
			n := &netNode{id: int32(len(net.nodes)), role: role, region: r, up: bps, down: bps, dead: true, adv: at, group: -1}
			at.nodes = append(at.nodes, n)
			net.nodes = append(net.nodes, n)
		}
		net.attackers = append(net.attackers, at)
	}
}

// interfere is what an eclipse attacker does to a transfer between itself
// and its target: drop it (with the adversary's drop probability) or hold
// it for its delay. GRAFT and PRUNE pass: the attackers keep the target's
// connections and meshes to themselves.
func (net *network) interfere(a, b *netNode, k int) (drop bool, held time.Duration) {
	x, other := a, b
	if x.adv == nil {
		x, other = b, a
	}
	at := x.adv
	if other.adv != nil || at.target != other || net.kinds[k] == "graft" || net.kinds[k] == "prune" {
		return false, 0
	}
	if p := at.a.Drop; p >= 1 || (p > 0 && net.e.rng.Float64() < p) {
		at.dropped++
		return true, 0
	}
	at.passed++
	return false, time.Duration(at.a.Delay)
}

// startEclipse cuts the target's connections and surrounds it with the
// attackers, each of which also connects to honest peers to hear the
// network. The target grafts them at once, as its heartbeat would.
func (g *gossipNet) startEclipse(at *attacker) {
	t := at.target
	at.cut = append([]int32(nil), t.conns...)
	for _, c := range at.cut {
		g.unlink(t, g.nodes[c])
	}
	t.eclipsed = at
	for _, x := range at.nodes {
		g.arriveExcept(x, t)
		g.link(x, t)
		g.graftAll(x, t)
	}
	if !t.dead {
		g.join(t)
	}
}

// stopEclipse takes the attackers off and gives the target back the
// connections it had that are still up; it grafts at once.
func (g *gossipNet) stopEclipse(at *attacker) {
	t := at.target
	for _, x := range at.nodes {
		g.leave(x)
	}
	t.eclipsed = nil
	for _, c := range at.cut {
		if o := g.nodes[c]; !o.dead {
			g.link(t, o)
		}
	}
	if !t.dead {
		g.join(t)
	}
}

// arriveExcept brings an adversary's peer up, connected to peers random
// live honest subscribers of each topic but not to skip, grafting D of them.
func (g *gossipNet) arriveExcept(x, skip *netNode) {
	x.dead = false
	x.upFree, x.downFree = g.e.now, g.e.now
	for _, pt := range x.topics {
		if pt == nil {
			continue
		}
		for _, o := range g.drawNodes(pt.t.subs, g.p.Peers, func(o *netNode) bool {
			return o != skip && !o.dead && o.adv == nil && o.eclipsed == nil && !x.connected(o.id)
		}) {
			g.link(x, o)
		}
	}
	g.join(x)
}

// graftAll has x graft o on every topic both joined (x keeps o in its
// mesh whatever o answers).
func (g *gossipNet) graftAll(x, o *netNode) {
	for ix, px := range x.topics {
		if po := o.topics[ix]; px != nil && po != nil && !contains(px.mesh, po) {
			px.mesh = append(px.mesh, po)
			g.sendGraft(px, po)
		}
	}
}

// startSybils brings the sybils up: each connects to peers random live
// honest subscribers of the topic it spams (and so to theirs of the other
// topics), grafts every one of them on every topic, and spams at its rate.
func (g *gossipNet) startSybils(at *attacker) {
	t := g.topicNamed(at.a.Topic)
	for _, x := range at.nodes {
		x.dead = false
		x.upFree, x.downFree = g.e.now, g.e.now
		for _, o := range g.drawNodes(t.subs, g.p.Peers, func(o *netNode) bool { return !o.dead && o.adv == nil && o.eclipsed == nil }) {
			g.link(x, o)
			g.graftAll(x, o)
		}
		if at.a.Rate > 0 {
			g.spamFrom(x, at, t)
		}
	}
	g.countMeshes(at)
}

// stopSybils counts the honest nodes' verdicts on the sybils, then takes
// them off the network.
func (g *gossipNet) stopSybils(at *attacker) {
	g.snapshotScores(at)
	for _, x := range at.nodes {
		g.leave(x)
	}
	g.countMeshes(at)
}

// topicNamed finds a topic by name (the check of the scenario made sure it
// exists).
func (g *gossipNet) topicNamed(name string) *topic {
	for _, t := range g.topics {
		if t.name == name {
			return t
		}
	}
	return g.topics[0]
}

// spamFrom sends x's spam to every peer it has on t, at Poisson times.
// Invalid spam is a message no honest validator accepts; duplicate spam
// is a copy of one of the last messages of the topic, which honest peers
// drop as seen (pubsub scores no penalty for that).
func (g *gossipNet) spamFrom(x *netNode, at *attacker, t *topic) {
	var next func()
	next = func() {
		if x.dead {
			return
		}
		px := x.topics[t.ix]
		switch {
		case at.a.Spam == "invalid":
			size := at.a.Size + msgBytes + t.wire
			for _, q := range px.peers {
				at.spamSent++
				at.spamBytes += int64(size)
				g.send(x, q.n, g.kSpam, size, false, func() { g.onSpam(q, px) })
			}
		case len(t.msgs) > 0:
			dup := t.msgs[len(t.msgs)-1-g.e.rng.IntN(min(len(t.msgs), 16))]
			for _, q := range px.peers {
				at.spamSent++
				at.spamBytes += int64(dup.size)
				g.sendMsg(px, q, dup)
			}
		}
		g.e.at(g.e.now+time.Duration(g.e.rng.ExpFloat64()/at.a.Rate*float64(time.Second)), next)
	}
	g.e.at(g.e.now+time.Duration(g.e.rng.ExpFloat64()/at.a.Rate*float64(time.Second)), next)
}

// onSpam is an invalid message arriving at pt from a peer: unless the
// peer is graylisted (its RPCs are ignored unread), validation rejects it
// and the peer's score takes the topic's invalid-message penalty.
func (g *gossipNet) onSpam(pt, from *peerTopic) {
	if g.graylisted(pt.n, from.n) {
		return
	}
	pt.n.penalize(from.n.id, pt.t, g.e.now)
}

// countMeshes samples how many honest meshes hold one of the adversary's
// peers.
func (g *gossipNet) countMeshes(at *attacker) {
	slots := 0
	for _, x := range at.nodes {
		for _, px := range x.topics {
			if px == nil {
				continue
			}
			for _, q := range px.peers {
				if q.n.adv == nil && contains(q.mesh, px) {
					slots++
				}
			}
		}
	}
	at.inMesh = append(at.inMesh, meshCount{at: g.e.now, slots: slots})
}

// Peer scoring: the part of the node's peer score (gossip/scoring.go) that
// honest peers never move: P4, invalid message deliveries, weighted per
// topic as the topic's owner declares it and decaying with a 70 s
// half-life (continuously here, per second in pubsub). The positive terms
// (time in mesh, first deliveries) and P5-P7 are left out: they are the
// same for every honest peer, and a sybil earns none of them.
const invalidHalfLife = 70 * time.Second

// Thresholds of the node's gossip configuration.
var scoreThresholds = gossip.DefaultConfig()

// peerScores is a node's P4 counters of the peers that sent it invalid
// messages.
type peerScores struct {
	by map[int32]*peerScore
}

type peerScore struct {
	invalid []float64 // by topic index
	at      time.Duration
}

func (n *netNode) penalize(q int32, t *topic, now time.Duration) {
	if n.scores == nil {
		n.scores = &peerScores{by: map[int32]*peerScore{}}
	}
	ps := n.scores.by[q]
	if ps == nil {
		ps = &peerScore{at: now}
		n.scores.by[q] = ps
	}
	ps.decay(now)
	for len(ps.invalid) <= t.ix {
		ps.invalid = append(ps.invalid, 0)
	}
	ps.invalid[t.ix]++
}

func (ps *peerScore) decay(now time.Duration) {
	if now <= ps.at {
		return
	}
	f := math.Exp2(-float64(now-ps.at) / float64(invalidHalfLife))
	for i := range ps.invalid {
		ps.invalid[i] *= f
	}
	ps.at = now
}

// score is n's score of peer q: Σ over topics of the topic's invalid
// weight × the squared count.
func (g *gossipNet) score(n *netNode, q int32) float64 {
	if n.scores == nil {
		return 0
	}
	ps := n.scores.by[q]
	if ps == nil {
		return 0
	}
	ps.decay(g.e.now)
	s := 0.0
	for ix, c := range ps.invalid {
		s += g.topics[ix].invalidWeight * c * c
	}
	return s
}

// graylisted reports whether n ignores everything from q.
func (g *gossipNet) graylisted(n, q *netNode) bool {
	return n.scores != nil && g.score(n, q.id) < scoreThresholds.GraylistThreshold
}

// sampleMeshes counts, every heartbeat while the sybils are up, the honest
// mesh slots they hold.
func (sim *seqSim) sampleMeshes(at *attacker) {
	var tick func()
	tick = func() {
		if at.a.active(sim.e.now) {
			sim.net.countMeshes(at)
		}
		sim.e.at(sim.e.now+time.Duration(sim.s.Gossip.Heartbeat), tick)
	}
	sim.e.at(time.Duration(at.a.At)+time.Duration(sim.s.Gossip.Heartbeat), tick)
}
