package simulation

import (
	"time"
)

// netNode is one peer of the simulated network, of any role: its links,
// its connections and the bytes it sent and received by kind of traffic.
type netNode struct {
	id       int32
	role     string
	region   int
	up, down float64       // bits per second
	upFree   time.Duration // the uplink is busy until then
	downFree time.Duration // the downlink likewise
	conns    []int32       // connected peers
	dead     bool
	epoch    uint32 // bumped at each crash: deliveries to an earlier life are dropped
	sent     []int64
	recv     []int64
	topics   []*peerTopic // by topic index; nil where not subscribed
	seq      *simNode     // the sequencer behind this peer, if any
	light    *lightNode   // the light node behind this peer, if any
	adv      *attacker    // the adversary running this peer, if it is one of theirs
	eclipsed *attacker    // the eclipse this node is the target of, while it lasts
	scores   *peerScores  // this node's scores of peers that sent it invalid messages
	group    int          // its group in the scenario (-1: an adversary's)
}

// network carries bytes between nodes: each node's uplink and downlink are
// FIFO queues of the node's bandwidth; between them a message takes the
// regions' one-way latency with jitter, or is lost (see send).
type network struct {
	e      *engine
	lat    [][]time.Duration
	jitter float64
	loss   float64
	nodes  []*netNode
	kinds  []string // traffic kinds, in order of first use
	kindIx map[string]int

	attackers []*attacker // the eclipse and sybil adversaries' peers
}

func newNetwork(s *Scenario, e *engine) *network {
	net := &network{e: e, jitter: s.Jitter, loss: s.Loss, kindIx: map[string]int{}}
	region := map[string]int{}
	for i, r := range s.Regions {
		region[r] = i
	}
	net.lat = make([][]time.Duration, len(s.Regions))
	for i, a := range s.Regions {
		net.lat[i] = make([]time.Duration, len(s.Regions))
		for j, b := range s.Regions {
			net.lat[i][j] = time.Duration(s.Latency[a][b])
		}
	}
	for gi, g := range s.Groups {
		for range g.Count {
			net.nodes = append(net.nodes, &netNode{id: int32(len(net.nodes)), role: g.Role, region: region[g.Region],
				up: float64(g.UplinkBps), down: float64(g.DownlinkBps), group: gi})
		}
	}
	net.addAttackers(s)
	return net
}

// kind is the index of a kind of traffic, by name.
func (net *network) kind(name string) int {
	if k, ok := net.kindIx[name]; ok {
		return k
	}
	net.kindIx[name] = len(net.kinds)
	net.kinds = append(net.kinds, name)
	return len(net.kinds) - 1
}

func count(v *[]int64, k int, n int) {
	for len(*v) <= k {
		*v = append(*v, 0)
	}
	(*v)[k] += int64(n)
}

// wireTime is how long size bytes take at bps bits per second.
func wireTime(size int, bps float64) time.Duration {
	return time.Duration(float64(size) * 8 / bps * float64(time.Second))
}

// latency is the one-way latency from a to b, with jitter.
func (net *network) latency(a, b *netNode) time.Duration {
	lat := net.lat[a.region][b.region]
	if net.jitter > 0 {
		lat = time.Duration(float64(lat) * (1 + net.jitter*(2*net.e.rng.Float64()-1)))
	}
	return lat
}

// send carries size bytes of kind k from a to b. They are serialized on a's
// uplink after what is queued there, or, if urgent, ahead of it (pubsub's
// priority queue for IDONTWANT; the queue behind moves back by as much).
// Each bit takes the latency, or the whole message is lost. The bits flow
// through b's downlink as they arrive, in order of arrival: the last one is
// in at the latest of the sender's last bit plus the latency, the first bit
// plus the time the message takes on b's downlink, and the end of what b
// was receiving before. Then deliver runs.
func (net *network) send(a, b *netNode, k int, size int, urgent bool, deliver func()) {
	now := net.e.now
	ser := wireTime(size, a.up)
	a.upFree = max(a.upFree, now) + ser
	done := a.upFree
	if urgent {
		done = now + ser
	}
	count(&a.sent, k, size)
	if net.loss > 0 && net.e.rng.Float64() < net.loss {
		return
	}
	var held time.Duration
	if a.adv != nil || b.adv != nil {
		if a.adv == nil {
			b.adv.honestBytes += int64(size)
		}
		var drop bool
		if drop, held = net.interfere(a, b, k); drop {
			return
		}
	}
	epoch := b.epoch
	lat := net.latency(a, b) + held
	first := done - ser + lat
	net.e.at(done+lat, func() {
		if b.dead || b.epoch != epoch {
			return
		}
		count(&b.recv, k, size)
		down := wireTime(size, b.down)
		end := max(net.e.now, first+down, b.downFree+down)
		b.downFree = end
		if end == net.e.now {
			deliver()
			return
		}
		net.e.at(end, func() {
			if !b.dead && b.epoch == epoch {
				deliver()
			}
		})
	})
}

// spend counts a send that can change nothing at b (an IHAVE of messages b
// has all seen): its bytes on both sides and its time on a's uplink, but no
// events, which keeps large runs fast.
func (net *network) spend(a, b *netNode, k int, size int) {
	a.upFree = max(a.upFree, net.e.now) + wireTime(size, a.up)
	count(&a.sent, k, size)
	if net.loss == 0 || net.e.rng.Float64() >= net.loss {
		count(&b.recv, k, size)
	}
}

// connected reports whether a and b share a connection.
func (a *netNode) connected(b int32) bool {
	for _, c := range a.conns {
		if c == b {
			return true
		}
	}
	return false
}

// connect gives each subscriber of each topic connections to
// min(peers, subscribers − 1) other subscribers of it, drawn at random,
// preferring those that still have fewer than peers: peers find each other
// by the roles they advertise, as the node's discovery does. Each topic
// draws its own connections (a node on two topics has up to twice as
// many), and a connection serves every topic both ends joined.
func (net *network) connect(topics []*topic, peers int) {
	rng := net.e.rng
	for _, t := range topics {
		// Adversaries' peers and nodes not yet up connect later.
		subs := make([]int32, 0, len(t.subs))
		for _, id := range t.subs {
			if n := net.nodes[id]; n.adv == nil && !n.dead {
				subs = append(subs, id)
			}
		}
		deg := make([]int, len(subs)) // connections made for this topic
		want := min(peers, len(subs)-1)
		for i, id := range subs {
			n := net.nodes[id]
			for tries := 0; deg[i] < want && tries < 100*want; tries++ {
				j := rng.IntN(len(subs))
				o := subs[j]
				if o == id || n.connected(o) || (deg[j] >= peers && tries < 20*want) {
					continue
				}
				n.conns = append(n.conns, o)
				net.nodes[o].conns = append(net.nodes[o].conns, id)
				deg[i]++
				deg[j]++
			}
		}
	}
	for _, t := range topics {
		for _, id := range t.subs {
			pt := net.nodes[id].topics[t.ix]
			for _, c := range net.nodes[id].conns {
				if q := net.nodes[c].topics[t.ix]; q != nil {
					pt.peers = append(pt.peers, q)
				}
			}
		}
	}
}
