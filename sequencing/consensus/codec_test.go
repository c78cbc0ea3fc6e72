package consensus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite testdata/fuzz/FuzzUnmarshalMessage from sampleMessages")

// sampleMessages covers every message type, signed and unsigned, with and
// without payload.
func sampleMessages(t testing.TB) []Message {
	b := newBench1(t, nil)
	blk := b.block(3, BlockRef{Hash: Hash{7}, View: 1, Height: 1}, "payload")
	empty := b.block(4, blk.Ref(), "")
	return []Message{
		b.proposal(3, blk),
		b.proposal(0, empty),
		b.vote(1, 5, blk.Hash()),
		b.vote(2, 5, Hash{}),
		b.finalize(3, 9, blk.Hash()),
		{Type: MsgVote, ChainID: testChainID, View: 2, From: testAddr(1), Hash: Hash{1}}, // unsigned
		b.cert(MsgNotarization, 5, blk.Hash(), 0, 1, 2).Message(),
		b.cert(MsgNotarization, 6, Hash{}, 1, 2, 3).Message(),
		b.cert(MsgFinalization, 3, blk.Hash(), 0, 1, 2, 3).Message(),
	}
}

func TestMessageRoundTrip(t *testing.T) {
	for _, m := range sampleMessages(t) {
		enc, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", m.Type, err)
		}
		got, err := UnmarshalMessage(enc)
		if err != nil {
			t.Fatalf("%s: %v", m.Type, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("%s round trip:\n got %+v\nwant %+v", m.Type, got, m)
		}
		again, _ := got.MarshalBinary()
		if !bytes.Equal(again, enc) {
			t.Fatalf("%s: encoding not canonical", m.Type)
		}
	}
}

func TestBlockAndFinalBlockRoundTrip(t *testing.T) {
	b := newBench1(t, nil)
	blk := b.block(1, genesisRef, "one")
	enc, err := blk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalBlock(enc)
	if err != nil || !reflect.DeepEqual(got, blk) {
		t.Fatalf("block round trip: %v %+v", err, got)
	}
	f := FinalBlock{Block: blk, Notarization: b.cert(MsgNotarization, 1, blk.Hash(), 1, 2, 3),
		Finalization: b.cert(MsgFinalization, 1, blk.Hash(), 0, 2, 3)}
	enc, err = f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	gotF, err := UnmarshalFinalBlock(enc)
	if err != nil || !reflect.DeepEqual(gotF, f) {
		t.Fatalf("final block round trip: %v", err)
	}
	if err := VerifyFinal(b.c.Checker(b.keys), genesisRef, []FinalBlock{gotF}); err != nil {
		t.Fatal(err)
	}
	notarized := FinalBlock{Block: blk, Notarization: f.Notarization}
	enc, err = notarized.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if gotF, err = UnmarshalFinalBlock(enc); err != nil || !reflect.DeepEqual(gotF, notarized) {
		t.Fatalf("notarized block round trip: %v", err)
	}
	if err := VerifyFinal(b.c.Checker(b.keys), genesisRef, []FinalBlock{gotF}); !errors.Is(err, ErrNotFinal) {
		t.Fatalf("a block without finalization verified as final: %v", err)
	}
	swapped := f
	swapped.Notarization, swapped.Finalization = f.Finalization, f.Notarization
	enc, _ = swapped.MarshalBinary()
	if _, err := UnmarshalFinalBlock(enc); !errors.Is(err, ErrMalformed) {
		t.Fatalf("certificates of the wrong types: %v", err)
	}
}

func TestUnmarshalRejects(t *testing.T) {
	msgs := sampleMessages(t)
	enc := func(i int) []byte {
		b, err := msgs[i].MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	vote, proposal, cert := enc(2), enc(0), enc(6)
	mut := func(b []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(b)) }
	cases := map[string][]byte{
		"empty":           nil,
		"bad version":     mut(vote, func(b []byte) []byte { b[0] = 2; return b }),
		"unknown type":    mut(vote, func(b []byte) []byte { b[1] = 9; return b }),
		"type zero":       mut(vote, func(b []byte) []byte { b[1] = 0; return b }),
		"view zero":       mut(vote, func(b []byte) []byte { binary.BigEndian.PutUint64(b[10:], 0); return b }),
		"trailing byte":   append(bytes.Clone(vote), 0),
		"truncated vote":  vote[:len(vote)-1],
		"truncated block": proposal[:headerLen+20+40],
		"signature over the cap": mut(vote, func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[len(b)-32-2:], MaxSignatureBytes+1)
			return b
		}),
		"payload length beyond the input": mut(proposal, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[headerLen+20+80:], 1<<20)
			return b
		}),
		"payload length over the cap": mut(proposal, func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[headerLen+20+80:], MaxPayloadBytes+1)
			return b
		}),
		"block view differs from the message's": mut(proposal, func(b []byte) []byte {
			binary.BigEndian.PutUint64(b[headerLen+20:], 99)
			return b
		}),
		"proposal of height 0": mut(proposal, func(b []byte) []byte {
			binary.BigEndian.PutUint64(b[headerLen+20+8:], 0)
			return b
		}),
		"finalize of ⊥": mut(enc(4), func(b []byte) []byte {
			copy(b[headerLen+20:], make([]byte, 32))
			return b
		}),
		"certificate of zero signatures": mut(cert[:headerLen+32+2], func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[headerLen+32:], 0)
			return b
		}),
		"certificate count beyond the input": mut(cert, func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[headerLen+32:], 1000)
			return b
		}),
		"certificate count over the cap": mut(cert, func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[headerLen+32:], MaxValidators+1)
			return b
		}),
		"certificate signers out of order": mut(cert, func(b []byte) []byte {
			first := headerLen + 32 + 2
			b[first+19] = 0xff
			return b
		}),
		"oversized input": make([]byte, MaxMessageBytes+1),
	}
	for name, data := range cases {
		if m, err := UnmarshalMessage(data); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v (%+v), want ErrMalformed", name, err, m)
		}
	}
}

// FuzzUnmarshalMessage: the decoder never panics, whatever it accepts
// re-encodes to the same bytes, and a core fed what it accepts never panics.
func FuzzUnmarshalMessage(f *testing.F) {
	for _, m := range sampleMessages(f) {
		b, err := m.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	set := testSet(f, []uint64{1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := UnmarshalMessage(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("decode error not marked malformed: %v", err)
			}
			return
		}
		again, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("accepted message does not encode: %v", err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("non-canonical encoding accepted:\n in  %x\n out %x", data, again)
		}
		c, err := New(Config{ChainID: m.ChainID, Self: testAddr(0), Set: set, Genesis: testGenesis,
			Leader: roundRobin(set), Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c.Start(0)
		_ = c.Step(m)
		for c.HasReady() {
			c.Ready()
			c.Advance()
		}
	})
}

// The seed corpus in testdata/fuzz is sampleMessages in go-fuzz form;
// -update-corpus rewrites it.
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzUnmarshalMessage")
	for i, m := range sampleMessages(t) {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("seed-%02d-%s", i, m.Type))
		content := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		if *updateCorpus {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update-corpus)", err)
		}
		if string(got) != content {
			t.Fatalf("%s is stale (run with -update-corpus)", file)
		}
	}
}
