package bridge

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/l2node/l2node/exec"
)

// The gas benchmarks report what the L1 contracts cost on an L1 at Osaka
// (the simulated L1, see NewSimulated): gas/op is the receipts' gas used,
// intrinsic and calldata gas included. Run them with a fixed count, e.g.
//
//	go test -run '^$' -bench . -benchtime 20x ./bridge

// BenchmarkSubmitStateRoot commits one root per iteration, signed by a bare
// quorum (the least a relayer submits) or by every validator.
func BenchmarkSubmitStateRoot(b *testing.B) {
	for _, n := range []int{4, 16, 64} {
		quorum := (2*n + 2) / 3 // the least count with 3·signed ≥ 2·total
		for _, signers := range []int{quorum, n} {
			b.Run(fmt.Sprintf("validators=%d/signers=%d", n, signers), func(b *testing.B) {
				f := newFixture(b, fixtureOptions{validators: n})
				// A first root: the chain's array is no longer empty, as in steady state.
				f.submitRoot(1, 1, crypto.Keccak256Hash([]byte{1}))
				var gas uint64
				for i := range b.N {
					batch := uint64(i + 2)
					root := crypto.Keccak256Hash(binary.BigEndian.AppendUint64(nil, batch))
					sigs := f.signRoot(f.validators[:signers], testL2ChainID, batch, batch, root)
					r := f.ok(f.relayer, f.sccC, nil, f.scc.PackSubmitStateRoot(new(big.Int).SetUint64(batch), new(big.Int).SetUint64(batch), root, sigs))
					gas += r.GasUsed
				}
				b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
			})
		}
	}
}

// withdrawalBench is an L1 with the contracts, an L2 whose state has
// `accounts` extra accounts and `background` earlier withdrawals (so the
// proofs have the depth of a used chain), and n withdrawals proven against
// one committed root, ready to prove or finalize.
type withdrawalBench struct {
	f       *fixture
	ws      []Withdrawal
	account [][][]byte
	storage [][][]byte
}

func newWithdrawalBench(b *testing.B, n, accounts, background int) *withdrawalBench {
	b.Helper()
	f := newFixture(b, fixtureOptions{mutate: func(p *DeployParams) {
		p.ChallengeWindow, p.FinalizationDelay, p.LargeWithdrawalDelay = time.Second, time.Second, time.Second
	}})
	gen := exec.DevGenesis(testL2ChainID, 4)
	for i := range accounts {
		a := common.BytesToAddress(crypto.Keccak256(binary.BigEndian.AppendUint64(nil, uint64(i))))
		gen.Alloc[a] = types.Account{Balance: big.NewInt(int64(i + 1))}
	}
	l := newL2(b, gen)
	bg := l.keys[3].Key
	for done := 0; done < background; {
		var txs []*types.Transaction
		for ; done < background && len(txs) < 2000; done++ {
			txs = append(txs, l.withdrawTx(bg, common.BytesToAddress(crypto.Keccak256([]byte{byte(done), byte(done >> 8)})), big.NewInt(1), 100_000, nil))
		}
		l.apply(txs...)
	}
	// The measured withdrawals: to an existing L1 account, as most are.
	senders := []*ecdsa.PrivateKey{l.keys[1].Key, l.keys[2].Key}
	var txs []*types.Transaction
	for i := range n {
		txs = append(txs, l.withdrawTx(senders[i%2], addr(f.user), big.NewInt(1e15), 100_000, nil))
	}
	block, ws := l.apply(txs...)
	f.ok(f.user, f.bridgeC, ether(10), f.bridge.PackDepositETH(addr(f.user), 0, nil))
	f.submitBlock(1, block)
	wb := &withdrawalBench{f: f, ws: ws}
	for _, w := range ws {
		acc, st := l.proof(WithdrawalHash(w), block.NumberU64())
		wb.account = append(wb.account, acc)
		wb.storage = append(wb.storage, st)
	}
	return wb
}

var benchStates = []struct {
	name                 string
	accounts, background int
}{
	{"l2=dev", 0, 0},
	{"l2=50k-accounts,4k-withdrawals", 50_000, 4096},
}

func BenchmarkProveWithdrawal(b *testing.B) {
	for _, s := range benchStates {
		b.Run(s.name, func(b *testing.B) {
			wb := newWithdrawalBench(b, b.N, s.accounts, s.background)
			f := wb.f
			var gas, nodes, bytes int
			b.ResetTimer()
			for i, w := range wb.ws {
				r := f.ok(f.relayer, f.bridgeC, nil, f.packProve(w, 0, wb.account[i], wb.storage[i]))
				gas += int(r.GasUsed)
				nodes += len(wb.account[i]) + len(wb.storage[i])
				for _, p := range append(wb.account[i], wb.storage[i]...) {
					bytes += len(p)
				}
			}
			b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
			b.ReportMetric(float64(nodes)/float64(b.N), "proof-nodes/op")
			b.ReportMetric(float64(bytes)/float64(b.N), "proof-bytes/op")
		})
	}
}

func BenchmarkFinalizeWithdrawal(b *testing.B) {
	wb := newWithdrawalBench(b, b.N, 0, 0)
	f := wb.f
	for i, w := range wb.ws {
		f.ok(f.relayer, f.bridgeC, nil, f.packProve(w, 0, wb.account[i], wb.storage[i]))
	}
	if err := f.l1.AdjustTime(2 * time.Second); err != nil {
		b.Fatal(err)
	}
	var gas uint64
	b.ResetTimer()
	for _, w := range wb.ws {
		gas += f.ok(f.relayer, f.bridgeC, nil, f.bridge.PackFinalizeWithdrawal(w)).GasUsed
	}
	b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
}

// BenchmarkDeposit is depositETH with 100 bytes of data, for comparison.
func BenchmarkDeposit(b *testing.B) {
	f := newFixture(b, fixtureOptions{})
	f.ok(f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(addr(f.user), 0, nil))
	var gas uint64
	for range b.N {
		gas += f.ok(f.user, f.bridgeC, ether(1), f.bridge.PackDepositETH(addr(f.user), 100_000, make([]byte, 100))).GasUsed
	}
	b.ReportMetric(float64(gas)/float64(b.N), "gas/op")
}
