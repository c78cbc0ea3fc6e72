package bridge

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
)

// DefaultSimulatedChainID is the simulated L1's chain ID unless
// WithChainID says otherwise (go-ethereum's dev chain ID).
const DefaultSimulatedChainID = 1337

// Simulated is an L1 inside the process: go-ethereum's simulated backend (a
// real go-ethereum node with a simulated beacon, no networking). Blocks are
// made by Commit, by every transaction with WithAutoCommit, or on a timer with
// WithBlockPeriod; AdjustTime moves L1 time forward, for challenge windows and
// time locks. It is the devnet's and the tests' default L1.
type Simulated struct {
	rpcL1
	backend *simulated.Backend
	httpURL string
	auto    bool

	// mu orders block production: Commit, AdjustTime and auto-committed
	// sends never interleave.
	mu     sync.Mutex
	stop   chan struct{}
	done   chan struct{}
	closed bool
}

type simConfig struct {
	alloc    types.GenesisAlloc
	chainID  uint64
	gasLimit uint64
	httpHost string
	httpPort int
	auto     bool
	period   time.Duration
}

// SimulatedOption configures NewSimulated.
type SimulatedOption func(*simConfig) error

// WithAlloc funds accounts (and places code) at genesis.
func WithAlloc(alloc types.GenesisAlloc) SimulatedOption {
	return func(c *simConfig) error {
		for a, acc := range alloc {
			c.alloc[a] = acc
		}
		return nil
	}
}

// WithChainID sets the L1's chain ID (default DefaultSimulatedChainID).
func WithChainID(id uint64) SimulatedOption {
	return func(c *simConfig) error {
		if id == 0 {
			return errors.New("bridge: chain ID 0")
		}
		c.chainID = id
		return nil
	}
}

// WithBlockGasLimit sets the L1's block gas limit.
func WithBlockGasLimit(gas uint64) SimulatedOption {
	return func(c *simConfig) error {
		c.gasLimit = gas
		return nil
	}
}

// WithHTTP serves the L1's JSON-RPC (eth, net, web3) on addr, which must be
// a loopback host and an explicit port ("127.0.0.1:8545"), so that outside
// tools (wallets, cast, a relayer in another process) can use the embedded
// chain.
func WithHTTP(addr string) SimulatedOption {
	return func(c *simConfig) error {
		host, portStr, err := net.SplitHostPort(addr)
		if err != nil {
			return fmt.Errorf("bridge: L1 HTTP address %q: %w", addr, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil || port <= 0 || port > 65535 {
			return fmt.Errorf("bridge: L1 HTTP address %q: needs an explicit port", addr)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("bridge: L1 HTTP address %q is not a loopback address", addr)
		}
		c.httpHost, c.httpPort = host, port
		return nil
	}
}

// WithHTTPExposed is WithHTTP on any address, loopback or not: for an L1
// inside a container whose port is published. HTTPURL then names loopback
// when addr is unspecified (0.0.0.0).
func WithHTTPExposed(addr string) SimulatedOption {
	return func(c *simConfig) error {
		host, portStr, err := net.SplitHostPort(addr)
		if err != nil {
			return fmt.Errorf("bridge: L1 HTTP address %q: %w", addr, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil || port <= 0 || port > 65535 {
			return fmt.Errorf("bridge: L1 HTTP address %q: needs an explicit port", addr)
		}
		c.httpHost, c.httpPort = host, port
		return nil
	}
}

// WithAutoCommit makes every transaction sent through the Simulated L1 mined
// at once, in a block of its own, as Hardhat's automine does. It is for
// in-process use: transactions arriving over WithHTTP are not mined by it (and
// may be dropped); an L1 served to other processes wants WithBlockPeriod.
func WithAutoCommit() SimulatedOption {
	return func(c *simConfig) error {
		c.auto = true
		return nil
	}
}

// WithBlockPeriod makes a block every period (also when empty), so that L1
// time follows the wall clock as on a real chain. Transactions sent by other
// processes over HTTP need it (or Commit calls) to be mined.
func WithBlockPeriod(period time.Duration) SimulatedOption {
	return func(c *simConfig) error {
		if period < time.Millisecond {
			return errors.New("bridge: block period under a millisecond")
		}
		c.period = period
		return nil
	}
}

// NewSimulated starts an in-process L1.
func NewSimulated(opts ...SimulatedOption) (s *Simulated, err error) {
	cfg := simConfig{alloc: types.GenesisAlloc{}, chainID: DefaultSimulatedChainID}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.httpHost != "" {
		// A busy port would fail the node's start half way, which NewBackend
		// answers with a panic: find out first.
		l, err := net.Listen("tcp", net.JoinHostPort(cfg.httpHost, strconv.Itoa(cfg.httpPort)))
		if err != nil {
			return nil, fmt.Errorf("bridge: L1 HTTP address: %w", err)
		}
		l.Close()
	}
	defer func() {
		// NB: NewBackend panics when its node fails to start anyway.
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("bridge: start simulated L1: %v", r)
		}
	}()
	backend := simulated.NewBackend(cfg.alloc, func(nc *node.Config, ec *ethconfig.Config) {
		chain := *ec.Genesis.Config
		chain.ChainID = new(big.Int).SetUint64(cfg.chainID)
		// NB: go-ethereum's dev chain also activates "Bogota", an unreleased
		// fork with Amsterdam's state-gas repricing (EIP-8037/8038), under
		// which storage writes cost several times what they cost on any live
		// chain. The L1 stops at Osaka, like Ethereum mainnet, so gas figures
		// (and gas limits chosen from them) hold on a real L1.
		chain.AmsterdamTime, chain.BogotaTime = nil, nil
		ec.Genesis.Config = &chain
		if cfg.gasLimit != 0 {
			ec.Genesis.GasLimit = cfg.gasLimit
			ec.Miner.GasCeil = cfg.gasLimit
		}
		if cfg.httpHost != "" {
			nc.HTTPHost = cfg.httpHost
			nc.HTTPPort = cfg.httpPort
			nc.HTTPModules = []string{"eth", "net", "web3"}
		}
	})
	s = &Simulated{
		rpcL1:   rpcL1{client: backend.Client(), poll: 5 * time.Millisecond},
		backend: backend,
		auto:    cfg.auto,
	}
	s.rpcL1.close = s.shutdown
	if cfg.httpHost != "" {
		host := cfg.httpHost
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		s.httpURL = "http://" + net.JoinHostPort(host, strconv.Itoa(cfg.httpPort))
	}
	if cfg.period > 0 {
		s.stop, s.done = make(chan struct{}), make(chan struct{})
		go s.produce(cfg.period)
	}
	return s, nil
}

// Commit mines the pending transactions into a new block and returns its hash
// (the zero hash once closed).
func (s *Simulated) Commit() common.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return common.Hash{}
	}
	h := s.backend.Commit()
	s.settle()
	return h
}

// AdjustTime makes an empty block d later than the head (whole seconds). It
// fails while transactions are pending: Commit them first.
func (s *Simulated) AdjustTime(d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("bridge: simulated L1 closed")
	}
	s.settle()
	var err error
	for range 200 {
		// NB: the pool drops the transactions of a new block in the
		// background, and until then it counts them as pending, which
		// AdjustTime refuses.
		if err = s.backend.AdjustTime(d); err == nil || !strings.Contains(err.Error(), "non-empty block") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.settle()
	return err
}

// Fork makes the block parent the head's parent for what is mined next: the
// next Commit starts a side chain that becomes canonical once it is longer
// (an L1 reorg, for tests).
func (s *Simulated) Fork(parent common.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("bridge: simulated L1 closed")
	}
	return s.backend.Fork(parent)
}

// HTTPURL is the URL of the L1's JSON-RPC, empty without WithHTTP.
func (s *Simulated) HTTPURL() string { return s.httpURL }

// SendTransaction sends tx, and with WithAutoCommit mines it at once.
func (s *Simulated) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if !s.auto {
		return s.client.SendTransaction(ctx, tx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	// NB: the pool takes a transaction in the background; a block sealed
	// before it did leaves the transaction out, for the next block.
	for tries := 0; ; tries++ {
		s.backend.Commit()
		if _, pending, err := s.client.TransactionByHash(ctx, tx.Hash()); err == nil && !pending {
			break
		}
		if tries == 100 {
			return fmt.Errorf("bridge: transaction %s not mined after %d blocks", tx.Hash(), tries+1)
		}
	}
	s.settle()
	return nil
}

// settle brings an auto-committing chain's pool up to the new head at once.
// After a block the pool catches up in the background, and until then it
// validates new transactions against the old state (refusing a sender just
// funded, say). Rollback waits for it and empties it; with auto-commit
// nothing is left pending that it could drop.
func (s *Simulated) settle() {
	if s.auto {
		s.backend.Rollback()
	}
}

func (s *Simulated) produce(period time.Duration) {
	defer close(s.done)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.Commit()
		}
	}
}

func (s *Simulated) shutdown() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	if s.stop != nil {
		close(s.stop)
		<-s.done
	}
	return s.backend.Close()
}
