// Package erasure turns batch data into a 2D Reed-Solomon extended square of
// shares with SHA-256 Merkle commitments, proves single shares against the
// data root, repairs a partial square, and builds and checks bad-encoding
// fraud proofs. It is pure computation: no I/O, no clock, no network; it uses
// every core for the heavy loops, and SHA-NI for the hashing where the CPU
// has it (sha.go).
//
// Layout (docs/das.md has the normative text):
//
//  1. data is prefixed with its length (uint64, big-endian) and zero-padded
//     to k×k shares of ShareSize bytes, k the smallest power of two that fits
//     (1 ≤ k ≤ MaxK), shares laid out row by row;
//  2. each of the k rows is extended with k parity shares (Leopard GF(2^16)
//     Reed-Solomon, klauspost/reedsolomon), then each of the 2k columns is
//     extended the same way, giving a 2k×2k square whose top-left quadrant
//     is the data;
//  3. every row and column gets a Merkle root over its 2k shares, and the
//     data root is the Merkle root over the 2k row roots followed by the 2k
//     column roots. Leaves are SHA-256(0x00 || share) and inner nodes
//     SHA-256(0x01 || left || right); a root enters the data-root tree as a
//     leaf, SHA-256(0x00 || root).
package erasure
