package bridge

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts/bindings"
)

// Revert is a custom error an L1 contract reverted with.
type Revert struct {
	Name string // the Solidity error's name, e.g. "TimeLocked"
	Args []any
	Data []byte // the raw revert data
}

func (r *Revert) Error() string {
	return fmt.Sprintf("reverted with %s%v", r.Name, r.Args)
}

// l1Errors are the custom errors of every L1 contract, by selector.
var l1Errors = sync.OnceValue(func() map[[4]byte]abi.Error {
	m := map[[4]byte]abi.Error{}
	for _, meta := range []*bind.MetaData{
		&bindings.BridgeMetaData, &bindings.StateCommitmentChainMetaData,
		&bindings.SequencerRegistryMetaData, &bindings.WithdrawalCallerMetaData,
		&bindings.DisputeGameMetaData, &bindings.OneStepProverMetaData,
	} {
		a, err := meta.ParseABI()
		if err != nil {
			panic(err) // NB: the bindings' ABIs are generated; they parse.
		}
		for _, e := range a.Errors {
			m[[4]byte(e.ID[:4])] = e
		}
	}
	return m
})

// AsRevert finds the revert data in err, as gas estimation and eth_call
// return it, and decodes it against the L1 contracts' custom errors.
func AsRevert(err error) (*Revert, bool) {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil, false
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil, false
	}
	data, derr := hexutil.Decode(s)
	if derr != nil || len(data) < 4 {
		return nil, false
	}
	e, ok := l1Errors()[[4]byte(data[:4])]
	if !ok {
		if bytes.HasPrefix(data, []byte{0x08, 0xc3, 0x79, 0xa0}) { // Error(string)
			if msg, err := abi.UnpackRevert(data); err == nil {
				return &Revert{Name: "Error", Args: []any{msg}, Data: data}, true
			}
		}
		return &Revert{Name: "unknown", Data: data}, true
	}
	args, uerr := e.Inputs.Unpack(data[4:])
	if uerr != nil {
		return &Revert{Name: e.Name, Data: data}, true
	}
	return &Revert{Name: e.Name, Args: args, Data: data}, true
}

// RevertName is the name of the custom error in err, or "" if err carries none.
func RevertName(err error) string {
	if r, ok := AsRevert(err); ok {
		return r.Name
	}
	return ""
}
