// Package das is data availability over the network: signed DA headers on
// /l2/<network>/da_header/1, the pebble store of headers, squares, verdicts
// and attestations, the request/response protocols (sample, line,
// headers_by_range), fraud proofs and availability attestations on their
// own topics, and the Service that a full DA node (or producer) and a light
// node run. The coding and proofs are in das/erasure, the light node's
// sampling decisions in das/sampling; docs/das.md is the normative text.
//
// How a caller drives it:
//
//  1. OpenStore, then NewService with the node's router, request/response
//     service, key, a PeerFinder (DA peers, best first) and, on full nodes,
//     an attestation key. It registers the topics and protocols.
//  2. Start follows headers: a full node ingests and serves each square and
//     attests it; a light node samples it and stores a verdict. Both fetch
//     the headers of heights they missed below a new one from DA peers, and
//     ask DA peers for headers when gossip has brought none for a while
//     (Params.HeaderPoll).
//  3. Publish (producers) extends data and announces its header.
//  4. Status, Verdict and Attestations report; Close stops.
//
// It must never declare a height available without every sample verified.
package das
