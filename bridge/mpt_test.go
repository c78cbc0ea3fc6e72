package bridge

import (
	"bytes"
	"errors"
	"flag"
	"math/big"
	"math/rand"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethdb/memorydb"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"

	"github.com/l2node/l2node/contracts"
)

var long = flag.Bool("long", false, "run the long randomized tests")

// mptEVM runs the MerklePatriciaProofHarness in go-ethereum's EVM
// (core/vm/runtime), without a chain: thousands of calls a second.
type mptEVM struct {
	t     testing.TB
	state *state.StateDB
	abi   abi.ABI
	addr  common.Address
	cfg   *params.ChainConfig
}

func newMPTEVM(t testing.TB) *mptEVM {
	t.Helper()
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		t.Fatal(err)
	}
	art := contracts.MustLoad(contracts.MerklePatriciaProofHarness)
	addr := common.HexToAddress("0x4d50")
	st.SetCode(addr, art.DeployedBytecode, tracing.CodeChangeUnspecified)
	// The artifacts are compiled for Prague.
	cfg := *params.MergedTestChainConfig
	cfg.OsakaTime = nil
	return &mptEVM{t: t, state: st, abi: art.ABI, addr: addr, cfg: &cfg}
}

// call runs a harness method; on a revert it returns the custom error's name.
func (e *mptEVM) call(method string, args ...any) ([]any, string) {
	e.t.Helper()
	input, err := e.abi.Pack(method, args...)
	if err != nil {
		e.t.Fatal(err)
	}
	out, _, err := runtime.Call(e.addr, input, &runtime.Config{
		ChainConfig: e.cfg, State: e.state, GasLimit: 30_000_000, BlockNumber: big.NewInt(1),
	})
	if errors.Is(err, vm.ErrExecutionReverted) {
		return nil, revertName(e.abi, out)
	}
	if err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
	res, err := e.abi.Unpack(method, out)
	if err != nil {
		e.t.Fatalf("%s: unpack: %v", method, err)
	}
	return res, ""
}

// get is MerklePatriciaProof.get; reverted is the custom error's name.
func (e *mptEVM) get(root common.Hash, key []byte, proof [][]byte) (exists bool, value []byte, reverted string) {
	e.t.Helper()
	res, reverted := e.call("get", root, key, proof)
	if reverted != "" {
		return false, nil, reverted
	}
	return res[0].(bool), res[1].([]byte), ""
}

// revertName names the custom error in revert data, or describes the data.
func revertName(a abi.ABI, data []byte) string {
	if len(data) >= 4 {
		for name, e := range a.Errors {
			if bytes.Equal(e.ID[:4], data[:4]) {
				return name
			}
		}
	}
	if len(data) == 0 {
		return "revert without data"
	}
	return "unknown revert " + common.Bytes2Hex(data)
}

// proofList collects the nodes trie.Prove writes, root first.
type proofList [][]byte

func (p *proofList) Put(_, value []byte) error {
	*p = append(*p, common.CopyBytes(value))
	return nil
}

func (p *proofList) Delete([]byte) error { return errors.New("append-only") }

func (p proofList) db() *memorydb.Database {
	db := memorydb.New()
	for _, n := range p {
		db.Put(crypto.Keccak256(n), n)
	}
	return db
}

// randomTrie fills a go-ethereum trie with random keys and values. Short keys
// of varying length give keys that are prefixes of others (values in branch
// nodes); short values give nodes under 32 bytes, embedded in their parents.
func randomTrie(rng *rand.Rand) (*trie.Trie, map[string][]byte, bool) {
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	n := 1 + rng.Intn(40)
	if rng.Intn(10) == 0 {
		n = 1 + rng.Intn(600)
	}
	fixed := rng.Intn(2) == 0 // 32-byte keys, as the state and storage tries have
	maxVal := []int{4, 16, 40, 120}[rng.Intn(4)]
	kv := make(map[string][]byte, n)
	for range n {
		var key []byte
		if fixed {
			key = make([]byte, 32)
		} else {
			key = make([]byte, 1+rng.Intn(4))
		}
		rng.Read(key)
		val := make([]byte, 1+rng.Intn(maxVal))
		rng.Read(val)
		kv[string(key)] = val
		tr.MustUpdate(key, val)
	}
	return tr, kv, fixed
}

// absentKeys returns keys near the trie's keys that it does not hold: one
// byte changed, one byte fewer, one byte more, and a random one.
func absentKeys(rng *rand.Rand, kv map[string][]byte, fixed bool) [][]byte {
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out [][]byte
	add := func(k []byte) {
		if _, ok := kv[string(k)]; !ok {
			out = append(out, k)
		}
	}
	base := []byte(keys[rng.Intn(len(keys))])
	changed := common.CopyBytes(base)
	changed[rng.Intn(len(changed))] ^= byte(1 + rng.Intn(255))
	add(changed)
	if !fixed {
		add(base[:len(base)-1])
		add(append(common.CopyBytes(base), byte(rng.Intn(256))))
	}
	random := make([]byte, len(base))
	rng.Read(random)
	add(random)
	return out
}

// TestMerklePatriciaProofMatchesGeth checks the Solidity verifier against
// go-ethereum's tries on thousands of random tries: every inclusion and
// exclusion proof trie.Prove makes gives the answer trie.VerifyProof gives,
// and every tampered proof reverts.
func TestMerklePatriciaProofMatchesGeth(t *testing.T) {
	tries := 2000
	if *long {
		tries = 50_000
	}
	t.Parallel()
	rng := rand.New(rand.NewSource(7))
	e := newMPTEVM(t)
	var included, excluded, tampered, embedded int
	for i := range tries {
		tr, kv, fixed := randomTrie(rng)
		root := tr.Hash()
		if fixed {
			// The stack trie (sorted inserts) must agree on the root.
			keys := make([]string, 0, len(kv))
			for k := range kv {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			st := trie.NewStackTrie(nil)
			for _, k := range keys {
				if err := st.Update([]byte(k), kv[k]); err != nil {
					t.Fatal(err)
				}
			}
			if st.Hash() != root {
				t.Fatalf("trie %d: stack trie root %s, trie root %s", i, st.Hash(), root)
			}
		}

		var queries [][]byte
		for k := range kv {
			queries = append(queries, []byte(k))
			if len(queries) == 3 {
				break
			}
		}
		queries = append(queries, absentKeys(rng, kv, fixed)...)
		var lastProof proofList
		for _, key := range queries {
			var proof proofList
			if err := tr.Prove(key, &proof); err != nil {
				t.Fatal(err)
			}
			want, err := trie.VerifyProof(root, key, proof.db())
			if err != nil {
				t.Fatalf("trie %d: go-ethereum rejects its own proof of %x: %v", i, key, err)
			}
			if want != nil && !bytes.Equal(want, kv[string(key)]) {
				t.Fatalf("trie %d: go-ethereum proves %x for %x, the trie holds %x", i, want, key, kv[string(key)])
			}
			exists, got, reverted := e.get(root, key, proof)
			if reverted != "" {
				t.Fatalf("trie %d (%d keys): proof of %x (%d nodes) reverted with %s", i, len(kv), key, len(proof), reverted)
			}
			if exists != (want != nil) || !bytes.Equal(got, want) {
				t.Fatalf("trie %d: key %x: contract says (%v, %x), go-ethereum %x", i, key, exists, got, want)
			}
			if exists {
				included++
			} else {
				excluded++
			}
			for _, n := range proof {
				if hasEmbeddedChild(n) {
					embedded++
					break
				}
			}
			tampered += checkTampered(t, e, rng, root, key, proof)
			if lastProof != nil {
				crossKey(t, e, root, key, lastProof)
			}
			lastProof = proof
		}
	}
	t.Logf("%d tries: %d inclusion and %d exclusion proofs (%d through embedded nodes), %d tampered proofs rejected",
		tries, included, excluded, embedded, tampered)
	if embedded == 0 || included == 0 || excluded == 0 {
		t.Fatal("the random tries did not cover inclusion, exclusion and embedded nodes")
	}
}

// crossKey asks about key with another key's proof: the contract may refuse
// it, but if it answers, go-ethereum must give the same answer from the same
// nodes. The contract refuses more than go-ethereum only by insisting that
// every node be used.
func crossKey(t *testing.T, e *mptEVM, root common.Hash, key []byte, proof proofList) {
	t.Helper()
	want, err := trie.VerifyProof(root, key, proof.db())
	exists, got, reverted := e.get(root, key, proof)
	switch {
	case reverted == "" && (err != nil || exists != (want != nil) || !bytes.Equal(got, want)):
		t.Fatalf("key %x with another key's proof: contract says (%v, %x), go-ethereum (%x, %v)", key, exists, got, want, err)
	case reverted != "" && err == nil && reverted != "MPTUnusedNodes":
		t.Fatalf("key %x with another key's proof: contract reverts with %s, go-ethereum answers %x", key, reverted, want)
	}
}

// hasEmbeddedChild reports whether a branch or extension node holds a child
// inline (an RLP list inside the node's list) rather than by hash.
func hasEmbeddedChild(node []byte) bool {
	content, _, err := rlp.SplitList(node)
	if err != nil {
		return false
	}
	for len(content) > 0 {
		kind, _, rest, err := rlp.Split(content)
		if err != nil {
			return false
		}
		if kind == rlp.List {
			return true
		}
		content = rest
	}
	return false
}

// checkTampered corrupts a valid proof in several ways, each of which the
// contract must refuse; it returns how many it tried.
func checkTampered(t *testing.T, e *mptEVM, rng *rand.Rand, root common.Hash, key []byte, proof proofList) int {
	t.Helper()
	expect := func(what string, p [][]byte, r common.Hash, want ...string) {
		t.Helper()
		exists, v, reverted := e.get(r, key, p)
		if reverted == "" || (len(want) > 0 && !slices.Contains(want, reverted)) {
			t.Fatalf("%s proof of %x: got (%v, %x, %q), want a revert %v", what, key, exists, v, reverted, want)
		}
	}
	n := 0
	// A flipped byte in any node breaks its hash.
	i := rng.Intn(len(proof))
	flipped := cloneProof(proof)
	flipped[i][rng.Intn(len(flipped[i]))] ^= byte(1 + rng.Intn(255))
	expect("flipped", flipped, root, "MPTBadNodeHash")
	n++
	// A missing node.
	if len(proof) > 1 {
		j := rng.Intn(len(proof))
		dropped := append(cloneProof(proof[:j]), proof[j+1:]...)
		expect("dropped", dropped, root, "MPTBadNodeHash", "MPTMissingNode")
		n++
	}
	// An extra node after the end of the path.
	extra := append(cloneProof(proof), proof[rng.Intn(len(proof))])
	expect("extended", extra, root, "MPTUnusedNodes")
	n++
	// Nodes out of order.
	if len(proof) > 2 {
		swapped := cloneProof(proof)
		a, b := 1+rng.Intn(len(proof)-1), 1+rng.Intn(len(proof)-1)
		if !bytes.Equal(swapped[a], swapped[b]) {
			swapped[a], swapped[b] = swapped[b], swapped[a]
			expect("reordered", swapped, root, "MPTBadNodeHash")
			n++
		}
	}
	// Another root.
	var other common.Hash
	rng.Read(other[:])
	expect("wrong-root", proof, other, "MPTBadNodeHash")
	// No proof at all for a non-empty trie.
	expect("empty", nil, root, "MPTMissingNode")
	return n + 2
}

func cloneProof(p [][]byte) [][]byte {
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = common.CopyBytes(p[i])
	}
	return out
}

// TestMerklePatriciaProofEdgeCases covers what random tries rarely reach.
func TestMerklePatriciaProofEdgeCases(t *testing.T) {
	e := newMPTEVM(t)
	// The empty trie proves every key absent with no nodes.
	if exists, _, reverted := e.get(types.EmptyRootHash, []byte{1, 2}, nil); exists || reverted != "" {
		t.Fatalf("empty trie: %v, %q", exists, reverted)
	}
	// A one-key trie: the root is a leaf, shorter than 32 bytes, yet given
	// as the first element and hashed.
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	tr.MustUpdate([]byte{0xab}, []byte{0x01})
	var proof proofList
	if err := tr.Prove([]byte{0xab}, &proof); err != nil {
		t.Fatal(err)
	}
	if len(proof) != 1 || len(proof[0]) >= 32 {
		t.Fatalf("want a single short root node, got %d nodes", len(proof))
	}
	if exists, v, reverted := e.get(tr.Hash(), []byte{0xab}, proof); !exists || !bytes.Equal(v, []byte{1}) || reverted != "" {
		t.Fatalf("one-key trie: %v %x %q", exists, v, reverted)
	}
	if exists, _, reverted := e.get(tr.Hash(), []byte{0xac}, proof); exists || reverted != "" {
		t.Fatalf("one-key trie, other key: %v %q", exists, reverted)
	}
	// Malformed nodes that hash correctly: the root is whatever bytes the
	// proof's first element hashes to, so the decoder must refuse them itself.
	for _, bad := range [][]byte{
		{0x80},                         // a string, not a list
		{0xc0},                         // an empty list
		{0xc2, 0x80, 0x80},             // two empty items: no hex-prefix flag
		{0xc3, 0x81, 0x05, 0x80},       // single byte below 0x80 in long form
		{0xc3, 0x82, 0x20},             // item runs past the list
		{0xc2, 0x40, 0x01},             // flag nibble 4
		{0xc2, 0x10, 0x01, 0x00},       // trailing byte after the node
		{0xc2, 0x00, 0x80},             // extension with no path
		{0xc4, 0x82, 0x00, 0x01, 0x80}, // extension to nowhere
		{0xc3, 0x20, 0xc1, 0x80},       // leaf whose value is a list
		branch(append([]byte{0x82, 0x01, 0x02}, bytes.Repeat([]byte{0x80}, 16)...)), // a 2-byte child
		branch(append([]byte{0x01}, bytes.Repeat([]byte{0x80}, 16)...)),             // a 1-byte child
		branch(bytes.Repeat([]byte{0x80}, 16)),                                      // 16 items
		branch(bytes.Repeat([]byte{0x80}, 18)),                                      // 18 items
	} {
		if _, _, reverted := e.get(crypto.Keccak256Hash(bad), []byte{0x01}, [][]byte{bad}); reverted != "MPTMalformedNode" {
			t.Errorf("node %x: %q, want MPTMalformedNode", bad, reverted)
		}
	}
}

// branch wraps items (at most 55 bytes of them) in a list header.
func branch(items []byte) []byte {
	return append([]byte{0xc0 + byte(len(items))}, items...)
}

// TestVerifyAccountAndStorage proves accounts and slots of a real
// go-ethereum state, as eth_getProof does, and checks the decoded fields.
func TestVerifyAccountAndStorage(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	e := newMPTEVM(t)
	sdb := state.NewDatabaseForTesting()
	st, err := state.New(types.EmptyRootHash, sdb)
	if err != nil {
		t.Fatal(err)
	}
	type account struct {
		addr  common.Address
		slots map[common.Hash]common.Hash
	}
	var accounts []account
	for i := range 200 {
		var a account
		rng.Read(a.addr[:])
		st.SetNonce(a.addr, rng.Uint64()>>uint(rng.Intn(64)), tracing.NonceChangeUnspecified)
		bal := new(big.Int).Rsh(new(big.Int).SetBytes(randomBytes(rng, 32)), uint(rng.Intn(256)))
		st.SetBalance(a.addr, uint256.MustFromBig(bal), tracing.BalanceChangeUnspecified)
		if i%3 == 0 {
			st.SetCode(a.addr, randomBytes(rng, 1+rng.Intn(100)), tracing.CodeChangeUnspecified)
		}
		a.slots = map[common.Hash]common.Hash{}
		for range rng.Intn(20) {
			var k, v common.Hash
			rng.Read(k[:])
			// Values of every length, from 1 to 32 significant bytes.
			copy(v[32-1-rng.Intn(32):], randomBytes(rng, 32))
			if v == (common.Hash{}) {
				v[31] = 1
			}
			st.SetState(a.addr, k, v)
			a.slots[k] = v
		}
		accounts = append(accounts, a)
	}
	root, err := st.Commit(e.cfg.Rules(big.NewInt(1), true, 0), 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err = state.New(root, sdb)
	if err != nil {
		t.Fatal(err)
	}
	accTrie, err := sdb.OpenTrie(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		var proof proofList
		if err := accTrie.Prove(crypto.Keccak256(a.addr[:]), &proof); err != nil {
			t.Fatal(err)
		}
		res, reverted := e.call("verifyAccount", root, a.addr, [][]byte(proof))
		if reverted != "" {
			t.Fatalf("account %s: %s", a.addr, reverted)
		}
		storageRoot := st.GetStorageRoot(a.addr)
		if res[0].(*big.Int).Uint64() != st.GetNonce(a.addr) || res[1].(*big.Int).Cmp(st.GetBalance(a.addr).ToBig()) != 0 ||
			common.Hash(res[2].([32]byte)) != storageRoot || common.Hash(res[3].([32]byte)) != st.GetCodeHash(a.addr) {
			t.Fatalf("account %s: proven %v", a.addr, res)
		}
		var stTrie state.Trie
		if storageRoot != types.EmptyRootHash {
			if stTrie, err = sdb.OpenStorageTrie(root, a.addr, storageRoot, nil); err != nil {
				t.Fatal(err)
			}
		}
		var absent common.Hash
		rng.Read(absent[:])
		for k, want := range a.slots {
			checkSlot(t, e, stTrie, storageRoot, k, want)
			checkSlot(t, e, stTrie, storageRoot, absent, common.Hash{})
		}
		if len(a.slots) == 0 {
			checkSlot(t, e, stTrie, storageRoot, absent, common.Hash{})
		}
	}
	// An account that does not exist.
	var nobody common.Address
	rng.Read(nobody[:])
	var proof proofList
	if err := accTrie.Prove(crypto.Keccak256(nobody[:]), &proof); err != nil {
		t.Fatal(err)
	}
	res, reverted := e.call("verifyAccount", root, nobody, [][]byte(proof))
	if reverted != "" || res[0].(*big.Int).Sign() != 0 || res[1].(*big.Int).Sign() != 0 ||
		common.Hash(res[2].([32]byte)) != types.EmptyRootHash || res[3].([32]byte) != [32]byte{} {
		t.Fatalf("absent account: %v %q", res, reverted)
	}
}

func checkSlot(t *testing.T, e *mptEVM, tr state.Trie, storageRoot, slot, want common.Hash) {
	t.Helper()
	var proof proofList
	if tr != nil {
		if err := tr.Prove(crypto.Keccak256(slot[:]), &proof); err != nil {
			t.Fatal(err)
		}
	}
	res, reverted := e.call("verifyStorage", storageRoot, slot, [][]byte(proof))
	if reverted != "" {
		t.Fatalf("slot %s: %s", slot, reverted)
	}
	if got := common.BigToHash(res[0].(*big.Int)); got != want {
		t.Fatalf("slot %s: proven %s, want %s", slot, got, want)
	}
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	rng.Read(b)
	return b
}
