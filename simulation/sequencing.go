package simulation

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/big"
	"slices"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/sequencing"
	"github.com/l2node/l2node/sequencing/consensus"
)

// chainID separates simulated networks from real ones in signing bytes.
const chainID = 0x51_4d

// dummySig stands in for a signature: the simulated network delivers what
// each node sent, so authentication is given, and the core never checks
// signatures itself (the node's topic validator does).
var dummySig = make([]byte, 65)

// simNode is one sequencer: the node's own consensus core and leader
// schedule, driven by the engine instead of libp2p and a wall clock.
type simNode struct {
	i       int
	addr    common.Address
	region  int
	net     *netNode // its peer on the simulated network
	core    *consensus.Core
	crashed bool
	timerAt time.Duration
	finals  []finalRef // this node's final chain: (view, hash), for the schedule's seeds
	last    consensus.BlockRef
	signed  uint64
	sent    map[consensus.MsgType]int // broadcasts by type
	seen    map[uint64]time.Duration  // when this node first saw each recent view's proposal (slot pacing)
}

type finalRef struct {
	view uint64
	hash common.Hash
}

// pooled is a transaction waiting in the (network-wide) mempool.
type pooled struct {
	id      uint64
	arrival time.Duration
	block   consensus.Hash // the proposal holding it, zero if none
	msg     *gmsg          // with transaction gossip: its message on the tx topic
}

type blockStat struct {
	height, view uint64
	proposer     int
	proposed     time.Duration
	finalAt      []time.Duration // per node, 0 if never
	txs          []uint64
}

// seqSim runs the sequencing scenario.
type seqSim struct {
	s       *Scenario
	e       *engine
	set     *consensus.ValidatorSet
	nodes   []*simNode
	byAddr  map[common.Address]*simNode
	lat     [][]time.Duration
	net     *gossipNet
	cons    *topic // the consensus topic: sequencers and DA nodes
	txs     *topic // the transaction topic, with transaction gossip
	pool    []*pooled
	nextTx  uint64
	blocks  map[consensus.Hash]*blockStat
	order   []consensus.Hash         // blocks in proposal order
	txFinal map[uint64]time.Duration // tx id → time its block was final at half the nodes
	txArr   map[uint64]time.Duration
	crashes []crashRecord
	genesis consensus.Hash
	das     *dasSim

	churn          []*churnGroup
	finalStore     map[consensus.Hash]consensus.FinalBlock // final blocks with their proofs, as nodes store and serve them
	evTopic        *topic                                  // evidence, with an equivocating leader in the scenario
	equivocators   []*equivocator
	equivocations  []*equivocation
	equivByView    map[equivKey]*equivocation
	evidenceByKind map[string]int
}

type crashRecord struct {
	node     int
	at, back time.Duration
}

func newSeqSim(s *Scenario, progress io.Writer) (*seqSim, error) {
	sim := &seqSim{
		s: s, e: newEngine(s.Seed, progress), byAddr: map[common.Address]*simNode{},
		blocks:  map[consensus.Hash]*blockStat{},
		txFinal: map[uint64]time.Duration{}, txArr: map[uint64]time.Duration{},
		genesis:     common.BytesToHash([]byte("l2node simulated genesis")),
		equivByView: map[equivKey]*equivocation{}, evidenceByKind: map[string]int{},
		finalStore: map[consensus.Hash]consensus.FinalBlock{},
	}
	net := newNetwork(s, sim.e)
	sim.lat = net.lat
	sim.net = newGossipNet(net, s.Gossip)
	var vals []consensus.Validator
	i := 0
	for _, g := range s.Groups {
		for range g.Count {
			nn := net.nodes[i]
			i++
			if g.Role != "sequencer" {
				continue
			}
			n := &simNode{i: len(sim.nodes), region: nn.region, net: nn,
				sent: map[consensus.MsgType]int{}, seen: map[uint64]time.Duration{}}
			nn.seq = n
			n.addr = common.BigToAddress(big.NewInt(int64(0x1000 + n.i)))
			sim.nodes = append(sim.nodes, n)
			sim.byAddr[n.addr] = n
			vals = append(vals, consensus.Validator{Address: n.addr, Stake: g.Stake})
		}
	}
	// The node's driver gossips every consensus message on one topic,
	// which executing nodes follow: here sequencers and DA nodes.
	sim.cons = sim.net.addTopic("consensus", func(n *netNode) bool { return n.role == "sequencer" || n.role == "da" },
		func(n *netNode, m *gmsg) { sim.receive(n.seq, m.payload.(consensus.Message)) })
	if s.Workload.TxGossip {
		// The node's full roles relay transactions; light nodes stay off.
		sim.txs = sim.net.addTopic("tx", func(n *netNode) bool { return n.role == "sequencer" || n.role == "da" }, nil)
	}
	if slices.ContainsFunc(s.Adversaries, func(a Adversary) bool { return a.Kind == "equivocate" }) {
		// The node's driver publishes its core's evidence on its own topic,
		// which the same roles follow.
		sim.evTopic = sim.net.addTopic("evidence", func(n *netNode) bool { return n.role == "sequencer" || n.role == "da" },
			func(n *netNode, m *gmsg) { sim.receiveEvidence(n.seq, m.payload.(evidenceMsg)) })
	}
	var err error
	if sim.set, err = consensus.NewValidatorSet(vals); err != nil {
		return nil, err
	}
	sim.das = newDASSim(sim)
	for _, n := range sim.nodes {
		n.last = consensus.BlockRef{Hash: sim.genesis}
		if err := sim.startCore(n); err != nil {
			return nil, err
		}
	}
	return sim, nil
}

// startCore builds a node's core, resuming from its final chain after a
// crash.
func (sim *seqSim) startCore(n *simNode) error {
	sched := &sequencing.Schedule{Set: sim.set, EpochLength: sim.s.Consensus.EpochLength, Seed: func(before uint64) common.Hash {
		i := sort.Search(len(n.finals), func(i int) bool { return n.finals[i].view >= before })
		if i == 0 {
			return sim.genesis
		}
		return n.finals[i-1].hash
	}}
	cfg := consensus.Config{
		ChainID: chainID, Self: n.addr, Set: sim.set, Genesis: sim.genesis,
		Leader: sched.Leader, Timeout: time.Duration(sim.s.Consensus.ViewTimeout),
	}
	if n.last.Height > 0 || n.signed > 0 {
		cfg.Resume = &consensus.Resume{Final: n.last, View: max(n.signed, n.last.View) + 1}
	}
	core, err := consensus.New(cfg)
	if err != nil {
		return err
	}
	n.core = core
	n.timerAt = 0
	core.Start(sim.e.now)
	return nil
}

// run schedules the workload and the adversaries, starts every node and
// runs to the end.
func (sim *seqSim) run() {
	sim.startChurn()
	sim.net.start()
	for _, n := range sim.nodes {
		sim.e.at(0, func() { sim.drain(n) })
	}
	if r := sim.s.Workload.TxRate; r > 0 {
		var arrive func()
		arrive = func() {
			sim.nextTx++
			p := &pooled{id: sim.nextTx, arrival: sim.e.now}
			if sim.txs != nil {
				p.msg = sim.gossipTx()
			}
			sim.pool = append(sim.pool, p)
			sim.txArr[sim.nextTx] = sim.e.now
			sim.e.at(sim.e.now+time.Duration(sim.e.rng.ExpFloat64()/r*float64(time.Second)), arrive)
		}
		sim.e.at(0, arrive)
	}
	for _, a := range sim.s.Adversaries {
		switch a.Kind {
		case "crash-leader":
			sim.e.at(time.Duration(a.At), func() { sim.crashNextLeader(time.Duration(a.Until)) })
		case "equivocate":
			sim.e.at(time.Duration(a.At), func() { sim.startEquivocation(a) })
		}
	}
	for _, at := range sim.net.attackers {
		start, stop := sim.net.startEclipse, sim.net.stopEclipse
		if at.target == nil {
			start, stop = sim.net.startSybils, sim.net.stopSybils
			sim.sampleMeshes(at)
		}
		sim.e.at(time.Duration(at.a.At), func() { start(at) })
		if at.a.Until > 0 {
			sim.e.at(time.Duration(at.a.Until), func() { stop(at) })
		}
	}
	sim.e.run(time.Duration(sim.s.Duration))
}

// crashNextLeader stops the leader of the view after the current one (as
// the first live node sees it) until back (0: for good).
func (sim *seqSim) crashNextLeader(back time.Duration) {
	var obs *simNode
	for _, n := range sim.nodes {
		if !n.crashed {
			obs = n
			break
		}
	}
	if obs == nil {
		return
	}
	v := obs.core.View() + 1
	victim := sim.byAddr[sim.leaderFor(obs, v)]
	if victim.crashed {
		return
	}
	victim.crashed = true
	sim.net.crash(victim.net)
	sim.crashes = append(sim.crashes, crashRecord{node: victim.i, at: sim.e.now, back: back})
	if back > 0 {
		sim.e.at(back, func() { sim.restart(victim) })
	}
}

// restart brings a crashed node back: it catches up by range from the
// live node with the longest final chain (after a round trip), as the
// node's driver does with batches_by_range, then starts its core there.
func (sim *seqSim) restart(n *simNode) {
	var src *simNode
	for _, o := range sim.nodes {
		if o != n && !o.crashed && (src == nil || o.last.Height > src.last.Height) {
			src = o
		}
	}
	rtt := time.Duration(0)
	if src != nil {
		rtt = 2 * sim.lat[n.region][src.region]
	}
	sim.e.at(sim.e.now+rtt, func() {
		if src != nil && src.last.Height > n.last.Height {
			n.finals = slices.Clone(src.finals)
			n.last = src.last
		}
		n.crashed = false
		sim.net.restart(n.net)
		if err := sim.startCore(n); err == nil {
			sim.drain(n)
		}
	})
}

func (sim *seqSim) leaderFor(n *simNode, v uint64) common.Address {
	sched := &sequencing.Schedule{Set: sim.set, EpochLength: sim.s.Consensus.EpochLength, Seed: func(before uint64) common.Hash {
		i := sort.Search(len(n.finals), func(i int) bool { return n.finals[i].view >= before })
		if i == 0 {
			return sim.genesis
		}
		return n.finals[i-1].hash
	}}
	return sched.Leader(v)
}

// size models a message's bytes on the wire.
func (sim *seqSim) size(m consensus.Message) int {
	switch m.Type {
	case consensus.MsgProposal:
		return 250 + txCount(m.Block.Payload)*sim.s.Workload.TxSize
	case consensus.MsgVote, consensus.MsgFinalize:
		return 160
	default:
		return 100 + 86*len(m.Sigs)
	}
}

// payload of a simulated batch: height, then the ids of its transactions.
func encodePayload(height uint64, ids []uint64) []byte {
	b := binary.BigEndian.AppendUint64(nil, height)
	for _, id := range ids {
		b = binary.BigEndian.AppendUint64(b, id)
	}
	return b
}

func txCount(p []byte) int { return max(0, len(p)/8-1) }

func payloadIDs(p []byte) []uint64 {
	var ids []uint64
	for i := 8; i+8 <= len(p); i += 8 {
		if id := binary.BigEndian.Uint64(p[i:]); id != 0 { // 0: an equivocator's marker
			ids = append(ids, id)
		}
	}
	return ids
}

// drain carries out what n's core asks until it asks nothing more.
func (sim *seqSim) drain(n *simNode) {
	if n.crashed {
		return
	}
	for n.core.HasReady() {
		rd := n.core.Ready()
		n.core.Advance()
		for _, m := range rd.Messages {
			if m.NeedsSignature() {
				m.From, m.Signature = n.addr, dummySig
				n.signed = max(n.signed, m.View)
				n.core.Step(m)
				if m.Type == consensus.MsgProposal {
					sim.noteProposal(n, m)
					if sim.equivocating(n) && sim.equivByView[equivKey{n.i, m.View}] == nil {
						sim.equivocatePropose(n, m)
						continue
					}
				}
			}
			sim.broadcast(n, m)
			if m.Type == consensus.MsgVote && sim.equivocating(n) {
				sim.equivocateVote(n, m)
			}
		}
		for _, e := range rd.Evidence {
			sim.onEvidence(n, e)
		}
		if np := rd.NeedPayload; np != nil {
			at := sim.e.now
			if t, ok := n.seen[np.View-1]; ok {
				at = max(at, t+time.Duration(sim.s.Consensus.Slot))
			}
			sim.e.at(at, func() { sim.propose(n, *np) })
		}
		for _, h := range rd.NeedBlocks {
			sim.fetch(n, h)
		}
		for _, fb := range rd.Final {
			sim.final(n, fb)
		}
		if rd.NextTimer > 0 && rd.NextTimer != n.timerAt {
			n.timerAt = rd.NextTimer
			at, core := rd.NextTimer, n.core
			sim.e.at(at, func() {
				if n.crashed || n.core != core || n.timerAt != at {
					return
				}
				core.Tick(sim.e.now)
				sim.drain(n)
			})
		}
	}
}

// propose fills a batch from the pool (transactions not held by another
// proposal) and proposes it.
func (sim *seqSim) propose(n *simNode, np consensus.NeedPayload) {
	if n.crashed || n.core.View() != np.View {
		return
	}
	var ids []uint64
	si := 0
	if sim.txs != nil {
		si = n.net.topics[sim.txs.ix].si
	}
	for _, p := range sim.pool {
		if len(ids) >= sim.s.Workload.MaxBatchTxs {
			break
		}
		if p.block == (consensus.Hash{}) && p.arrival <= sim.e.now && (p.msg == nil || p.msg.got[si] >= 0) {
			ids = append(ids, p.id)
		}
	}
	payload := encodePayload(np.Height, ids)
	if err := n.core.Propose(np.View, payload); err != nil {
		return
	}
	sim.drain(n)
}

func (n *simNode) see(v uint64, now time.Duration) {
	if _, ok := n.seen[v]; !ok {
		n.seen[v] = now
		delete(n.seen, v-16)
	}
}

func (sim *seqSim) noteProposal(n *simNode, m consensus.Message) {
	h := m.Hash
	n.see(m.View, sim.e.now)
	if sim.blocks[h] != nil {
		return
	}
	ids := payloadIDs(m.Block.Payload)
	sim.blocks[h] = &blockStat{height: m.Block.Height, view: m.View, proposer: n.i, proposed: sim.e.now,
		finalAt: make([]time.Duration, len(sim.nodes)), txs: ids}
	sim.order = append(sim.order, h)
	held := map[uint64]bool{}
	for _, id := range ids {
		held[id] = true
	}
	for _, p := range sim.pool {
		if held[p.id] {
			p.block = h
		}
	}
}

// broadcast publishes m from n on the consensus topic.
func (sim *seqSim) broadcast(n *simNode, m consensus.Message) {
	n.sent[m.Type]++
	sim.net.publish(n.net, sim.cons, m.Type.String(), sim.size(m), m)
}

// receive hands a consensus message to a sequencer's core (n is nil for a
// DA node, which only follows the topic).
func (sim *seqSim) receive(n *simNode, m consensus.Message) {
	if n == nil || n.crashed {
		return
	}
	n.core.Tick(sim.e.now)
	if m.Type == consensus.MsgProposal {
		n.see(m.View, sim.e.now)
	}
	n.core.Step(m)
	sim.drain(n)
}

// fetch answers a node's request for a block from the first live node that
// has it, after a round trip: a block its core holds, or one of its final
// blocks (the core leaves those to the caller to store and serve).
func (sim *seqSim) fetch(n *simNode, h consensus.Hash) {
	for _, o := range sim.nodes {
		if o == n || o.crashed {
			continue
		}
		b, cert, ok := o.core.Block(h)
		if !ok {
			fb, stored := sim.finalStore[h]
			if st := sim.blocks[h]; !stored || st == nil || st.finalAt[o.i] == 0 {
				continue
			}
			b, cert = fb.Block, fb.Notarization
		}
		rtt := 2 * sim.lat[n.region][o.region]
		sim.e.at(sim.e.now+rtt, func() {
			if n.crashed {
				return
			}
			n.core.AddBlock(b, cert)
			sim.drain(n)
		})
		return
	}
}

func (sim *seqSim) final(n *simNode, fb consensus.FinalBlock) {
	h := fb.Block.Hash()
	if _, ok := sim.finalStore[h]; !ok {
		sim.finalStore[h] = fb
	}
	n.finals = append(n.finals, finalRef{view: fb.Block.View, hash: h})
	n.last = fb.Block.Ref()
	st := sim.blocks[h]
	if st == nil {
		return
	}
	if st.finalAt[n.i] == 0 {
		st.finalAt[n.i] = sim.e.now
	}
	// When half the nodes have it, its transactions are final.
	got := 0
	for _, t := range st.finalAt {
		if t > 0 {
			got++
		}
	}
	if got == (len(sim.nodes)+1)/2 {
		ids := map[uint64]bool{}
		for _, id := range st.txs {
			sim.txFinal[id] = sim.e.now
			ids[id] = true
		}
		sim.pool = slices.DeleteFunc(sim.pool, func(p *pooled) bool { return ids[p.id] })
		// The batch's leader publishes its data as the DA square.
		sim.das.publish(st.height, sim.nodes[st.proposer])
		// Proposals of views before this one that will never be final
		// give their transactions back.
		for _, p := range sim.pool {
			if b := sim.blocks[p.block]; b != nil && b.view < st.view {
				p.block = consensus.Hash{}
			}
		}
	}
}

// String names a node in outputs.
func (n *simNode) String() string { return fmt.Sprintf("seq%d", n.i) }

// gossipTx publishes a new transaction on the tx topic from a random live
// subscriber: the node whose RPC the wallet used.
func (sim *seqSim) gossipTx() *gmsg {
	t := sim.txs
	var live []int32
	for _, id := range t.subs {
		if n := sim.net.nodes[id]; !n.dead && n.adv == nil {
			live = append(live, id)
		}
	}
	if len(live) == 0 {
		return nil
	}
	from := sim.net.nodes[live[sim.e.rng.IntN(len(live))]]
	return sim.net.publish(from, t, "tx", sim.s.Workload.TxSize, nil)
}
