// Package contracts holds the L1 Solidity sources, the script that compiles
// them with the npm solc package, the committed ABI and bytecode, and their
// abigen v2 Go bindings. Nothing is built here yet; the bridge issue fills it.
package contracts
