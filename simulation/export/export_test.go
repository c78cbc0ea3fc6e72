package export

import (
	"bytes"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/l2node/l2node/simulation"
)

func load(t *testing.T, name string) *simulation.Scenario {
	t.Helper()
	s, err := simulation.LoadScenario("../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// parseShadowDuration reads Shadow's "45 ms" back.
func parseShadowDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	var n int64
	var unit string
	if _, err := fmt.Sscanf(s, "%d %s", &n, &unit); err != nil {
		t.Fatalf("latency %q: %v", s, err)
	}
	u := map[string]time.Duration{"s": time.Second, "ms": time.Millisecond, "us": time.Microsecond, "ns": 1}[unit]
	if u == 0 {
		t.Fatalf("latency %q: unit", s)
	}
	return time.Duration(n) * u
}

func TestShadowExport(t *testing.T) {
	s := load(t, "mainnet-1000.yaml")
	s.Latency["eu"]["asia"] = simulation.Duration(110*time.Millisecond + 250*time.Microsecond) // asymmetric, not whole ms
	files, err := Shadow(s, ShadowOptions{Binary: "/opt/l2node"})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Shadow(s, ShadowOptions{Binary: "/opt/l2node"})
	if !maps.EqualFunc(files, again, bytes.Equal) {
		t.Fatal("two exports of one scenario differ")
	}

	// shadow.yaml: strict YAML of the shape Shadow reads.
	var cfg shadowConfig
	dec := yaml.NewDecoder(bytes.NewReader(files["shadow.yaml"]))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"bootstrap": 1}
	for _, g := range s.Groups {
		want[g.Role] += g.Count
	}
	got := map[string]int{}
	ips := map[string]bool{}
	region := map[string]int{}
	for i, r := range s.Regions {
		region[r] = i
	}
	loads := 0
	for name, h := range cfg.Hosts {
		role, idx, _ := strings.Cut(name, "-")
		got[role]++
		if ips[h.IPAddr] {
			t.Fatalf("%s: address %s twice", name, h.IPAddr)
		}
		ips[h.IPAddr] = true
		if p := h.Processes[0]; p.Path != "/opt/l2node" || strings.Join(p.Args, " ") != "run --datadir ../../../datadirs/"+name {
			t.Fatalf("%s: runs %s %v", name, p.Path, p.Args)
		}
		loads += len(h.Processes) - 1
		// The host sits at its group's region with its group's uplink.
		if role != "bootstrap" {
			var n int
			fmt.Sscan(idx, &n)
			g := groupOf(s, role, n)
			if h.NetworkNodeID != region[g.Region] || h.BandwidthUp != shadowRate(float64(g.UplinkBps)) {
				t.Fatalf("%s: node %d, up %s; group %+v", name, h.NetworkNodeID, h.BandwidthUp, g)
			}
		}
	}
	if !maps.Equal(got, want) || len(cfg.Hosts) != 1001 {
		t.Fatalf("hosts by role %v, want %v", got, want)
	}
	if loads != 1 || cfg.General.StopTime != "300 s" || cfg.General.Seed != s.Seed || cfg.Network.Graph.File.Path != "network.gml" {
		t.Fatalf("general %+v, %d load generators", cfg.General, loads)
	}
	if n := strings.Count(string(files["hosts.txt"]), "\n") - 1; n != 1001 {
		t.Fatalf("hosts.txt: %d hosts", n)
	}

	// network.gml: a node per region, an edge per ordered pair with the
	// matrix's latency and the loss.
	g, err := ParseGML(string(files["network.gml"]))
	if err != nil {
		t.Fatal(err)
	}
	graphs := g.All("graph")
	if len(graphs) != 1 {
		t.Fatalf("%d graphs", len(graphs))
	}
	gr := graphs[0].(GML)
	if d := gr.All("directed"); len(d) != 1 || d[0] != int64(1) {
		t.Fatalf("directed: %v", d)
	}
	nodes, edges := gr.All("node"), gr.All("edge")
	if len(nodes) != len(s.Regions) || len(edges) != len(s.Regions)*len(s.Regions) {
		t.Fatalf("%d nodes, %d edges", len(nodes), len(edges))
	}
	for i, n := range nodes {
		n := n.(GML)
		if n.All("id")[0] != int64(i) || n.All("label")[0] != s.Regions[i] || len(n.All("host_bandwidth_up")) != 1 {
			t.Fatalf("node %d: %+v", i, n)
		}
	}
	seen := map[[2]int64]bool{}
	for _, e := range edges {
		e := e.(GML)
		src, dst := e.All("source")[0].(int64), e.All("target")[0].(int64)
		seen[[2]int64{src, dst}] = true
		lat := parseShadowDuration(t, e.All("latency")[0].(string))
		if want := time.Duration(s.Latency[s.Regions[src]][s.Regions[dst]]); lat != want {
			t.Fatalf("edge %s → %s: latency %v, matrix %v", s.Regions[src], s.Regions[dst], lat, want)
		}
		var loss float64
		switch v := e.All("packet_loss")[0].(type) {
		case float64:
			loss = v
		case int64:
			loss = float64(v)
		}
		if loss != s.Loss {
			t.Fatalf("edge loss %v, scenario %v", loss, s.Loss)
		}
	}
	if len(seen) != len(edges) {
		t.Fatal("an edge twice")
	}
	if !strings.Contains(string(files["shadow.yaml"]), "Not exported") {
		t.Fatal("the crash adversary should be named as not exported")
	}
}

func groupOf(s *simulation.Scenario, role string, i int) simulation.Group {
	for _, g := range s.Groups {
		if g.Role != role {
			continue
		}
		if i < g.Count {
			return g
		}
		i -= g.Count
	}
	return simulation.Group{}
}

func TestParseGMLErrors(t *testing.T) {
	for _, src := range []string{`graph [ node [ id 0 ]`, `graph [ id ]`, `graph ] `, `graph [ label "x ]`, `graph [ id zero ]`, `gr-aph [ ]`} {
		if _, err := ParseGML(src); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

// k8sDocs parses every YAML document of every manifest strictly enough:
// each must decode, and carry apiVersion, kind and metadata.name.
func k8sDocs(t *testing.T, files Files) map[string][]map[string]any {
	t.Helper()
	byKind := map[string][]map[string]any{}
	for name, b := range files {
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var doc map[string]any
			err := dec.Decode(&doc)
			if err != nil {
				if err.Error() == "EOF" {
					break
				}
				t.Fatalf("%s: %v", name, err)
			}
			if doc == nil {
				continue
			}
			kind, _ := doc["kind"].(string)
			if kind == "" || doc["apiVersion"] == nil {
				t.Fatalf("%s: a document without kind or apiVersion", name)
			}
			if kind != "Kustomization" {
				if md, _ := doc["metadata"].(map[string]any); md["name"] == nil {
					t.Fatalf("%s: %s without a name", name, kind)
				}
			}
			doc["_file"] = name
			byKind[kind] = append(byKind[kind], doc)
		}
	}
	return byKind
}

func dig(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func TestK8sExport(t *testing.T) {
	s := load(t, "mainnet-1000.yaml")
	files, err := K8s(s, K8sOptions{RegionLabel: "topology.kubernetes.io/region"})
	if err != nil {
		t.Fatal(err)
	}
	docs := k8sDocs(t, files)
	services := map[string]bool{}
	for _, svc := range docs["Service"] {
		services[dig(svc, "metadata", "name").(string)] = true
	}
	want := map[string]int{"bootstrap": 1}
	for _, g := range s.Groups {
		want[g.Role] += g.Count
	}
	got := map[string]int{}
	for _, st := range docs["StatefulSet"] {
		name := dig(st, "metadata", "name").(string)
		role := dig(st, "spec", "template", "metadata", "labels", "app.kubernetes.io/component").(string)
		got[role] += dig(st, "spec", "replicas").(int)
		if !services[dig(st, "spec", "serviceName").(string)] {
			t.Fatalf("%s: no Service %v", name, dig(st, "spec", "serviceName"))
		}
		sel := dig(st, "spec", "selector", "matchLabels").(map[string]any)
		labels := dig(st, "spec", "template", "metadata", "labels").(map[string]any)
		for k, v := range sel {
			if labels[k] != v {
				t.Fatalf("%s: selector %s=%v does not match the pod labels", name, k, v)
			}
		}
		region := labels["l2node.io/region"]
		if ns := dig(st, "spec", "template", "spec", "nodeSelector", "topology.kubernetes.io/region"); ns != region {
			t.Fatalf("%s: nodeSelector %v, region %v", name, ns, region)
		}
		if dig(st, "metadata", "namespace") != "l2node-sim" {
			t.Fatalf("%s: namespace %v", name, dig(st, "metadata", "namespace"))
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("replicas by role %v, want %v", got, want)
	}
	// The kustomization lists every manifest, and only those.
	k := docs["Kustomization"]
	if len(k) != 1 {
		t.Fatalf("%d kustomizations", len(k))
	}
	var listed []string
	for _, r := range k[0]["resources"].([]any) {
		listed = append(listed, r.(string))
		if files[r.(string)] == nil {
			t.Fatalf("kustomization lists %s, not exported", r)
		}
	}
	if len(listed) != len(files)-2 { // all but kustomization.yaml and keys.sh
		t.Fatalf("kustomization lists %d of %d files", len(listed), len(files))
	}
	// One placeholder pair per sequencer, each filled in by keys.sh.
	cm := docs["ConfigMap"][0]
	seqs := strings.Split(dig(cm, "data", "L2NODE_SEQUENCING_SEQUENCERS").(string), ",")
	if len(seqs) != want["sequencer"] || seqs[15] != "SEQUENCER_15_ADDRESS=1" || dig(cm, "data", "L2NODE_SEQUENCING_SLOT") != "1s" {
		t.Fatalf("network ConfigMap: %v", cm["data"])
	}
	keys := string(files["keys.sh"])
	for i := range want["sequencer"] {
		if !strings.Contains(keys, fmt.Sprintf("s/SEQUENCER_%d_PEER_ID/$1/; s/SEQUENCER_%d_ADDRESS/$2/", i, i)) {
			t.Fatalf("keys.sh does not fill in sequencer %d", i)
		}
	}
}
