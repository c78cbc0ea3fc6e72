package exec

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/trie/trienode"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"
)

// payments is the payments fast path. A plain transfer changes balances and
// one nonce: it is applied to an overlay of the accounts it touches, and a
// run of consecutive transfers reaches the state database in one write-out
// (flush) per account instead of a dozen journalled operations and a
// finalisation per transfer. The write-out happens before anything else
// reads the state: a transaction that is not a plain transfer, the end of
// the batch, or each transfer when the caller needs the state after every
// step (proofs).
//
// A transfer performs exactly the checks and changes of go-ethereum's state
// transition for it, in the same order, with the same errors, minus the
// interpreter, the call frame and the tracing hooks; TestFastPathMatchesEVM
// holds it to the EVM path bit for bit. What per-transaction finalisation
// does beyond writing values is delete touched accounts left empty
// (EIP-161): a transfer that may leave one so is written out on its own,
// touches included, and finalised at once, as the EVM path would.
//
// A batch whose state changes are all the overlay's goes further: it never
// writes to the state database, and the overlay commits itself to the
// account trie (commit). While that is possible the overlay reads accounts
// straight from the parent state (reader); the first write-out ends it, as
// the state database is then the source of truth. This skips what
// go-ethereum's StateDB spends on accounts that change only in balance and
// nonce: a state object, journal entries and a finalisation per transfer,
// and at commit a goroutine, an update record and a copy per account.
type payments struct {
	env   *blockEnv
	each  bool // write out after every transfer
	accts map[common.Address]*payAccount
	order []common.Address // first touch first: a deterministic write-out
	// reader is the parent state, while the batch has changed nothing
	// through the state database: accounts are read here, and the
	// overlay may commit on its own. Nil once anything was written out.
	reader *headReader
	parent common.Hash // the root reader reads
}

// payAccount is an account in the overlay: as the state had it when first
// read, and as the run of transfers left it.
type payAccount struct {
	exists    bool
	balance   uint256.Int
	nonce     uint64
	code      []byte // the account's code, nil for none
	origBal   uint256.Int
	origNonce uint64
	touched   bool // written out (and so touched) at the next flush
	// The account's storage root, code hash and trie key (the address
	// hash, zero if not known), for a commit of the overlay; read only
	// while it reads from the parent state.
	root     common.Hash
	codeHash common.Hash
	addrHash common.Hash
}

func (a *payAccount) empty() bool {
	return a.nonce == 0 && a.balance.IsZero() && len(a.code) == 0
}

// newPayments starts an overlay over env's state; each writes every transfer
// out as it is applied. It returns nil from Amsterdam on: that fork gives a
// transfer state gas, a log and a two-dimensional block gas pool, and has
// finalisation record every transaction's changes in the block access list,
// none of which the fast path models.
func newPayments(env *blockEnv, each bool) *payments {
	if env.rules.IsAmsterdam {
		return nil
	}
	return &payments{env: env, each: each, accts: map[common.Address]*payAccount{}}
}

// account returns the overlay's account at addr, reading it from the state
// the first time.
func (p *payments) account(addr common.Address) *payAccount {
	if a, ok := p.accts[addr]; ok {
		return a
	}
	var a *payAccount
	if p.reader != nil {
		a = p.read(addr)
	} else {
		a = p.readState(addr)
	}
	a.origBal, a.origNonce = a.balance, a.nonce
	p.accts[addr] = a
	p.order = append(p.order, addr)
	return a
}

// read is account reading the parent state, as the state database would
// (missing accounts read as empty, with the empty root and code hash). A
// read that fails, or code that is missing, ends reading there: the state
// database reads the account again, and keeps the error for its commit.
func (p *payments) read(addr common.Address) *payAccount {
	acct, err := p.reader.flat(addr)
	if err == nil && !acct.exists {
		return &payAccount{root: types.EmptyRootHash, codeHash: types.EmptyCodeHash, addrHash: acct.addrHash}
	}
	if err == nil {
		a := &payAccount{exists: true, nonce: acct.nonce, balance: acct.balance, root: acct.root, codeHash: acct.codeHash, addrHash: acct.addrHash}
		if a.codeHash == types.EmptyCodeHash {
			return a
		}
		if a.code = p.reader.Code(addr, a.codeHash); len(a.code) > 0 {
			return a
		}
	}
	p.reader = nil
	return p.readState(addr)
}

// readState is account reading the state database.
func (p *payments) readState(addr common.Address) *payAccount {
	st := p.env.state
	a := &payAccount{exists: st.Exist(addr), nonce: st.GetNonce(addr), code: st.GetCode(addr)}
	a.balance.Set(st.GetBalance(addr))
	return a
}

// transfer applies tx, the idx-th transaction of the block whose hash and
// sender are given, if it is a plain transfer between externally owned
// accounts; ok is false, and nothing done, if it is not.
func (p *payments) transfer(tx *types.Transaction, hash common.Hash, from common.Address, idx int) (r *types.Receipt, ok bool, err error) {
	amounts, ok := p.env.transferAmounts(tx)
	// NB: the recipient's code is read through the overlay, which may be
	// reading the parent state rather than the state database.
	if !ok || len(p.account(*tx.To()).code) != 0 {
		return nil, false, nil
	}
	r, err = p.apply(tx, hash, from, *tx.To(), &amounts.value, &amounts.feeCap, &amounts.tipCap, idx)
	return r, true, err
}

// apply is transfer once tx is known to be a plain transfer.
func (p *payments) apply(tx *types.Transaction, hash common.Hash, from, to common.Address,
	value, feeCap, tipCap *uint256.Int, idx int) (*types.Receipt, error) {
	env := p.env
	src, dst := p.account(from), p.account(to)
	// preCheck: nonce, EIP-7825 cap, EIP-3607 sender, fee caps, block gas.
	if n := tx.Nonce(); src.nonce < n {
		return nil, fmt.Errorf("%w: address %v, tx: %d state: %d", core.ErrNonceTooHigh, from.Hex(), n, src.nonce)
	} else if src.nonce > n {
		return nil, fmt.Errorf("%w: address %v, tx: %d state: %d", core.ErrNonceTooLow, from.Hex(), n, src.nonce)
	} else if src.nonce+1 < src.nonce {
		return nil, fmt.Errorf("%w: address %v, nonce: %d", core.ErrNonceMax, from.Hex(), src.nonce)
	}
	if env.rules.IsOsaka && tx.Gas() > params.MaxTxGas {
		return nil, fmt.Errorf("%w (cap: %d, tx: %d)", core.ErrGasLimitTooHigh, params.MaxTxGas, tx.Gas())
	}
	if len(src.code) > 0 {
		if _, delegated := types.ParseDelegation(src.code); !delegated {
			return nil, fmt.Errorf("%w: address %v, len(code): %d", core.ErrSenderNoEOA, from.Hex(), len(src.code))
		}
	}
	if feeCap.Cmp(tipCap) < 0 {
		return nil, fmt.Errorf("%w: address %v, maxPriorityFeePerGas: %s, maxFeePerGas: %s", core.ErrTipAboveFeeCap, from.Hex(), tipCap, feeCap)
	}
	if feeCap.Cmp(env.baseFee) < 0 {
		return nil, fmt.Errorf("%w: address %v, maxFeePerGas: %s, baseFee: %s", core.ErrFeeCapTooLow, from.Hex(), feeCap, env.baseFee)
	}
	if err := env.gp.CheckGasLegacy(tx.Gas()); err != nil {
		return nil, err
	}
	// buyGas: the sender must cover gas × fee cap + value.
	gasPrice := new(uint256.Int).Add(tipCap, env.baseFee)
	if gasPrice.Cmp(feeCap) > 0 {
		gasPrice.Set(feeCap)
	}
	var gas uint256.Int
	gas.SetUint64(tx.Gas())
	mgval, overflow := new(uint256.Int).MulOverflow(&gas, gasPrice)
	if overflow {
		return nil, fmt.Errorf("%w: address %v required balance exceeds 256 bits", core.ErrInsufficientFunds, from.Hex())
	}
	check, overflow := new(uint256.Int).MulOverflow(&gas, feeCap)
	if !overflow {
		_, overflow = check.AddOverflow(check, value)
	}
	if overflow {
		return nil, fmt.Errorf("%w: address %v required balance exceeds 256 bits", core.ErrInsufficientFunds, from.Hex())
	}
	if src.balance.Cmp(check) < 0 {
		return nil, fmt.Errorf("%w: address %v have %v want %v", core.ErrInsufficientFunds, from.Hex(), &src.balance, check)
	}
	// Intrinsic gas and the EIP-7623 floor, checked before any state
	// changes; go-ethereum checks them after buying gas but a failure there
	// reverts the purchase anyway.
	intrinsic, err := core.IntrinsicGas(nil, tx.AccessList(), nil, from, &to, value, env.rules)
	if err != nil {
		return nil, err
	}
	if tx.Gas() < intrinsic {
		return nil, fmt.Errorf("%w: have %d, want %d", core.ErrIntrinsicGas, tx.Gas(), intrinsic)
	}
	floor, err := core.FloorDataGas(env.rules, from, &to, value, nil, tx.AccessList())
	if err != nil {
		return nil, err
	}
	if tx.Gas() < floor {
		return nil, fmt.Errorf("%w: have %d, want %d", core.ErrFloorDataGas, tx.Gas(), floor)
	}
	gasUsed := max(intrinsic, floor)
	gasLeft := tx.Gas() - gasUsed
	if err := env.gp.ChargeGasLegacy(gasLeft, gasUsed); err != nil {
		return nil, err // cannot happen: CheckGasLegacy reserved tx.Gas()
	}

	// The changes: gas bought, the nonce, the value, unused gas returned,
	// the tip to the fee recipient. The balance check above covers every
	// subtraction; the sender, recipient and fee recipient may be one
	// account.
	src.balance.Sub(&src.balance, mgval)
	src.nonce++
	src.touched = true
	// NB: the call frame moves the value, and so touches the recipient,
	// only if it exists or the value is not zero.
	if dst.exists || !value.IsZero() {
		dst.exists = true
		src.balance.Sub(&src.balance, value)
		dst.balance.Add(&dst.balance, value)
		dst.touched = true
	}
	if gasLeft > 0 {
		src.balance.Add(&src.balance, new(uint256.Int).Mul(uint256.NewInt(gasLeft), gasPrice))
	}
	tip := new(uint256.Int).Sub(gasPrice, env.baseFee)
	coinbase := p.account(env.header.Coinbase)
	coinbase.balance.Add(&coinbase.balance, tip.Mul(tip, uint256.NewInt(gasUsed)))
	coinbase.exists = true
	coinbase.touched = true
	// Finalisation deletes a touched account left empty: only the recipient
	// of nothing and a fee recipient paid nothing can be (the sender's nonce
	// has advanced).
	if p.each || (dst.touched && dst.empty()) || coinbase.empty() {
		p.flush()
	}

	r := &types.Receipt{
		Type:              tx.Type(),
		Status:            types.ReceiptStatusSuccessful,
		CumulativeGasUsed: env.gp.CumulativeUsed(),
		TxHash:            hash,
		GasUsed:           gasUsed,
		EffectiveGasPrice: gasPrice.ToBig(),
		BlockNumber:       env.header.Number,
		TransactionIndex:  uint(idx),
	}
	r.Bloom = types.CreateBloom(r)
	return r, nil
}

// flush writes the overlay's changes to the state and finalises them, then
// empties the overlay: the state is again the one source of truth, and the
// overlay reads from it from now on (the caller may be about to write to
// it).
func (p *payments) flush() {
	if p == nil {
		return
	}
	p.reader = nil
	if len(p.order) == 0 {
		return
	}
	st := p.env.state
	touched := false
	for _, addr := range p.order {
		a := p.accts[addr]
		if !a.touched {
			continue
		}
		touched = true
		changed := false
		if a.balance != a.origBal {
			st.SetBalance(addr, new(uint256.Int).Set(&a.balance), tracing.BalanceChangeTransfer)
			changed = true
		}
		if a.nonce != a.origNonce {
			st.SetNonce(addr, a.nonce, tracing.NonceChangeEoACall)
			changed = true
		}
		if !changed {
			// What a zero-value transfer or fee does: create the account
			// if it is missing, and touch it if it is empty.
			st.AddBalance(addr, new(uint256.Int), tracing.BalanceChangeTransfer)
		}
	}
	if touched {
		st.Finalise(p.env.rules)
	}
	clear(p.accts)
	p.order = p.order[:0]
}

// finish ends the batch's transactions: the overlay is written out to the
// state database, unless it still holds every change of the batch and so
// commits on its own (committable).
func (p *payments) finish() {
	if !p.committable() {
		p.flush()
	}
}

// committable reports whether the batch changed the state through the
// overlay alone, so that commit may commit it.
func (p *payments) committable() bool {
	return p != nil && p.reader != nil
}

// commit commits the overlay's changes, the batch's only ones, to the
// account trie on top of the parent state, stores the changed trie nodes in
// the trie database and moves the head account cache along. It returns the
// new state root, the one the state database's commit would give (the
// fast-path tests hold the two to each other): every account the overlay
// touched is written with its balance and nonce, and with its storage root
// and code hash as they were (new accounts get the empty ones). No touched
// account is empty here (a transfer that may leave one so was written out
// through the state database, which ends committable), so none is deleted.
func (p *payments) commit(number uint64) (common.Hash, error) {
	e := p.env.e
	// NB: the account trie keyed by address hashes, as go-ethereum's
	// StateTrie keys it, with the hashes the head cache keeps. (StateTrie
	// would also record the preimages, which this trie database does not
	// keep.)
	tr, err := trie.New(trie.StateTrieID(p.parent), e.tdb)
	if err != nil {
		return common.Hash{}, fmt.Errorf("exec: open the state trie at %s: %w", p.parent, err)
	}
	changed := make([]changedAccount, 0, len(p.order))
	for _, addr := range p.order {
		a := p.accts[addr]
		// NB: an unchanged account keeps its value in the trie; one that
		// did not exist would be empty, and is not here.
		if !a.touched || (a.balance == a.origBal && a.nonce == a.origNonce) {
			continue
		}
		acct := types.StateAccount{Nonce: a.nonce, Balance: &a.balance, Root: a.root, CodeHash: a.codeHash[:]}
		enc, err := rlp.EncodeToBytes(&acct)
		if err != nil {
			return common.Hash{}, fmt.Errorf("exec: encode account %s: %w", addr, err)
		}
		if a.addrHash == (common.Hash{}) {
			a.addrHash = crypto.Keccak256Hash(addr[:])
		}
		if err := tr.Update(a.addrHash[:], enc); err != nil {
			return common.Hash{}, fmt.Errorf("exec: update account %s: %w", addr, err)
		}
		changed = append(changed, changedAccount{addr: addr, addrHash: a.addrHash, acct: acct})
	}
	if len(changed) == 0 {
		return p.parent, nil
	}
	root, nodes := tr.Commit(true)
	if nodes != nil {
		if err := e.tdb.Update(root, p.parent, number, trienode.NewWithNodeSet(nodes), &triedb.StateSet{}); err != nil {
			return common.Hash{}, fmt.Errorf("exec: store the state trie of batch %d: %w", number, err)
		}
	}
	e.hdb.cache.advanceWith(p.parent, root, changed)
	return root, nil
}
