package bridge

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/contracts/bindings"
)

// MessagePasserAddress is the L2 predeploy where withdrawals start (the
// Bridge's MESSAGE_PASSER).
var MessagePasserAddress = common.HexToAddress("0x4c32000000000000000000000000000000000002")

// Withdrawal is a withdrawal as the L2 message passer records it and the
// Bridge takes it.
type Withdrawal = bindings.BridgeWithdrawalTx

// WithdrawalHash is the hash the message passer records a withdrawal under:
// keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)).
func WithdrawalHash(w Withdrawal) common.Hash {
	enc, err := withdrawalArgs.Pack(w.Nonce, w.Sender, w.Target, w.Value, w.GasLimit, w.Data)
	if err != nil {
		panic(fmt.Sprintf("bridge: encode withdrawal: %v", err)) // NB: only nil big.Ints fail
	}
	return crypto.Keccak256Hash(enc)
}

// WithdrawalSlot is the message passer's storage slot that holds 1 once the
// withdrawal with this hash was started: sentMessages[hash], mapping at slot 0.
func WithdrawalSlot(hash common.Hash) common.Hash {
	return crypto.Keccak256Hash(hash[:], make([]byte, 32))
}

var withdrawalArgs = func() abi.Arguments {
	t := func(s string) abi.Type {
		typ, err := abi.NewType(s, "", nil)
		if err != nil {
			panic(err)
		}
		return typ
	}
	return abi.Arguments{{Type: t("uint256")}, {Type: t("address")}, {Type: t("address")},
		{Type: t("uint256")}, {Type: t("uint256")}, {Type: t("bytes")}}
}()

// WithdrawalFromLog decodes a MessagePassed log of the L2 message passer.
func WithdrawalFromLog(l *types.Log) (Withdrawal, common.Hash, error) {
	passer := contracts.MustLoad(contracts.L2ToL1MessagePasser).ABI
	ev := passer.Events["MessagePassed"]
	if l.Address != MessagePasserAddress || len(l.Topics) != 4 || l.Topics[0] != ev.ID {
		return Withdrawal{}, common.Hash{}, errors.New("bridge: not a MessagePassed log of the message passer")
	}
	var fields struct {
		Value          *big.Int
		GasLimit       *big.Int
		Data           []byte
		WithdrawalHash [32]byte
	}
	if err := passer.UnpackIntoInterface(&fields, "MessagePassed", l.Data); err != nil {
		return Withdrawal{}, common.Hash{}, fmt.Errorf("bridge: MessagePassed: %w", err)
	}
	w := Withdrawal{
		Nonce:    l.Topics[1].Big(),
		Sender:   common.BytesToAddress(l.Topics[2][:]),
		Target:   common.BytesToAddress(l.Topics[3][:]),
		Value:    fields.Value,
		GasLimit: fields.GasLimit,
		Data:     fields.Data,
	}
	if h := WithdrawalHash(w); h != fields.WithdrawalHash {
		return Withdrawal{}, common.Hash{}, fmt.Errorf("bridge: MessagePassed hash %x, fields hash to %s", fields.WithdrawalHash, h)
	}
	return w, fields.WithdrawalHash, nil
}

// WithdrawalProof turns an eth_getProof answer for the message passer and
// one withdrawal's slot into proveWithdrawal's account and storage proofs.
func WithdrawalProof(res *gethclient.AccountResult, hash common.Hash) (account, storage [][]byte, err error) {
	if res.Address != MessagePasserAddress {
		return nil, nil, fmt.Errorf("bridge: proof of %s, not of the message passer", res.Address)
	}
	slot := WithdrawalSlot(hash)
	for _, sp := range res.StorageProof {
		if common.HexToHash(sp.Key) != slot {
			continue
		}
		if sp.Value == nil || sp.Value.Cmp(common.Big1) != 0 {
			return nil, nil, fmt.Errorf("bridge: withdrawal %s is not recorded at that block (slot holds %v)", hash, sp.Value)
		}
		if account, err = decodeNodes(res.AccountProof); err != nil {
			return nil, nil, err
		}
		if storage, err = decodeNodes(sp.Proof); err != nil {
			return nil, nil, err
		}
		return account, storage, nil
	}
	return nil, nil, fmt.Errorf("bridge: no proof of slot %s", slot)
}

func decodeNodes(hexNodes []string) ([][]byte, error) {
	out := make([][]byte, len(hexNodes))
	for i, s := range hexNodes {
		b, err := hexutil.Decode(s)
		if err != nil {
			return nil, fmt.Errorf("bridge: proof node %d: %w", i, err)
		}
		out[i] = b
	}
	return out, nil
}
