// Package reqresp is request/response over libp2p streams: one stream per
// request, length-prefixed messages, size caps checked before allocation,
// deadlines on every read and write, per-peer token buckets on the server,
// and a client that moves on to other peers when one is slow, busy or lying.
//
// Wire format (docs/protocol.md has the normative text):
//
//	request:  uvarint(len) || request          then the client closes its write side
//	response: chunk*                           then the server closes the stream
//	chunk:    code (1 byte) || uvarint(len) || payload
//
// Code 0 is a result chunk; any other code (1 invalid request, 2 server error,
// 3 rate limited, 4 unavailable) ends the response and carries a short UTF-8
// reason. A peer is penalized for a malformed or oversized response, and the
// caller penalizes it for content that fails verification; it is never
// penalized for answering "rate limited", being slow or being unreachable.
//
// It knows no protocol: owning packages declare a Protocol (its ID, caps,
// rates) and a Handler.
package reqresp
