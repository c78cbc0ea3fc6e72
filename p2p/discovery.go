package p2p

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/discovery"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	drouting "github.com/libp2p/go-libp2p/p2p/discovery/routing"
)

// Discovery advertises the node's roles on the DHT and keeps, per watched
// role, a cache of peers found there. Callers on hot paths read the cache
// (Peers) and never wait for the DHT; background loops keep it fresh.
//
// A role's peers advertise as providers of the content ID of the namespace
// /l2/<network>/role/<role> (the multihash is SHA-256 of the string, as in
// go-libp2p's routing discovery).
type Discovery struct {
	p  *Host
	rd *drouting.RoutingDiscovery

	mu      sync.Mutex
	watched map[Role]bool
	found   map[Role]map[peer.ID]foundPeer
	dead    map[peer.ID]time.Time // peers that failed a dial: not offered until then
	stats   map[Role]*roleStats
	wake    chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type foundPeer struct {
	info peer.AddrInfo
	at   time.Time
}

type roleStats struct {
	advertised      time.Time
	advertiseErrors uint64
	lookups         uint64
	lookupErrors    uint64
	lookupSeconds   float64
}

func newDiscovery(p *Host, watch []Role) *Discovery {
	d := &Discovery{
		p:       p,
		rd:      drouting.NewRoutingDiscovery(p.dht),
		watched: map[Role]bool{},
		found:   map[Role]map[peer.ID]foundPeer{},
		dead:    map[peer.ID]time.Time{},
		stats:   map[Role]*roleStats{},
		wake:    make(chan struct{}, 1),
	}
	for _, r := range AllRoles {
		d.found[r] = map[peer.ID]foundPeer{}
		d.stats[r] = &roleStats{}
	}
	for _, r := range watch {
		d.watched[r] = true
	}
	d.ctx, d.cancel = context.WithCancel(p.ctx)
	return d
}

func (d *Discovery) start() {
	for _, r := range d.p.roles {
		d.wg.Add(1)
		go d.advertiseLoop(r)
	}
	d.wg.Add(1)
	go d.lookupLoop()
}

func (d *Discovery) stop() {
	d.cancel()
	d.wg.Wait()
}

// deadFor is how long a peer that failed a dial is left out of the cache:
// provider records outlive their peers by up to two days.
const deadFor = 10 * time.Minute

func knownRole(r Role) error {
	if !slices.Contains(AllRoles, r) {
		return fmt.Errorf("p2p: %w %q", ErrUnknownRole, r)
	}
	return nil
}

// Watch adds roles to those the node keeps looking up, and looks them up
// soon. Unknown roles are ignored.
func (d *Discovery) Watch(roles ...Role) {
	d.mu.Lock()
	for _, r := range roles {
		if knownRole(r) == nil {
			d.watched[r] = true
		}
	}
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Watched lists the watched roles.
func (d *Discovery) Watched() []Role {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Role
	for _, r := range AllRoles {
		if d.watched[r] {
			out = append(out, r)
		}
	}
	return out
}

// Peers returns the cached peers of a role, connected ones first. It never
// touches the network.
func (d *Discovery) Peers(r Role) []peer.AddrInfo {
	d.mu.Lock()
	out := make([]peer.AddrInfo, 0, len(d.found[r]))
	for _, f := range d.found[r] {
		out = append(out, f.info)
	}
	d.mu.Unlock()
	net := d.p.host.Network()
	slices.SortFunc(out, func(a, b peer.AddrInfo) int {
		ca, cb := net.Connectedness(a.ID) == network.Connected, net.Connectedness(b.ID) == network.Connected
		switch {
		case ca && !cb:
			return -1
		case cb && !ca:
			return 1
		}
		return cmpID(a.ID, b.ID)
	})
	return out
}

func cmpID(a, b peer.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RolesOf returns the roles a peer was found advertising.
func (d *Discovery) RolesOf(id peer.ID) []Role {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Role
	for _, r := range AllRoles {
		if _, ok := d.found[r][id]; ok {
			out = append(out, r)
		}
	}
	return out
}

// Find looks a role up on the DHT now, waits for the lookup to finish, adds
// what it found to the cache and returns it. Keep it off hot paths.
func (d *Discovery) Find(ctx context.Context, r Role) ([]peer.AddrInfo, error) {
	if err := knownRole(r); err != nil {
		return nil, err
	}
	start := time.Now()
	ch, err := d.rd.FindPeers(ctx, RoleNamespace(d.p.network, r), discovery.Limit(0))
	var found []peer.AddrInfo
	if err == nil {
		for ai := range ch {
			if ai.ID == d.p.host.ID() || len(ai.Addrs) == 0 && d.p.host.Network().Connectedness(ai.ID) != network.Connected {
				continue
			}
			found = append(found, ai)
		}
		err = ctx.Err()
	}
	now := time.Now()
	net := d.p.host.Network()
	d.mu.Lock()
	st := d.stats[r]
	st.lookups++
	st.lookupSeconds += now.Sub(start).Seconds()
	if err != nil {
		st.lookupErrors++
	}
	live := found[:0]
	for _, ai := range found {
		if until, ok := d.dead[ai.ID]; ok && now.Before(until) && net.Connectedness(ai.ID) != network.Connected {
			continue
		}
		delete(d.dead, ai.ID)
		d.found[r][ai.ID] = foundPeer{info: ai, at: now}
		live = append(live, ai)
	}
	found = live
	// Forget peers the DHT no longer returns.
	ttl := max(3*d.p.cfg.DiscoveryInterval.Std(), 2*d.p.cfg.AdvertiseInterval.Std())
	for id, f := range d.found[r] {
		if now.Sub(f.at) > ttl {
			delete(d.found[r], id)
		}
	}
	d.mu.Unlock()
	recs := make([]PeerRecord, 0, len(found))
	for _, ai := range found {
		d.p.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, time.Hour)
		addrs := make([]string, len(ai.Addrs))
		for i, a := range ai.Addrs {
			addrs[i] = a.String()
		}
		// The role only: LastSeen moves when we connect, not when the DHT
		// repeats a record that may outlive its peer.
		recs = append(recs, PeerRecord{ID: ai.ID, Addrs: addrs, Roles: []Role{r}})
	}
	if len(recs) > 0 {
		if err := d.p.book.ObserveMany(recs); err != nil && !errors.Is(err, ErrPeerBookClosed) {
			d.p.log.Warn("peer book update failed", "err", err)
		}
	}
	if err != nil {
		return found, fmt.Errorf("p2p: find %s peers: %w", r, err)
	}
	return found, nil
}

// advertiseLoop keeps one role advertised: quickly retried until the first
// success (the routing table may still be empty), then every AdvertiseInterval.
func (d *Discovery) advertiseLoop(r Role) {
	defer d.wg.Done()
	ns := RoleNamespace(d.p.network, r)
	retry := 500 * time.Millisecond
	successes := 0
	for {
		ctx, cancel := context.WithTimeout(d.ctx, time.Minute)
		_, err := d.rd.Advertise(ctx, ns, discovery.TTL(3*d.p.cfg.AdvertiseInterval.Std()))
		cancel()
		wait := d.p.cfg.AdvertiseInterval.Std()
		d.mu.Lock()
		if err != nil {
			d.stats[r].advertiseErrors++
			wait = retry
			retry = min(2*retry, 30*time.Second)
		} else {
			d.stats[r].advertised = time.Now()
			retry = 500 * time.Millisecond
			successes++
			if successes == 1 {
				// The first record went to whoever was in a young routing
				// table; place it again once the table has filled.
				wait = min(wait, time.Minute)
			}
		}
		d.mu.Unlock()
		if err != nil && d.ctx.Err() == nil {
			d.p.log.Debug("advertise failed, retrying", "role", r, "in", wait, "err", err)
		} else if err == nil {
			d.p.log.Debug("advertised role", "role", r, "namespace", ns)
		}
		select {
		case <-d.ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// lookupLoop refreshes every watched role: fast while a role has fewer known
// peers than peers_per_role, every discovery_interval once it has enough; it
// also keeps peers_per_role connections to each watched role.
func (d *Discovery) lookupLoop() {
	defer d.wg.Done()
	fast := 500 * time.Millisecond
	for {
		enough := true
		for _, r := range d.Watched() {
			ctx, cancel := context.WithTimeout(d.ctx, 30*time.Second)
			found, err := d.Find(ctx, r)
			cancel()
			if d.ctx.Err() != nil {
				return
			}
			if err != nil {
				d.p.log.Debug("role lookup failed", "role", r, "err", err)
			}
			if len(found) < d.p.cfg.PeersPerRole {
				enough = false
			}
			d.connectRole(r)
		}
		wait := d.p.cfg.DiscoveryInterval.Std()
		if !enough {
			wait = min(fast, wait)
			fast = min(2*fast, wait, 15*time.Second)
		} else {
			fast = 500 * time.Millisecond
		}
		select {
		case <-d.ctx.Done():
			return
		case <-d.wake:
		case <-time.After(wait):
		}
	}
}

// connectRole dials cached peers of a role until peers_per_role of them are
// connected, and tags them so the connection manager keeps them.
func (d *Discovery) connectRole(r Role) {
	h := d.p.host
	connected := 0
	var todo []peer.AddrInfo
	for _, ai := range d.Peers(r) {
		if h.Network().Connectedness(ai.ID) == network.Connected {
			connected++
			h.ConnManager().TagPeer(ai.ID, "role-"+string(r), 10)
		} else {
			todo = append(todo, ai)
		}
	}
	need := d.p.cfg.PeersPerRole - connected
	if need <= 0 || len(todo) == 0 {
		return
	}
	todo = todo[:min(need, len(todo))]
	var wg sync.WaitGroup
	for _, ai := range todo {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(d.ctx, 10*time.Second)
			defer cancel()
			if err := h.Connect(ctx, ai); err != nil {
				d.p.log.Debug("dial discovered peer failed", "role", r, "peer", ai.ID, "err", oneLine(err))
				d.markDead(ai.ID)
				return
			}
			h.ConnManager().TagPeer(ai.ID, "role-"+string(r), 10)
		})
	}
	wg.Wait()
}

// markDead takes a peer that failed a dial out of the cache for deadFor.
func (d *Discovery) markDead(id peer.ID) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dead[id] = time.Now().Add(deadFor)
	for _, m := range d.found {
		delete(m, id)
	}
	for p, until := range d.dead {
		if time.Now().After(until) {
			delete(d.dead, p)
		}
	}
}

// RoleStats is a snapshot of one role's discovery counters.
type RoleStats struct {
	Known           int
	Connected       int
	Advertised      bool
	AdvertiseErrors uint64
	Lookups         uint64
	LookupErrors    uint64
	LookupSeconds   float64
}

// Stats returns the discovery counters of every role.
func (d *Discovery) Stats() map[Role]RoleStats {
	net := d.p.host.Network()
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[Role]RoleStats{}
	for _, r := range AllRoles {
		st := d.stats[r]
		rs := RoleStats{Known: len(d.found[r]), Advertised: !st.advertised.IsZero(),
			AdvertiseErrors: st.advertiseErrors, Lookups: st.lookups, LookupErrors: st.lookupErrors, LookupSeconds: st.lookupSeconds}
		for id := range d.found[r] {
			if net.Connectedness(id) == network.Connected {
				rs.Connected++
			}
		}
		out[r] = rs
	}
	return out
}
