package ethrpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// AccountResult is eth_getProof's answer (EIP-1186): the account with its
// proof from the block's state root, and each storage slot with its proof
// from the account's storage root.
type AccountResult struct {
	Address      common.Address  `json:"address"`
	AccountProof []string        `json:"accountProof"`
	Balance      *hexutil.Big    `json:"balance"`
	CodeHash     common.Hash     `json:"codeHash"`
	Nonce        hexutil.Uint64  `json:"nonce"`
	StorageHash  common.Hash     `json:"storageHash"`
	StorageProof []StorageResult `json:"storageProof"`
}

// StorageResult is one storage slot with its proof.
type StorageResult struct {
	Key   string       `json:"key"`
	Value *hexutil.Big `json:"value"`
	Proof []string     `json:"proof"`
}

// proofList collects trie nodes, root first, as hex.
type proofList []string

func (p *proofList) Put(_ []byte, value []byte) error {
	*p = append(*p, hexutil.Encode(value))
	return nil
}

func (p *proofList) Delete([]byte) error { return errors.New("proof list is append-only") }

// GetProof is eth_getProof. The account proof is against the block's state
// root (the root the validators sign and the L1 contracts know), each
// storage proof against the account's storageHash; a withdrawal is proven
// by the message passer's sentMessages slot.
func (api *ethAPI) GetProof(ctx context.Context, addr common.Address, storageKeys []string, bnh *rpc.BlockNumberOrHash) (*AccountResult, error) {
	if len(storageKeys) > MaxProofKeys {
		return nil, &invalidParamsError{fmt.Sprintf("too many storage keys requested (max %d, got %d)", MaxProofKeys, len(storageKeys))}
	}
	keys := make([]common.Hash, len(storageKeys))
	outKeys := make([]string, len(storageKeys))
	for i, hexKey := range storageKeys {
		k, n, err := decodeStorageKey(hexKey)
		if err != nil {
			return nil, &invalidParamsError{fmt.Sprintf("%v: %q", err, hexKey)}
		}
		keys[i] = k
		// As go-ethereum: a 32-byte key comes back as given, a shorter one
		// as a quantity.
		if n == 32 {
			outKeys[i] = hexutil.Encode(k[:])
		} else {
			outKeys[i] = hexutil.EncodeBig(k.Big())
		}
	}
	st, header, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	storageRoot := st.GetStorageRoot(addr)
	storage := make([]StorageResult, len(keys))
	if len(keys) > 0 {
		var tr state.Trie
		if storageRoot != types.EmptyRootHash && storageRoot != (common.Hash{}) {
			if tr, err = st.Database().OpenStorageTrie(header.Root, addr, storageRoot, nil); err != nil {
				return nil, fmt.Errorf("open storage trie of %s at block %d: %w", addr, header.Number, err)
			}
		}
		for i, k := range keys {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if tr == nil {
				storage[i] = StorageResult{Key: outKeys[i], Value: &hexutil.Big{}, Proof: []string{}}
				continue
			}
			var proof proofList
			if err := tr.Prove(crypto.Keccak256(k[:]), &proof); err != nil {
				return nil, fmt.Errorf("prove slot %s of %s: %w", k, addr, err)
			}
			v := st.GetState(addr, k)
			storage[i] = StorageResult{Key: outKeys[i], Value: (*hexutil.Big)(v.Big()), Proof: proof}
		}
	}
	tr, err := st.Database().OpenTrie(header.Root)
	if err != nil {
		return nil, fmt.Errorf("open state trie at block %d: %w", header.Number, err)
	}
	var accountProof proofList
	if err := tr.Prove(crypto.Keccak256(addr[:]), &accountProof); err != nil {
		return nil, fmt.Errorf("prove account %s: %w", addr, err)
	}
	return &AccountResult{
		Address:      addr,
		AccountProof: accountProof,
		Balance:      (*hexutil.Big)(st.GetBalance(addr).ToBig()),
		CodeHash:     st.GetCodeHash(addr),
		Nonce:        hexutil.Uint64(st.GetNonce(addr)),
		StorageHash:  storageRoot,
		StorageProof: storage,
	}, st.Error()
}
