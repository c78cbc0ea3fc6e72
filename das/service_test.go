package das

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/p2p/reqresp"
)

type daNode struct {
	h        host.Host
	s        *Service
	rep      *p2p.Reputation
	stop     func()
	stopOnce sync.Once
}

func startDANode(t *testing.T, key crypto.PrivKey, full, light bool, producers []string, peers func() []peer.ID, seed uint64) *daNode {
	t.Helper()
	return startDANodeAt(t, filepath.Join(t.TempDir(), "das"), key, full, light, producers, peers, seed)
}

func startDANodeAt(t *testing.T, dir string, key crypto.PrivKey, full, light bool, producers []string, peers func() []peer.ID, seed uint64, opts ...func(*Params)) *daNode {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	rep := p2p.NewReputation(10*time.Minute, 1000, time.Hour, log)
	h, err := libp2p.New(libp2p.Identity(key), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics(), libp2p.ConnectionGater(rep))
	if err != nil {
		t.Fatal(err)
	}
	r, err := gossip.New(h, "test", gossip.DefaultConfig(), rep, gossip.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	rr, err := reqresp.NewService(h, rep, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	store, err := OpenStore(dir, "test", 4, log)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Producers = producers
	cfg.SampleTimeout.UnmarshalText([]byte("3s"))
	var akey *ecdsa.PrivateKey
	if full {
		if akey, err = ethcrypto.GenerateKey(); err != nil {
			t.Fatal(err)
		}
	}
	p := Params{Config: cfg, Network: "test", Full: full, Light: light, Key: key, Router: r, ReqResp: rr,
		Store: store, Peers: peers, Log: log, Rand: mrand.New(mrand.NewPCG(seed, 5)), ChainID: 42069, AttestKey: akey, Host: h}
	for _, o := range opts {
		o(&p)
	}
	s, err := NewService(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	n := &daNode{h: h, s: s, rep: rep}
	n.stop = func() { s.Close(); r.Close(); h.Close(); store.Close() }
	t.Cleanup(func() { n.stopOnce.Do(n.stop) })
	return n
}

func newKey(t *testing.T) crypto.PrivKey {
	k, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestDANetwork: one producer, 4 DA nodes and 20 light nodes on loopback.
// Every light node finds a published square available; when the producer
// withholds a (k+2)×(k+2) block of the next square (31.6% of it, beyond
// repair) from everyone, DA nodes cannot complete it and every light node
// reports it unavailable. The header goes out as soon as every node knows a
// header topic peer, so now and then a light node is outside every mesh and
// misses it on gossip; it finds it by polling its DA peers.
func TestDANetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 25 libp2p hosts")
	}
	pkey := newKey(t)
	pid, _ := peer.IDFromPrivateKey(pkey)
	producers := []string{pid.String()}
	var fullIDs []peer.ID
	finder := func() []peer.ID { return fullIDs }
	producer := startDANode(t, pkey, true, false, producers, finder, 0)
	fullIDs = append(fullIDs, producer.h.ID())
	var das []*daNode
	for i := range 4 {
		n := startDANode(t, newKey(t), true, false, producers, finder, uint64(i))
		das = append(das, n)
	}
	for _, n := range das {
		fullIDs = append(fullIDs, n.h.ID())
	}
	var lights []*daNode
	for i := range 20 {
		lights = append(lights, startDANode(t, newKey(t), false, true, producers, finder, uint64(100+i)))
	}
	// A random sparse mesh over everyone, plus every light node to every
	// DA node (as discovery would connect them).
	all := append(append([]*daNode{producer}, das...), lights...)
	rng := mrand.New(mrand.NewPCG(3, 3))
	connect := func(a, b host.Host) {
		if err := a.Connect(context.Background(), peer.AddrInfo{ID: b.ID(), Addrs: b.Addrs()}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(all); i++ {
		for _, j := range rng.Perm(i)[:min(i, 2)] {
			connect(all[i].h, all[j].h)
		}
	}
	// Each light node dials two full nodes (as discovery would) and knows
	// the addresses of the others, which it dials when it samples them.
	full := append([]*daNode{producer}, das...)
	for _, l := range lights {
		for _, i := range rng.Perm(len(full))[:2] {
			connect(l.h, full[i].h)
		}
		for _, d := range full {
			l.h.Peerstore().AddAddrs(d.h.ID(), d.h.Addrs(), time.Hour)
		}
	}
	waitVerdicts := func(height uint64, want sampling.Verdict) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			done, wrong := 0, ""
			for i, l := range lights {
				v, err := l.s.Verdict(height)
				if err != nil {
					t.Fatal(err)
				}
				if v == want {
					done++
				} else if v != sampling.Pending {
					wrong = fmt.Sprintf("light node %d: %s", i, v)
				}
			}
			if wrong != "" {
				t.Fatalf("height %d: %s, want %s", height, wrong, want)
			}
			if done == len(lights) {
				return
			}
			if time.Now().After(deadline) {
				for i, l := range lights {
					if v, _ := l.s.Verdict(height); v == want {
						continue
					}
					_, err := l.s.store.Header(height)
					t.Logf("light node %d undecided: header stored %v, being sampled %v, status %+v, %d header topic peers (%d in mesh)",
						i, err == nil, l.s.sampling(height), l.s.Status(), len(l.s.topic.Peers()), l.s.topic.MeshPeers())
				}
				t.Fatalf("height %d: %d of %d light nodes decided", height, done, len(lights))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// Wait until every node knows a peer on the header and attestation
	// topics. (Not a mesh peer each: full nodes with many light peers prune
	// their meshes with a backoff, and a pruned node still gets every message
	// through IHAVE/IWANT gossip.) The producer needs mesh peers to publish.
	meshDeadline := time.Now().Add(90 * time.Second)
	for _, n := range all {
		for len(n.s.topic.Peers()) == 0 || len(n.s.attest.Peers()) == 0 || (n == producer && (n.s.topic.MeshPeers() == 0 || n.s.attest.MeshPeers() == 0)) {
			if time.Now().After(meshDeadline) {
				t.Fatal("header topic peers not known")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	data := make([]byte, 120_000)
	for i := range data {
		data[i] = byte(rng.UintN(256))
	}
	h1, err := producer.s.Publish(context.Background(), 1, data)
	if err != nil {
		t.Fatal(err)
	}
	waitVerdicts(1, sampling.Available)
	// Every DA node ended up with the whole square.
	deadline := time.Now().Add(60 * time.Second)
	for _, d := range das {
		for !d.s.store.HasSquare(h1.Root) {
			if time.Now().After(deadline) {
				t.Fatal("a DA node never stored the square")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// Every full node attested the square, and the light nodes heard all of
	// them, each signature recovering to its signer's address.
	want := map[string]bool{producer.s.AttestationAddress().Hex(): true}
	for _, d := range das {
		want[d.s.AttestationAddress().Hex()] = true
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		atts, err := lights[0].s.Attestations(1)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, a := range atts {
			pub, err := ethcrypto.SigToPub(AttestationDigest(42069, 1, h1.Root), a.Signature)
			if err != nil || ethcrypto.PubkeyToAddress(*pub) != a.Signer || a.Root != h1.Root {
				t.Fatalf("attestation from %s does not verify", a.Signer)
			}
			if want[a.Signer.Hex()] {
				got++
			}
		}
		if got == len(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("light node holds %d of %d attestations", got, len(want))
		}
		time.Sleep(50 * time.Millisecond)
	}

	k := h1.K
	h2, err := producer.s.PublishWithholding(context.Background(), 2, append([]byte("two"), data...), func(r, c int) bool {
		return r < k+2 && c < k+2
	})
	if err != nil {
		t.Fatal(err)
	}
	waitVerdicts(2, sampling.Unavailable)
	for _, d := range das {
		if d.s.store.HasSquare(h2.Root) {
			t.Fatal("a DA node stored a square it could not have repaired")
		}
	}
	if atts, _ := lights[0].s.Attestations(2); len(atts) != 0 {
		t.Fatalf("%d attestations for a withheld square", len(atts))
	}
	for _, l := range lights {
		if st := l.s.Status(); st.NetworkHead != 2 || st.SampledHead != 1 || len(st.FailedHeights) != 1 {
			t.Fatalf("light status %+v", st)
		}
	}
}

// TestFraudProofNetwork: a producer publishes a square with one tampered
// share (its commitments consistent with the tampered shares); DA nodes
// detect the bad encoding while repairing, gossip a fraud proof, and every
// node marks the height invalid: light nodes report it unavailable.
func TestFraudProofNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	pkey := newKey(t)
	pid, _ := peer.IDFromPrivateKey(pkey)
	producers := []string{pid.String()}
	var fullIDs []peer.ID
	finder := func() []peer.ID { return fullIDs }
	producer := startDANode(t, pkey, true, false, producers, finder, 0)
	da := startDANode(t, newKey(t), true, false, producers, finder, 1)
	fullIDs = []peer.ID{producer.h.ID(), da.h.ID()}
	var lights []*daNode
	for i := range 3 {
		lights = append(lights, startDANode(t, newKey(t), false, true, producers, finder, uint64(10+i)))
	}
	all := append([]*daNode{producer, da}, lights...)
	for i, a := range all {
		for _, b := range all[:i] {
			if err := a.h.Connect(context.Background(), peer.AddrInfo{ID: b.h.ID(), Addrs: b.h.Addrs()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for _, n := range all {
		for n.s.topic.MeshPeers() == 0 || n.s.fraud.MeshPeers() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("meshes did not form")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	sq, err := erasure.Extend(make([]byte, 40_000))
	if err != nil {
		t.Fatal(err)
	}
	bad := make([]byte, erasure.ShareSize)
	bad[0] = 1
	sq.Tamper(1, 2, bad)
	if _, err := producer.s.publishTampered(context.Background(), 5, sq); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		done := 0
		for _, n := range append([]*daNode{da}, lights...) {
			if st := n.s.Status(); len(st.InvalidHeights) == 1 && st.InvalidHeights[0] == 5 {
				done++
			}
		}
		if done == 1+len(lights) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d nodes marked the height invalid", done, 1+len(lights))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i, l := range lights {
		if v, _ := l.s.Verdict(5); v != sampling.Unavailable {
			t.Fatalf("light node %d: %s after a fraud proof", i, v)
		}
	}
	if da.s.store.HasSquare(sq.Root) {
		t.Fatal("DA node kept a square proven badly encoded")
	}
}

// TestLightCatchUp: a light node that was down while heights 2 and 3 were
// published fetches their headers from a DA node when it is back, samples
// them, and moves its checkpoint past them.
func TestLightCatchUp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	pkey := newKey(t)
	pid, _ := peer.IDFromPrivateKey(pkey)
	producers := []string{pid.String()}
	var fullIDs []peer.ID
	finder := func() []peer.ID { return fullIDs }
	producer := startDANode(t, pkey, true, false, producers, finder, 0)
	da := startDANode(t, newKey(t), true, false, producers, finder, 1)
	fullIDs = []peer.ID{da.h.ID(), producer.h.ID()}
	link := func(a, b *daNode) {
		if err := a.h.Connect(context.Background(), peer.AddrInfo{ID: b.h.ID(), Addrs: b.h.Addrs()}); err != nil {
			t.Fatal(err)
		}
	}
	link(da, producer)
	lightDir := filepath.Join(t.TempDir(), "light")
	lkey := newKey(t)
	start := func() *daNode {
		l := startDANodeAt(t, lightDir, lkey, false, true, producers, finder, 9)
		link(l, producer)
		link(l, da)
		deadline := time.Now().Add(60 * time.Second)
		for _, n := range []*daNode{l, da, producer} {
			for n.s.topic.MeshPeers() == 0 || n.s.attest.MeshPeers() == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("header mesh did not form: light %d da %d producer %d; light sees %d topic peers", l.s.topic.MeshPeers(), da.s.topic.MeshPeers(), producer.s.topic.MeshPeers(), len(l.s.topic.Peers()))
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		return l
	}
	waitVerdict := func(l *daNode, height uint64) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); ; {
			if v, _ := l.s.Verdict(height); v == sampling.Available {
				return
			} else if v != sampling.Pending {
				t.Fatalf("height %d: %s", height, v)
			}
			if time.Now().After(deadline) {
				t.Fatalf("height %d never decided", height)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitStored := func(height uint64) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); ; {
			if h, err := da.s.store.Header(height); err == nil && da.s.store.HasSquare(h.Root) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("DA node never stored height %d", height)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	publish := func(height uint64) {
		if _, err := producer.s.Publish(context.Background(), height, []byte(fmt.Sprintf("batch %d", height))); err != nil {
			t.Fatal(err)
		}
	}
	light := start()
	publish(1)
	waitVerdict(light, 1)
	light.stopOnce.Do(light.stop)

	publish(2)
	publish(3)
	waitStored(2)
	waitStored(3)

	light = start()
	publish(4)
	for _, h := range []uint64{2, 3, 4} {
		waitVerdict(light, h)
	}
	for deadline := time.Now().Add(30 * time.Second); light.s.Status().Checkpoint != 4; {
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint %d, want 4", light.s.Status().Checkpoint)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBitswapFallback: a light node that gets nothing over the sample
// protocol (it knows no sample peer) still verifies every sample by walking
// the row trees over bitswap from a DA node it is connected to.
func TestBitswapFallback(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	log := slog.New(slog.DiscardHandler)
	mk := func() (host.Host, *reqresp.Service) {
		h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		svc, err := reqresp.NewService(h, nil, log, nil)
		if err != nil {
			t.Fatal(err)
		}
		return h, svc
	}
	daH, _ := mk()
	store, err := OpenStore(filepath.Join(t.TempDir(), "das"), "test", 2, log)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sq, err := erasure.Extend([]byte("bitswap fallback"))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.PutSquare(sq); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serveBS := NewBitswap(ctx, daH, "test", store, true)
	defer serveBS.Close()

	lightH, lightSvc := mk()
	lightStore, err := OpenStore(filepath.Join(t.TempDir(), "light"), "test", 1, log)
	if err != nil {
		t.Fatal(err)
	}
	defer lightStore.Close()
	clientBS := NewBitswap(ctx, lightH, "test", lightStore, false)
	defer clientBS.Close()
	if err := lightH.Connect(ctx, peer.AddrInfo{ID: daH.ID(), Addrs: daH.Addrs()}); err != nil {
		t.Fatal(err)
	}
	hdr := Header{Height: 1, Root: sq.Root, K: sq.K}
	fallback := func(ctx context.Context, c sampling.Coord) (Sample, error) {
		return fetchByBitswap(ctx, clientBS, hdr, sq.Rows, sq.Cols, c)
	}
	tr := sampling.NewTracker(0.9999, mrand.New(mrand.NewPCG(1, 1)))
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	v, err := sampleHeader(sctx, tr, nil, lightSvc, SampleProtocol("test"), nil, hdr, nil, fallback)
	if err != nil || v != sampling.Available {
		t.Fatalf("verdict %s, %v", v, err)
	}
}

// TestLightPollsMissedHeaders: a light node that gossip never told of a
// header (here no header is gossiped at all: the DA node has them in its
// store) finds it by polling its DA peer over headers_by_range when it has
// heard of nothing new for a while, samples it, and keeps following heights
// above it the same way.
func TestLightPollsMissedHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	pkey := newKey(t)
	pid, _ := peer.IDFromPrivateKey(pkey)
	producers := []string{pid.String()}
	var fullIDs []peer.ID
	finder := func() []peer.ID { return fullIDs }
	da := startDANode(t, newKey(t), true, false, producers, finder, 1)
	fullIDs = []peer.ID{da.h.ID()}
	light := startDANodeAt(t, filepath.Join(t.TempDir(), "light"), newKey(t), false, true, producers, finder, 2,
		func(p *Params) { p.HeaderPoll = 50 * time.Millisecond })
	light.h.Peerstore().AddAddrs(da.h.ID(), da.h.Addrs(), time.Hour)
	// Store a height at the DA node only, as if its gossip never reached
	// the light node.
	put := func(height uint64) {
		t.Helper()
		sq, err := erasure.Extend([]byte(fmt.Sprintf("batch %d", height)))
		if err != nil {
			t.Fatal(err)
		}
		h, err := NewHeader("test", height, sq, pkey)
		if err != nil {
			t.Fatal(err)
		}
		if err := da.s.store.PutSquare(sq); err != nil {
			t.Fatal(err)
		}
		if err := da.s.store.PutHeader(h, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	waitVerdict := func(height uint64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; {
			if v, _ := light.s.Verdict(height); v == sampling.Available {
				return
			} else if v != sampling.Pending {
				t.Fatalf("height %d: %s", height, v)
			}
			if time.Now().After(deadline) {
				t.Fatalf("height %d never decided", height)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	put(1)
	waitVerdict(1)
	put(2)
	put(3)
	waitVerdict(2)
	waitVerdict(3)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if st := light.s.Status(); st.Checkpoint == 3 && st.NetworkHead == 3 && st.SampledHead == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %+v, want checkpoint, network head and sampled head 3", light.s.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFullRecoversMissedHeaders: a DA node that gossip never told of a
// header (none is gossiped here: the producer only has them in its store)
// finds it by polling, and ingests, stores and attests its square; a DA node
// that does not poll and hears of height 5 after height 1 fetches the
// headers of 2–4 it missed and ingests those squares too.
func TestFullRecoversMissedHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("starts libp2p hosts")
	}
	pkey := newKey(t)
	pid, _ := peer.IDFromPrivateKey(pkey)
	producers := []string{pid.String()}
	var fullIDs []peer.ID
	finder := func() []peer.ID { return fullIDs }
	producer := startDANode(t, pkey, true, false, producers, finder, 0)
	poller := startDANodeAt(t, filepath.Join(t.TempDir(), "poller"), newKey(t), true, false, producers, finder, 1,
		func(p *Params) { p.HeaderPoll = 50 * time.Millisecond })
	// Never quiet for long enough to poll: it learns only what it is handed.
	gapped := startDANodeAt(t, filepath.Join(t.TempDir(), "gapped"), newKey(t), true, false, producers, finder, 2,
		func(p *Params) { p.HeaderPoll = time.Hour })
	fullIDs = []peer.ID{producer.h.ID(), poller.h.ID(), gapped.h.ID()}
	for _, a := range []*daNode{producer, poller, gapped} {
		for _, b := range []*daNode{producer, poller, gapped} {
			if a != b {
				a.h.Peerstore().AddAddrs(b.h.ID(), b.h.Addrs(), time.Hour)
			}
		}
	}
	// Store a height at the producer only, as if its gossip reached no one.
	put := func(height uint64) *DAHeader {
		t.Helper()
		sq, err := erasure.Extend([]byte(fmt.Sprintf("batch %d", height)))
		if err != nil {
			t.Fatal(err)
		}
		h, err := NewHeader("test", height, sq, pkey)
		if err != nil {
			t.Fatal(err)
		}
		if err := producer.s.store.PutSquare(sq); err != nil {
			t.Fatal(err)
		}
		if err := producer.s.store.PutHeader(h, time.Now()); err != nil {
			t.Fatal(err)
		}
		return h
	}
	// waitAttested waits until n stores the square of height and holds its
	// own attestation of it.
	waitAttested := func(n *daNode, name string, height uint64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; {
			if h, err := n.s.store.Header(height); err == nil && n.s.store.HasSquare(h.Root) {
				atts, err := n.s.Attestations(height)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range atts {
					if a.Signer == n.s.AttestationAddress() && a.Root == h.Root {
						return
					}
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never stored and attested height %d (status %+v)", name, height, n.s.Status())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	h1 := put(1)
	waitAttested(poller, "polling DA node", 1)

	gapped.s.onHeader(h1) // as if gossiped
	var hs []*DAHeader
	for height := uint64(2); height <= 5; height++ {
		hs = append(hs, put(height))
	}
	gapped.s.onHeader(hs[len(hs)-1])
	for height := uint64(1); height <= 5; height++ {
		waitAttested(gapped, "DA node with a gap", height)
		waitAttested(poller, "polling DA node", height)
	}
	for _, n := range []*daNode{poller, gapped} {
		if st := n.s.Status(); st.NetworkHead != 5 {
			t.Fatalf("network head %d, want 5", st.NetworkHead)
		}
	}
	if c, ok := gapped.s.advanceContiguous(); !ok || c != 5 {
		t.Fatalf("headers contiguous up to %d (%v), want 5", c, ok)
	}
}
