package simulation

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/l2node/l2node/das"
	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
)

// lightNode samples every DA header with the node's own sampling tracker.
type lightNode struct {
	i       int
	region  int
	tracker *sampling.Tracker
	net     *netNode
	watched bool           // an eclipse target: its verdicts are kept
	seen    []lightVerdict // an eclipse target's verdicts, for its metrics
}

// lightVerdict is what one light node concluded about one square.
type lightVerdict struct {
	sq      *square
	got     time.Duration // the header reached it
	verdict sampling.Verdict
}

// daNode serves shares: every share of a square except those its producer
// withheld.
type daNode struct {
	region int
	net    *netNode
}

// square is one batch's DA square as the simulation sees it.
type square struct {
	height    uint64
	k         int
	withheld  map[sampling.Coord]bool
	fraction  float64 // the fraction of the extended square withheld
	published time.Duration
	said      map[sampling.Verdict]int
	repaired  int8 // 1: repairable from what was published, -1: not, 0: not checked
}

type dasSim struct {
	sim     *seqSim
	light   []*lightNode
	da      []*daNode
	squares []*square
	rng     *rand.Rand
	samples int
	headers *topic
}

func newDASSim(sim *seqSim) *dasSim {
	s := sim.s
	d := &dasSim{sim: sim, rng: rand.New(rand.NewPCG(s.Seed^0xda5, s.Seed))}
	for _, n := range sim.net.nodes {
		switch n.role {
		case "light":
			// Each light node draws its coordinates from its own
			// stream, split off the scenario's seed.
			rng := rand.New(rand.NewPCG(s.Seed, uint64(len(d.light))+1))
			n.light = &lightNode{i: len(d.light), region: n.region, tracker: sampling.NewTracker(s.DAS.Confidence, rng), net: n}
			d.light = append(d.light, n.light)
		case "da":
			d.da = append(d.da, &daNode{region: n.region, net: n})
		}
	}
	for _, at := range sim.net.attackers {
		if at.target != nil && at.target.light != nil {
			at.target.light.watched = true
		}
	}
	// Producers (sequencers), DA nodes and light nodes all follow the
	// headers.
	d.headers = sim.net.addTopic("da_header", func(*netNode) bool { return true }, func(n *netNode, m *gmsg) {
		if n.light != nil {
			h := m.payload.(headerMsg)
			d.sample(n.light, h.sq, h.hdr)
		}
	})
	return d
}

// headerMsg is a DA header on its topic.
type headerMsg struct {
	sq  *square
	hdr sampling.Header
}

// withholding is the fraction of the square withheld at time t (0 if none).
func (d *dasSim) withholding(t time.Duration) float64 {
	for _, a := range d.sim.s.Adversaries {
		if a.Kind == "withhold" && t >= time.Duration(a.At) && (a.Until == 0 || t < time.Duration(a.Until)) {
			return a.Fraction
		}
	}
	return 0
}

// publish announces the square of a final batch: its producer gossips the
// header on the header topic, and each light node that receives it samples
// s random shares from random DA nodes.
func (d *dasSim) publish(height uint64, producer *simNode) {
	if len(d.light) == 0 || len(d.da) == 0 {
		return
	}
	k := d.sim.s.DAS.K
	w := 2 * k
	sq := &square{height: height, k: k, withheld: map[sampling.Coord]bool{}, published: d.sim.e.now, said: map[sampling.Verdict]int{}}
	if f := d.withholding(d.sim.e.now); f > 0 {
		n := int(math.Round(f * float64(w*w)))
		for _, i := range d.rng.Perm(w * w)[:n] {
			sq.withheld[sampling.Coord{Row: i / w, Col: i % w}] = true
		}
		sq.fraction = float64(n) / float64(w*w)
		sq.repaired = d.repairable(sq)
	}
	d.squares = append(d.squares, sq)
	var root [32]byte
	binary.BigEndian.PutUint64(root[:], height)
	hdr := sampling.Header{Height: height, Root: root, K: k}
	if producer.crashed {
		// Another sequencer holds the final batch and publishes its square.
		for _, n := range d.sim.nodes {
			if !n.crashed {
				producer = n
				break
			}
		}
	}
	d.sim.net.publish(producer.net, d.headers, "da_header", das.HeaderSize(k), headerMsg{sq: sq, hdr: hdr})
}

// sample runs one light node's round for a square.
func (d *dasSim) sample(ln *lightNode, sq *square, hdr sampling.Header) {
	coords, err := ln.tracker.Begin(hdr)
	if err != nil {
		return
	}
	key := hdr.Key()
	pending := len(coords)
	d.samples += len(coords)
	got := d.sim.e.now
	live := d.liveDA()
	for _, c := range coords {
		// A sample goes to a random DA node that is up; through an
		// eclipse, the attackers drop it (a timeout) or hold it.
		fail := len(live) == 0
		var rtt time.Duration
		if !fail {
			da := live[d.rng.IntN(len(live))]
			rtt = 2 * d.sim.lat[ln.region][da.region]
		}
		if at := ln.net.eclipsed; at != nil {
			if p := at.a.Drop; p >= 1 || (p > 0 && d.rng.Float64() < p) {
				fail, rtt = true, sampleTimeout
			} else {
				rtt += 2 * time.Duration(at.a.Delay)
			}
		}
		d.sim.e.at(d.sim.e.now+rtt, func() {
			if fail || sq.withheld[c] {
				ln.tracker.Failed(key, c)
			} else {
				ln.tracker.Verified(key, c)
			}
			if pending--; pending == 0 {
				v := ln.tracker.Verdict(key)
				ln.tracker.Forget(key)
				if ln.net.dead {
					return // it left meanwhile
				}
				sq.said[v]++
				if ln.watched {
					ln.seen = append(ln.seen, lightVerdict{sq: sq, got: got, verdict: v})
				}
			}
		})
	}
}

// sampleTimeout is how long a light node waits for a share before it
// counts the sample as failed.
const sampleTimeout = 2 * time.Second

// liveDA lists the DA nodes that are up.
func (d *dasSim) liveDA() []*daNode {
	if !slices.ContainsFunc(d.da, func(da *daNode) bool { return da.net.dead }) {
		return d.da
	}
	live := d.da[:0:0]
	for _, da := range d.da {
		if !da.net.dead {
			live = append(live, da)
		}
	}
	return live
}

// repairable reports, with the real erasure code, whether the published
// shares of a square of this size and withholding pattern repair to the
// whole square (k ≤ 32 only: larger squares are not checked).
func (d *dasSim) repairable(sq *square) int8 {
	if sq.k > 32 {
		return 0
	}
	data := make([]byte, sq.k*sq.k*erasure.ShareSize-8)
	seed := sha256.Sum256(fmt.Appendf(nil, "sq%d", sq.height))
	for i := range data {
		data[i] = seed[i%32] ^ byte(i)
	}
	full, err := erasure.Extend(data)
	if err != nil {
		return 0
	}
	part := full.Withhold(func(r, c int) bool { return sq.withheld[sampling.Coord{Row: r, Col: c}] })
	if err := part.Repair(); err != nil {
		return -1
	}
	return 1
}

// detection is the chance that one light node taking s distinct samples of
// a 2k×2k square with w shares withheld hits at least one: 1 − C(N−w, s)/C(N, s).
func detection(k, s, withheld int) float64 {
	n := 4 * k * k
	miss := 1.0
	for i := 0; i < s; i++ {
		miss *= float64(n-withheld-i) / float64(n-i)
		if miss <= 0 {
			return 1
		}
	}
	return 1 - miss
}

// dasResults summarizes detection per square and writes das.csv.
// squareRow is one row of das.csv.
type squareRow struct {
	fraction, detected, analytic float64
}

func (d *dasSim) dasResults(m *Metrics) (string, []squareRow) {
	var rows []squareRow
	var b strings.Builder
	b.WriteString("height,published_ms,withheld_fraction,light_nodes,said_unavailable,detected_fraction,analytic_detection,repairable\n")
	if len(d.light) == 0 {
		return b.String(), nil
	}
	k := d.sim.s.DAS.K
	s := sampling.SampleCount(k, d.sim.s.DAS.Confidence)
	m.DAS = &DASMetrics{K: k, SamplesPerHeader: s, LightNodes: len(d.light), DANodes: len(d.da)}
	var sumDet, sumAna float64
	var nWith int
	for _, sq := range d.squares {
		total := sq.said[sampling.Available] + sq.said[sampling.Unavailable]
		if total == 0 {
			continue
		}
		det := float64(sq.said[sampling.Unavailable]) / float64(total)
		ana := detection(k, s, int(math.Round(sq.fraction*float64(4*k*k))))
		rep := map[int8]string{1: "yes", -1: "no", 0: ""}[sq.repaired]
		fmt.Fprintf(&b, "%d,%s,%.4f,%d,%d,%.4f,%.6f,%s\n", sq.height, ms(sq.published), sq.fraction, total, sq.said[sampling.Unavailable], det, ana, rep)
		rows = append(rows, squareRow{fraction: sq.fraction, detected: det, analytic: ana})
		m.DAS.Squares++
		if sq.fraction > 0 {
			nWith++
			sumDet += det
			sumAna += ana
			m.DAS.WithheldSquares++
			if sq.repaired == -1 {
				m.DAS.Unrecoverable++
			}
		} else if sq.said[sampling.Unavailable] > 0 {
			m.DAS.FalseAlarms += sq.said[sampling.Unavailable]
		}
	}
	if nWith > 0 {
		m.DAS.MeanDetected = sumDet / float64(nWith)
		m.DAS.MeanAnalytic = sumAna / float64(nWith)
	}
	m.DAS.Samples = d.samples
	return b.String(), rows
}

// DASMetrics is the DAS part of metrics.json.
type DASMetrics struct {
	K                int     `json:"k"`
	SamplesPerHeader int     `json:"samples_per_header"`
	LightNodes       int     `json:"light_nodes"`
	DANodes          int     `json:"da_nodes"`
	Squares          int     `json:"squares"`
	WithheldSquares  int     `json:"withheld_squares"`
	Unrecoverable    int     `json:"unrecoverable_squares"`  // checked with the real erasure code (k ≤ 32)
	MeanDetected     float64 `json:"mean_detected_fraction"` // over withheld squares: light nodes that said unavailable
	MeanAnalytic     float64 `json:"mean_analytic_detection"`
	FalseAlarms      int     `json:"false_alarms"` // unavailable verdicts on complete squares: must be 0
	Samples          int     `json:"samples"`      // share requests by light nodes to DA nodes
}
