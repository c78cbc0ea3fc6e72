package gossip

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
)

// BenchmarkPropagation publishes from random nodes of a 30-node random
// sparse loopback mesh (each node dialled 2 random earlier ones) and reports
// the p50 and p99 time for a message to reach a node, over every (message,
// node) pair. The baseline, measured in the same run, is one direct hop of
// the same size over a libp2p stream between two of the hosts.
//
//	go test ./gossip -run '^$' -bench Propagation -benchtime 100x
func BenchmarkPropagation(b *testing.B) {
	for _, size := range []int{200, 100 << 10} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) { benchPropagation(b, size) })
	}
}

func benchPropagation(b *testing.B, size int) {
	nodes := sparseNetwork(b, 30, 2, 11, DefaultConfig())
	waitMeshes(b, nodes)
	hop := directHop(b, nodes[0], nodes[1], size, 50)

	type arrival struct {
		msg int
		at  time.Time
	}
	arrivals := make(chan arrival, 30*b.N)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() {
			for {
				m, err := n.sub.Next(ctx)
				if err != nil {
					return
				}
				arrivals <- arrival{int(binary.BigEndian.Uint32(m.Payload[2:])), m.Received}
			}
		})
	}
	sent := make([]time.Time, b.N)
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		payload := make([]byte, size)
		copy(payload, "ok")
		binary.BigEndian.PutUint32(payload[2:], uint32(i))
		src := nodes[(i*7)%len(nodes)]
		sent[i] = time.Now()
		if err := src.t.Publish(ctx, payload); err != nil {
			b.Fatal(err)
		}
		// One message at a time, as a slot carries one batch.
		for range nodes {
			select {
			case a := <-arrivals:
				lat = append(lat, a.at.Sub(sent[a.msg]))
			case <-time.After(30 * time.Second):
				b.Fatalf("message %d did not reach every node", i)
			}
		}
	}
	b.StopTimer()
	cancel()
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(hop), "hop-ms")
	var dups uint64
	for _, n := range nodes {
		dups += n.t.Stats().Duplicates
	}
	b.ReportMetric(float64(dups)/float64(b.N)/float64(len(nodes)), "dups/node/msg")
}

// directHop is the median time to send size bytes one way over a libp2p
// stream between two connected hosts (half a round trip of an echo).
func directHop(b *testing.B, a, c *testNode, size, rounds int) time.Duration {
	const proto = "/l2/bench/echo/1"
	c.h.SetStreamHandler(proto, func(s network.Stream) {
		defer s.Close()
		io.Copy(s, s)
	})
	s, err := a.h.NewStream(context.Background(), c.h.ID(), proto)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	buf := make([]byte, size)
	r := bufio.NewReader(s)
	var rtts []time.Duration
	for range rounds {
		t0 := time.Now()
		if _, err := s.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			b.Fatal(err)
		}
		rtts = append(rtts, time.Since(t0))
	}
	sort.Slice(rtts, func(i, j int) bool { return rtts[i] < rtts[j] })
	return rtts[len(rtts)/2] / 2
}
