package export

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/l2node/l2node/simulation"
)

// K8sOptions steer the Kubernetes export.
type K8sOptions struct {
	Namespace string // default "l2node-sim", apart from the hand-written testnet's "l2node"
	Image     string // default "l2node:latest"
	// RegionLabel, if set, is the node label whose value is a region's name
	// (e.g. topology.kubernetes.io/region): each group's pods are pinned to
	// nodes of their region. Empty: pods go anywhere.
	RegionLabel string
}

// Workload is one StatefulSet of the export: a scenario group, or the
// bootstrap node.
type Workload struct {
	Name      string // l2node-sequencer-eu
	Role      string
	Region    string
	Replicas  int
	Namespace string
	Image     string
	RegionKey string
	Keys      bool // pods take keys from the Secret l2node-keys
	CPU, Mem  string
	Limit     string
	Storage   string // "" for an emptyDir datadir
	RPC       bool
}

var dnsLabel = regexp.MustCompile(`[^a-z0-9-]+`)

// workloads lists the StatefulSets: the bootstrap node, then one per group.
func workloads(s *simulation.Scenario, opts K8sOptions) []Workload {
	var ws []Workload
	used := map[string]bool{}
	res := map[string][4]string{ // cpu request, memory request, memory limit, storage
		"bootstrap": {"100m", "256Mi", "512Mi", "1Gi"},
		"sequencer": {"2", "4Gi", "8Gi", "50Gi"},
		"da":        {"1", "2Gi", "4Gi", "100Gi"},
		"light":     {"100m", "256Mi", "512Mi", ""},
	}
	add := func(role, region string, n int) {
		name := "l2node-" + role
		if role != "bootstrap" {
			name += "-" + strings.Trim(dnsLabel.ReplaceAllString(strings.ToLower(region), "-"), "-")
		}
		base := name
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		used[name] = true
		r := res[role]
		ws = append(ws, Workload{Name: name, Role: role, Region: region, Replicas: n, Namespace: opts.Namespace, Image: opts.Image,
			RegionKey: opts.RegionLabel, Keys: role == "bootstrap" || role == "sequencer",
			CPU: r[0], Mem: r[1], Limit: r[2], Storage: r[3], RPC: role == "sequencer"})
	}
	for _, g := range s.Groups {
		if g.Role == "sequencer" {
			add("bootstrap", g.Region, 1)
			break
		}
	}
	for _, g := range s.Groups {
		add(g.Role, g.Region, g.Count)
	}
	return ws
}

// K8s exports a scenario as Kubernetes manifests for a testnet of real
// nodes with the scenario's node counts, following deploy/k8s: a
// StatefulSet per group (and one for the bootstrap node), headless
// Services, the network's ConfigMap with placeholders for the peer IDs and
// sequencer addresses, a kustomization, and keys.sh, which makes the keys,
// fills in the placeholders and creates the Secret.
func K8s(s *simulation.Scenario, opts K8sOptions) (Files, error) {
	if opts.Namespace == "" {
		opts.Namespace = "l2node-sim"
	}
	if opts.Image == "" {
		opts.Image = "l2node:latest"
	}
	ws := workloads(s, opts)
	files := Files{}
	render := func(name string, t *template.Template, data any) error {
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return fmt.Errorf("export: %s: %w", name, err)
		}
		files[name] = b.Bytes()
		return nil
	}
	var seqPods []string
	resources := []string{"namespace.yaml", "network.yaml", "services.yaml"}
	for _, w := range ws {
		if w.Role == "sequencer" {
			for i := range w.Replicas {
				seqPods = append(seqPods, fmt.Sprintf("%s-%d", w.Name, i))
			}
		}
		if err := render(w.Name+".yaml", statefulSetTmpl, w); err != nil {
			return nil, err
		}
		resources = append(resources, w.Name+".yaml")
	}
	var stakes []uint64
	for _, g := range s.Groups {
		if g.Role == "sequencer" {
			for range g.Count {
				stakes = append(stakes, g.Stake)
			}
		}
	}
	data := map[string]any{"Namespace": opts.Namespace, "Image": opts.Image, "Workloads": ws, "Resources": resources,
		"Settings": nodeSettings(s), "SeqPods": seqPods, "Stakes": stakes, "Seed": s.Seed, "NotExported": notExported(s),
		"Nodes": len(plan(s))}
	for name, t := range map[string]*template.Template{"namespace.yaml": namespaceTmpl, "network.yaml": networkTmpl,
		"services.yaml": servicesTmpl, "kustomization.yaml": kustomizationTmpl, "keys.sh": keysTmpl} {
		if err := render(name, t, data); err != nil {
			return nil, err
		}
	}
	return files, nil
}

var funcs = template.FuncMap{
	"env": func(key string) string { return "L2NODE_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_")) },
	"add": func(a, b int) int { return a + b },
}

var namespaceTmpl = template.Must(template.New("ns").Parse(`# A testnet exported from a simulator scenario (seed {{.Seed}}): {{.Nodes}} nodes.
# kubectl apply -k . (after ./keys.sh; see docs/simulator.md).
apiVersion: v1
kind: Namespace
metadata:
  name: {{.Namespace}}
  labels:
    app.kubernetes.io/part-of: l2node
`))

var networkTmpl = template.Must(template.New("net").Funcs(funcs).Parse(`# What is particular to this network, as L2NODE_<SECTION>_<OPTION> variables every node reads
# over the config.toml its init container writes. keys.sh replaces the placeholders:
#   BOOTSTRAP_PEER_ID       peer ID of l2node-bootstrap-0
#   SEQUENCER_<i>_PEER_ID   peer ID of the i-th sequencer pod (the DA producers)
#   SEQUENCER_<i>_ADDRESS   address of its sequencer key (the sequencer set)
# The cluster's own network carries the traffic: the scenario's latencies, bandwidth and loss
# are not emulated here (the Shadow export does that).
# Sequencer pods, in order:{{range $i, $p := .SeqPods}} {{$i}}={{$p}}{{end}}
{{- range .NotExported}}
# Not exported (real nodes are honest; the cluster's network is what it is): {{.}}.
{{- end}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: l2node-network
  namespace: {{.Namespace}}
data:
  L2NODE_P2P_BOOTSTRAP_PEERS: "/dns4/l2node-bootstrap-0.l2node-bootstrap.{{.Namespace}}.svc.cluster.local/tcp/7700/p2p/BOOTSTRAP_PEER_ID,/dns4/l2node-bootstrap-0.l2node-bootstrap.{{.Namespace}}.svc.cluster.local/udp/7700/quic-v1/p2p/BOOTSTRAP_PEER_ID"
  L2NODE_DAS_PRODUCERS: "{{range $i, $p := .SeqPods}}{{if $i}},{{end}}SEQUENCER_{{$i}}_PEER_ID{{end}}"
  L2NODE_SEQUENCING_SEQUENCERS: "{{range $i, $s := .Stakes}}{{if $i}},{{end}}SEQUENCER_{{$i}}_ADDRESS={{$s}}{{end}}"
{{- range .Settings}}
  {{env (index . 0)}}: "{{index . 1}}"
{{- end}}
`))

var servicesTmpl = template.Must(template.New("svc").Parse(`# Headless Services give every pod a stable DNS name for p2p,
# <pod>.<service>.{{.Namespace}}.svc.cluster.local, published before the pod is ready.
# l2node-rpc spreads Ethereum JSON-RPC over the sequencers.
{{- range .Workloads}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{.Name}}
  namespace: {{.Namespace}}
  labels:
    app.kubernetes.io/name: l2node
    app.kubernetes.io/component: {{.Role}}
    l2node.io/group: {{.Name}}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app.kubernetes.io/name: l2node
    l2node.io/group: {{.Name}}
  ports:
    - name: p2p-tcp
      port: 7700
      targetPort: p2p-tcp
      protocol: TCP
    - name: p2p-quic
      port: 7700
      targetPort: p2p-quic
      protocol: UDP
    - name: metrics
      port: 9700
      targetPort: metrics
      protocol: TCP
{{- end}}
---
apiVersion: v1
kind: Service
metadata:
  name: l2node-rpc
  namespace: {{.Namespace}}
  labels:
    app.kubernetes.io/name: l2node
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: l2node
    l2node.io/rpc: "true"
  ports:
    - name: rpc
      port: 8545
      targetPort: rpc
      protocol: TCP
`))

var kustomizationTmpl = template.Must(template.New("k").Parse(`# kubectl apply -k . — after ./keys.sh has filled in network.yaml and created the Secret.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: {{.Namespace}}
labels:
  - pairs:
      app.kubernetes.io/part-of: l2node
    includeSelectors: false
resources:
{{- range .Resources}}
  - {{.}}
{{- end}}
images:
  - name: l2node
    newTag: latest
`))

var statefulSetTmpl = template.Must(template.New("sts").Parse(`# {{.Replicas}} {{.Role}} node{{if ne .Replicas 1}}s{{end}} in region {{.Region}}.
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{.Name}}
  namespace: {{.Namespace}}
  labels:
    app.kubernetes.io/name: l2node
    app.kubernetes.io/component: {{.Role}}
    l2node.io/group: {{.Name}}
    l2node.io/region: {{.Region}}
spec:
  serviceName: {{.Name}}
  podManagementPolicy: Parallel
  replicas: {{.Replicas}}
  selector:
    matchLabels:
      app.kubernetes.io/name: l2node
      l2node.io/group: {{.Name}}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: l2node
        app.kubernetes.io/component: {{.Role}}
        l2node.io/group: {{.Name}}
        l2node.io/region: {{.Region}}
{{- if .RPC}}
        l2node.io/rpc: "true"
{{- end}}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9700"
        prometheus.io/path: /metrics
    spec:
{{- if .RegionKey}}
      nodeSelector:
        {{.RegionKey}}: {{.Region}}
{{- end}}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
      terminationGracePeriodSeconds: 60
      initContainers:
        # Copies this pod's keys (mode 0600, as the node demands) from the Secret, if it has
        # any, and writes config.toml for the role; a pod without a node key gets a new one.
        - name: datadir
          image: {{.Image}}
          command: ["/bin/sh", "-c"]
          args:
            - |
              set -eu
              for k in node sequencer; do
                if [ -f "/keys/$POD_NAME.$k.key" ]; then
                  cp "/keys/$POD_NAME.$k.key" "/data/$k.key"
                  chmod 600 "/data/$k.key"
                fi
              done
              l2node init --datadir /data --force --roles "$ROLE" --network devnet \
                --listen /ip4/0.0.0.0/tcp/7700,/ip4/0.0.0.0/udp/7700/quic-v1 --nat=false --log-format json \
                --metrics-addr 0.0.0.0:9700 --rpc-addr 0.0.0.0:8545 >/dev/null
          env:
            - name: ROLE
              value: {{.Role}}
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: data
              mountPath: /data
            - name: keys
              mountPath: /keys
              readOnly: true
      containers:
        - name: l2node
          image: {{.Image}}
          args: ["run", "--datadir", "/data"]
          envFrom:
            - configMapRef:
                name: l2node-network
{{- if eq .Role "bootstrap"}}
          env:
            # The first node of the network: it has no bootstrap peers of its own.
            - name: L2NODE_P2P_BOOTSTRAP_PEERS
              value: ""
{{- end}}
          ports:
            - name: p2p-tcp
              containerPort: 7700
              protocol: TCP
            - name: p2p-quic
              containerPort: 7700
              protocol: UDP
            - name: metrics
              containerPort: 9700
              protocol: TCP
{{- if .RPC}}
            - name: rpc
              containerPort: 8545
              protocol: TCP
{{- end}}
          startupProbe:
            httpGet:
              path: /healthz
              port: metrics
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /healthz
              port: metrics
            periodSeconds: 10
            failureThreshold: 6
          readinessProbe:
            httpGet:
              path: /readyz
              port: metrics
            periodSeconds: 5
            failureThreshold: 3
          resources:
            requests:
              cpu: "{{.CPU}}"
              memory: {{.Mem}}
            limits:
              memory: {{.Limit}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: keys
          secret:
            secretName: l2node-keys
            optional: {{not .Keys}}
            defaultMode: 0440
{{- if not .Storage}}
        - name: data
          emptyDir: {}
{{- else}}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: {{.Storage}}
{{- end}}
`))

var keysTmpl = template.Must(template.New("keys").Parse(`#!/bin/sh
# Makes the keys of the bootstrap node and the sequencers in keys/ (keep it offline, never
# commit it), fills in the placeholders of network.yaml, and creates the Secret l2node-keys
# in the namespace {{.Namespace}}. Needs l2node and kubectl; run it once, from this directory:
#   L2NODE=/path/to/l2node ./keys.sh && kubectl apply -k .
set -eu
cd "$(dirname "$0")"
L2NODE=${L2NODE:-l2node}
mkdir -p keys
args=""
keys() { # pod role: makes its node key (and a sequencer's sequencer key); prints "peer-id address"
  [ -f "keys/$1/node.key" ] || "$L2NODE" init --datadir "keys/$1" --roles "$2" >/dev/null
  "$L2NODE" keys --datadir "keys/$1" --create | awk '/^peer id:/ {id = $3} $1 == "sequencer" {addr = $2} END {print id, addr}'
}
secret() { # pod role: adds its keys to the Secret
  args="$args --from-file=$1.node.key=keys/$1/node.key"
  if [ "$2" = sequencer ]; then args="$args --from-file=$1.sequencer.key=keys/$1/sequencer.key"; fi
}
fill() { # sed script: applies it to the variables of network.yaml (not its comments)
  sed "/^  L2NODE_/{ $1; }" network.yaml > network.yaml.tmp && mv network.yaml.tmp network.yaml
}
set -- $(keys l2node-bootstrap-0 bootstrap)
fill "s/BOOTSTRAP_PEER_ID/$1/g"
secret l2node-bootstrap-0 bootstrap
{{- range $i, $p := .SeqPods}}
set -- $(keys {{$p}} sequencer)
fill "s/SEQUENCER_{{$i}}_PEER_ID/$1/; s/SEQUENCER_{{$i}}_ADDRESS/$2/"
secret {{$p}} sequencer
{{- end}}
kubectl apply -f namespace.yaml
kubectl -n {{.Namespace}} create secret generic l2node-keys $args --dry-run=client -o yaml | kubectl apply -f -
echo "network.yaml filled in, Secret l2node-keys created: kubectl apply -k ."
`))
