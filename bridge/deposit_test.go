package bridge

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

func (f *fixture) feed(dir string, confirmations uint64) *DepositFeed {
	f.t.Helper()
	feed, err := OpenDepositFeed(DepositFeedConfig{L1: f.l1, Bridge: f.addrs.Bridge, Confirmations: confirmations, Dir: dir})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { feed.Close() })
	return feed
}

func (f *fixture) poll(feed *DepositFeed, want int) {
	f.t.Helper()
	n, err := feed.Poll(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	if n != want {
		f.t.Fatalf("poll stored %d deposits, want %d", n, want)
	}
}

// TestDepositFeed: deposits enter the feed only at the confirmation depth,
// a deposit whose block is reorged away enters it from the block of the new
// chain that holds it, nonces
// continue across a restart without a deposit read twice, ERC-20 deposits
// record their token, and applied deposits are pruned.
func TestDepositFeed(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	dir := t.TempDir()
	feed := f.feed(dir, 2)
	recipient := common.HexToAddress("0x00000000000000000000000000000000000de905")

	// A deposit in block B: not confirmed until two blocks are on top.
	rec := f.ok(f.user, f.bridgeC, ether(5), f.bridge.PackDepositETH(recipient, 0, nil))
	f.poll(feed, 0)
	// L1 reorgs it away: the parent of B gets three new blocks.
	parent, err := f.l1.HeaderByNumber(f.ctx, new(big.Int).Sub(rec.BlockNumber, common.Big1))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.l1.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		f.l1.Commit()
	}
	if h, _ := f.l1.HeaderByNumber(f.ctx, rec.BlockNumber); h.Hash() == rec.BlockHash {
		t.Fatal("the reorg did not replace the deposit's block")
	}
	// The L1 put the orphaned transaction back in a block of the new chain;
	// the feed takes the deposit from there, once that block is confirmed.
	moved, err := f.l1.TransactionReceipt(f.ctx, rec.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if moved.BlockHash == rec.BlockHash {
		t.Fatal("the receipt still names the orphaned block")
	}
	f.poll(feed, 1)
	d, blk, ok := feed.Deposit(0)
	if canon, _ := f.l1.HeaderByNumber(f.ctx, new(big.Int).SetUint64(blk)); !ok || canon.Hash() != moved.BlockHash || d.L1Tx != rec.TxHash {
		t.Fatalf("deposit 0 from block %d (ok %v), want the canonical block %s", blk, ok, moved.BlockHash)
	}

	// The next deposit takes nonce 1.
	rec = f.ok(f.user, f.bridgeC, ether(7), f.bridge.PackDepositETH(recipient, 50_000, []byte{1, 2}))
	f.poll(feed, 0)
	f.l1.Commit()
	f.poll(feed, 0)
	f.l1.Commit()
	f.poll(feed, 1)
	d, blk, ok = feed.Deposit(1)
	if !ok || blk != rec.BlockNumber.Uint64() {
		t.Fatalf("deposit 1: %v in block %d", ok, blk)
	}
	want := &exec.Deposit{Nonce: 1, L1Tx: rec.TxHash, From: addr(f.user), To: recipient, Mint: ether(7), TokenAmount: new(big.Int), GasLimit: 50_000, Data: []byte{1, 2}}
	if !SameDeposit(d, want) {
		t.Fatalf("deposit 1: %+v, want %+v", d, want)
	}
	// A leader with a margin of one block waits for one more.
	if got := feed.Pending(1, 10, 1); len(got) != 0 {
		t.Fatalf("pending within the margin: %d", len(got))
	}
	f.l1.Commit()
	f.poll(feed, 0)
	if got := feed.Pending(1, 10, 1); len(got) != 1 {
		t.Fatalf("pending past the margin: %d", len(got))
	}

	// Restart: the cursor and nonce survive; nothing is read twice.
	feed.Close()
	feed = f.feed(dir, 2)
	if next, _ := feed.Head(); next != 2 {
		t.Fatalf("next nonce %d after restart", next)
	}
	f.poll(feed, 0)

	// An ERC-20 deposit records its token and mints nothing.
	token := f.deployArtifact(f.user, contracts.TestToken, "Test Token", "TST", ether(1000))
	f.ok(f.user, f.artifactContract(contracts.TestToken, token), nil, pack(t, contracts.TestToken, "approve", f.addrs.Bridge, ether(10)))
	rec = f.ok(f.user, f.bridgeC, nil, f.bridge.PackDepositERC20(token, ether(10), recipient, 0, nil))
	f.l1.Commit()
	f.l1.Commit()
	f.poll(feed, 1)
	d, _, _ = feed.Deposit(2)
	if d.Nonce != 2 || d.L1Token != token || d.TokenAmount.Cmp(ether(10)) != 0 || d.Mint.Sign() != 0 || d.L1Tx != rec.TxHash {
		t.Fatalf("ERC-20 deposit: %+v", d)
	}
	if got := feed.Pending(0, 10, 0); len(got) != 3 || got[2].Nonce != 2 {
		t.Fatalf("pending from 0: %d", len(got))
	}
	if err := feed.Prune(2); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := feed.Deposit(1); ok {
		t.Fatal("deposit 1 still there after pruning")
	}
	if _, _, ok := feed.Deposit(2); !ok {
		t.Fatal("deposit 2 pruned")
	}
}

// TestDepositFromLogRefusesOthers: a log of another contract is not a
// deposit.
func TestDepositFromLogRefusesOthers(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	rec := f.ok(f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(addr(f.user), 0, nil))
	l := *rec.Logs[0]
	if _, err := DepositFromLog(&l, f.addrs.Bridge); err != nil {
		t.Fatal(err)
	}
	if _, err := DepositFromLog(&l, f.addrs.StateCommitmentChain); err == nil {
		t.Fatal("a log attributed to another bridge address was accepted")
	}
	l.Topics = l.Topics[:1]
	if _, err := DepositFromLog(&l, f.addrs.Bridge); err == nil {
		t.Fatal("a truncated log was accepted")
	}
}
