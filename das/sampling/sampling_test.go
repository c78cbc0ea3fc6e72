package sampling

import (
	"math/rand/v2"
	"testing"
)

func TestSampleCount(t *testing.T) {
	for _, tc := range []struct {
		k    int
		want int
	}{
		{1, 1},    // (k+1)² = (2k)²: any withholding that matters is total
		{2, 12},   // p = 1 - 9/16
		{16, 28},  // p = 1 - 289/1024
		{128, 32}, // p = 1 - 129²/256²
		{256, 32},
	} {
		s := SampleCount(tc.k, 0.9999)
		if s != tc.want {
			t.Errorf("k=%d: %d samples, want %d", tc.k, s, tc.want)
		}
		if tc.k > 1 && MissBound(tc.k, s) > 1e-4 {
			t.Errorf("k=%d: bound %g above 1e-4", tc.k, MissBound(tc.k, s))
		}
		if tc.k > 1 && MissBound(tc.k, s-1) <= 1e-4 {
			t.Errorf("k=%d: %d samples would have done", tc.k, s-1)
		}
	}
}

func TestChooseCoordsDistinct(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 8} {
		cs := ChooseCoords(rng, k, 10_000) // capped at the square
		if len(cs) != 4*k*k {
			t.Fatalf("k=%d: %d coords", k, len(cs))
		}
		seen := map[Coord]bool{}
		for _, c := range cs {
			if seen[c] || c.Row < 0 || c.Col < 0 || c.Row >= 2*k || c.Col >= 2*k {
				t.Fatalf("bad or repeated coordinate %+v", c)
			}
			seen[c] = true
		}
	}
}

func TestTrackerVerdicts(t *testing.T) {
	tr := NewTracker(0.9999, rand.New(rand.NewPCG(3, 4)))
	h7 := Header{Height: 7, Root: [32]byte{7}, K: 16}
	k7 := h7.Key()
	cs, err := tr.Begin(h7)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		if tr.Verdict(k7) != Pending {
			t.Fatalf("verdict before all samples: %s", tr.Verdict(k7))
		}
		tr.Verified(k7, c)
		if i == len(cs)-1 && tr.Verdict(k7) != Available {
			t.Fatal("not available after every sample verified")
		}
	}
	// Another square at the same height is sampled on its own.
	other := Header{Height: 7, Root: [32]byte{0xee}, K: 16}
	if _, err := tr.Begin(other); err != nil {
		t.Fatal(err)
	}
	if tr.Verdict(other.Key()) != Pending {
		t.Fatal("a second square at a height inherited the first one's verdict")
	}
	k8 := Header{Height: 8, K: 16}.Key()
	cs, _ = tr.Begin(Header{Height: 8, K: 16})
	for _, c := range cs[:len(cs)-1] {
		tr.Verified(k8, c)
	}
	tr.Failed(k8, cs[len(cs)-1])
	if tr.Verdict(k8) != Unavailable {
		t.Fatal("one failed sample must make the height unavailable")
	}
	tr.Verified(k8, cs[len(cs)-1]) // a late success changes nothing
	if tr.Verdict(k8) != Unavailable {
		t.Fatal("verdict changed after it was final")
	}
	if err := tr.Verified(Key{Height: 9}, Coord{}); err == nil {
		t.Fatal("unknown height accepted")
	}
	if err := tr.Verified(k7, Coord{Row: 99}); err == nil {
		t.Fatal("unasked coordinate accepted")
	}
	if _, err := tr.Begin(Header{Height: 10, K: 3}); err == nil {
		t.Fatal("k not a power of two accepted")
	}
}

// TestWithholdingDetection: against a producer that withholds the minimum
// unrecoverable set ((k+1)² shares: a (k+1)×(k+1) block) the fraction of
// light nodes that miss it, over many seeded runs, stays under the bound.
func TestWithholdingDetection(t *testing.T) {
	const k, runs = 16, 20_000
	withheld := func(c Coord) bool { return c.Row <= k && c.Col <= k }
	rng := rand.New(rand.NewPCG(42, 42))
	s := SampleCount(k, 0.99) // a weaker target, so misses are frequent enough to count
	missed := 0
	for range runs {
		hit := false
		for _, c := range ChooseCoords(rng, k, s) {
			if withheld(c) {
				hit = true
				break
			}
		}
		if !hit {
			missed++
		}
	}
	frac, bound := float64(missed)/runs, MissBound(k, s)
	t.Logf("k=%d s=%d: %d of %d runs missed (%.5f), bound %.5f", k, s, missed, runs, frac, bound)
	if frac > bound {
		t.Fatalf("miss fraction %.5f above the bound %.5f", frac, bound)
	}
}
