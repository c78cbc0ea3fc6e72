package simulation

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// GossipMetrics is the gossip part of metrics.json.
type GossipMetrics struct {
	Topics []TopicMetrics `json:"topics"`
	Roles  []RoleTraffic  `json:"bandwidth_by_role"`
}

// TopicMetrics summarizes the messages of one topic. The reach times are
// from publication to the first receipt at 50/90/99/100% of the topic's
// subscribers that were live when it was published (the publisher not
// counted); each distribution is over the messages that got that far.
type TopicMetrics struct {
	Name              string      `json:"name"`
	Subscribers       int         `json:"subscribers"`
	Messages          int         `json:"messages"`
	Complete          int         `json:"complete"` // messages that reached every live subscriber
	Reach50           Percentiles `json:"reach_50_ms"`
	Reach90           Percentiles `json:"reach_90_ms"`
	Reach99           Percentiles `json:"reach_99_ms"`
	Reach100          Percentiles `json:"reach_100_ms"`
	Duplicates        int         `json:"duplicates"`          // copies received after the first, every node
	DuplicatesPerNode float64     `json:"duplicates_per_node"` // per message and receiving node
	IWantCopies       int         `json:"iwant_copies"`        // copies sent in reply to IWANT
}

// RoleTraffic is the mean traffic of a node of one role.
type RoleTraffic struct {
	Role        string  `json:"role"`
	Nodes       int     `json:"nodes"`
	UpBps       float64 `json:"up_bytes_per_s"`
	DownBps     float64 `json:"down_bytes_per_s"`
	ControlUp   float64 `json:"control_up_bytes_per_s"` // IHAVE, IWANT, IDONTWANT, GRAFT, PRUNE
	ControlDown float64 `json:"control_down_bytes_per_s"`
}

// curve is a mean propagation curve: at each delay, the mean fraction of
// the live subscribers a message of one topic and kind has reached.
type curve struct {
	name string
	xs   []float64 // ms
	ys   []float64
}

// propagation writes propagation.csv (one row per message) and the gossip
// metrics, and returns the curves for propagation-cdf.svg.
func (g *gossipNet) propagation(m *Metrics) (string, []curve) {
	gm := &GossipMetrics{Topics: []TopicMetrics{}}
	m.Gossip = gm
	var b strings.Builder
	b.WriteString("topic,id,kind,publisher,published_ms,targets,reached,reach_50_ms,reach_90_ms,reach_99_ms,reach_100_ms,duplicates,duplicates_per_node,iwant_copies\n")
	names := g.nodeNames()
	var curves []curve
	for _, t := range g.topics {
		honest := 0
		for _, id := range t.subs {
			if g.nodes[id].adv == nil {
				honest++
			}
		}
		tm := TopicMetrics{Name: t.name, Subscribers: honest, Messages: len(t.msgs)}
		var r50, r90, r99, r100 []time.Duration
		receivers := 0
		delays := map[int][][]time.Duration{} // by kind, each message's sorted delays
		var kinds []int
		for _, msg := range t.msgs {
			var ds []time.Duration
			for si, at := range msg.got {
				if at >= 0 && t.subs[si] != msg.from && g.nodes[t.subs[si]].adv == nil {
					ds = append(ds, at-msg.at)
				}
			}
			slices.Sort(ds)
			reach := func(f float64) (time.Duration, string) {
				need := int(f*float64(msg.targets) + 0.999999)
				if msg.targets == 0 || need > len(ds) {
					return 0, ""
				}
				d := ds[max(need, 1)-1]
				return d, ms(d)
			}
			cells := make([]string, 4)
			for i, f := range []float64{0.5, 0.9, 0.99, 1} {
				d, cell := reach(f)
				cells[i] = cell
				if cell != "" {
					dst := [](*[]time.Duration){&r50, &r90, &r99, &r100}[i]
					*dst = append(*dst, d)
				}
			}
			if cells[3] != "" {
				tm.Complete++
			}
			perNode := 0.0
			if len(ds) > 0 {
				perNode = float64(msg.dups) / float64(len(ds))
			}
			receivers += len(ds)
			tm.Duplicates += msg.dups
			tm.IWantCopies += msg.iwanted
			fmt.Fprintf(&b, "%s,%d,%s,%s,%s,%d,%d,%s,%s,%s,%s,%d,%.3f,%d\n", t.name, msg.id, g.kinds[msg.kind], names[msg.from],
				ms(msg.at), msg.targets, len(ds), cells[0], cells[1], cells[2], cells[3], msg.dups, perNode, msg.iwanted)
			if msg.targets > 0 {
				if _, ok := delays[msg.kind]; !ok {
					kinds = append(kinds, msg.kind)
				}
				delays[msg.kind] = append(delays[msg.kind], append(ds, time.Duration(msg.targets))) // last: the target count
			}
		}
		tm.Reach50, tm.Reach90, tm.Reach99, tm.Reach100 = percentiles(r50), percentiles(r90), percentiles(r99), percentiles(r100)
		if receivers > 0 {
			tm.DuplicatesPerNode = float64(tm.Duplicates) / float64(receivers)
		}
		gm.Topics = append(gm.Topics, tm)
		for _, k := range kinds {
			name := t.name
			if g.kinds[k] != t.name {
				name += " " + g.kinds[k]
			}
			curves = append(curves, meanCurve(name, delays[k]))
		}
	}
	return b.String(), curves
}

// meanCurve averages the fraction reached over the messages, on 200 steps
// up to the slowest receipt. Each entry of msgs is a message's sorted
// delays followed by its target count.
func meanCurve(name string, msgs [][]time.Duration) curve {
	var end time.Duration
	for _, ds := range msgs {
		if len(ds) > 1 {
			end = max(end, ds[len(ds)-2])
		}
	}
	c := curve{name: name}
	const steps = 200
	for i := 0; i <= steps; i++ {
		x := time.Duration(int64(end) * int64(i) / steps)
		sum := 0.0
		for _, ds := range msgs {
			n := len(ds) - 1
			got, _ := slices.BinarySearch(ds[:n], x+1)
			sum += float64(got) / float64(ds[n])
		}
		c.xs = append(c.xs, millis(x))
		c.ys = append(c.ys, sum/float64(len(msgs)))
	}
	return c
}

// nodeNames names the nodes by role: seq0, da3, light17.
func (net *network) nodeNames() []string {
	short := map[string]string{"sequencer": "seq", "da": "da", "light": "light", "attacker": "attacker", "sybil": "sybil"}
	seen := map[string]int{}
	names := make([]string, len(net.nodes))
	for i, n := range net.nodes {
		names[i] = fmt.Sprintf("%s%d", short[n.role], seen[n.role])
		seen[n.role]++
	}
	return names
}

// controlKinds are the gossip control traffic kinds.
var controlKinds = []string{"ihave", "iwant", "idontwant", "graft", "prune"}

// bandwidth writes bandwidth.csv (one row per node: bytes up and down, in
// total and by kind) and the per-role means in the metrics.
func (net *network) bandwidth(m *Metrics, d time.Duration) (string, []RoleTraffic) {
	kinds := slices.Clone(net.kinds)
	slices.Sort(kinds)
	var b strings.Builder
	b.WriteString("role,node,up_bytes,down_bytes")
	for _, k := range kinds {
		fmt.Fprintf(&b, ",%s_up,%s_down", k, k)
	}
	b.WriteString("\n")
	names := net.nodeNames()
	byRole := map[string]*RoleTraffic{}
	var roles []string
	at := func(v []int64, k int) int64 {
		if k < len(v) {
			return v[k]
		}
		return 0
	}
	for i, n := range net.nodes {
		var up, down, cup, cdown int64
		for k := range net.kinds {
			up += at(n.sent, k)
			down += at(n.recv, k)
			if slices.Contains(controlKinds, net.kinds[k]) {
				cup += at(n.sent, k)
				cdown += at(n.recv, k)
			}
		}
		fmt.Fprintf(&b, "%s,%s,%d,%d", n.role, names[i], up, down)
		for _, name := range kinds {
			k := net.kindIx[name]
			fmt.Fprintf(&b, ",%d,%d", at(n.sent, k), at(n.recv, k))
		}
		b.WriteString("\n")
		rt := byRole[n.role]
		if rt == nil {
			rt = &RoleTraffic{Role: n.role}
			byRole[n.role] = rt
			roles = append(roles, n.role)
		}
		rt.Nodes++
		rt.UpBps += float64(up)
		rt.DownBps += float64(down)
		rt.ControlUp += float64(cup)
		rt.ControlDown += float64(cdown)
	}
	var out []RoleTraffic
	for _, r := range roles {
		rt := byRole[r]
		f := float64(rt.Nodes) * d.Seconds()
		rt.UpBps, rt.DownBps, rt.ControlUp, rt.ControlDown = rt.UpBps/f, rt.DownBps/f, rt.ControlUp/f, rt.ControlDown/f
		out = append(out, *rt)
	}
	if m.Gossip == nil {
		m.Gossip = &GossipMetrics{}
	}
	m.Gossip.Roles = out
	return b.String(), out
}
