package exec

import (
	"runtime"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// recoveryChunk is how many transactions a recovery worker takes at once.
const recoveryChunk = 64

// recovery recovers the senders (and hashes) of a batch's transactions on
// every core, in order of position, while execution follows behind: the
// executor waits only for the chunk holding the transaction it is about to
// apply. Senders are cached in the transactions themselves; failures are
// left for execution to report.
//
// With encode set, the workers also RLP-encode each transaction once, as a
// block body holds it, and derive the rest from those bytes: the
// transaction hash, the signing hash (go-ethereum would encode the
// transaction twice more for these), the block's transaction trie and its
// stored body.
type recovery struct {
	chunks []chan struct{}
	encs   []rlp.RawValue // per transaction, with encode; nil where encoding failed
	hashes []common.Hash  // per transaction, valid where encs is set
}

func startRecovery(signer types.Signer, txs types.Transactions, encode bool) *recovery {
	n := (len(txs) + recoveryChunk - 1) / recoveryChunk
	r := &recovery{chunks: make([]chan struct{}, n)}
	if encode {
		r.encs = make([]rlp.RawValue, len(txs))
		r.hashes = make([]common.Hash, len(txs))
	}
	for i := range r.chunks {
		r.chunks[i] = make(chan struct{})
	}
	workers := min(recoveryWorkers(), n)
	var next atomic.Int64
	for range workers {
		go func() {
			w := &recoveryWorker{kh: crypto.NewKeccakState()}
			for {
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				for i := c * recoveryChunk; i < min(len(txs), (c+1)*recoveryChunk); i++ {
					r.recover(signer, w, txs, i)
				}
				close(r.chunks[c])
			}
		}()
	}
	return r
}

// recoveryWorkers is how many goroutines recover a batch's senders: two per
// core. With one per core the cores sat idle part of the time, likely
// because a recovery is a cgo call of about 50 µs, longer than the runtime
// waits before it hands a blocked call's processor on (recovery alone ran
// about a tenth slower that way; BenchmarkExecTransfers 6 % slower).
func recoveryWorkers() int { return 2 * runtime.GOMAXPROCS(0) }

// recoveryWorker is what a recovery worker reuses from one transaction to
// the next.
type recoveryWorker struct {
	kh      crypto.KeccakState
	scratch []byte
}

func (r *recovery) recover(signer types.Signer, w *recoveryWorker, txs types.Transactions, i int) {
	tx := txs[i]
	if r.encs == nil {
		types.Sender(signer, tx)
		tx.Hash()
		return
	}
	enc, scratch, ok := appendTxBody(nil, w.scratch, tx)
	w.scratch = scratch
	if !ok {
		var err error
		if enc, err = rlp.EncodeToBytes(tx); err != nil {
			types.Sender(signer, tx)
			return
		}
	}
	// A typed transaction's body encoding is its canonical encoding
	// wrapped in an RLP string; a legacy one's is the list itself. The
	// hash is the keccak of either.
	canonical, _, err := rlp.SplitString(enc)
	if err != nil {
		canonical = enc
	}
	w.kh.Reset()
	w.kh.Write(canonical)
	w.kh.Read(r.hashes[i][:])
	if sighash, ok := signingHash(w.kh, canonical); ok {
		types.Sender(&presigned{chainSigner: chainSigner{unwrapSigner(signer)}, sighash: sighash}, tx)
	} else {
		types.Sender(signer, tx)
	}
	r.encs[i] = enc
}

// wait blocks until the sender of transaction i is known.
func (r *recovery) wait(i int) {
	<-r.chunks[i/recoveryChunk]
}

// hash is the hash of transaction i, tx, for which the caller has waited.
func (r *recovery) hash(i int, tx *types.Transaction) common.Hash {
	if r.encs != nil && r.encs[i] != nil {
		return r.hashes[i]
	}
	return tx.Hash()
}

// encodings returns the encodings of included, a subsequence of txs (the
// batch's transactions the recovery ran on), or nil if they are not all at
// hand. The caller has waited for every transaction.
func (r *recovery) encodings(txs, included types.Transactions) []rlp.RawValue {
	if r.encs == nil {
		return nil
	}
	out := make([]rlp.RawValue, 0, len(included))
	j := 0
	for i, tx := range txs {
		if j == len(included) {
			break
		}
		if tx != included[j] {
			continue
		}
		if r.encs[i] == nil {
			return nil
		}
		out = append(out, r.encs[i])
		j++
	}
	if j != len(included) {
		return nil
	}
	return out
}
