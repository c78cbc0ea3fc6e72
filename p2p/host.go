package p2p

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libp2p/go-libp2p"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/metrics"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/host/eventbus"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	libp2ptls "github.com/libp2p/go-libp2p/p2p/security/tls"
	quic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
	"github.com/pbnjay/memory"
	"github.com/prometheus/client_golang/prometheus"
)

// ErrNoBootstrap is returned by Start when bootstrap peers are configured but
// neither they nor any peer from the peer book could be reached.
var ErrNoBootstrap = errors.New("no bootstrap peer reachable")

// Option adjusts New.
type Option func(*options) error

type options struct {
	log           *slog.Logger
	reg           prometheus.Registerer
	libp2pMetrics bool
	peerBookDir   string
	userAgent     string
}

// WithLogger sets the logger (default: slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.log = l; return nil }
}

// WithRegisterer registers the host's metrics with reg. With libp2pInternals,
// libp2p's own collectors (swarm, identify, resource manager, …) are
// registered too; NB: those are process-wide, so leave them off when several
// hosts share a process (the devnet, tests).
func WithRegisterer(reg prometheus.Registerer, libp2pInternals bool) Option {
	return func(o *options) error { o.reg = reg; o.libp2pMetrics = libp2pInternals; return nil }
}

// WithPeerBook keeps the peer book in a pebble store at dir.
func WithPeerBook(dir string) Option {
	return func(o *options) error { o.peerBookDir = dir; return nil }
}

// WithUserAgent sets the identify agent string.
func WithUserAgent(ua string) Option {
	return func(o *options) error { o.userAgent = ua; return nil }
}

// Host is a node's libp2p host with its DHT, role discovery and peer book.
type Host struct {
	cfg       Config
	network   string
	roles     []Role
	sizing    Sizing
	log       *slog.Logger
	host      host.Host
	dht       *dht.IpfsDHT
	book      *PeerBook
	disc      atomic.Pointer[Discovery] // read by autorelay, which starts before it is set
	bw        *metrics.BandwidthCounter
	rep       *Reputation
	bootstrap []peer.AddrInfo

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// New builds the host: it binds the listen addresses, opens the peer book and
// creates the DHT, but dials nobody until Start.
func New(network string, roles []Role, key crypto.PrivKey, cfg Config, opts ...Option) (_ *Host, err error) {
	o := options{log: slog.Default(), userAgent: "l2node"}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if err := ValidateNetwork(network); err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, errors.New("p2p: no roles")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.RelayService && OnlyLight(roles) {
		return nil, errors.New("p2p.relay_service: a light-only node does not serve relays; run a full role or turn it off")
	}
	bootstrap, _ := ParseBootstrapPeers(cfg.BootstrapPeers)
	var listen []ma.Multiaddr
	for _, a := range cfg.ListenAddrs {
		listen = append(listen, ma.StringCast(a))
	}
	if err := checkListenAddrs(listen); err != nil {
		return nil, err
	}

	p := &Host{cfg: cfg, network: network, roles: roles, log: o.log, bootstrap: bootstrap,
		sizing: cfg.Resolve(roles, int64(memory.TotalMemory())), bw: metrics.NewBandwidthCounter(),
		rep: NewReputation(cfg.PenaltyHalfLife.Std(), cfg.BanThreshold, cfg.BanDuration.Std(), o.log)}
	for _, b := range bootstrap {
		p.rep.Protect(b.ID, "bootstrap")
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			p.Close()
		}
	}()

	if o.peerBookDir == "" {
		return nil, errors.New("p2p: no peer book directory")
	}
	if p.book, err = OpenPeerBook(filepath.Clean(o.peerBookDir), cfg.PeerBookMaxPeers, cfg.PeerBookMaxAge.Std(), o.log); err != nil {
		return nil, err
	}
	rm, err := p.resourceManager(o)
	if err != nil {
		return nil, err
	}
	cm, err := connmgr.NewConnManager(p.sizing.ConnLow, p.sizing.ConnHigh,
		connmgr.WithGracePeriod(cfg.ConnGracePeriod.Std()))
	if err != nil {
		rm.Close()
		return nil, fmt.Errorf("p2p: connection manager: %w", err)
	}
	lopts := []libp2p.Option{
		libp2p.Identity(key),
		libp2p.ListenAddrs(listen...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Transport(quic.NewTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Security(libp2ptls.ID, libp2ptls.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.ResourceManager(rm),
		libp2p.ConnectionManager(cm),
		libp2p.ConnectionGater(p.rep),
		libp2p.BandwidthReporter(p.bw),
		libp2p.UserAgent(o.userAgent),
	}
	if o.reg != nil && o.libp2pMetrics {
		lopts = append(lopts, libp2p.PrometheusRegisterer(o.reg))
	} else {
		lopts = append(lopts, libp2p.DisableMetrics())
	}
	if len(cfg.AnnounceAddrs) > 0 {
		announce := make([]ma.Multiaddr, len(cfg.AnnounceAddrs))
		for i, a := range cfg.AnnounceAddrs {
			announce[i] = ma.StringCast(a)
		}
		lopts = append(lopts, libp2p.AddrsFactory(func([]ma.Multiaddr) []ma.Multiaddr { return announce }))
	}
	if cfg.NAT {
		// Behind a NAT (the usual community light node) the node learns its
		// reachability with AutoNAT, opens its router with UPnP/NAT-PMP,
		// upgrades relayed connections with hole punching and, when private,
		// reserves slots on full nodes that run the relay service.
		lopts = append(lopts,
			libp2p.NATPortMap(),
			libp2p.EnableHolePunching(),
			libp2p.EnableAutoRelayWithPeerSource(p.relayCandidates),
		)
	} else if !OnlyLight(roles) {
		// NAT traversal off on a full node means the operator vouches for a
		// public address; without this the relay service, which waits for
		// AutoNAT to say "public", would never start.
		lopts = append(lopts, libp2p.ForceReachabilityPublic())
	}
	// Every node can ask (AutoNAT v2 client); full nodes answer, whatever
	// their own NAT setting, so that light nodes among them learn whether
	// they are reachable (v1 service, which kad-dht's auto mode and autorelay
	// listen to, and the v2 server).
	lopts = append(lopts, libp2p.EnableAutoNATv2())
	if !OnlyLight(roles) {
		lopts = append(lopts, libp2p.EnableNATService())
	}
	if cfg.RelayService {
		lopts = append(lopts, libp2p.EnableRelayService())
	}
	if p.host, err = libp2p.New(lopts...); err != nil {
		// libp2p closes these only on some of its error paths; closing twice is harmless.
		cm.Close()
		rm.Close()
		return nil, fmt.Errorf("p2p: start libp2p: %w", err)
	}

	p.rep.DisconnectOnBan(p.host.Network())
	if p.dht, err = p.newDHT(); err != nil {
		return nil, err
	}
	p.disc.Store(newDiscovery(p, Wants(roles)))
	if o.reg != nil {
		if err := o.reg.Register(newCollector(p)); err != nil {
			return nil, fmt.Errorf("p2p: register metrics: %w", err)
		}
	}
	return p, nil
}

func (p *Host) resourceManager(o options) (network.ResourceManager, error) {
	limits := rcmgr.DefaultLimits
	libp2p.SetDefaultServiceLimits(&limits)
	concrete := limits.Scale(p.sizing.MemoryBytes, p.sizing.FileDescs)
	// Leave room above the connection manager's high watermark so that the
	// manager, not the resource manager, decides which connections go.
	conns := rcmgr.LimitVal(p.sizing.ConnHigh * 2)
	concrete = rcmgr.PartialLimitConfig{
		System: rcmgr.ResourceLimits{Conns: conns, ConnsInbound: conns, ConnsOutbound: conns},
	}.Build(concrete)
	var ropts []rcmgr.Option
	if o.reg != nil && o.libp2pMetrics {
		rcmgr.MustRegisterWith(o.reg)
		str, err := rcmgr.NewStatsTraceReporter()
		if err != nil {
			return nil, fmt.Errorf("p2p: resource manager metrics: %w", err)
		}
		ropts = append(ropts, rcmgr.WithTraceReporter(str))
	}
	rm, err := rcmgr.NewResourceManager(rcmgr.NewFixedLimiter(concrete), ropts...)
	if err != nil {
		return nil, fmt.Errorf("p2p: resource manager: %w", err)
	}
	return rm, nil
}

func (p *Host) newDHT() (*dht.IpfsDHT, error) {
	mode := dht.ModeServer
	switch p.sizing.DHTMode {
	case DHTModeAuto:
		mode = dht.ModeAuto
	case DHTModeClient:
		mode = dht.ModeClient
	}
	d, err := dht.New(p.host,
		dht.ProtocolPrefix(protocol.ID("/l2/"+p.network)),
		dht.Mode(mode),
		// Only provider records: roles are advertised as providers of their
		// namespace; we store no values, so nobody can fill our DHT with them.
		dht.DisableValues(),
		dht.BootstrapPeersFunc(p.bootstrapCandidates),
		dht.RoutingTableRefreshPeriod(5*time.Minute),
	)
	if err != nil {
		return nil, fmt.Errorf("p2p: dht: %w", err)
	}
	return d, nil
}

// Start dials the bootstrap peers and the peer book, then starts the DHT,
// role advertisement and discovery. It fails with ErrNoBootstrap when
// bootstrap peers are configured and nobody at all could be reached.
func (p *Host) Start(ctx context.Context) error {
	sub, err := p.host.EventBus().Subscribe(new(event.EvtPeerIdentificationCompleted), eventbus.BufSize(1024))
	if err != nil {
		return fmt.Errorf("p2p: subscribe to identify events: %w", err)
	}
	p.wg.Add(1)
	go p.recordPeers(sub)

	if err := p.connectInitial(ctx); err != nil {
		return err
	}
	if err := p.dht.Bootstrap(p.ctx); err != nil {
		return fmt.Errorf("p2p: dht bootstrap: %w", err)
	}
	p.disc.Load().start()
	p.wg.Add(1)
	go p.maintainPeerBook()
	return nil
}

// connectInitial dials, in parallel, the bootstrap peers and the most recently
// connected peers of the peer book.
func (p *Host) connectInitial(ctx context.Context) error {
	known, err := p.book.All()
	if err != nil {
		return err
	}
	const fromBook = 32
	targets := slices.Clone(p.bootstrap)
	for _, r := range known {
		if len(targets) >= len(p.bootstrap)+fromBook {
			break
		}
		if r.ID != p.host.ID() && !slices.ContainsFunc(p.bootstrap, func(b peer.AddrInfo) bool { return b.ID == r.ID }) {
			targets = append(targets, r.AddrInfo())
		}
	}
	if len(targets) == 0 {
		p.log.Info("no bootstrap peers and an empty peer book: starting as the first node")
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.BootstrapTimeout.Std())
	defer cancel()
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() { errs[i] = p.host.Connect(ctx, t) })
	}
	wg.Wait()
	connected := 0
	var bootErrs []string
	for i, t := range targets {
		if errs[i] == nil {
			connected++
			continue
		}
		if i < len(p.bootstrap) {
			p.log.Warn("bootstrap peer unreachable", "peer", t.ID, "err", oneLine(errs[i]))
			bootErrs = append(bootErrs, fmt.Sprintf("%s: %s", t.ID, oneLine(errs[i])))
		} else {
			p.log.Debug("peer book peer unreachable", "peer", t.ID, "err", errs[i])
		}
	}
	p.log.Info("initial connections", "connected", connected, "bootstrap", len(p.bootstrap), "from_peer_book", len(targets)-len(p.bootstrap))
	if connected == 0 && len(p.bootstrap) > 0 {
		return fmt.Errorf("p2p: %w and no peer of the peer book answered: %s",
			ErrNoBootstrap, strings.Join(bootErrs, "; "))
	}
	return nil
}

// oneLine folds an error onto one line: libp2p's dial errors list every
// address tried, and why it failed, on lines of their own.
func oneLine(err error) string {
	var parts []string
	for l := range strings.SplitSeq(err.Error(), "\n") {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "*")); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// bootstrapCandidates feeds the DHT when its routing table runs empty:
// bootstrap peers first, then what the peer book knows.
func (p *Host) bootstrapCandidates() []peer.AddrInfo {
	out := slices.Clone(p.bootstrap)
	if recs, err := p.book.All(); err == nil {
		for i, r := range recs {
			if i >= 16 {
				break
			}
			if r.ID != p.host.ID() {
				out = append(out, r.AddrInfo())
			}
		}
	}
	return out
}

// relayCandidates offers autorelay the bootstrap peers and the full-role
// peers we know of; autorelay itself keeps those that run the relay service.
func (p *Host) relayCandidates(ctx context.Context, num int) <-chan peer.AddrInfo {
	ch := make(chan peer.AddrInfo, max(num, 0))
	defer close(ch)
	seen := map[peer.ID]bool{}
	offer := func(ai peer.AddrInfo) bool {
		if len(ch) == cap(ch) {
			return false
		}
		if !seen[ai.ID] && ai.ID != p.host.ID() {
			seen[ai.ID] = true
			ch <- ai
		}
		return true
	}
	for _, b := range p.bootstrap {
		if !offer(b) {
			return ch
		}
	}
	if recs, err := p.book.All(); err == nil {
		for _, r := range recs {
			if slices.Contains(r.Roles, RoleBootstrap) && !offer(r.AddrInfo()) {
				return ch
			}
		}
	}
	if d := p.disc.Load(); d != nil {
		for _, r := range []Role{RoleDA, RoleValidator, RoleSequencer, RoleRelayer} {
			for _, ai := range d.Peers(r) {
				if !offer(ai) {
					return ch
				}
			}
		}
	}
	return ch
}

// recordPeers writes every identified peer's listen addresses to the peer
// book. It drains whatever events are pending into one synced batch, so a
// slow disk costs one fsync per burst, never a stalled event bus.
func (p *Host) recordPeers(sub event.Subscription) {
	defer p.wg.Done()
	defer sub.Close()
	toRecord := func(e any) PeerRecord {
		evt := e.(event.EvtPeerIdentificationCompleted)
		var addrs []string
		for _, a := range evt.ListenAddrs {
			if !manet.IsIPUnspecified(a) {
				addrs = append(addrs, a.String())
			}
		}
		now := time.Now()
		return PeerRecord{ID: evt.Peer, Addrs: addrs, LastSeen: now, LastConnected: now}
	}
	for {
		var batch []PeerRecord
		select {
		case <-p.ctx.Done():
			return
		case e, ok := <-sub.Out():
			if !ok {
				return
			}
			batch = append(batch, toRecord(e))
		}
	drain:
		for len(batch) < 256 {
			select {
			case e, ok := <-sub.Out():
				if !ok {
					break drain
				}
				batch = append(batch, toRecord(e))
			default:
				break drain
			}
		}
		if err := p.book.ObserveMany(batch); err != nil && !errors.Is(err, ErrPeerBookClosed) {
			p.log.Warn("peer book update failed", "peers", len(batch), "err", err)
		}
	}
}

func (p *Host) maintainPeerBook() {
	defer p.wg.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case now := <-t.C:
			p.rep.Sweep()
			if n, err := p.book.Prune(now); err != nil {
				p.log.Warn("peer book prune failed", "err", err)
			} else if n > 0 {
				p.log.Info("peer book pruned", "dropped", n)
			}
		}
	}
}

// ID is the node's peer ID.
func (p *Host) ID() peer.ID { return p.host.ID() }

// Libp2p exposes the underlying host to the gossip and protocol layers.
func (p *Host) Libp2p() host.Host { return p.host }

// DHT exposes the Kademlia DHT.
func (p *Host) DHT() *dht.IpfsDHT { return p.dht }

// Discovery is the role advertisement and lookup service.
func (p *Host) Discovery() *Discovery { return p.disc.Load() }

// Reputation holds penalties, bans and protected peers.
func (p *Host) Reputation() *Reputation { return p.rep }

// PeerBook is the durable peer store.
func (p *Host) PeerBook() *PeerBook { return p.book }

// Roles are the roles this node runs.
func (p *Host) Roles() []Role { return slices.Clone(p.roles) }

// Network is the network name in protocol IDs.
func (p *Host) Network() string { return p.network }

// Sizing is the resolved connection, memory and DHT configuration.
func (p *Host) Sizing() Sizing { return p.sizing }

// Addrs returns the node's full multiaddrs (ending in /p2p/<id>).
func (p *Host) Addrs() []ma.Multiaddr {
	addrs, err := peer.AddrInfoToP2pAddrs(&peer.AddrInfo{ID: p.host.ID(), Addrs: p.host.Addrs()})
	if err != nil {
		return nil
	}
	return addrs
}

// ConnectedPeers lists peers with an open connection.
func (p *Host) ConnectedPeers() []peer.ID { return p.host.Network().Peers() }

// Close stops everything in reverse order; it is safe to call more than once.
func (p *Host) Close() error {
	var errs []error
	p.once.Do(func() {
		p.cancel()
		if d := p.disc.Load(); d != nil {
			d.stop()
		}
		if p.dht != nil {
			errs = append(errs, p.dht.Close())
		}
		if p.host != nil {
			errs = append(errs, p.host.Close())
		}
		p.wg.Wait()
		if p.book != nil {
			errs = append(errs, p.book.Close())
		}
	})
	return errors.Join(errs...)
}
