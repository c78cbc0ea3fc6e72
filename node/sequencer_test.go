package node

import (
	"bytes"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/sequencing"
)

// TestRootExtenderRemembersLast checks that the data root a sequencer
// computes is erasure.Extend's, that judging the data it just built costs
// no second extension, and that any other data, even one byte apart, is
// extended afresh.
func TestRootExtenderRemembersLast(t *testing.T) {
	var e rootExtender
	a := bytes.Repeat([]byte("batch data "), 3000)
	b := bytes.Clone(a)
	b[len(b)/2] ^= 1
	want := func(data []byte) common.Hash {
		sq, err := erasure.Extend(data)
		if err != nil {
			t.Fatal(err)
		}
		return common.Hash(sq.Root)
	}
	for i, step := range []struct {
		data       []byte
		extensions int
	}{
		{a, 1}, {a, 1}, {b, 2}, {b, 2}, {a, 3}, {a[:len(a)-1], 4}, {nil, 5}, {nil, 5},
	} {
		got, err := e.dataRoot(step.data)
		if err != nil {
			t.Fatal(err)
		}
		if w := want(step.data); got != w {
			t.Fatalf("step %d: root %s, want %s", i, got, w)
		}
		if e.extensions != step.extensions {
			t.Fatalf("step %d: %d extensions, want %d", i, e.extensions, step.extensions)
		}
	}
}

// BenchmarkDataRoot measures what a sequencer pays for the data root of a
// full payload (sequencing.MaxPayloadBytes less the 64 KiB kept free):
// extending new data (whose last byte differs from the previous data's, the
// worst case for the comparison) against the raw erasure.Extender.Extend
// in the same run, and judging the data it has just built.
func BenchmarkDataRoot(b *testing.B) {
	data := make([]byte, sequencing.MaxPayloadBytes-64<<10)
	for i := range data {
		data[i] = byte(i * 7919 >> 5)
	}
	var raw time.Duration
	b.Run("extend", func(b *testing.B) {
		var x erasure.Extender
		for i := 0; b.Loop(); i++ {
			data[len(data)-1] = byte(i)
			if _, err := x.Extend(data); err != nil {
				b.Fatal(err)
			}
		}
		raw = b.Elapsed() / time.Duration(b.N)
	})
	b.Run("new-data", func(b *testing.B) {
		var e rootExtender
		for i := 0; b.Loop(); i++ {
			data[len(data)-1] = byte(i)
			if _, err := e.dataRoot(data); err != nil {
				b.Fatal(err)
			}
		}
		if raw > 0 {
			b.ReportMetric(float64(b.Elapsed()/time.Duration(b.N))/float64(raw), "x-extend")
		}
	})
	b.Run("same-data", func(b *testing.B) {
		var e rootExtender
		if _, err := e.dataRoot(data); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := e.dataRoot(data); err != nil {
				b.Fatal(err)
			}
		}
		if raw > 0 {
			b.ReportMetric(float64(b.Elapsed()/time.Duration(b.N))/float64(raw), "x-extend")
		}
	})
}
