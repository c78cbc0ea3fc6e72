package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
)

// TestValidatorChallenges: three new validators, holding three quarters of
// the stake, sign a made-up output root and commit it on L1; one of them
// even defends it, then falls silent. The devnet's validator node disputes
// the root by itself, claims the silent defender's game, and settles the
// dispute when the join window closes: the root is deleted and its three
// signers are slashed. The honest validator, now the whole set, signs the
// range again and the relayer commits the true root.
func TestValidatorChallenges(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet with an embedded L1")
	}
	ctx := context.Background()
	d, l1, honest := disputeDevnet(t)
	validator := honest.ValidatorAddress()
	scc := bindings.NewStateCommitmentChain()
	sccC := scc.Instance(l1, d.Contracts.StateCommitmentChain)
	game := bindings.NewDisputeGame()
	gameC := game.Instance(l1, d.Contracts.DisputeGame)
	waitFor(t, "the first root on L1", 2*time.Minute, func() (bool, string) {
		n, err := bind.Call(sccC, nil, scc.PackRootCount(), scc.UnpackRootCount)
		return err == nil && n.Sign() > 0, fmt.Sprintf("%v roots, %v", n, err)
	})

	// The owner adds three validators; honest roots no longer reach two thirds.
	evil := exec.DevKeys(4)[1:] // funded on L1 by the devnet
	set := []bridge.Validator{{Address: validator, Stake: big.NewInt(1)}}
	for _, k := range evil {
		set = append(set, bridge.Validator{Address: k.Address, Stake: big.NewInt(1)})
	}
	owner, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: L1Deployer().Key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Send(ctx, d.Contracts.StateCommitmentChain, scc.PackSetValidators(bridge.ValidatorSet(set)), nil, 0); err != nil {
		t.Fatal(err)
	}
	next, err := bind.Call(sccC, nil, scc.PackNextBatch(), scc.UnpackNextBatch)
	if err != nil {
		t.Fatal(err)
	}
	index, err := bind.Call(sccC, nil, scc.PackRootCount(), scc.UnpackRootCount)
	if err != nil {
		t.Fatal(err)
	}
	start, end := next.Uint64(), next.Uint64()+3
	waitFor(t, "the honest node past the forged range", time.Minute, func() (bool, string) {
		h := honest.Exec().Head().NumberU64()
		return h >= end, fmt.Sprintf("head %d", h)
	})

	// The three sign and commit a made-up root for the range.
	forged := ethcrypto.Keccak256Hash([]byte("a state nobody executed"))
	var sigs []bridge.OutputRootSignature
	for _, k := range evil {
		s, err := bridge.SignOutputRoot(k.Key, node.DefaultChainID, start, end, forged)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	liar := sender(t, ctx, l1, evil[0].Key)
	if _, err := liar.Send(ctx, d.Contracts.StateCommitmentChain, scc.PackSubmitStateRoot(new(big.Int).SetUint64(start),
		new(big.Int).SetUint64(end), forged, bridge.SubmissionSignatures(sigs)), nil, 0); err != nil {
		t.Fatal(err)
	}
	r, err := bind.Call(sccC, nil, scc.PackGetRoot(index), scc.UnpackGetRoot)
	if err != nil || common.Hash(r.OutputRoot) != forged {
		t.Fatalf("root %s is %x (%v), want the forged one", index, r.OutputRoot, err)
	}

	// The validator node disputes it; one of the signers joins as defender.
	var dispute bindings.DisputeGameDispute
	waitFor(t, "the validator node opens a dispute", time.Minute, func() (bool, string) {
		n, err := bind.Call(gameC, nil, game.PackDisputeCount(), game.UnpackDisputeCount)
		if err != nil || n.Sign() == 0 {
			return false, fmt.Sprintf("%v disputes, %v", n, err)
		}
		dispute, err = bind.Call(gameC, nil, game.PackGetDispute(common.Big0), game.UnpackGetDispute)
		return err == nil, fmt.Sprint(err)
	})
	if dispute.Challenger != validator || dispute.RootIndex != index.Uint64() || common.Hash(dispute.OutputRoot) != forged {
		t.Fatalf("dispute by %s against root %d (%x), want the validator's against root %s", dispute.Challenger, dispute.RootIndex, dispute.OutputRoot, index)
	}
	bond, err := bind.Call(gameC, nil, game.PackBond(), game.UnpackBond)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := liar.Send(ctx, d.Contracts.DisputeGame, game.PackDefend(common.Big0), bond, 0); err != nil {
		t.Fatal(err)
	}

	// The defender stays silent: the node claims its game and settles.
	waitFor(t, "the dispute settled for the validator", 2*time.Minute, func() (bool, string) {
		d, err := bind.Call(gameC, nil, game.PackGetDispute(common.Big0), game.UnpackGetDispute)
		if err != nil {
			return false, err.Error()
		}
		return d.Status == bridge.DisputeChallengerWon, fmt.Sprintf("status %d, %d games, %d live", d.Status, len(d.Games), d.Live)
	})
	for _, k := range evil {
		if s, err := bind.Call(sccC, nil, scc.PackStakeOf(k.Address), scc.UnpackStakeOf); err != nil || s.Sign() != 0 {
			t.Fatalf("signer %s of the forged root holds stake %v (%v)", k.Address, s, err)
		}
	}
	if s, err := bind.Call(sccC, nil, scc.PackStakeOf(validator), scc.UnpackStakeOf); err != nil || s.Int64() != 1 {
		t.Fatalf("the honest validator holds stake %v (%v), want 1", s, err)
	}

	// The honest validator alone now signs the range, and the relayer commits it.
	waitFor(t, "the true root over the range", 2*time.Minute, func() (bool, string) {
		r, err := bind.Call(sccC, nil, scc.PackGetRoot(index), scc.UnpackGetRoot)
		if err != nil {
			return false, err.Error()
		}
		return common.Hash(r.OutputRoot) != forged && r.StartBatch == start, fmt.Sprintf("root %x over %d-%d", r.OutputRoot, r.StartBatch, r.EndBatch)
	})
	signers, err := bind.Call(sccC, nil, scc.PackSignersOf(index), scc.UnpackSignersOf)
	if err != nil || !slices.Equal(signers, []common.Address{validator}) {
		t.Fatalf("the new root's signers %v (%v), want the honest validator alone", signers, err)
	}
}

// disputeDevnet starts the devnet the dispute tests play on: 4 sequencers,
// one validator node, a relayer, 300 ms slots and L1 blocks, roots of 4
// batches. It returns the devnet, a client of its L1 and the validator node.
func disputeDevnet(t *testing.T) (*Devnet, bridge.L1, *node.Node) {
	t.Helper()
	d, err := Start(context.Background(), Spec{
		Dir: t.TempDir(), Network: "devnet", Sequencers: 4, Validators: 1, Relayers: 1,
		Slot: 300 * time.Millisecond, L1Block: 300 * time.Millisecond, OutputInterval: 4,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	l1, err := bridge.Dial(context.Background(), d.L1.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l1.Close() })
	for _, m := range d.Members {
		if m.Node.ValidatorAddress() != (common.Address{}) {
			return d, l1, m.Node
		}
	}
	t.Fatal("the devnet has no validator node")
	return nil, nil, nil
}

// sender is an L1 sender for key.
func sender(t *testing.T, ctx context.Context, l1 bridge.L1, key *ecdsa.PrivateKey) *bridge.Sender {
	t.Helper()
	s, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
