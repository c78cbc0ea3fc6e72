// Package das is data availability: 2D Reed-Solomon extension of batch data
// (klauspost/reedsolomon), row and column Merkle roots and share proofs, the
// share store of full DA nodes, sample serving, the light node's sampler,
// reconstruction and bad-encoding fraud proofs.
//
// Sampling decisions and reconstruction are pure state machines (see
// STYLE.md): the node drives them over libp2p, the simulator over a simulated
// network. Nothing is built here yet; the data-availability issue fills it.
package das
