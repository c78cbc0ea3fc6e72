package ethrpc

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/exec"
)

// l2API is the l2_ namespace: what only this chain has.
type l2API struct{ c *chain }

// Statuses of a transaction, in the order it reaches them (docs/protocol.md).
const (
	StatusPending   = "pending"   // in this node's pool
	StatusFinal     = "final"     // in a BFT-final batch, executed
	StatusAvailable = "available" // its batch's data sampled as available
	StatusCommitted = "committed" // its batch's state root on L1
	StatusFinalized = "finalized" // the challenge window passed
	StatusDropped   = "dropped"   // a batch carried it but it could not be included
	StatusUnknown   = "unknown"   // none of the above, as far as this node knows
)

// TxStatus is l2_transactionStatus's answer.
type TxStatus struct {
	Status      string          `json:"status"`
	BlockNumber *hexutil.Uint64 `json:"blockNumber,omitempty"`
	BlockHash   *common.Hash    `json:"blockHash,omitempty"`
	Reason      string          `json:"reason,omitempty"` // why it was dropped
}

// TransactionStatus is l2_transactionStatus.
func (api *l2API) TransactionStatus(ctx context.Context, hash common.Hash) *TxStatus {
	if tx, blockHash, number, _ := api.c.exec.Transaction(hash); tx != nil {
		return &TxStatus{Status: api.c.status(number), BlockNumber: (*hexutil.Uint64)(&number), BlockHash: &blockHash}
	}
	if api.c.pool != nil && api.c.pool.Get(hash) != nil {
		return &TxStatus{Status: StatusPending}
	}
	if d, ok := api.c.exec.DroppedReason(hash); ok {
		return &TxStatus{Status: StatusDropped, BlockNumber: (*hexutil.Uint64)(&d.Number), Reason: d.Reason}
	}
	return &TxStatus{Status: StatusUnknown}
}

// Batch is l2_getBatch's answer: the block as the L2 protocol sees it.
type Batch struct {
	Number        hexutil.Uint64   `json:"number"`
	Hash          common.Hash      `json:"hash"`
	ParentHash    common.Hash      `json:"parentHash"`
	StateRoot     common.Hash      `json:"stateRoot"`
	DataRoot      common.Hash      `json:"dataRoot"`
	DepositsHash  common.Hash      `json:"depositsHash"`
	Transactions  hexutil.Uint64   `json:"transactions"`
	Deposits      []*DepositResult `json:"deposits"`
	GasUsed       hexutil.Uint64   `json:"gasUsed"`
	GasLimit      hexutil.Uint64   `json:"gasLimit"`
	BaseFeePerGas *hexutil.Big     `json:"baseFeePerGas"`
	FeeRecipient  common.Address   `json:"feeRecipient"`
	Time          hexutil.Uint64   `json:"time"`
	Status        string           `json:"status"`
}

// DepositResult is one L1→L2 deposit a batch carried and its outcome.
// Skipped is set, and nothing else of the outcome counts, when the deposit
// was not applied because it did not carry the next deposit nonce.
type DepositResult struct {
	Hash        common.Hash    `json:"hash"`
	Nonce       hexutil.Uint64 `json:"nonce"`
	L1Tx        common.Hash    `json:"l1Tx"`
	From        common.Address `json:"from"`
	To          common.Address `json:"to"`
	Mint        *hexutil.Big   `json:"mint"`
	L1Token     common.Address `json:"l1Token"`
	TokenAmount *hexutil.Big   `json:"tokenAmount"`
	GasLimit    hexutil.Uint64 `json:"gasLimit"`
	Data        hexutil.Bytes  `json:"data"`
	Status      hexutil.Uint64 `json:"status"`
	GasUsed     hexutil.Uint64 `json:"gasUsed"`
	Logs        []*DepositLog  `json:"logs"`
	Skipped     string         `json:"skipped,omitempty"`
	BlockNumber hexutil.Uint64 `json:"blockNumber"`
	BlockHash   common.Hash    `json:"blockHash"`
}

// DepositLog is a log a deposit's call emitted: the consensus fields only.
type DepositLog struct {
	Address common.Address `json:"address"`
	Topics  []common.Hash  `json:"topics"`
	Data    hexutil.Bytes  `json:"data"`
}

// GetBatch is l2_getBatch: a block number, tag or hash; null if unknown.
func (api *l2API) GetBatch(ctx context.Context, bnh rpc.BlockNumberOrHash) (*Batch, error) {
	b, err := api.c.block(bnh)
	if b == nil || err != nil {
		return nil, err
	}
	h := b.Header()
	dataRoot, depositsHash, err := exec.HeaderExtra(h)
	if err != nil && h.Number.Sign() != 0 {
		return nil, err
	}
	deps, err := api.c.exec.Deposits(b.NumberU64())
	if err != nil {
		return nil, err
	}
	out := &Batch{
		Number:        hexutil.Uint64(b.NumberU64()),
		Hash:          b.Hash(),
		ParentHash:    h.ParentHash,
		StateRoot:     h.Root,
		DataRoot:      dataRoot,
		DepositsHash:  depositsHash,
		Transactions:  hexutil.Uint64(len(b.Transactions())),
		Deposits:      make([]*DepositResult, 0, len(deps)),
		GasUsed:       hexutil.Uint64(h.GasUsed),
		GasLimit:      hexutil.Uint64(h.GasLimit),
		BaseFeePerGas: (*hexutil.Big)(h.BaseFee),
		FeeRecipient:  h.Coinbase,
		Time:          hexutil.Uint64(h.Time),
		Status:        api.c.status(b.NumberU64()),
	}
	for _, d := range deps {
		out.Deposits = append(out.Deposits, newDepositResult(d))
	}
	return out, nil
}

func newDepositResult(r *exec.DepositReceipt) *DepositResult {
	d := r.Deposit
	out := &DepositResult{
		Hash:        d.Hash(),
		Nonce:       hexutil.Uint64(d.Nonce),
		L1Tx:        d.L1Tx,
		From:        d.From,
		To:          d.To,
		Mint:        bigOrZero(d.Mint),
		L1Token:     d.L1Token,
		TokenAmount: bigOrZero(d.TokenAmount),
		GasLimit:    hexutil.Uint64(d.GasLimit),
		Data:        d.Data,
		Status:      hexutil.Uint64(r.Status),
		GasUsed:     hexutil.Uint64(r.GasUsed),
		Logs:        make([]*DepositLog, 0, len(r.Logs)),
		Skipped:     r.Skipped,
		BlockNumber: hexutil.Uint64(r.BlockNumber),
		BlockHash:   r.BlockHash,
	}
	for _, l := range r.Logs {
		out.Logs = append(out.Logs, &DepositLog{Address: l.Address, Topics: l.Topics, Data: l.Data})
	}
	return out
}

// bigOrZero shows a nil amount, which a deposit treats as zero, as 0x0.
func bigOrZero(v *big.Int) *hexutil.Big {
	if v == nil {
		return (*hexutil.Big)(new(big.Int))
	}
	return (*hexutil.Big)(v)
}

// GetDeposit is l2_getDeposit: the applied deposit with the given L1
// deposit nonce, with the block that applied it; null if no block up to the
// head applied it yet.
func (api *l2API) GetDeposit(ctx context.Context, nonce hexutil.Uint64) (*DepositResult, error) {
	r, ok, err := api.c.exec.DepositByNonce(uint64(nonce))
	if !ok || err != nil {
		return nil, err
	}
	return newDepositResult(r), nil
}

// DepositNonce is l2_depositNonce: the next deposit nonce at the head, which
// is the nonce the next applied deposit must carry and the count of
// deposits applied so far.
func (api *l2API) DepositNonce(ctx context.Context) (hexutil.Uint64, error) {
	n, err := api.c.exec.NextDepositNonce()
	return hexutil.Uint64(n), err
}

// payPINPattern is the pin format the PayPIN contract accepts.
var payPINPattern = regexp.MustCompile(`^[a-z0-9._-]{3,32}@pay$`)

// payPINOwnersSlot is the storage slot of PayPIN's owners mapping
// (contracts/README.md).
var payPINOwnersSlot = common.Hash{}

// PayPINSlot is the storage slot holding the owner of pin in the PayPIN
// registry: keccak256(keccak256(pin) ‖ uint256(0)).
func PayPINSlot(pin string) common.Hash {
	key := crypto.Keccak256([]byte(pin))
	return crypto.Keccak256Hash(key, payPINOwnersSlot[:])
}

// ResolvePayPIN is l2_resolvePayPIN: the owner of pin at the selected
// block (latest by default), or null when it is unbound. It reads the
// registry's storage, so it costs no EVM call.
func (api *l2API) ResolvePayPIN(ctx context.Context, pin string, bnh *rpc.BlockNumberOrHash) (*common.Address, error) {
	if !payPINPattern.MatchString(pin) {
		return nil, &invalidParamsError{fmt.Sprintf("invalid PayPIN %s: want <name>@pay, the name 3 to 32 characters of a-z, 0-9, '.', '_' and '-'", strconv.Quote(pin))}
	}
	st, _, err := api.c.state(bnh)
	if err != nil {
		return nil, err
	}
	v := st.GetState(exec.PayPINAddress, PayPINSlot(pin))
	if err := st.Error(); err != nil {
		return nil, err
	}
	if v == (common.Hash{}) {
		return nil, nil
	}
	owner := common.BytesToAddress(v[12:])
	return &owner, nil
}

// netAPI is the net_ namespace.
type netAPI struct{ c *chain }

// Version is net_version: the chain ID in decimal.
func (api *netAPI) Version() string { return api.c.config().ChainID.String() }

// Listening is net_listening: true while the RPC answers.
func (api *netAPI) Listening() bool { return true }

// web3API is the web3_ namespace.
type web3API struct{ c *chain }

// ClientVersion is web3_clientVersion.
func (api *web3API) ClientVersion() string { return api.c.version }

// Sha3 is web3_sha3: keccak256 of the input.
func (api *web3API) Sha3(input hexutil.Bytes) hexutil.Bytes { return crypto.Keccak256(input) }

// StepsResult is l2_stepRoots's answer: a batch's intermediate state roots.
type StepsResult struct {
	Batch     hexutil.Uint64 `json:"batch"`
	BlockHash common.Hash    `json:"blockHash"`
	PreRoot   common.Hash    `json:"preRoot"` // the parent's state root
	Roots     []common.Hash  `json:"roots"`   // after each step
	Kinds     []string       `json:"kinds"`   // "deposit" or "transaction", per step
	Items     []common.Hash  `json:"items"`   // the deposit's or transaction's hash, per step
	// Provable says, per step, whether the L1 one-step prover can decide
	// it: plain transfers are, deposits and EVM transactions are not yet.
	Provable  []bool      `json:"provable"`
	StepsRoot common.Hash `json:"stepsRoot"` // the Merkle commitment over preRoot and roots
}

// StepRoots is l2_stepRoots: the state root before a batch and after each of
// its steps (deposits, then included transactions), computed by executing
// the batch again from its parent's state, which must still be kept
// (docs/fraud-proofs.md).
func (api *l2API) StepRoots(ctx context.Context, number hexutil.Uint64) (*StepsResult, error) {
	s, err := api.c.exec.StepRoots(uint64(number))
	if err != nil {
		return nil, err
	}
	out := &StepsResult{Batch: number, BlockHash: s.Block, PreRoot: s.Pre, Roots: s.Roots, Items: s.Items, Provable: s.Provable, StepsRoot: s.Root()}
	if out.Roots == nil {
		out.Roots = []common.Hash{}
	}
	if out.Items == nil {
		out.Items = []common.Hash{}
	}
	if out.Provable == nil {
		out.Provable = []bool{}
	}
	out.Kinds = make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		out.Kinds[i] = k.String()
	}
	return out, nil
}
