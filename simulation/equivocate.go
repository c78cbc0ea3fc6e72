package simulation

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/l2node/l2node/sequencing"
	"github.com/l2node/l2node/sequencing/consensus"
)

// The equivocating leader: from its adversary's at to until, each view a
// chosen sequencer leads gets two conflicting proposals, both signed, sent
// to different halves of its mesh, and a vote for each. The rest of the
// node stays honest; its own core never learns of the second block (an
// honest core refuses to sign one). Honest sequencers judge both with the
// node's consensus core, which reports the pair as evidence (rd.Evidence);
// each node publishes its core's evidence on the evidence topic, as the
// node's driver does, so that the others learn of it even if they missed
// one of the proposals.

// equivocator is one equivocating sequencer and its window.
type equivocator struct {
	n         *simNode
	from, end time.Duration // end 0: to the end of the run
}

// equivocation is what the run saw of one (signer, view): the two
// proposals and who caught it when.
type equivocation struct {
	signer   *simNode
	view     uint64
	at       time.Duration // the proposals went out
	a, b     consensus.Hash
	known    []time.Duration // per sequencer: when it first held evidence, 0 if never
	byCore   []bool          // per sequencer: its own core reported it
	kinds    map[consensus.EvidenceKind]bool
	evidence map[string]bool // encodings seen on the evidence topic
}

// evidenceMsg is evidence on its topic.
type evidenceMsg struct {
	e   consensus.Evidence
	enc []byte
}

// startEquivocation picks the equivocator when its adversary starts: the
// named sequencer, or the leader of the next view.
func (sim *seqSim) startEquivocation(a Adversary) {
	var n *simNode
	if a.Target != "" {
		_, idx, _ := sim.s.node(a.Target)
		n = sim.net.nodes[idx].seq
	} else {
		for _, o := range sim.nodes {
			if !o.crashed {
				n = sim.byAddr[sim.leaderFor(o, o.core.View()+1)]
				break
			}
		}
	}
	if n != nil {
		sim.equivocators = append(sim.equivocators, &equivocator{n: n, from: sim.e.now, end: time.Duration(a.Until)})
	}
}

// equivocating reports whether n equivocates now.
func (sim *seqSim) equivocating(n *simNode) bool {
	for _, q := range sim.equivocators {
		if q.n == n && sim.e.now >= q.from && (q.end == 0 || sim.e.now < q.end) {
			return true
		}
	}
	return false
}

// equivocatePropose publishes n's proposal a together with a conflicting
// one, each to half of n's mesh, and notes the pair.
func (sim *seqSim) equivocatePropose(n *simNode, a consensus.Message) {
	b := a
	blk := *a.Block
	// The same transactions and a marker (transaction id 0 is never used):
	// a different payload, hence a different block, at the same height on
	// the same parent.
	blk.Payload = append(bytes.Clone(blk.Payload), make([]byte, 8)...)
	blk.PayloadHash = consensus.DefaultPayloadHash(blk.Payload)
	b.Block, b.Hash = &blk, blk.Hash()
	sim.noteConflicting(n, b)
	q := &equivocation{signer: n, view: a.View, at: sim.e.now, a: a.Hash, b: b.Hash,
		known: make([]time.Duration, len(sim.nodes)), byCore: make([]bool, len(sim.nodes)),
		kinds: map[consensus.EvidenceKind]bool{}, evidence: map[string]bool{}}
	sim.equivocations = append(sim.equivocations, q)
	sim.equivByView[equivKey{n.i, a.View}] = q
	n.sent[a.Type] += 2
	// The worst split for the honest: half of the other sequencers (by
	// rank) get the first block, half the second, and so do the other
	// nodes of its mesh; each votes for the one that reaches it first.
	half := func(q *netNode) int {
		if q.seq == nil {
			return int(q.id) % 2
		}
		r := q.seq.i
		if r > n.i {
			r--
		}
		return r % 2
	}
	// The two go out interleaved on its uplink, so that neither half gets
	// its block later than it must.
	none := func(*netNode) bool { return false }
	ma := sim.net.publishTo(n.net, sim.cons, a.Type.String(), sim.size(a), a, none)
	mb := sim.net.publishTo(n.net, sim.cons, b.Type.String(), sim.size(b), b, none)
	if pt := n.net.topics[sim.cons.ix]; !n.net.dead {
		var as, bs []*peerTopic
		for _, q := range pt.mesh {
			if half(q.n) == 0 {
				as = append(as, q)
			} else {
				bs = append(bs, q)
			}
		}
		for i := range max(len(as), len(bs)) {
			if i < len(as) {
				sim.net.sendMsg(pt, as[i], ma)
			}
			if i < len(bs) {
				sim.net.sendMsg(pt, bs[i], mb)
			}
		}
	}
}

type equivKey struct {
	node int
	view uint64
}

// equivocateVote sends, beside n's vote for its first block, a vote for the
// second.
func (sim *seqSim) equivocateVote(n *simNode, v consensus.Message) {
	q := sim.equivByView[equivKey{n.i, v.View}]
	if q == nil || v.Hash != q.a {
		return
	}
	v.Hash = q.b
	sim.broadcast(n, v)
}

// noteConflicting records the second block for the outputs, without
// touching the pool: its transactions are the first block's.
func (sim *seqSim) noteConflicting(n *simNode, m consensus.Message) {
	if sim.blocks[m.Hash] != nil {
		return
	}
	sim.blocks[m.Hash] = &blockStat{height: m.Block.Height, view: m.View, proposer: n.i, proposed: sim.e.now,
		finalAt: make([]time.Duration, len(sim.nodes)), txs: payloadIDs(m.Block.Payload)}
	sim.order = append(sim.order, m.Hash)
}

// onEvidence handles evidence n's core reported: n knows, and publishes it
// on the evidence topic unless the same evidence reached it there before.
func (sim *seqSim) onEvidence(n *simNode, e consensus.Evidence) {
	sim.evidenceByKind[e.Kind.String()]++
	enc, err := sequencing.MarshalEvidence(e)
	if err != nil {
		return
	}
	q := sim.equivByView[equivKey{sim.byAddr[e.Signer].i, e.View}]
	if q != nil {
		q.kinds[e.Kind] = true
		q.byCore[n.i] = true
		sim.know(q, n)
		if q.evidence[string(enc)+n.String()] {
			return
		}
	}
	sim.net.publish(n.net, sim.evTopic, "evidence", len(enc), evidenceMsg{e: e, enc: enc})
}

// receiveEvidence is evidence arriving on the topic at a sequencer (n nil
// at a DA node).
func (sim *seqSim) receiveEvidence(n *simNode, m evidenceMsg) {
	if n == nil || n.crashed {
		return
	}
	q := sim.equivByView[equivKey{sim.byAddr[m.e.Signer].i, m.e.View}]
	if q == nil {
		return
	}
	q.kinds[m.e.Kind] = true
	q.evidence[string(m.enc)+n.String()] = true
	sim.know(q, n)
}

func (sim *seqSim) know(q *equivocation, n *simNode) {
	if q.known[n.i] == 0 {
		q.known[n.i] = max(sim.e.now, 1)
	}
}

// EquivocationInfo is one equivocation in metrics.json: a view in which
// its leader signed two proposals.
type EquivocationInfo struct {
	Signer      string   `json:"signer"`
	View        uint64   `json:"view"`
	AtSeconds   float64  `json:"at_s"`                   // both proposals published
	DetectedMS  float64  `json:"detected_ms"`            // until the first honest core reported evidence; -1: never
	AllKnowMS   float64  `json:"all_know_ms"`            // until every live honest sequencer held evidence (its own or gossiped); -1: never
	DetectedBy  int      `json:"detected_by"`            // honest sequencers whose own core reported it
	KnownBy     int      `json:"known_by"`               // honest sequencers holding evidence at the end
	Kinds       []string `json:"kinds"`                  // evidence kinds reported
	Outcome     string   `json:"outcome"`                // first or second (that block became final) or none (the view ended without either)
	FinalHeight uint64   `json:"final_height,omitempty"` // the height that became final in its place
}

// equivocationResults fills in the equivocation metrics and returns
// evidence.csv: one row per equivocation and honest sequencer.
func (sim *seqSim) equivocationResults(m *Metrics) string {
	var b strings.Builder
	b.WriteString("signer,view,published_ms,node,known_ms,by_core\n")
	m.Equivocations = []EquivocationInfo{}
	m.Evidence = sim.evidenceByKind
	for _, q := range sim.equivocations {
		info := EquivocationInfo{Signer: q.signer.String(), View: q.view, AtSeconds: q.at.Seconds(), DetectedMS: -1, AllKnowMS: -1, Kinds: []string{}}
		var first, last time.Duration
		honest := 0
		for i, t := range q.known {
			if i == q.signer.i {
				continue
			}
			if !sim.nodes[i].crashed {
				honest++
			}
			cell := ""
			if t > 0 {
				cell = ms(t - q.at)
				info.KnownBy++
				last = max(last, t)
				if q.byCore[i] {
					info.DetectedBy++
					if first == 0 || t < first {
						first = t
					}
				}
			}
			fmt.Fprintf(&b, "%s,%d,%s,%s,%s,%t\n", q.signer, q.view, ms(q.at), sim.nodes[i], cell, q.byCore[i])
		}
		if first > 0 {
			info.DetectedMS = float64(first-q.at) / 1e6
		}
		if info.KnownBy >= honest && honest > 0 {
			info.AllKnowMS = float64(last-q.at) / 1e6
		}
		for k := range q.kinds {
			info.Kinds = append(info.Kinds, k.String())
		}
		slices.Sort(info.Kinds)
		info.Outcome = "none"
		for i, h := range []consensus.Hash{q.a, q.b} {
			if st := sim.blocks[h]; st != nil && slices.ContainsFunc(st.finalAt, func(t time.Duration) bool { return t > 0 }) {
				info.Outcome = []string{"first", "second"}[i]
				info.FinalHeight = st.height
			}
		}
		m.Equivocations = append(m.Equivocations, info)
	}
	return b.String()
}
