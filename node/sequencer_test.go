package node

import (
	"bytes"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/exec"
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

// TestValidPayloadRefuses hands a sequencer's payload check proposals
// that break each of its rules, and one that keeps them all.
func TestValidPayloadRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two libp2p hosts")
	}
	seqs, _ := sequencerNet(t, 1, map[string]string{"sequencing.slot": "1s", "sequencing.view_timeout": "3s",
		"sequencing.max_batch_txs": "3", "exec.gas_limit": "1000000"})
	waitHeight(t, "a final batch", seqs, 1, time.Minute)
	app := seqs[0].seqApp
	chainID := big.NewInt(DefaultChainID)
	key := exec.DevKeys(1)[0]
	to := common.HexToAddress("0x00000000000000000000000000000000000c0a5e")
	tx := func(nonce, gas uint64, chain *big.Int) []byte {
		t.Helper()
		signed, err := types.SignNewTx(key.Key, types.LatestSignerForChainID(chain), &types.DynamicFeeTx{
			ChainID: chain, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(10e9), Gas: gas, To: &to, Value: big.NewInt(1),
		})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := signed.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	const height = 1_000
	payload := func(change func(p *sequencing.Payload)) []byte {
		p := &sequencing.Payload{Height: height, Time: uint64(time.Now().Unix()),
			Txs: [][]byte{tx(0, 21_000, chainID), tx(1, 21_000, chainID)}}
		change(p)
		if p.DataRoot == (common.Hash{}) {
			sq, err := erasure.Extend(p.Data())
			if err != nil {
				t.Fatal(err)
			}
			p.DataRoot = common.Hash(sq.Root)
		}
		return p.Marshal()
	}
	for _, c := range []struct {
		name, want string
		change     func(p *sequencing.Payload)
	}{
		{"valid", "", func(p *sequencing.Payload) {}},
		{"no transactions", "", func(p *sequencing.Payload) { p.Txs = nil }},
		{"gas limits filling the batch", "", func(p *sequencing.Payload) {
			p.Txs = [][]byte{tx(0, 500_000, chainID), tx(1, 500_000, chainID)}
		}},
		{"gas limits past the batch's", "batch gas limit", func(p *sequencing.Payload) {
			p.Txs = [][]byte{tx(0, 500_000, chainID), tx(1, 500_001, chainID)}
		}},
		{"another height", "payload for height", func(p *sequencing.Payload) { p.Height++ }},
		{"too many transactions", "at most 3", func(p *sequencing.Payload) {
			p.Txs = append(p.Txs, tx(2, 21_000, chainID), tx(3, 21_000, chainID))
		}},
		{"another chain", "chain", func(p *sequencing.Payload) { p.Txs[1] = tx(1, 21_000, big.NewInt(1)) }},
		{"malformed transaction", "transaction 0", func(p *sequencing.Payload) { p.Txs[0] = []byte{0x02, 0xc0} }},
		{"wrong data root", "data root", func(p *sequencing.Payload) { p.DataRoot = common.Hash{1} }},
		{"time before the last final batch", "before the last final batch", func(p *sequencing.Payload) { p.Time = 1 }},
		{"time in the future", "in the future", func(p *sequencing.Payload) { p.Time += 60 }},
	} {
		err := app.ValidPayload(height, [32]byte{}, payload(c.change))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && err == nil:
			t.Errorf("%s: accepted", c.name)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: %v, want an error naming %q", c.name, err, c.want)
		}
	}
	if err := app.ValidPayload(height, [32]byte{}, []byte{0xc0}); err == nil {
		t.Error("an empty RLP list accepted as a payload")
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
