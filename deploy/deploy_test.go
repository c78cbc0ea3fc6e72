package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/l2node/l2node/exec"
	"github.com/l2node/l2node/node"
	"github.com/l2node/l2node/node/devnet"
	"github.com/l2node/l2node/p2p"
)

// obj is one YAML document, decoded loosely.
type obj = map[string]any

func readYAML(t *testing.T, path string) []obj {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []obj
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var d obj
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		t.Fatalf("%s: no YAML document", path)
	}
	return docs
}

// get walks a path of map keys and list indices through a decoded document.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(obj)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := get(v, path...).(string); return s }
func list(v any, path ...any) []any { l, _ := get(v, path...).([]any); return l }
func num(v any, path ...any) int    { n, _ := get(v, path...).(int); return n }

func TestEveryYAMLFileParses(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yml" || ext == ".yaml") {
			readYAML(t, path)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("found %d YAML files, expected the compose, grafana and k8s files", n)
	}
}

// ---- compose ----

func devnetNodes() []string {
	s := devnet.DefaultSpec()
	names := []string{"bootstrap"}
	for _, r := range []struct {
		role string
		n    int
	}{{"sequencer", s.Sequencers}, {"validator", s.Validators}, {"da", s.DA}, {"light", s.Light}, {"relayer", s.Relayers}} {
		for i := range r.n {
			names = append(names, fmt.Sprintf("%s%d", r.role, i+1))
		}
	}
	return names
}

func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

func TestComposeIsTheDevnet(t *testing.T) {
	c := readYAML(t, "compose/docker-compose.yml")[0]
	for _, s := range []string{"devnet", "prometheus", "grafana"} {
		if get(c, "services", s) == nil {
			t.Fatalf("docker-compose.yml: no service %q", s)
		}
	}
	var args []string
	for _, a := range list(c, "services", "devnet", "command") {
		args = append(args, fmt.Sprint(a))
	}
	if len(args) == 0 || args[0] != "devnet" {
		t.Fatalf("devnet service runs %v, want `l2node devnet …`", args)
	}
	spec := devnet.DefaultSpec()
	base, err := strconv.Atoi(flagValue(args, "--base-port"))
	if err != nil || base != spec.BasePort {
		t.Fatalf("devnet --base-port %q, want %d (the ports below assume it)", flagValue(args, "--base-port"), spec.BasePort)
	}
	if h := flagValue(args, "--host"); h != "0.0.0.0" {
		t.Errorf("devnet --host %q: a container must bind 0.0.0.0 for its ports to be published", h)
	}
	if flagValue(args, "--dir") != "/data" {
		t.Errorf("devnet --dir: want /data, the image's volume")
	}
	nodes := devnetNodes()

	// Every published port is on loopback; together they cover the RPCs and every metrics port.
	published := map[int]bool{}
	for name, svc := range get(c, "services").(obj) {
		for _, p := range list(svc, "ports") {
			s := fmt.Sprint(p)
			if !strings.HasPrefix(s, "127.0.0.1:") {
				t.Errorf("service %s publishes %q: publish on 127.0.0.1 only", name, s)
			}
			if name != "devnet" {
				continue
			}
			parts := strings.Split(s, ":")
			lo, hi, _ := strings.Cut(parts[1], "-")
			l, err1 := strconv.Atoi(lo)
			h := l
			var err2 error
			if hi != "" {
				h, err2 = strconv.Atoi(hi)
			}
			if err1 != nil || err2 != nil || parts[1] != parts[2] {
				t.Fatalf("devnet port %q: want 127.0.0.1:N[-M]:N[-M]", s)
			}
			for port := l; port <= h; port++ {
				published[port] = true
			}
		}
	}
	want := []int{spec.RPCPort, spec.L1Port}
	for i := range nodes {
		want = append(want, spec.BasePort+2000+i)
	}
	for _, p := range want {
		if !published[p] {
			t.Errorf("devnet port %d is not published", p)
		}
	}

	// Bind mounts name files of this directory tree.
	for name, svc := range get(c, "services").(obj) {
		for _, v := range list(svc, "volumes") {
			src, _, _ := strings.Cut(fmt.Sprint(v), ":")
			if strings.HasPrefix(src, ".") {
				if _, err := os.Stat(filepath.Join("compose", src)); err != nil {
					t.Errorf("service %s mounts %s: %v", name, src, err)
				}
			} else if vols, _ := get(c, "volumes").(obj); !slices.Contains(slices.Collect(maps.Keys(vols)), src) {
				t.Errorf("service %s uses volume %q, not declared", name, src)
			}
		}
	}

	// Prometheus scrapes exactly the devnet's metrics ports, each node under its name.
	p := readYAML(t, "compose/prometheus.yml")[0]
	got := map[string]string{}
	for _, job := range list(p, "scrape_configs") {
		for _, sc := range list(job, "static_configs") {
			for _, tg := range list(sc, "targets") {
				got[fmt.Sprint(tg)] = str(sc, "labels", "instance")
			}
		}
	}
	wantTargets := map[string]string{}
	for i, n := range nodes {
		wantTargets[fmt.Sprintf("devnet:%d", spec.BasePort+2000+i)] = n
	}
	if !maps.Equal(got, wantTargets) {
		t.Errorf("prometheus.yml targets\n got %v\nwant %v", got, wantTargets)
	}
	for _, rf := range list(p, "rule_files") {
		if !mounted(c, "prometheus", fmt.Sprint(rf)) {
			t.Errorf("prometheus.yml loads %s, which the compose file does not mount", rf)
		}
	}

	// Grafana loads the dashboard from where the compose file mounts it.
	prov := readYAML(t, "grafana/provisioning/dashboards/l2node.yml")[0]
	dir := str(prov, "providers", 0, "options", "path")
	if !mounted(c, "grafana", dir+"/l2node-dashboard.json") {
		t.Errorf("grafana provisioning reads %s, where the compose file mounts no dashboard", dir)
	}
	ds := readYAML(t, "grafana/provisioning/datasources/prometheus.yml")[0]
	if u := str(ds, "datasources", 0, "url"); u != "http://prometheus:9090" {
		t.Errorf("grafana data source %q, want the compose prometheus service", u)
	}
}

func mounted(compose obj, service, target string) bool {
	for _, v := range list(compose, "services", service, "volumes") {
		parts := strings.Split(fmt.Sprint(v), ":")
		if len(parts) >= 2 && (parts[1] == target || strings.HasPrefix(target, parts[1]+"/")) {
			return true
		}
	}
	return false
}

// ---- Kubernetes ----

type manifests struct {
	all     []obj
	byKind  map[string]map[string]obj
	network map[string]string // the l2node-network ConfigMap
	configs map[string]string // the l2node-config ConfigMap
}

// externalSecrets are created by the operator from keys generated for the
// network (docs/deploy.md); they must never be committed.
var externalSecrets = []string{"l2node-bootstrap-keys", "l2node-sequencer-keys", "l2node-validator-keys", "l2node-relayer-keys"}

func loadManifests(t *testing.T) *manifests {
	t.Helper()
	k := readYAML(t, "k8s/kustomization.yaml")[0]
	ns := str(k, "namespace")
	m := &manifests{byKind: map[string]map[string]obj{}}
	var listed []string
	for _, r := range list(k, "resources") {
		f := fmt.Sprint(r)
		listed = append(listed, f)
		for _, d := range readYAML(t, filepath.Join("k8s", f)) {
			kind, name := str(d, "kind"), str(d, "metadata", "name")
			if kind == "" || name == "" || str(d, "apiVersion") == "" {
				t.Fatalf("%s: a document without apiVersion, kind or metadata.name", f)
			}
			if kind != "Namespace" && str(d, "metadata", "namespace") != ns {
				t.Errorf("%s %s: namespace %q, want %q", kind, name, str(d, "metadata", "namespace"), ns)
			}
			if m.byKind[kind] == nil {
				m.byKind[kind] = map[string]obj{}
			}
			if m.byKind[kind][name] != nil {
				t.Errorf("%s %s defined twice", kind, name)
			}
			m.byKind[kind][name] = d
			m.all = append(m.all, d)
		}
	}
	files, _ := filepath.Glob("k8s/*.yaml")
	for _, f := range files {
		if b := filepath.Base(f); b != "kustomization.yaml" && !slices.Contains(listed, b) {
			t.Errorf("k8s/%s is not in kustomization.yaml", b)
		}
	}
	if m.byKind["Namespace"][ns] == nil {
		t.Errorf("no Namespace %s", ns)
	}
	if len(m.byKind["Secret"]) > 0 {
		t.Errorf("Secrets in the manifests: keys must be created, never committed")
	}
	m.network = stringMap(t, m.byKind["ConfigMap"]["l2node-network"])
	m.configs = stringMap(t, m.byKind["ConfigMap"]["l2node-config"])
	return m
}

func stringMap(t *testing.T, cm obj) map[string]string {
	t.Helper()
	if cm == nil {
		t.Fatal("missing ConfigMap")
	}
	out := map[string]string{}
	for k, v := range get(cm, "data").(obj) {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("ConfigMap %s: %s is not a string", str(cm, "metadata", "name"), k)
		}
		out[k] = s
	}
	return out
}

// workloads are the StatefulSets and Deployments, by role.
func (m *manifests) workloads() map[string]obj {
	out := map[string]obj{}
	for _, kind := range []string{"StatefulSet", "Deployment"} {
		for _, w := range m.byKind[kind] {
			out[str(w, "spec", "template", "metadata", "labels", "app.kubernetes.io/component")] = w
		}
	}
	return out
}

func labelsMatch(selector, labels any) bool {
	sel, _ := selector.(obj)
	l, _ := labels.(obj)
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if fmt.Sprint(l[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

func TestKubernetesManifests(t *testing.T) {
	m := loadManifests(t)
	docs, err := os.ReadFile("../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	w := m.workloads()
	for _, role := range []string{"bootstrap", "sequencer", "validator", "da", "light", "relayer"} {
		if w[role] == nil {
			t.Fatalf("no workload runs the %s role", role)
		}
	}
	if n := num(w["sequencer"], "spec", "replicas"); n != 4 {
		t.Errorf("%d sequencers, want 4", n)
	}
	for role, wl := range w {
		name := str(wl, "metadata", "name")
		spec := get(wl, "spec", "template", "spec")
		if !labelsMatch(get(wl, "spec", "selector", "matchLabels"), get(wl, "spec", "template", "metadata", "labels")) {
			t.Errorf("%s: selector does not match the pod labels", name)
		}
		if str(wl, "kind") == "StatefulSet" {
			svc := m.byKind["Service"][str(wl, "spec", "serviceName")]
			if svc == nil || str(svc, "spec", "clusterIP") != "None" {
				t.Errorf("%s: serviceName %q is not a headless Service of the manifests", name, str(wl, "spec", "serviceName"))
			} else if !labelsMatch(get(svc, "spec", "selector"), get(wl, "spec", "template", "metadata", "labels")) {
				t.Errorf("%s: its Service does not select its pods", name)
			}
		}
		if num(spec, "securityContext", "runAsUser") == 0 {
			t.Errorf("%s: runs as root", name)
		}
		volumes := map[string]bool{}
		for _, v := range list(spec, "volumes") {
			volumes[str(v, "name")] = true
			if cm := str(v, "configMap", "name"); cm != "" && m.byKind["ConfigMap"][cm] == nil {
				t.Errorf("%s: volume of ConfigMap %s, not in the manifests", name, cm)
			}
			if s := str(v, "secret", "secretName"); s != "" {
				if !slices.Contains(externalSecrets, s) {
					t.Errorf("%s: Secret %s is not one of the documented key Secrets", name, s)
				}
				if !bytes.Contains(docs, []byte("kubectl -n l2node create secret generic "+s)) {
					t.Errorf("%s: docs/deploy.md does not say how to create Secret %s", name, s)
				}
			}
		}
		for _, v := range list(wl, "spec", "volumeClaimTemplates") {
			volumes[str(v, "metadata", "name")] = true
		}
		containers := append(list(spec, "initContainers"), list(spec, "containers")...)
		var roleEnv string
		for _, c := range containers {
			for _, vm := range list(c, "volumeMounts") {
				if !volumes[str(vm, "name")] {
					t.Errorf("%s/%s mounts volume %s, which the pod does not have", name, str(c, "name"), str(vm, "name"))
				}
			}
			for _, e := range list(c, "env") {
				if str(e, "name") == "ROLE" {
					roleEnv = str(e, "value")
				}
			}
			for _, ef := range list(c, "envFrom") {
				if cm := str(ef, "configMapRef", "name"); cm != "" && m.byKind["ConfigMap"][cm] == nil {
					t.Errorf("%s: envFrom ConfigMap %s, not in the manifests", name, cm)
				}
			}
		}
		if roleEnv != role {
			t.Errorf("%s: the datadir init container copies %q.toml, want %s.toml", name, roleEnv, role)
		}
		cfg, err := node.ParseConfig(role+".toml", []byte(m.configs[role+".toml"]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(cfg.Node.Roles, []string{role}) {
			t.Errorf("%s.toml runs roles %v", role, cfg.Node.Roles)
		}
		main := list(spec, "containers")[0]
		checkPorts(t, name, main, cfg)
		if get(main, "resources", "requests", "cpu") == nil || get(main, "resources", "requests", "memory") == nil {
			t.Errorf("%s: no resource requests", name)
		}
	}
	// Every Service selects pods that have its target ports.
	for name, svc := range m.byKind["Service"] {
		var pods []obj
		for _, wl := range w {
			if labelsMatch(get(svc, "spec", "selector"), get(wl, "spec", "template", "metadata", "labels")) {
				pods = append(pods, wl)
			}
		}
		if len(pods) == 0 {
			t.Errorf("Service %s selects no pods", name)
		}
		for _, p := range list(svc, "spec", "ports") {
			for _, wl := range pods {
				if !hasPort(list(wl, "spec", "template", "spec", "containers", 0, "ports"), str(p, "targetPort"), str(p, "protocol")) {
					t.Errorf("Service %s: port %s of %s has no container port %q", name, str(p, "name"), str(wl, "metadata", "name"), str(p, "targetPort"))
				}
			}
		}
	}
	if m.byKind["Service"]["l2node-rpc"] == nil {
		t.Error("no Service l2node-rpc for JSON-RPC")
	}
}

func hasPort(ports []any, name, protocol string) bool {
	if protocol == "" {
		protocol = "TCP"
	}
	for _, p := range ports {
		pp := str(p, "protocol")
		if pp == "" {
			pp = "TCP"
		}
		if str(p, "name") == name && pp == protocol {
			return true
		}
	}
	return false
}

// checkPorts: the container ports and probes are the ports the config listens on.
func checkPorts(t *testing.T, name string, c any, cfg node.Config) {
	t.Helper()
	want := map[string]int{"metrics": hostPort(t, cfg.Metrics.ListenAddr)}
	for _, a := range cfg.P2P.ListenAddrs {
		m, err := ma.NewMultiaddr(a)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := m.ValueForProtocol(ma.P_TCP); err == nil {
			want["p2p-tcp/TCP"], _ = strconv.Atoi(p)
		}
		if p, err := m.ValueForProtocol(ma.P_UDP); err == nil {
			want["p2p-quic/UDP"], _ = strconv.Atoi(p)
		}
	}
	want["metrics/TCP"] = want["metrics"]
	delete(want, "metrics")
	got := map[string]int{}
	for _, p := range list(c, "ports") {
		proto := str(p, "protocol")
		if proto == "" {
			proto = "TCP"
		}
		got[str(p, "name")+"/"+proto] = num(p, "containerPort")
	}
	if rpc, ok := got["rpc/TCP"]; ok {
		if !cfg.RPC.Enabled || rpc != hostPort(t, cfg.RPC.ListenAddr) {
			t.Errorf("%s: container port rpc %d, but rpc.enabled=%v listen_addr=%s", name, rpc, cfg.RPC.Enabled, cfg.RPC.ListenAddr)
		}
		want["rpc/TCP"] = rpc
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: container ports %v, the config listens on %v", name, got, want)
	}
	for _, probe := range []string{"startupProbe", "livenessProbe", "readinessProbe"} {
		path := str(c, probe, "httpGet", "path")
		if str(c, probe, "httpGet", "port") != "metrics" || (path != "/healthz" && path != "/readyz") {
			t.Errorf("%s: %s is not /healthz or /readyz on the metrics port", name, probe)
		}
	}
	if !strings.HasPrefix(cfg.Metrics.ListenAddr, "0.0.0.0:") {
		t.Errorf("%s: metrics on %s: probes and Prometheus cannot reach it", name, cfg.Metrics.ListenAddr)
	}
}

func hostPort(t *testing.T, addr string) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(p)
	return n
}

// envKeys maps L2NODE_<SECTION>_<OPTION> variables to config keys, as the
// binary does.
func envKeys() map[string]string {
	out := map[string]string{}
	for _, k := range node.Keys() {
		out["L2NODE_"+strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(k))] = k
	}
	return out
}

// filledNetwork is the network ConfigMap with its placeholders replaced by
// keys generated here, as an operator would.
func filledNetwork(t *testing.T, m *manifests) map[string]string {
	t.Helper()
	var pairs []string
	newPeer := func() string {
		k, _, err := crypto.GenerateEd25519Key(nil)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := peer.IDFromPrivateKey(k)
		return id.String()
	}
	pairs = append(pairs, "BOOTSTRAP_PEER_ID", newPeer())
	for i := range 4 {
		k, _ := ethcrypto.GenerateKey()
		pairs = append(pairs, fmt.Sprintf("SEQUENCER_%d_PEER_ID", i), newPeer(), fmt.Sprintf("SEQUENCER_%d_ADDRESS", i), ethcrypto.PubkeyToAddress(k.PublicKey).Hex())
	}
	r := strings.NewReplacer(pairs...)
	placeholder := regexp.MustCompile(`[A-Z][A-Z0-9]*_[A-Z0-9_]+`)
	out := map[string]string{}
	for k, v := range m.network {
		out[k] = r.Replace(v)
		if p := placeholder.FindString(out[k]); p != "" {
			t.Errorf("network.yaml %s: placeholder %s is not documented in the test (or in docs/deploy.md)", k, p)
		}
	}
	return out
}

func TestKubernetesConfigsLoadAndValidate(t *testing.T) {
	m := loadManifests(t)
	keys := envKeys()
	network := filledNetwork(t, m)
	for k := range m.network {
		if keys[k] == "" {
			t.Errorf("network.yaml: %s is no config option: the node would ignore it", k)
		}
	}
	w := m.workloads()
	n := 0
	for file, text := range m.configs {
		if !strings.HasSuffix(file, ".toml") {
			continue
		}
		n++
		cfg, err := node.ParseConfig(file, []byte(text))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		// Rendered from the template: every option is written out.
		var raw map[string]any
		if err := toml.Unmarshal([]byte(text), &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range node.Keys() {
			sec, opt, _ := strings.Cut(k, ".")
			if s, _ := raw[sec].(map[string]any); s == nil || s[opt] == nil {
				t.Errorf("%s: option %s missing: render it again with `l2node init` (docs/deploy.md)", file, k)
			}
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		role := strings.TrimSuffix(file, ".toml")
		env := maps.Clone(network)
		if role == "bootstrap" {
			env["L2NODE_P2P_BOOTSTRAP_PEERS"] = "" // as bootstrap.yaml sets it
		}
		for k, v := range env {
			if err := cfg.Set(keys[k], v); err != nil {
				t.Errorf("%s with network.yaml: %v", file, err)
			}
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s with network.yaml filled in: %v", file, err)
		}
		if role != "bootstrap" {
			checkBootstrapDNS(t, m, cfg.P2P.BootstrapPeers, w)
		}
		// The genesis is a file of the same ConfigMap, mounted at /config.
		g, ok := strings.CutPrefix(cfg.Exec.Genesis, "/config/")
		if !ok || m.configs[g] == "" {
			t.Errorf("%s: exec.genesis %q is not a file of the l2node-config ConfigMap", file, cfg.Exec.Genesis)
			continue
		}
		p := filepath.Join(t.TempDir(), g)
		if err := os.WriteFile(p, []byte(m.configs[g]), 0o644); err != nil {
			t.Fatal(err)
		}
		gen, err := exec.LoadGenesis(p)
		if err != nil {
			t.Errorf("%s: %v", file, err)
		} else if gen.ChainID != cfg.Node.ChainID {
			t.Errorf("%s: chain_id %d, genesis %d", file, cfg.Node.ChainID, gen.ChainID)
		}
	}
	if n != 6 {
		t.Errorf("%d config files, want one per role (6)", n)
	}
}

// checkBootstrapDNS: bootstrap peers are StatefulSet pods by their stable DNS
// name, <pod>.<headless service>.<namespace>.svc.cluster.local.
func checkBootstrapDNS(t *testing.T, m *manifests, addrs []string, w map[string]obj) {
	t.Helper()
	infos, err := p2p.ParseBootstrapPeers(addrs)
	if err != nil || len(infos) == 0 {
		t.Fatalf("bootstrap peers %v: %v", addrs, err)
	}
	for _, a := range addrs {
		mm, _ := ma.NewMultiaddr(a)
		host, err := mm.ValueForProtocol(ma.P_DNS4)
		if err != nil {
			t.Errorf("bootstrap peer %s: want a /dns4 name of a StatefulSet pod", a)
			continue
		}
		parts := strings.Split(host, ".")
		if len(parts) != 6 || strings.Join(parts[3:], ".") != "svc.cluster.local" {
			t.Errorf("bootstrap peer %s: want <pod>.<service>.<namespace>.svc.cluster.local", a)
			continue
		}
		pod, svc, ns := parts[0], parts[1], parts[2]
		found := false
		for _, wl := range w {
			if str(wl, "kind") != "StatefulSet" || str(wl, "spec", "serviceName") != svc || str(wl, "metadata", "namespace") != ns {
				continue
			}
			ord, ok := strings.CutPrefix(pod, str(wl, "metadata", "name")+"-")
			i, err := strconv.Atoi(ord)
			found = ok && err == nil && i < num(wl, "spec", "replicas")
		}
		if !found {
			t.Errorf("bootstrap peer %s: no StatefulSet pod %s behind Service %s", a, pod, svc)
		}
	}
}
