package simulation

import (
	"slices"
	"time"

	"github.com/l2node/l2node/das/sampling"
)

// EclipseInfo is one eclipse in metrics.json: what the target saw during
// the eclipse, against the rest of the run.
type EclipseInfo struct {
	Target       string         `json:"target"`
	Attackers    int            `json:"attackers"`
	AtSeconds    float64        `json:"at_s"`
	UntilSeconds float64        `json:"until_s"` // the end of the run if the eclipse lasts
	Dropped      int            `json:"dropped"` // transfers to or from the target the attackers dropped
	Passed       int            `json:"passed"`  // and passed on, after the delay
	Topics       []EclipseTopic `json:"topics"`  // each topic the target joined
	DAS          *EclipseDAS    `json:"das,omitempty"`
	FinalLag     *EclipseLag    `json:"final_lag,omitempty"`
}

// EclipseTopic compares the target's receipt of one topic's messages
// published during the eclipse and outside it (by other nodes, while the
// target was up).
type EclipseTopic struct {
	Topic   string      `json:"topic"`
	During  EclipseView `json:"during"`
	Outside EclipseView `json:"outside"`
}

// EclipseView is how many messages reached the target and how late.
type EclipseView struct {
	Messages int         `json:"messages"`
	Reached  int         `json:"reached"`                     // while the eclipse lasted (during), at all (outside)
	Late     int         `json:"reached_after_end,omitempty"` // during: reached only after the eclipse ended
	Delay    Percentiles `json:"delay_ms"`                    // publication → receipt at the target, of those reached
}

// EclipseDAS is a light target's verdicts on the squares published during
// the eclipse and outside it.
type EclipseDAS struct {
	During  DASView `json:"during"`
	Outside DASView `json:"outside"`
}

// DASView counts one light node's verdicts.
type DASView struct {
	Squares     int `json:"squares"`        // published
	Available   int `json:"available"`      // verdicts
	Unavailable int `json:"unavailable"`    // verdicts (on squares nobody withheld: false alarms)
	Withheld    int `json:"withheld"`       // squares really withheld
	Late        int `json:"late,omitempty"` // during: verdicts on headers that came only after the eclipse ended
}

// EclipseLag is a sequencer target's delay behind the network: a final
// block's finality at the target minus its finality at half the
// sequencers, for blocks final during the eclipse and outside it.
type EclipseLag struct {
	During       Percentiles `json:"during_ms"`
	Outside      Percentiles `json:"outside_ms"`
	MissedDuring int         `json:"missed_during"` // blocks final at half the sequencers during the eclipse that the target never finalized
}

// SybilInfo is one sybil attack in metrics.json.
type SybilInfo struct {
	Nodes           int     `json:"nodes"`
	Topic           string  `json:"topic"`
	Spam            string  `json:"spam"`
	AtSeconds       float64 `json:"at_s"`
	UntilSeconds    float64 `json:"until_s"`
	SpamSent        int     `json:"spam_sent"`             // spam transfers, to every connected honest peer
	SpamBytes       int64   `json:"spam_bytes"`            // their bytes
	HonestBytes     int64   `json:"honest_bytes_out"`      // bytes honest nodes sent the sybils (messages forwarded into their mesh slots, control)
	MeshSlotsPeak   int     `json:"mesh_slots_peak"`       // honest mesh slots (node, topic) held by a sybil, at most
	MeshSlotsEnd    int     `json:"mesh_slots_end"`        // and at the last count before the attack ended
	MeshFreeSeconds float64 `json:"mesh_free_at_s"`        // first count (every heartbeat) with no sybil in an honest mesh; -1: never
	SpamPerNode     float64 `json:"spam_bytes_per_node_s"` // spam bytes per honest subscriber of the topic and second of the attack
	Penalized       int     `json:"penalized_pairs"`       // (honest node, sybil) pairs with a negative score as the attack ended
	Graylisted      int     `json:"graylisted_pairs"`      // of them, below the graylist threshold
	Connections     int     `json:"honest_connections"`    // (honest node, sybil) connections opened
}

// attackResults fills in the eclipse and sybil metrics.
func (sim *seqSim) attackResults(m *Metrics) {
	end := time.Duration(sim.s.Duration)
	names := sim.net.nodeNames()
	for _, at := range sim.net.attackers {
		from, until := time.Duration(at.a.At), time.Duration(at.a.Until)
		if until == 0 || until > end {
			until = end
		}
		if at.target != nil {
			m.Eclipses = append(m.Eclipses, sim.eclipseInfo(at, from, until, names))
			continue
		}
		si := SybilInfo{Nodes: len(at.nodes), Topic: at.a.Topic, Spam: at.a.Spam, AtSeconds: from.Seconds(), UntilSeconds: until.Seconds(),
			SpamSent: at.spamSent, SpamBytes: at.spamBytes, HonestBytes: at.honestBytes, MeshFreeSeconds: -1}
		for _, c := range at.inMesh {
			si.MeshSlotsPeak = max(si.MeshSlotsPeak, c.slots)
			if c.at < until {
				si.MeshSlotsEnd = c.slots
				if c.slots == 0 && si.MeshFreeSeconds < 0 && c.at > from {
					si.MeshFreeSeconds = c.at.Seconds()
				}
			}
		}
		if !at.scored {
			sim.net.snapshotScores(at)
		}
		si.Penalized, si.Graylisted = at.penalized, at.graylisted
		for _, n := range sim.net.nodes {
			if n.adv != nil {
				continue
			}
			for _, x := range at.nodes {
				if slices.Contains(x.conns, n.id) || (n.scores != nil && n.scores.by[x.id] != nil) {
					si.Connections++
				}
			}
		}
		honest := 0
		for _, id := range sim.net.topicNamed(at.a.Topic).subs {
			if sim.net.nodes[id].adv == nil {
				honest++
			}
		}
		if secs := (until - from).Seconds(); honest > 0 && secs > 0 {
			si.SpamPerNode = float64(at.spamBytes) / float64(honest) / secs
		}
		m.Sybils = append(m.Sybils, si)
	}
}

func (sim *seqSim) eclipseInfo(at *attacker, from, until time.Duration, names []string) EclipseInfo {
	t := at.target
	in := func(x time.Duration) bool { return x >= from && x < until }
	info := EclipseInfo{Target: names[t.id], Attackers: len(at.nodes), AtSeconds: from.Seconds(), UntilSeconds: until.Seconds(),
		Dropped: at.dropped, Passed: at.passed, Topics: []EclipseTopic{}}
	for _, tp := range sim.net.topics {
		pt := t.topics[tp.ix]
		if pt == nil {
			continue
		}
		var during, outside []time.Duration
		et := EclipseTopic{Topic: tp.name}
		for _, msg := range tp.msgs {
			if msg.from == t.id || sim.net.nodes[msg.from].adv != nil {
				continue
			}
			v, ds := &et.Outside, &outside
			if in(msg.at) {
				v, ds = &et.During, &during
			}
			v.Messages++
			switch got := msg.got[pt.si]; {
			case got < 0:
			case v == &et.During && got >= until:
				v.Late++
			default:
				v.Reached++
				*ds = append(*ds, got-msg.at)
			}
		}
		et.During.Delay, et.Outside.Delay = percentiles(during), percentiles(outside)
		info.Topics = append(info.Topics, et)
	}
	if ln := t.light; ln != nil {
		d := &EclipseDAS{}
		for _, sq := range sim.das.squares {
			v := &d.Outside
			if in(sq.published) {
				v = &d.During
			}
			v.Squares++
			if sq.fraction > 0 {
				v.Withheld++
			}
		}
		for _, lv := range ln.seen {
			v := &d.Outside
			if in(lv.sq.published) {
				v = &d.During
			}
			switch {
			case v == &d.During && lv.got >= until:
				v.Late++
			case lv.verdict == sampling.Available:
				v.Available++
			case lv.verdict == sampling.Unavailable:
				v.Unavailable++
			}
		}
		info.DAS = d
	}
	if sn := t.seq; sn != nil {
		lag := &EclipseLag{}
		var during, outside []time.Duration
		for _, h := range sim.order {
			st := sim.blocks[h]
			if !slices.ContainsFunc(st.finalAt, func(x time.Duration) bool { return x > 0 }) {
				continue
			}
			half := finalHalf(st, len(sim.nodes))
			mine := st.finalAt[sn.i]
			switch {
			case mine == 0 && in(half):
				lag.MissedDuring++
			case mine == 0:
			case in(half):
				during = append(during, mine-half)
			default:
				outside = append(outside, mine-half)
			}
		}
		lag.During, lag.Outside = percentiles(during), percentiles(outside)
		info.FinalLag = lag
	}
	return info
}
