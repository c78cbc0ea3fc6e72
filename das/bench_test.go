package das

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
	"github.com/l2node/l2node/p2p/reqresp"
)

// BenchmarkLightSample: the time for a light node to sample a new header
// (k = 64, 1 MiB of batch data: 32 samples to 99.99% confidence, fetched
// from 4 DA nodes and verified), p50 and p99 over the iterations. The
// baseline, measured in the same run: one request for a single sample to
// one DA node, the round trip it cannot beat. Over loopback TCP, and through
// a proxy that delays every byte by 50 ms each way (a 100 ms round trip).
//
//	go test ./das -run '^$' -bench LightSample -benchtime 200x
func BenchmarkLightSample(b *testing.B) {
	b.Run("loopback", func(b *testing.B) {
		var hosts []host.Host
		for range 5 {
			h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			hosts = append(hosts, h)
		}
		for _, d := range hosts[1:] {
			if err := hosts[0].Connect(context.Background(), peer.AddrInfo{ID: d.ID(), Addrs: d.Addrs()}); err != nil {
				b.Fatal(err)
			}
		}
		benchSample(b, hosts[0], hosts[1:])
	})
	b.Run("latency50ms", func(b *testing.B) {
		// Real TCP through a proxy that holds every byte 50 ms in each
		// direction (a 100 ms round trip): the kernel's netem is not
		// available everywhere, and go-libp2p's mock network delays each
		// write behind the previous one, which is not how TCP behaves.
		var hosts []host.Host
		for range 5 {
			h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			hosts = append(hosts, h)
		}
		for _, d := range hosts[1:] {
			proxy := delayProxy(b, d.Addrs()[0], 50*time.Millisecond)
			if err := hosts[0].Connect(context.Background(), peer.AddrInfo{ID: d.ID(), Addrs: []ma.Multiaddr{proxy}}); err != nil {
				b.Fatal(err)
			}
		}
		benchSample(b, hosts[0], hosts[1:])
	})
}

// delayProxy forwards TCP connections to target, delivering every byte
// delay after it was read, in both directions, without slowing the stream
// down otherwise. It returns the proxy's multiaddr.
func delayProxy(b *testing.B, target ma.Multiaddr, delay time.Duration) ma.Multiaddr {
	dst, err := manet.ToNetAddr(target)
	if err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	pipe := func(from, to net.Conn) {
		type packet struct {
			data []byte
			due  time.Time
		}
		q := make(chan packet, 4096)
		go func() {
			defer close(q)
			for {
				buf := make([]byte, 32<<10)
				n, err := from.Read(buf)
				if n > 0 {
					q <- packet{buf[:n], time.Now().Add(delay)}
				}
				if err != nil {
					return
				}
			}
		}()
		go func() {
			defer to.Close()
			for p := range q {
				time.Sleep(time.Until(p.due))
				if _, err := to.Write(p.data); err != nil {
					return
				}
			}
		}()
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial(dst.Network(), dst.String())
			if err != nil {
				c.Close()
				continue
			}
			pipe(c, d)
			pipe(d, c)
		}
	}()
	addr, err := manet.FromNetAddr(l.Addr())
	if err != nil {
		b.Fatal(err)
	}
	return addr
}

func benchSample(b *testing.B, light host.Host, daHosts []host.Host) {
	log := slog.New(slog.DiscardHandler)
	proto := SampleProtocol("bench")
	sq, err := erasure.Extend(randomBytes(1 << 20))
	if err != nil {
		b.Fatal(err)
	}
	var store squares
	store.put(sq)
	var das []peer.ID
	for _, h := range daHosts {
		svc, err := reqresp.NewService(h, nil, log, nil)
		if err != nil {
			b.Fatal(err)
		}
		ServeSamples(svc, proto, &store)
		das = append(das, h.ID())
	}
	svc, err := reqresp.NewService(light, nil, log, nil)
	if err != nil {
		b.Fatal(err)
	}
	// Baseline: a single sample, one request, one round trip.
	var rtts []time.Duration
	for range 20 {
		t0 := time.Now()
		if _, err := svc.Request(context.Background(), das[0], proto, SampleRequest{Root: sq.Root, K: sq.K, Coords: []sampling.Coord{{Row: 1, Col: 1}}}.Marshal()); err != nil {
			b.Fatal(err)
		}
		rtts = append(rtts, time.Since(t0))
	}
	tr := sampling.NewTracker(0.9999, rand.New(rand.NewPCG(1, 2)))
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		peers := append([]peer.ID(nil), das...)
		rand.New(rand.NewPCG(uint64(i), 0)).Shuffle(len(peers), func(a, c int) { peers[a], peers[c] = peers[c], peers[a] })
		t0 := time.Now()
		v, err := SampleHeader(context.Background(), tr, nil, svc, proto, peers, Header{Height: uint64(i), Root: sq.Root, K: sq.K})
		if err != nil || v != sampling.Available {
			b.Fatalf("height %d: %s %v", i, v, err)
		}
		lat = append(lat, time.Since(t0))
		tr.Forget(sampling.Key{Height: uint64(i), Root: sq.Root})
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(rtts[len(rtts)/2]), "rtt-ms")
	b.ReportMetric(float64(lat[len(lat)/2])/float64(rtts[len(rtts)/2]), "p50/rtt")
	b.ReportMetric(float64(sampling.SampleCount(sq.K, 0.9999)), "samples")
}

func randomBytes(n int) []byte {
	rng := rand.New(rand.NewPCG(9, 9))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}
