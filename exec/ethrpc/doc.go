// Package ethrpc is the node's Ethereum JSON-RPC: the eth_, net_ and web3_
// methods that unmodified wallets and libraries (go-ethereum's ethclient,
// ethers, viem) use, and the l2_ methods that report what only this chain
// has (batch status, DA data roots, deposits, PayPIN names). It serves
// go-ethereum's rpc server over HTTP and WebSocket on one listener and reads
// everything from an exec.Executor; transactions go to an exec.TxPool.
// docs/rpc.md lists every method, its limits and its errors.
//
// The JSON it writes has exactly the shapes go-ethereum's own API writes
// (blocks, transactions, receipts, logs, proofs), so that a client can
// recompute a block hash from the header fields it receives, and errors carry
// go-ethereum's messages and codes: pool rejections are -32000 with the
// pool's message, EVM reverts are code 3 with the revert data.
//
// How a caller drives it:
//
//  1. Build a Backend: the executor, the pool (nil on a node that takes no
//     transactions), a Progress (nil when the node does not know which
//     batches are available, committed or finalized), a client version and
//     a logger.
//  2. New(backend, options...) registers the APIs. Mount Handler() in an
//     existing HTTP server, or Start(addr) to listen on addr; Start returns
//     the address it bound (use "127.0.0.1:0" in tests).
//  3. Close stops the listener, ends WebSocket subscriptions and forgets
//     the installed filters. Close the server before the executor.
//
// It must never change the chain or the state: the only write it makes is
// handing a signed transaction to the pool. Every input is hostile: request
// bodies, batches, log queries, proof keys and filters are capped before any
// work, and calls run with a gas cap and a deadline.
package ethrpc
