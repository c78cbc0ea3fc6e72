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

// StateCommitmentChainStateRoot is an auto generated low-level Go binding around an user-defined struct.
type StateCommitmentChainStateRoot struct {
	OutputRoot  [32]byte
	StartBatch  uint64
	EndBatch    uint64
	SubmittedAt uint64
	FinalizedAt uint64
}

// StateCommitmentChainMetaData contains all meta data concerning the StateCommitmentChain contract.
var StateCommitmentChainMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2ChainId_\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"challengeWindow_\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"owner_\",\"type\":\"address\"},{\"internalType\":\"address[]\",\"name\":\"validators_\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"InsufficientStake\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"}],\"name\":\"InvalidRange\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"NoRoot\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotFraudProofGame\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"NotValidator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"RootFinalized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"SignersNotSorted\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"game\",\"type\":\"address\"}],\"name\":\"FraudProofGameChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"signedStake\",\"type\":\"uint256\"}],\"name\":\"StateRootSubmitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"fromIndex\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"}],\"name\":\"StateRootsDeleted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"validator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"stake\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"rootIndex\",\"type\":\"uint256\"}],\"name\":\"ValidatorSlashed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"validators\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"name\":\"ValidatorsChanged\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DOMAIN\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"FIRST_BATCH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"challengeWindow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"liar\",\"type\":\"address\"}],\"name\":\"deleteRootsFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"fraudProofGame\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"getRoot\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"startBatch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"endBatch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"submittedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"finalizedAt\",\"type\":\"uint64\"}],\"internalType\":\"structStateCommitmentChain.StateRoot\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"isFinalized\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2ChainId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextBatch\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"}],\"name\":\"outputRootDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rootCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"game\",\"type\":\"address\"}],\"name\":\"setFraudProofGame\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"validators_\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"name\":\"setValidators\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"validator\",\"type\":\"address\"}],\"name\":\"stakeOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes[]\",\"name\":\"signatures\",\"type\":\"bytes[]\"}],\"name\":\"submitStateRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalStake\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validators\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"addrs\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "StateCommitmentChain",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051611d09380380611d0983398101604081905261002e9161048b565b63ffffffff8411156100945760405162461bcd60e51b815260206004820152602560248201527f5374617465436f6d6d69746d656e74436861696e3a2077696e646f7720746f6f604482015264206c6f6e6760d81b606482015260840160405180910390fd5b6001600160401b03851660805260a08490525f80546001600160a01b0319166001600160a01b03851690811782556040519091907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0908290a36100f78282610101565b5050505050610648565b8151158061011157508051825114155b1561012f5760405163aff8365b60e01b815260040160405180910390fd5b5f5b60035481101561017d5760045f6003838154811061015157610151610586565b5f9182526020808320909101546001600160a01b03168352820192909252604001812055600101610131565b505f80805b84518110156102cf57816001600160a01b03168582815181106101a7576101a7610586565b60200260200101516001600160a01b03161115806101dd57508381815181106101d2576101d2610586565b60200260200101515f145b8061020957506001600160801b0380168482815181106101ff576101ff610586565b6020026020010151115b156102275760405163aff8365b60e01b815260040160405180910390fd5b83818151811061023957610239610586565b602002602001015160045f87848151811061025657610256610586565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f208190555083818151811061029357610293610586565b6020026020010151836102a6919061059a565b92508481815181106102ba576102ba610586565b60209081029190910101519150600101610182565b5083516102e3906003906020870190610329565b5060058290556040517fde328fbd08a37cac98183164bd1f78785f911ce6cd47ce663f90344f54ce85bd9061031b90869086906105bf565b60405180910390a150505050565b828054828255905f5260205f2090810192821561037c579160200282015b8281111561037c57825182546001600160a01b0319166001600160a01b03909116178255602090920191600190910190610347565b5061038892915061038c565b5090565b5b80821115610388575f815560010161038d565b80516001600160a01b03811681146103b6575f5ffd5b919050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156103f7576103f76103bb565b604052919050565b5f6001600160401b03821115610417576104176103bb565b5060051b60200190565b5f82601f830112610430575f5ffd5b815161044361043e826103ff565b6103cf565b8082825260208201915060208360051b860101925085831115610464575f5ffd5b602085015b83811015610481578051835260209283019201610469565b5095945050505050565b5f5f5f5f5f60a0868803121561049f575f5ffd5b85516001600160401b03811681146104b5575f5ffd5b602087015190955093506104cb604087016103a0565b60608701519093506001600160401b038111156104e6575f5ffd5b8601601f810188136104f6575f5ffd5b805161050461043e826103ff565b8082825260208201915060208360051b85010192508a831115610525575f5ffd5b6020840193505b8284101561054e5761053d846103a0565b82526020938401939091019061052c565b60808a0151909550925050506001600160401b0381111561056d575f5ffd5b61057988828901610421565b9150509295509295909350565b634e487b7160e01b5f52603260045260245ffd5b808201808211156105b957634e487b7160e01b5f52601160045260245ffd5b92915050565b604080825283519082018190525f9060208501906060840190835b818110156106015783516001600160a01b03168352602093840193909201916001016105da565b5050838103602080860191909152855180835291810192508501905f5b8181101561063c57825184526020938401939092019160010161061e565b50919695505050505050565b60805160a0516116926106775f395f8181610241015261056601525f818161031101526108a901526116925ff3fe608060405234801561000f575f5ffd5b506004361061011c575f3560e01c8063861a1412116100a9578063d6ae3cd51161006e578063d6ae3cd51461030c578063e0539a871461034b578063e7c51f1b1461035e578063eaa41a8914610366578063f2fde38b1461036e575f5ffd5b8063861a14121461023c5780638b0e9f3f146102635780638da5cb5b1461026c5780639b24b3b01461027e578063ca1e7819146102f6575f5ffd5b806333727c4d116100ef57806333727c4d1461018a57806342623360146101ad57806352a9674b146101d55780637471d926146102165780637d2c433714610229575f5ffd5b806309a313ca1461012057806315643f2914610150578063208a2f0a1461016557806321111bb414610178575b5f5ffd5b600154610133906001600160a01b031681565b6040516001600160a01b0390911681526020015b60405180910390f35b61016361015e3660046112e7565b610381565b005b61016361017336600461135d565b61067f565b6002545b604051908152602001610147565b61019d610198366004611387565b6107a0565b6040519015158152602001610147565b61017c6101bb36600461139e565b6001600160a01b03165f9081526004602052604090205490565b610209604051806040016040528060158152602001746c326e6f64652f6f75747075742d726f6f742f763160581b81525081565b60405161014791906113b7565b61017c6102243660046113ec565b610878565b61016361023736600461139e565b610907565b61017c7f000000000000000000000000000000000000000000000000000000000000000081565b61017c60055481565b5f54610133906001600160a01b031681565b61029161028c366004611387565b610985565b60405161014791905f60a082019050825182526001600160401b0360208401511660208301526001600160401b0360408401511660408301526001600160401b0360608401511660608301526001600160401b03608084015116608083015292915050565b6102fe610a50565b604051610147929190611415565b6103337f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160401b039091168152602001610147565b61016361035936600461149e565b610b65565b61017c610c00565b61017c600181565b61016361037c36600461139e565b610c6e565b5f61038a610c00565b9050808614158061039a57508585105b806103ab57506001600160401b0385115b806103b4575083155b156103e85760405163cee0f63d60e01b81526004810182905260248101879052604481018690526064015b60405180910390fd5b5f6103f4878787610878565b90505f80805b858110156104cb575f6104318589898581811061041957610419611508565b905060200281019061042b919061151c565b85610cf1565b9050826001600160a01b0316816001600160a01b031611610468576040516302a3e21f60e31b8152600481018390526024016103df565b6001600160a01b0381165f90815260046020526040812054908190036104b35760405163c89bb95f60e01b8152600481018490526001600160a01b03831660248201526044016103df565b6104bd8186611572565b9450909250506001016103fa565b508115806104ef57506005546104e290600261158b565b6104ed83600361158b565b105b1561051b576005546040516322df051360e11b81526103df918491600401918252602082015260400190565b5f600280549050905060026040518060a001604052808a81526020018c6001600160401b031681526020018b6001600160401b03168152602001426001600160401b031681526020017f0000000000000000000000000000000000000000000000000000000000000000426105909190611572565b6001600160401b039081169091528254600180820185555f948552602094859020845160029093020191825583850151910180546040808601516060808801516080909801518716600160c01b026001600160c01b03988816600160801b02989098166001600160801b03928816600160401b026fffffffffffffffffffffffffffffffff1990951696909716959095179290921791909116939093179390931790925580518c81529283018b905282018590528b9183917ff7017063bea557324a0c174f7f9b5376b2dae750579bbf9e9db9c613c3d437b7910160405180910390a350505050505050505050565b6001546001600160a01b031633146106aa57604051635f39fbff60e11b815260040160405180910390fd5b60025482106106cf5760405163241edb4560e11b8152600481018390526024016103df565b6106d8826107a0565b156106f95760405163d875c63560e01b8152600481018390526024016103df565b6001600160a01b03811615610712576107128183610e53565b6002545f906107229084906115a2565b90505b600254831015610761576002805480610740576107406115b5565b5f8281526020812060025f1990930192830201818155600101559055610725565b827fc760a1222e4a8af9d90f33b861836f49134d0383e139cbb59f5c9a0cadbe56878260405161079391815260200190565b60405180910390a2505050565b6002545f90821015806107e75750600282815481106107c1576107c1611508565b5f918252602090912060029091020160010154600160c01b90046001600160401b031642105b156107f357505f919050565b6001546001600160a01b0316803b1580610871575060405163660b906b60e01b8152600481018490526001600160a01b0382169063660b906b90602401602060405180830381865afa15801561084b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061086f91906115c9565b155b9392505050565b5f604051806040016040528060158152602001746c326e6f64652f6f75747075742d726f6f742f763160581b8152507f00000000000000000000000000000000000000000000000000000000000000006001600160401b03168585856040516020016108e89594939291906115e8565b6040516020818303038152906040528051906020012090509392505050565b5f546001600160a01b03163314610931576040516330cd747160e01b815260040160405180910390fd5b600180546001600160a01b0319166001600160a01b0383169081179091556040519081527f8e85a2fc586f0db0c33dd16236a35b5f4d651cc419a614f4edb9beef8d4c3fee9060200160405180910390a150565b6040805160a0810182525f8082526020820181905291810182905260608101829052608081019190915260025482106109d45760405163241edb4560e11b8152600481018390526024016103df565b600282815481106109e7576109e7611508565b5f9182526020918290206040805160a081018252600290930290910180548352600101546001600160401b0380821694840194909452600160401b8104841691830191909152600160801b810483166060830152600160c01b9004909116608082015292915050565b6060806003805480602002602001604051908101604052809291908181526020018280548015610aa757602002820191905f5260205f20905b81546001600160a01b03168152600190910190602001808311610a89575b5050505050915081516001600160401b03811115610ac757610ac7611614565b604051908082528060200260200182016040528015610af0578160200160208202803683370190505b5090505f5b8251811015610b605760045f848381518110610b1357610b13611508565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f2054828281518110610b4d57610b4d611508565b6020908102919091010152600101610af5565b509091565b5f546001600160a01b03163314610b8f576040516330cd747160e01b815260040160405180910390fd5b610bfa8484808060200260200160405190810160405280939291908181526020018383602002808284375f92019190915250506040805160208088028281018201909352878252909350879250869182918501908490808284375f9201919091525061100192505050565b50505050565b6002545f908015610c65576002610c186001836115a2565b81548110610c2857610c28611508565b905f5260205f20906002020160010160089054906101000a90046001600160401b03166001600160401b03166001610c609190611572565b610c68565b60015b91505090565b5f546001600160a01b03163314610c98576040516330cd747160e01b815260040160405180910390fd5b5f80546040516001600160a01b03808516939216917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e091a35f80546001600160a01b0319166001600160a01b0392909216919091179055565b5f60418314610d165760405163a1c9731960e01b8152600481018390526024016103df565b5f610d246020828688611628565b610d2d9161164f565b90505f610d3e604060208789611628565b610d479161164f565b90505f86866040818110610d5d57610d5d611508565b919091013560f81c9150506001811180610d9657507f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082115b15610db75760405163a1c9731960e01b8152600481018690526024016103df565b600188610dc583601b61166c565b604080515f8152602081018083529390935260ff90911690820152606081018590526080810184905260a0016020604051602081039080840390855afa158015610e11573d5f5f3e3d5ffd5b5050604051601f1901519450506001600160a01b038416610e485760405163a1c9731960e01b8152600481018690526024016103df565b505050949350505050565b6001600160a01b0382165f9081526004602052604081205490819003610e7857505050565b6001600160a01b0383165f90815260046020526040812081905560058054839290610ea49084906115a2565b90915550506003545f5b81811015610fb657846001600160a01b031660038281548110610ed357610ed3611508565b5f918252602090912001546001600160a01b031603610fae575f610ef8826001611572565b90505b82811015610f775760038181548110610f1657610f16611508565b5f918252602090912001546001600160a01b03166003610f376001846115a2565b81548110610f4757610f47611508565b5f91825260209091200180546001600160a01b0319166001600160a01b0392909216919091179055600101610efb565b506003805480610f8957610f896115b5565b5f8281526020902081015f1990810180546001600160a01b0319169055019055610fb6565b600101610eae565b5082846001600160a01b03167f83b04ecf7330997e742429a641e136d9f3698c3e9ac9cb9ce0cc2d6da36a244d84604051610ff391815260200190565b60405180910390a350505050565b8151158061101157508051825114155b1561102f5760405163aff8365b60e01b815260040160405180910390fd5b5f5b60035481101561107d5760045f6003838154811061105157611051611508565b5f9182526020808320909101546001600160a01b03168352820192909252604001812055600101611031565b505f80805b84518110156111cf57816001600160a01b03168582815181106110a7576110a7611508565b60200260200101516001600160a01b03161115806110dd57508381815181106110d2576110d2611508565b60200260200101515f145b8061110957506001600160801b0380168482815181106110ff576110ff611508565b6020026020010151115b156111275760405163aff8365b60e01b815260040160405180910390fd5b83818151811061113957611139611508565b602002602001015160045f87848151811061115657611156611508565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f208190555083818151811061119357611193611508565b6020026020010151836111a69190611572565b92508481815181106111ba576111ba611508565b60209081029190910101519150600101611082565b5083516111e3906003906020870190611229565b5060058290556040517fde328fbd08a37cac98183164bd1f78785f911ce6cd47ce663f90344f54ce85bd9061121b9086908690611415565b60405180910390a150505050565b828054828255905f5260205f2090810192821561127c579160200282015b8281111561127c57825182546001600160a01b0319166001600160a01b03909116178255602090920191600190910190611247565b5061128892915061128c565b5090565b5b80821115611288575f815560010161128d565b5f5f83601f8401126112b0575f5ffd5b5081356001600160401b038111156112c6575f5ffd5b6020830191508360208260051b85010111156112e0575f5ffd5b9250929050565b5f5f5f5f5f608086880312156112fb575f5ffd5b85359450602086013593506040860135925060608601356001600160401b03811115611325575f5ffd5b611331888289016112a0565b969995985093965092949392505050565b80356001600160a01b0381168114611358575f5ffd5b919050565b5f5f6040838503121561136e575f5ffd5b8235915061137e60208401611342565b90509250929050565b5f60208284031215611397575f5ffd5b5035919050565b5f602082840312156113ae575f5ffd5b61087182611342565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f5f606084860312156113fe575f5ffd5b505081359360208301359350604090920135919050565b604080825283519082018190525f9060208501906060840190835b818110156114575783516001600160a01b0316835260209384019390920191600101611430565b5050838103602080860191909152855180835291810192508501905f5b81811015611492578251845260209384019390920191600101611474565b50919695505050505050565b5f5f5f5f604085870312156114b1575f5ffd5b84356001600160401b038111156114c6575f5ffd5b6114d2878288016112a0565b90955093505060208501356001600160401b038111156114f0575f5ffd5b6114fc878288016112a0565b95989497509550505050565b634e487b7160e01b5f52603260045260245ffd5b5f5f8335601e19843603018112611531575f5ffd5b8301803591506001600160401b0382111561154a575f5ffd5b6020019150368190038213156112e0575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b808201808211156115855761158561155e565b92915050565b80820281158282048414176115855761158561155e565b818103818111156115855761158561155e565b634e487b7160e01b5f52603160045260245ffd5b5f602082840312156115d9575f5ffd5b81518015158114610871575f5ffd5b5f86518060208901845e9190910194855250602084019290925260408301526060820152608001919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f85851115611636575f5ffd5b83861115611642575f5ffd5b5050820193919092039150565b80356020831015611585575f19602084900360031b1b1692915050565b60ff81811683821601908111156115855761158561155e56fea164736f6c634300081e000a",
}

// StateCommitmentChain is an auto generated Go binding around an Ethereum contract.
type StateCommitmentChain struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *StateCommitmentChain) GetABI() abi.ABI {
	return c.abi
}

// NewStateCommitmentChain creates a new instance of StateCommitmentChain.
func NewStateCommitmentChain() *StateCommitmentChain {
	parsed, err := StateCommitmentChainMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &StateCommitmentChain{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *StateCommitmentChain) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint64 l2ChainId_, uint256 challengeWindow_, address owner_, address[] validators_, uint256[] stakes) returns()
func (stateCommitmentChain *StateCommitmentChain) PackConstructor(l2ChainId_ uint64, challengeWindow_ *big.Int, owner_ common.Address, validators_ []common.Address, stakes []*big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("", l2ChainId_, challengeWindow_, owner_, validators_, stakes)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52a9674b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DOMAIN() view returns(bytes)
func (stateCommitmentChain *StateCommitmentChain) PackDOMAIN() []byte {
	enc, err := stateCommitmentChain.abi.Pack("DOMAIN")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52a9674b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DOMAIN() view returns(bytes)
func (stateCommitmentChain *StateCommitmentChain) TryPackDOMAIN() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("DOMAIN")
}

// UnpackDOMAIN is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52a9674b.
//
// Solidity: function DOMAIN() view returns(bytes)
func (stateCommitmentChain *StateCommitmentChain) UnpackDOMAIN(data []byte) ([]byte, error) {
	out, err := stateCommitmentChain.abi.Unpack("DOMAIN", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackFIRSTBATCH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeaa41a89.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function FIRST_BATCH() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackFIRSTBATCH() []byte {
	enc, err := stateCommitmentChain.abi.Pack("FIRST_BATCH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFIRSTBATCH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeaa41a89.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function FIRST_BATCH() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackFIRSTBATCH() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("FIRST_BATCH")
}

// UnpackFIRSTBATCH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeaa41a89.
//
// Solidity: function FIRST_BATCH() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackFIRSTBATCH(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("FIRST_BATCH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackChallengeWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x861a1412.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function challengeWindow() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackChallengeWindow() []byte {
	enc, err := stateCommitmentChain.abi.Pack("challengeWindow")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChallengeWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x861a1412.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function challengeWindow() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackChallengeWindow() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("challengeWindow")
}

// UnpackChallengeWindow is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x861a1412.
//
// Solidity: function challengeWindow() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackChallengeWindow(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("challengeWindow", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeleteRootsFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x208a2f0a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deleteRootsFrom(uint256 index, address liar) returns()
func (stateCommitmentChain *StateCommitmentChain) PackDeleteRootsFrom(index *big.Int, liar common.Address) []byte {
	enc, err := stateCommitmentChain.abi.Pack("deleteRootsFrom", index, liar)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeleteRootsFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x208a2f0a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deleteRootsFrom(uint256 index, address liar) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackDeleteRootsFrom(index *big.Int, liar common.Address) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("deleteRootsFrom", index, liar)
}

// PackFraudProofGame is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x09a313ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fraudProofGame() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) PackFraudProofGame() []byte {
	enc, err := stateCommitmentChain.abi.Pack("fraudProofGame")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFraudProofGame is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x09a313ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fraudProofGame() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) TryPackFraudProofGame() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("fraudProofGame")
}

// UnpackFraudProofGame is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x09a313ca.
//
// Solidity: function fraudProofGame() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) UnpackFraudProofGame(data []byte) (common.Address, error) {
	out, err := stateCommitmentChain.abi.Unpack("fraudProofGame", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackGetRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b24b3b0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64))
func (stateCommitmentChain *StateCommitmentChain) PackGetRoot(index *big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("getRoot", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b24b3b0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64))
func (stateCommitmentChain *StateCommitmentChain) TryPackGetRoot(index *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("getRoot", index)
}

// UnpackGetRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9b24b3b0.
//
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64))
func (stateCommitmentChain *StateCommitmentChain) UnpackGetRoot(data []byte) (StateCommitmentChainStateRoot, error) {
	out, err := stateCommitmentChain.abi.Unpack("getRoot", data)
	if err != nil {
		return *new(StateCommitmentChainStateRoot), err
	}
	out0 := *abi.ConvertType(out[0], new(StateCommitmentChainStateRoot)).(*StateCommitmentChainStateRoot)
	return out0, nil
}

// PackIsFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x33727c4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (stateCommitmentChain *StateCommitmentChain) PackIsFinalized(index *big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("isFinalized", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x33727c4d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (stateCommitmentChain *StateCommitmentChain) TryPackIsFinalized(index *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("isFinalized", index)
}

// UnpackIsFinalized is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x33727c4d.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (stateCommitmentChain *StateCommitmentChain) UnpackIsFinalized(data []byte) (bool, error) {
	out, err := stateCommitmentChain.abi.Unpack("isFinalized", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function l2ChainId() view returns(uint64)
func (stateCommitmentChain *StateCommitmentChain) PackL2ChainId() []byte {
	enc, err := stateCommitmentChain.abi.Pack("l2ChainId")
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
func (stateCommitmentChain *StateCommitmentChain) TryPackL2ChainId() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("l2ChainId")
}

// UnpackL2ChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6ae3cd5.
//
// Solidity: function l2ChainId() view returns(uint64)
func (stateCommitmentChain *StateCommitmentChain) UnpackL2ChainId(data []byte) (uint64, error) {
	out, err := stateCommitmentChain.abi.Unpack("l2ChainId", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackNextBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe7c51f1b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextBatch() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackNextBatch() []byte {
	enc, err := stateCommitmentChain.abi.Pack("nextBatch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe7c51f1b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextBatch() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackNextBatch() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("nextBatch")
}

// UnpackNextBatch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe7c51f1b.
//
// Solidity: function nextBatch() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackNextBatch(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("nextBatch", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOutputRootDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7471d926.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function outputRootDigest(uint256 startBatch, uint256 endBatch, bytes32 outputRoot) view returns(bytes32)
func (stateCommitmentChain *StateCommitmentChain) PackOutputRootDigest(startBatch *big.Int, endBatch *big.Int, outputRoot [32]byte) []byte {
	enc, err := stateCommitmentChain.abi.Pack("outputRootDigest", startBatch, endBatch, outputRoot)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOutputRootDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7471d926.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function outputRootDigest(uint256 startBatch, uint256 endBatch, bytes32 outputRoot) view returns(bytes32)
func (stateCommitmentChain *StateCommitmentChain) TryPackOutputRootDigest(startBatch *big.Int, endBatch *big.Int, outputRoot [32]byte) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("outputRootDigest", startBatch, endBatch, outputRoot)
}

// UnpackOutputRootDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7471d926.
//
// Solidity: function outputRootDigest(uint256 startBatch, uint256 endBatch, bytes32 outputRoot) view returns(bytes32)
func (stateCommitmentChain *StateCommitmentChain) UnpackOutputRootDigest(data []byte) ([32]byte, error) {
	out, err := stateCommitmentChain.abi.Unpack("outputRootDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) PackOwner() []byte {
	enc, err := stateCommitmentChain.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) TryPackOwner() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (stateCommitmentChain *StateCommitmentChain) UnpackOwner(data []byte) (common.Address, error) {
	out, err := stateCommitmentChain.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRootCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x21111bb4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rootCount() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackRootCount() []byte {
	enc, err := stateCommitmentChain.abi.Pack("rootCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRootCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x21111bb4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rootCount() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackRootCount() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("rootCount")
}

// UnpackRootCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x21111bb4.
//
// Solidity: function rootCount() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackRootCount(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("rootCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSetFraudProofGame is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d2c4337.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setFraudProofGame(address game) returns()
func (stateCommitmentChain *StateCommitmentChain) PackSetFraudProofGame(game common.Address) []byte {
	enc, err := stateCommitmentChain.abi.Pack("setFraudProofGame", game)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetFraudProofGame is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d2c4337.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setFraudProofGame(address game) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackSetFraudProofGame(game common.Address) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("setFraudProofGame", game)
}

// PackSetValidators is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe0539a87.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setValidators(address[] validators_, uint256[] stakes) returns()
func (stateCommitmentChain *StateCommitmentChain) PackSetValidators(validators []common.Address, stakes []*big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("setValidators", validators, stakes)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetValidators is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe0539a87.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setValidators(address[] validators_, uint256[] stakes) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackSetValidators(validators []common.Address, stakes []*big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("setValidators", validators, stakes)
}

// PackStakeOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42623360.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stakeOf(address validator) view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackStakeOf(validator common.Address) []byte {
	enc, err := stateCommitmentChain.abi.Pack("stakeOf", validator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStakeOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42623360.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stakeOf(address validator) view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackStakeOf(validator common.Address) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("stakeOf", validator)
}

// UnpackStakeOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42623360.
//
// Solidity: function stakeOf(address validator) view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackStakeOf(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("stakeOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSubmitStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x15643f29.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitStateRoot(uint256 startBatch, uint256 endBatch, bytes32 outputRoot, bytes[] signatures) returns()
func (stateCommitmentChain *StateCommitmentChain) PackSubmitStateRoot(startBatch *big.Int, endBatch *big.Int, outputRoot [32]byte, signatures [][]byte) []byte {
	enc, err := stateCommitmentChain.abi.Pack("submitStateRoot", startBatch, endBatch, outputRoot, signatures)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x15643f29.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitStateRoot(uint256 startBatch, uint256 endBatch, bytes32 outputRoot, bytes[] signatures) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackSubmitStateRoot(startBatch *big.Int, endBatch *big.Int, outputRoot [32]byte, signatures [][]byte) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("submitStateRoot", startBatch, endBatch, outputRoot, signatures)
}

// PackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalStake() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackTotalStake() []byte {
	enc, err := stateCommitmentChain.abi.Pack("totalStake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalStake() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackTotalStake() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("totalStake")
}

// UnpackTotalStake is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8b0e9f3f.
//
// Solidity: function totalStake() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackTotalStake(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("totalStake", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (stateCommitmentChain *StateCommitmentChain) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := stateCommitmentChain.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("transferOwnership", newOwner)
}

// PackValidators is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca1e7819.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validators() view returns(address[] addrs, uint256[] stakes)
func (stateCommitmentChain *StateCommitmentChain) PackValidators() []byte {
	enc, err := stateCommitmentChain.abi.Pack("validators")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidators is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca1e7819.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validators() view returns(address[] addrs, uint256[] stakes)
func (stateCommitmentChain *StateCommitmentChain) TryPackValidators() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("validators")
}

// ValidatorsOutput serves as a container for the return parameters of contract
// method Validators.
type ValidatorsOutput struct {
	Addrs  []common.Address
	Stakes []*big.Int
}

// UnpackValidators is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xca1e7819.
//
// Solidity: function validators() view returns(address[] addrs, uint256[] stakes)
func (stateCommitmentChain *StateCommitmentChain) UnpackValidators(data []byte) (ValidatorsOutput, error) {
	out, err := stateCommitmentChain.abi.Unpack("validators", data)
	outstruct := new(ValidatorsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Addrs = *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	outstruct.Stakes = *abi.ConvertType(out[1], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// StateCommitmentChainFraudProofGameChanged represents a FraudProofGameChanged event raised by the StateCommitmentChain contract.
type StateCommitmentChainFraudProofGameChanged struct {
	Game common.Address
	Raw  *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainFraudProofGameChangedEventName = "FraudProofGameChanged"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainFraudProofGameChanged) ContractEventName() string {
	return StateCommitmentChainFraudProofGameChangedEventName
}

// UnpackFraudProofGameChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FraudProofGameChanged(address game)
func (stateCommitmentChain *StateCommitmentChain) UnpackFraudProofGameChangedEvent(log *types.Log) (*StateCommitmentChainFraudProofGameChanged, error) {
	event := "FraudProofGameChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainFraudProofGameChanged)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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

// StateCommitmentChainOwnershipTransferred represents a OwnershipTransferred event raised by the StateCommitmentChain contract.
type StateCommitmentChainOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainOwnershipTransferred) ContractEventName() string {
	return StateCommitmentChainOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (stateCommitmentChain *StateCommitmentChain) UnpackOwnershipTransferredEvent(log *types.Log) (*StateCommitmentChainOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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

// StateCommitmentChainStateRootSubmitted represents a StateRootSubmitted event raised by the StateCommitmentChain contract.
type StateCommitmentChainStateRootSubmitted struct {
	Index       *big.Int
	StartBatch  *big.Int
	EndBatch    *big.Int
	OutputRoot  [32]byte
	SignedStake *big.Int
	Raw         *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainStateRootSubmittedEventName = "StateRootSubmitted"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainStateRootSubmitted) ContractEventName() string {
	return StateCommitmentChainStateRootSubmittedEventName
}

// UnpackStateRootSubmittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event StateRootSubmitted(uint256 indexed index, uint256 indexed startBatch, uint256 endBatch, bytes32 outputRoot, uint256 signedStake)
func (stateCommitmentChain *StateCommitmentChain) UnpackStateRootSubmittedEvent(log *types.Log) (*StateCommitmentChainStateRootSubmitted, error) {
	event := "StateRootSubmitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainStateRootSubmitted)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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

// StateCommitmentChainStateRootsDeleted represents a StateRootsDeleted event raised by the StateCommitmentChain contract.
type StateCommitmentChainStateRootsDeleted struct {
	FromIndex *big.Int
	Count     *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainStateRootsDeletedEventName = "StateRootsDeleted"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainStateRootsDeleted) ContractEventName() string {
	return StateCommitmentChainStateRootsDeletedEventName
}

// UnpackStateRootsDeletedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event StateRootsDeleted(uint256 indexed fromIndex, uint256 count)
func (stateCommitmentChain *StateCommitmentChain) UnpackStateRootsDeletedEvent(log *types.Log) (*StateCommitmentChainStateRootsDeleted, error) {
	event := "StateRootsDeleted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainStateRootsDeleted)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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

// StateCommitmentChainValidatorSlashed represents a ValidatorSlashed event raised by the StateCommitmentChain contract.
type StateCommitmentChainValidatorSlashed struct {
	Validator common.Address
	Stake     *big.Int
	RootIndex *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainValidatorSlashedEventName = "ValidatorSlashed"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainValidatorSlashed) ContractEventName() string {
	return StateCommitmentChainValidatorSlashedEventName
}

// UnpackValidatorSlashedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ValidatorSlashed(address indexed validator, uint256 stake, uint256 indexed rootIndex)
func (stateCommitmentChain *StateCommitmentChain) UnpackValidatorSlashedEvent(log *types.Log) (*StateCommitmentChainValidatorSlashed, error) {
	event := "ValidatorSlashed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainValidatorSlashed)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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

// StateCommitmentChainValidatorsChanged represents a ValidatorsChanged event raised by the StateCommitmentChain contract.
type StateCommitmentChainValidatorsChanged struct {
	Validators []common.Address
	Stakes     []*big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const StateCommitmentChainValidatorsChangedEventName = "ValidatorsChanged"

// ContractEventName returns the user-defined event name.
func (StateCommitmentChainValidatorsChanged) ContractEventName() string {
	return StateCommitmentChainValidatorsChangedEventName
}

// UnpackValidatorsChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ValidatorsChanged(address[] validators, uint256[] stakes)
func (stateCommitmentChain *StateCommitmentChain) UnpackValidatorsChangedEvent(log *types.Log) (*StateCommitmentChainValidatorsChanged, error) {
	event := "ValidatorsChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != stateCommitmentChain.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(StateCommitmentChainValidatorsChanged)
	if len(log.Data) > 0 {
		if err := stateCommitmentChain.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range stateCommitmentChain.abi.Events[event].Inputs {
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
func (stateCommitmentChain *StateCommitmentChain) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["InsufficientStake"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackInsufficientStakeError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["InvalidRange"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackInvalidRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["InvalidValidatorSet"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackInvalidValidatorSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["NoRoot"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackNoRootError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["NotFraudProofGame"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackNotFraudProofGameError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["NotValidator"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackNotValidatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["RootFinalized"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackRootFinalizedError(raw[4:])
	}
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["SignersNotSorted"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackSignersNotSortedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// StateCommitmentChainBadSignature represents a BadSignature error raised by the StateCommitmentChain contract.
type StateCommitmentChainBadSignature struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature(uint256 index)
func StateCommitmentChainBadSignatureErrorID() common.Hash {
	return common.HexToHash("0xa1c973190ea39240abfd4da3039e0d94cea4d1e689acfee87f4e7dbabee0f307")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature(uint256 index)
func (stateCommitmentChain *StateCommitmentChain) UnpackBadSignatureError(raw []byte) (*StateCommitmentChainBadSignature, error) {
	out := new(StateCommitmentChainBadSignature)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainInsufficientStake represents a InsufficientStake error raised by the StateCommitmentChain contract.
type StateCommitmentChainInsufficientStake struct {
	Signed *big.Int
	Total  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientStake(uint256 signed, uint256 total)
func StateCommitmentChainInsufficientStakeErrorID() common.Hash {
	return common.HexToHash("0x45be0a261a88f9fedc41221879f08865d5e8d6053c877967e6e8e39e5697e6d5")
}

// UnpackInsufficientStakeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientStake(uint256 signed, uint256 total)
func (stateCommitmentChain *StateCommitmentChain) UnpackInsufficientStakeError(raw []byte) (*StateCommitmentChainInsufficientStake, error) {
	out := new(StateCommitmentChainInsufficientStake)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "InsufficientStake", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainInvalidRange represents a InvalidRange error raised by the StateCommitmentChain contract.
type StateCommitmentChainInvalidRange struct {
	Expected   *big.Int
	StartBatch *big.Int
	EndBatch   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidRange(uint256 expected, uint256 startBatch, uint256 endBatch)
func StateCommitmentChainInvalidRangeErrorID() common.Hash {
	return common.HexToHash("0xcee0f63dc5d53708446471ad52bcc8852505df6de1f23859119a12cbf179d918")
}

// UnpackInvalidRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidRange(uint256 expected, uint256 startBatch, uint256 endBatch)
func (stateCommitmentChain *StateCommitmentChain) UnpackInvalidRangeError(raw []byte) (*StateCommitmentChainInvalidRange, error) {
	out := new(StateCommitmentChainInvalidRange)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "InvalidRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainInvalidValidatorSet represents a InvalidValidatorSet error raised by the StateCommitmentChain contract.
type StateCommitmentChainInvalidValidatorSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidValidatorSet()
func StateCommitmentChainInvalidValidatorSetErrorID() common.Hash {
	return common.HexToHash("0xaff8365b3b6b511a63a92be75691bf86872b90f3a57a9e00e3e8b471ff181160")
}

// UnpackInvalidValidatorSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidValidatorSet()
func (stateCommitmentChain *StateCommitmentChain) UnpackInvalidValidatorSetError(raw []byte) (*StateCommitmentChainInvalidValidatorSet, error) {
	out := new(StateCommitmentChainInvalidValidatorSet)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "InvalidValidatorSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainNoRoot represents a NoRoot error raised by the StateCommitmentChain contract.
type StateCommitmentChainNoRoot struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoRoot(uint256 index)
func StateCommitmentChainNoRootErrorID() common.Hash {
	return common.HexToHash("0x483db68ae79e3ca417a0f915a6eb5719cc702ade65770d9355fda27040872a72")
}

// UnpackNoRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoRoot(uint256 index)
func (stateCommitmentChain *StateCommitmentChain) UnpackNoRootError(raw []byte) (*StateCommitmentChainNoRoot, error) {
	out := new(StateCommitmentChainNoRoot)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "NoRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainNotFraudProofGame represents a NotFraudProofGame error raised by the StateCommitmentChain contract.
type StateCommitmentChainNotFraudProofGame struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotFraudProofGame()
func StateCommitmentChainNotFraudProofGameErrorID() common.Hash {
	return common.HexToHash("0xbe73f7fef4e74f6661620e70d472bfe3763f248e7b959d1a97404000634d0ab9")
}

// UnpackNotFraudProofGameError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotFraudProofGame()
func (stateCommitmentChain *StateCommitmentChain) UnpackNotFraudProofGameError(raw []byte) (*StateCommitmentChainNotFraudProofGame, error) {
	out := new(StateCommitmentChainNotFraudProofGame)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "NotFraudProofGame", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainNotOwner represents a NotOwner error raised by the StateCommitmentChain contract.
type StateCommitmentChainNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func StateCommitmentChainNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (stateCommitmentChain *StateCommitmentChain) UnpackNotOwnerError(raw []byte) (*StateCommitmentChainNotOwner, error) {
	out := new(StateCommitmentChainNotOwner)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainNotValidator represents a NotValidator error raised by the StateCommitmentChain contract.
type StateCommitmentChainNotValidator struct {
	Index  *big.Int
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotValidator(uint256 index, address signer)
func StateCommitmentChainNotValidatorErrorID() common.Hash {
	return common.HexToHash("0xc89bb95f5b1f5d2e337746c039bd8edb9cd1cfbf49dd5c27f2abeae8e5e9ccd0")
}

// UnpackNotValidatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotValidator(uint256 index, address signer)
func (stateCommitmentChain *StateCommitmentChain) UnpackNotValidatorError(raw []byte) (*StateCommitmentChainNotValidator, error) {
	out := new(StateCommitmentChainNotValidator)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "NotValidator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainRootFinalized represents a RootFinalized error raised by the StateCommitmentChain contract.
type StateCommitmentChainRootFinalized struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootFinalized(uint256 index)
func StateCommitmentChainRootFinalizedErrorID() common.Hash {
	return common.HexToHash("0xd875c635bea259774917bc903aa2d370d79ba790d0eaecede954019a186f3386")
}

// UnpackRootFinalizedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootFinalized(uint256 index)
func (stateCommitmentChain *StateCommitmentChain) UnpackRootFinalizedError(raw []byte) (*StateCommitmentChainRootFinalized, error) {
	out := new(StateCommitmentChainRootFinalized)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "RootFinalized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// StateCommitmentChainSignersNotSorted represents a SignersNotSorted error raised by the StateCommitmentChain contract.
type StateCommitmentChainSignersNotSorted struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignersNotSorted(uint256 index)
func StateCommitmentChainSignersNotSortedErrorID() common.Hash {
	return common.HexToHash("0x151f10f86bf4480fbedfdcb66cc3252205bafbd1bb4d06cbab5e6422ecd5ac9b")
}

// UnpackSignersNotSortedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignersNotSorted(uint256 index)
func (stateCommitmentChain *StateCommitmentChain) UnpackSignersNotSortedError(raw []byte) (*StateCommitmentChainSignersNotSorted, error) {
	out := new(StateCommitmentChainSignersNotSorted)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "SignersNotSorted", raw); err != nil {
		return nil, err
	}
	return out, nil
}
