// Package contracts holds the L2 system contracts and test contracts as
// Solidity sources (src/), the script that compiles them with the pinned npm
// solc package (scripts/compile.js), and the committed compiler output
// (artifacts/), which this package embeds and serves as parsed ABIs and
// bytecode.
//
// The L2 predeploys are PayPIN, the registry of <name>@pay payment IDs, and
// L2ToL1MessagePasser, where withdrawals start. Genesis places them by their
// runtime code alone, so they have no constructor and no immutables (the
// compile script refuses either), and the node reads their storage directly:
// PayPIN's owners mapping at slot 0, the message passer's sentMessages at slot
// 0 and messageNonce at slot 1. TestToken is a plain ERC-20 for tests and the
// devnet. The L1 contracts and their abigen bindings arrive with the bridge
// issue.
//
// This package never compiles anything: artifacts change only by running
// `make contracts` and committing the result, and CI's `make contracts-check`
// fails when they no longer match the sources. A caller asks for an artifact
// by name (Load, MustLoad, or Names for all of them) and must treat what it
// gets as read-only, since every caller shares one parsed copy.
package contracts
