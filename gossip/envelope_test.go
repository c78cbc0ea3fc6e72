package gossip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/klauspost/compress/snappy"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	now := time.UnixMilli(time.Now().UnixMilli())
	for _, payload := range [][]byte{{}, []byte("tx"), bytes.Repeat([]byte{7}, 100<<10)} {
		data := EncodeEnvelope(now, payload)
		env, err := DecodeEnvelope(data, 100<<10)
		if err != nil {
			t.Fatal(err)
		}
		if !env.Time.Equal(now) || !bytes.Equal(env.Payload, payload) {
			t.Fatalf("round trip changed the envelope")
		}
	}
}

func TestEnvelopeRejects(t *testing.T) {
	now := time.Now()
	big := EncodeEnvelope(now, make([]byte, 2000))
	raw := func(b []byte) []byte { return snappy.Encode(nil, b) }
	// A tiny message declaring a huge decoded length: must fail before allocating.
	bomb := binary.AppendUvarint(nil, 1<<31)
	bomb = append(bomb, 0, 0, 0)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"over the cap", big, ErrTooLarge},
		{"declared size over the cap", bomb, ErrTooLarge},
		{"not snappy", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, ErrBadSnappy},
		{"truncated snappy", EncodeEnvelope(now, []byte("0123456789abcdefghij"))[:12], ErrBadSnappy},
		{"short envelope", raw([]byte{1, 2, 3}), ErrBadEnvelope},
		{"wrong version", raw(append([]byte{2}, make([]byte, 8)...)), ErrEnvelopeVersion},
	} {
		_, err := DecodeEnvelope(tc.data, 1000)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	if !raceEnabled { // the race detector adds allocations of its own
		allocs := testing.AllocsPerRun(100, func() { DecodeEnvelope(bomb, 1000) })
		if allocs > 4 {
			t.Errorf("rejecting a length bomb allocated %v times", allocs)
		}
	}
}

func TestPeekHeader(t *testing.T) {
	at := time.UnixMilli(1_700_000_000_123)
	for _, payload := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("ab"), 5000)} {
		v, ms, ok := peekHeader(EncodeEnvelope(at, payload))
		if !ok || v != EnvelopeVersion || ms != uint64(at.UnixMilli()) {
			t.Fatalf("peek: %v %d %v", v, ms, ok)
		}
	}
	for _, junk := range [][]byte{nil, {0x05}, {0x80}, {0x09, 0x01}, {0x20, 0xf0, 0x01}} {
		if _, _, ok := peekHeader(junk); ok {
			t.Fatalf("peeked a header out of %x", junk)
		}
	}
}

func TestMessageID(t *testing.T) {
	a := EncodeEnvelope(time.UnixMilli(1), []byte("x"))
	b := EncodeEnvelope(time.UnixMilli(2), []byte("x"))
	if MessageID("/l2/n/tx/1", a, 100) == MessageID("/l2/n/tx/1", b, 100) {
		t.Error("different envelopes share an ID")
	}
	if MessageID("/l2/n/tx/1", a, 100) == MessageID("/l2/n/tx/2", a, 100) {
		t.Error("the same data on two topics shares an ID")
	}
	if MessageID("/l2/n/tx/1", a, 100) != MessageID("/l2/n/tx/1", append([]byte(nil), a...), 100) {
		t.Error("ID is not a function of the content")
	}
	// Same compressed content under both domains must differ.
	if MessageID("/l2/n/tx/1", a, 100) == MessageID("/l2/n/tx/1", a, -1) {
		t.Error("valid and invalid domains collide")
	}
	if len(MessageID("t", []byte("junk"), 100)) != MessageIDLen {
		t.Error("wrong ID length")
	}
}

func FuzzDecodeEnvelope(f *testing.F) {
	f.Add(EncodeEnvelope(time.UnixMilli(1700000000000), []byte("payload")))
	f.Add(EncodeEnvelope(time.UnixMilli(0), nil))
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 0x08})
	f.Add(snappy.Encode(nil, []byte{9, 0, 0, 0, 0, 0, 0, 0, 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		const max = 4096
		env, err := DecodeEnvelope(data, max)
		_ = MessageID("/l2/f/t/1", data, max)
		v, ms, peeked := peekHeader(data)
		if err != nil {
			return
		}
		if peeked && (v != EnvelopeVersion || ms != uint64(env.Time.UnixMilli())) {
			t.Fatalf("peeked header %d/%d disagrees with the decoded one", v, ms)
		}
		if len(env.Payload) > max {
			t.Fatalf("accepted %d bytes over a cap of %d", len(env.Payload), max)
		}
		again, err := DecodeEnvelope(EncodeEnvelope(env.Time, env.Payload), max)
		if err != nil || !bytes.Equal(again.Payload, env.Payload) || !again.Time.Equal(env.Time) {
			t.Fatalf("re-encoding an accepted envelope does not round trip: %v", err)
		}
	})
}

func TestTimeWindow(t *testing.T) {
	w := TimeWindow{MaxAge: time.Minute, MaxFuture: 2 * time.Second, Slack: time.Minute}
	now := time.Now()
	for _, tc := range []struct {
		at   time.Time
		want Result
	}{
		{now, Accept},
		{now.Add(-59 * time.Second), Accept},
		{now.Add(-90 * time.Second), Ignore},
		{now.Add(-3 * time.Minute), Reject},
		{now.Add(time.Second), Accept},
		{now.Add(10 * time.Second), Ignore},
		{now.Add(time.Hour), Reject},
	} {
		if got, _ := w.Check(tc.at, now); got != tc.want {
			t.Errorf("%s: got %s, want %s", now.Sub(tc.at), got, tc.want)
		}
	}
	if got, _ := (TimeWindow{}).Check(now.Add(-time.Hour*1000), now); got != Accept {
		t.Error("zero window should accept")
	}
}

func TestDedupe(t *testing.T) {
	d := NewDedupe(time.Minute, 3)
	now := time.Now()
	if d.Seen("a", now) || !d.Seen("a", now.Add(time.Second)) {
		t.Fatal("a not remembered")
	}
	if d.Seen("a", now.Add(2*time.Minute)) {
		t.Fatal("a outlived its TTL")
	}
	for _, k := range []string{"b", "c", "d", "e"} {
		d.Seen(k, now.Add(3*time.Minute))
	}
	if d.Len() > 3 {
		t.Fatalf("holds %d keys, cap 3", d.Len())
	}
}
