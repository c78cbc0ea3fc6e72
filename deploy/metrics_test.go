package deploy

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// registeredMetrics finds the metric names the code registers by reading its
// non-test Go files: the Namespace, Subsystem and Name of every prometheus
// …Opts literal and the name of every prometheus.NewDesc. A name built from a
// literal prefix and a variable ("l2_outputs_"+name, or Name: name with a
// literal Namespace and Subsystem) is completed with each string literal the
// same declaration passes as a first argument or uses as a map key: that is
// how the helpers that build those names are called.
func registeredMetrics(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "testdata", "deploy":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			scanDecl(decl, names)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var suffixLit = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// pattern evaluates a name expression: a literal, or a literal prefix
// followed by a variable part (open).
func pattern(e ast.Expr) (prefix string, open, ok bool) {
	switch e := e.(type) {
	case nil:
		return "", false, true
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, false, err == nil
	case *ast.Ident:
		return "", true, true
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false, false
		}
		l, lopen, ok := pattern(e.X)
		if !ok || lopen {
			return "", false, false
		}
		if r, ropen, ok := pattern(e.Y); ok {
			return l + r, ropen, true
		}
	}
	return "", false, false
}

func scanDecl(decl ast.Decl, names map[string]bool) {
	var suffixes []string
	var open []string
	addLit := func(e ast.Expr) {
		if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == token.STRING {
			if s, err := strconv.Unquote(bl.Value); err == nil && suffixLit.MatchString(s) {
				suffixes = append(suffixes, s)
			}
		}
	}
	add := func(prefix string, isOpen bool) {
		if isOpen {
			open = append(open, prefix)
		} else if prefix != "" {
			names[prefix] = true
		}
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if len(n.Args) > 0 {
				addLit(n.Args[0])
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && isPkg(sel.X, "prometheus") && sel.Sel.Name == "NewDesc" && len(n.Args) > 0 {
				if p, o, ok := pattern(n.Args[0]); ok {
					add(p, o)
				}
			}
		case *ast.KeyValueExpr:
			addLit(n.Key)
		case *ast.CompositeLit:
			sel, ok := n.Type.(*ast.SelectorExpr)
			if !ok || !isPkg(sel.X, "prometheus") || !strings.HasSuffix(sel.Sel.Name, "Opts") {
				return true
			}
			fields := map[string]ast.Expr{}
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						fields[id.Name] = kv.Value
					}
				}
			}
			var parts []string
			for _, f := range []string{"Namespace", "Subsystem"} {
				p, o, ok := pattern(fields[f])
				if !ok || o {
					return true
				}
				if p != "" {
					parts = append(parts, p)
				}
			}
			p, o, ok := pattern(fields["Name"])
			if !ok {
				return true
			}
			if len(parts) > 0 {
				p = strings.Join(parts, "_") + "_" + p
			}
			add(p, o)
		}
		return true
	})
	for _, p := range open {
		for _, s := range suffixes {
			names[p+s] = true
		}
	}
}

func isPkg(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

var (
	promString   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	promMatchers = regexp.MustCompile(`\{[^}]*\}|\[[^\]]*\]`)
	promGrouping = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	promIdent    = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*`)
	promKeywords = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
		"bool": true, "and": true, "or": true, "unless": true, "offset": true, "inf": true, "nan": true}
)

// metricsOf lists the metric names a PromQL expression selects.
func metricsOf(expr string) []string {
	s := promString.ReplaceAllString(expr, `""`)
	s = promMatchers.ReplaceAllString(s, " ")
	s = promGrouping.ReplaceAllString(s, " ")
	var out []string
	for _, loc := range promIdent.FindAllStringIndex(s, -1) {
		id := s[loc[0]:loc[1]]
		rest := strings.TrimLeft(s[loc[1]:], " ")
		if promKeywords[strings.ToLower(id)] || strings.HasPrefix(rest, "(") {
			continue // a keyword or a function
		}
		if loc[0] > 0 && (s[loc[0]-1] >= '0' && s[loc[0]-1] <= '9' || s[loc[0]-1] == '.') {
			continue // the exponent or unit of a number
		}
		out = append(out, id)
	}
	return out
}

func TestMetricsScannerFindsEveryKind(t *testing.T) {
	names := registeredMetrics(t)
	// One of each way the code builds names: literal Name, Namespace+Subsystem+Name,
	// a table of names, a helper with a prefix, NewDesc and NewDesc with a prefix.
	for _, n := range []string{"l2_node_info", "l2_exec_batches_total", "l2_consensus_timeouts_total", "l2_outputs_root_mismatches_total",
		"l2_relayer_withdrawals_finalized_total", "l2_gossip_mesh_peers", "l2_p2p_connected_peers"} {
		if !names[n] {
			t.Errorf("the scanner misses %s (found %d names)", n, len(names))
		}
	}
	if got := metricsOf(`histogram_quantile(0.99, sum by (le) (rate(l2_x_seconds_bucket{a="b(c)",d=~".*"}[5m]))) - scalar(max(l2_y)) > 1e3 or vector(0)`); !slices.Equal(got, []string{"l2_x_seconds_bucket", "l2_y"}) {
		t.Errorf("metricsOf: %v", got)
	}
}

// known says whether a queried series exists: a registered name, a histogram's
// _bucket/_sum/_count series, or Prometheus's own `up`.
func known(names map[string]bool, m string) bool {
	if names[m] || m == "up" {
		return true
	}
	for _, suf := range []string{"_bucket", "_sum", "_count"} {
		if b, ok := strings.CutSuffix(m, suf); ok && names[b] {
			return true
		}
	}
	return false
}

func TestDashboardAndAlertsUseRegisteredMetrics(t *testing.T) {
	names := registeredMetrics(t)
	b, err := os.ReadFile("grafana/l2node-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID        string `json:"uid"`
		Templating struct {
			List []struct{ Name, Type, Query any } `json:"list"`
		} `json:"templating"`
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	hasDS := false
	for _, v := range d.Templating.List {
		hasDS = hasDS || (v.Name == "datasource" && v.Type == "datasource" && v.Query == "prometheus")
	}
	if !hasDS {
		t.Error("dashboard: no Prometheus data source variable named datasource")
	}
	type panel struct {
		ID         int    `json:"id"`
		Title      string `json:"title"`
		Type       string `json:"type"`
		Datasource *struct {
			UID string `json:"uid"`
		} `json:"datasource"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
		Panels []json.RawMessage `json:"panels"`
	}
	ids := map[int]bool{}
	used := map[string]bool{}
	var walk func([]json.RawMessage)
	walk = func(raw []json.RawMessage) {
		for _, r := range raw {
			var p panel
			if err := json.Unmarshal(r, &p); err != nil {
				t.Fatal(err)
			}
			if ids[p.ID] {
				t.Errorf("panel %q: id %d used twice", p.Title, p.ID)
			}
			ids[p.ID] = true
			walk(p.Panels)
			if p.Type == "row" {
				continue
			}
			if p.Datasource == nil || p.Datasource.UID != "${datasource}" {
				t.Errorf("panel %q: data source is not the $datasource variable", p.Title)
			}
			if len(p.Targets) == 0 {
				t.Errorf("panel %q: no queries", p.Title)
			}
			for _, tg := range p.Targets {
				ms := metricsOf(tg.Expr)
				if len(ms) == 0 {
					t.Errorf("panel %q: %q selects no metric", p.Title, tg.Expr)
				}
				for _, m := range ms {
					used[m] = true
					if !known(names, m) {
						t.Errorf("panel %q: %s is not a metric the code registers (%s)", p.Title, m, tg.Expr)
					}
				}
			}
		}
	}
	walk(d.Panels)
	for _, must := range []string{"l2_consensus_final_height", "l2_consensus_finality_seconds_bucket", "l2_consensus_timeouts_total",
		"l2_exec_batches_total", "l2_gossip_mesh_peers", "l2_gossip_bytes_total", "l2_das_sampled_head", "l2_das_network_head",
		"l2_das_sample_seconds_bucket", "l2_outputs_committed_batch", "l2_outputs_finalized_batch", "l2_outputs_root_mismatches_total",
		"l2_relayer_withdrawals_finalized_total", "l2_node_uptime_seconds", "l2_node_info"} {
		if !used[must] {
			t.Errorf("dashboard: no panel shows %s", must)
		}
	}

	alerts := readYAML(t, "compose/alerts.yml")[0]
	for _, g := range list(alerts, "groups") {
		for _, r := range list(g, "rules") {
			for _, m := range metricsOf(str(r, "expr")) {
				if !known(names, m) {
					t.Errorf("alert %s: %s is not a metric the code registers", str(r, "alert"), m)
				}
			}
		}
	}
}
