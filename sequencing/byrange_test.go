package sequencing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/p2p/reqresp"
)

// item is the test chain's batch at a height: the height and a hash of it,
// so that a verifier can tell a right batch from garbage.
func item(h uint64) []byte {
	b := binary.BigEndian.AppendUint64(nil, h)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func verifyItem(h uint64, b []byte) error {
	if !bytes.Equal(b, item(h)) {
		return errors.New("not the batch at this height")
	}
	return nil
}

type chainSource struct{ height uint64 }

func (c chainSource) Batches(_ context.Context, start, count uint64, yield func(uint64, []byte) error) error {
	for h := start; h < start+count && h < c.height; h++ {
		if err := yield(h, item(h)); err != nil {
			return err
		}
	}
	return nil
}

type garbageSource struct{}

func (garbageSource) Batches(_ context.Context, start, count uint64, yield func(uint64, []byte) error) error {
	for h := start; h < start+count; h++ {
		if err := yield(h, []byte(fmt.Sprintf("garbage %d", h))); err != nil {
			return err
		}
	}
	return nil
}

func newHost(t *testing.T) host.Host {
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// TestLateJoinerFetchesByRange: a late joiner fetches 1,000 batches from three
// peers, one of which rate-limits and one of which returns garbage; it
// completes from the honest one and penalizes only the liar.
func TestLateJoinerFetchesByRange(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	proto := BatchesByRange("test")
	serve := func(src BatchSource, p reqresp.Protocol) host.Host {
		h := newHost(t)
		svc, err := reqresp.NewService(h, nil, log, nil)
		if err != nil {
			t.Fatal(err)
		}
		ServeBatchesByRange(svc, p, src)
		return h
	}
	honest := serve(chainSource{height: 1000}, proto)
	stingy := proto
	stingy.Rate, stingy.Burst = 0.001, 64 // one full request, then "rate limited" for the rest of the test
	limiter := serve(chainSource{height: 1000}, stingy)
	liar := serve(garbageSource{}, proto)

	joiner := newHost(t)
	rep := p2p.NewReputation(10*time.Minute, 1000, time.Hour, log)
	svc, err := reqresp.NewService(joiner, rep, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var peers []peer.ID
	for _, h := range []host.Host{limiter, liar, honest} {
		if err := joiner.Connect(ctx, peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()}); err != nil {
			t.Fatal(err)
		}
		peers = append(peers, h.ID())
	}
	got, err := FetchBatches(ctx, svc, proto, peers, 0, 1000, verifyItem)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1000 {
		t.Fatalf("fetched %d batches, want 1000", len(got))
	}
	for h, b := range got {
		if err := verifyItem(uint64(h), b); err != nil {
			t.Fatalf("batch %d: %v", h, err)
		}
	}
	if p := rep.Points(liar.ID()); p < reqresp.PenaltyInvalidContent/2 { // points decay with time
		t.Errorf("liar has %v penalty points, want about %d", p, reqresp.PenaltyInvalidContent)
	}
	if p := rep.Points(limiter.ID()); p != 0 {
		t.Errorf("rate-limiting peer was penalized (%v points)", p)
	}
	if p := rep.Points(honest.ID()); p != 0 {
		t.Errorf("honest peer was penalized (%v points)", p)
	}
}

func TestRangeRequestCodec(t *testing.T) {
	s, c, err := DecodeRangeRequest(EncodeRangeRequest(7, 64))
	if err != nil || s != 7 || c != 64 {
		t.Fatalf("round trip: %d %d %v", s, c, err)
	}
	for _, bad := range [][]byte{nil, make([]byte, 15), EncodeRangeRequest(1, 0), EncodeRangeRequest(1, 65), EncodeRangeRequest(^uint64(0), 2)} {
		if _, _, err := DecodeRangeRequest(bad); err == nil {
			t.Errorf("accepted %x", bad)
		}
	}
}

func FuzzDecodeRangeRequest(f *testing.F) {
	f.Add(EncodeRangeRequest(0, 1))
	f.Add(EncodeRangeRequest(^uint64(0)-1, 1))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, c, err := DecodeRangeRequest(b)
		if err != nil {
			return
		}
		if c == 0 || c > MaxBatchesPerRequest || s+c < s || !bytes.Equal(EncodeRangeRequest(s, c), b) {
			t.Fatalf("accepted bad request %x", b)
		}
	})
}
