package bridge

import (
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/contracts/bindings"
)

// DepositQuery is the log filter for the Bridge's DepositInitiated events
// from block `from` on; pass it to L1.ConfirmedLogs and decode each log with
// bindings.Bridge.UnpackDepositInitiatedEvent.
func DepositQuery(bridge common.Address, from uint64) ethereum.FilterQuery {
	return ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		Addresses: []common.Address{bridge},
		Topics:    [][]common.Hash{{bindings.NewBridge().GetABI().Events["DepositInitiated"].ID}},
	}
}
