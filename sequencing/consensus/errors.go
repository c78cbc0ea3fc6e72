package consensus

import "errors"

// Errors returned by Step, AddBlock, Propose, the decoders and the Checker.
// They are wrapped with context; test them with errors.Is. A message rejected
// with any of them changed nothing in the core.
//
// Benign reports the ones an honest peer can cause (a lagging or leading
// node, a gossip echo): drop the message without penalty. Every other error
// means the sender, or the signer, broke the protocol or the format.
var (
	// ErrMalformed: the message's fields do not fit its type (a proposal
	// without a block, a Finalize of ⊥, an unknown type, bad encoding).
	ErrMalformed = errors.New("consensus: malformed message")
	// ErrWrongChain: the message is for another chain ID.
	ErrWrongChain = errors.New("consensus: wrong chain ID")
	// ErrNotMember: the signer is not in the validator set.
	ErrNotMember = errors.New("consensus: signer is not a validator")
	// ErrNotLeader: a proposal not signed by its view's leader.
	ErrNotLeader = errors.New("consensus: proposer is not the view's leader")
	// ErrStale: the view is below the window kept behind the last final view.
	ErrStale = errors.New("consensus: view is too old")
	// ErrTooFarAhead: the view is beyond the window kept ahead of the
	// current view (certificates are exempt).
	ErrTooFarAhead = errors.New("consensus: view is too far ahead")
	// ErrDuplicate: the core already has this message (or certificate).
	ErrDuplicate = errors.New("consensus: duplicate message")
	// ErrEquivocation: a further conflicting message from a signer already
	// caught equivocating in this view; the evidence was emitted before.
	ErrEquivocation = errors.New("consensus: signer already caught equivocating in this view")
	// ErrBadLinkage: the block's height or view does not follow its parent's.
	ErrBadLinkage = errors.New("consensus: block does not extend its parent")
	// ErrBadPayloadHash: the block's payload hash does not match its payload.
	ErrBadPayloadHash = errors.New("consensus: payload hash mismatch")
	// ErrInvalidPayload: Config.ValidPayload refused the payload.
	ErrInvalidPayload = errors.New("consensus: invalid payload")
	// ErrNoQuorum: a certificate whose signers hold no quorum of stake.
	ErrNoQuorum = errors.New("consensus: certificate lacks a quorum")
	// ErrBadSignature: a signature the Verifier refused (Checker only).
	ErrBadSignature = errors.New("consensus: bad signature")
	// ErrNotStarted: an input before Start.
	ErrNotStarted = errors.New("consensus: core not started")
	// ErrNoPayloadRequest: Propose without an outstanding NeedPayload for
	// that view (the view moved on, or it was already answered).
	ErrNoPayloadRequest = errors.New("consensus: no payload was requested for this view")
	// ErrNotFinal: VerifyFinal found a block its proofs do not make final.
	ErrNotFinal = errors.New("consensus: block is not proven final")
)

// Benign reports whether err is one an honest peer may cause: a duplicate,
// a view behind the kept window, or one beyond it. Such a message is dropped
// without penalty; any other error should count against the sender.
func Benign(err error) bool {
	return errors.Is(err, ErrDuplicate) || errors.Is(err, ErrStale) || errors.Is(err, ErrTooFarAhead) ||
		errors.Is(err, ErrNoPayloadRequest)
}
