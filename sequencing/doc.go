// Package sequencing orders transactions without a single operator: the
// mempool, the staked sequencer set and its leader schedule, batch payloads,
// equivocation evidence, the store of final batches, catch-up, and the
// driver that runs the consensus core (sequencing/consensus, Simplex) with
// libp2p and real time.
//
//   - Mempool: pool policy only (per-sender nonce queues, fee-bump
//     replacement, eviction, per-peer admission limits); deterministic, so
//     the simulator drives the same code.
//   - Schedule: stake-weighted leaders per view, seeded by the final chain
//     two epochs back.
//   - Payload: what a leader proposes (height, time, DA data root, deposits,
//     transactions), RLP with caps checked before decoding.
//   - Driver: consensus messages on /l2/<network>/consensus/1 (signatures
//     checked in the topic validator), evidence on /l2/<network>/evidence/1,
//     blocks by hash, final batches by range (batches_by_range), slot pacing,
//     persisted signed views, and sequencer-set hand-overs at set-epoch
//     boundaries.
//   - TxTopic: the transaction gossip topic /l2/<network>/tx/1.
//
// docs/sequencing.md describes the whole.
package sequencing
