package exec

import (
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
)

// keepState makes the state after batch n readable from the state database
// (state.New, its tries and their proofs) until release is called. A state
// within the history is there already. An older one is rebuilt by
// re-executing the batches after the nearest state still kept — the state
// is flushed to disk every FlushInterval batches, and flushed states stay —
// each checked against its stored root. Disputes need the state before a
// batch for as long as its output root can be challenged, which is far
// longer than the history keeps states in memory.
func (e *Executor) keepState(n uint64) (release func(), err error) {
	h := e.HeaderByNumber(n)
	if h == nil {
		return nil, fmt.Errorf("exec: no batch %d", n)
	}
	if e.hasState(h.Root) {
		return func() {}, nil
	}
	base := h
	for base.Number.Uint64() > 0 {
		if base = e.HeaderByNumber(base.Number.Uint64() - 1); base == nil {
			return nil, fmt.Errorf("exec: no header below batch %d", n)
		}
		if e.hasState(base.Root) {
			break
		}
	}
	if !e.hasState(base.Root) {
		return nil, fmt.Errorf("exec: no state kept at or before batch %d", n)
	}
	start := time.Now()
	// held is the replayed root this call references; the one before it is
	// released as the next is held, so only its nodes stay.
	var held common.Hash
	release = func() {
		if held != (common.Hash{}) {
			e.tdb.Dereference(held)
		}
	}
	parent := base
	for k := base.Number.Uint64() + 1; k <= n; k++ {
		root, err := e.replay(k, parent)
		if err != nil {
			release()
			return nil, err
		}
		e.tdb.Reference(root, common.Hash{})
		release()
		held = root
		parent = e.HeaderByNumber(k)
	}
	e.log.Info("rebuilt a state older than the history", "batch", n, "from_batch", base.Number.Uint64(),
		"batches", n-base.Number.Uint64(), "took", time.Since(start).Round(time.Millisecond))
	return release, nil
}

// replay executes stored batch k on its parent's state, which must be kept,
// commits the result to the trie database (unreferenced) and returns its
// root, which must be the stored one.
func (e *Executor) replay(k uint64, parent *types.Header) (common.Hash, error) {
	block := e.BlockByNumber(k)
	if block == nil {
		return common.Hash{}, fmt.Errorf("exec: replay: no batch %d", k)
	}
	deps, err := e.readDeposits(k)
	if err != nil {
		return common.Hash{}, err
	}
	statedb, err := state.New(parent.Root, e.sdb)
	if err != nil {
		return common.Hash{}, fmt.Errorf("exec: replay batch %d: %w", k, err)
	}
	b := batchOf(block, deps)
	env := newBlockEnv(e, e.newHeader(parent, b), statedb)
	res := &Result{}
	e.run(env, b, res, nil)
	if len(res.Dropped) > 0 {
		return common.Hash{}, fmt.Errorf("exec: replay batch %d: %d of its transactions dropped", k, len(res.Dropped))
	}
	root, err := statedb.Commit(env.rules, k)
	if err != nil {
		return common.Hash{}, fmt.Errorf("exec: replay batch %d: %w", k, err)
	}
	if root != block.Root() {
		return common.Hash{}, fmt.Errorf("exec: replay batch %d: state root %s, the stored batch's is %s", k, root, block.Root())
	}
	return root, nil
}
