package simulation

import (
	"fmt"
	"strings"
	"time"
)

// Churn: a group with a churn section has count nodes of which online are
// up at the start. Departures come as a Poisson process of leave_per_min
// per minute over the group, each taking a random node then online off the
// network (its connections close, its peers drop it from their meshes,
// what is on the way to it is lost); arrivals likewise at join_per_min,
// each bringing a random offline node back with fresh connections to live
// peers, grafting into its meshes at once. A rate finds no node to move
// when all are on (or off): that event is skipped.

// churnGroup is the churn state of one group.
type churnGroup struct {
	gi      int
	g       *Group
	nodes   []*netNode
	events  []churnEvent
	online  int
	minimum int
	area    float64 // ∫ online dt, in node-seconds
	last    time.Duration
}

type churnEvent struct {
	at     time.Duration
	node   *netNode
	leave  bool
	online int // after the event
}

// startChurn takes the groups' initially offline nodes down (before the
// network connects) and schedules departures and arrivals.
func (sim *seqSim) startChurn() {
	for gi := range sim.s.Groups {
		g := &sim.s.Groups[gi]
		if g.Churn == (Churn{}) {
			continue
		}
		cg := &churnGroup{gi: gi, g: g}
		for _, n := range sim.net.nodes {
			if n.group == gi {
				cg.nodes = append(cg.nodes, n)
			}
		}
		for _, i := range sim.e.rng.Perm(len(cg.nodes))[:len(cg.nodes)-g.Churn.Online] {
			cg.nodes[i].dead = true
		}
		cg.online, cg.minimum = g.Churn.Online, g.Churn.Online
		sim.churn = append(sim.churn, cg)
		sim.poisson(g.Churn.LeavePerMin/60, func() { sim.churnStep(cg, true) })
		sim.poisson(g.Churn.JoinPerMin/60, func() { sim.churnStep(cg, false) })
	}
}

// poisson runs fn at the times of a Poisson process of rate per second.
func (sim *seqSim) poisson(rate float64, fn func()) {
	if rate <= 0 {
		return
	}
	gap := func() time.Duration { return time.Duration(sim.e.rng.ExpFloat64() / rate * float64(time.Second)) }
	var next func()
	next = func() {
		fn()
		sim.e.at(sim.e.now+gap(), next)
	}
	sim.e.at(gap(), next)
}

// churnStep takes a random online node of the group off (leave) or brings
// a random offline one back.
func (sim *seqSim) churnStep(cg *churnGroup, leave bool) {
	var cands []*netNode
	for _, n := range cg.nodes {
		if n.dead != leave && n.eclipsed == nil {
			cands = append(cands, n)
		}
	}
	if len(cands) == 0 {
		return
	}
	n := cands[sim.e.rng.IntN(len(cands))]
	cg.area += float64(cg.online) * (sim.e.now - cg.last).Seconds()
	cg.last = sim.e.now
	if leave {
		sim.net.leave(n)
		cg.online--
	} else {
		sim.net.arrive(n, sim.s.Gossip.Peers)
		cg.online++
	}
	cg.minimum = min(cg.minimum, cg.online)
	cg.events = append(cg.events, churnEvent{at: sim.e.now, node: n, leave: leave, online: cg.online})
}

// ChurnInfo is one churning group in metrics.json.
type ChurnInfo struct {
	Group       int     `json:"group"`
	Role        string  `json:"role"`
	Region      string  `json:"region"`
	Count       int     `json:"count"`
	OnlineStart int     `json:"online_start"`
	Departures  int     `json:"departures"`
	Arrivals    int     `json:"arrivals"`
	OnlineMin   int     `json:"online_min"`
	OnlineMean  float64 `json:"online_mean"` // averaged over the run
	OnlineEnd   int     `json:"online_end"`
}

// churnResults fills in the churn metrics and returns churn.csv: one row
// per departure or arrival.
func (sim *seqSim) churnResults(m *Metrics) string {
	var b strings.Builder
	b.WriteString("at_ms,group,node,event,group_online\n")
	names := sim.net.nodeNames()
	end := time.Duration(sim.s.Duration)
	for _, cg := range sim.churn {
		ci := ChurnInfo{Group: cg.gi, Role: cg.g.Role, Region: cg.g.Region, Count: cg.g.Count, OnlineStart: cg.g.Churn.Online,
			OnlineMin: cg.minimum, OnlineEnd: cg.online}
		for _, ev := range cg.events {
			what := "join"
			if ev.leave {
				what = "leave"
				ci.Departures++
			} else {
				ci.Arrivals++
			}
			fmt.Fprintf(&b, "%s,%d,%s,%s,%d\n", ms(ev.at), cg.gi, names[ev.node.id], what, ev.online)
		}
		area := cg.area + float64(cg.online)*(end-cg.last).Seconds()
		ci.OnlineMean = area / end.Seconds()
		m.Churn = append(m.Churn, ci)
	}
	return b.String()
}
