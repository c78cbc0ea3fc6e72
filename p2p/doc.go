// Package p2p is the node's libp2p layer: one host with TCP and QUIC, Noise
// and TLS, yamux; a resource manager and a connection manager sized by role (a
// light node stays small); AutoNAT v2, UPnP, hole punching and a circuit-relay
// v2 client for nodes behind NAT, and the relay service on full nodes that
// enable it; a Kademlia DHT under the protocol prefix /l2/<network>, so it
// never mixes with the public IPFS DHT; role advertisement and discovery under
// /l2/<network>/role/<role>; and a peer book in pebble that lets a restarted
// node reconnect without its bootstrap peers.
//
// How a caller drives it:
//
//  1. New binds the listen addresses (a taken port is an error, not a
//     warning), opens the peer book and creates the DHT; it dials nobody.
//  2. Start dials the bootstrap peers and the most recent peers of the peer
//     book in parallel, then starts the DHT, the advertise loop of every role
//     the node runs and the lookup loop of every role it watches (Wants).
//  3. Services read Discovery().Peers(role): a cache, never a DHT query.
//     Discovery().Find is the blocking lookup, for tools and tests.
//  4. Close stops the loops, the DHT and the host, then flushes the peer book.
//
// It must never import the protocol packages above it (gossip, das,
// sequencing, …): they receive the libp2p host from here.
package p2p
