// Package gossip is the node's one GossipSub router (go-libp2p-pubsub,
// gossipsub v1.2 with IDONTWANT) with a topic registry, envelopes, validation
// and peer scoring.
//
// Topics are named /l2/<network>/<name>/<version>. The package that owns a
// kind of message declares a Topic — its payload cap, time window, validator
// and scoring weights — and registers it; gossip imports none of them and
// knows nothing of batches or transactions.
//
// Every message is an envelope (version, publisher time, payload) compressed
// as one snappy block; sizes are checked before anything is allocated, and
// message IDs are a domain-separated SHA-256 of the decompressed content
// (docs/protocol.md is the normative description). Validators return Accept,
// Ignore or Reject; rejections lower the sender's peer score, and a peer that
// stays below the graylist threshold is banned through p2p.Reputation.
//
// How a caller drives it:
//
//  1. New(host, network, cfg, reputation) starts the router.
//  2. Register(Topic) joins and relays a topic and returns its Handle.
//  3. Handle.Publish(payload) publishes; Handle.Subscribe().Next returns
//     validated messages with the validator's decoded value.
//  4. Close leaves every topic.
//
// It must never import the packages that own topics.
package gossip
