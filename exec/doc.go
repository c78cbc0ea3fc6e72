// Package exec is Ethereum-compatible L2 execution on go-ethereum (core/vm,
// core/state, trie) over pebble: the payments fast path, the PayPIN registry,
// deposits and withdrawals, and the eth_ and l2_ JSON-RPC that unmodified
// wallets use. Nothing is built here yet; the execution issue fills it.
package exec
