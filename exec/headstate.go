package exec

import (
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"
)

// headAccounts is a flat copy of accounts of one state, the head's: what
// the state trie holds for them at root, or that one does not exist. Batch
// execution reads its accounts here before walking the trie, and each
// batch's commit moves it to the new head with the accounts the batch
// changed. Without it every batch resolves and decodes the trie path
// of each account it touches again, the same paths each time.
//
// An empty cache is correct for any root; a cache that misses an account
// only costs a trie read. It is kept at most max entries large.
type headAccounts struct {
	mu       sync.Mutex
	root     common.Hash
	accounts map[common.Address]flatAccount
	max      int
}

// flatAccount is a types.StateAccount without pointers, so that the garbage
// collector need not scan the cache.
type flatAccount struct {
	exists   bool
	nonce    uint64
	balance  uint256.Int
	root     common.Hash
	codeHash common.Hash
	// addrHash is the keccak of the address, the account's trie key, by
	// which a committed state update names it; zero if not known yet.
	addrHash common.Hash
}

// flatten reports false for an account it cannot hold exactly (the trie's
// accounts always have a balance and a 32-byte code hash).
func flatten(a *types.StateAccount) (flatAccount, bool) {
	if a == nil {
		return flatAccount{}, true
	}
	if a.Balance == nil || len(a.CodeHash) != common.HashLength {
		return flatAccount{}, false
	}
	return flatAccount{exists: true, nonce: a.Nonce, balance: *a.Balance, root: a.Root, codeHash: common.BytesToHash(a.CodeHash)}, true
}

func newHeadAccounts(max int) *headAccounts {
	return &headAccounts{accounts: make(map[common.Address]flatAccount), max: max}
}

// get returns the cached account at root, if cached.
func (h *headAccounts) get(root common.Hash, addr common.Address) (acct *types.StateAccount, ok bool) {
	a, ok := h.getFlat(root, addr)
	if !ok || !a.exists {
		return nil, ok
	}
	return &types.StateAccount{Nonce: a.nonce, Balance: new(uint256.Int).Set(&a.balance), Root: a.root, CodeHash: a.codeHash.Bytes()}, true
}

// getFlat is get without the copy into a types.StateAccount.
func (h *headAccounts) getFlat(root common.Hash, addr common.Address) (flatAccount, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if root != h.root {
		return flatAccount{}, false
	}
	a, ok := h.accounts[addr]
	return a, ok
}

// add records an account read from the trie at root.
func (h *headAccounts) add(root common.Hash, addr common.Address, acct *types.StateAccount) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if root != h.root || len(h.accounts) >= h.max {
		return
	}
	if a, ok := flatten(acct); ok {
		a.addrHash = crypto.Keccak256Hash(addr[:])
		h.accounts[addr] = a
	}
}

// advance moves the cache along a committed state transition. Accounts the
// transition changed take their new values; a transition from another root
// than the cache's empties it.
func (h *headAccounts) advance(u *state.StateUpdate) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if u.OriginRoot != h.root {
		clear(h.accounts)
	} else {
		// NB: u.Accounts is keyed by address hash, AccountsOrigin (every
		// changed account, created ones with a nil origin) by address. A
		// batch reads each account it changes first, so the hash is at
		// hand: hashing 7,000 addresses a batch again costs a microsecond
		// a transfer.
		for addr := range u.AccountsOrigin {
			hash := h.accounts[addr].addrHash
			if hash == (common.Hash{}) {
				hash = crypto.Keccak256Hash(addr[:])
			}
			if a, ok := flatten(u.Accounts[hash]); ok {
				a.addrHash = hash
				h.accounts[addr] = a
			} else {
				delete(h.accounts, addr)
			}
		}
		h.trim()
	}
	h.root = u.Root
}

// trim drops accounts over the limit, down to three quarters of it, in the
// map's random order. The caller holds the lock.
func (h *headAccounts) trim() {
	if len(h.accounts) <= h.max {
		return
	}
	for addr := range h.accounts {
		if len(h.accounts) <= h.max*3/4 {
			break
		}
		delete(h.accounts, addr)
	}
}

// changedAccount is an account a commit wrote, with its new value.
type changedAccount struct {
	addr     common.Address
	addrHash common.Hash
	acct     types.StateAccount
}

// advanceWith moves the cache from origin to root, a transition that
// changed the accounts given (and deleted none); a transition from another
// root than the cache's empties it.
func (h *headAccounts) advanceWith(origin, root common.Hash, changed []changedAccount) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if origin != h.root {
		clear(h.accounts)
	} else {
		for _, c := range changed {
			a, ok := flatten(&c.acct)
			if !ok {
				delete(h.accounts, c.addr)
				continue
			}
			a.addrHash = c.addrHash
			h.accounts[c.addr] = a
		}
		h.trim()
	}
	h.root = root
}

// headReader is a state reader of the cache's root that consults the cache
// before the trie.
type headReader struct {
	state.Reader
	root  common.Hash
	cache *headAccounts
}

// flat is Account as a flatAccount, with the address hash: from the cache
// without a copy, or read from the trie and cached.
func (r *headReader) flat(addr common.Address) (flatAccount, error) {
	if a, ok := r.cache.getFlat(r.root, addr); ok {
		return a, nil
	}
	acct, err := r.Reader.Account(addr)
	if err != nil {
		return flatAccount{}, err
	}
	r.cache.add(r.root, addr, acct)
	a, ok := flatten(acct)
	if !ok {
		return flatAccount{}, fmt.Errorf("exec: account %s has no balance or a malformed code hash", addr)
	}
	return a, nil
}

func (r *headReader) Account(addr common.Address) (*types.StateAccount, error) {
	if acct, ok := r.cache.get(r.root, addr); ok {
		return acct, nil
	}
	acct, err := r.Reader.Account(addr)
	if err != nil {
		return nil, err
	}
	r.cache.add(r.root, addr, acct)
	return acct, nil
}

// headStateDB is the state database batch execution runs on (process only:
// reads for RPC and the fraud-proof witnesses use the plain one). Its
// readers at the cache's root use the cache, and its commits advance the
// cache.
type headStateDB struct {
	state.Database
	codes *state.CodeDB
	cache *headAccounts
}

func (d *headStateDB) Reader(root common.Hash) (state.Reader, error) {
	r, err := d.Database.Reader(root)
	if err != nil {
		return nil, err
	}
	return &headReader{Reader: r, root: root, cache: d.cache}, nil
}

// Commit is state.MPTDatabase's commit minus the flat encoding of the
// changed accounts and slots, which only the path scheme reads: the hash
// scheme takes the trie nodes alone. NB: it also skips MPTDatabase's
// snapshot update; the executor's state database has no snapshot tree.
func (d *headStateDB) Commit(u *state.StateUpdate) error {
	if u.Empty() {
		return nil
	}
	tdb := d.TrieDB()
	if tdb.Scheme() != rawdb.HashScheme {
		if err := d.Database.Commit(u); err != nil {
			return err
		}
		d.cache.advance(u)
		return nil
	}
	if len(u.Codes) > 0 {
		batch := d.codes.NewBatchWithSize(len(u.Codes))
		for _, code := range u.Codes {
			batch.Put(code.Hash, code.Blob)
		}
		if err := batch.Commit(); err != nil {
			return err
		}
	}
	if err := tdb.Update(u.Root, u.OriginRoot, u.BlockNumber, u.Nodes, &triedb.StateSet{}); err != nil {
		return err
	}
	d.cache.advance(u)
	return nil
}
