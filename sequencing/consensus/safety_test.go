package consensus

import (
	"flag"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"
)

var longRun = flag.Bool("long", false, "run the randomized safety test over 20,000 schedules")

// safetySeeds is how many randomized schedules TestByzantineSafety runs:
// 500 by default, 20,000 with -long, or CONSENSUS_SEEDS.
func safetySeeds(t *testing.T) int {
	if v := os.Getenv("CONSENSUS_SEEDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("CONSENSUS_SEEDS: %v", err)
		}
		return n
	}
	if *longRun {
		return 20000
	}
	if testing.Short() {
		return 50
	}
	return 500
}

// Over many randomized schedules — Byzantine nodes that equivocate in every
// way the protocol forbids, drop and delay; random partitions, loss and
// reordering; timeouts shorter than some delays — honest nodes never
// finalize two blocks at one height, their final chains are prefixes of one
// another and verify, evidence names Byzantine signers only, and once the
// network stabilizes every honest node makes progress.
func TestByzantineSafety(t *testing.T) {
	seeds := safetySeeds(t)
	var evidence [5]int
	var final, timeouts int
	start := time.Now()
	for seed := range seeds {
		s := randomSchedule(t, uint64(seed))
		for _, n := range s.nodes {
			if !s.honest(n) {
				continue
			}
			for _, e := range n.evidence {
				evidence[e.Kind]++
			}
			final += len(n.final)
			timeouts += int(n.core.Stats().Timeouts)
		}
	}
	t.Logf("%d schedules in %v: %d final blocks and %d timeouts at honest nodes; evidence: %d proposals, %d votes, %d finalizes, %d finalize+⊥",
		seeds, time.Since(start).Round(time.Millisecond), final, timeouts, evidence[EvidenceProposals], evidence[EvidenceVotes],
		evidence[EvidenceFinalizes], evidence[EvidenceFinalizeBottom])
	for _, k := range []EvidenceKind{EvidenceProposals, EvidenceVotes, EvidenceFinalizes, EvidenceFinalizeBottom} {
		if seeds >= 50 && evidence[k] == 0 {
			t.Errorf("no evidence of kind %q over %d schedules", k, seeds)
		}
	}
}

// randomSchedule runs one randomized schedule and checks it.
func randomSchedule(t *testing.T, seed uint64) *sim {
	rng := rand.New(rand.NewPCG(seed, 0x5afe))
	ss := stakeSets[rng.IntN(len(stakeSets))]
	var total uint64
	for _, st := range ss.stakes {
		total += st
	}
	// As much Byzantine stake as stays below a third.
	byz := make(map[int]*adversary)
	var byzStake uint64
	for _, i := range rng.Perm(len(ss.stakes)) {
		if st := ss.stakes[i]; 3*(byzStake+st) < total {
			byzStake += st
			byz[i] = &adversary{
				equivocate: rng.Float64(), fork: rng.Float64(), voteAll: rng.Float64(), bottomAndBlock: rng.Float64(),
				finalizeBottom: rng.Float64(), drop: rng.Float64() / 2,
				delay: time.Duration(rng.IntN(500)) * time.Millisecond,
			}
		}
	}
	timeout := time.Duration(100+rng.IntN(900)) * time.Millisecond
	maxDelay := time.Duration(5+rng.IntN(300)) * time.Millisecond
	s := newSim(t, simParams{
		stakes: ss.stakes, timeout: timeout, minDelay: time.Millisecond, maxDelay: maxDelay,
		loss: rng.Float64() * 0.2, maxAhead: uint64(4 + rng.IntN(61)), seed: seed, byzantine: byz,
	})
	// Turbulence: random partitions come and go.
	gst := 8 * time.Second
	for now := time.Duration(0); now < gst; {
		now += time.Duration(200+rng.IntN(2000)) * time.Millisecond
		s.run(min(now, gst), nil)
		if rng.IntN(2) == 0 {
			s.partition(nil)
			continue
		}
		group := make([]int, len(ss.stakes))
		for i := range group {
			group[i] = rng.IntN(2)
		}
		s.partition(group)
	}
	// The network stabilizes: no partition, no loss, delays well under the
	// timeout. Byzantine nodes keep misbehaving.
	s.partition(nil)
	s.loss = 0
	s.maxDelay = max(s.minDelay, min(s.maxDelay, timeout/4))
	base := make(map[int]int)
	for _, n := range s.nodes {
		base[n.i] = len(n.final)
	}
	progressed := func() bool {
		for _, n := range s.nodes {
			if s.honest(n) && len(n.final) < base[n.i]+3 {
				return false
			}
		}
		return true
	}
	s.run(gst+120*time.Second, progressed)
	s.checkChains()
	if !progressed() {
		for _, n := range s.nodes {
			t.Logf("node %d (byzantine %v): view %d, final %d (was %d)", n.i, !s.honest(n), n.core.View(), len(n.final), base[n.i])
		}
		t.Fatalf("seed %d: no progress within 120 s after the network stabilized", seed)
	}
	return s
}
