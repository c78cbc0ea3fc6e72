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
	Signers     *big.Int
	SetVersion  uint64
}

// StateCommitmentChainMetaData contains all meta data concerning the StateCommitmentChain contract.
var StateCommitmentChainMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2ChainId_\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"challengeWindow_\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"owner_\",\"type\":\"address\"},{\"internalType\":\"address[]\",\"name\":\"validators_\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"DeletedThisSecond\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"InsufficientStake\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"}],\"name\":\"InvalidRange\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"NoRoot\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotFraudProofGame\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"NotValidator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"RootFinalized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"SignersNotSorted\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"game\",\"type\":\"address\"}],\"name\":\"FraudProofGameChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"signedStake\",\"type\":\"uint256\"}],\"name\":\"StateRootSubmitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"fromIndex\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"}],\"name\":\"StateRootsDeleted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"validator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"stake\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"rootIndex\",\"type\":\"uint256\"}],\"name\":\"ValidatorSlashed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"validators\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"name\":\"ValidatorsChanged\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DOMAIN\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"FIRST_BATCH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_VALIDATORS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"challengeWindow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"deleteRootsFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"fraudProofGame\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"getRoot\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"startBatch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"endBatch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"submittedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"finalizedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint192\",\"name\":\"signers\",\"type\":\"uint192\"},{\"internalType\":\"uint64\",\"name\":\"setVersion\",\"type\":\"uint64\"}],\"internalType\":\"structStateCommitmentChain.StateRoot\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"isFinalized\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2ChainId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextBatch\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"}],\"name\":\"outputRootDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rootCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"game\",\"type\":\"address\"}],\"name\":\"setFraudProofGame\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"validators_\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"name\":\"setValidators\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"setVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"signersOf\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"out\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"validator\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"rootIndex\",\"type\":\"uint256\"}],\"name\":\"slash\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"validator\",\"type\":\"address\"}],\"name\":\"stakeOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"startBatch\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endBatch\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes[]\",\"name\":\"signatures\",\"type\":\"bytes[]\"}],\"name\":\"submitStateRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalStake\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"}],\"name\":\"validatorSet\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validators\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"addrs\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"stakes\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "StateCommitmentChain",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161242f38038061242f83398101604081905261002e91610509565b63ffffffff8411156100945760405162461bcd60e51b815260206004820152602560248201527f5374617465436f6d6d69746d656e74436861696e3a2077696e646f7720746f6f604482015264206c6f6e6760d81b606482015260840160405180910390fd5b6001600160401b03851660805260a08490525f80546001600160a01b0319166001600160a01b03851690811782556040519091907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0908290a36100f78282610101565b50505050506106f9565b81511580610110575060c08251115b8061011d57508051825114155b1561013b5760405163aff8365b60e01b815260040160405180910390fd5b6007546001600160401b03165f908152600660205260408120905b81548110156101a05760055f83838154811061017457610174610604565b5f9182526020808320909101546001600160a01b03168352820192909252604001812055600101610156565b505f80805b855181101561030257816001600160a01b03168682815181106101ca576101ca610604565b60200260200101516001600160a01b031611158061020057508481815181106101f5576101f5610604565b60200260200101515f145b8061022c57506001600160801b03801685828151811061022257610222610604565b6020026020010151115b1561024a5760405163aff8365b60e01b815260040160405180910390fd5b608061025782600161062c565b901b85828151811061026b5761026b610604565b60200260200101511760055f88848151811061028957610289610604565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f20819055508481815181106102c6576102c6610604565b6020026020010151836102d9919061062c565b92508581815181106102ed576102ed610604565b602090810291909101015191506001016101a5565b50600780546001600160401b0316905f61031b83610645565b82546101009290920a6001600160401b03818102199093169183160217909155600754165f9081526006602090815260409091208751610360935090918801906103a7565b5060088290556040517fde328fbd08a37cac98183164bd1f78785f911ce6cd47ce663f90344f54ce85bd906103989087908790610670565b60405180910390a15050505050565b828054828255905f5260205f209081019282156103fa579160200282015b828111156103fa57825182546001600160a01b0319166001600160a01b039091161782556020909201916001909101906103c5565b5061040692915061040a565b5090565b5b80821115610406575f815560010161040b565b80516001600160a01b0381168114610434575f5ffd5b919050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b038111828210171561047557610475610439565b604052919050565b5f6001600160401b0382111561049557610495610439565b5060051b60200190565b5f82601f8301126104ae575f5ffd5b81516104c16104bc8261047d565b61044d565b8082825260208201915060208360051b8601019250858311156104e2575f5ffd5b602085015b838110156104ff5780518352602092830192016104e7565b5095945050505050565b5f5f5f5f5f60a0868803121561051d575f5ffd5b85516001600160401b0381168114610533575f5ffd5b602087015190955093506105496040870161041e565b60608701519093506001600160401b03811115610564575f5ffd5b8601601f81018813610574575f5ffd5b80516105826104bc8261047d565b8082825260208201915060208360051b85010192508a8311156105a3575f5ffd5b6020840193505b828410156105cc576105bb8461041e565b8252602093840193909101906105aa565b60808a0151909550925050506001600160401b038111156105eb575f5ffd5b6105f78882890161049f565b9150509295509295909350565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b8082018082111561063f5761063f610618565b92915050565b5f6001600160401b0382166002600160401b0319810161066757610667610618565b60010192915050565b604080825283519082018190525f9060208501906060840190835b818110156106b25783516001600160a01b031683526020938401939092019160010161068b565b5050838103602080860191909152855180835291810192508501905f5b818110156106ed5782518452602093840193909201916001016106cf565b50919695505050505050565b60805160a051611d076107285f395f81816102d401526106a401525f81816103720152610a330152611d075ff3fe608060405234801561000f575f5ffd5b5060043610610153575f3560e01c8063861a1412116100bf578063ca1e781911610079578063ca1e781914610357578063d6ae3cd51461036d578063e0539a8714610394578063e7c51f1b146103a7578063eaa41a89146103af578063f2fde38b146103b7575f5ffd5b8063861a1412146102cf5780638b0e9f3f146102f65780638da5cb5b146102ff5780639b24b3b014610311578063a08cb21c14610331578063a134af6d14610344575f5ffd5b806333727c4d1161011057806333727c4d1461020c578063426233601461022f57806352a9674b14610260578063714897df146102a15780637471d926146102a95780637d2c4337146102bc575f5ffd5b806302fb4d851461015757806309a313ca1461016c5780630c4538b41461019c5780630e15932b146101bc57806315643f29146101e757806321111bb4146101fa575b5f5ffd5b61016a610165366004611811565b6103ca565b005b60015461017f906001600160a01b031681565b6040516001600160a01b0390911681526020015b60405180910390f35b6101af6101aa366004611839565b610403565b60405161019391906118a2565b6007546101cf906001600160401b031681565b6040516001600160401b039091168152602001610193565b61016a6101f53660046118fb565b610476565b6003545b604051908152602001610193565b61021f61021a366004611956565b61092b565b6040519015158152602001610193565b6101fe61023d36600461196d565b6001600160a01b03165f908152600560205260409020546001600160801b031690565b610294604051806040016040528060158152602001746c326e6f64652f6f75747075742d726f6f742f763160581b81525081565b6040516101939190611986565b6101fe60c081565b6101fe6102b73660046119bb565b610a02565b61016a6102ca36600461196d565b610a91565b6101fe7f000000000000000000000000000000000000000000000000000000000000000081565b6101fe60085481565b5f5461017f906001600160a01b031681565b61032461031f366004611956565b610b0f565b60405161019391906119e4565b61016a61033f366004611956565b610c06565b6101af610352366004611956565b610db0565b61035f610f4f565b604051610193929190611a6e565b6101cf7f000000000000000000000000000000000000000000000000000000000000000081565b61016a6103a2366004611ac6565b611147565b6101fe6111e2565b6101fe600181565b61016a6103c536600461196d565b611250565b6001546001600160a01b031633146103f557604051635f39fbff60e11b815260040160405180910390fd5b6103ff82826112d3565b5050565b6001600160401b0381165f9081526006602090815260409182902080548351818402810184019094528084526060939283018282801561046a57602002820191905f5260205f20905b81546001600160a01b0316815260019091019060200180831161044c575b50505050509050919050565b6004546001600160401b031642036104a157604051639f07b16f60e01b815260040160405180910390fd5b5f6104aa6111e2565b905080861415806104ba57508585105b806104cb57506001600160401b0385115b806104d4575083155b156105085760405163cee0f63d60e01b81526004810182905260248101879052604481018690526064015b60405180910390fd5b5f610514878787610a02565b90505f8080805b8681101561060d575f610552868a8a8581811061053a5761053a611b30565b905060200281019061054c9190611b44565b85611377565b9050826001600160a01b0316816001600160a01b031611610589576040516302a3e21f60e31b8152600481018390526024016104ff565b6001600160a01b0381165f90815260056020526040812054908190036105d45760405163c89bb95f60e01b8152600481018490526001600160a01b03831660248201526044016104ff565b6105e76001600160801b03821687611b9a565b95506105f86001608083901c611bb3565b60019081901b9590951794919350500161051b565b508215806106315750600854610624906002611bc6565b61062f846003611bc6565b105b1561065d576008546040516322df051360e11b81526104ff918591600401918252602082015260400190565b5f60035490505f6040518060e001604052808b81526020018d6001600160401b031681526020018c6001600160401b03168152602001426001600160401b031681526020017f0000000000000000000000000000000000000000000000000000000000000000426106ce9190611b9a565b6001600160401b0390811682526001600160c01b038716602083015260075416604090910152600254909150820361080f57600280546001810182555f9190915281517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace60039092029182015560208201517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5acf820180546040850151606086015160808701516001600160401b039586166001600160801b031990941693909317600160401b92861692909202919091176001600160801b0316600160801b918516919091026001600160c01b0390811691909117600160c01b92851683021790925560a085015160c0860151921691909216909102177f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ad0909101556108ca565b806002838154811061082357610823611b30565b5f9182526020918290208351600390920201908155908201516001820180546040850151606086015160808701516001600160401b03908116600160c01b9081026001600160c01b03938316600160801b0284166001600160801b03958416600160401b026001600160801b0319909716988416989098179590951793909316959095179290921790925560a085015160c090950151909216029216919091176002909101555b6108d5826001611b9a565b600355604080518c8152602081018c90529081018690528c9083907ff7017063bea557324a0c174f7f9b5376b2dae750579bbf9e9db9c613c3d437b79060600160405180910390a3505050505050505050505050565b5f6003548210158061097157506002828154811061094b5761094b611b30565b5f918252602090912060039091020160010154600160c01b90046001600160401b031642105b1561097d57505f919050565b6001546001600160a01b0316803b15806109fb575060405163660b906b60e01b8152600481018490526001600160a01b0382169063660b906b90602401602060405180830381865afa1580156109d5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906109f99190611bdd565b155b9392505050565b5f604051806040016040528060158152602001746c326e6f64652f6f75747075742d726f6f742f763160581b8152507f00000000000000000000000000000000000000000000000000000000000000006001600160401b0316858585604051602001610a72959493929190611bfc565b6040516020818303038152906040528051906020012090509392505050565b5f546001600160a01b03163314610abb576040516330cd747160e01b815260040160405180910390fd5b600180546001600160a01b0319166001600160a01b0383169081179091556040519081527f8e85a2fc586f0db0c33dd16236a35b5f4d651cc419a614f4edb9beef8d4c3fee9060200160405180910390a150565b6040805160e0810182525f80825260208201819052918101829052606081018290526080810182905260a0810182905260c08101919091526003548210610b6c5760405163241edb4560e11b8152600481018390526024016104ff565b60028281548110610b7f57610b7f611b30565b5f9182526020918290206040805160e08101825260039093029091018054835260018101546001600160401b0380821695850195909552600160401b8104851692840192909252600160801b820484166060840152600160c01b9182900484166080840152600201546001600160c01b03811660a08401520490911660c082015292915050565b6001546001600160a01b03163314610c3157604051635f39fbff60e11b815260040160405180910390fd5b6003548110610c565760405163241edb4560e11b8152600481018290526024016104ff565b610c5f8161092b565b15610c805760405163d875c63560e01b8152600481018290526024016104ff565b5f60028281548110610c9457610c94611b30565b5f91825260208083206002600390930201918201546001600160401b03600160c01b820416845260069091526040832091935090916001600160c01b03909116905b6001600160c01b03821615610d40576001821615610d1d57610d1d838281548110610d0357610d03611b30565b5f918252602090912001546001600160a01b0316866112d3565b6001826001600160c01b0316901c91508080610d3890611c28565b915050610cd6565b505f84600354610d509190611bb3565b60038690556004805467ffffffffffffffff1916426001600160401b031617905560405181815290915085907fc760a1222e4a8af9d90f33b861836f49134d0383e139cbb59f5c9a0cadbe56879060200160405180910390a25050505050565b60606003548210610dd75760405163241edb4560e11b8152600481018390526024016104ff565b5f60028381548110610deb57610deb611b30565b5f91825260208083206002600390930201918201546001600160401b03600160c01b820416845260069091526040832091935090916001600160c01b0390911690815b6001600160c01b03811615610e5c5781610e4781611c28565b9250610e569050600182611c40565b16610e2e565b50806001600160401b03811115610e7557610e75611c5f565b604051908082528060200260200182016040528015610e9e578160200160208202803683370190505b5094505f9050805b6001600160c01b03831615610f45576001831615610f2257838181548110610ed057610ed0611b30565b5f918252602090912001546001600160a01b03168683610eef81611c28565b945081518110610f0157610f01611b30565b60200260200101906001600160a01b031690816001600160a01b0316815250505b6001836001600160c01b0316901c92508080610f3d90611c28565b915050610ea6565b5050505050919050565b6007546001600160401b03165f908152600660205260408120606091829190805b8254811015610fcd5760055f848381548110610f8e57610f8e611b30565b5f9182526020808320909101546001600160a01b0316835282019290925260400190205415610fc55781610fc181611c28565b9250505b600101610f70565b50806001600160401b03811115610fe657610fe6611c5f565b60405190808252806020026020018201604052801561100f578160200160208202803683370190505b509350806001600160401b0381111561102a5761102a611c5f565b604051908082528060200260200182016040528015611053578160200160208202803683370190505b5092505f9050805b8254811015611140575f60055f85848154811061107a5761107a611b30565b5f9182526020808320909101546001600160a01b0316835282019290925260400190205490508015611137578382815481106110b8576110b8611b30565b5f9182526020909120015486516001600160a01b03909116906001600160801b038316908890869081106110ee576110ee611b30565b6020026020010187868061110190611c28565b97508151811061111357611113611b30565b6020026020010182815250826001600160a01b03166001600160a01b031681525050505b5060010161105b565b5050509091565b5f546001600160a01b03163314611171576040516330cd747160e01b815260040160405180910390fd5b6111dc8484808060200260200160405190810160405280939291908181526020018383602002808284375f92019190915250506040805160208088028281018201909352878252909350879250869182918501908490808284375f920191909152506114d992505050565b50505050565b6003545f9080156112475760026111fa600183611bb3565b8154811061120a5761120a611b30565b905f5260205f20906003020160010160089054906101000a90046001600160401b03166001600160401b031660016112429190611b9a565b61124a565b60015b91505090565b5f546001600160a01b0316331461127a576040516330cd747160e01b815260040160405180910390fd5b5f80546040516001600160a01b03808516939216917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e091a35f80546001600160a01b0319166001600160a01b0392909216919091179055565b6001600160a01b0382165f908152600560205260408120546001600160801b03169081900361130157505050565b6001600160a01b0383165f9081526005602052604081208190556008805483929061132d908490611bb3565b909155505060405181815282906001600160a01b038516907f83b04ecf7330997e742429a641e136d9f3698c3e9ac9cb9ce0cc2d6da36a244d9060200160405180910390a3505050565b5f6041831461139c5760405163a1c9731960e01b8152600481018390526024016104ff565b5f6113aa6020828688611c73565b6113b391611c9a565b90505f6113c4604060208789611c73565b6113cd91611c9a565b90505f868660408181106113e3576113e3611b30565b919091013560f81c915050600181118061141c57507f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082115b1561143d5760405163a1c9731960e01b8152600481018690526024016104ff565b60018861144b83601b611cb7565b604080515f8152602081018083529390935260ff90911690820152606081018590526080810184905260a0016020604051602081039080840390855afa158015611497573d5f5f3e3d5ffd5b5050604051601f1901519450506001600160a01b0384166114ce5760405163a1c9731960e01b8152600481018690526024016104ff565b505050949350505050565b815115806114e8575060c08251115b806114f557508051825114155b156115135760405163aff8365b60e01b815260040160405180910390fd5b6007546001600160401b03165f908152600660205260408120905b81548110156115785760055f83838154811061154c5761154c611b30565b5f9182526020808320909101546001600160a01b0316835282019290925260400181205560010161152e565b505f80805b85518110156116da57816001600160a01b03168682815181106115a2576115a2611b30565b60200260200101516001600160a01b03161115806115d857508481815181106115cd576115cd611b30565b60200260200101515f145b8061160457506001600160801b0380168582815181106115fa576115fa611b30565b6020026020010151115b156116225760405163aff8365b60e01b815260040160405180910390fd5b608061162f826001611b9a565b901b85828151811061164357611643611b30565b60200260200101511760055f88848151811061166157611661611b30565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f208190555084818151811061169e5761169e611b30565b6020026020010151836116b19190611b9a565b92508581815181106116c5576116c5611b30565b6020908102919091010151915060010161157d565b50600780546001600160401b0316905f6116f383611cd0565b82546101009290920a6001600160401b03818102199093169183160217909155600754165f90815260066020908152604090912087516117389350909188019061177f565b5060088290556040517fde328fbd08a37cac98183164bd1f78785f911ce6cd47ce663f90344f54ce85bd906117709087908790611a6e565b60405180910390a15050505050565b828054828255905f5260205f209081019282156117d2579160200282015b828111156117d257825182546001600160a01b0319166001600160a01b0390911617825560209092019160019091019061179d565b506117de9291506117e2565b5090565b5b808211156117de575f81556001016117e3565b80356001600160a01b038116811461180c575f5ffd5b919050565b5f5f60408385031215611822575f5ffd5b61182b836117f6565b946020939093013593505050565b5f60208284031215611849575f5ffd5b81356001600160401b03811681146109fb575f5ffd5b5f8151808452602084019350602083015f5b828110156118985781516001600160a01b0316865260209586019590910190600101611871565b5093949350505050565b602081525f6109fb602083018461185f565b5f5f83601f8401126118c4575f5ffd5b5081356001600160401b038111156118da575f5ffd5b6020830191508360208260051b85010111156118f4575f5ffd5b9250929050565b5f5f5f5f5f6080868803121561190f575f5ffd5b85359450602086013593506040860135925060608601356001600160401b03811115611939575f5ffd5b611945888289016118b4565b969995985093965092949392505050565b5f60208284031215611966575f5ffd5b5035919050565b5f6020828403121561197d575f5ffd5b6109fb826117f6565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f5f606084860312156119cd575f5ffd5b505081359360208301359350604090920135919050565b5f60e082019050825182526001600160401b0360208401511660208301526001600160401b0360408401511660408301526001600160401b0360608401511660608301526001600160401b03608084015116608083015260018060c01b0360a08401511660a083015260c0830151611a6760c08401826001600160401b03169052565b5092915050565b604081525f611a80604083018561185f565b82810360208401528084518083526020830191506020860192505f5b81811015611aba578351835260209384019390920191600101611a9c565b50909695505050505050565b5f5f5f5f60408587031215611ad9575f5ffd5b84356001600160401b03811115611aee575f5ffd5b611afa878288016118b4565b90955093505060208501356001600160401b03811115611b18575f5ffd5b611b24878288016118b4565b95989497509550505050565b634e487b7160e01b5f52603260045260245ffd5b5f5f8335601e19843603018112611b59575f5ffd5b8301803591506001600160401b03821115611b72575f5ffd5b6020019150368190038213156118f4575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b80820180821115611bad57611bad611b86565b92915050565b81810381811115611bad57611bad611b86565b8082028115828204841417611bad57611bad611b86565b5f60208284031215611bed575f5ffd5b815180151581146109fb575f5ffd5b5f86518060208901845e9190910194855250602084019290925260408301526060820152608001919050565b5f60018201611c3957611c39611b86565b5060010190565b6001600160c01b038281168282160390811115611bad57611bad611b86565b634e487b7160e01b5f52604160045260245ffd5b5f5f85851115611c81575f5ffd5b83861115611c8d575f5ffd5b5050820193919092039150565b80356020831015611bad575f19602084900360031b1b1692915050565b60ff8181168382160190811115611bad57611bad611b86565b5f6001600160401b0382166001600160401b038103611cf157611cf1611b86565b6001019291505056fea164736f6c634300081e000a",
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

// PackMAXVALIDATORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x714897df.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_VALIDATORS() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) PackMAXVALIDATORS() []byte {
	enc, err := stateCommitmentChain.abi.Pack("MAX_VALIDATORS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXVALIDATORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x714897df.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_VALIDATORS() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) TryPackMAXVALIDATORS() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("MAX_VALIDATORS")
}

// UnpackMAXVALIDATORS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x714897df.
//
// Solidity: function MAX_VALIDATORS() view returns(uint256)
func (stateCommitmentChain *StateCommitmentChain) UnpackMAXVALIDATORS(data []byte) (*big.Int, error) {
	out, err := stateCommitmentChain.abi.Unpack("MAX_VALIDATORS", data)
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
// the contract method with ID 0xa08cb21c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deleteRootsFrom(uint256 index) returns()
func (stateCommitmentChain *StateCommitmentChain) PackDeleteRootsFrom(index *big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("deleteRootsFrom", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeleteRootsFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa08cb21c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deleteRootsFrom(uint256 index) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackDeleteRootsFrom(index *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("deleteRootsFrom", index)
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
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64,uint192,uint64))
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
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64,uint192,uint64))
func (stateCommitmentChain *StateCommitmentChain) TryPackGetRoot(index *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("getRoot", index)
}

// UnpackGetRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9b24b3b0.
//
// Solidity: function getRoot(uint256 index) view returns((bytes32,uint64,uint64,uint64,uint64,uint192,uint64))
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

// PackSetVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e15932b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setVersion() view returns(uint64)
func (stateCommitmentChain *StateCommitmentChain) PackSetVersion() []byte {
	enc, err := stateCommitmentChain.abi.Pack("setVersion")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e15932b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setVersion() view returns(uint64)
func (stateCommitmentChain *StateCommitmentChain) TryPackSetVersion() ([]byte, error) {
	return stateCommitmentChain.abi.Pack("setVersion")
}

// UnpackSetVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0e15932b.
//
// Solidity: function setVersion() view returns(uint64)
func (stateCommitmentChain *StateCommitmentChain) UnpackSetVersion(data []byte) (uint64, error) {
	out, err := stateCommitmentChain.abi.Unpack("setVersion", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSignersOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa134af6d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signersOf(uint256 index) view returns(address[] out)
func (stateCommitmentChain *StateCommitmentChain) PackSignersOf(index *big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("signersOf", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSignersOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa134af6d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signersOf(uint256 index) view returns(address[] out)
func (stateCommitmentChain *StateCommitmentChain) TryPackSignersOf(index *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("signersOf", index)
}

// UnpackSignersOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa134af6d.
//
// Solidity: function signersOf(uint256 index) view returns(address[] out)
func (stateCommitmentChain *StateCommitmentChain) UnpackSignersOf(data []byte) ([]common.Address, error) {
	out, err := stateCommitmentChain.abi.Unpack("signersOf", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02fb4d85.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slash(address validator, uint256 rootIndex) returns()
func (stateCommitmentChain *StateCommitmentChain) PackSlash(validator common.Address, rootIndex *big.Int) []byte {
	enc, err := stateCommitmentChain.abi.Pack("slash", validator, rootIndex)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02fb4d85.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slash(address validator, uint256 rootIndex) returns()
func (stateCommitmentChain *StateCommitmentChain) TryPackSlash(validator common.Address, rootIndex *big.Int) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("slash", validator, rootIndex)
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

// PackValidatorSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0c4538b4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validatorSet(uint64 version) view returns(address[])
func (stateCommitmentChain *StateCommitmentChain) PackValidatorSet(version uint64) []byte {
	enc, err := stateCommitmentChain.abi.Pack("validatorSet", version)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidatorSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0c4538b4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validatorSet(uint64 version) view returns(address[])
func (stateCommitmentChain *StateCommitmentChain) TryPackValidatorSet(version uint64) ([]byte, error) {
	return stateCommitmentChain.abi.Pack("validatorSet", version)
}

// UnpackValidatorSet is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0c4538b4.
//
// Solidity: function validatorSet(uint64 version) view returns(address[])
func (stateCommitmentChain *StateCommitmentChain) UnpackValidatorSet(data []byte) ([]common.Address, error) {
	out, err := stateCommitmentChain.abi.Unpack("validatorSet", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
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
	if bytes.Equal(raw[:4], stateCommitmentChain.abi.Errors["DeletedThisSecond"].ID.Bytes()[:4]) {
		return stateCommitmentChain.UnpackDeletedThisSecondError(raw[4:])
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

// StateCommitmentChainDeletedThisSecond represents a DeletedThisSecond error raised by the StateCommitmentChain contract.
type StateCommitmentChainDeletedThisSecond struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DeletedThisSecond()
func StateCommitmentChainDeletedThisSecondErrorID() common.Hash {
	return common.HexToHash("0x9f07b16fa6ae579de12baafb20f5d55a718062cc0f8533dd353732eace7530e3")
}

// UnpackDeletedThisSecondError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DeletedThisSecond()
func (stateCommitmentChain *StateCommitmentChain) UnpackDeletedThisSecondError(raw []byte) (*StateCommitmentChainDeletedThisSecond, error) {
	out := new(StateCommitmentChainDeletedThisSecond)
	if err := stateCommitmentChain.abi.UnpackIntoInterface(out, "DeletedThisSecond", raw); err != nil {
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
