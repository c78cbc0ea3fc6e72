// Package consensus is the sequencer set's BFT agreement: a deterministic
// state machine implementing Simplex — Benjamin Y. Chan and Rafael Pass,
// "Simplex Consensus: A Simple and Fast Consensus Protocol", TCC 2023, IACR
// ePrint 2023/463 — with leaders rotating per view and votes weighted by
// stake.
//
// # What it guarantees
//
// A quorum is any set of validators holding more than two thirds of the
// total stake. While the Byzantine validators hold less than a third:
//
//   - Safety, always (any delays, losses, partitions): no two honest nodes
//     ever output different final blocks at one height, and every honest
//     node's final chain is a prefix of every other's.
//   - Liveness once the network stabilizes (messages between honest nodes
//     arrive within Δ, and Config.Timeout ≥ 3Δ): under an honest leader a
//     view takes two network delays and its block is final one delay later;
//     a crashed, silent or equivocating leader costs its view one Timeout.
//   - Accountability: messages no honest validator sends together become
//     Evidence, and an honest validator never produces such a pair.
//
// # What it must never do
//
// Core runs no goroutines, reads no clock, draws no randomness and does no
// I/O: inputs are messages, payloads, fetched blocks and time ticks; outputs
// are messages to send, a timer to set, requests, final blocks and
// evidence (a lint test enforces it). It never checks a signature either:
// the caller does, with a Checker, before Step. The same core runs under
// the libp2p node and under the simulator's virtual clock.
//
// # Blocks, views and ⊥
//
// The protocol proceeds in views 1, 2, …; Config.Leader names each view's
// leader. A Block carries its view, its height (parent's height + 1; the
// genesis, known to all by Config.Genesis, is height 0 and view 0), its
// parent's hash, and a payload opaque to consensus, bound in through
// PayloadHash. Block.Hash is SHA-256 over a domain tag and the fixed-width
// fields (see Block.Hash). A view may end without a block: validators then
// notarize ⊥, the paper's dummy block, by voting for the zero hash. So a
// block's parent may be several views back; the views in between must be
// notarized ⊥.
//
// A notarization is a certificate of votes for (view, hash) from a quorum;
// a finalization, of Finalize(view, hash) messages from a quorum. Every
// signed message covers SigningBytes: a domain tag, the message type, the
// chain ID, the view and the hash.
//
// # The rules, exactly
//
// A node "knows a notarized chain reaching view w" when it knows a block B
// notarized in some view u ≤ w (or B is the last final block) such that every
// view in (u, w] is notarized ⊥.
//
//  1. Entering view v, the node starts its view timer (Config.Timeout).
//  2. Proposing. If the node leads v, once it knows a notarized chain reaching
//     v−1 it asks for a payload (Ready.NeedPayload{View, Height, Parent},
//     Parent being that chain's last block); Propose then builds the block,
//     multicasts the proposal and votes for it by rule 3.
//  3. Block vote. The node votes for the first proposal of v it received from
//     v's leader — at most one block vote per view — once all of: it is in
//     view v; the block follows its parent (height + 1, later view) and its
//     parent is the last final block or a block notarized in view u with
//     every view in (u, v) notarized ⊥; Config.ValidPayload accepts it; and
//     the node has not voted ⊥ in v. A later, different proposal from the
//     same leader is evidence, never voted for.
//  4. ⊥ vote. If the view timer fires while the node is still in v, it votes
//     ⊥ for v — even if it already voted for a block in v. Block-then-⊥ is
//     honest behaviour (the block may fail to gather a quorum in time) and
//     is not evidence.
//  5. Notarization. When the node learns that (v, hash) is notarized — from
//     its own tally of votes, its own vote counted at once, or from a
//     certificate — it multicasts the certificate once (so laggards catch
//     up), and if v ≥ its current view it moves to view v+1. If hash is a
//     block, v ≥ its current view, and it has not voted ⊥ in v, it multicasts
//     Finalize(v, hash), at most once per view. Since a node votes ⊥ only in
//     its current view and is now past v, a node that sent Finalize(v) never
//     votes ⊥ in v. A ⊥ notarization moves the node on without Finalize.
//  6. Finalization. A finalization of (v, hash) makes that block final, and
//     all its ancestors. The core outputs the newly final blocks in height
//     order, each exactly once, each with its proof: its own notarization
//     and the finalization that made it final (the block's own or a
//     descendant's). VerifyFinal checks such a range from the validator set
//     alone: the hash chain, the payload hashes, the certificates' stake and
//     every signature.
//  7. Catching up. Votes, Finalizes and proposals are kept for views up to
//     MaxAhead ahead of the current one (beyond: ErrTooFarAhead, dropped)
//     and counted as they come, so a quorum for a later view moves the node
//     there at once. Certificates are accepted for any view ahead — they
//     prove a quorum got there — and move the node past their view. When a
//     notarization or finalization names a block the node lacks, or a final
//     block's ancestor is missing, it asks for it (Ready.NeedBlocks); the
//     caller fetches the block with its notarization and hands both to
//     AddBlock.
//  8. Retransmission. Each time the view timer fires (the first time, and
//     every Timeout while the node stays stuck in the view) the node re-sends
//     its own proposal and votes of the view, its Finalizes not yet final,
//     the certificates justifying its view, the highest finalization, and its
//     outstanding block requests — so that lost messages and healed
//     partitions cost at most a timeout.
//
// # Evidence
//
// An honest validator signs, per view, at most one proposal (if leader), at
// most one block vote, at most one ⊥ vote, at most one Finalize, and never
// both a Finalize and a ⊥ vote. The core reports, once per (signer, view,
// kind), each violation it sees: two proposals (EvidenceProposals), votes
// for two blocks (EvidenceVotes), Finalize of two blocks
// (EvidenceFinalizes), Finalize and ⊥ (EvidenceFinalizeBottom). Each
// Evidence carries both signed messages; Checker.VerifyEvidence checks it
// from the validator set alone. Signatures inside certificates count: a
// vote seen only inside a notarization still convicts its signer. A
// proposal Step refuses (bad linkage, invalid payload) is not kept, so it
// convicts no one: the caller penalizes the peer that sent it.
//
// # Why it is safe
//
// Let S be the total stake, Q > 2S/3 the quorum and B < S/3 the Byzantine
// stake. Two quorums overlap in 2Q − S > S/3 > B, so in some honest stake.
//
//   - At most one block is notarized per view: two notarizations would share
//     an honest voter, who votes for one block per view (rule 3).
//   - If block b is finalized in view v, ⊥ is not notarized in v: the honest
//     Finalize senders, at least Q − B, never vote ⊥ in v (rule 5), so ⊥
//     gathers at most S − (Q − B) < Q.
//   - Every block notarized in a later view descends from b: one of its
//     honest voters checked that its parent is notarized in view u and every
//     view between is notarized ⊥ (rule 3). u < v would need ⊥ notarized in
//     v; u = v makes the parent b; u > v repeats the argument for the parent.
//
// So final blocks form one chain. The core also refuses to output a
// finalization that contradicts its final chain (counted in
// Stats.Conflicts; possible only with a third or more Byzantine stake).
//
// # Deviations from the paper, and why
//
//   - Stake: quorums are more than two thirds of the stake, not 2n/3 nodes.
//   - Heights count real blocks only. The paper's chain holds a dummy block
//     per skipped iteration and a block's height is its iteration; here a
//     block names its parent by hash and the skipped views are the ⊥
//     notarizations between them — the same notarized chain, without the
//     dummies.
//   - A proposal carries one block, not the whole chain; blocks a node lacks
//     are fetched with their notarizations (rule 7).
//   - Finalize names the block hash as well as the view, so finalizations
//     are self-describing certificates and two Finalizes in one view are
//     evidence. The safety argument is unchanged.
//   - Finalize is sent for block notarizations only. In the paper a node
//     that leaves an iteration on a ⊥ notarization before its timer fires
//     also sends finalize, which can finalize the blocks before the ⊥; here
//     those blocks become final with the next finalized block instead.
//   - A node that voted ⊥ in a view does not vote for a block there
//     afterwards. The paper's block-vote step has no such condition; the
//     safety proof needs only "one block vote per view" and "no ⊥ after
//     Finalize", so dropping votes cannot hurt safety, and once the network
//     is stable an honest leader's proposal arrives before any honest timer
//     fires, so it does not hurt liveness either. It keeps a ⊥ vote final:
//     a node that gave up on a view stays out of it.
//   - Nodes jump: a notarization or finalization of any view v at or above
//     the current one moves the node to v+1 (the paper steps one iteration
//     at a time, which with certificate forwarding amounts to the same), and
//     rule 5's Finalize applies to such a v. Safe, since ⊥ votes are only
//     ever cast in the current view.
//   - The timer is Config.Timeout (the paper's 3Δ), and it re-arms every
//     Timeout to retransmit (rule 8): the paper assumes reliable channels,
//     a gossip network loses messages.
//   - Memory is bounded: a window of MaxAhead views ahead and behind the last
//     final view; state below it is pruned.
//   - The leader schedule is the caller's function (the paper draws leaders
//     from a random oracle).
//
// # How a caller drives it
//
//  1. Create the core with New. On a restart pass Config.Resume: the last
//     final block held, and a first view above every view this node ever
//     signed in (persist the highest such view before signing anything).
//  2. Call Start(now). Time is virtual: a monotonic duration since any
//     fixed origin (the node uses time since its start; the simulator its
//     virtual clock).
//  3. For each message from the network: decode it (UnmarshalMessage),
//     verify it (Checker.VerifyMessage), call Tick(now), then Step. On an
//     error the message changed nothing: drop it, and unless Benign(err)
//     penalize the peer that sent it.
//  4. While HasReady, take rd := Ready() and:
//     a. for each of rd.Messages that NeedsSignature: sign SigningBytes,
//     set Signature, hand the signed message back with Step (the core
//     counted its own vote already; it keeps the signature for the
//     certificates it builds), and multicast it. Certificates are
//     multicast as they are;
//     b. if rd.NeedPayload is set, build a payload for that height and
//     parent and call Propose (ErrNoPayloadRequest: the view moved on);
//     c. for each of rd.NeedBlocks, fetch the block and its notarization
//     from peers (they serve them with Core.Block, or from their store of
//     final blocks), verify the certificate, and call AddBlock;
//     d. apply and store rd.Final, in order (FinalBlock.MarshalBinary is a
//     storable, servable encoding that VerifyFinal can check later);
//     e. publish and store rd.Evidence;
//     f. arm a timer for rd.NextTimer and call Tick(now) when it fires;
//     g. call Advance.
//  5. A node that keeps getting ErrTooFarAhead has fallen behind the window:
//     fetch the final chain by range, check it with VerifyFinal, and restart
//     the core from it (Config.Resume).
//
// The core keeps references to the messages, blocks and certificates it is
// given (payloads, signatures): do not modify them afterwards. A Core is not
// safe for concurrent use.
//
// # Wire format
//
// Messages, blocks and final blocks have a deterministic binary encoding
// (MarshalBinary, UnmarshalMessage, UnmarshalBlock, UnmarshalFinalBlock;
// the layout is documented in codec.go). Decoding is strict and checks every
// length against its cap (MaxPayloadBytes, MaxSignatureBytes,
// MaxValidators, MaxMessageBytes) before allocating: an accepted encoding is
// the unique encoding of its message.
package consensus
