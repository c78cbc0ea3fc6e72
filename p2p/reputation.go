package p2p

import (
	"log/slog"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Reputation keeps what the node holds against each peer: penalty points
// that decay with a half-life, bans that expire, and the peers protected from
// both (bootstrap peers, the sequencer set). It is the libp2p connection gater,
// so a banned peer can neither dial nor be dialled until its ban ends.
//
// Every protocol reports misbehaviour here (Penalize); gossip folds the points
// into its peer score and bans peers that stay below the graylist threshold.
// Being rate-limited by a peer is never misbehaviour of that peer.
type Reputation struct {
	halfLife     time.Duration
	banThreshold float64
	banDuration  time.Duration
	log          *slog.Logger
	now          func() time.Time

	mu        sync.Mutex
	penalties map[peer.ID]penalty
	bans      map[peer.ID]ban
	protected map[peer.ID]string
	byReason  map[string]float64
	banCount  uint64
	onBan     func(peer.ID)
}

type penalty struct {
	points float64
	at     time.Time
}

type ban struct {
	until  time.Time
	reason string
}

// NewReputation creates an empty reputation book. A peer whose points reach
// banThreshold is banned for banDuration.
func NewReputation(halfLife time.Duration, banThreshold float64, banDuration time.Duration, log *slog.Logger) *Reputation {
	return &Reputation{
		halfLife: halfLife, banThreshold: banThreshold, banDuration: banDuration, log: log, now: time.Now,
		penalties: map[peer.ID]penalty{}, bans: map[peer.ID]ban{}, protected: map[peer.ID]string{}, byReason: map[string]float64{},
	}
}

// DisconnectOnBan makes a ban close the peer's connections on net at once
// (the gater only refuses new ones). p2p.Host does this for its own network.
func (r *Reputation) DisconnectOnBan(net network.Network) {
	r.mu.Lock()
	r.onBan = func(p peer.ID) { net.ClosePeer(p) }
	r.mu.Unlock()
}

func (r *Reputation) decayed(p penalty, now time.Time) float64 {
	if r.halfLife <= 0 {
		return p.points
	}
	return p.points * math.Exp2(-now.Sub(p.at).Seconds()/r.halfLife.Seconds())
}

// Penalize adds points against a peer for a reason ("invalid-response",
// "invalid-message", …) and bans it once its points reach the threshold.
// Protected peers are penalized (so the score shows it) but never banned.
func (r *Reputation) Penalize(p peer.ID, reason string, points float64) {
	if points <= 0 {
		return
	}
	now := r.now()
	r.mu.Lock()
	if len(r.penalties) > maxTracked {
		r.sweepLocked(now)
	}
	total := r.decayed(r.penalties[p], now) + points
	r.penalties[p] = penalty{points: total, at: now}
	r.byReason[reason] += points
	_, prot := r.protected[p]
	r.mu.Unlock()
	r.log.Debug("peer penalized", "peer", p, "reason", reason, "points", points, "total", total)
	if total >= r.banThreshold && !prot {
		r.Ban(p, r.banDuration, reason)
	}
}

// maxTracked triggers a sweep of the penalty table: cheap peer IDs must not
// grow it without bound.
const maxTracked = 10_000

// Sweep drops penalties that have decayed below a point and expired bans.
func (r *Reputation) Sweep() {
	r.mu.Lock()
	r.sweepLocked(r.now())
	r.mu.Unlock()
}

func (r *Reputation) sweepLocked(now time.Time) {
	for p, pen := range r.penalties {
		if r.decayed(pen, now) < 1 {
			delete(r.penalties, p)
		}
	}
	for p, b := range r.bans {
		if now.After(b.until) {
			delete(r.bans, p)
		}
	}
}

// Points returns the peer's current (decayed) penalty points.
func (r *Reputation) Points(p peer.ID) float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.decayed(r.penalties[p], r.now())
}

// Ban bars a peer for d (the configured ban duration if d <= 0) and closes
// its connections. It refuses, and returns false, for a protected peer.
func (r *Reputation) Ban(p peer.ID, d time.Duration, reason string) bool {
	if d <= 0 {
		d = r.banDuration
	}
	r.mu.Lock()
	if why, ok := r.protected[p]; ok {
		r.mu.Unlock()
		r.log.Warn("not banning a protected peer", "peer", p, "protected_as", why, "reason", reason)
		return false
	}
	r.bans[p] = ban{until: r.now().Add(d), reason: reason}
	r.banCount++
	onBan := r.onBan
	r.mu.Unlock()
	r.log.Info("peer banned", "peer", p, "for", d, "reason", reason)
	if onBan != nil {
		onBan(p)
	}
	return true
}

// Unban lifts a ban early.
func (r *Reputation) Unban(p peer.ID) {
	r.mu.Lock()
	delete(r.bans, p)
	r.mu.Unlock()
}

// Banned reports whether p is banned now; expired bans are dropped here.
func (r *Reputation) Banned(p peer.ID) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.bans[p]
	if !ok {
		return false
	}
	if r.now().After(b.until) {
		delete(r.bans, p)
		delete(r.penalties, p) // a served ban wipes the slate
		return false
	}
	return true
}

// BanInfo describes one active ban.
type BanInfo struct {
	Peer   peer.ID
	Until  time.Time
	Reason string
}

// Bans lists the active bans, soonest to expire first.
func (r *Reputation) Bans() []BanInfo {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []BanInfo
	for p, b := range r.bans {
		if now.Before(b.until) {
			out = append(out, BanInfo{p, b.until, b.reason})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Until.Before(out[j].Until) })
	return out
}

// Protect shields a peer from bans (it may still be penalized). why is shown
// in logs and in `l2node peers`.
func (r *Reputation) Protect(p peer.ID, why string) {
	r.mu.Lock()
	r.protected[p] = why
	delete(r.bans, p)
	r.mu.Unlock()
}

// Unprotect removes a protection (for example a sequencer that left the set).
func (r *Reputation) Unprotect(p peer.ID) {
	r.mu.Lock()
	delete(r.protected, p)
	r.mu.Unlock()
}

// Protected returns why p is protected, if it is.
func (r *Reputation) Protected(p peer.ID) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	why, ok := r.protected[p]
	return why, ok
}

// ReputationStats are totals for metrics.
type ReputationStats struct {
	PenaltyByReason map[string]float64
	ActiveBans      int
	BansTotal       uint64
	Protected       int
}

// Stats returns totals since start.
func (r *Reputation) Stats() ReputationStats {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	s := ReputationStats{PenaltyByReason: map[string]float64{}, BansTotal: r.banCount, Protected: len(r.protected)}
	for k, v := range r.byReason {
		s.PenaltyByReason[k] = v
	}
	for _, b := range r.bans {
		if now.Before(b.until) {
			s.ActiveBans++
		}
	}
	return s
}

// The connection gater: banned peers are refused in both directions.

func (r *Reputation) InterceptPeerDial(p peer.ID) bool                 { return !r.Banned(p) }
func (r *Reputation) InterceptAddrDial(p peer.ID, _ ma.Multiaddr) bool { return !r.Banned(p) }
func (r *Reputation) InterceptAccept(network.ConnMultiaddrs) bool      { return true }
func (r *Reputation) InterceptSecured(_ network.Direction, p peer.ID, _ network.ConnMultiaddrs) bool {
	return !r.Banned(p)
}
func (r *Reputation) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }
