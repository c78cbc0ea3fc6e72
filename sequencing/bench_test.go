package sequencing

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/p2p"
)

// ecrecoverRate measures raw secp256k1 public-key recoveries (crypto.Ecrecover
// on the transactions' signing hashes) per second on all cores: the limit of
// this machine for transaction validation.
func ecrecoverRate(b *testing.B, txs []*types.Transaction) float64 {
	signer := types.LatestSignerForChainID(testChainID)
	type job struct{ hash, sig []byte }
	jobs := make([]job, len(txs))
	for i, tx := range txs {
		v, r, s := tx.RawSignatureValues()
		sig := make([]byte, 65)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:64])
		sig[64] = byte(v.Uint64())
		jobs[i] = job{signer.Hash(tx).Bytes(), sig}
	}
	var next atomic.Int64
	const n = 4000
	start := time.Now()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := next.Add(1); i <= n; i = next.Add(1) {
				j := jobs[int(i)%len(jobs)]
				if _, err := crypto.Ecrecover(j.hash, j.sig); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	return n / time.Since(start).Seconds()
}

// BenchmarkTxTopicValidate: how many transaction messages per second one node
// validates and delivers on /l2/<network>/tx/1 (envelope, window, strict
// decoding, chain ID, sender recovery, dedupe), fed by a peer that publishes
// pre-built messages without validating them itself. Reported beside raw
// ecrecover on all cores, measured in the same run.
func BenchmarkTxTopicValidate(b *testing.B) {
	log := slog.New(slog.DiscardHandler)
	rep := p2p.NewReputation(10*time.Minute, 100, time.Hour, log)
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics(), libp2p.ConnectionGater(rep))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	cfg := gossip.DefaultConfig()
	cfg.ValidateQueue = 1 << 16
	r, err := gossip.New(h, "bench", cfg, rep, gossip.WithLogger(log))
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	topic, err := r.Register(TxTopic(testChainID, nil, nil))
	if err != nil {
		b.Fatal(err)
	}
	sub, err := topic.Subscribe()
	if err != nil {
		b.Fatal(err)
	}

	ph, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		b.Fatal(err)
	}
	defer ph.Close()
	pps, err := pubsub.NewGossipSub(context.Background(), ph, pubsub.WithMessageSignaturePolicy(pubsub.StrictNoSign), pubsub.WithNoAuthor(),
		pubsub.WithPeerOutboundQueueSize(4096),
		pubsub.WithMessageIdFn(func(m *pb.Message) string { s := sha256.Sum256(m.Data); return string(s[:]) }))
	if err != nil {
		b.Fatal(err)
	}
	pt, err := pps.Join(topic.Name())
	if err != nil {
		b.Fatal(err)
	}
	if err := ph.Connect(context.Background(), peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()}); err != nil {
		b.Fatal(err)
	}
	for len(pt.ListPeers()) == 0 {
		time.Sleep(10 * time.Millisecond)
	}

	key, _ := crypto.GenerateKey()
	txs := make([]*types.Transaction, b.N)
	msgs := make([][]byte, b.N)
	for i := range b.N {
		txs[i] = signedTx(b, key, uint64(i), testChainID)
		msgs[i] = gossip.EncodeEnvelope(time.Now(), encode(b, txs[i]))
	}
	baseline := ecrecoverRate(b, txs[:min(len(txs), 64)])

	var received atomic.Int64
	go func() {
		for {
			if _, err := sub.Next(context.Background()); err != nil {
				return
			}
			received.Add(1)
		}
	}()
	b.ResetTimer()
	start := time.Now()
	// Keep at most 128 messages in flight, below the topic's validation
	// concurrency, so that the figure is validation throughput, not drops.
	for i, m := range msgs {
		for int64(i)-received.Load() >= 128 {
			time.Sleep(50 * time.Microsecond)
		}
		if err := pt.Publish(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
	last, lastChange := received.Load(), time.Now()
	for received.Load() < int64(b.N) {
		if n := received.Load(); n != last {
			last, lastChange = n, time.Now()
		} else if time.Since(lastChange) > 10*time.Second {
			b.Fatalf("only %d of %d messages delivered", n, b.N)
		}
		time.Sleep(100 * time.Microsecond)
	}
	rate := float64(b.N) / time.Since(start).Seconds()
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(baseline, "ecrecover/s")
	b.ReportMetric(rate/baseline, "ratio")
}
