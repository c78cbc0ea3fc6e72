// Package withdrawals is the relayer's withdrawal loop: it carries users'
// withdrawals from the L2 to the L1 without being trusted. It finds each
// withdrawal in the L2 message passer's MessagePassed logs, proves it on the
// L1 Bridge against an output root the validators committed to the
// StateCommitmentChain, and finalizes it once the withdrawal's time lock and
// the root's challenge window have passed (docs/bridge.md, "Withdrawals").
//
// # How a caller drives it
//
//  1. New opens the progress store in Config.Dir (pebble) and loads the
//     withdrawals found so far and the L2 block to scan next.
//  2. Run calls Step every Config.Poll until its context ends; tests call
//     Step themselves. One Step:
//     a. scans the L2 blocks from the cursor to the L2 head for
//     MessagePassed logs, and stores the withdrawals found and the new
//     cursor in one synced write before doing anything with them;
//     b. for each withdrawal not finalized, reads the Bridge (finalized? proven,
//     and against a root still committed?) and takes the one action the
//     state calls for: prove it against the latest committed root that
//     covers its L2 block, or finalize it once unlocked, or nothing;
//     c. stores each change of state (synced).
//  3. Status lists the known withdrawals and where each stands.
//  4. Close, after Run has returned, closes the store.
//
// Transactions go through one bridge.Sender, one at a time, each seen mined
// (with fee bumps) before the next.
//
// # What it must never do
//
// Trust its own records over the chain: before every action it reads the
// Bridge and the StateCommitmentChain, so a restart half way, another relayer
// doing the same work, or a user proving their own withdrawal costs at most
// a reverted estimate. Trust the L2 node: a proof whose state root is not the
// committed output root is never sent (the Bridge would refuse it anyway).
// Restart a withdrawal's time lock: a withdrawal proven against a root that
// is still committed is never proven again; one whose root was deleted is.
// Lose a withdrawal: the cursor only moves in the same synced write that
// stores the withdrawals below it.
package withdrawals
