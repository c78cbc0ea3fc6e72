// Package bridge talks to the L1: an embedded go-ethereum simulated chain by
// default, any EVM chain over JSON-RPC in production. It runs the relayer and
// validator loops (deposits in, state roots and withdrawals out) and the
// fraud-proof games against the L1 contracts. Nothing is built here yet; the
// bridge issue fills it.
package bridge
