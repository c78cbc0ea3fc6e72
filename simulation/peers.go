package simulation

import "slices"

// Connections that open and close while a run goes on: nodes that join or
// leave (churn), attackers that surround a node (eclipse), sybils that
// join the meshes. At the start, network.connect draws the connections of
// every honest node that is up.

// link opens a connection between a and b: each becomes the other's peer
// on every topic both joined.
func (g *gossipNet) link(a, b *netNode) {
	if a == b || a.connected(b.id) {
		return
	}
	a.conns = append(a.conns, b.id)
	b.conns = append(b.conns, a.id)
	for ix, pa := range a.topics {
		if pb := b.topics[ix]; pa != nil && pb != nil {
			pa.peers = append(pa.peers, pb)
			pb.peers = append(pb.peers, pa)
		}
	}
}

// unlink closes the connection between a and b: each drops the other from
// its peers and meshes, as pubsub does when a connection closes.
func (g *gossipNet) unlink(a, b *netNode) {
	if !a.connected(b.id) {
		return
	}
	a.conns = slices.DeleteFunc(a.conns, func(c int32) bool { return c == b.id })
	b.conns = slices.DeleteFunc(b.conns, func(c int32) bool { return c == a.id })
	for ix, pa := range a.topics {
		if pb := b.topics[ix]; pa != nil && pb != nil {
			pa.peers, pa.mesh = remove(pa.peers, pb), remove(pa.mesh, pb)
			pb.peers, pb.mesh = remove(pb.peers, pa), remove(pb.mesh, pa)
		}
	}
}

// leave takes n off the network for good or until it joins again: its
// connections close, it forgets its router state, and what is on the way
// to it is lost.
func (g *gossipNet) leave(n *netNode) {
	for _, c := range slices.Clone(n.conns) {
		g.unlink(n, g.nodes[c])
	}
	g.crash(n)
}

// arrive brings n (back) onto the network with fresh connections: for each
// topic it joins, up to peers random live honest subscribers it is not yet
// connected to, as discovery finds them. Then it joins its topics.
func (g *gossipNet) arrive(n *netNode, peers int) {
	n.dead = false
	n.upFree, n.downFree = max(n.upFree, g.e.now), max(n.downFree, g.e.now)
	for _, pt := range n.topics {
		if pt == nil {
			continue
		}
		for _, o := range g.drawNodes(pt.t.subs, peers, func(o *netNode) bool {
			return o != n && !o.dead && o.adv == nil && o.eclipsed == nil && !n.connected(o.id)
		}) {
			g.link(n, o)
		}
	}
	g.join(n)
}

// drawNodes draws up to k of the nodes among ids that ok accepts, at
// random.
func (g *gossipNet) drawNodes(ids []int32, k int, ok func(*netNode) bool) []*netNode {
	var c []*netNode
	for _, id := range ids {
		if o := g.nodes[id]; ok(o) {
			c = append(c, o)
		}
	}
	if k < len(c) {
		for i := range k {
			j := i + g.e.rng.IntN(len(c)-i)
			c[i], c[j] = c[j], c[i]
		}
		c = c[:k]
	}
	return c
}
