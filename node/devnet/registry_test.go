package devnet

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/sequencing/consensus"
)

// TestRegistrySetChanges runs the sequencer set from the L1
// SequencerRegistry on a devnet: a sequencer that unstakes on L1 leaves the
// set at a set-epoch boundary and finality goes on without it; evidence of a
// sequencer's two votes in one view reaches L1 through the relayer, which
// slashes it, and the set drops it too. Every node, the relayer included
// (it reads no registry), follows the same sets from the chain alone.
func TestRegistrySetChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet with an embedded L1")
	}
	ctx := context.Background()
	const epoch = 8
	d, err := Start(ctx, Spec{
		Dir: t.TempDir(), Network: "devnet", Sequencers: 4, Relayers: 1,
		Slot: 300 * time.Millisecond, L1Block: 300 * time.Millisecond, EpochLength: epoch,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	rc, err := rpc.Dial(d.RPC().Node.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	status := func() *ethrpc.SequencingStatus {
		var st ethrpc.SequencingStatus
		if err := rc.CallContext(ctx, &st, "l2_sequencing"); err != nil {
			t.Fatal(err)
		}
		return &st
	}
	members := func(st *ethrpc.SequencingStatus) []common.Address {
		var out []common.Address
		for _, s := range st.Sequencers {
			out = append(out, s.Address)
		}
		return out
	}
	l1, err := bridge.Dial(ctx, d.L1.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	var seqs []*Member
	var relayer *Member
	for _, m := range d.Members {
		switch m.Node.Roles()[0] {
		case "sequencer":
			seqs = append(seqs, m)
		case "relayer":
			relayer = m
		}
	}
	keyOf := func(m *Member) common.Address {
		k, err := node.LoadOrCreateSequencerKey(filepath.Join(m.Dir, "sequencer.key"))
		if err != nil {
			t.Fatal(err)
		}
		return ethcrypto.PubkeyToAddress(k.PublicKey)
	}
	if got := members(status()); len(got) != 4 {
		t.Fatalf("genesis set %v", got)
	}
	// waitSet waits until every node follows the set without gone, then
	// for two more set epochs of final batches.
	waitSet := func(what string, gone ...common.Address) {
		t.Helper()
		waitFor(t, what, 3*time.Minute, func() (bool, string) {
			for _, m := range append(slices.Clone(seqs), relayer) {
				set := m.Node.Driver().Set()
				if set.Len() != 4-len(gone) {
					return false, fmt.Sprintf("%s follows %d members", m.Name, set.Len())
				}
				for _, g := range gone {
					if set.Contains(g) {
						return false, fmt.Sprintf("%s still has %s", m.Name, g)
					}
				}
			}
			return true, ""
		})
		from := uint64(status().LastFinal.Height)
		waitFor(t, what+": finality goes on", 2*time.Minute, func() (bool, string) {
			h := uint64(status().LastFinal.Height)
			return h >= from+2*epoch, fmt.Sprintf("final height %d, from %d", h, from)
		})
	}

	// Sequencer 4 unstakes on L1.
	key4, err := node.LoadOrCreateSequencerKey(filepath.Join(seqs[3].Dir, "sequencer.key"))
	if err != nil {
		t.Fatal(err)
	}
	snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: key4})
	if err != nil {
		t.Fatal(err)
	}
	reg := bindings.NewSequencerRegistry()
	if _, err := snd.Send(ctx, d.Contracts.SequencerRegistry, reg.PackRequestUnstake(), nil, 0); err != nil {
		t.Fatal(err)
	}
	waitSet("sequencer 4 leaves the set after unstaking", keyOf(seqs[3]))

	// Sequencer 2 signs two different votes for one view; sequencer 1
	// reports it, the relayer slashes it on L1.
	key2, err := node.LoadOrCreateSequencerKey(filepath.Join(seqs[1].Dir, "sequencer.key"))
	if err != nil {
		t.Fatal(err)
	}
	drv := seqs[0].Node.Driver()
	domain := consensus.EraDomain(node.DefaultChainID, drv.Era())
	vote := func(h common.Hash) consensus.Message {
		m := consensus.Message{Type: consensus.MsgVote, ChainID: domain, View: 1 << 30, From: keyOf(seqs[1]), Hash: h}
		sig, err := ethcrypto.Sign(ethcrypto.Keccak256(m.SigningBytes()), key2)
		if err != nil {
			t.Fatal(err)
		}
		m.Signature = sig
		return m
	}
	ev := consensus.Evidence{Kind: consensus.EvidenceVotes, Signer: keyOf(seqs[1]), View: 1 << 30,
		A: vote(common.Hash{1}), B: vote(common.Hash{2})}
	forged := ev
	forged.B = vote(common.Hash{1})
	if err := drv.ReportEvidence(ctx, forged); err == nil {
		t.Fatal("evidence of one vote twice was taken")
	}
	if err := drv.ReportEvidence(ctx, ev); err != nil {
		t.Fatal(err)
	}
	regC := reg.Instance(l1, d.Contracts.SequencerRegistry)
	waitFor(t, "the relayer slashes sequencer 2 on L1", 2*time.Minute, func() (bool, string) {
		slashed, err := bind.Call(regC, nil, reg.PackSlashed(keyOf(seqs[1])), reg.UnpackSlashed)
		return err == nil && slashed, fmt.Sprintf("slashed %v, %v", slashed, err)
	})
	waitSet("sequencer 2 leaves the set after its slashing", keyOf(seqs[3]), keyOf(seqs[1]))
}

// TestValidatorDefends: on the devnet, somebody disputes a correct output
// root; the validator's player joins as defender with its validator key,
// bisects from its own state against a challenger that steers the game to
// a transfer, and at the one step left proves it with the OneStepProver,
// the proof built by its node from its own executor. It wins.
func TestValidatorDefends(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet with an embedded L1")
	}
	ctx := context.Background()
	d, l1, v := disputeDevnet(t)
	validator := v.ValidatorAddress()
	// A transfer on L2, for the dispute to end at.
	l2, err := ethclient.Dial(d.RPC().Node.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	key := exec.DevKeys(6)[4]
	head, err := l2.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(node.DefaultChainID)
	to := common.HexToAddress("0x7e57")
	tx, err := types.SignNewTx(key.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(big.NewInt(1e9), new(big.Int).Mul(head.BaseFee, big.NewInt(2))),
		Gas: 21_000, To: &to, Value: big.NewInt(1e15),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := l2.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	var batch uint64
	waitFor(t, "the transfer included", time.Minute, func() (bool, string) {
		r, err := l2.TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			return false, err.Error()
		}
		batch = r.BlockNumber.Uint64()
		return true, ""
	})
	// Roots cover 4 batches each (OutputInterval).
	rootIndex := (batch - 1) / 4
	scc := bindings.NewStateCommitmentChain()
	sccC := scc.Instance(l1, d.Contracts.StateCommitmentChain)
	waitFor(t, "the root over the transfer on L1", 2*time.Minute, func() (bool, string) {
		n, err := bind.Call(sccC, nil, scc.PackRootCount(), scc.UnpackRootCount)
		return err == nil && n.Uint64() > rootIndex, fmt.Sprintf("%v roots, %v", n, err)
	})
	game := bindings.NewDisputeGame()
	gameC := game.Instance(l1, d.Contracts.DisputeGame)
	snd, err := bridge.NewSender(ctx, bridge.SenderConfig{L1: l1, Key: exec.DevKeys(6)[5].Key})
	if err != nil {
		t.Fatal(err)
	}
	bond, err := bind.Call(gameC, nil, game.PackBond(), game.UnpackBond)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snd.Send(ctx, d.Contracts.DisputeGame, game.PackOpen(new(big.Int).SetUint64(rootIndex), common.Hash{0xba, 0xd}), bond, 0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the validator defends and bisects", 2*time.Minute, func() (bool, string) {
		g, err := bind.Call(gameC, nil, game.PackGetGame(big.NewInt(0)), game.UnpackGetGame)
		if err != nil {
			return false, err.Error()
		}
		// The root covers 4 batches: after joining, the defender's first
		// move is the output root after its second.
		ok := g.Defender == validator && g.Phase == bridge.GameBatchBisection && g.PendingMid != [32]byte{}
		return ok, fmt.Sprintf("defender %s (validator %s), phase %d, turn %d", g.Defender, validator, g.Phase, g.Turn)
	})
	// The challenger steers to the transfer's batch, then disagrees with
	// every step midpoint, down to the batch's first step: the transfer.
	// The validator must prove it on L1.
	opened, err := l1.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var moves int
	var final bindings.DisputeGameGame
	waitFor(t, "the validator wins at the step", 3*time.Minute, func() (bool, string) {
		g, err := bind.Call(gameC, nil, game.PackGetGame(big.NewInt(0)), game.UnpackGetGame)
		if err != nil {
			return false, err.Error()
		}
		if g.Phase > bridge.GameOneStep {
			final = g
			return g.Phase == bridge.GameDefenderWon, fmt.Sprintf("phase %d", g.Phase)
		}
		if g.Turn == bridge.SideChallenger && (g.Phase == bridge.GameBatchBisection || g.Phase == bridge.GameStepBisection) {
			choice := game.PackDisagree(big.NewInt(0))
			if g.Phase == bridge.GameBatchBisection && (g.Lo+g.Hi)/2 < batch {
				choice = game.PackAgree(big.NewInt(0))
			}
			if _, err := snd.Send(ctx, d.Contracts.DisputeGame, choice, nil, 0); err != nil {
				return false, err.Error()
			}
			moves++
		}
		return false, fmt.Sprintf("phase %d, batch %d, steps %d..%d of %d, turn %d", g.Phase, g.Batch, g.Lo, g.Hi, g.StepCount, g.Turn)
	})
	ended, err := l1.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock, err := bind.Call(gameC, nil, game.PackClock(), game.UnpackClock)
	if err != nil {
		t.Fatal(err)
	}
	if final.Batch != batch || final.Hi != 1 || final.StepCount == 0 {
		t.Fatalf("decided at step %d of %d in batch %d, want the first step of batch %d", final.Hi, final.StepCount, final.Batch, batch)
	}
	t.Logf("game decided at step %d of %d in batch %d after %d challenger moves, %d s of L1 time (blocks every %s); the defender used %d s of its clock",
		final.Hi, final.StepCount, final.Batch, moves, ended.Time-opened.Time, 300*time.Millisecond, clock.Uint64()-final.DefenderClock)
}
