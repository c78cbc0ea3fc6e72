// Package sequencing orders transactions without a single operator: the
// mempool, the staked sequencer set and its leader schedule, the rotating-
// leader BFT consensus state machine, batch building, equivocation evidence
// and catch-up of final batches.
//
// Built so far: the transaction gossip topic (/l2/<network>/tx/1, TxTopic:
// strict decoding, chain ID and signature checks, dedupe, a pluggable state
// check) and the batches_by_range request/response protocol for catch-up
// (ServeBatchesByRange over a BatchSource, FetchBatches with per-batch
// verification). The consensus core, mempool and leader schedule come with
// the sequencing issue; they will be pure state machines: messages and ticks
// in; messages, timers and decisions out; no goroutines, clock or network
// inside.
package sequencing
