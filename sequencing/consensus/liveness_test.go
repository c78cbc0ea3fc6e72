package consensus

import (
	"testing"
	"time"
)

var stakeSets = []struct {
	name   string
	stakes []uint64
}{
	{"4-equal", []uint64{1, 1, 1, 1}},
	{"7-equal", []uint64{1, 1, 1, 1, 1, 1, 1}},
	{"unequal", []uint64{10, 6, 5, 4, 3, 2, 1}},
}

// With every node honest and up, every view finalizes its block: the final
// chain has one block per view, and no node ever times out.
func TestSteadyFinality(t *testing.T) {
	for _, ss := range stakeSets {
		t.Run(ss.name, func(t *testing.T) {
			s := newSim(t, simParams{stakes: ss.stakes, timeout: 500 * time.Millisecond,
				minDelay: 10 * time.Millisecond, maxDelay: 40 * time.Millisecond, seed: 1})
			s.run(20*time.Second, nil)
			s.checkChains()
			for _, n := range s.nodes {
				if got := len(n.final); got < 200 {
					t.Fatalf("node %d: %d final blocks in 20 s", n.i, got)
				}
				for i, f := range n.final {
					if f.Block.View != uint64(i+1) {
						t.Fatalf("node %d: final block %d is of view %d: a view went without a block", n.i, i+1, f.Block.View)
					}
				}
				if st := n.core.Stats(); st.Timeouts != 0 || st.Evidence != 0 || st.Conflicts != 0 {
					t.Fatalf("node %d: %+v", n.i, st)
				}
			}
			if lo, hi := s.minFinal(), len(s.nodes[0].final); hi-lo > 3 {
				t.Fatalf("final heights spread %d..%d", lo, hi)
			}
			t.Logf("%d final blocks in 20 virtual seconds, %d messages", s.minFinal(), s.msgs)
		})
	}
}

// A crashed leader costs its views one timeout each: finality pauses for at
// most Timeout plus a few network delays, then resumes.
func TestCrashedLeader(t *testing.T) {
	for _, ss := range stakeSets[1:] {
		t.Run(ss.name, func(t *testing.T) {
			const timeout, maxDelay = 500 * time.Millisecond, 40 * time.Millisecond
			s := newSim(t, simParams{stakes: ss.stakes, timeout: timeout,
				minDelay: 10 * time.Millisecond, maxDelay: maxDelay, seed: 2})
			crashAt := 3 * time.Second
			s.run(crashAt, nil)
			victim := 3
			s.crash(victim)
			s.run(30*time.Second, nil)
			s.checkChains()
			bound := timeout + 6*maxDelay
			var worst time.Duration
			for _, n := range s.nodes {
				if n.crashed {
					continue
				}
				var skipped int
				for i := 1; i < len(n.final); i++ {
					if n.finalAt[i] < crashAt+time.Second {
						continue
					}
					gap := n.finalAt[i] - n.finalAt[i-1]
					if gap > bound {
						t.Fatalf("node %d: no final block for %v (bound %v)", n.i, gap, bound)
					}
					worst = max(worst, gap)
					for v := n.final[i-1].Block.View + 1; v < n.final[i].Block.View; v++ {
						if s.leader(v) != testAddr(victim) {
							t.Fatalf("node %d: view %d, led by a live node, was skipped", n.i, v)
						}
						skipped++
					}
				}
				if skipped == 0 || len(n.final) < 100 {
					t.Fatalf("node %d: %d final blocks, %d views skipped", n.i, len(n.final), skipped)
				}
			}
			t.Logf("%d final blocks; views of the crashed leader skipped; longest wait for a final block %v (timeout %v)",
				s.minFinal(), worst, timeout)
		})
	}
}

// A 4 | 3 split of 7 leaves neither side a quorum: no finality during it,
// and progress resumes soon after it heals.
func TestPartitionHeals(t *testing.T) {
	const timeout, maxDelay = 500 * time.Millisecond, 40 * time.Millisecond
	s := newSim(t, simParams{stakes: stakeSets[1].stakes, timeout: timeout,
		minDelay: 10 * time.Millisecond, maxDelay: maxDelay, seed: 3})
	split, heal := 5*time.Second, 35*time.Second
	s.run(split, nil)
	s.partition([]int{0, 0, 0, 0, 1, 1, 1})
	s.run(heal, nil)
	before := make([]int, len(s.nodes))
	for i, n := range s.nodes {
		before[i] = len(n.final)
		for j, at := range n.finalAt {
			if at > split+time.Second {
				t.Fatalf("node %d: block %d final at %v, during the partition", n.i, j+1, at)
			}
		}
	}
	s.partition(nil)
	s.run(60*time.Second, nil)
	s.checkChains()
	for i, n := range s.nodes {
		if len(n.final) < before[i]+100 {
			t.Fatalf("node %d: %d final blocks after healing, %d before", n.i, len(n.final), before[i])
		}
		first := n.finalAt[before[i]]
		if first > heal+3*timeout {
			t.Fatalf("node %d: first final block %v after healing", n.i, first-heal)
		}
	}
	t.Logf("progress resumed %v after healing", s.nodes[0].finalAt[before[0]]-heal)
}

// A node cut off for a long while (far beyond the view window) catches up
// from the certificates and blocks its peers send.
func TestLaggardCatchesUp(t *testing.T) {
	const timeout = 500 * time.Millisecond
	s := newSim(t, simParams{stakes: stakeSets[1].stakes, timeout: timeout,
		minDelay: 10 * time.Millisecond, maxDelay: 40 * time.Millisecond, maxAhead: 16, seed: 4})
	s.run(2*time.Second, nil)
	s.partition([]int{0, 0, 0, 0, 0, 0, 1})
	s.run(20*time.Second, nil)
	lag := s.nodes[6]
	behind := len(s.nodes[0].final) - len(lag.final)
	if behind < 100 {
		t.Fatalf("laggard only %d blocks behind", behind)
	}
	s.partition(nil)
	s.run(30*time.Second, nil)
	s.checkChains()
	if d := len(s.nodes[0].final) - len(lag.final); d > 3 {
		t.Fatalf("laggard still %d blocks behind (was %d)", d, behind)
	}
	t.Logf("laggard caught up %d blocks", behind)
}

// A node that crashes and restarts resumes from its last final block, in a
// view above every view it signed in, and rejoins.
func TestRestartResumes(t *testing.T) {
	s := newSim(t, simParams{stakes: stakeSets[1].stakes, timeout: 500 * time.Millisecond,
		minDelay: 10 * time.Millisecond, maxDelay: 40 * time.Millisecond, maxAhead: 16, seed: 5})
	s.run(5*time.Second, nil)
	s.crash(2)
	s.run(9*time.Second, nil)
	down := len(s.nodes[2].final)
	s.restart(2)
	s.run(20*time.Second, nil)
	s.checkChains()
	n := s.nodes[2]
	if d := len(s.nodes[0].final) - len(n.final); d > 3 || len(n.final) < down+100 {
		t.Fatalf("restarted node at height %d (was %d), node 0 at %d", len(n.final), down, len(s.nodes[0].final))
	}
	if n.core.Stats().Timeouts > 3 {
		t.Fatalf("restarted node timed out %d times", n.core.Stats().Timeouts)
	}
}
