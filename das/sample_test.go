package das

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"log/slog"
	"math/rand/v2"
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
	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/p2p/reqresp"
)

// squares is a DA node's store for the test: squares by data root.
type squares struct {
	mu sync.Mutex
	m  map[erasure.Hash]*erasure.Square
}

func (s *squares) put(sq *erasure.Square) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[erasure.Hash]*erasure.Square{}
	}
	s.m[sq.Root] = sq
}

func (s *squares) Square(_ context.Context, root erasure.Hash) (*erasure.Square, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[root], nil
}

func newNode(t *testing.T) (host.Host, *reqresp.Service, *p2p.Reputation) {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	rep := p2p.NewReputation(10*time.Minute, 1000, time.Hour, log)
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics(), libp2p.ConnectionGater(rep))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	svc, err := reqresp.NewService(h, rep, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h, svc, rep
}

// TestSamplingNetwork: 4 DA nodes serve a square to 20 light nodes over
// loopback, and every light node reports it available; then the producer
// withholds 30% of the next extended square from every DA node, and light
// nodes report it unavailable — the fraction that miss the withholding stays
// under the formula's bound.
func TestSamplingNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 24 libp2p hosts")
	}
	proto := SampleProtocol("test")
	var stores [4]squares
	var daIDs []peer.ID
	var daHosts []host.Host
	for i := range stores {
		h, svc, _ := newNode(t)
		ServeSamples(svc, proto, &stores[i])
		daIDs = append(daIDs, h.ID())
		daHosts = append(daHosts, h)
	}
	type light struct {
		h   host.Host
		svc *reqresp.Service
		tr  *sampling.Tracker
		rep *p2p.Reputation
	}
	var lights []light
	for i := range 20 {
		h, svc, rep := newNode(t)
		for _, d := range daHosts {
			if err := h.Connect(context.Background(), peer.AddrInfo{ID: d.ID(), Addrs: d.Addrs()}); err != nil {
				t.Fatal(err)
			}
		}
		lights = append(lights, light{h, svc, sampling.NewTracker(0.9999, rand.New(rand.NewPCG(uint64(i), 99))), rep})
	}

	rng := rand.New(rand.NewPCG(7, 7))
	data := make([]byte, 100_000)
	for i := range data {
		data[i] = byte(rng.UintN(256))
	}
	good, err := erasure.Extend(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range stores {
		stores[i].put(good)
	}
	sampleAll := func(h Header) []sampling.Verdict {
		out := make([]sampling.Verdict, len(lights))
		var wg sync.WaitGroup
		for i, l := range lights {
			wg.Go(func() {
				// Withheld samples are retried until this deadline.
				ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
				defer cancel()
				peers := append([]peer.ID(nil), daIDs...)
				rand.New(rand.NewPCG(uint64(i), h.Height)).Shuffle(len(peers), func(a, b int) { peers[a], peers[b] = peers[b], peers[a] })
				v, err := SampleHeader(ctx, l.tr, nil, l.svc, proto, peers, h)
				if err != nil {
					t.Error(err)
				}
				out[i] = v
			})
		}
		wg.Wait()
		return out
	}
	for i, v := range sampleAll(Header{Height: 1, Root: good.Root, K: good.K}) {
		if v != sampling.Available {
			t.Fatalf("light node %d: %s, want available", i, v)
		}
	}

	// The producer withholds 30% of the next extended square everywhere.
	data2 := append([]byte("second batch"), data...)
	full, err := erasure.Extend(data2)
	if err != nil {
		t.Fatal(err)
	}
	w := full.Width()
	drop := map[int]bool{}
	for _, i := range rng.Perm(w * w)[:w*w*3/10] {
		drop[i] = true
	}
	withheld := full.Withhold(func(r, c int) bool { return drop[r*w+c] })
	for i := range stores {
		stores[i].put(withheld)
	}
	missed := 0
	for _, v := range sampleAll(Header{Height: 2, Root: full.Root, K: full.K}) {
		if v == sampling.Available {
			missed++
		}
	}
	s := sampling.SampleCount(full.K, 0.9999)
	bound := sampling.MissBound(full.K, s)
	t.Logf("k=%d, %d samples each: %d of %d light nodes missed 30%% withholding (bound per node %.2g)", full.K, s, missed, len(lights), bound)
	if float64(missed)/float64(len(lights)) > bound {
		t.Fatalf("%d of %d light nodes reported a withheld square available", missed, len(lights))
	}
	// Withholding is not lying: no DA node was penalized.
	for _, l := range lights {
		for _, d := range daIDs {
			if l.rep.Points(d) != 0 {
				t.Fatalf("DA node %s penalized for withholding", d)
			}
		}
	}
}

// A DA node that serves shares with bad proofs is penalized and the light
// node completes from an honest one.
func TestLyingDANodePenalized(t *testing.T) {
	proto := SampleProtocol("test")
	sq, err := erasure.Extend(make([]byte, 5000))
	if err != nil {
		t.Fatal(err)
	}
	honestH, honestSvc, _ := newNode(t)
	var honest squares
	honest.put(sq)
	ServeSamples(honestSvc, proto, &honest)
	liarH, liarSvc, _ := newNode(t)
	liarSvc.Handle(proto, func(_ context.Context, _ peer.ID, req []byte, w *reqresp.ResponseWriter) error {
		r, _ := UnmarshalSampleRequest(req)
		for _, c := range r.Coords {
			p, _ := sq.Prove(c.Row, c.Col, erasure.RowAxis)
			bad := append([]byte(nil), sq.Share(c.Row, c.Col)...)
			bad[0] ^= 0xff
			w.Write(MarshalSample(Sample{Coord: c, Share: bad, Proof: p}))
		}
		return nil
	})
	h, svc, rep := newNode(t)
	for _, o := range []host.Host{honestH, liarH} {
		if err := h.Connect(context.Background(), peer.AddrInfo{ID: o.ID(), Addrs: o.Addrs()}); err != nil {
			t.Fatal(err)
		}
	}
	tr := sampling.NewTracker(0.9999, rand.New(rand.NewPCG(1, 1)))
	v, err := SampleHeader(context.Background(), tr, nil, svc, proto, []peer.ID{liarH.ID(), honestH.ID()}, Header{Height: 1, Root: sq.Root, K: sq.K})
	if err != nil || v != sampling.Available {
		t.Fatalf("verdict %s, %v", v, err)
	}
	if rep.Points(liarH.ID()) == 0 || rep.Points(honestH.ID()) != 0 {
		t.Fatalf("penalties: liar %v, honest %v", rep.Points(liarH.ID()), rep.Points(honestH.ID()))
	}
}

func FuzzUnmarshalSampleRequest(f *testing.F) {
	f.Add(SampleRequest{K: 4, Coords: []sampling.Coord{{Row: 1, Col: 2}, {Row: 7, Col: 7}}}.Marshal())
	f.Add(make([]byte, 36))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := UnmarshalSampleRequest(b)
		if err != nil {
			return
		}
		if len(r.Coords) == 0 || len(r.Coords) > MaxSamplesPerRequest {
			t.Fatalf("accepted %d coordinates", len(r.Coords))
		}
		for _, c := range r.Coords {
			if c.Row >= 2*r.K || c.Col >= 2*r.K {
				t.Fatal("accepted a coordinate outside the square")
			}
		}
	})
}

func FuzzUnmarshalSample(f *testing.F) {
	sq, _ := erasure.Extend([]byte("fuzz"))
	p, _ := sq.Prove(0, 1, erasure.RowAxis)
	f.Add(MarshalSample(Sample{Coord: sampling.Coord{Row: 0, Col: 1}, Share: sq.Share(0, 1), Proof: p}), 1)
	f.Fuzz(func(t *testing.T, b []byte, k int) {
		if k < 1 || k > erasure.MaxK || k&(k-1) != 0 {
			return
		}
		s, err := UnmarshalSample(b, k)
		if err != nil {
			return
		}
		if len(s.Share) != erasure.ShareSize {
			t.Fatal("share of the wrong size accepted")
		}
		_ = erasure.VerifyShare(erasure.Hash{}, k, 0, 0, s.Share, s.Proof)
	})
}

func FuzzUnmarshalHeader(f *testing.F) {
	sq, _ := erasure.Extend([]byte("header fuzz"))
	key, _, _ := crypto.GenerateEd25519Key(crand.Reader)
	h, _ := NewHeader("test", 3, sq, key)
	f.Add(h.Marshal())
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := UnmarshalHeader("test", b)
		if err != nil {
			return
		}
		if err := erasure.VerifyRoots(got.Root, got.K, got.Rows, got.Cols); err != nil {
			t.Fatal("accepted a header whose roots do not match")
		}
	})
}

func FuzzUnmarshalFraudMessage(f *testing.F) {
	f.Add(make([]byte, 40))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := UnmarshalFraudMessage(b)
		if err == nil && m.Proof == nil {
			t.Fatal("message without a proof accepted")
		}
	})
}

func FuzzUnmarshalAttestation(f *testing.F) {
	key, _ := ethcrypto.GenerateKey()
	a, _ := SignAttestation(key, 1, 2, erasure.Hash{3})
	f.Add(a.Marshal())
	f.Add(make([]byte, 105))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := UnmarshalAttestation(1, b)
		if err != nil {
			return
		}
		pub, err := ethcrypto.SigToPub(AttestationDigest(1, a.Height, a.Root), a.Signature)
		if err != nil || ethcrypto.PubkeyToAddress(*pub) != a.Signer {
			t.Fatal("recovered signer does not match")
		}
	})
}

func FuzzDecodeLineRequest(f *testing.F) {
	f.Add(encodeLineRequest(erasure.Hash{1}, 4, erasure.ColAxis, 7))
	f.Add(make([]byte, 37))
	f.Fuzz(func(t *testing.T, b []byte) {
		root, k, axis, idx, err := decodeLineRequest(b)
		if err != nil {
			return
		}
		if idx >= 2*k || !bytes.Equal(encodeLineRequest(root, k, axis, idx), b) {
			t.Fatalf("accepted a bad line request %x", b)
		}
	})
}
