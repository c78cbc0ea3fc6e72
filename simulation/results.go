package simulation

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Metrics is metrics.json: the run's summary.
type Metrics struct {
	Seed            uint64             `json:"seed"`
	VirtualSeconds  float64            `json:"virtual_seconds"`
	Sequencers      int                `json:"sequencers"`
	Events          uint64             `json:"events"`
	FinalBlocks     int                `json:"final_blocks"`
	Views           uint64             `json:"views"`
	Timeouts        uint64             `json:"timeouts"`
	Finality        Percentiles        `json:"finality_ms"`     // proposal → final at half the nodes
	FinalityAll     Percentiles        `json:"finality_all_ms"` // proposal → final at every live node
	TxLatency       Percentiles        `json:"tx_latency_ms"`   // arrival → final
	TxsFinal        int                `json:"txs_final"`
	TxsSubmitted    uint64             `json:"txs_submitted"`
	Failovers       []Failover         `json:"failovers"`
	MessagesPerNode float64            `json:"messages_per_node"` // consensus messages a sequencer published
	BytesPerNode    float64            `json:"bytes_per_node"`    // bytes a sequencer sent, gossip control included
	Messages        map[string]int     `json:"messages_by_type"`  // consensus messages published, one per broadcast
	Bytes           map[string]int     `json:"bytes_by_type"`     // sent by every node, every copy: messages and gossip control
	Crashes         []CrashInfo        `json:"crashes"`
	Conflicts       uint64             `json:"conflicts"` // must be 0: finalizations contradicting a node's final chain
	DAS             *DASMetrics        `json:"das,omitempty"`
	Evidence        map[string]int     `json:"evidence,omitempty"`      // evidence reported by honest cores, by kind
	Equivocations   []EquivocationInfo `json:"equivocations,omitempty"` // with an equivocating leader
	Eclipses        []EclipseInfo      `json:"eclipses,omitempty"`
	Sybils          []SybilInfo        `json:"sybils,omitempty"`
	Churn           []ChurnInfo        `json:"churn,omitempty"` // groups with churn
	Gossip          *GossipMetrics     `json:"gossip"`
}

// Percentiles of a distribution, in milliseconds.
type Percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// Failover is a gap between consecutive final blocks longer than two slots.
type Failover struct {
	AfterHeight uint64  `json:"after_height"`
	AtSeconds   float64 `json:"at_s"`
	GapMS       float64 `json:"gap_ms"`
}

// CrashInfo records a crashed node.
type CrashInfo struct {
	Node      string  `json:"node"`
	AtSeconds float64 `json:"at_s"`
	BackAt    float64 `json:"back_at_s,omitempty"`
}

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	slices.Sort(ds)
	q := func(f float64) float64 {
		i := int(math.Ceil(f*float64(len(ds)))) - 1
		return float64(ds[max(0, min(i, len(ds)-1))]) / 1e6
	}
	return Percentiles{N: len(ds), P50: q(0.5), P90: q(0.9), P99: q(0.99), Max: float64(ds[len(ds)-1]) / 1e6}
}

// Run runs a scenario and writes its outputs to dir: the scenario as run
// (scenario.yaml), metrics.json, and blocks.csv (one row per final block).
// Progress, if not nil, gets a progress bar of virtual and wall time.
func Run(s *Scenario, dir string, progress io.Writer) (*Metrics, error) {
	sim, err := newSeqSim(s, progress)
	if err != nil {
		return nil, err
	}
	sim.run()
	m, rows, blocks := sim.results()
	evRows := sim.equivocationResults(m)
	sim.attackResults(m)
	churnRows := sim.churnResults(m)
	dasRows, squares := sim.das.dasResults(m)
	prop, curves := sim.net.propagation(m)
	bw, roles := sim.net.bandwidth(m, time.Duration(s.Duration))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	y, err := yaml.Marshal(s)
	if err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"scenario.yaml": y, "metrics.json": append(js, '\n'), "blocks.csv": []byte(rows),
		"propagation.csv": []byte(prop), "bandwidth.csv": []byte(bw)}
	if m.DAS != nil {
		files["das.csv"] = []byte(dasRows)
	}
	if sim.evTopic != nil {
		files["evidence.csv"] = []byte(evRows)
	}
	if len(sim.churn) > 0 {
		files["churn.csv"] = []byte(churnRows)
	}
	plots, err := drawPlots(s, m, blocks, squares, curves, roles)
	if err != nil {
		return nil, err
	}
	maps.Copy(files, plots)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return nil, fmt.Errorf("simulation: write %s: %w", name, err)
		}
	}
	return m, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d)/1e6) }

// blockRow is one row of blocks.csv: a final block's times.
type blockRow struct {
	height, view   uint64
	proposed, half time.Duration
	all            time.Duration // 0: not final at every live node
	txs            int
}

func (sim *seqSim) results() (*Metrics, string, []blockRow) {
	m := &Metrics{Seed: sim.s.Seed, VirtualSeconds: time.Duration(sim.s.Duration).Seconds(), Sequencers: len(sim.nodes),
		Events: sim.e.done, TxsSubmitted: sim.nextTx, Messages: map[string]int{}, Bytes: map[string]int{}, Failovers: []Failover{}, Crashes: []CrashInfo{}}
	var b strings.Builder
	b.WriteString("height,view,proposer,proposed_ms,final_half_ms,final_all_ms,txs\n")
	var half, all []time.Duration
	var finals []*blockStat
	var rows []blockRow
	for _, h := range sim.order {
		st := sim.blocks[h]
		var ts []time.Duration
		for _, t := range st.finalAt {
			if t > 0 {
				ts = append(ts, t)
			}
		}
		if len(ts) == 0 {
			continue
		}
		slices.Sort(ts)
		finals = append(finals, st)
		h50 := ts[min(len(ts)-1, (len(sim.nodes)+1)/2-1)]
		live := 0
		for _, n := range sim.nodes {
			if !n.crashed {
				live++
			}
		}
		half = append(half, h50-st.proposed)
		allAt := time.Duration(0)
		if len(ts) >= live {
			allAt = ts[len(ts)-1]
			all = append(all, allAt-st.proposed)
		}
		fmt.Fprintf(&b, "%d,%d,seq%d,%s,%s,%s,%d\n", st.height, st.view, st.proposer, ms(st.proposed), ms(h50), ms(allAt), len(st.txs))
		rows = append(rows, blockRow{height: st.height, view: st.view, proposed: st.proposed, half: h50, all: allAt, txs: len(st.txs)})
	}
	m.FinalBlocks = len(finals)
	m.Finality, m.FinalityAll = percentiles(half), percentiles(all)
	// Failovers: gaps between consecutive final blocks (at half the nodes).
	slices.SortFunc(finals, func(a, b *blockStat) int { return int(a.height) - int(b.height) })
	slot := time.Duration(sim.s.Consensus.Slot)
	for i := 1; i < len(finals); i++ {
		prev, cur := finalHalf(finals[i-1], len(sim.nodes)), finalHalf(finals[i], len(sim.nodes))
		if gap := cur - prev; gap > 2*slot {
			m.Failovers = append(m.Failovers, Failover{AfterHeight: finals[i-1].height, AtSeconds: prev.Seconds(), GapMS: float64(gap) / 1e6})
		}
	}
	var txl []time.Duration
	for id, t := range sim.txFinal {
		txl = append(txl, t-sim.txArr[id])
	}
	m.TxLatency, m.TxsFinal = percentiles(txl), len(txl)
	msgs, bytes := 0, 0
	for _, n := range sim.nodes {
		st := n.core.Stats()
		m.Views = max(m.Views, st.View)
		m.Timeouts += st.Timeouts
		m.Conflicts += st.Conflicts
		for t, c := range n.sent {
			m.Messages[t.String()] += c
			msgs += c
		}
		for _, c := range n.net.sent {
			bytes += int(c)
		}
	}
	for _, n := range sim.net.nodes {
		for k, c := range n.sent {
			m.Bytes[sim.net.kinds[k]] += int(c)
		}
	}
	m.MessagesPerNode = float64(msgs) / float64(len(sim.nodes))
	m.BytesPerNode = float64(bytes) / float64(len(sim.nodes))
	for _, c := range sim.crashes {
		ci := CrashInfo{Node: fmt.Sprintf("seq%d", c.node), AtSeconds: c.at.Seconds()}
		if c.back > 0 {
			ci.BackAt = c.back.Seconds()
		}
		m.Crashes = append(m.Crashes, ci)
	}
	return m, b.String(), rows
}

func finalHalf(st *blockStat, n int) time.Duration {
	var ts []time.Duration
	for _, t := range st.finalAt {
		if t > 0 {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return ts[min(len(ts)-1, (n+1)/2-1)]
}
