package bridge

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/contracts/bindings"
)

// Validator is a member of the StateCommitmentChain's validator set.
type Validator struct {
	Address common.Address
	Stake   *big.Int
}

// DeployParams configures the L1 contracts. Times are whole seconds of L1
// time.
type DeployParams struct {
	L2ChainID uint64

	// Validators sign output roots; any order (Deploy sorts them).
	Validators []Validator
	// Owner may change the validator set and the fraud-proof game; zero
	// means the deployer.
	Owner common.Address
	// ChallengeWindow is how long a new output root can still be deleted by
	// a fraud proof.
	ChallengeWindow time.Duration

	// FinalizationDelay is the time lock between proving and finalizing a
	// withdrawal, and LargeWithdrawalDelay that of a withdrawal of more than
	// LargeWithdrawalThreshold wei.
	FinalizationDelay        time.Duration
	LargeWithdrawalDelay     time.Duration
	LargeWithdrawalThreshold *big.Int
	// L2TokenBridge is the L2 contract whose withdrawals release ERC-20
	// deposits; zero until there is one.
	L2TokenBridge common.Address

	// MinSequencerStake, UnstakeDelay and ReporterShareBps configure the
	// SequencerRegistry.
	MinSequencerStake *big.Int
	UnstakeDelay      time.Duration
	ReporterShareBps  uint64

	// DisputeGame, if set, deploys the fraud-proof game and installs it in
	// the StateCommitmentChain; nil leaves the chain without one.
	DisputeGame *DisputeGameParams
}

// DisputeGameParams configure the DisputeGame (docs/fraud-proofs.md).
type DisputeGameParams struct {
	// Prover decides the final step. With DeployProver, Deploy deploys
	// the OneStepProver for L2ChainID and uses it; otherwise zero means no
	// step can be decided on L1 and the defender wins at one step (the root
	// stands on its signatures).
	Prover       common.Address
	DeployProver bool
	// Genesis is the L2 genesis block's output (its state root and block
	// hash), the agreed pre-state of the first output root.
	Genesis Output
	// Bond is what a challenger and each defender post.
	Bond *big.Int
	// Clock is each side's total time to move.
	Clock time.Duration
	// BurnBps is the share of the loser's bond burned, in basis points.
	BurnBps uint64
}

// DevDeployParams are parameters for a devnet: windows and time locks of
// seconds, so that a withdrawal completes while one watches.
func DevDeployParams(l2ChainID uint64, validators []Validator) DeployParams {
	return DeployParams{
		L2ChainID:                l2ChainID,
		Validators:               validators,
		ChallengeWindow:          10 * time.Second,
		FinalizationDelay:        5 * time.Second,
		LargeWithdrawalDelay:     30 * time.Second,
		LargeWithdrawalThreshold: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18)),
		MinSequencerStake:        big.NewInt(1e18),
		UnstakeDelay:             60 * time.Second,
		ReporterShareBps:         1000,
	}
}

// ProductionDeployParams are parameters for a public network: a seven-day
// challenge window, a seven-day time lock, fourteen days above 1,000 coins.
func ProductionDeployParams(l2ChainID uint64, validators []Validator) DeployParams {
	const day = 24 * time.Hour
	return DeployParams{
		L2ChainID:                l2ChainID,
		Validators:               validators,
		ChallengeWindow:          7 * day,
		FinalizationDelay:        7 * day,
		LargeWithdrawalDelay:     14 * day,
		LargeWithdrawalThreshold: new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18)),
		MinSequencerStake:        new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18)),
		UnstakeDelay:             21 * day,
		ReporterShareBps:         1000,
	}
}

// MaxValidators is the StateCommitmentChain's largest validator set
// (MAX_VALIDATORS): a root records its signers as a bitmap of this width.
const MaxValidators = 192

// ValidatorSet is vs as StateCommitmentChain's constructor and setValidators
// take it: addresses ascending, with their stakes.
func ValidatorSet(vs []Validator) ([]common.Address, []*big.Int) {
	vals := slices.Clone(vs)
	slices.SortFunc(vals, func(a, b Validator) int { return bytes.Compare(a.Address[:], b.Address[:]) })
	addrs := make([]common.Address, len(vals))
	stakes := make([]*big.Int, len(vals))
	for i, v := range vals {
		addrs[i], stakes[i] = v.Address, v.Stake
	}
	return addrs, stakes
}

// Validate checks what the constructors would refuse, before any gas is spent.
func (p *DeployParams) Validate() error {
	switch {
	case p.L2ChainID == 0:
		return errors.New("bridge: L2 chain ID 0")
	case len(p.Validators) == 0:
		return errors.New("bridge: no validators")
	case len(p.Validators) > MaxValidators:
		return fmt.Errorf("bridge: %d validators, more than the StateCommitmentChain's %d", len(p.Validators), MaxValidators)
	case p.LargeWithdrawalThreshold == nil || p.LargeWithdrawalThreshold.Sign() < 0:
		return errors.New("bridge: no large-withdrawal threshold")
	case p.LargeWithdrawalDelay < p.FinalizationDelay:
		return errors.New("bridge: the large-withdrawal delay is shorter than the finalization delay")
	case p.MinSequencerStake == nil || p.MinSequencerStake.Sign() <= 0:
		return errors.New("bridge: minimum sequencer stake must be positive")
	case p.ReporterShareBps >= 10_000:
		return errors.New("bridge: the reporter share must be under 10,000 basis points")
	}
	durations := []time.Duration{p.ChallengeWindow, p.FinalizationDelay, p.LargeWithdrawalDelay, p.UnstakeDelay}
	if g := p.DisputeGame; g != nil {
		switch {
		case g.Bond == nil || g.Bond.Sign() <= 0 || g.Bond.BitLen() > 128:
			return errors.New("bridge: the dispute bond must be in [1, 2^128)")
		case g.Clock <= 0:
			return errors.New("bridge: the dispute clock must be positive")
		case g.BurnBps > 10_000:
			return errors.New("bridge: the burned share must be at most 10,000 basis points")
		}
		durations = append(durations, g.Clock)
	}
	for _, d := range durations {
		if d < 0 || d%time.Second != 0 || d > (1<<32-1)*time.Second {
			return fmt.Errorf("bridge: %s is not a whole number of seconds under 2^32", d)
		}
	}
	seen := map[common.Address]bool{}
	for _, v := range p.Validators {
		if v.Address == (common.Address{}) || seen[v.Address] || v.Stake == nil || v.Stake.Sign() <= 0 || v.Stake.BitLen() > 128 {
			return fmt.Errorf("bridge: validator %s: zero, duplicate, or stake outside [1, 2^128)", v.Address)
		}
		seen[v.Address] = true
	}
	return nil
}

// Addresses are the deployed L1 contracts.
type Addresses struct {
	SequencerRegistry    common.Address
	StateCommitmentChain common.Address
	Bridge               common.Address
	WithdrawalCaller     common.Address // created by the Bridge
	DisputeGame          common.Address // zero unless DeployParams.DisputeGame
	OneStepProver        common.Address // the game's prover; zero without one
}

// Deploy deploys the L1 contracts, in order SequencerRegistry,
// StateCommitmentChain, Bridge and, if asked for, the DisputeGame, from key's
// account, and waits until each is mined with code in place. With a game, the
// chain is created with the deployer as its owner, which installs the game and
// then hands ownership to p.Owner. On a Simulated L1 without auto-commit or a
// block period, someone must Commit meanwhile.
func Deploy(ctx context.Context, l1 L1, key *ecdsa.PrivateKey, p DeployParams) (*Addresses, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	chainID, err := l1.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("bridge: L1 chain ID: %w", err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := l1.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("bridge: nonce of %s: %w", from, err)
	}
	owner := p.Owner
	if owner == (common.Address{}) {
		owner = from
	}
	addrs, stakes := ValidatorSet(p.Validators)
	secs := func(d time.Duration) *big.Int { return big.NewInt(int64(d / time.Second)) }

	// The three transactions go out with consecutive nonces, so the addresses
	// are known before any is mined and the Bridge can name the chain.
	var out Addresses
	var txs []*types.Transaction
	deploy := func(name string, meta *bind.MetaData, input []byte) (common.Address, error) {
		opts := bind.NewKeyedTransactor(key, chainID)
		opts.Context = ctx
		opts.Nonce = new(big.Int).SetUint64(nonce)
		addr, tx, err := bind.DeployContract(opts, common.FromHex(meta.Bin), l1, input)
		if err != nil {
			return common.Address{}, fmt.Errorf("bridge: deploy %s: %w", name, err)
		}
		nonce++
		txs = append(txs, tx)
		return addr, nil
	}
	if out.SequencerRegistry, err = deploy("SequencerRegistry", &bindings.SequencerRegistryMetaData,
		bindings.NewSequencerRegistry().PackConstructor(p.L2ChainID, p.MinSequencerStake, secs(p.UnstakeDelay),
			new(big.Int).SetUint64(p.ReporterShareBps))); err != nil {
		return nil, err
	}
	sccOwner := owner
	if p.DisputeGame != nil {
		sccOwner = from
	}
	if out.StateCommitmentChain, err = deploy("StateCommitmentChain", &bindings.StateCommitmentChainMetaData,
		bindings.NewStateCommitmentChain().PackConstructor(p.L2ChainID, secs(p.ChallengeWindow), sccOwner, addrs, stakes)); err != nil {
		return nil, err
	}
	if out.Bridge, err = deploy("Bridge", &bindings.BridgeMetaData,
		bindings.NewBridge().PackConstructor(out.StateCommitmentChain, secs(p.FinalizationDelay), secs(p.LargeWithdrawalDelay),
			p.LargeWithdrawalThreshold, p.L2TokenBridge)); err != nil {
		return nil, err
	}
	if g := p.DisputeGame; g != nil {
		out.OneStepProver = g.Prover
		if g.DeployProver {
			if out.OneStepProver, err = deploy("OneStepProver", &bindings.OneStepProverMetaData,
				bindings.NewOneStepProver().PackConstructor(new(big.Int).SetUint64(p.L2ChainID), out.Bridge)); err != nil {
				return nil, err
			}
		}
		if out.DisputeGame, err = deploy("DisputeGame", &bindings.DisputeGameMetaData,
			bindings.NewDisputeGame().PackConstructor(out.StateCommitmentChain, out.OneStepProver, g.Genesis.Root(), g.Bond,
				secs(g.Clock), new(big.Int).SetUint64(g.BurnBps))); err != nil {
			return nil, err
		}
	}
	for _, tx := range txs {
		r, err := l1.WaitReceipt(ctx, tx.Hash())
		if err != nil {
			return nil, err
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return nil, fmt.Errorf("bridge: deployment %s failed (gas used %d)", tx.Hash(), r.GasUsed)
		}
	}
	// The Bridge created its WithdrawalCaller as its first (nonce 1) contract.
	out.WithdrawalCaller = crypto.CreateAddress(out.Bridge, 1)
	b := bindings.NewBridge()
	caller, err := bind.Call(b.Instance(l1, out.Bridge), &bind.CallOpts{Context: ctx}, b.PackWithdrawalCaller(), b.UnpackWithdrawalCaller)
	if err != nil {
		return nil, fmt.Errorf("bridge: read the withdrawal caller: %w", err)
	}
	if caller != out.WithdrawalCaller {
		return nil, fmt.Errorf("bridge: withdrawal caller at %s, expected %s", caller, out.WithdrawalCaller)
	}
	if p.DisputeGame != nil {
		if err := installGame(ctx, l1, key, chainID, &out, owner); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// installGame makes the deployed game the chain's fraud-proof game, from the
// deployer (the chain's owner for now), then hands ownership to owner.
func installGame(ctx context.Context, l1 L1, key *ecdsa.PrivateKey, chainID *big.Int, out *Addresses, owner common.Address) error {
	scc := bindings.NewStateCommitmentChain()
	c := scc.Instance(l1, out.StateCommitmentChain)
	calls := [][]byte{scc.PackSetFraudProofGame(out.DisputeGame)}
	if owner != crypto.PubkeyToAddress(key.PublicKey) {
		calls = append(calls, scc.PackTransferOwnership(owner))
	}
	for _, data := range calls {
		opts := bind.NewKeyedTransactor(key, chainID)
		opts.Context = ctx
		tx, err := bind.Transact(c, opts, data)
		if err != nil {
			return fmt.Errorf("bridge: install the dispute game: %w", err)
		}
		r, err := l1.WaitReceipt(ctx, tx.Hash())
		if err != nil {
			return err
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("bridge: installing the dispute game failed (transaction %s)", tx.Hash())
		}
	}
	return nil
}
