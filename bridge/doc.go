// Package bridge is the node's side of the L1 contracts (contracts/src/l1,
// bound in contracts/bindings): access to the L1, deployment, and the
// encodings both chains must agree on. The relayer and validator loops and
// the fraud-proof games come later and build on what is here.
//
// # The L1
//
// L1 is the one interface to the L1 chain: the abigen bindings' backend plus
// chain ID, head, balances, nonces, receipts and logs at a confirmation depth.
// Two implementations:
//
//   - NewSimulated: go-ethereum's simulated backend inside the process, the
//     default for the devnet and the tests. Commit makes a block,
//     WithAutoCommit mines every transaction at once, WithBlockPeriod makes
//     blocks on a timer, AdjustTime moves L1 time (challenge windows, time
//     locks), and WithHTTP serves its JSON-RPC on a loopback port for outside
//     tools.
//   - Dial: any EVM chain over JSON-RPC (geth --dev in tests, BNB Chain in
//     production).
//
// Deploy puts SequencerRegistry, StateCommitmentChain and Bridge on an L1 in
// that order and returns their addresses.
//
// # Encodings
//
// OutputRootSigningBytes (what validators sign for a root), WithdrawalHash
// and WithdrawalSlot (what the L2 message passer records and the Bridge
// proves), WithdrawalFromLog and WithdrawalProof (from the L2's MessagePassed
// log and eth_getProof to proveWithdrawal's arguments), SlashEvidence (from
// consensus evidence to SequencerRegistry.slash). docs/bridge.md specifies
// them.
//
// # What it must never do
//
// Trust the L1 or the L2 RPC it reads: the contracts check every proof and
// signature themselves, and a relayer built on this package only carries
// data. Hold keys it was not given, or send a transaction on its own.
package bridge
