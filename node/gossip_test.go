package node

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"math/big"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/sequencing"
)

// TestTransactionGossip: a signed transaction published by one full node
// reaches the others through the node's own gossip stack; light nodes stay
// off the topic.
func TestTransactionGossip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four nodes")
	}
	boot := loopbackNode(t, "bootstrap")
	baddr := boot.Host().Addrs()[0].String()
	seq := loopbackNode(t, "sequencer", baddr)
	da := loopbackNode(t, "da", baddr)
	light := loopbackNode(t, "light", baddr)
	if light.TxTopic() != nil || boot.TxTopic() != nil {
		t.Fatal("light and bootstrap nodes must not join the transaction topic")
	}
	sub, err := da.TxTopic().Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Cancel()
	deadline := time.Now().Add(60 * time.Second)
	for seq.TxTopic().MeshPeers() == 0 || da.TxTopic().MeshPeers() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no tx mesh: seq %d (topic peers %d), da %d", seq.TxTopic().MeshPeers(), len(seq.TxTopic().Peers()), da.TxTopic().MeshPeers())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A funded development account: the sequencer executes, and its
	// topic ignores transactions the head state rules out.
	key := exec.DevKeys(1)[0].Key
	chainID := big.NewInt(DefaultChainID)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Gas: 21000, GasFeeCap: big.NewInt(1e10), GasTipCap: big.NewInt(1), To: &common.Address{}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tx.MarshalBinary()
	if err := seq.TxTopic().Publish(context.Background(), raw); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Decoded.(*sequencing.TxMessage)
	if got.Tx.Hash() != tx.Hash() || got.Sender != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatal("wrong transaction delivered")
	}
	_, body := get(t, da.MetricsURL()+"/metrics")
	for _, want := range []string{
		`l2_gossip_received_total{topic="/l2/devnet/tx/1"} 1`,
		`l2_gossip_validation_total{reason="ok",result="accept",topic="/l2/devnet/tx/1"} 1`,
		`l2_gossip_mesh_peers{topic="/l2/devnet/tx/1"} 1`,
		`l2_gossip_bytes_total{direction="in",topic="/l2/devnet/tx/1"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	_, body = get(t, seq.MetricsURL()+"/metrics")
	if !strings.Contains(body, `l2_gossip_published_total{topic="/l2/devnet/tx/1"} 1`) {
		t.Error("publisher did not count its message")
	}
	if code, body := get(t, da.MetricsURL()+"/peers"); code != 200 || !strings.Contains(body, `"protected": "bootstrap"`) {
		t.Errorf("/peers: %d %s", code, body)
	}
}
