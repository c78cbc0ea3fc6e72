// Package sampling is the light node's data-availability sampling core: how
// many samples a header needs for a confidence target, which coordinates to
// sample, and the per-height verdict (pending, available, unavailable) as
// results come in. It is a pure state machine in the style of etcd's raft:
// the caller hands in headers, sample results and a seeded *rand.Rand, and
// reads back the coordinates to fetch and the verdicts; there are no
// goroutines, clocks or network inside, so the node and the simulator drive
// the same code.
//
// How a caller drives it:
//
//  1. Begin(header) returns the coordinates to sample for a new height.
//  2. For each coordinate, fetch the share and its proof from DA peers
//     (retrying other peers as needed), verify the proof against the header's
//     data root, and report Verified or Failed.
//  3. Verdict(height) is Available only once every sample is Verified; it is
//     Unavailable as soon as one sample has Failed (no DA peer could serve a
//     share with a valid proof); Pending otherwise.
package sampling
