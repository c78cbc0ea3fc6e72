package sequencing

import (
	"math"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/sequencing/consensus"
)

// TestLeaderFrequenciesMatchStakes draws 200,000 leaders over changing
// seeds and checks every sequencer's share against its stake with a
// chi-square test at the 0.1% level (a fair draw fails it once in a thousand
// seeds; the seeds here are fixed, so the test is deterministic).
func TestLeaderFrequenciesMatchStakes(t *testing.T) {
	stakes := []uint64{1, 2, 3, 5, 8, 13, 21, 47}
	var members []consensus.Validator
	for i, s := range stakes {
		members = append(members, consensus.Validator{Address: common.BigToAddress(big.NewInt(int64(1000 + i))), Stake: s})
	}
	set, err := consensus.NewValidatorSet(members)
	if err != nil {
		t.Fatal(err)
	}
	const draws = 200_000
	counts := map[common.Address]int{}
	for v := uint64(0); v < draws; v++ {
		seed := crypto.Keccak256Hash(big.NewInt(int64(v / 256)).Bytes()) // a new seed every "epoch"
		counts[LeaderFor(set, seed, v)]++
	}
	total := 0.0
	for _, s := range stakes {
		total += float64(s)
	}
	chi2 := 0.0
	for _, m := range set.Validators() {
		exp := draws * float64(m.Stake) / total
		d := float64(counts[m.Address]) - exp
		chi2 += d * d / exp
		if share, want := float64(counts[m.Address])/draws, float64(m.Stake)/total; math.Abs(share-want) > 0.01 {
			t.Errorf("stake %d: share %.4f, want %.4f", m.Stake, share, want)
		}
	}
	// Critical value of chi-square with 7 degrees of freedom at p = 0.001.
	if chi2 > 24.32 {
		t.Fatalf("chi-square %.2f over 7 degrees of freedom: frequencies do not follow stakes", chi2)
	}
	t.Logf("chi-square %.2f (critical 24.32)", chi2)
}

func TestScheduleSeedsFromTheFinalChainTwoEpochsBack(t *testing.T) {
	set, _ := consensus.NewValidatorSet([]consensus.Validator{{Address: common.Address{1}, Stake: 1}, {Address: common.Address{2}, Stake: 1}, {Address: common.Address{3}, Stake: 1}, {Address: common.Address{4}, Stake: 1}})
	var asked []uint64
	s := &Schedule{Set: set, EpochLength: 100, Seed: func(before uint64) common.Hash {
		asked = append(asked, before)
		return crypto.Keccak256Hash(big.NewInt(int64(before)).Bytes())
	}}
	s.Leader(5)   // epoch 0: genesis
	s.Leader(150) // epoch 1: genesis
	s.Leader(250) // epoch 2: final batch before view 100
	s.Leader(999) // epoch 9: final batch before view 800
	want := []uint64{0, 0, 100, 800}
	for i := range want {
		if asked[i] != want[i] {
			t.Fatalf("seeds asked for views before %v, want %v", asked, want)
		}
	}
}
