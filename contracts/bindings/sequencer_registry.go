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

// SequencerRegistryEvidence is an auto generated low-level Go binding around an user-defined struct.
type SequencerRegistryEvidence struct {
	Kind       uint8
	Signer     common.Address
	Era        uint64
	ViewNumber uint64
	A          SequencerRegistrySignedMessage
	B          SequencerRegistrySignedMessage
}

// SequencerRegistrySignedMessage is an auto generated low-level Go binding around an user-defined struct.
type SequencerRegistrySignedMessage struct {
	MsgType   uint8
	Hash      [32]byte
	Signature []byte
}

// SequencerRegistryMetaData contains all meta data concerning the SequencerRegistry contract.
var SequencerRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2ChainId_\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"minStake_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"unstakeDelay_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"reporterShareBps_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"}],\"name\":\"AlreadyUnstaking\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidEvidence\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"}],\"name\":\"NotStaked\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"withdrawableAt\",\"type\":\"uint256\"}],\"name\":\"NotWithdrawable\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"}],\"name\":\"SequencerSlashed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"stake\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"minStake\",\"type\":\"uint256\"}],\"name\":\"StakeTooLow\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"reporter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"viewNumber\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"reward\",\"type\":\"uint256\"}],\"name\":\"Slashed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"stake\",\"type\":\"uint256\"}],\"name\":\"Staked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"withdrawableAt\",\"type\":\"uint256\"}],\"name\":\"UnstakeRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BPS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"EVIDENCE_FINALIZES\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"EVIDENCE_FINALIZE_BOTTOM\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"EVIDENCE_PROPOSALS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"EVIDENCE_VOTES\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_VIEW\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MSG_FINALIZE\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MSG_PROPOSAL\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MSG_VOTE\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"activeSequencers\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"addrs\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"burned\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2ChainId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minStake\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reporterShareBps\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"requestUnstake\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"s\",\"type\":\"address\"}],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"stake_\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"withdrawableAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"era\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"msgType\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"viewNumber\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"}],\"name\":\"signingBytes\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"era\",\"type\":\"uint64\"}],\"name\":\"signingDomain\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"era\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"viewNumber\",\"type\":\"uint64\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"msgType\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"internalType\":\"structSequencerRegistry.SignedMessage\",\"name\":\"a\",\"type\":\"tuple\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"msgType\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"internalType\":\"structSequencerRegistry.SignedMessage\",\"name\":\"b\",\"type\":\"tuple\"}],\"internalType\":\"structSequencerRegistry.Evidence\",\"name\":\"e\",\"type\":\"tuple\"}],\"name\":\"slash\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"slashed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stake\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unstakeDelay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SequencerRegistry",
	Bin: "0x610100604052348015610010575f5ffd5b5060405161182c38038061182c83398101604081905261002f916100b8565b5f8311801561003f575061271081105b6100995760405162461bcd60e51b815260206004820152602160248201527f53657175656e63657252656769737472793a2062616420706172616d657465726044820152607360f81b606482015260840160405180910390fd5b6001600160401b0390931660805260a09190915260c05260e0526100ff565b5f5f5f5f608085870312156100cb575f5ffd5b84516001600160401b03811681146100e1575f5ffd5b60208601516040870151606090970151919890975090945092505050565b60805160a05160c05160e0516116d061015c5f395f81816104190152610c1401525f81816101b30152610dd201525f81816101fa015281816104dc015261051801525f818161037a015281816107b1015261080301526116d05ff3fe60806040526004361061013c575f3560e01c806373f42561116100b3578063d6ae3cd51161006d578063d6ae3cd514610369578063d754d28e1461039c578063d94c69d9146103be578063da53b956146103d5578063fc63958e146103f4578063febf52ba14610408575f5ffd5b806373f42561146102b357806380fd01d5146102c85780638bcfa665146102f4578063ac0965ca14610332578063b16cc28f14610140578063c4e058701461018e575f5ffd5b8063375b3c0a11610104578063375b3c0a146101e95780633a4b66f11461021c5780633ccfd60b146102265780634cdd84511461023a5780635d0c7b2b1461024e578063692011f01461023a575f5ffd5b80632474a65414610140578063249d39e91461016b5780632af23d751461018e5780633222012f146101a2578063341cabe1146101d5575b5f5ffd5b34801561014b575f5ffd5b50610154600381565b60405160ff90911681526020015b60405180910390f35b348015610176575f5ffd5b5061018061271081565b604051908152602001610162565b348015610199575f5ffd5b50610154600181565b3480156101ad575f5ffd5b506101807f000000000000000000000000000000000000000000000000000000000000000081565b3480156101e0575f5ffd5b50610154600481565b3480156101f4575f5ffd5b506101807f000000000000000000000000000000000000000000000000000000000000000081565b61022461043b565b005b348015610231575f5ffd5b506102246105f1565b348015610245575f5ffd5b50610154600281565b348015610259575f5ffd5b506102966102683660046112d9565b6001600160a01b03165f908152602081905260409020805460019091015490916001600160401b0390911690565b604080519283526001600160401b03909116602083015201610162565b3480156102be575f5ffd5b5061018060045481565b3480156102d3575f5ffd5b506102e76102e2366004611331565b61072c565b6040516101629190611379565b3480156102ff575f5ffd5b5061032261030e3660046112d9565b60036020525f908152604090205460ff1681565b6040519015158152602001610162565b34801561033d575f5ffd5b5061035161034c3660046113ae565b61079d565b6040516001600160401b039091168152602001610162565b348015610374575f5ffd5b506103517f000000000000000000000000000000000000000000000000000000000000000081565b3480156103a7575f5ffd5b506103b0610855565b6040516101629291906113c7565b3480156103c9575f5ffd5b506103516001603e1b81565b3480156103e0575f5ffd5b506101806103ef366004611450565b610a4c565b3480156103ff575f5ffd5b50610224610d6c565b348015610413575f5ffd5b506101807f000000000000000000000000000000000000000000000000000000000000000081565b335f8181526003602052604090205460ff161561047b576040516383b0ede360e01b81526001600160a01b03821660048201526024015b60405180910390fd5b6001600160a01b0381165f90815260208190526040902060018101546001600160401b0316156104c957604051630810293160e31b81526001600160a01b0383166004820152602401610472565b80545f906104d890349061149a565b90507f00000000000000000000000000000000000000000000000000000000000000008110156105445760405163829f116360e01b8152600481018290527f00000000000000000000000000000000000000000000000000000000000000006024820152604401610472565b81545f036105a5576001805480820182557fb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf60180546001600160a01b0319166001600160a01b03861690811790915590545f91825260026020526040909120555b80825560408051348152602081018390526001600160a01b038516917f1449c6dd7851abc30abf37f57715f492010519147cc2652fbc38202c18a6ee90910160405180910390a2505050565b335f9081526020819052604081208054909181900361062557604051632449d29b60e01b8152336004820152602401610472565b60018201546001600160401b0316158061064b575060018201546001600160401b031642105b1561067a576001820154604051639a9c2aaf60e01b81526001600160401b039091166004820152602401610472565b61068333610e51565b60405181815233907f7084f5476618d8e60b11ef0d7d3f06914655adb8793e28ff7f018d4c76d505d59060200160405180910390a26040515f90339083908381818185875af1925050503d805f81146106f7576040519150601f19603f3d011682016040523d82523d5f602084013e6106fc565b606091505b505090508061072757604051630e21dcbb60e11b815233600482015260248101839052604401610472565b505050565b60606040518060400160405280601881526020017f6c326e6f64652f636f6e73656e7375732f7369676e2f763100000000000000008152508461076e8761079d565b85856040516020016107849594939291906114ca565b6040516020818303038152906040529050949350505050565b5f816001600160401b03165f036107d557507f0000000000000000000000000000000000000000000000000000000000000000919050565b604051806040016040528060138152602001726c326e6f64652f7365742d65706f63682f763160681b8152507f00000000000000000000000000000000000000000000000000000000000000008360405160200161083593929190611516565b6040516020818303038152906040528051906020012060c01c9050919050565b6060805f805b6001548110156108c6575f5f6001838154811061087a5761087a611549565b5f9182526020808320909101546001600160a01b031683528201929092526040018120600101546001600160401b031690036108be57816108ba8161155d565b9250505b60010161085b565b50806001600160401b038111156108df576108df611575565b604051908082528060200260200182016040528015610908578160200160208202803683370190505b509250806001600160401b0381111561092357610923611575565b60405190808252806020026020018201604052801561094c578160200160208202803683370190505b5091505f9050805b600154811015610a46575f5f5f6001848154811061097457610974611549565b5f9182526020808320909101546001600160a01b03168352820192909252604001812060018101549092506001600160401b03169003610a3d57600182815481106109c1576109c1611549565b905f5260205f20015f9054906101000a90046001600160a01b03168584815181106109ee576109ee611549565b60200260200101906001600160a01b031690816001600160a01b031681525050805f0154848481518110610a2457610a24611549565b602090810291909101015282610a398161155d565b9350505b50600101610954565b50509091565b5f610a5d60808301606084016113ae565b6001600160401b03161580610a8d57506001603e1b610a8260808401606085016113ae565b6001600160401b0316115b80610a9e5750610a9c82610f80565b155b15610abc5760405163325de78f60e21b815260040160405180910390fd5b610b01610acf60408401602085016112d9565b610adf60608501604086016113ae565b610aef60808601606087016113ae565b610afc6080870187611589565b611129565b610b41610b1460408401602085016112d9565b610b2460608501604086016113ae565b610b3460808601606087016113ae565b610afc60a0870187611589565b5f80610b5360408501602086016112d9565b6001600160a01b03166001600160a01b031681526020019081526020015f205f01549050805f03610bb357610b8e60408301602084016112d9565b604051632449d29b60e01b81526001600160a01b039091166004820152602401610472565b600160035f610bc860408601602087016112d9565b6001600160a01b0316815260208082019290925260409081015f20805460ff191693151593909317909255610c0b91610c06919085019085016112d9565b610e51565b5f612710610c397f0000000000000000000000000000000000000000000000000000000000000000846115a7565b610c4391906115be565b9050610c4f81836115dd565b60045f828254610c5f919061149a565b90915550339050610c7660408501602086016112d9565b6001600160a01b03167f2ced137ca824d8f250860812dd210192250f91649d45ad5e969ffcec1a106357610cad60208701876115f0565b610cbd60808801606089016113ae565b6040805160ff90931683526001600160401b03909116602083015281018690526060810185905260800160405180910390a38015610d66576040515f90339083908381818185875af1925050503d805f8114610d34576040519150601f19603f3d011682016040523d82523d5f602084013e610d39565b606091505b5050905080610d6457604051630e21dcbb60e11b815233600482015260248101839052604401610472565b505b50919050565b335f9081526020819052604081208054909103610d9e57604051632449d29b60e01b8152336004820152602401610472565b60018101546001600160401b031615610dcc57604051630810293160e31b8152336004820152602401610472565b5f610df77f00000000000000000000000000000000000000000000000000000000000000004261149a565b60018301805467ffffffffffffffff19166001600160401b03831617905560405181815290915033907f828764c21e74c28710e19919735825aba966621c95cbd913f8ed65a2d298f48c9060200160405180910390a25050565b6001600160a01b0381165f908152602081815260408083208381556001908101805467ffffffffffffffff191690556002909252822054610e9291906115dd565b600180549192505f91610ea69082906115dd565b81548110610eb657610eb6611549565b5f91825260209091200154600180546001600160a01b039092169250829184908110610ee457610ee4611549565b5f91825260209091200180546001600160a01b0319166001600160a01b0392909216919091179055610f1782600161149a565b6001600160a01b0382165f908152600260205260409020556001805480610f4057610f40611609565b5f828152602080822083015f1990810180546001600160a01b03191690559092019092556001600160a01b03949094168152600290935250506040812055565b5f36610f8f6080840184611589565b905036610f9f60a0850185611589565b90506001610fb060208601866115f0565b60ff1603611020576001610fc760208401846115f0565b60ff16148015610fe657506001610fe160208301836115f0565b60ff16145b8015610ffa57508060200135826020013514155b80156110095750602082013515155b80156110185750602081013515155b949350505050565b600261102f60208601866115f0565b60ff160361106057600261104660208401846115f0565b60ff16148015610fe657506002610fe160208301836115f0565b600361106f60208601866115f0565b60ff16036110a057600361108660208401846115f0565b60ff16148015610fe657506003610fe160208301836115f0565b60046110af60208601866115f0565b60ff16036111205760026110c660208401846115f0565b60ff16036110d057905b60036110df60208401846115f0565b60ff161480156110f25750602082013515155b801561110d5750600261110860208301836115f0565b60ff16145b8015611018575060200135159392505050565b505f9392505050565b365f611138604084018461161d565b90925090506041811461115e57604051635cd5d23360e01b815260040160405180910390fd5b5f61116c6020828486611666565b6111759161168d565b90505f611186604060208587611666565b61118f9161168d565b90505f848460408181106111a5576111a5611549565b919091013560f81c91505060018111806111de57507f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082115b156111fc57604051635cd5d23360e01b815260040160405180910390fd5b5f600161121b8a61121060208b018b6115f0565b8b8b6020013561072c565b805160209091012061122e84601b6116aa565b604080515f8152602081018083529390935260ff90911690820152606081018690526080810185905260a0016020604051602081039080840390855afa15801561127a573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b03811615806112af5750896001600160a01b0316816001600160a01b031614155b156112cd57604051635cd5d23360e01b815260040160405180910390fd5b50505050505050505050565b5f602082840312156112e9575f5ffd5b81356001600160a01b03811681146112ff575f5ffd5b9392505050565b80356001600160401b038116811461131c575f5ffd5b919050565b803560ff8116811461131c575f5ffd5b5f5f5f5f60808587031215611344575f5ffd5b61134d85611306565b935061135b60208601611321565b925061136960408601611306565b9396929550929360600135925050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f602082840312156113be575f5ffd5b6112ff82611306565b604080825283519082018190525f9060208501906060840190835b818110156114095783516001600160a01b03168352602093840193909201916001016113e2565b5050838103602080860191909152855180835291810192508501905f5b81811015611444578251845260209384019390920191600101611426565b50919695505050505050565b5f60208284031215611460575f5ffd5b81356001600160401b03811115611475575f5ffd5b820160c081850312156112ff575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b808201808211156114ad576114ad611486565b92915050565b5f81518060208401855e5f93019283525090919050565b5f6114d582886114b3565b60f89690961b6001600160f81b0319168652505060c092831b6001600160c01b031990811660018601529190921b1660098301526011820152603101919050565b5f61152182866114b3565b6001600160c01b031960c095861b811682529390941b90921660088401525050601001919050565b634e487b7160e01b5f52603260045260245ffd5b5f6001820161156e5761156e611486565b5060010190565b634e487b7160e01b5f52604160045260245ffd5b5f8235605e1983360301811261159d575f5ffd5b9190910192915050565b80820281158282048414176114ad576114ad611486565b5f826115d857634e487b7160e01b5f52601260045260245ffd5b500490565b818103818111156114ad576114ad611486565b5f60208284031215611600575f5ffd5b6112ff82611321565b634e487b7160e01b5f52603160045260245ffd5b5f5f8335601e19843603018112611632575f5ffd5b8301803591506001600160401b0382111561164b575f5ffd5b60200191503681900382131561165f575f5ffd5b9250929050565b5f5f85851115611674575f5ffd5b83861115611680575f5ffd5b5050820193919092039150565b803560208310156114ad575f19602084900360031b1b1692915050565b60ff81811683821601908111156114ad576114ad61148656fea164736f6c634300081e000a",
}

// SequencerRegistry is an auto generated Go binding around an Ethereum contract.
type SequencerRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SequencerRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewSequencerRegistry creates a new instance of SequencerRegistry.
func NewSequencerRegistry() *SequencerRegistry {
	parsed, err := SequencerRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SequencerRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SequencerRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint64 l2ChainId_, uint256 minStake_, uint256 unstakeDelay_, uint256 reporterShareBps_) returns()
func (sequencerRegistry *SequencerRegistry) PackConstructor(l2ChainId_ uint64, minStake_ *big.Int, unstakeDelay_ *big.Int, reporterShareBps_ *big.Int) []byte {
	enc, err := sequencerRegistry.abi.Pack("", l2ChainId_, minStake_, unstakeDelay_, reporterShareBps_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x249d39e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BPS() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) PackBPS() []byte {
	enc, err := sequencerRegistry.abi.Pack("BPS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x249d39e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BPS() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) TryPackBPS() ([]byte, error) {
	return sequencerRegistry.abi.Pack("BPS")
}

// UnpackBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x249d39e9.
//
// Solidity: function BPS() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) UnpackBPS(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("BPS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEVIDENCEFINALIZES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb16cc28f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EVIDENCE_FINALIZES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackEVIDENCEFINALIZES() []byte {
	enc, err := sequencerRegistry.abi.Pack("EVIDENCE_FINALIZES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEVIDENCEFINALIZES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb16cc28f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EVIDENCE_FINALIZES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackEVIDENCEFINALIZES() ([]byte, error) {
	return sequencerRegistry.abi.Pack("EVIDENCE_FINALIZES")
}

// UnpackEVIDENCEFINALIZES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb16cc28f.
//
// Solidity: function EVIDENCE_FINALIZES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackEVIDENCEFINALIZES(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("EVIDENCE_FINALIZES", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackEVIDENCEFINALIZEBOTTOM is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x341cabe1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EVIDENCE_FINALIZE_BOTTOM() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackEVIDENCEFINALIZEBOTTOM() []byte {
	enc, err := sequencerRegistry.abi.Pack("EVIDENCE_FINALIZE_BOTTOM")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEVIDENCEFINALIZEBOTTOM is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x341cabe1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EVIDENCE_FINALIZE_BOTTOM() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackEVIDENCEFINALIZEBOTTOM() ([]byte, error) {
	return sequencerRegistry.abi.Pack("EVIDENCE_FINALIZE_BOTTOM")
}

// UnpackEVIDENCEFINALIZEBOTTOM is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x341cabe1.
//
// Solidity: function EVIDENCE_FINALIZE_BOTTOM() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackEVIDENCEFINALIZEBOTTOM(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("EVIDENCE_FINALIZE_BOTTOM", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackEVIDENCEPROPOSALS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2af23d75.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EVIDENCE_PROPOSALS() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackEVIDENCEPROPOSALS() []byte {
	enc, err := sequencerRegistry.abi.Pack("EVIDENCE_PROPOSALS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEVIDENCEPROPOSALS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2af23d75.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EVIDENCE_PROPOSALS() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackEVIDENCEPROPOSALS() ([]byte, error) {
	return sequencerRegistry.abi.Pack("EVIDENCE_PROPOSALS")
}

// UnpackEVIDENCEPROPOSALS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2af23d75.
//
// Solidity: function EVIDENCE_PROPOSALS() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackEVIDENCEPROPOSALS(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("EVIDENCE_PROPOSALS", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackEVIDENCEVOTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x692011f0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EVIDENCE_VOTES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackEVIDENCEVOTES() []byte {
	enc, err := sequencerRegistry.abi.Pack("EVIDENCE_VOTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEVIDENCEVOTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x692011f0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EVIDENCE_VOTES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackEVIDENCEVOTES() ([]byte, error) {
	return sequencerRegistry.abi.Pack("EVIDENCE_VOTES")
}

// UnpackEVIDENCEVOTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x692011f0.
//
// Solidity: function EVIDENCE_VOTES() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackEVIDENCEVOTES(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("EVIDENCE_VOTES", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMAXVIEW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd94c69d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_VIEW() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) PackMAXVIEW() []byte {
	enc, err := sequencerRegistry.abi.Pack("MAX_VIEW")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXVIEW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd94c69d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_VIEW() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) TryPackMAXVIEW() ([]byte, error) {
	return sequencerRegistry.abi.Pack("MAX_VIEW")
}

// UnpackMAXVIEW is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd94c69d9.
//
// Solidity: function MAX_VIEW() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) UnpackMAXVIEW(data []byte) (uint64, error) {
	out, err := sequencerRegistry.abi.Unpack("MAX_VIEW", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMSGFINALIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2474a654.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MSG_FINALIZE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackMSGFINALIZE() []byte {
	enc, err := sequencerRegistry.abi.Pack("MSG_FINALIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMSGFINALIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2474a654.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MSG_FINALIZE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackMSGFINALIZE() ([]byte, error) {
	return sequencerRegistry.abi.Pack("MSG_FINALIZE")
}

// UnpackMSGFINALIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2474a654.
//
// Solidity: function MSG_FINALIZE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackMSGFINALIZE(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("MSG_FINALIZE", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMSGPROPOSAL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4e05870.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MSG_PROPOSAL() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackMSGPROPOSAL() []byte {
	enc, err := sequencerRegistry.abi.Pack("MSG_PROPOSAL")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMSGPROPOSAL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4e05870.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MSG_PROPOSAL() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackMSGPROPOSAL() ([]byte, error) {
	return sequencerRegistry.abi.Pack("MSG_PROPOSAL")
}

// UnpackMSGPROPOSAL is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc4e05870.
//
// Solidity: function MSG_PROPOSAL() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackMSGPROPOSAL(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("MSG_PROPOSAL", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMSGVOTE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cdd8451.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MSG_VOTE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) PackMSGVOTE() []byte {
	enc, err := sequencerRegistry.abi.Pack("MSG_VOTE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMSGVOTE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cdd8451.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MSG_VOTE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) TryPackMSGVOTE() ([]byte, error) {
	return sequencerRegistry.abi.Pack("MSG_VOTE")
}

// UnpackMSGVOTE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4cdd8451.
//
// Solidity: function MSG_VOTE() view returns(uint8)
func (sequencerRegistry *SequencerRegistry) UnpackMSGVOTE(data []byte) (uint8, error) {
	out, err := sequencerRegistry.abi.Unpack("MSG_VOTE", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackActiveSequencers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd754d28e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function activeSequencers() view returns(address[] addrs, uint256[] stakes)
func (sequencerRegistry *SequencerRegistry) PackActiveSequencers() []byte {
	enc, err := sequencerRegistry.abi.Pack("activeSequencers")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackActiveSequencers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd754d28e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function activeSequencers() view returns(address[] addrs, uint256[] stakes)
func (sequencerRegistry *SequencerRegistry) TryPackActiveSequencers() ([]byte, error) {
	return sequencerRegistry.abi.Pack("activeSequencers")
}

// ActiveSequencersOutput serves as a container for the return parameters of contract
// method ActiveSequencers.
type ActiveSequencersOutput struct {
	Addrs  []common.Address
	Stakes []*big.Int
}

// UnpackActiveSequencers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd754d28e.
//
// Solidity: function activeSequencers() view returns(address[] addrs, uint256[] stakes)
func (sequencerRegistry *SequencerRegistry) UnpackActiveSequencers(data []byte) (ActiveSequencersOutput, error) {
	out, err := sequencerRegistry.abi.Unpack("activeSequencers", data)
	outstruct := new(ActiveSequencersOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Addrs = *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	outstruct.Stakes = *abi.ConvertType(out[1], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackBurned is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73f42561.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burned() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) PackBurned() []byte {
	enc, err := sequencerRegistry.abi.Pack("burned")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurned is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73f42561.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burned() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) TryPackBurned() ([]byte, error) {
	return sequencerRegistry.abi.Pack("burned")
}

// UnpackBurned is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x73f42561.
//
// Solidity: function burned() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) UnpackBurned(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("burned", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function l2ChainId() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) PackL2ChainId() []byte {
	enc, err := sequencerRegistry.abi.Pack("l2ChainId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function l2ChainId() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) TryPackL2ChainId() ([]byte, error) {
	return sequencerRegistry.abi.Pack("l2ChainId")
}

// UnpackL2ChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6ae3cd5.
//
// Solidity: function l2ChainId() view returns(uint64)
func (sequencerRegistry *SequencerRegistry) UnpackL2ChainId(data []byte) (uint64, error) {
	out, err := sequencerRegistry.abi.Unpack("l2ChainId", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMinStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x375b3c0a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minStake() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) PackMinStake() []byte {
	enc, err := sequencerRegistry.abi.Pack("minStake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x375b3c0a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minStake() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) TryPackMinStake() ([]byte, error) {
	return sequencerRegistry.abi.Pack("minStake")
}

// UnpackMinStake is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x375b3c0a.
//
// Solidity: function minStake() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) UnpackMinStake(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("minStake", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReporterShareBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfebf52ba.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reporterShareBps() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) PackReporterShareBps() []byte {
	enc, err := sequencerRegistry.abi.Pack("reporterShareBps")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReporterShareBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfebf52ba.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reporterShareBps() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) TryPackReporterShareBps() ([]byte, error) {
	return sequencerRegistry.abi.Pack("reporterShareBps")
}

// UnpackReporterShareBps is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfebf52ba.
//
// Solidity: function reporterShareBps() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) UnpackReporterShareBps(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("reporterShareBps", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRequestUnstake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc63958e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestUnstake() returns()
func (sequencerRegistry *SequencerRegistry) PackRequestUnstake() []byte {
	enc, err := sequencerRegistry.abi.Pack("requestUnstake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestUnstake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc63958e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestUnstake() returns()
func (sequencerRegistry *SequencerRegistry) TryPackRequestUnstake() ([]byte, error) {
	return sequencerRegistry.abi.Pack("requestUnstake")
}

// PackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d0c7b2b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sequencer(address s) view returns(uint256 stake_, uint64 withdrawableAt)
func (sequencerRegistry *SequencerRegistry) PackSequencer(s common.Address) []byte {
	enc, err := sequencerRegistry.abi.Pack("sequencer", s)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d0c7b2b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sequencer(address s) view returns(uint256 stake_, uint64 withdrawableAt)
func (sequencerRegistry *SequencerRegistry) TryPackSequencer(s common.Address) ([]byte, error) {
	return sequencerRegistry.abi.Pack("sequencer", s)
}

// SequencerOutput serves as a container for the return parameters of contract
// method Sequencer.
type SequencerOutput struct {
	Stake          *big.Int
	WithdrawableAt uint64
}

// UnpackSequencer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5d0c7b2b.
//
// Solidity: function sequencer(address s) view returns(uint256 stake_, uint64 withdrawableAt)
func (sequencerRegistry *SequencerRegistry) UnpackSequencer(data []byte) (SequencerOutput, error) {
	out, err := sequencerRegistry.abi.Unpack("sequencer", data)
	outstruct := new(SequencerOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Stake = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.WithdrawableAt = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackSigningBytes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x80fd01d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signingBytes(uint64 era, uint8 msgType, uint64 viewNumber, bytes32 hash) view returns(bytes)
func (sequencerRegistry *SequencerRegistry) PackSigningBytes(era uint64, msgType uint8, viewNumber uint64, hash [32]byte) []byte {
	enc, err := sequencerRegistry.abi.Pack("signingBytes", era, msgType, viewNumber, hash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigningBytes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x80fd01d5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signingBytes(uint64 era, uint8 msgType, uint64 viewNumber, bytes32 hash) view returns(bytes)
func (sequencerRegistry *SequencerRegistry) TryPackSigningBytes(era uint64, msgType uint8, viewNumber uint64, hash [32]byte) ([]byte, error) {
	return sequencerRegistry.abi.Pack("signingBytes", era, msgType, viewNumber, hash)
}

// UnpackSigningBytes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x80fd01d5.
//
// Solidity: function signingBytes(uint64 era, uint8 msgType, uint64 viewNumber, bytes32 hash) view returns(bytes)
func (sequencerRegistry *SequencerRegistry) UnpackSigningBytes(data []byte) ([]byte, error) {
	out, err := sequencerRegistry.abi.Unpack("signingBytes", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackSigningDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xac0965ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signingDomain(uint64 era) view returns(uint64)
func (sequencerRegistry *SequencerRegistry) PackSigningDomain(era uint64) []byte {
	enc, err := sequencerRegistry.abi.Pack("signingDomain", era)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigningDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xac0965ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signingDomain(uint64 era) view returns(uint64)
func (sequencerRegistry *SequencerRegistry) TryPackSigningDomain(era uint64) ([]byte, error) {
	return sequencerRegistry.abi.Pack("signingDomain", era)
}

// UnpackSigningDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xac0965ca.
//
// Solidity: function signingDomain(uint64 era) view returns(uint64)
func (sequencerRegistry *SequencerRegistry) UnpackSigningDomain(data []byte) (uint64, error) {
	out, err := sequencerRegistry.abi.Unpack("signingDomain", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda53b956.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slash((uint8,address,uint64,uint64,(uint8,bytes32,bytes),(uint8,bytes32,bytes)) e) returns(uint256 amount)
func (sequencerRegistry *SequencerRegistry) PackSlash(e SequencerRegistryEvidence) []byte {
	enc, err := sequencerRegistry.abi.Pack("slash", e)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda53b956.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slash((uint8,address,uint64,uint64,(uint8,bytes32,bytes),(uint8,bytes32,bytes)) e) returns(uint256 amount)
func (sequencerRegistry *SequencerRegistry) TryPackSlash(e SequencerRegistryEvidence) ([]byte, error) {
	return sequencerRegistry.abi.Pack("slash", e)
}

// UnpackSlash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xda53b956.
//
// Solidity: function slash((uint8,address,uint64,uint64,(uint8,bytes32,bytes),(uint8,bytes32,bytes)) e) returns(uint256 amount)
func (sequencerRegistry *SequencerRegistry) UnpackSlash(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("slash", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSlashed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bcfa665.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slashed(address ) view returns(bool)
func (sequencerRegistry *SequencerRegistry) PackSlashed(arg0 common.Address) []byte {
	enc, err := sequencerRegistry.abi.Pack("slashed", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlashed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bcfa665.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slashed(address ) view returns(bool)
func (sequencerRegistry *SequencerRegistry) TryPackSlashed(arg0 common.Address) ([]byte, error) {
	return sequencerRegistry.abi.Pack("slashed", arg0)
}

// UnpackSlashed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8bcfa665.
//
// Solidity: function slashed(address ) view returns(bool)
func (sequencerRegistry *SequencerRegistry) UnpackSlashed(data []byte) (bool, error) {
	out, err := sequencerRegistry.abi.Unpack("slashed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a4b66f1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stake() payable returns()
func (sequencerRegistry *SequencerRegistry) PackStake() []byte {
	enc, err := sequencerRegistry.abi.Pack("stake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a4b66f1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stake() payable returns()
func (sequencerRegistry *SequencerRegistry) TryPackStake() ([]byte, error) {
	return sequencerRegistry.abi.Pack("stake")
}

// PackUnstakeDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3222012f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unstakeDelay() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) PackUnstakeDelay() []byte {
	enc, err := sequencerRegistry.abi.Pack("unstakeDelay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnstakeDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3222012f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unstakeDelay() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) TryPackUnstakeDelay() ([]byte, error) {
	return sequencerRegistry.abi.Pack("unstakeDelay")
}

// UnpackUnstakeDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3222012f.
//
// Solidity: function unstakeDelay() view returns(uint256)
func (sequencerRegistry *SequencerRegistry) UnpackUnstakeDelay(data []byte) (*big.Int, error) {
	out, err := sequencerRegistry.abi.Unpack("unstakeDelay", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ccfd60b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw() returns()
func (sequencerRegistry *SequencerRegistry) PackWithdraw() []byte {
	enc, err := sequencerRegistry.abi.Pack("withdraw")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ccfd60b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw() returns()
func (sequencerRegistry *SequencerRegistry) TryPackWithdraw() ([]byte, error) {
	return sequencerRegistry.abi.Pack("withdraw")
}

// SequencerRegistrySlashed represents a Slashed event raised by the SequencerRegistry contract.
type SequencerRegistrySlashed struct {
	Sequencer  common.Address
	Reporter   common.Address
	Kind       uint8
	ViewNumber uint64
	Amount     *big.Int
	Reward     *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const SequencerRegistrySlashedEventName = "Slashed"

// ContractEventName returns the user-defined event name.
func (SequencerRegistrySlashed) ContractEventName() string {
	return SequencerRegistrySlashedEventName
}

// UnpackSlashedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Slashed(address indexed sequencer, address indexed reporter, uint8 kind, uint64 viewNumber, uint256 amount, uint256 reward)
func (sequencerRegistry *SequencerRegistry) UnpackSlashedEvent(log *types.Log) (*SequencerRegistrySlashed, error) {
	event := "Slashed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerRegistrySlashed)
	if len(log.Data) > 0 {
		if err := sequencerRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SequencerRegistryStaked represents a Staked event raised by the SequencerRegistry contract.
type SequencerRegistryStaked struct {
	Sequencer common.Address
	Amount    *big.Int
	Stake     *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const SequencerRegistryStakedEventName = "Staked"

// ContractEventName returns the user-defined event name.
func (SequencerRegistryStaked) ContractEventName() string {
	return SequencerRegistryStakedEventName
}

// UnpackStakedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Staked(address indexed sequencer, uint256 amount, uint256 stake)
func (sequencerRegistry *SequencerRegistry) UnpackStakedEvent(log *types.Log) (*SequencerRegistryStaked, error) {
	event := "Staked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerRegistryStaked)
	if len(log.Data) > 0 {
		if err := sequencerRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SequencerRegistryUnstakeRequested represents a UnstakeRequested event raised by the SequencerRegistry contract.
type SequencerRegistryUnstakeRequested struct {
	Sequencer      common.Address
	WithdrawableAt *big.Int
	Raw            *types.Log // Blockchain specific contextual infos
}

const SequencerRegistryUnstakeRequestedEventName = "UnstakeRequested"

// ContractEventName returns the user-defined event name.
func (SequencerRegistryUnstakeRequested) ContractEventName() string {
	return SequencerRegistryUnstakeRequestedEventName
}

// UnpackUnstakeRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event UnstakeRequested(address indexed sequencer, uint256 withdrawableAt)
func (sequencerRegistry *SequencerRegistry) UnpackUnstakeRequestedEvent(log *types.Log) (*SequencerRegistryUnstakeRequested, error) {
	event := "UnstakeRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerRegistryUnstakeRequested)
	if len(log.Data) > 0 {
		if err := sequencerRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SequencerRegistryWithdrawn represents a Withdrawn event raised by the SequencerRegistry contract.
type SequencerRegistryWithdrawn struct {
	Sequencer common.Address
	Amount    *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const SequencerRegistryWithdrawnEventName = "Withdrawn"

// ContractEventName returns the user-defined event name.
func (SequencerRegistryWithdrawn) ContractEventName() string {
	return SequencerRegistryWithdrawnEventName
}

// UnpackWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdrawn(address indexed sequencer, uint256 amount)
func (sequencerRegistry *SequencerRegistry) UnpackWithdrawnEvent(log *types.Log) (*SequencerRegistryWithdrawn, error) {
	event := "Withdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerRegistryWithdrawn)
	if len(log.Data) > 0 {
		if err := sequencerRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (sequencerRegistry *SequencerRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["AlreadyUnstaking"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackAlreadyUnstakingError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["InvalidEvidence"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackInvalidEvidenceError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["NotStaked"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackNotStakedError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["NotWithdrawable"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackNotWithdrawableError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["SequencerSlashed"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackSequencerSlashedError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["StakeTooLow"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackStakeTooLowError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerRegistry.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return sequencerRegistry.UnpackTransferFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SequencerRegistryAlreadyUnstaking represents a AlreadyUnstaking error raised by the SequencerRegistry contract.
type SequencerRegistryAlreadyUnstaking struct {
	Sequencer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyUnstaking(address sequencer)
func SequencerRegistryAlreadyUnstakingErrorID() common.Hash {
	return common.HexToHash("0x408149882fa3448caa9eb20a032b08f5066ae58a649ed331103080e9f234948d")
}

// UnpackAlreadyUnstakingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyUnstaking(address sequencer)
func (sequencerRegistry *SequencerRegistry) UnpackAlreadyUnstakingError(raw []byte) (*SequencerRegistryAlreadyUnstaking, error) {
	out := new(SequencerRegistryAlreadyUnstaking)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "AlreadyUnstaking", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryBadSignature represents a BadSignature error raised by the SequencerRegistry contract.
type SequencerRegistryBadSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature()
func SequencerRegistryBadSignatureErrorID() common.Hash {
	return common.HexToHash("0x5cd5d2335541c4f2ed05fbe44f397e8b79f8e2333157122d2dab06e378ef7685")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature()
func (sequencerRegistry *SequencerRegistry) UnpackBadSignatureError(raw []byte) (*SequencerRegistryBadSignature, error) {
	out := new(SequencerRegistryBadSignature)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryInvalidEvidence represents a InvalidEvidence error raised by the SequencerRegistry contract.
type SequencerRegistryInvalidEvidence struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidEvidence()
func SequencerRegistryInvalidEvidenceErrorID() common.Hash {
	return common.HexToHash("0xc9779e3cd09ff10b811ed85fd247314eb00b92b6d6bad730133e2fa6c692935d")
}

// UnpackInvalidEvidenceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidEvidence()
func (sequencerRegistry *SequencerRegistry) UnpackInvalidEvidenceError(raw []byte) (*SequencerRegistryInvalidEvidence, error) {
	out := new(SequencerRegistryInvalidEvidence)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "InvalidEvidence", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryNotStaked represents a NotStaked error raised by the SequencerRegistry contract.
type SequencerRegistryNotStaked struct {
	Sequencer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotStaked(address sequencer)
func SequencerRegistryNotStakedErrorID() common.Hash {
	return common.HexToHash("0x2449d29bdb2bf314c45a5abe636e050bbc48291aa4b13c32b332f5b86f800d30")
}

// UnpackNotStakedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotStaked(address sequencer)
func (sequencerRegistry *SequencerRegistry) UnpackNotStakedError(raw []byte) (*SequencerRegistryNotStaked, error) {
	out := new(SequencerRegistryNotStaked)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "NotStaked", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryNotWithdrawable represents a NotWithdrawable error raised by the SequencerRegistry contract.
type SequencerRegistryNotWithdrawable struct {
	WithdrawableAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotWithdrawable(uint256 withdrawableAt)
func SequencerRegistryNotWithdrawableErrorID() common.Hash {
	return common.HexToHash("0x9a9c2aaff708a5577fa8265384cc280508f76902e637f22e1247e21a9391f3c0")
}

// UnpackNotWithdrawableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotWithdrawable(uint256 withdrawableAt)
func (sequencerRegistry *SequencerRegistry) UnpackNotWithdrawableError(raw []byte) (*SequencerRegistryNotWithdrawable, error) {
	out := new(SequencerRegistryNotWithdrawable)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "NotWithdrawable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistrySequencerSlashed represents a SequencerSlashed error raised by the SequencerRegistry contract.
type SequencerRegistrySequencerSlashed struct {
	Sequencer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SequencerSlashed(address sequencer)
func SequencerRegistrySequencerSlashedErrorID() common.Hash {
	return common.HexToHash("0x83b0ede3456419c331e1293752be6f03f9424a9fce25ecdb80f98ab5485c04b5")
}

// UnpackSequencerSlashedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SequencerSlashed(address sequencer)
func (sequencerRegistry *SequencerRegistry) UnpackSequencerSlashedError(raw []byte) (*SequencerRegistrySequencerSlashed, error) {
	out := new(SequencerRegistrySequencerSlashed)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "SequencerSlashed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryStakeTooLow represents a StakeTooLow error raised by the SequencerRegistry contract.
type SequencerRegistryStakeTooLow struct {
	Stake    *big.Int
	MinStake *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StakeTooLow(uint256 stake, uint256 minStake)
func SequencerRegistryStakeTooLowErrorID() common.Hash {
	return common.HexToHash("0x829f11638d406de2605d01f8ea108c1f13393def0f2b7b6e6ffffd9996d50bd5")
}

// UnpackStakeTooLowError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StakeTooLow(uint256 stake, uint256 minStake)
func (sequencerRegistry *SequencerRegistry) UnpackStakeTooLowError(raw []byte) (*SequencerRegistryStakeTooLow, error) {
	out := new(SequencerRegistryStakeTooLow)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "StakeTooLow", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerRegistryTransferFailed represents a TransferFailed error raised by the SequencerRegistry contract.
type SequencerRegistryTransferFailed struct {
	To     common.Address
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func SequencerRegistryTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x1c43b9761b3fba5321ca8212bfc231945f668ccc0c446f333999eea9ce8fda81")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func (sequencerRegistry *SequencerRegistry) UnpackTransferFailedError(raw []byte) (*SequencerRegistryTransferFailed, error) {
	out := new(SequencerRegistryTransferFailed)
	if err := sequencerRegistry.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
