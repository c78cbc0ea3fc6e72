package node

import (
	"context"
	"crypto/ecdsa"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/l2node/l2node/das"
	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/exec/ethrpc"
	"github.com/l2node/l2node/gossip"
	"github.com/l2node/l2node/internal/version"
	"github.com/l2node/l2node/p2p"
	"github.com/l2node/l2node/p2p/reqresp"
	"github.com/l2node/l2node/sequencing"
)

// Option adjusts New.
type Option func(*options)

type options struct {
	log       *slog.Logger
	inProcess bool
}

// WithLogger sets the logger (default: built from the [log] section, to stderr).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// SharedProcess marks a node that shares its process with other nodes (the
// devnet, tests): process-wide collectors (Go runtime, libp2p internals) stay
// off so that each node's /metrics describes that node only.
func SharedProcess() Option { return func(o *options) { o.inProcess = true } }

// Node is one l2node: its roles' services assembled over one p2p host.
type Node struct {
	dir   string
	cfg   Config
	roles []p2p.Role
	log   *slog.Logger
	reg   *prometheus.Registry
	host  *p2p.Host
	lock  *dirLock

	gossip   *gossip.Router
	reqresp  *reqresp.Service
	txTopic  *gossip.Handle // nil on light and bootstrap nodes
	txCache  *sequencing.TxCache
	das      *das.Service // nil on roles that neither store squares nor sample
	dasStore *das.Store
	key      crypto.PrivKey

	exec     *exec.Executor // nil on roles that do not execute batches
	pool     *forwardPool
	sealer   *exec.DevSealer
	rpc      *ethrpc.Server
	rpcAddr  string
	stopExec context.CancelFunc
	execWG   sync.WaitGroup

	bridge *bridgeParts // nil unless the bridge is enabled on an executing node

	driver   *sequencing.Driver // nil unless a sequencer set is configured
	seqApp   *seqApp
	seqStore *sequencing.Store

	httpSrv *http.Server
	httpLn  net.Listener

	started time.Time
	running atomic.Bool
	once    sync.Once
}

// New assembles a node from an initialized datadir and its configuration. It
// binds its ports and opens its stores but contacts nobody until Start.
func New(dir string, cfg Config, opts ...Option) (_ *Node, err error) {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	roles, _ := cfg.Roles()
	if o.log == nil {
		return nil, errors.New("node: no logger")
	}
	quietLibraries()
	n := &Node{dir: dir, cfg: cfg, roles: roles, log: o.log, reg: prometheus.NewRegistry()}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	// One node per datadir, checked before any port is bound.
	if n.lock, err = lockDatadir(dir); err != nil {
		return nil, err
	}
	key, err := LoadKey(resolve(dir, cfg.Node.KeyFile))
	if err != nil {
		return nil, err
	}
	n.key = key
	if !o.inProcess {
		n.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	n.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "l2_node_info", Help: "Always 1; labels carry the version, network and roles.",
		ConstLabels: prometheus.Labels{"version": version.Version(), "commit": version.Commit(), "network": cfg.Node.Network, "roles": joinRoles(roles)},
	}, func() float64 { return 1 }))
	n.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "l2_node_uptime_seconds", Help: "Seconds since the node started.",
	}, func() float64 {
		if n.started.IsZero() {
			return 0
		}
		return time.Since(n.started).Seconds()
	}))

	if cfg.Metrics.Enabled {
		// Bind before libp2p so a taken metrics port fails fast and clearly.
		if n.httpLn, err = net.Listen("tcp", cfg.Metrics.ListenAddr); err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				return nil, fmt.Errorf("metrics: listen on %s: %w", cfg.Metrics.ListenAddr, p2p.ErrAddrInUse)
			}
			return nil, fmt.Errorf("metrics: listen on %s: %v", cfg.Metrics.ListenAddr, err)
		}
	}
	n.host, err = p2p.New(cfg.Node.Network, roles, key, cfg.P2P,
		p2p.WithLogger(o.log.With("component", "p2p")),
		p2p.WithRegisterer(n.reg, !o.inProcess),
		p2p.WithPeerBook(filepath.Join(dir, PeerBookDir)),
		p2p.WithUserAgent(version.UserAgent()),
	)
	if err != nil {
		return nil, err
	}
	if err := n.assemble(); err != nil {
		return nil, err
	}
	return n, nil
}

// assemble builds the services of the node's roles over its host.
func (n *Node) assemble() (err error) {
	lh := n.host.Libp2p()
	n.gossip, err = gossip.New(lh, n.cfg.Node.Network, n.cfg.Gossip, n.host.Reputation(),
		gossip.WithLogger(n.log.With("component", "gossip")), gossip.WithRegisterer(n.reg))
	if err != nil {
		return err
	}
	n.reqresp, err = reqresp.NewService(lh, n.host.Reputation(), n.log.With("component", "reqresp"), n.reg)
	if err != nil {
		return err
	}
	for _, r := range n.roles {
		switch r {
		case p2p.RoleSequencer, p2p.RoleValidator, p2p.RoleDA, p2p.RoleRelayer:
			// Every full role that may take transactions from users relays
			// them; light nodes stay off this busy topic, bootstrap nodes too.
			if n.txTopic == nil {
				chainID := new(big.Int).SetUint64(n.cfg.Node.ChainID)
				n.txCache = sequencing.NewTxCache(txCacheSize)
				if n.txTopic, err = n.gossip.Register(sequencing.TxTopic(chainID, n.txCheck, n.txCache)); err != nil {
					return err
				}
			}
		case p2p.RoleLight, p2p.RoleBootstrap:
		}
	}
	// Data availability: DA nodes and sequencers (the producers of squares)
	// store and serve them; light nodes sample them.
	full := slices.Contains(n.roles, p2p.RoleDA) || slices.Contains(n.roles, p2p.RoleSequencer)
	light := slices.Contains(n.roles, p2p.RoleLight)
	if full || light {
		if n.dasStore, err = das.OpenStore(filepath.Join(n.dir, "das"), n.cfg.Node.Network, n.cfg.DAS.CachedSquares, n.log); err != nil {
			return err
		}
		var seed [16]byte
		if _, err := crand.Read(seed[:]); err != nil {
			return err
		}
		var akey *ecdsa.PrivateKey
		if full {
			if akey, err = das.LoadOrCreateAttestationKey(resolve(n.dir, n.cfg.DAS.AttestationKeyFile)); err != nil {
				return err
			}
		}
		n.das, err = das.NewService(das.Params{
			Config: n.cfg.DAS, Network: n.cfg.Node.Network, Full: full, Light: light, Key: n.key,
			Router: n.gossip, ReqResp: n.reqresp, Store: n.dasStore, Peers: n.daPeers,
			Log: n.log.With("component", "das"), Reg: n.reg,
			Rand:    mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:]))),
			ChainID: n.cfg.Node.ChainID, AttestKey: akey, Host: lh,
		})
		if err != nil {
			return err
		}
	}
	return n.assembleExec()
}

// txCacheSize is how many checked transactions a node remembers with their
// senders: a few batches' worth at full load.
const txCacheSize = 1 << 16

// daPeers lists the DA nodes found by discovery, connected ones first, then
// the sequencers (producers hold the squares they publish).
func (n *Node) daPeers() []peer.ID {
	var out []peer.ID
	for _, r := range []p2p.Role{p2p.RoleDA, p2p.RoleSequencer} {
		for _, ai := range n.host.Discovery().Peers(r) {
			if ai.ID != n.host.ID() && !slices.Contains(out, ai.ID) {
				out = append(out, ai.ID)
			}
		}
	}
	return out
}

func joinRoles(roles []p2p.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += ","
		}
		s += string(r)
	}
	return s
}

// Start serves metrics and health, then joins the network. Services of each
// role start here as they land (gossip, sequencing, das, exec, bridge).
func (n *Node) Start(ctx context.Context) error {
	n.started = time.Now()
	if n.httpLn != nil {
		n.httpSrv = &http.Server{Handler: n.handler(), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := n.httpSrv.Serve(n.httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
				n.log.Error("metrics server stopped", "err", err)
			}
		}()
	}
	if err := n.host.Start(ctx); err != nil {
		return err
	}
	if n.das != nil {
		if err := n.das.Start(); err != nil {
			return err
		}
	}
	if err := n.startExec(ctx); err != nil {
		return err
	}
	if err := n.startBridge(ctx); err != nil {
		return err
	}
	n.running.Store(true)
	n.log.Info("node started", "peer_id", n.host.ID(), "roles", joinRoles(n.roles), "network", n.cfg.Node.Network,
		"addrs", n.host.Addrs(), "metrics", n.MetricsURL(), "rpc", n.RPCURL(), "dht_mode", n.host.Sizing().DHTMode,
		"start_ms", time.Since(n.started).Milliseconds())
	return nil
}

// Close shuts the node down gracefully; safe to call more than once.
func (n *Node) Close() error {
	var errs []error
	n.once.Do(func() {
		n.running.Store(false)
		if n.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			errs = append(errs, n.httpSrv.Shutdown(ctx))
			cancel()
		} else if n.httpLn != nil {
			n.httpLn.Close()
		}
		errs = append(errs, n.closeExec(), n.closeBridge())
		if n.das != nil {
			errs = append(errs, n.das.Close())
		}
		if n.gossip != nil {
			errs = append(errs, n.gossip.Close())
		}
		if n.host != nil {
			errs = append(errs, n.host.Close())
		}
		errs = append(errs, n.closeExecStores())
		if n.dasStore != nil {
			errs = append(errs, n.dasStore.Close())
		}
		n.lock.release()
	})
	return errors.Join(errs...)
}

// Host is the node's p2p host.
func (n *Node) Host() *p2p.Host { return n.host }

// Gossip is the node's GossipSub router.
func (n *Node) Gossip() *gossip.Router { return n.gossip }

// ReqResp is the node's request/response service.
func (n *Node) ReqResp() *reqresp.Service { return n.reqresp }

// DAS is the data-availability service, nil on roles without one.
func (n *Node) DAS() *das.Service { return n.das }

// Driver is the consensus driver, nil unless a sequencer set is configured.
func (n *Node) Driver() *sequencing.Driver { return n.driver }

// TxTopic is the transaction topic, nil on nodes that do not relay transactions.
func (n *Node) TxTopic() *gossip.Handle { return n.txTopic }

// Registry is the node's metrics registry; services register here.
func (n *Node) Registry() *prometheus.Registry { return n.reg }

// Roles are the roles the node runs.
func (n *Node) Roles() []p2p.Role { return n.roles }

// MetricsURL is the base URL of the HTTP server, or "" when disabled.
func (n *Node) MetricsURL() string {
	if n.httpLn == nil {
		return ""
	}
	return "http://" + dialable(n.httpLn.Addr().String())
}

// dialable turns a listen address into one a local client can dial: an
// unspecified host (0.0.0.0, ::) becomes loopback.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}

// Status is what /status reports.
type Status struct {
	PeerID    string               `json:"peer_id"`
	Version   string               `json:"version"`
	Network   string               `json:"network"`
	Roles     []p2p.Role           `json:"roles"`
	Addrs     []string             `json:"addrs"`
	Uptime    float64              `json:"uptime_seconds"`
	DHTMode   string               `json:"dht_mode"`
	Peers     []PeerStatus         `json:"peers"`
	Discovery map[p2p.Role]RoleSum `json:"discovery"`
	RTSize    int                  `json:"routing_table_peers"`
	PeerBook  int                  `json:"peer_book_peers"`
}

// PeerStatus is one connected peer.
type PeerStatus struct {
	ID    string     `json:"id"`
	Roles []p2p.Role `json:"roles,omitempty"`
}

// RoleSum is one role's discovery state.
type RoleSum struct {
	Known     int  `json:"known"`
	Connected int  `json:"connected"`
	Advertise bool `json:"advertised,omitempty"`
}

// Status reports identity, connections and discovery.
func (n *Node) Status() Status {
	h := n.host
	s := Status{PeerID: h.ID().String(), Version: version.Version(), Network: n.cfg.Node.Network, Roles: n.roles,
		DHTMode: h.Sizing().DHTMode, Discovery: map[p2p.Role]RoleSum{}, RTSize: h.DHT().RoutingTable().Size()}
	if !n.started.IsZero() {
		s.Uptime = time.Since(n.started).Seconds()
	}
	for _, a := range h.Addrs() {
		s.Addrs = append(s.Addrs, a.String())
	}
	if recs, err := h.PeerBook().All(); err == nil {
		s.PeerBook = len(recs)
	}
	for _, id := range h.ConnectedPeers() {
		s.Peers = append(s.Peers, PeerStatus{ID: id.String(), Roles: h.Discovery().RolesOf(id)})
	}
	for r, st := range h.Discovery().Stats() {
		s.Discovery[r] = RoleSum{Known: st.Known, Connected: st.Connected, Advertise: st.Advertised}
	}
	return s
}

func (n *Node) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(n.reg, promhttp.HandlerOpts{Registry: n.reg}))
	// /healthz: the process is up and the node has not begun shutting down.
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if !n.running.Load() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting or stopping"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	// /readyz: the node is connected to the network (a first node with no
	// bootstrap peers is ready alone).
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		peers := len(n.host.ConnectedPeers())
		if !n.running.Load() || (peers == 0 && len(n.cfg.P2P.BootstrapPeers) > 0) {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "not ready", "peers": peers})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "peers": peers})
	})
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, n.Status())
	})
	mux.HandleFunc("/peers", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, n.Peers())
	})
	// /das: what this node knows about data availability: the network head,
	// the highest height found available, recent unavailable heights.
	mux.HandleFunc("/das", func(w http.ResponseWriter, r *http.Request) {
		if n.das == nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "this node runs no data-availability role"})
			return
		}
		if q := r.URL.Query().Get("height"); q != "" {
			h, err := strconv.ParseUint(q, 10, 64)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "height: want a batch number"})
				return
			}
			v, err := n.das.Verdict(h)
			if err != nil {
				writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"height": h, "verdict": v.String()})
			return
		}
		writeJSON(w, http.StatusOK, n.das.Status())
	})
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
