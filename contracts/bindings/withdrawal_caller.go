// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// WithdrawalCallerMetaData contains all meta data concerning the WithdrawalCaller contract.
var WithdrawalCallerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"gasLimit\",\"type\":\"uint256\"}],\"name\":\"InsufficientGas\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotBridge\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"CALL_OVERHEAD\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bridge\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"gasLimit\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"forward\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"}],\"stateMutability\":\"payable\",\"type\":\"function\"}]",
	ID:  "WithdrawalCaller",
	Bin: "0x60a0604052348015600e575f5ffd5b503360805260805161029d6100305f395f81816093015260d9015261029d5ff3fe608060405260043610610033575f3560e01c8063352e13b414610037578063d7f31eb91461005f578063e78cea9214610082575b5f5ffd5b348015610042575f5ffd5b5061004c619c4081565b6040519081526020015b60405180910390f35b61007261006d3660046101bc565b6100cd565b6040519015158152602001610056565b34801561008d575f5ffd5b506100b57f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610056565b5f336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461011757604051637fea9dc560e01b815260040160405180910390fd5b5f83838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201829052509394505050505a9050808611806101805750619c40610169603f8861024c565b610173908861026b565b61017d919061026b565b81105b156101a55760405163b22db89560e01b81526004810187905260240160405180910390fd5b5f5f835160208501348b8bf1979650505050505050565b5f5f5f5f606085870312156101cf575f5ffd5b84356001600160a01b03811681146101e5575f5ffd5b935060208501359250604085013567ffffffffffffffff811115610207575f5ffd5b8501601f81018713610217575f5ffd5b803567ffffffffffffffff81111561022d575f5ffd5b87602082840101111561023e575f5ffd5b949793965060200194505050565b5f8261026657634e487b7160e01b5f52601260045260245ffd5b500490565b8082018082111561028a57634e487b7160e01b5f52601160045260245ffd5b9291505056fea164736f6c634300081e000a",
}

// WithdrawalCaller is an auto generated Go binding around an Ethereum contract.
type WithdrawalCaller struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *WithdrawalCaller) GetABI() abi.ABI {
	return c.abi
}

// NewWithdrawalCaller creates a new instance of WithdrawalCaller.
func NewWithdrawalCaller() *WithdrawalCaller {
	parsed, err := WithdrawalCallerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &WithdrawalCaller{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *WithdrawalCaller) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackCALLOVERHEAD is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x352e13b4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function CALL_OVERHEAD() view returns(uint256)
func (withdrawalCaller *WithdrawalCaller) PackCALLOVERHEAD() []byte {
	enc, err := withdrawalCaller.abi.Pack("CALL_OVERHEAD")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCALLOVERHEAD is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x352e13b4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function CALL_OVERHEAD() view returns(uint256)
func (withdrawalCaller *WithdrawalCaller) TryPackCALLOVERHEAD() ([]byte, error) {
	return withdrawalCaller.abi.Pack("CALL_OVERHEAD")
}

// UnpackCALLOVERHEAD is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x352e13b4.
//
// Solidity: function CALL_OVERHEAD() view returns(uint256)
func (withdrawalCaller *WithdrawalCaller) UnpackCALLOVERHEAD(data []byte) (*big.Int, error) {
	out, err := withdrawalCaller.abi.Unpack("CALL_OVERHEAD", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBridge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe78cea92.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bridge() view returns(address)
func (withdrawalCaller *WithdrawalCaller) PackBridge() []byte {
	enc, err := withdrawalCaller.abi.Pack("bridge")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBridge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe78cea92.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bridge() view returns(address)
func (withdrawalCaller *WithdrawalCaller) TryPackBridge() ([]byte, error) {
	return withdrawalCaller.abi.Pack("bridge")
}

// UnpackBridge is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe78cea92.
//
// Solidity: function bridge() view returns(address)
func (withdrawalCaller *WithdrawalCaller) UnpackBridge(data []byte) (common.Address, error) {
	out, err := withdrawalCaller.abi.Unpack("bridge", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackForward is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7f31eb9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forward(address target, uint256 gasLimit, bytes data) payable returns(bool ok)
func (withdrawalCaller *WithdrawalCaller) PackForward(target common.Address, gasLimit *big.Int, data []byte) []byte {
	enc, err := withdrawalCaller.abi.Pack("forward", target, gasLimit, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForward is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7f31eb9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forward(address target, uint256 gasLimit, bytes data) payable returns(bool ok)
func (withdrawalCaller *WithdrawalCaller) TryPackForward(target common.Address, gasLimit *big.Int, data []byte) ([]byte, error) {
	return withdrawalCaller.abi.Pack("forward", target, gasLimit, data)
}

// UnpackForward is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd7f31eb9.
//
// Solidity: function forward(address target, uint256 gasLimit, bytes data) payable returns(bool ok)
func (withdrawalCaller *WithdrawalCaller) UnpackForward(data []byte) (bool, error) {
	out, err := withdrawalCaller.abi.Unpack("forward", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (withdrawalCaller *WithdrawalCaller) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], withdrawalCaller.abi.Errors["InsufficientGas"].ID.Bytes()[:4]) {
		return withdrawalCaller.UnpackInsufficientGasError(raw[4:])
	}
	if bytes.Equal(raw[:4], withdrawalCaller.abi.Errors["NotBridge"].ID.Bytes()[:4]) {
		return withdrawalCaller.UnpackNotBridgeError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// WithdrawalCallerInsufficientGas represents a InsufficientGas error raised by the WithdrawalCaller contract.
type WithdrawalCallerInsufficientGas struct {
	GasLimit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientGas(uint256 gasLimit)
func WithdrawalCallerInsufficientGasErrorID() common.Hash {
	return common.HexToHash("0xb22db895256af10683fcd7550b474af0fbe8f3d51775f4bad8de5498d3bc3d63")
}

// UnpackInsufficientGasError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientGas(uint256 gasLimit)
func (withdrawalCaller *WithdrawalCaller) UnpackInsufficientGasError(raw []byte) (*WithdrawalCallerInsufficientGas, error) {
	out := new(WithdrawalCallerInsufficientGas)
	if err := withdrawalCaller.abi.UnpackIntoInterface(out, "InsufficientGas", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// WithdrawalCallerNotBridge represents a NotBridge error raised by the WithdrawalCaller contract.
type WithdrawalCallerNotBridge struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotBridge()
func WithdrawalCallerNotBridgeErrorID() common.Hash {
	return common.HexToHash("0x7fea9dc5767ac4b36a9ff237b0759bb2cace1063d7ac36dc2fd31d7b98e58aab")
}

// UnpackNotBridgeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotBridge()
func (withdrawalCaller *WithdrawalCaller) UnpackNotBridgeError(raw []byte) (*WithdrawalCallerNotBridge, error) {
	out := new(WithdrawalCallerNotBridge)
	if err := withdrawalCaller.abi.UnpackIntoInterface(out, "NotBridge", raw); err != nil {
		return nil, err
	}
	return out, nil
}
