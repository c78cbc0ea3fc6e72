package ethrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/internal/version"
)

// Progress reports how far batches have got beyond BFT finality: sampled as
// available by the DA layer, committed to L1 with a state root, finalized
// once the challenge window passed. known is false when the node cannot
// tell (it runs no light sampler, the relayer has not reported yet).
type Progress interface {
	Available(number uint64) (available, known bool)
	CommittedHead() (uint64, bool)
	FinalizedHead() (uint64, bool)
}

// Backend is what the RPC reads from and writes to.
type Backend struct {
	Exec *exec.Executor
	// Pool takes the transactions of eth_sendRawTransaction. Nil on a node
	// that takes no transactions: the method then answers an error.
	Pool exec.TxPool
	// Progress is optional: without it the "safe" and "finalized" tags name
	// the head, and no batch is reported beyond "final".
	Progress Progress
	// Sequencing is optional: l2_sequencing answers an error without it.
	Sequencing    Sequencing
	ClientVersion string // web3_clientVersion; "l2node/<version>/<os>-<arch>/<go>" when empty
	Logger        *slog.Logger
}

// Defaults of the options.
const (
	DefaultBodyLimit          = 5 << 20  // bytes of one HTTP request or WebSocket message
	DefaultBatchItems         = 1000     // calls in one JSON-RPC batch
	DefaultBatchResponseBytes = 25 << 20 // bytes of one batch's responses
	DefaultGasCap             = 50_000_000
	DefaultEVMTimeout         = 5 * time.Second
	DefaultFilterTimeout      = 5 * time.Minute
)

// Limits of the log queries and filters; they are not options because
// clients are written against them (docs/rpc.md).
const (
	MaxLogBlockRange = 10_000 // blocks one eth_getLogs may scan
	MaxLogResults    = 10_000 // logs one eth_getLogs may return
	MaxFilters       = 10_000 // installed filters (eth_newFilter, eth_newBlockFilter)
	MaxFeeHistory    = 1024   // blocks of one eth_feeHistory
	MaxProofKeys     = 1024   // storage keys of one eth_getProof
)

type config struct {
	bodyLimit     int
	batchItems    int
	batchBytes    int
	corsOrigins   []string
	gasCap        uint64
	evmTimeout    time.Duration
	filterTimeout time.Duration
	now           func() time.Time
}

// Option configures a Server.
type Option func(*config) error

// WithBodyLimit caps the bytes of one HTTP request body or WebSocket
// message. It must leave room for the largest transaction (exec.MaxTxSize,
// twice that in hex).
func WithBodyLimit(n int) Option {
	return func(c *config) error {
		if n < 4*exec.MaxTxSize {
			return fmt.Errorf("ethrpc: body limit %d below %d, the hex of the largest transaction", n, 4*exec.MaxTxSize)
		}
		c.bodyLimit = n
		return nil
	}
}

// WithBatchLimits caps the calls of one JSON-RPC batch and the bytes of its
// responses.
func WithBatchLimits(items, responseBytes int) Option {
	return func(c *config) error {
		if items < 1 || responseBytes < 1 {
			return fmt.Errorf("ethrpc: batch limits %d items, %d bytes: both must be positive", items, responseBytes)
		}
		c.batchItems, c.batchBytes = items, responseBytes
		return nil
	}
}

// WithCORS sets the origins browsers may call from ("*" for any, the
// default; none to send no CORS headers). WebSocket accepts any origin.
func WithCORS(origins ...string) Option {
	return func(c *config) error {
		c.corsOrigins = origins
		return nil
	}
}

// WithGasCap caps the gas of eth_call and eth_estimateGas.
func WithGasCap(gas uint64) Option {
	return func(c *config) error {
		if gas < 21_000 {
			return fmt.Errorf("ethrpc: gas cap %d below a transfer's 21000", gas)
		}
		c.gasCap = gas
		return nil
	}
}

// WithEVMTimeout bounds the time of one eth_call or eth_estimateGas.
func WithEVMTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("ethrpc: EVM timeout %v must be positive", d)
		}
		c.evmTimeout = d
		return nil
	}
}

// WithFilterTimeout is how long an installed filter lives without being polled.
func WithFilterTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("ethrpc: filter timeout %v must be positive", d)
		}
		c.filterTimeout = d
		return nil
	}
}

// Server is the JSON-RPC service of one node.
type Server struct {
	cfg     config
	log     *slog.Logger
	rpc     *rpc.Server
	chain   *chain
	handler http.Handler

	wsConns sync.WaitGroup // WebSocket connections being served

	mu      sync.Mutex
	httpSrv *http.Server
	served  chan struct{}
	closed  bool
}

// New registers the eth_, net_, web3_ and l2_ APIs on a new server.
func New(b Backend, opts ...Option) (*Server, error) {
	if b.Exec == nil {
		return nil, errors.New("ethrpc: no executor")
	}
	cfg := config{
		bodyLimit:     DefaultBodyLimit,
		batchItems:    DefaultBatchItems,
		batchBytes:    DefaultBatchResponseBytes,
		corsOrigins:   []string{"*"},
		gasCap:        DefaultGasCap,
		evmTimeout:    DefaultEVMTimeout,
		filterTimeout: DefaultFilterTimeout,
		now:           time.Now,
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	log := b.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("component", "rpc")
	if b.ClientVersion == "" {
		b.ClientVersion = fmt.Sprintf("l2node/%s/%s-%s/%s", version.Version(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	}
	s := &Server{cfg: cfg, log: log, rpc: rpc.NewServer()}
	s.chain = newChain(b, &s.cfg, log)
	s.rpc.SetHTTPBodyLimit(cfg.bodyLimit)
	s.rpc.SetWebsocketReadLimit(int64(cfg.bodyLimit))
	s.rpc.SetBatchLimits(cfg.batchItems, cfg.batchBytes)
	for name, api := range map[string]any{
		"eth":  &ethAPI{s.chain},
		"net":  &netAPI{s.chain},
		"web3": &web3API{s.chain},
		"l2":   &l2API{s.chain},
	} {
		if err := s.rpc.RegisterName(name, api); err != nil {
			return nil, fmt.Errorf("ethrpc: register %s API: %w", name, err)
		}
	}
	s.handler = s.newHandler()
	return s, nil
}

// RegisterAPI adds the exported methods of api to a namespace (a new one, or
// "l2" for methods of other parts of the node), as go-ethereum's rpc server
// names them: namespace_methodName. Call it before Start.
func (s *Server) RegisterAPI(namespace string, api any) error {
	if err := s.rpc.RegisterName(namespace, api); err != nil {
		return fmt.Errorf("ethrpc: register %s API: %w", namespace, err)
	}
	return nil
}

// InProc is a client of this server inside the process, without HTTP: for
// parts of the node that speak JSON-RPC to the L2 (the relayer).
func (s *Server) InProc() *rpc.Client { return rpc.DialInProc(s.rpc) }

// Handler serves JSON-RPC over HTTP and, for upgrade requests, WebSocket.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr and serves in the background. It returns the bound
// address, which differs from addr when addr asks for port 0.
func (s *Server) Start(addr string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("ethrpc: server closed")
	}
	if s.httpSrv != nil {
		return "", errors.New("ethrpc: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("ethrpc: listen on %s: %w", addr, err)
	}
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 30 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.served = make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("JSON-RPC listener failed", "addr", ln.Addr(), "err", err)
		}
	}(s.httpSrv, s.served)
	s.log.Info("JSON-RPC listening", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}

// Close stops the listener (letting running HTTP requests finish for up to
// five seconds), closes WebSocket connections with their subscriptions and
// drops the installed filters.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	srv, served := s.httpSrv, s.served
	s.mu.Unlock()
	var err error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err = srv.Shutdown(ctx); err != nil {
			err = fmt.Errorf("ethrpc: shut down the listener: %w", err)
			srv.Close()
		}
		cancel()
		<-served
	}
	s.rpc.Stop() // closes the WebSocket connections, which ends their subscriptions
	s.wsConns.Wait()
	s.chain.relays.Wait()
	s.chain.filters.clear()
	return err
}

func (s *Server) newHandler() http.Handler {
	ws := s.rpc.WebsocketHandler([]string{"*"})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebSocketUpgrade(r) {
			s.mu.Lock()
			if s.closed {
				s.mu.Unlock()
				http.Error(w, "server closed", http.StatusServiceUnavailable)
				return
			}
			s.wsConns.Add(1)
			s.mu.Unlock()
			defer s.wsConns.Done()
			start := time.Now()
			s.log.Debug("websocket connected", "remote", r.RemoteAddr)
			ws.ServeHTTP(w, r) // returns when the connection closes
			s.log.Debug("websocket closed", "remote", r.RemoteAddr, "duration", time.Since(start))
			return
		}
		if s.cors(w, r) {
			return
		}
		s.serveHTTP(w, r)
	})
}

func isWebSocketUpgrade(r *http.Request) bool {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		return false
	}
	for _, v := range r.Header.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return true
			}
		}
	}
	return false
}

// cors sets the CORS headers for an allowed origin and reports whether it
// answered a preflight request.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || len(s.cfg.corsOrigins) == 0 {
		return false
	}
	allowed := ""
	for _, o := range s.cfg.corsOrigins {
		if o == "*" {
			allowed = "*"
			break
		}
		if strings.EqualFold(o, origin) {
			allowed = origin
			break
		}
	}
	if allowed == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", allowed)
	if allowed != "*" {
		h.Add("Vary", "Origin")
	}
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// serveHTTP serves one HTTP request and, at debug level, logs the methods
// it called, its status and its duration.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.log.Enabled(r.Context(), slog.LevelDebug) {
		s.rpc.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	var methods []string
	if r.Body != nil && r.ContentLength <= int64(s.cfg.bodyLimit) {
		// Read at most the limit, then hand the server what was read followed
		// by the rest, so that it applies its own limit as usual.
		head, err := io.ReadAll(io.LimitReader(r.Body, int64(s.cfg.bodyLimit)+1))
		if err == nil && len(head) <= s.cfg.bodyLimit {
			methods = requestMethods(head)
		}
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	}
	rec := &responseRecorder{ResponseWriter: w, status: http.StatusOK}
	s.rpc.ServeHTTP(rec, r)
	s.log.Debug("rpc request", "transport", "http", "remote", r.RemoteAddr, "methods", methods,
		"status", rec.status, "bytes", rec.n, "duration", time.Since(start))
}

// requestMethods extracts the method names of a request or a batch (at most
// the first 16 of a batch, for the log).
func requestMethods(body []byte) []string {
	type call struct {
		Method string `json:"method"`
	}
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		var calls []call
		if json.Unmarshal(body, &calls) != nil {
			return nil
		}
		out := make([]string, 0, min(len(calls), 16))
		for i, c := range calls {
			if i == 16 {
				out = append(out, fmt.Sprintf("… %d more", len(calls)-16))
				break
			}
			out = append(out, c.Method)
		}
		return out
	}
	var c call
	if json.Unmarshal(body, &c) != nil {
		return nil
	}
	return []string{c.Method}
}

type responseRecorder struct {
	http.ResponseWriter
	status int
	n      int
}

func (r *responseRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *responseRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.n += n
	return n, err
}

func (r *responseRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
