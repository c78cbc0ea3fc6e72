package contracts

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Names of the artifacts the node uses.
const (
	PayPIN              = "PayPIN"
	L2ToL1MessagePasser = "L2ToL1MessagePasser"
	TestToken           = "TestToken"

	// The L1 contracts of the bridge (src/l1/).
	Bridge               = "Bridge"
	WithdrawalCaller     = "WithdrawalCaller"
	StateCommitmentChain = "StateCommitmentChain"
	SequencerRegistry    = "SequencerRegistry"
	MerklePatriciaProof  = "MerklePatriciaProof"

	// Contracts that exist for tests of the L1 contracts (src/l1/test/).
	MerklePatriciaProofHarness = "MerklePatriciaProofHarness"
	ReentrantTarget            = "ReentrantTarget"
)

// ErrUnknownArtifact is returned by Load for a name with no artifact.
var ErrUnknownArtifact = errors.New("contracts: unknown artifact")

//go:embed artifacts/*.json
var artifactFS embed.FS

// Artifact is one compiled contract. It is shared by every caller of Load and
// must not be modified.
type Artifact struct {
	Name string
	ABI  abi.ABI
	// Bytecode is the creation code: what a deployment transaction carries
	// (followed by the ABI-encoded constructor arguments).
	Bytecode []byte
	// DeployedBytecode is the runtime code: what a genesis predeploy holds.
	DeployedBytecode []byte
}

// artifactFile is the part of an artifacts/<Name>.json file this package reads.
type artifactFile struct {
	ContractName     string          `json:"contractName"`
	ABI              json.RawMessage `json:"abi"`
	Bytecode         string          `json:"bytecode"`
	DeployedBytecode string          `json:"deployedBytecode"`
}

var (
	names = sync.OnceValue(func() []string {
		entries, err := artifactFS.ReadDir("artifacts")
		if err != nil {
			panic(err) // NB: the embed pattern guarantees the directory exists.
		}
		out := make([]string, 0, len(entries))
		for _, e := range entries {
			out = append(out, strings.TrimSuffix(e.Name(), ".json"))
		}
		slices.Sort(out)
		return out
	})

	// loaders holds one sync.OnceValues per known name, so each artifact is
	// parsed at most once however many goroutines ask for it.
	loaders = sync.OnceValue(func() map[string]func() (*Artifact, error) {
		m := make(map[string]func() (*Artifact, error), len(names()))
		for _, name := range names() {
			m[name] = sync.OnceValues(func() (*Artifact, error) { return parse(name) })
		}
		return m
	})
)

// Names returns the name of every embedded artifact, sorted.
func Names() []string {
	return slices.Clone(names())
}

// Load returns the artifact of the contract called name, parsing it on first
// use. It is safe for concurrent use.
func Load(name string) (*Artifact, error) {
	load, ok := loaders()[name]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownArtifact, name)
	}
	return load()
}

// MustLoad is Load for names known at compile time; it panics on an error.
func MustLoad(name string) *Artifact {
	a, err := Load(name)
	if err != nil {
		panic(err)
	}
	return a
}

func parse(name string) (*Artifact, error) {
	raw, err := artifactFS.ReadFile(path.Join("artifacts", name+".json"))
	if err != nil {
		return nil, fmt.Errorf("contracts: artifact %s: %w", name, err)
	}
	var f artifactFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("contracts: artifact %s: %w", name, err)
	}
	if f.ContractName != name {
		return nil, fmt.Errorf("contracts: artifact %s holds contract %q", name, f.ContractName)
	}
	a := &Artifact{Name: name}
	if a.ABI, err = abi.JSON(bytes.NewReader(f.ABI)); err != nil {
		return nil, fmt.Errorf("contracts: artifact %s: abi: %w", name, err)
	}
	if a.Bytecode, err = hexutil.Decode(f.Bytecode); err != nil {
		return nil, fmt.Errorf("contracts: artifact %s: bytecode: %w", name, err)
	}
	if a.DeployedBytecode, err = hexutil.Decode(f.DeployedBytecode); err != nil {
		return nil, fmt.Errorf("contracts: artifact %s: deployedBytecode: %w", name, err)
	}
	return a, nil
}
