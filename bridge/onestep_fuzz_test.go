package bridge

import (
	"errors"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/params"

	"github.com/l2node/l2node/contracts"
)

// proverCase is one honest step proof and the prover's answer to it.
type proverCase struct {
	batch, step, count uint64
	block, parent, pre common.Hash
	proof              []byte
	want               common.Hash
}

// FuzzOneStepProof mutates honest one-step proofs — transfers, withdrawals
// (the first and a later one), a transfer to the fee recipient, a step with
// call data and the end of a batch — and runs OneStepProver.prove on them in
// go-ethereum's EVM. Whatever the mutation, prove must revert or give the
// honest answer: a proof it accepts cannot make it say anything else.
//
//	go test ./bridge -run '^$' -fuzz FuzzOneStepProof -fuzztime 5m
func FuzzOneStepProof(f *testing.F) {
	l := newL2(f, nil)
	k := l.keys
	fee := common.HexToAddress("0xfee")
	l.apply(
		l.tx(k[0].Key, common.HexToAddress("0x2000"), ether(1), 21_000, nil),
		l.tx(k[1].Key, MessagePasserAddress, ether(1), 100_000, nil),
		l.tx(k[2].Key, MessagePasserAddress, ether(2), 100_000, nil),
		l.tx(k[3].Key, fee, big.NewInt(3), 21_000, nil),
		l.tx(k[0].Key, k[1].Address, big.NewInt(5), 60_000, []byte("data")),
	)
	l.apply(l.tx(k[1].Key, k[2].Address, big.NewInt(7), 21_000, nil))
	v := viewOf(f, l)

	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		f.Fatal(err)
	}
	cfg := *params.MergedTestChainConfig
	cfg.OsakaTime = nil // the artifacts are compiled for Prague
	rc := &runtime.Config{ChainConfig: &cfg, State: st, GasLimit: 30_000_000, BlockNumber: big.NewInt(1)}
	art := contracts.MustLoad(realProver)
	args, err := art.ABI.Pack("", big.NewInt(testL2ChainID), common.Address{}) // no deposits here: no Bridge
	if err != nil {
		f.Fatal(err)
	}
	_, prover, _, err := runtime.Create(append(slices.Clone(art.Bytecode), args...), rc)
	if err != nil {
		f.Fatal(err)
	}
	prove := func(c proverCase, proof []byte) (common.Hash, bool) {
		input, err := art.ABI.Pack("prove", new(big.Int).SetUint64(c.batch), c.block, c.parent, new(big.Int).SetUint64(c.step),
			new(big.Int).SetUint64(c.count), c.pre, proof)
		if err != nil {
			f.Fatal(err)
		}
		out, _, err := runtime.Call(prover, input, rc)
		if err != nil {
			if !errors.Is(err, vm.ErrExecutionReverted) && !errors.Is(err, vm.ErrOutOfGas) {
				f.Fatalf("prove: %v", err)
			}
			return common.Hash{}, false
		}
		return common.BytesToHash(out), true
	}

	var cases []proverCase
	for n := uint64(1); n < uint64(len(v.roots)); n++ {
		count := uint64(len(v.steps[n].Roots))
		for step := uint64(1); step <= count; step++ {
			w, err := v.e.StepWitness(n, step, count)
			if err != nil {
				f.Fatal(err)
			}
			proof, err := EncodeStepProof(w)
			if err != nil {
				f.Fatal(err)
			}
			c := proverCase{batch: n, step: step, count: count, block: v.blocks[n], parent: v.blocks[n-1], pre: v.leaf(n, step-1), proof: proof}
			got, ok := prove(c, proof)
			want := v.leaf(n, step)
			if !v.steps[n].Provable[step-1] {
				want = undecidable
			}
			if !ok || got != want {
				f.Fatalf("the honest proof of step %d of batch %d: %x (accepted %v), want %x", step, n, got, ok, want)
			}
			c.want = got
			cases = append(cases, c)
		}
	}
	for i, c := range cases {
		f.Add(uint8(i), uint32(0), byte(0), uint16(0))
		f.Add(uint8(i), uint32(len(c.proof)/2), byte(1), uint16(0))
		f.Add(uint8(i), uint32(len(c.proof)-40), byte(0x80), uint16(0))
		f.Add(uint8(i), uint32(100), byte(0), uint16(33))
	}
	f.Fuzz(func(t *testing.T, which uint8, pos uint32, flip byte, cut uint16) {
		c := cases[int(which)%len(cases)]
		p := slices.Clone(c.proof)
		p[int(pos)%len(p)] ^= flip
		if int(cut) < len(p) && cut != 0 {
			p = p[:len(p)-int(cut)]
		}
		if got, ok := prove(c, p); ok && got != c.want {
			t.Fatalf("a mutated proof of step %d of batch %d (byte %d ^ %#x, %d cut) gave %x, the honest answer is %x",
				c.step, c.batch, int(pos)%len(c.proof), flip, cut, got, c.want)
		}
	})
}
