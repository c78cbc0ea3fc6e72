package exec

import (
	"bufio"
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

const (
	crashSenders  = 100
	crashPerBatch = 400
	crashChildEnv = "L2NODE_EXEC_CRASH_CHILD"
)

// crashBatch is batch n of the crash test, a function of the state below it
// only, so that any executor at the same head builds the same batch.
func crashBatch(t testing.TB, e *Executor, keys []*DevKey, n uint64) *Batch {
	st, err := e.StateAt(e.Head().Header())
	if err != nil {
		t.Fatal(err)
	}
	nonces := make([]uint64, len(keys))
	for i, k := range keys {
		nonces[i] = st.GetNonce(k.Address)
	}
	signer := types.LatestSignerForChainID(big.NewInt(testChainID))
	txs := make(types.Transactions, 0, crashPerBatch)
	for j := range crashPerBatch {
		i := j % len(keys)
		to := common.BigToAddress(big.NewInt(int64(n)<<20 | int64(j%97)))
		tx, err := types.SignNewTx(keys[i].Key, signer, &types.DynamicFeeTx{
			ChainID: big.NewInt(testChainID), Nonce: nonces[i], GasTipCap: gwei(1), GasFeeCap: gwei(50),
			Gas: 21000, To: &to, Value: big.NewInt(int64(j + 1)),
		})
		if err != nil {
			t.Fatal(err)
		}
		nonces[i]++
		txs = append(txs, tx)
	}
	return &Batch{Number: n, Time: 1000 + n, FeeRecipient: keys[n%crashSenders].Address, Txs: txs}
}

// TestCrashChild is the process the crash test kills; it does nothing
// unless started by TestCrashMidCommit.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("run by TestCrashMidCommit")
	}
	e, err := Open(dir, DevGenesis(testChainID, crashSenders), Config{FlushInterval: 5})
	if err != nil {
		fmt.Printf("open-error %v\n", err)
		os.Exit(3)
	}
	keys := DevKeys(crashSenders)
	fmt.Printf("head %d %s\n", e.Head().NumberU64(), e.Head().Hash())
	for {
		b := crashBatch(t, e, keys, e.Head().NumberU64()+1)
		res, err := e.Apply(context.Background(), b)
		if err != nil {
			fmt.Printf("apply-error %v\n", err)
			os.Exit(3)
		}
		fmt.Printf("applied %d %s\n", res.Block.NumberU64(), res.Block.Hash())
	}
}

// TestCrashMidCommit kills a process applying batches with SIGKILL at
// random moments, mostly in the middle of a batch's commit or of a state
// flush, restarts it, and finally checks that the datadir holds exactly the
// chain a clean run computes: every committed batch kept, re-executed to the
// same roots.
func TestCrashMidCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	var lastReported uint64
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		want := 3 + rng.IntN(6) // batches to see applied before the kill
		seen := 0
		for lines.Scan() {
			f := strings.Fields(lines.Text())
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "open-error", "apply-error":
				cmd.Process.Kill()
				t.Fatalf("round %d: child: %s", round, lines.Text())
			case "head":
				n, _ := strconv.ParseUint(f[1], 10, 64)
				if n < lastReported {
					cmd.Process.Kill()
					t.Fatalf("round %d: restarted at head %d, but batch %d was reported committed", round, n, lastReported)
				}
			case "applied":
				lastReported, _ = strconv.ParseUint(f[1], 10, 64)
				seen++
			}
			if seen == want {
				break
			}
		}
		// Kill somewhere inside the next batch's signing, execution,
		// commit or flush.
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		t.Logf("round %d: killed after batch %d", round, lastReported)
	}
	e, err := Open(dir, DevGenesis(testChainID, crashSenders), Config{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	head := e.Head().NumberU64()
	if head < lastReported {
		t.Fatalf("head %d, but batch %d was reported committed", head, lastReported)
	}
	// A clean run of the same batches must give the same blocks.
	ref := openTest(t, DevGenesis(testChainID, crashSenders), Config{})
	keys := DevKeys(crashSenders)
	for n := uint64(1); n <= head; n++ {
		res, err := ref.Apply(context.Background(), crashBatch(t, ref, keys, n))
		if err != nil {
			t.Fatal(err)
		}
		if got := e.BlockByNumber(n); got == nil || got.Hash() != res.Block.Hash() {
			t.Fatalf("block %d after crashes differs from a clean run", n)
		}
	}
	if e.Head().Root() != ref.Head().Root() {
		t.Fatal("head state differs from a clean run")
	}
	// And the recovered node carries on.
	if _, err := e.Apply(context.Background(), crashBatch(t, e, keys, head+1)); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d batches survived 4 SIGKILLs; head root %s", head, ref.Head().Root())
}
