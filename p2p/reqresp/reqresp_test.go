package reqresp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

type penalties struct {
	mu sync.Mutex
	by map[peer.ID]float64
}

func (p *penalties) Penalize(id peer.ID, _ string, pts float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.by == nil {
		p.by = map[peer.ID]float64{}
	}
	p.by[id] += pts
}

func (p *penalties) of(id peer.ID) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.by[id]
}

func pair(t *testing.T) (client, server host.Host) {
	mk := func() host.Host {
		h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		return h
	}
	client, server = mk(), mk()
	if err := client.Connect(context.Background(), peer.AddrInfo{ID: server.ID(), Addrs: server.Addrs()}); err != nil {
		t.Fatal(err)
	}
	return client, server
}

var echo = Protocol{ID: "/l2/test/echo/1", MaxRequest: 64, MaxChunk: 64, MaxChunks: 4, Rate: 1000, Burst: 1000, Timeout: 5 * time.Second}

func TestRequestResponse(t *testing.T) {
	ch, sh := pair(t)
	var pen penalties
	log := slog.New(slog.DiscardHandler)
	server, _ := NewService(sh, &pen, log, nil)
	client, _ := NewService(ch, &pen, log, nil)
	server.Handle(echo, func(_ context.Context, _ peer.ID, req []byte, w *ResponseWriter) error {
		if string(req) == "fail" {
			return &Error{Code: CodeUnavailable, Reason: "not today"}
		}
		for range 3 {
			if err := w.Write(req); err != nil {
				return err
			}
		}
		return nil
	})
	chunks, err := client.Request(context.Background(), sh.ID(), echo, []byte("hi"))
	if err != nil || len(chunks) != 3 || string(chunks[2]) != "hi" {
		t.Fatalf("got %q, %v", chunks, err)
	}
	_, err = client.Request(context.Background(), sh.ID(), echo, []byte("fail"))
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != CodeUnavailable || ce.Reason != "not today" {
		t.Fatalf("coded error: %v", err)
	}
	if _, err := client.Request(context.Background(), sh.ID(), echo, make([]byte, 65)); err == nil {
		t.Fatal("oversized request sent")
	}
	if pen.of(sh.ID()) != 0 || pen.of(ch.ID()) != 0 {
		t.Fatal("honest exchange penalized")
	}
}

func TestRateLimitIsNotPenalized(t *testing.T) {
	ch, sh := pair(t)
	var pen penalties
	log := slog.New(slog.DiscardHandler)
	server, _ := NewService(sh, nil, log, nil)
	client, _ := NewService(ch, &pen, log, nil)
	stingy := echo
	stingy.Rate, stingy.Burst = 0.001, 2
	server.Handle(stingy, func(_ context.Context, _ peer.ID, req []byte, w *ResponseWriter) error { return w.Write(req) })
	for i := range 2 {
		if _, err := client.Request(context.Background(), sh.ID(), stingy, []byte("x")); err != nil {
			t.Fatalf("request %d within the burst: %v", i, err)
		}
	}
	if _, err := client.Request(context.Background(), sh.ID(), stingy, []byte("x")); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("third request: %v, want ErrRateLimited", err)
	}
	if pen.of(sh.ID()) != 0 {
		t.Fatal("rate-limiting server penalized")
	}
}

// A raw server that answers with a malformed frame is penalized.
func TestMalformedResponsePenalized(t *testing.T) {
	ch, sh := pair(t)
	var pen penalties
	client, _ := NewService(ch, &pen, slog.New(slog.DiscardHandler), nil)
	for _, resp := range [][]byte{
		{0, 0xff, 0xff, 0xff, 0xff, 0x0f},          // a 4 GiB chunk
		{9, 1, 'x'},                                // unknown code
		append([]byte{0, 65}, make([]byte, 65)...), // over the chunk cap
	} {
		sh.SetStreamHandler(echo.ID, func(s network.Stream) {
			defer s.Close()
			bufio.NewReader(s).ReadByte()
			s.Write(resp)
		})
		before := pen.of(sh.ID())
		if _, err := client.Request(context.Background(), sh.ID(), echo, []byte("x")); !errors.Is(err, ErrInvalidResponse) {
			t.Fatalf("response %x: %v, want ErrInvalidResponse", resp, err)
		}
		if pen.of(sh.ID()) <= before {
			t.Fatalf("response %x not penalized", resp)
		}
	}
	// A response cut short (the server died, the stream was reset) is an
	// error but not an offence.
	sh.SetStreamHandler(echo.ID, func(s network.Stream) {
		bufio.NewReader(s).ReadByte()
		s.Write([]byte{0, 10, 'x'})
		s.Reset()
	})
	before := pen.of(sh.ID())
	if _, err := client.Request(context.Background(), sh.ID(), echo, []byte("x")); err == nil || errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("truncated response: %v", err)
	}
	if pen.of(sh.ID()) != before {
		t.Fatal("truncated response penalized")
	}
	// Too many chunks.
	sh.SetStreamHandler(echo.ID, func(s network.Stream) {
		defer s.Close()
		bufio.NewReader(s).ReadByte()
		for range echo.MaxChunks + 1 {
			writeChunk(s, CodeOK, []byte("x"))
		}
	})
	if _, err := client.Request(context.Background(), sh.ID(), echo, []byte("x")); !errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("too many chunks: %v", err)
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	ch, sh := pair(t)
	var pen penalties
	client, _ := NewService(ch, &pen, slog.New(slog.DiscardHandler), nil)
	release := make(chan struct{})
	defer close(release)
	sh.SetStreamHandler(echo.ID, func(s network.Stream) { <-release; s.Close() })
	quick := echo
	quick.Timeout = 300 * time.Millisecond
	start := time.Now()
	if _, err := client.Request(context.Background(), sh.ID(), quick, []byte("x")); err == nil {
		t.Fatal("no error from a silent server")
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("deadline not enforced")
	}
	if pen.of(sh.ID()) != 0 {
		t.Fatal("slow server penalized")
	}
}

func FuzzReadChunk(f *testing.F) {
	var b bytes.Buffer
	writeChunk(&b, CodeOK, []byte("item"))
	f.Add(b.Bytes())
	f.Add([]byte{3, 4, 's', 'l', 'o', 'w'})
	f.Add([]byte{0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReader(bytes.NewReader(data))
		for {
			code, b, err := readChunk(r, 1024)
			if err != nil {
				return
			}
			if len(b) > 1024 || (code != CodeOK && len(b) > maxReasonLen) {
				t.Fatalf("chunk of %d bytes over its cap", len(b))
			}
		}
	})
}

func FuzzReadMsg(f *testing.F) {
	var b bytes.Buffer
	writeMsg(&b, []byte("request"))
	f.Add(b.Bytes())
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := readMsg(bufio.NewReader(bytes.NewReader(data)), 64)
		if err == nil && len(m) > 64 {
			t.Fatalf("message of %d bytes over the cap", len(m))
		}
	})
}
