package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/lru"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/internal/version"
	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/sequencing"
)

// executes reports whether the node's roles execute final batches.
func (n *Node) executes() bool {
	return slices.ContainsFunc(n.roles, func(r p2p.Role) bool {
		return r == p2p.RoleSequencer || r == p2p.RoleValidator || r == p2p.RoleRelayer
	})
}

// genesis is the configured genesis, or the development genesis on the devnet.
func (n *Node) genesis() (*exec.Genesis, error) {
	if n.cfg.Exec.Genesis == "" {
		if n.cfg.Node.Network != DefaultNetwork {
			return nil, fmt.Errorf("exec.genesis: required on network %q (the built-in development genesis is for %q only)", n.cfg.Node.Network, DefaultNetwork)
		}
		return exec.DevGenesis(n.cfg.Node.ChainID, DevAccounts), nil
	}
	g, err := exec.LoadGenesis(resolve(n.dir, n.cfg.Exec.Genesis))
	if err != nil {
		return nil, err
	}
	if g.ChainID != n.cfg.Node.ChainID {
		return nil, fmt.Errorf("exec.genesis: chain_id %d, node.chain_id is %d", g.ChainID, n.cfg.Node.ChainID)
	}
	return g, nil
}

// txCheck is the transaction topic's state check on nodes that execute: a
// transaction the head state already rules out (a used nonce, a sender who
// cannot pay, a fee cap under the base fee) is not forwarded. It is Ignored,
// not Rejected: an honest peer a block behind may still send it.
func (n *Node) txCheck(tx *types.Transaction, _ common.Address) (gossip.Result, error) {
	if n.exec == nil || n.pool == nil {
		return gossip.Accept, nil
	}
	if _, err := n.exec.ValidateTx(tx, n.pool.PendingNonce); err != nil {
		return gossip.Ignore, err
	}
	return gossip.Accept, nil
}

// DevAccounts is how many development keys the devnet genesis funds.
const DevAccounts = 16

// assembleExec opens the executor, the dev sealer and the JSON-RPC server on
// nodes whose roles execute batches.
func (n *Node) assembleExec() (err error) {
	if !n.executes() || !n.cfg.Exec.Enabled {
		return nil
	}
	gen, err := n.genesis()
	if err != nil {
		return err
	}
	c := n.cfg.Exec
	n.exec, err = exec.Open(filepath.Join(n.dir, "exec"), gen, exec.Config{
		GasLimit: c.GasLimit, MinBaseFee: new(big.Int).SetUint64(c.MinBaseFee),
		StateHistory: c.StateHistory, FlushInterval: c.FlushInterval, DirtyCacheMB: c.CacheMB,
		Logger: n.log, Registerer: n.reg,
	})
	if err != nil {
		return err
	}
	n.pool = &forwardPool{e: n.exec, topic: n.txTopic, cache: n.txCache, recent: lru.NewCache[common.Hash, *types.Transaction](4096)}
	if c.DevSealer {
		n.pool.local = exec.NewDevPool(n.exec, 100_000)
		n.sealer = &exec.DevSealer{Exec: n.exec, Pool: n.pool.local, Interval: c.DevSlot.Std(), FeeRecipient: common.HexToAddress(c.FeeRecipient)}
	}
	if err := n.assembleSequencing(); err != nil {
		return err
	}
	if err := n.assembleBridge(); err != nil {
		return err
	}
	if n.cfg.RPC.Enabled {
		b := ethrpc.Backend{Exec: n.exec, Pool: n.pool, Progress: progress{n}, ClientVersion: version.UserAgent(), Logger: n.log}
		if n.driver != nil {
			b.Sequencing = seqInfo{n.driver}
		}
		n.rpc, err = ethrpc.New(b)
		if err != nil {
			return err
		}
		if n.bridge != nil {
			if err := n.rpc.RegisterAPI("l2", bridgeAPI{n}); err != nil {
				return err
			}
		}
	}
	return nil
}

// startExec starts the JSON-RPC server, the dev sealer and the intake of
// gossiped transactions.
func (n *Node) startExec(ctx context.Context) error {
	if n.exec == nil {
		return nil
	}
	if n.rpc != nil {
		addr, err := n.rpc.Start(n.cfg.RPC.ListenAddr)
		if err != nil {
			return fmt.Errorf("rpc: %w", err)
		}
		n.rpcAddr = addr
	}
	ctx, n.stopExec = context.WithCancel(context.Background())
	if n.sealer != nil {
		n.execWG.Go(func() {
			if err := n.sealer.Run(ctx); err != nil {
				n.log.Error("dev sealer stopped", "err", err)
			}
		})
	}
	if n.driver != nil {
		n.execWG.Go(func() {
			// A failure (a batch that cannot be executed or stored) stops
			// the core; the driver resumes from what is stored, and keeps
			// saying so in the log until it succeeds.
			for {
				err := n.driver.Run(ctx)
				if ctx.Err() != nil {
					return
				}
				n.log.Error("consensus stopped; restarting it in 1s", "err", err)
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
			}
		})
	}
	if n.txTopic != nil && (n.pool.local != nil || n.pool.mempool != nil) {
		sub, err := n.txTopic.Subscribe()
		if err != nil {
			return err
		}
		n.execWG.Go(func() {
			defer sub.Cancel()
			for {
				m, err := sub.Next(ctx)
				if err != nil {
					return
				}
				if tm, ok := m.Decoded.(*sequencing.TxMessage); ok {
					// Errors are expected here (a transaction already
					// pooled, a nonce just used) and cost the sender nothing.
					if n.pool.mempool != nil {
						_ = n.pool.mempool.Add(tm.Tx, tm.Sender, m.From.String())
					} else {
						_ = n.pool.local.Add(tm.Tx)
					}
				}
			}
		})
	}
	return nil
}

// stopExec stops the sealer, consensus and the intake of transactions, and
// the RPC server. The stores stay open until gossip and the host are closed
// (closeExecStores): their validators and request handlers read them.
func (n *Node) closeExec() error {
	if n.stopExec != nil {
		n.stopExec()
	}
	n.execWG.Wait()
	if n.rpc != nil {
		return n.rpc.Close()
	}
	return nil
}

// closeExecStores flushes the state and closes the stores.
func (n *Node) closeExecStores() error {
	var errs []error
	if n.exec != nil {
		errs = append(errs, n.exec.Close())
	}
	if n.seqStore != nil {
		errs = append(errs, n.seqStore.Close())
	}
	return errors.Join(errs...)
}

// Exec is the executor, nil on nodes that do not execute batches.
func (n *Node) Exec() *exec.Executor { return n.exec }

// RPCURL is the JSON-RPC endpoint, "" when none is served.
func (n *Node) RPCURL() string {
	if n.rpcAddr == "" {
		return ""
	}
	return "http://" + dialable(n.rpcAddr)
}

// forwardPool takes the transactions users submit over JSON-RPC: it checks
// them against the head state, keeps them in the dev pool if this node seals,
// and gossips them toward the sequencers. The sequencing mempool replaces it.
type forwardPool struct {
	e       *exec.Executor
	local   *exec.DevPool       // nil unless the dev sealer runs here
	mempool *sequencing.Mempool // nil unless consensus runs here
	topic   interface {
		Publish(context.Context, []byte) error
	}
	cache  *sequencing.TxCache // the sender recovered here serves the gossip check and the batches
	mu     sync.Mutex
	recent *lru.Cache[common.Hash, *types.Transaction]
}

func (p *forwardPool) Add(tx *types.Transaction) error {
	if p.Get(tx.Hash()) != nil || p.e.Receipt(tx.Hash()) != nil {
		return txpool.ErrAlreadyKnown
	}
	switch {
	case p.local != nil:
		if err := p.local.Add(tx); err != nil {
			return err
		}
	case p.mempool != nil:
		from, err := p.e.ValidateTx(tx, p.mempool.PendingNonce)
		if err != nil {
			return err
		}
		if err := p.mempool.Add(tx, from, ""); err != nil {
			return err
		}
		p.cache.Add(tx, from)
	default:
		from, err := p.e.ValidateTx(tx, p.PendingNonce)
		if err != nil {
			return err
		}
		p.cache.Add(tx, from)
	}
	p.recent.Add(tx.Hash(), tx)
	if p.topic != nil {
		raw, err := tx.MarshalBinary()
		if err != nil {
			return err
		}
		if err := p.topic.Publish(context.Background(), raw); err != nil && p.local == nil && p.mempool == nil {
			return fmt.Errorf("forward transaction: %w", err)
		}
	}
	return nil
}

func (p *forwardPool) Get(hash common.Hash) *types.Transaction {
	if p.mempool != nil {
		if tx := p.mempool.Get(hash); tx != nil {
			return tx
		}
	}
	if p.local != nil {
		if tx := p.local.Get(hash); tx != nil {
			return tx
		}
	}
	tx, _ := p.recent.Get(hash)
	if tx != nil && p.e.Receipt(hash) != nil {
		return nil // included: no longer pending
	}
	return tx
}

func (p *forwardPool) PendingNonce(addr common.Address) uint64 {
	if p.mempool != nil {
		return p.mempool.PendingNonce(addr)
	}
	if p.local != nil {
		return p.local.PendingNonce(addr)
	}
	st, err := p.e.StateAt(p.e.Head().Header())
	if err != nil {
		return 0
	}
	return st.GetNonce(addr)
}
