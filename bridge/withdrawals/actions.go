package withdrawals

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/bridge"
	"github.com/l2node/l2node/contracts/bindings"
)

// view is what one Step reads of the L1 once: the head's time and the
// StateCommitmentChain's roots, read as needed.
type view struct {
	r     *Relayer
	ctx   context.Context
	time  uint64 // the head's timestamp
	count uint64 // rootCount
	roots map[uint64]bindings.StateCommitmentChainStateRoot
}

func (r *Relayer) newView(ctx context.Context) (*view, error) {
	head, err := r.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("withdrawals: L1 head: %w", err)
	}
	n, err := bind.Call(r.sccC, r.opts(ctx), r.scc.PackRootCount(), r.scc.UnpackRootCount)
	if err != nil {
		return nil, fmt.Errorf("withdrawals: rootCount: %w", err)
	}
	if !n.IsUint64() {
		return nil, fmt.Errorf("withdrawals: rootCount %s", n)
	}
	return &view{r: r, ctx: ctx, time: head.Time, count: n.Uint64(), roots: map[uint64]bindings.StateCommitmentChainStateRoot{}}, nil
}

func (v *view) root(i uint64) (bindings.StateCommitmentChainStateRoot, error) {
	if root, ok := v.roots[i]; ok {
		return root, nil
	}
	root, err := bind.Call(v.r.sccC, v.r.opts(v.ctx), v.r.scc.PackGetRoot(new(big.Int).SetUint64(i)), v.r.scc.UnpackGetRoot)
	if err != nil {
		return root, fmt.Errorf("withdrawals: getRoot(%d): %w", i, err)
	}
	v.roots[i] = root
	return root, nil
}

// committed is whether the root a proof was made against is still the one
// at its index (the Bridge's own test: same output root, same submission).
func (v *view) committed(index uint64, outputRoot common.Hash, submittedAt uint64) (bool, error) {
	if index >= v.count {
		return false, nil
	}
	root, err := v.root(index)
	if err != nil {
		return false, err
	}
	return root.OutputRoot == outputRoot && root.SubmittedAt == submittedAt, nil
}

func (r *Relayer) opts(ctx context.Context) *bind.CallOpts { return &bind.CallOpts{Context: ctx} }

// advance takes the one action rec's state on L1 calls for.
func (r *Relayer) advance(ctx context.Context, v *view, rec *record) error {
	if rec.State == Proven {
		// Nothing to do before it unlocks, as long as its root stands.
		ok, err := v.committed(rec.RootIndex, rec.OutputRoot, rec.RootSubmittedAt)
		if err != nil {
			return err
		}
		if ok && v.time < rec.UnlockAt {
			return nil
		}
	} else {
		// Without a root that covers its block it cannot have been proven,
		// nor can it be.
		if v.count == 0 {
			return nil
		}
		latest, err := v.root(v.count - 1)
		if err != nil {
			return err
		}
		if latest.EndBatch < rec.L2Block {
			return nil
		}
	}

	// Read the Bridge before acting: someone may have done the work.
	finalized, err := bind.Call(r.bridgeC, r.opts(ctx), r.bridge.PackFinalizedWithdrawals(rec.hash), r.bridge.UnpackFinalizedWithdrawals)
	if err != nil {
		return fmt.Errorf("finalizedWithdrawals: %w", err)
	}
	if finalized {
		return r.markFinalized(rec)
	}
	p, err := bind.Call(r.bridgeC, r.opts(ctx), r.bridge.PackProvenWithdrawals(rec.hash), r.bridge.UnpackProvenWithdrawals)
	if err != nil {
		return fmt.Errorf("provenWithdrawals: %w", err)
	}
	if p.ProvenAt != 0 {
		ok, err := v.committed(p.RootIndex, p.OutputRoot, p.RootSubmittedAt)
		if err != nil {
			return err
		}
		if ok {
			if err := r.markProven(ctx, v, rec, p); err != nil {
				return err
			}
			if v.time < rec.UnlockAt {
				return nil
			}
			final, err := bind.Call(r.sccC, r.opts(ctx), r.scc.PackIsFinalized(new(big.Int).SetUint64(p.RootIndex)), r.scc.UnpackIsFinalized)
			if err != nil {
				return fmt.Errorf("isFinalized(%d): %w", p.RootIndex, err)
			}
			if !final {
				return nil
			}
			return r.finalize(ctx, rec)
		}
	}
	if rec.State == Proven {
		r.log.Warn("the root a withdrawal was proven against is gone; proving again", "hash", rec.hash, "root_index", rec.RootIndex)
		if err := r.update(rec, func(x *record) { x.State = Initiated }); err != nil {
			return err
		}
	}
	return r.prove(ctx, v, rec)
}

// prove proves rec against the latest committed root that covers its L2
// block and whose output root is the L2 node's state root there. Without
// such a root it waits.
func (r *Relayer) prove(ctx context.Context, v *view, rec *record) error {
	slot := bridge.WithdrawalSlot(rec.hash)
	for i := v.count; i > 0; i-- {
		index := i - 1
		root, err := v.root(index)
		if err != nil {
			return err
		}
		if root.EndBatch < rec.L2Block {
			return nil // roots only go forward: no earlier one covers it
		}
		res, err := r.proofs.GetProof(ctx, bridge.MessagePasserAddress, []string{slot.Hex()}, new(big.Int).SetUint64(root.EndBatch))
		if err != nil {
			return fmt.Errorf("eth_getProof at L2 block %d: %w", root.EndBatch, err)
		}
		acc, st, err := bridge.WithdrawalProof(res, rec.hash)
		if err != nil {
			r.log.Error("the L2 node's proof does not hold the withdrawal; skipping root", "hash", rec.hash, "root_index", index, "err", err)
			continue
		}
		var block struct {
			Hash common.Hash `json:"hash"`
		}
		if err := r.cfg.L2.CallContext(ctx, &block, "eth_getBlockByNumber", hexutil.Uint64(root.EndBatch), false); err != nil {
			return fmt.Errorf("L2 block %d: %w", root.EndBatch, err)
		}
		// NB: the account proof's first node is the state trie's root node,
		// so its hash is the state root the proof is against.
		var out bridge.Output
		if len(acc) > 0 {
			out = bridge.Output{StateRoot: crypto.Keccak256Hash(acc[0]), BlockHash: block.Hash}
		}
		if out.Root() != common.Hash(root.OutputRoot) {
			r.log.Error("the L2 node's output differs from the committed output root; skipping root",
				"hash", rec.hash, "root_index", index, "l2_block", root.EndBatch, "output_root", common.Hash(root.OutputRoot))
			continue
		}
		_, err = r.cfg.Sender.Send(ctx, r.cfg.Bridge, r.bridge.PackProveWithdrawal(rec.withdrawal(), new(big.Int).SetUint64(index),
			out.StateRoot, out.BlockHash, acc, st), nil, 0)
		if done, err := r.settled(rec, "prove", err); done || err != nil {
			return err
		}
		p, err := bind.Call(r.bridgeC, r.opts(ctx), r.bridge.PackProvenWithdrawals(rec.hash), r.bridge.UnpackProvenWithdrawals)
		if err != nil {
			return fmt.Errorf("provenWithdrawals: %w", err)
		}
		r.log.Info("withdrawal proven", "hash", rec.hash, "root_index", index)
		return r.markProven(ctx, v, rec, p)
	}
	return nil
}

// finalize pays rec out. Its gas covers the target's gasLimit, which the
// Bridge forwards exactly, and the WithdrawalCaller's margin for it.
func (r *Relayer) finalize(ctx context.Context, rec *record) error {
	if !rec.GasLimit.IsUint64() || rec.GasLimit.Uint64() > 1<<40 {
		return fmt.Errorf("gas limit %s cannot be given on L1", rec.GasLimit)
	}
	data := r.bridge.PackFinalizeWithdrawal(rec.withdrawal())
	est, err := r.cfg.L1.EstimateGas(ctx, ethereum.CallMsg{From: r.cfg.Sender.Address(), To: &r.cfg.Bridge, Data: data})
	if done, err := r.settled(rec, "finalize (estimate)", err); done || err != nil {
		return err
	}
	g := rec.GasLimit.Uint64()
	gas := max(est+est/5, g+g/63+40_000+finalizeOverhead)
	_, err = r.cfg.Sender.Send(ctx, r.cfg.Bridge, data, nil, gas)
	if done, err := r.settled(rec, "finalize", err); done || err != nil {
		return err
	}
	r.log.Info("withdrawal finalized", "hash", rec.hash, "target", rec.Target, "value", rec.Value)
	return r.markFinalized(rec)
}

// settled sorts an action's error: nil goes on; a revert saying the work is
// already done (by another relayer, or the user) ends the action quietly,
// for the next Step to read the Bridge again; anything else is an error.
func (r *Relayer) settled(rec *record, action string, err error) (done bool, _ error) {
	if err == nil {
		return false, nil
	}
	switch bridge.RevertName(err) {
	case "AlreadyProven", "AlreadyFinalized":
		r.log.Debug("withdrawal already handled", "hash", rec.hash, "action", action, "err", err)
		return true, nil
	}
	return true, fmt.Errorf("%s: %w", action, err)
}

func (r *Relayer) markProven(ctx context.Context, v *view, rec *record, p bindings.ProvenWithdrawalsOutput) error {
	if rec.State == Proven && rec.RootIndex == p.RootIndex && rec.ProvenAt == p.ProvenAt &&
		rec.OutputRoot == p.OutputRoot && rec.RootSubmittedAt == p.RootSubmittedAt {
		return nil
	}
	delay, err := bind.Call(r.bridgeC, r.opts(ctx), r.bridge.PackWithdrawalDelay(rec.Value), r.bridge.UnpackWithdrawalDelay)
	if err != nil {
		return fmt.Errorf("withdrawalDelay: %w", err)
	}
	if !delay.IsUint64() {
		return fmt.Errorf("withdrawalDelay %s", delay)
	}
	root, err := v.root(p.RootIndex)
	if err != nil {
		return err
	}
	wasProven := rec.State == Proven
	if err := r.update(rec, func(x *record) {
		x.State = Proven
		x.OutputRoot, x.RootIndex, x.RootSubmittedAt, x.ProvenAt = p.OutputRoot, p.RootIndex, p.RootSubmittedAt, p.ProvenAt
		x.UnlockAt = max(p.ProvenAt+delay.Uint64(), root.FinalizedAt)
	}); err != nil {
		return err
	}
	if !wasProven {
		r.m.proven.Inc()
	}
	return nil
}

func (r *Relayer) markFinalized(rec *record) error {
	if err := r.update(rec, func(x *record) { x.State = Finalized }); err != nil {
		return err
	}
	r.m.finalized.Inc()
	return nil
}
