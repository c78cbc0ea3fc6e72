package exec

import (
	"runtime"
	"sync"

	"github.com/ethereum/go-ethereum/core/types"
)

// recoverSenders recovers every transaction's sender on all cores; the
// result is cached in the transaction, so execution then finds it for free.
// Failures are left for execution to report.
func recoverSenders(signer types.Signer, txs types.Transactions) {
	workers := runtime.GOMAXPROCS(0)
	if len(txs) < 2*workers {
		workers = 1
	}
	if workers == 1 {
		for _, tx := range txs {
			types.Sender(signer, tx)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(txs); i += workers {
				types.Sender(signer, txs[i])
			}
		}()
	}
	wg.Wait()
}
