// Package sequencing orders transactions without a single operator: the
// mempool, the staked sequencer set and its leader schedule, the rotating-
// leader BFT consensus state machine, batch building, equivocation evidence
// and catch-up of final batches.
//
// Consensus, the leader schedule and mempool policy are pure state machines:
// messages and ticks in; messages, timers and decisions out; no goroutines,
// clock or network inside. Nothing is built here yet; the sequencing issue
// fills it.
package sequencing
