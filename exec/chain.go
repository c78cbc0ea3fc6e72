package exec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/l2node/l2node/contracts"
)

// Predeployed system contracts. Their runtime code is placed in the genesis
// state; they have no constructor-set state.
var (
	// PayPINAddress is the PayPIN registry: human-readable payment IDs
	// ("alice@pay") bound to addresses.
	PayPINAddress = common.HexToAddress("0x4c32000000000000000000000000000000000001")
	// MessagePasserAddress is the L2→L1 message passer: its storage commits
	// every withdrawal, which the bridge proves with eth_getProof.
	MessagePasserAddress = common.HexToAddress("0x4c32000000000000000000000000000000000002")
	// DepositNonceAddress is a system account without code whose storage
	// slot 0 holds the next L1 deposit nonce (exec.DepositNonceIn). Keeping
	// it in the state puts it under the state root, where a fraud proof can
	// read it. Genesis gives it nonce 1 so that EIP-161 never deletes it as
	// empty.
	DepositNonceAddress = common.HexToAddress("0x4c32000000000000000000000000000000000003")
)

// ChainConfig returns the L2 chain configuration: every EVM fork up to and
// including Osaka active from genesis, no proof-of-work, and the given chain ID.
// Blob transactions are not accepted on the L2 (data availability is our own),
// so the blob schedule only exists because the forks require one.
func ChainConfig(chainID uint64) *params.ChainConfig {
	zero := uint64(0)
	b0 := big.NewInt(0)
	return &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          b0,
		EIP150Block:             b0,
		EIP155Block:             b0,
		EIP158Block:             b0,
		ByzantiumBlock:          b0,
		ConstantinopleBlock:     b0,
		PetersburgBlock:         b0,
		IstanbulBlock:           b0,
		MuirGlacierBlock:        b0,
		BerlinBlock:             b0,
		LondonBlock:             b0,
		ArrowGlacierBlock:       b0,
		GrayGlacierBlock:        b0,
		MergeNetsplitBlock:      b0,
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		OsakaTime:               &zero,
		TerminalTotalDifficulty: b0,
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
	}
}

// Genesis describes the first L2 state: the funded accounts, and the batch
// parameters of block 0. The system predeploys and the deposit nonce account
// are always added.
type Genesis struct {
	ChainID  uint64
	Time     uint64
	GasLimit uint64
	BaseFee  *big.Int
	Alloc    types.GenesisAlloc
}

// Core returns the go-ethereum genesis specification with the predeploys
// and the deposit nonce account.
func (g *Genesis) Core() (*core.Genesis, error) {
	alloc := make(types.GenesisAlloc, len(g.Alloc)+3)
	for a, acc := range g.Alloc {
		alloc[a] = acc
	}
	for addr, name := range map[common.Address]string{
		PayPINAddress:        contracts.PayPIN,
		MessagePasserAddress: contracts.L2ToL1MessagePasser,
	} {
		art, err := contracts.Load(name)
		if err != nil {
			return nil, fmt.Errorf("exec: genesis predeploy %s: %w", name, err)
		}
		if _, taken := alloc[addr]; taken {
			return nil, fmt.Errorf("exec: genesis alloc overlaps predeploy %s at %s", name, addr)
		}
		alloc[addr] = types.Account{Code: art.DeployedBytecode, Balance: new(big.Int), Nonce: 1}
	}
	if _, taken := alloc[DepositNonceAddress]; taken {
		return nil, fmt.Errorf("exec: genesis alloc overlaps the deposit nonce account at %s", DepositNonceAddress)
	}
	// The next deposit nonce starts at 0: the slot is absent.
	alloc[DepositNonceAddress] = types.Account{Balance: new(big.Int), Nonce: 1}
	baseFee := g.BaseFee
	if baseFee == nil {
		baseFee = big.NewInt(params.InitialBaseFee)
	}
	return &core.Genesis{
		Config:     ChainConfig(g.ChainID),
		Timestamp:  g.Time,
		GasLimit:   g.GasLimit,
		BaseFee:    baseFee,
		Difficulty: new(big.Int),
		Alloc:      alloc,
	}, nil
}

// Validate refuses two kinds of account that no transaction can create but
// a genesis could, because the one-step fraud proof cannot handle a
// transaction touching them (docs/fraud-proofs.md): an empty account
// (EIP-161 would delete it, and L1's trie library cannot delete), and code
// that is an EIP-7702 delegation. LoadGenesis calls it.
func (g *Genesis) Validate() error {
	for a, acc := range g.Alloc {
		// NB: EIP-161's empty ignores storage: such an account is deleted
		// with its storage when touched.
		if acc.Nonce == 0 && (acc.Balance == nil || acc.Balance.Sign() == 0) && len(acc.Code) == 0 {
			return fmt.Errorf("exec: genesis alloc %s is an empty account (EIP-161: no nonce, balance or code)", a)
		}
		if _, ok := types.ParseDelegation(acc.Code); ok {
			return fmt.Errorf("exec: genesis alloc %s has an EIP-7702 delegation as its code", a)
		}
	}
	return nil
}

// DevKeys returns n deterministic development keys. They are public
// knowledge: use them on a devnet only.
func DevKeys(n int) []*DevKey {
	keys := make([]*DevKey, n)
	for i := range keys {
		seed := crypto.Keccak256([]byte(fmt.Sprintf("l2node devnet key %d", i)))
		k, err := crypto.ToECDSA(seed)
		if err != nil {
			panic(fmt.Sprintf("exec: dev key %d: %v", i, err)) // keccak output is a valid key with overwhelming probability
		}
		keys[i] = &DevKey{Key: k, Address: crypto.PubkeyToAddress(k.PublicKey)}
	}
	return keys
}

// DevGenesis funds the first n development keys with 1,000,000 coins each.
func DevGenesis(chainID uint64, n int) *Genesis {
	alloc := types.GenesisAlloc{}
	million := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, k := range DevKeys(n) {
		alloc[k.Address] = types.Account{Balance: new(big.Int).Set(million)}
	}
	return &Genesis{ChainID: chainID, GasLimit: DefaultGasLimit, Alloc: alloc}
}

// genesisJSON is the genesis file format.
type genesisJSON struct {
	ChainID  uint64             `json:"chain_id"`
	Time     uint64             `json:"time"`
	GasLimit uint64             `json:"gas_limit"`
	BaseFee  *hexutil.Big       `json:"base_fee"`
	Alloc    types.GenesisAlloc `json:"alloc"`
}

// LoadGenesis reads a genesis file: {"chain_id": 42069, "time": 0,
// "gas_limit": 300000000, "base_fee": "0x3b9aca00", "alloc": {"0x…":
// {"balance": "0x…"}}}, alloc in go-ethereum's genesis format. Unknown keys
// are an error.
func LoadGenesis(path string) (*Genesis, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("exec: genesis: %w", err)
	}
	var g genesisJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("exec: genesis %s: %w", path, err)
	}
	if g.ChainID == 0 {
		return nil, fmt.Errorf("exec: genesis %s: chain_id missing", path)
	}
	out := &Genesis{ChainID: g.ChainID, Time: g.Time, GasLimit: g.GasLimit, Alloc: g.Alloc}
	if g.BaseFee != nil {
		out.BaseFee = g.BaseFee.ToInt()
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return out, nil
}
