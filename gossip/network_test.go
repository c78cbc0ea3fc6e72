package gossip

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/internal/units"
	"github.com/l2node/l2node/p2p"
)

func testLog() *slog.Logger {
	if os.Getenv("L2NODE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

type testNode struct {
	h   host.Host
	r   *Router
	rep *p2p.Reputation
	t   *Handle
	sub *Subscription
}

// testTopic accepts payloads that start with "ok".
var testTopic = Topic{
	Name: "test", Version: 1, MaxPayload: 128 << 10,
	Window: TimeWindow{MaxAge: time.Minute, MaxFuture: 5 * time.Second},
	Validate: func(_ context.Context, _ peer.ID, payload []byte) (any, Result, error) {
		if len(payload) < 2 || string(payload[:2]) != "ok" {
			return nil, Reject, fmt.Errorf("not ok")
		}
		return len(payload), Accept, nil
	},
}

func newTestNode(t testing.TB, cfg Config) *testNode {
	t.Helper()
	rep := p2p.NewReputation(10*time.Minute, 100, time.Hour, testLog())
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics(), libp2p.ConnectionGater(rep))
	if err != nil {
		t.Fatal(err)
	}
	rep.DisconnectOnBan(h.Network())
	r, err := New(h, "test", cfg, rep, WithLogger(testLog()))
	if err != nil {
		t.Fatal(err)
	}
	topic, err := r.Register(testTopic)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := topic.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	n := &testNode{h: h, r: r, rep: rep, t: topic, sub: sub}
	t.Cleanup(func() { sub.Cancel(); r.Close(); h.Close() })
	return n
}

func connect(t testing.TB, a, b host.Host) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Connect(ctx, peer.AddrInfo{ID: b.ID(), Addrs: b.Addrs()}); err != nil {
		t.Fatal(err)
	}
}

// sparseNetwork starts n nodes; node i connects to `links` random earlier
// nodes (a connected random graph of average degree ~2*links).
func sparseNetwork(t testing.TB, n, links int, seed uint64, cfg Config) []*testNode {
	rng := rand.New(rand.NewPCG(seed, seed))
	nodes := make([]*testNode, n)
	for i := range nodes {
		nodes[i] = newTestNode(t, cfg)
		for _, j := range rng.Perm(i)[:min(i, links)] {
			connect(t, nodes[i].h, nodes[j].h)
		}
	}
	return nodes
}

// waitMeshes waits until every node has a mesh peer on the test topic.
func waitMeshes(t testing.TB, nodes []*testNode) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		lonely := 0
		for _, n := range nodes {
			if n.t.MeshPeers() == 0 {
				lonely++
			}
		}
		if lonely == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d nodes still have no mesh peer", lonely)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// receive waits for the next message on n's subscription.
func receive(t testing.TB, n *testNode, timeout time.Duration) *Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	m, err := n.sub.Next(ctx)
	if err != nil {
		t.Fatalf("%s: no message within %s: %v", n.h.ID(), timeout, err)
	}
	return m
}

// TestPropagation30: messages published anywhere in a random sparse graph of
// 30 nodes reach every node; duplicates per message are measured.
func TestPropagation30(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 30 libp2p hosts")
	}
	nodes := sparseNetwork(t, 30, 2, 1, DefaultConfig())
	waitMeshes(t, nodes)
	rng := rand.New(rand.NewPCG(7, 7))
	const msgs = 10
	for k := range msgs {
		src := nodes[rng.IntN(len(nodes))]
		payload := fmt.Appendf(nil, "ok message %d", k)
		if err := src.t.Publish(context.Background(), payload); err != nil {
			t.Fatal(err)
		}
		for _, n := range nodes {
			m := receive(t, n, 30*time.Second)
			if string(m.Payload) != string(payload) || m.Decoded.(int) != len(payload) {
				t.Fatalf("node got %q, want %q", m.Payload, payload)
			}
		}
	}
	var dups uint64
	for _, n := range nodes {
		dups += n.t.Stats().Duplicates
	}
	t.Logf("30 nodes, %d messages: %.1f duplicates per message per node", msgs, float64(dups)/msgs/30)
}

// TestInvalidSpammerGraylisted: a peer that sends 50 invalid messages falls
// below the graylist threshold and is banned, while honest traffic goes on.
func TestInvalidSpammerGraylisted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	cfg := DefaultConfig()
	cfg.BanAfter = units.Duration(time.Second)
	honest := sparseNetwork(t, 6, 2, 3, cfg)
	victim := honest[0]

	// The attacker speaks GossipSub with our signature policy and IDs, but
	// publishes garbage: it runs no validator of its own.
	ah, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	defer ah.Close()
	aps, err := pubsub.NewGossipSub(context.Background(), ah,
		pubsub.WithMessageSignaturePolicy(pubsub.StrictNoSign), pubsub.WithNoAuthor(),
		// Room for the whole burst: the test is about what the victim does
		// with 50 invalid messages, not about the attacker's own queue.
		pubsub.WithPeerOutboundQueueSize(256),
		pubsub.WithMessageIdFn(func(m *pb.Message) string { s := sha256.Sum256(m.Data); return string(s[:]) }))
	if err != nil {
		t.Fatal(err)
	}
	at, err := aps.Join(testTopic.FullName("test"))
	if err != nil {
		t.Fatal(err)
	}
	connect(t, ah, victim.h)
	waitMeshes(t, honest)
	deadline := time.Now().Add(30 * time.Second)
	for len(at.ListPeers()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("attacker never saw the victim's subscription")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i := range 50 {
		var data []byte
		switch i % 4 {
		case 0: // not snappy
			data = []byte{0xff, 0xfe, 0xfd, byte(i)}
		case 1: // over the topic's payload cap (compresses to almost nothing)
			data = EncodeEnvelope(time.Now(), append([]byte("ok"), make([]byte, testTopic.MaxPayload+i)...))
		case 2: // fails the topic's validator
			data = EncodeEnvelope(time.Now(), fmt.Appendf(nil, "bad %d", i))
		case 3: // an hour in the future, far beyond the window
			data = EncodeEnvelope(time.Now().Add(time.Hour), fmt.Appendf(nil, "ok %d", i))
		}
		if err := at.Publish(context.Background(), data); err != nil {
			t.Fatal(err)
		}
	}
	deadline = time.Now().Add(60 * time.Second)
	for {
		s, ok := victim.r.Score(ah.ID())
		if ok && s < cfg.GraylistThreshold {
			t.Logf("attacker's score at the victim: %.0f (graylist %.0f)", s, cfg.GraylistThreshold)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("attacker not graylisted: score %v (known %v)", s, ok)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Honest traffic still flows, to and from the victim.
	for _, src := range []*testNode{honest[3], victim} {
		payload := fmt.Appendf(nil, "ok from %s", src.h.ID())
		if err := src.t.Publish(context.Background(), payload); err != nil {
			t.Fatal(err)
		}
		for _, n := range honest {
			if m := receive(t, n, 30*time.Second); string(m.Payload) != string(payload) {
				t.Fatalf("got %q, want %q", m.Payload, payload)
			}
		}
	}
	// After BanAfter below the graylist, the attacker is banned and cut off.
	deadline = time.Now().Add(30 * time.Second)
	for !victim.rep.Banned(ah.ID()) || victim.h.Network().Connectedness(ah.ID()) == network.Connected {
		if time.Now().After(deadline) {
			t.Fatalf("attacker not banned (banned=%v)", victim.rep.Banned(ah.ID()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ah.Connect(ctx, peer.AddrInfo{ID: victim.h.ID(), Addrs: victim.h.Addrs()}); err == nil {
		// The dial may complete the handshake before the gater closes it;
		// what matters is that no connection survives.
		time.Sleep(200 * time.Millisecond)
		if victim.h.Network().Connectedness(ah.ID()) == network.Connected {
			t.Fatal("banned attacker reconnected")
		}
	}
	for _, n := range honest[1:] {
		if victim.rep.Banned(n.h.ID()) {
			t.Fatalf("honest peer %s banned", n.h.ID())
		}
	}
}
