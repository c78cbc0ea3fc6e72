// Package outputs carries L2 output roots to L1: validators sign the state
// root after every range of batches and gossip their signatures, a relayer
// collects them and submits the root to the StateCommitmentChain once the
// signers hold two thirds of the validator stake, and every node compares the
// roots L1 holds with its own execution and raises an alert on a difference.
//
// # Ranges
//
// Roots cover fixed ranges of Interval batches, [k·Interval+1, (k+1)·Interval]
// for k = 0, 1, …, so that validators sign the same ranges without asking
// anyone. If L1's next expected batch is off that grid (a root submitted by
// hand, or roots deleted by a fraud proof), validators also sign the range
// from it to the next grid boundary.
//
// # Messages
//
// One topic, /l2/<network>/output_roots/1, carries Signed messages: a range,
// the output root and a validator's 65-byte secp256k1 signature of
// bridge.OutputRootDigest, the same digest the StateCommitmentChain
// recovers. A message whose signer is not in the L1 validator set, or that
// does not decode, is rejected and costs its sender score.
//
// # What it must never do
//
// Sign a root it did not compute itself, submit a root with less than the
// threshold (L1 would refuse it anyway), or trust a root because others
// signed it: the alert compares L1 with this node's own state.
package outputs
