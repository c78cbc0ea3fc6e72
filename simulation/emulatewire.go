package simulation

import (
	"encoding/binary"
	"io"
	"sync"
	"time"

	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/host"
	lpnet "github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"google.golang.org/protobuf/proto"

	"github.com/l2node/l2node/gossip"
)

// The wire tap of the emulation: what pubsub reads off its inbound streams,
// parsed a second time beside it. The node's router counts duplicates per
// topic only; the model's propagation.csv has them per message, so the
// emulation counts full copies of each message arriving at each node, and
// the message IDs peers ask for by IWANT.

// wireTap collects, for every emulated node, the copies of each traced
// message it received and the IWANT requests for each message ID.
type wireTap struct {
	mu     sync.Mutex
	caps   map[string]int   // full topic name → payload cap
	copies []map[uint32]int // by node: trace index → copies received
	ids    map[string]uint32
	iwant  map[string]int // message ID → times asked for by IWANT
	bytes  []int64        // by node: bytes read off pubsub streams

	// Receive-side link latency (nil: mocknet's own link latency).
	peers   map[peer.ID]int          // host → node
	latency map[[2]int]time.Duration // (sender, receiver) → one-way latency
	done    chan struct{}            // closed when the emulation stops

	frozen bool // no more recording: the counts are final
}

// freeze ends the recording: the counts can be read without the lock from
// then on (readers still draining streams record nothing).
func (w *wireTap) freeze() {
	w.mu.Lock()
	w.frozen = true
	w.mu.Unlock()
}

// delay is the latency of the link from the host p to node, if the tap
// applies it.
func (w *wireTap) delay(p peer.ID, node int) time.Duration {
	if w.latency == nil {
		return 0
	}
	from, ok := w.peers[p]
	if !ok {
		return 0
	}
	return w.latency[[2]int{from, node}]
}

func newWireTap(nodes int, caps map[string]int) *wireTap {
	w := &wireTap{caps: caps, copies: make([]map[uint32]int, nodes), ids: map[string]uint32{}, iwant: map[string]int{},
		bytes: make([]int64, nodes), peers: map[peer.ID]int{}, done: make(chan struct{})}
	for i := range w.copies {
		w.copies[i] = map[uint32]int{}
	}
	return w
}

// tappedHost is a host whose inbound pubsub streams the tap reads along.
type tappedHost struct {
	host.Host
	tap  *wireTap
	node int
}

// SetStreamHandler wraps the handler's streams.
func (h *tappedHost) SetStreamHandler(pid protocol.ID, handler lpnet.StreamHandler) {
	h.Host.SetStreamHandler(pid, h.wrap(handler))
}

// SetStreamHandlerMatch wraps the handler's streams.
func (h *tappedHost) SetStreamHandlerMatch(pid protocol.ID, match func(protocol.ID) bool, handler lpnet.StreamHandler) {
	h.Host.SetStreamHandlerMatch(pid, match, h.wrap(handler))
}

func (h *tappedHost) wrap(handler lpnet.StreamHandler) lpnet.StreamHandler {
	return func(s lpnet.Stream) {
		ts := &tappedStream{Stream: s, tap: h.tap, node: h.node, src: s}
		if d := h.tap.delay(s.Conn().RemotePeer(), h.node); d > 0 {
			ts.src = newDelayedReader(s, d, h.tap.done)
		}
		handler(ts)
	}
}

// tappedStream passes reads through and parses the varint-delimited RPC
// frames pubsub reads.
type tappedStream struct {
	lpnet.Stream
	tap  *wireTap
	node int
	src  io.Reader // the stream, or the stream behind the link's latency
	buf  []byte
}

// Read reads from the stream and feeds what it read to the tap.
func (s *tappedStream) Read(p []byte) (int, error) {
	n, err := s.src.Read(p)
	if n > 0 {
		s.buf = append(s.buf, p[:n]...)
		s.parse()
	}
	return n, err
}

// delayedReader hands out what arrives on a stream a fixed delay after it
// arrived: the link's one-way latency, applied at the receiving end so that
// any number of writes are in flight at once, as on a TCP connection with
// an open window. (mocknet's own link latency holds each Write until the
// previous one has arrived, which leaves a stream about two messages in
// flight per latency period, and a burst of small messages queues for
// many round trips.)
type delayedReader struct {
	ch  chan delayedChunk
	cur []byte
	err error
}

type delayedChunk struct {
	data []byte
	at   time.Time
	err  error
}

func newDelayedReader(src io.Reader, delay time.Duration, done <-chan struct{}) *delayedReader {
	// 256 chunks in flight per stream before the sender feels
	// backpressure, like a TCP window: a burst of pubsub RPCs fits.
	r := &delayedReader{ch: make(chan delayedChunk, 256)}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			// NB: a copy of what was read, not a slice of buf: queued chunks
			// would each pin 32 KiB.
			c := delayedChunk{data: append([]byte(nil), buf[:n]...), at: time.Now().Add(delay), err: err}
			select {
			case r.ch <- c:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return r
}

// Read returns the bytes whose time has come, waiting for them.
func (r *delayedReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		c := <-r.ch
		time.Sleep(time.Until(c.at))
		r.cur, r.err = c.data, c.err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (s *tappedStream) parse() {
	for {
		size, hdr := binary.Uvarint(s.buf)
		if hdr <= 0 || uint64(len(s.buf)-hdr) < size {
			return
		}
		frame := s.buf[hdr : hdr+int(size)]
		var rpc pb.RPC
		if err := proto.Unmarshal(frame, &rpc); err == nil {
			s.tap.record(s.node, &rpc, hdr+int(size))
		}
		s.buf = append(s.buf[:0], s.buf[hdr+int(size):]...)
	}
}

// record counts the copies and IWANT requests in one RPC node received.
func (w *wireTap) record(node int, rpc *pb.RPC, size int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.frozen {
		return
	}
	w.bytes[node] += int64(size)
	for _, m := range rpc.GetPublish() {
		cp, ok := w.caps[m.GetTopic()]
		if !ok {
			continue
		}
		env, err := gossip.DecodeEnvelope(m.GetData(), cp)
		if err != nil || len(env.Payload) < 4 {
			continue
		}
		idx := binary.BigEndian.Uint32(env.Payload)
		w.copies[node][idx]++
		w.ids[gossip.MessageID(m.GetTopic(), m.GetData(), cp)] = idx
	}
	for _, iw := range rpc.GetControl().GetIwant() {
		for _, id := range iw.GetMessageIDs() {
			w.iwant[id]++
		}
	}
}

// iwanted returns the IWANT requests for each traced message.
func (w *wireTap) iwanted() map[uint32]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[uint32]int{}
	for id, n := range w.iwant {
		if idx, ok := w.ids[id]; ok {
			out[idx] += n
		}
	}
	return out
}
