package bridge

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"
)

// update is MerklePatriciaProof.update; reverted is the custom error's name.
func (e *mptEVM) update(root common.Hash, key, value []byte, proof [][]byte) (common.Hash, string) {
	e.t.Helper()
	res, reverted := e.call("update", root, key, value, proof)
	if reverted != "" {
		return common.Hash{}, reverted
	}
	return res[0].([32]byte), ""
}

// updateMany is MerklePatriciaProof.updateMany.
func (e *mptEVM) updateMany(root common.Hash, keys, values [][]byte, proofs [][][]byte) (common.Hash, string) {
	e.t.Helper()
	res, reverted := e.call("updateMany", root, keys, values, proofs)
	if reverted != "" {
		return common.Hash{}, reverted
	}
	return res[0].([32]byte), ""
}

// gas runs a harness method and returns the execution gas it used and the gas
// a transaction carrying the call would cost (intrinsic and calldata included,
// or the calldata floor of EIP-7623 if higher).
func (e *mptEVM) gas(method string, args ...any) (exec, tx uint64) {
	e.t.Helper()
	input, err := e.abi.Pack(method, args...)
	if err != nil {
		e.t.Fatal(err)
	}
	const limit = 30_000_000
	_, left, err := runtime.Call(e.addr, input, &runtime.Config{
		ChainConfig: e.cfg, State: e.state, GasLimit: limit, BlockNumber: big.NewInt(1),
	})
	if err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
	exec = limit - left
	rules := e.cfg.Rules(big.NewInt(1), true, 0)
	intrinsic, err := core.IntrinsicGas(input, nil, nil, common.Address{}, &e.addr, new(uint256.Int), rules)
	if err != nil {
		e.t.Fatal(err)
	}
	floor, err := core.FloorDataGas(rules, common.Address{}, &e.addr, new(uint256.Int), input, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return exec, max(intrinsic+exec, floor)
}

// Key shapes of the random tries: 1–4 bytes (keys that prefix others, values
// in branch nodes), 32 bytes (the state and storage tries), or both at once.
const (
	shortKeys = iota
	fixedKeys
	mixedKeys
)

// updateTrie is a random go-ethereum trie for the update tests: 0–600 keys.
type updateTrie struct {
	tr     *trie.Trie
	root   common.Hash
	kv     map[string][]byte
	keys   [][]byte // sorted
	shape  int
	maxVal int
}

func newUpdateTrie(rng *rand.Rand) *updateTrie {
	u := &updateTrie{
		tr:     trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil)),
		kv:     map[string][]byte{},
		shape:  rng.Intn(3),
		maxVal: []int{4, 16, 40, 120}[rng.Intn(4)],
	}
	n := 1 + rng.Intn(40)
	switch rng.Intn(20) {
	case 0:
		n = 0
	case 1, 2:
		n = 1 + rng.Intn(600)
	}
	// Half the tries cluster their keys around earlier ones: long shared
	// prefixes make extension nodes, which random keys seldom do.
	clustered := rng.Intn(2) == 0
	var added [][]byte
	for range n {
		key := u.randomKey(rng)
		if clustered && len(added) > 0 && rng.Intn(4) != 0 {
			key = u.nearKey(rng, added[rng.Intn(len(added))], 2)
		}
		added = append(added, key)
		val := u.randomValue(rng)
		u.kv[string(key)] = val
		u.tr.MustUpdate(key, val)
	}
	for k := range u.kv {
		u.keys = append(u.keys, []byte(k))
	}
	slices.SortFunc(u.keys, bytes.Compare)
	u.root = u.tr.Hash()
	return u
}

func (u *updateTrie) randomKey(rng *rand.Rand) []byte {
	n := 32
	if u.shape == shortKeys || (u.shape == mixedKeys && rng.Intn(2) == 0) {
		n = 1 + rng.Intn(4)
	}
	return randomBytes(rng, n)
}

// randomValue gives values whose leaves are embedded or hashed, single bytes
// that are their own RLP encoding, and now and then values over 55 bytes
// (long RLP headers).
func (u *updateTrie) randomValue(rng *rand.Rand) []byte {
	switch rng.Intn(12) {
	case 0:
		return []byte{byte(rng.Intn(0x80))}
	case 1:
		return randomBytes(rng, 56+rng.Intn(150))
	}
	return randomBytes(rng, 1+rng.Intn(u.maxVal))
}

// absentKey returns a key the trie does not hold, usually one that shares a
// prefix of random length with a key it does hold, so that inserting it
// splits leaves and extensions at every depth, or ends in a branch.
func (u *updateTrie) absentKey(rng *rand.Rand) []byte {
	for {
		var k []byte
		switch {
		case len(u.keys) == 0 || rng.Intn(6) == 0:
			k = u.randomKey(rng)
		case rng.Intn(3) == 0:
			near := absentKeys(rng, u.kv, u.shape == fixedKeys)
			if len(near) == 0 {
				continue
			}
			k = near[rng.Intn(len(near))]
		default:
			k = u.nearKey(rng, u.keys[rng.Intn(len(u.keys))], 0)
		}
		if _, ok := u.kv[string(k)]; !ok {
			return k
		}
	}
}

// nearKey keeps at least min of base's first nibbles (a random number of
// them) and draws the rest; short keys may also get shorter or longer.
func (u *updateTrie) nearKey(rng *rand.Rand, base []byte, min int) []byte {
	k := common.CopyBytes(base)
	if u.shape != fixedKeys && rng.Intn(3) == 0 {
		k = append(k[:rng.Intn(len(k))+1], randomBytes(rng, rng.Intn(3))...)
	}
	keep := min + rng.Intn(2*len(k)+1)
	for i := keep; i < 2*len(k); i++ {
		shift := 4 * uint(1-i%2)
		k[i/2] = k[i/2]&^(0x0f<<shift) | byte(rng.Intn(16))<<shift
	}
	return k
}

func (u *updateTrie) prove(t *testing.T, key []byte) [][]byte {
	t.Helper()
	if len(u.kv) == 0 {
		return [][]byte{}
	}
	var p proofList
	if err := u.tr.Prove(key, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// after is go-ethereum's root once the updates are applied in order.
func (u *updateTrie) after(keys, values [][]byte) common.Hash {
	tr := u.tr.Copy()
	for i := range keys {
		tr.MustUpdate(keys[i], values[i])
	}
	return tr.Hash()
}

// pathEnd tells where a key's walk through its proof ends, that is what an
// update of the key does: overwrite a leaf or a branch's value, fill an empty
// slot, split a leaf or an extension, or start an empty trie.
func pathEnd(proof [][]byte, key []byte) string {
	if len(proof) == 0 {
		return "empty trie"
	}
	nibbles := make([]byte, 0, 2*len(key))
	for _, b := range key {
		nibbles = append(nibbles, b>>4, b&0x0f)
	}
	node, next, pos := proof[0], 1, 0
	for {
		items := rawItems(node)
		var child []byte
		if len(items) == 2 {
			_, hp, _, _ := rlp.Split(items[0])
			leaf := hp[0]>>4 >= 2
			var path []byte
			if hp[0]>>4&1 == 1 {
				path = append(path, hp[0]&0x0f)
			}
			for _, b := range hp[1:] {
				path = append(path, b>>4, b&0x0f)
			}
			switch {
			case leaf && bytes.Equal(path, nibbles[pos:]):
				return "overwrite leaf"
			case leaf:
				return "split leaf"
			case !bytes.HasPrefix(nibbles[pos:], path):
				return "split extension"
			}
			pos += len(path)
			child = items[1]
		} else {
			if pos == len(nibbles) {
				if _, v, _, _ := rlp.Split(items[16]); len(v) == 0 {
					return "new branch value"
				}
				return "overwrite branch value"
			}
			child = items[nibbles[pos]]
			pos++
		}
		kind, content, _, _ := rlp.Split(child)
		switch {
		case kind == rlp.List:
			node = child
		case len(content) == 0:
			return "fill empty slot"
		default:
			node = proof[next]
			next++
		}
	}
}

// rawItems splits an RLP list into its items' raw encodings.
func rawItems(node []byte) [][]byte {
	content, _, err := rlp.SplitList(node)
	if err != nil {
		panic(err)
	}
	var out [][]byte
	for len(content) > 0 {
		_, _, rest, err := rlp.Split(content)
		if err != nil {
			panic(err)
		}
		out = append(out, content[:len(content)-len(rest)])
		content = rest
	}
	return out
}

// TestMerklePatriciaUpdateMatchesGeth checks update and updateMany against
// go-ethereum's trie on thousands of random tries: overwrites, inserts at
// every kind of place, two updates from proofs against the original root,
// and bad proofs that must revert or, if the contract can still answer from
// them, give go-ethereum's root (never another).
func TestMerklePatriciaUpdateMatchesGeth(t *testing.T) {
	tries := 1000
	if *long {
		tries = 40_000
	}
	t.Parallel()
	rng := rand.New(rand.NewSource(17))
	e := newMPTEVM(t)
	ends := map[string]int{}
	var singles, pairs, sameKey, bad, badReverted int
	for i := range tries {
		u := newUpdateTrie(rng)
		label := fmt.Sprintf("trie %d (%d keys, shape %d)", i, len(u.kv), u.shape)

		// Single updates: an existing key and two absent ones.
		var keys [][]byte
		if len(u.keys) > 0 {
			keys = append(keys, u.keys[rng.Intn(len(u.keys))])
		}
		keys = append(keys, u.absentKey(rng), u.absentKey(rng))
		for _, key := range keys {
			val := u.randomValue(rng)
			want := u.after([][]byte{key}, [][]byte{val})
			proof := u.prove(t, key)
			ends[pathEnd(proof, key)]++
			got, reverted := e.update(u.root, key, val, proof)
			if reverted != "" || got != want {
				t.Fatalf("%s: update %x = %x (%d nodes): got %s %q, want %s", label, key, val, len(proof), got, reverted, want)
			}
			singles++
			if i%4 == 0 {
				bad += checkBadUpdate(t, e, rng, u, key, val, proof, want, &badReverted)
			}
		}

		// Two updates in sequence, both proofs against the original root.
		for range 2 {
			k1, k2 := u.absentKey(rng), u.absentKey(rng)
			if len(u.keys) > 0 && rng.Intn(2) == 0 {
				k1 = u.keys[rng.Intn(len(u.keys))]
			}
			if len(u.keys) > 0 && rng.Intn(2) == 0 {
				k2 = u.keys[rng.Intn(len(u.keys))]
			}
			if rng.Intn(10) == 0 {
				k2 = k1
				sameKey++
			}
			ks := [][]byte{k1, k2}
			vs := [][]byte{u.randomValue(rng), u.randomValue(rng)}
			ps := [][][]byte{u.prove(t, k1), u.prove(t, k2)}
			want := u.after(ks, vs)
			got, reverted := e.updateMany(u.root, ks, vs, ps)
			if reverted != "" || got != want {
				t.Fatalf("%s: updateMany %x, %x: got %s %q, want %s", label, k1, k2, got, reverted, want)
			}
			pairs++
			if i%4 == 0 {
				bad += checkBadUpdateMany(t, e, rng, u, ks, vs, ps, want, &badReverted)
			}
		}
	}
	t.Logf("%d tries: %d single updates, %d pairs through updateMany (%d of one key twice); %d bad inputs, %d reverted, the rest gave go-ethereum's root",
		tries, singles, pairs, sameKey, bad, badReverted)
	t.Logf("where the single updates ended: %v", ends)
	for _, end := range []string{"overwrite leaf", "split leaf", "split extension", "fill empty slot",
		"new branch value", "overwrite branch value", "empty trie"} {
		if ends[end] == 0 {
			t.Errorf("no update ended with %q", end)
		}
	}
}

// checkBadUpdate gives update bad proofs for key; each must revert, except
// another key's proof, which may also give the right root (when the two keys'
// walks read the same nodes). It returns how many it tried.
func checkBadUpdate(t *testing.T, e *mptEVM, rng *rand.Rand, u *updateTrie, key, val []byte, proof [][]byte, want common.Hash, reverts *int) int {
	t.Helper()
	n := 0
	expect := func(what string, root common.Hash, p [][]byte, maySucceed bool) {
		t.Helper()
		n++
		got, reverted := e.update(root, key, val, p)
		switch {
		case reverted != "":
			*reverts++
		case !maySucceed || got != want:
			t.Fatalf("update %x with a %s proof: got %s, want a revert", key, what, got)
		}
	}
	var other common.Hash
	rng.Read(other[:])
	expect("wrong-root", other, proof, false)
	if len(proof) == 0 {
		expect("extra-node", u.root, [][]byte{{0xc0}}, false)
		return n
	}
	i := rng.Intn(len(proof))
	flipped := cloneProof(proof)
	flipped[i][rng.Intn(len(flipped[i]))] ^= byte(1 + rng.Intn(255))
	expect("flipped", u.root, flipped, false)
	dropped := append(cloneProof(proof[:i]), proof[i+1:]...)
	expect("dropped", u.root, dropped, false)
	expect("extended", u.root, append(cloneProof(proof), proof[rng.Intn(len(proof))]), false)
	if len(u.keys) > 1 {
		otherKey := u.keys[rng.Intn(len(u.keys))]
		if !bytes.Equal(otherKey, key) {
			expect("another key's", u.root, u.prove(t, otherKey), true)
		}
	}
	return n
}

// checkBadUpdateMany does the same for updateMany, whose pooled proofs may
// hold a stale copy of a node the walk never asks for: a bad proof must
// revert or give the right root, and one that loses a node every walk needs
// (the root, or any node when the root is wrong) must revert.
func checkBadUpdateMany(t *testing.T, e *mptEVM, rng *rand.Rand, u *updateTrie, ks, vs [][]byte, ps [][][]byte, want common.Hash, reverts *int) int {
	t.Helper()
	n := 0
	expect := func(what string, root common.Hash, p [][][]byte, maySucceed bool) {
		t.Helper()
		n++
		got, reverted := e.updateMany(root, ks, vs, p)
		switch {
		case reverted != "":
			*reverts++
		case !maySucceed || got != want:
			t.Fatalf("updateMany %x with %s proofs: got %s, want a revert", ks, what, got)
		}
	}
	var other common.Hash
	rng.Read(other[:])
	expect("wrong-root", other, ps, false)
	if len(ps[0]) == 0 {
		return n
	}
	// Every copy of one node tampered with, or dropped.
	var all [][]byte
	for _, p := range ps {
		all = append(all, p...)
	}
	victim := all[rng.Intn(len(all))]
	isRoot := crypto.Keccak256Hash(victim) == u.root
	tamper := func(drop bool) [][][]byte {
		out := make([][][]byte, len(ps))
		for i, p := range ps {
			for _, node := range p {
				switch {
				case !bytes.Equal(node, victim):
					out[i] = append(out[i], node)
				case !drop:
					node = common.CopyBytes(node)
					node[rng.Intn(len(node))] ^= byte(1 + rng.Intn(255))
					out[i] = append(out[i], node)
				}
			}
		}
		return out
	}
	expect("flipped", u.root, tamper(false), !isRoot)
	expect("dropped", u.root, tamper(true), !isRoot)
	if len(u.keys) > 1 {
		otherKey := u.keys[rng.Intn(len(u.keys))]
		expect("another key's", u.root, [][][]byte{ps[0], u.prove(t, otherKey)}, true)
	}
	return n
}

// TestMerklePatriciaUpdateEdgeCases covers what random tries rarely reach.
func TestMerklePatriciaUpdateEdgeCases(t *testing.T) {
	e := newMPTEVM(t)
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	empty := [][]byte{}

	// An empty trie takes a first key with no proof, alone or two at once.
	tr.MustUpdate([]byte{0xab, 0xcd}, []byte{0x01})
	if got, reverted := e.update(types.EmptyRootHash, []byte{0xab, 0xcd}, []byte{0x01}, empty); got != tr.Hash() {
		t.Fatalf("first key: %s %q, want %s", got, reverted, tr.Hash())
	}
	tr.MustUpdate([]byte{0xab}, bytes.Repeat([]byte{7}, 40))
	got, reverted := e.updateMany(types.EmptyRootHash, [][]byte{{0xab, 0xcd}, {0xab}},
		[][]byte{{0x01}, bytes.Repeat([]byte{7}, 40)}, [][][]byte{empty, empty})
	if got != tr.Hash() {
		t.Fatalf("two keys into an empty trie: %s %q, want %s", got, reverted, tr.Hash())
	}
	// A node for an empty trie is one too many.
	if _, reverted := e.update(types.EmptyRootHash, []byte{1}, []byte{1}, [][]byte{{0x80}}); reverted != "MPTUnusedNodes" {
		t.Errorf("empty trie with a node: %q", reverted)
	}

	// Deletion is refused.
	var proof proofList
	if err := tr.Prove([]byte{0xab}, &proof); err != nil {
		t.Fatal(err)
	}
	if _, reverted := e.update(tr.Hash(), []byte{0xab}, nil, proof); reverted != "MPTEmptyValue" {
		t.Errorf("empty value: %q", reverted)
	}
	if _, reverted := e.updateMany(tr.Hash(), [][]byte{{0xab}}, [][]byte{{}}, [][][]byte{proof}); reverted != "MPTEmptyValue" {
		t.Errorf("updateMany, empty value: %q", reverted)
	}
	if _, reverted := e.updateMany(tr.Hash(), [][]byte{{0xab}}, [][]byte{{1}, {2}}, [][][]byte{proof}); reverted != "MPTLengthMismatch" {
		t.Errorf("updateMany, two values for one key: %q", reverted)
	}
	// A node missing from the pool.
	if _, reverted := e.updateMany(tr.Hash(), [][]byte{{0xab}}, [][]byte{{1}}, [][][]byte{empty}); reverted != "MPTUnknownNode" {
		t.Errorf("updateMany without nodes: %q", reverted)
	}
	// Malformed nodes that hash correctly, as get refuses them.
	for _, node := range [][]byte{
		{0xc2, 0x00, 0x80},             // extension with no path
		{0xc4, 0x82, 0x00, 0x01, 0x80}, // extension to nowhere
		{0xc3, 0x20, 0xc1, 0x80},       // leaf whose value is a list
		{0xc2, 0x40, 0x01},             // flag nibble 4
		branch(append([]byte{0x82, 0x01, 0x02}, bytes.Repeat([]byte{0x80}, 16)...)),
	} {
		if _, reverted := e.update(crypto.Keccak256Hash(node), []byte{0x01}, []byte{1}, [][]byte{node}); reverted != "MPTMalformedNode" {
			t.Errorf("node %x: %q, want MPTMalformedNode", node, reverted)
		}
	}
}

// TestMerklePatriciaUpdateTransfer applies transfers to a real go-ethereum
// state as the one-step proof will: both accounts' proofs from the pre-state
// (as eth_getProof gives them), the new accounts encoded by encodeAccount,
// updateMany for the new state root, which must be the one go-ethereum's
// StateDB computes.
func TestMerklePatriciaUpdateTransfer(t *testing.T) {
	cases := 300
	if *long {
		cases = 5000
	}
	t.Parallel()
	rng := rand.New(rand.NewSource(19))
	e := newMPTEVM(t)
	sdb := state.NewDatabaseForTesting()
	st, err := state.New(types.EmptyRootHash, sdb)
	if err != nil {
		t.Fatal(err)
	}
	var addrs []common.Address
	for i := range 500 {
		var a common.Address
		rng.Read(a[:])
		st.SetNonce(a, uint64(rng.Intn(1000)), tracing.NonceChangeUnspecified)
		st.SetBalance(a, uint256.NewInt(1+rng.Uint64()), tracing.BalanceChangeUnspecified)
		if i%5 == 0 {
			st.SetCode(a, randomBytes(rng, 1+rng.Intn(50)), tracing.CodeChangeUnspecified)
			st.SetState(a, common.Hash{1}, common.Hash{2})
		}
		addrs = append(addrs, a)
	}
	rules := e.cfg.Rules(big.NewInt(1), true, 0)
	root, err := st.Commit(rules, 1)
	if err != nil {
		t.Fatal(err)
	}
	accTrie, err := sdb.OpenTrie(root)
	if err != nil {
		t.Fatal(err)
	}
	var fresh, self int
	for c := range cases {
		from, to := addrs[rng.Intn(len(addrs))], addrs[rng.Intn(len(addrs))]
		switch rng.Intn(5) {
		case 0:
			rng.Read(to[:]) // a new account
			fresh++
		case 1:
			to = from
			self++
		}
		pre, err := state.New(root, sdb)
		if err != nil {
			t.Fatal(err)
		}
		amount := uint256.NewInt(1 + rng.Uint64()%pre.GetBalance(from).Uint64())

		// What the one-step proof gets: each account's proof against the pre-state root.
		keys := [][]byte{crypto.Keccak256(from[:]), crypto.Keccak256(to[:])}
		proofs := make([][][]byte, 2)
		for i, k := range keys {
			var p proofList
			if err := accTrie.Prove(k, &p); err != nil {
				t.Fatal(err)
			}
			proofs[i] = p
		}
		accounts := map[common.Address]*types.StateAccount{}
		for i, a := range []common.Address{from, to} {
			res, reverted := e.call("verifyAccount", root, a, proofs[i])
			if reverted != "" {
				t.Fatalf("case %d: verifyAccount %s: %s", c, a, reverted)
			}
			codeHash := common.Hash(res[3].([32]byte))
			if codeHash == (common.Hash{}) {
				codeHash = types.EmptyCodeHash
			}
			if accounts[a] == nil {
				accounts[a] = &types.StateAccount{Nonce: res[0].(*big.Int).Uint64(), Balance: uint256.MustFromBig(res[1].(*big.Int)),
					Root: common.Hash(res[2].([32]byte)), CodeHash: codeHash.Bytes()}
			}
		}
		// The step: the sender pays and bumps its nonce, then the recipient is paid.
		values := make([][]byte, 2)
		for i, a := range []common.Address{from, to} {
			acc := accounts[a]
			if i == 0 {
				acc.Nonce++
				acc.Balance = new(uint256.Int).Sub(acc.Balance, amount)
			} else {
				acc.Balance = new(uint256.Int).Add(acc.Balance, amount)
			}
			values[i] = encodeAccount(t, e, acc)
		}
		got, reverted := e.updateMany(root, keys, values, proofs)

		pre.SetNonce(from, pre.GetNonce(from)+1, tracing.NonceChangeUnspecified)
		pre.SubBalance(from, amount, tracing.BalanceChangeUnspecified)
		pre.AddBalance(to, amount, tracing.BalanceChangeUnspecified)
		if want := pre.IntermediateRoot(rules); reverted != "" || got != want {
			t.Fatalf("case %d: transfer %s -> %s: got %s %q, want %s", c, from, to, got, reverted, want)
		}
	}
	t.Logf("%d transfers in a 500-account state (%d to new accounts, %d to the sender itself) give go-ethereum's state root", cases, fresh, self)
}

// encodeAccount is MerklePatriciaProof.encodeAccount, checked against
// go-ethereum's encoding and against decodeAccount.
func encodeAccount(t *testing.T, e *mptEVM, acc *types.StateAccount) []byte {
	t.Helper()
	res, reverted := e.call("encodeAccount", new(big.Int).SetUint64(acc.Nonce), acc.Balance.ToBig(), acc.Root, common.BytesToHash(acc.CodeHash))
	if reverted != "" {
		t.Fatal(reverted)
	}
	enc := res[0].([]byte)
	want, err := rlp.EncodeToBytes(acc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, want) {
		t.Fatalf("encodeAccount(%+v) = %x, go-ethereum %x", acc, enc, want)
	}
	res, reverted = e.call("decodeAccount", enc)
	if reverted != "" || res[0].(*big.Int).Uint64() != acc.Nonce || res[1].(*big.Int).Cmp(acc.Balance.ToBig()) != 0 ||
		common.Hash(res[2].([32]byte)) != acc.Root || !bytes.Equal(common.Hash(res[3].([32]byte)).Bytes(), acc.CodeHash) {
		t.Fatalf("decodeAccount(%x) = %v %q", enc, res, reverted)
	}
	return enc
}

func TestEncodeAccountEdgeCases(t *testing.T) {
	e := newMPTEVM(t)
	max256 := new(uint256.Int).SetAllOne()
	for _, acc := range []*types.StateAccount{
		{Nonce: 0, Balance: new(uint256.Int), Root: types.EmptyRootHash, CodeHash: types.EmptyCodeHash[:]},
		{Nonce: 0x7f, Balance: uint256.NewInt(0x80), Root: common.Hash{1}, CodeHash: common.Hash{2}.Bytes()},
		{Nonce: ^uint64(0), Balance: max256, Root: common.Hash{}, CodeHash: make([]byte, 32)},
	} {
		encodeAccount(t, e, acc)
	}
	// Non-canonical and wrong-shaped encodings are refused.
	fiveItems, _ := rlp.EncodeToBytes([]any{uint64(1), uint64(2), common.Hash{}, common.Hash{}, uint64(3)})
	shortRoot, _ := rlp.EncodeToBytes([]any{uint64(1), uint64(2), make([]byte, 31), common.Hash{}})
	for _, bad := range [][]byte{
		{0xc4, 0x00, 0x80, 0x80, 0x80}, // a nonce with a leading zero byte
		fiveItems,
		shortRoot,
		{0x80}, // not a list
	} {
		if _, reverted := e.call("decodeAccount", bad); reverted == "" {
			t.Errorf("decodeAccount(%x) did not revert", bad)
		}
	}
}

// BenchmarkMerklePatriciaTrieGas reports the gas of get, update (an overwrite
// and an insert) and updateMany of two keys, for 32-byte keys in a trie of
// 50,000 accounts: the state trie of a busy L2.
func BenchmarkMerklePatriciaTrieGas(b *testing.B) {
	rng := rand.New(rand.NewSource(23))
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	var keys [][]byte
	for range 50_000 {
		var a common.Address
		rng.Read(a[:])
		acc := &types.StateAccount{Nonce: uint64(rng.Intn(100)), Balance: uint256.NewInt(rng.Uint64()),
			Root: types.EmptyRootHash, CodeHash: types.EmptyCodeHash[:]}
		enc, _ := rlp.EncodeToBytes(acc)
		k := crypto.Keccak256(a[:])
		tr.MustUpdate(k, enc)
		keys = append(keys, k)
	}
	root := tr.Hash()
	e := newMPTEVM(b)
	prove := func(k []byte) [][]byte {
		var p proofList
		if err := tr.Prove(k, &p); err != nil {
			b.Fatal(err)
		}
		return p
	}
	value, _ := rlp.EncodeToBytes(&types.StateAccount{Nonce: 1, Balance: uint256.NewInt(1e18),
		Root: types.EmptyRootHash, CodeHash: types.EmptyCodeHash[:]})
	absent := crypto.Keccak256([]byte("absent"))
	run := func(name string, method string, args func(i int) []any) {
		b.Run(name, func(b *testing.B) {
			var exec, tx uint64
			for i := range b.N {
				x, y := e.gas(method, args(i)...)
				exec += x
				tx += y
			}
			b.ReportMetric(float64(exec)/float64(b.N), "gas/op")
			b.ReportMetric(float64(tx)/float64(b.N), "txgas/op")
		})
	}
	key := func(i int) []byte { return keys[(i*7919)%len(keys)] }
	b.Run("proof", func(b *testing.B) {
		var nodes, size int
		for i := range b.N {
			p := prove(key(i))
			nodes += len(p)
			for _, n := range p {
				size += len(n)
			}
		}
		b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
		b.ReportMetric(float64(size)/float64(b.N), "bytes/op")
	})
	run("get", "get", func(i int) []any { return []any{root, key(i), prove(key(i))} })
	run("update", "update", func(i int) []any { return []any{root, key(i), value, prove(key(i))} })
	run("insert", "update", func(i int) []any { return []any{root, absent, value, prove(absent)} })
	run("updateMany2", "updateMany", func(i int) []any {
		k1, k2 := key(i), key(i+1)
		return []any{root, [][]byte{k1, k2}, [][]byte{value, value}, [][][]byte{prove(k1), prove(k2)}}
	})
}
