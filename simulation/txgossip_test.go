package simulation

import (
	"strings"
	"testing"
)

// TestTxGossip: with transaction gossip, every transaction travels on the
// tx topic from the node it arrived at, and a leader proposes only
// transactions that had reached it.
func TestTxGossip(t *testing.T) {
	text := strings.Replace(sevenSequencers, "workload: {tx_rate: 100, tx_size: 120}", "workload: {tx_rate: 100, tx_size: 120, tx_gossip: true}", 1)
	s, err := ParseScenario("tx.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := newSeqSim(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	sim.run()
	byID := map[uint64]*gmsg{}
	for _, m := range sim.txs.msgs {
		byID[uint64(m.id)+1] = m // published in arrival order, ids from 1
	}
	checked := 0
	for _, h := range sim.order {
		st := sim.blocks[h]
		si := sim.nodes[st.proposer].net.topics[sim.txs.ix].si
		for _, id := range st.txs {
			m := byID[id]
			if m == nil {
				t.Fatalf("transaction %d was never gossiped", id)
			}
			if got := m.got[si]; got < 0 || got > st.proposed {
				t.Fatalf("transaction %d proposed at %v by seq%d, which got it at %v", id, st.proposed, st.proposer, got)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d transactions in proposals", checked)
	}
	m, dir := runYAML(t, text, "")
	_, dir2 := runYAML(t, text, "")
	sameFiles(t, dir, dir2, "metrics.json", "propagation.csv", "bandwidth.csv", "blocks.csv")
	var tx *TopicMetrics
	for i := range m.Gossip.Topics {
		if m.Gossip.Topics[i].Name == "tx" {
			tx = &m.Gossip.Topics[i]
		}
	}
	if tx == nil || uint64(tx.Messages) != m.TxsSubmitted || tx.Complete < tx.Messages*9/10 || m.Bytes["tx"] == 0 {
		t.Fatalf("tx topic %+v, %d submitted", tx, m.TxsSubmitted)
	}
	if m.TxsFinal < int(m.TxsSubmitted)*8/10 {
		t.Fatalf("%d of %d transactions final", m.TxsFinal, m.TxsSubmitted)
	}
}
