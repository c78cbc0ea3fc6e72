package exec

import (
	"runtime"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/core/types"
)

// recoveryChunk is how many transactions a recovery worker takes at once.
const recoveryChunk = 64

// recovery recovers the senders (and hashes) of a batch's transactions on
// every core, in order of position, while execution follows behind: the
// executor waits only for the chunk holding the transaction it is about to
// apply. Results are cached in the transactions themselves; failures are
// left for execution to report.
type recovery struct {
	chunks []chan struct{}
}

func startRecovery(signer types.Signer, txs types.Transactions) *recovery {
	n := (len(txs) + recoveryChunk - 1) / recoveryChunk
	r := &recovery{chunks: make([]chan struct{}, n)}
	for i := range r.chunks {
		r.chunks[i] = make(chan struct{})
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	for range workers {
		go func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				for _, tx := range txs[c*recoveryChunk : min(len(txs), (c+1)*recoveryChunk)] {
					types.Sender(signer, tx)
					tx.Hash()
				}
				close(r.chunks[c])
			}
		}()
	}
	return r
}

// wait blocks until the sender of transaction i is known.
func (r *recovery) wait(i int) {
	<-r.chunks[i/recoveryChunk]
}
