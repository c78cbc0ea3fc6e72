package erasure

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"
)

func randomData(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}

func TestKFor(t *testing.T) {
	for _, tc := range []struct{ n, k int }{
		{0, 1}, {1, 1}, {ShareSize - 8, 1}, {ShareSize - 7, 2}, {4*ShareSize - 8, 2}, {4*ShareSize - 7, 4},
		{MaxDataSize, MaxK},
	} {
		if k, err := KFor(tc.n); err != nil || k != tc.k {
			t.Errorf("KFor(%d) = %d, %v; want %d", tc.n, k, err, tc.k)
		}
	}
	if _, err := KFor(MaxDataSize + 1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized data: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	sizes := []int{1, 2, ShareSize - 8, ShareSize - 7, 10_000, 1 << 20, 8<<20 - 8}
	if !testing.Short() {
		sizes = append(sizes, MaxDataSize) // 32 MiB of square: a 512×512 extended square
	}
	for _, n := range sizes {
		data := randomData(n, uint64(n))
		sq, err := Extend(data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sq.Data()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: round trip failed: %v", n, err)
		}
		if err := sq.CheckEncoding(); err != nil {
			t.Fatalf("%d bytes: honest square fails its own check: %v", n, err)
		}
		// Same data, same root: the encoding is deterministic.
		again, _ := Extend(data)
		if again.Root != sq.Root {
			t.Fatalf("%d bytes: two extensions disagree", n)
		}
	}
}

func TestShareProofs(t *testing.T) {
	// A full square: in zero padding, identical shares at different places
	// legitimately share proofs.
	sq, err := Extend(randomData(16*16*ShareSize-8, 3))
	if err != nil {
		t.Fatal(err)
	}
	w := sq.Width()
	rng := rand.New(rand.NewPCG(5, 5))
	for range 50 {
		r, c := rng.IntN(w), rng.IntN(w)
		for _, axis := range []Axis{RowAxis, ColAxis} {
			p, err := sq.Prove(r, c, axis)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyShare(sq.Root, sq.K, r, c, sq.Share(r, c), p); err != nil {
				t.Fatalf("(%d,%d) via %s: %v", r, c, axis, err)
			}
			// The same proof must not pass for another share or coordinate.
			other := append([]byte(nil), sq.Share(r, c)...)
			other[0] ^= 1
			if VerifyShare(sq.Root, sq.K, r, c, other, p) == nil {
				t.Fatal("tampered share verified")
			}
			if VerifyShare(sq.Root, sq.K, (r+1)%w, (c+1)%w, sq.Share(r, c), p) == nil {
				t.Fatal("proof verified at another coordinate")
			}
			if VerifyShare(sq.Root, sq.K, r, c, sq.Share(r, c)[:100], p) == nil {
				t.Fatal("short share verified")
			}
		}
	}
	if err := VerifyRoots(sq.Root, sq.K, sq.Rows, sq.Cols); err != nil {
		t.Fatal(err)
	}
	rows := append([]Hash(nil), sq.Rows...)
	rows[0][0] ^= 1
	if VerifyRoots(sq.Root, sq.K, rows, sq.Cols) == nil {
		t.Fatal("tampered row roots verified")
	}
}

// keep copies the commitments of sq and the shares that keep(r, c) selects.
func keep(t *testing.T, sq *Square, keep func(r, c int) bool) *Square {
	t.Helper()
	p, err := Partial(sq.K, sq.Rows, sq.Cols, sq.Root)
	if err != nil {
		t.Fatal(err)
	}
	w := sq.Width()
	for r := range w {
		for c := range w {
			if keep(r, c) {
				p.Set(r, c, append([]byte(nil), sq.Share(r, c)...))
			}
		}
	}
	return p
}

func TestRepairFrom25Percent(t *testing.T) {
	data := randomData(100_000, 9)
	sq, err := Extend(data)
	if err != nil {
		t.Fatal(err)
	}
	k := sq.K
	rng := rand.New(rand.NewPCG(11, 11))
	perRow := make([][]int, 2*k)
	perCol := make([][]int, 2*k)
	for i := range 2 * k {
		perRow[i] = rng.Perm(2 * k)[:k]
		perCol[i] = rng.Perm(2 * k)[:k]
	}
	has := func(list []int, x int) bool {
		for _, v := range list {
			if v == x {
				return true
			}
		}
		return false
	}
	for name, sel := range map[string]func(r, c int) bool{
		"original quadrant":         func(r, c int) bool { return r < k && c < k },
		"parity-of-parity quadrant": func(r, c int) bool { return r >= k && c >= k },
		"row parity quadrant":       func(r, c int) bool { return r < k && c >= k },
		"random k per row, top":     func(r, c int) bool { return r < k && has(perRow[r], c) },
		"random k per column, left": func(r, c int) bool { return c < k && has(perCol[c], r) },
	} {
		p := keep(t, sq, sel)
		if p.Held() != k*k {
			t.Fatalf("%s: holds %d shares, want %d (25%%)", name, p.Held(), k*k)
		}
		if err := p.Repair(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := p.Data()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: repaired data differs: %v", name, err)
		}
	}
	// One share short of a quadrant is not enough when it leaves a row and a
	// column each one short.
	p := keep(t, sq, func(r, c int) bool { return r < k && c < k && !(r == 0 && c == 0) })
	if err := p.Repair(); !errors.Is(err, ErrTooFew) {
		t.Fatalf("repair from too few shares: %v", err)
	}
}

// badSquare is an honest extension with one share of row r replaced, and its
// commitments computed over the corrupted square, as a cheating producer would.
func badSquare(t *testing.T, r, c int) *Square {
	t.Helper()
	sq, err := Extend(randomData(30_000, 21))
	if err != nil {
		t.Fatal(err)
	}
	sh := sq.Share(r, c)
	for i := range sh {
		sh[i] ^= 0x5a
	}
	sq.commit()
	return sq
}

func TestFraudProof(t *testing.T) {
	sq := badSquare(t, 2, 3)
	err := sq.CheckEncoding()
	be, ok := IsBadEncoding(err)
	if !ok || be.Proof == nil {
		t.Fatalf("bad square passed its check: %v", err)
	}
	if err := be.Proof.Verify(sq.Root); err != nil {
		t.Fatalf("fraud proof for %s %d does not verify: %v", be.Axis, be.Index, err)
	}
	// Through the wire.
	dec, err := UnmarshalFraudProof(be.Proof.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if err := dec.Verify(sq.Root); err != nil {
		t.Fatalf("decoded proof: %v", err)
	}
	// Tampered: a share changed, a position moved, another root.
	tampered, _ := UnmarshalFraudProof(be.Proof.Marshal())
	tampered.Shares[0].Share[7] ^= 1
	if err := tampered.Verify(sq.Root); !errors.Is(err, ErrBadFraudProof) {
		t.Fatalf("tampered share: %v", err)
	}
	moved, _ := UnmarshalFraudProof(be.Proof.Marshal())
	moved.Shares[0].Pos, moved.Shares[1].Pos = moved.Shares[1].Pos, moved.Shares[0].Pos
	if err := moved.Verify(sq.Root); !errors.Is(err, ErrBadFraudProof) {
		t.Fatalf("moved shares: %v", err)
	}
	other, _ := Extend(randomData(30_000, 22))
	if err := be.Proof.Verify(other.Root); !errors.Is(err, ErrBadFraudProof) {
		t.Fatalf("proof against another root: %v", err)
	}
	// A "proof" against an honest line is refused as no fraud.
	honest, _ := Extend(randomData(30_000, 23))
	if err := honest.fraudProof(RowAxis, 1).Verify(honest.Root); !errors.Is(err, ErrNotFraud) {
		t.Fatalf("honest line: %v", err)
	}
}

// A node repairing a cheating square from partial shares finds the bad line
// and proves it.
func TestRepairDetectsBadEncoding(t *testing.T) {
	sq := badSquare(t, 1, 0)
	k := sq.K
	// Hold the top half: every row of it has all its shares, and row 1 with
	// its corrupted share is among them; columns then repair from k shares.
	p := keep(t, sq, func(r, c int) bool { return r < k })
	err := p.Repair()
	be, ok := IsBadEncoding(err)
	if !ok {
		t.Fatalf("repair of a cheating square: %v", err)
	}
	if be.Proof == nil {
		t.Fatal("no proof built")
	}
	if err := be.Proof.Verify(sq.Root); err != nil {
		t.Fatalf("proof from repair does not verify: %v", err)
	}
}

func FuzzUnmarshalFraudProof(f *testing.F) {
	sq := badSquare(&testing.T{}, 0, 0)
	if be, ok := IsBadEncoding(sq.CheckEncoding()); ok && be.Proof != nil {
		f.Add(be.Proof.Marshal())
	}
	f.Add([]byte{1, 0, 1, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := UnmarshalFraudProof(b)
		if err != nil {
			return
		}
		if !bytes.Equal(p.Marshal(), b) {
			t.Fatal("decode/encode is not the identity")
		}
		_ = p.Verify(Hash{})
	})
}

// A producer may commit to correct row roots and garbage column roots. A
// node that receives whole lines and repairs the rest must still notice and
// prove it, and must never adopt roots other than the committed ones.
func TestRepairChecksCommittedRoots(t *testing.T) {
	sq, err := Extend(randomData(30_000, 31))
	if err != nil {
		t.Fatal(err)
	}
	cols := append([]Hash(nil), sq.Cols...)
	cols[3][0] ^= 0xff // one wrong column root
	root := DataRoot(sq.Rows, cols)
	p, err := Partial(sq.K, sq.Rows, cols, root)
	if err != nil {
		t.Fatal(err)
	}
	w := sq.Width()
	for r := range w { // everything but the original quadrant
		for c := range w {
			if r >= sq.K || c >= sq.K {
				p.Set(r, c, sq.Share(r, c))
			}
		}
	}
	err = p.Repair()
	be, ok := IsBadEncoding(err)
	if !ok || be.Axis != ColAxis || be.Index != 3 {
		t.Fatalf("repair accepted a wrong column root: %v", err)
	}
	if p.Cols[3] != cols[3] || p.Root != root {
		t.Fatal("repair replaced the committed roots")
	}
	if be.Proof == nil {
		t.Fatal("no proof")
	}
	if err := be.Proof.Verify(root); err != nil {
		t.Fatalf("proof against the wrong column root: %v", err)
	}
}

// TestExtenderReusesMemory holds an Extender to Extend over a sequence that
// reuses memory every way it can go wrong: longer data then shorter in the
// same square (stale bytes where padding belongs), another k in between,
// and the parity of the last square still in place when the next is
// encoded. (130,000 and 60,000 bytes both make k = 16.)
func TestExtenderReusesMemory(t *testing.T) {
	var x Extender
	for i, n := range []int{130_000, 60_000, 3_000, 100_000, 90_000, 10, 0, 4*ShareSize - 8} {
		data := randomData(n, uint64(100+i))
		got, err := x.Extend(data)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Extend(data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Root != want.Root || got.K != want.K {
			t.Fatalf("%d bytes: the Extender's square differs from a fresh one", n)
		}
		for j := range want.Shares {
			if !bytes.Equal(got.Shares[j], want.Shares[j]) {
				t.Fatalf("%d bytes: share %d differs", n, j)
			}
		}
		for r := range want.Rows {
			if got.Rows[r] != want.Rows[r] || got.Cols[r] != want.Cols[r] {
				t.Fatalf("%d bytes: line roots of %d differ", n, r)
			}
		}
		w := got.Width()
		p, err := got.Prove(w-1, w/2, RowAxis)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyShare(want.Root, want.K, w-1, w/2, want.Share(w-1, w/2), p); err != nil {
			t.Fatalf("%d bytes: a proof from the Extender's square: %v", n, err)
		}
		if back, err := got.Data(); err != nil || !bytes.Equal(back, data) {
			t.Fatalf("%d bytes: round trip through the Extender: %v", n, err)
		}
	}

	// Once a k has been seen, its squares need no new memory beyond the
	// square's struct and scratch: a few percent of a fresh square (which
	// allocates all of it and more).
	data := randomData(1<<20, 7)
	if _, err := x.Extend(data); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := x.Extend(data); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	square := int64(4 * 64 * 64 * ShareSize) // k = 64 for 1 MiB
	if got := int64(after.TotalAlloc - before.TotalAlloc); got > square/10 {
		t.Errorf("a second extension of the same k allocated %d bytes, %.1f%% of the square", got, 100*float64(got)/float64(square))
	}
}
