package simulation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// Param is one swept scenario field and the values it takes. Key is a
// path of the scenario's YAML keys: "seed", "consensus.slot",
// "latency.eu.us", "groups[3].count" (the fourth group), "groups.light.count"
// (every group of role light), "adversaries.withhold.fraction" (every
// adversary of that kind).
type Param struct {
	Key    string
	Values []string
}

// ParseParam parses "key=v1,v2,…".
func ParseParam(s string) (Param, error) {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" || strings.TrimSpace(v) == "" {
		return Param{}, fmt.Errorf("sweep: --set %q: want key=value1,value2,…", s)
	}
	var vals []string
	for _, x := range strings.Split(v, ",") {
		x = strings.TrimSpace(x)
		if x == "" {
			return Param{}, fmt.Errorf("sweep: --set %q: an empty value", s)
		}
		vals = append(vals, x)
	}
	return Param{Key: k, Values: vals}, nil
}

// SweepRun is one point of a sweep's grid: the values of the parameters
// (in the order of the parameters) and the scenario they give.
type SweepRun struct {
	Name     string // the run's directory under the sweep's: key=value_key=value
	Values   []string
	Scenario *Scenario
}

// ExpandSweep builds the grid of params over the scenario file's contents,
// first parameter outermost, and parses every point's scenario strictly, so
// that an unknown key or an impossible value is an error before any run.
func ExpandSweep(name string, base []byte, params []Param) ([]SweepRun, error) {
	if len(params) == 0 {
		return nil, errors.New("sweep: nothing to sweep: give at least one --set key=v1,v2")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	if _, err := ParseScenario(name, base); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range params {
		if seen[p.Key] {
			return nil, fmt.Errorf("sweep: %s is swept twice", p.Key)
		}
		seen[p.Key] = true
		if _, err := setPath(cloneNode(&doc), p.Key, p.Values[0]); err != nil {
			return nil, fmt.Errorf("sweep: --set %s: %w", p.Key, err)
		}
		vs := map[string]bool{}
		for _, v := range p.Values {
			if vs[v] {
				return nil, fmt.Errorf("sweep: --set %s: value %q twice", p.Key, v)
			}
			vs[v] = true
		}
	}
	grid := gridPoints(params)
	names := map[string]bool{}
	for _, pt := range grid {
		dir := runDirName(pairs(params, pt))
		if names[dir] {
			return nil, fmt.Errorf("sweep: two runs would share the directory %s", dir)
		}
		names[dir] = true
	}
	var runs []SweepRun
	for _, pt := range grid {
		d := cloneNode(&doc)
		var vals []string
		for i, p := range params {
			vals = append(vals, p.Values[pt[i]])
			if _, err := setPath(d, p.Key, p.Values[pt[i]]); err != nil {
				return nil, fmt.Errorf("sweep: --set %s: %w", p.Key, err)
			}
		}
		combo := strings.Join(pairs(params, pt), " ")
		b, err := yaml.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("sweep: %s: %w", combo, err)
		}
		s, err := ParseScenario(name, b)
		if err != nil {
			return nil, fmt.Errorf("sweep: %s: %w", combo, err)
		}
		runs = append(runs, SweepRun{Name: runDirName(pairs(params, pt)), Values: vals, Scenario: s})
	}
	return runs, nil
}

// gridPoints lists the grid's points as indexes into each parameter's
// values, the last parameter turning fastest.
func gridPoints(params []Param) [][]int {
	var pts [][]int
	idx := make([]int, len(params))
	for {
		pts = append(pts, slices.Clone(idx))
		i := len(params) - 1
		for ; i >= 0; i-- {
			if idx[i]++; idx[i] < len(params[i].Values) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return pts
		}
	}
}

func pairs(params []Param, pt []int) []string {
	var kv []string
	for i, p := range params {
		kv = append(kv, p.Key+"="+p.Values[pt[i]])
	}
	return kv
}

// runDirName turns key=value pairs into a directory name that is safe on
// every file system.
func runDirName(parts []string) string {
	name := strings.Join(parts, "_")
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '=', r == '-', r == '_':
			return r
		}
		return '-'
	}, name)
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = cloneNode(k)
	}
	return &c
}

// setPath sets the scenario field at key to value in doc, checking the key
// against the Scenario type. It returns how many fields it set.
func setPath(doc *yaml.Node, key, value string) (int, error) {
	toks, err := splitPath(key)
	if err != nil {
		return 0, err
	}
	root := doc
	if root.Kind == yaml.DocumentNode {
		root = root.Content[0]
	}
	nodes := []*yaml.Node{root}
	t := reflect.TypeFor[Scenario]()
	where := ""
	for i, tok := range toks {
		last := i == len(toks)-1
		var next []*yaml.Node
		switch t.Kind() {
		case reflect.Struct:
			f, ok := yamlField(t, tok)
			if !ok {
				return 0, fmt.Errorf("unknown key %q%s (known: %s)", tok, at(where), strings.Join(yamlFields(t), ", "))
			}
			t = f.Type
			for _, n := range nodes {
				v := mapValue(n, tok)
				if v == nil {
					v = &yaml.Node{Kind: yaml.MappingNode}
					if last {
						v = &yaml.Node{Kind: yaml.ScalarNode}
					}
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: tok}, v)
				}
				next = append(next, v)
			}
		case reflect.Slice:
			sel := "role"
			if t.Elem() == reflect.TypeFor[Adversary]() {
				sel = "kind"
			}
			idx, isIdx := strings.CutPrefix(tok, "[")
			for _, n := range nodes {
				for j, item := range n.Content {
					if isIdx {
						if strconv.Itoa(j) == strings.TrimSuffix(idx, "]") {
							next = append(next, item)
						}
					} else if t.Elem().Kind() == reflect.Struct {
						if v := mapValue(item, sel); v != nil && v.Value == tok {
							next = append(next, item)
						}
					}
				}
			}
			if len(next) == 0 {
				if isIdx || t.Elem().Kind() != reflect.Struct {
					return 0, fmt.Errorf("%s%s: no such element", tok, at(where))
				}
				return 0, fmt.Errorf("no element of %s has %s %q (select by %s or by index, e.g. %s[0])", where, sel, tok, sel, where)
			}
			t = t.Elem()
		case reflect.Map:
			for _, n := range nodes {
				if v := mapValue(n, tok); v != nil {
					next = append(next, v)
				}
			}
			if len(next) == 0 {
				return 0, fmt.Errorf("%s%s: no such entry", tok, at(where))
			}
			t = t.Elem()
		default:
			return 0, fmt.Errorf("%s is a value, not a section", where)
		}
		where = strings.TrimPrefix(where+"."+tok, ".")
		nodes = next
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map:
		return 0, fmt.Errorf("%s is a section, not a value", key)
	}
	v := yaml.Node{Kind: yaml.ScalarNode, Value: value}
	if err := v.Decode(reflect.New(t).Interface()); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
		msg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(msg), "line 0:"))
		return 0, fmt.Errorf("value %q: %s", value, msg)
	}
	for _, n := range nodes {
		*n = v
	}
	return len(nodes), nil
}

func at(where string) string {
	if where == "" {
		return ""
	}
	return " under " + where
}

// splitPath splits "groups[2].count" into groups, [2], count.
func splitPath(key string) ([]string, error) {
	var toks []string
	for _, part := range strings.Split(key, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			toks = append(toks, name)
		}
		if rest != "" {
			i, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
			if err != nil || !strings.HasSuffix(rest, "]") || i < 0 {
				return nil, fmt.Errorf("key %q: bad index [%s", key, rest)
			}
			toks = append(toks, "["+strconv.Itoa(i)+"]")
		}
		if name == "" && rest == "" {
			return nil, fmt.Errorf("key %q: an empty part", key)
		}
	}
	return toks, nil
}

func yamlField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func yamlFields(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" {
			names = append(names, tag)
		}
	}
	return names
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// SweepMetric is a headline number of one run, a column of sweep.csv.
type SweepMetric struct {
	Name  string
	Value func(*Metrics) (float64, bool) // false: not measured in this run
}

func always(f func(*Metrics) float64) func(*Metrics) (float64, bool) {
	return func(m *Metrics) (float64, bool) { return f(m), true }
}

func withDAS(f func(*DASMetrics) float64) func(*Metrics) (float64, bool) {
	return func(m *Metrics) (float64, bool) {
		if m.DAS == nil {
			return 0, false
		}
		return f(m.DAS), true
	}
}

// SweepMetrics are the columns of sweep.csv after the parameters.
var SweepMetrics = []SweepMetric{
	{"final_blocks", always(func(m *Metrics) float64 { return float64(m.FinalBlocks) })},
	{"views", always(func(m *Metrics) float64 { return float64(m.Views) })},
	{"timeouts", always(func(m *Metrics) float64 { return float64(m.Timeouts) })},
	{"failovers", always(func(m *Metrics) float64 { return float64(len(m.Failovers)) })},
	{"finality_p50_ms", always(func(m *Metrics) float64 { return m.Finality.P50 })},
	{"finality_p99_ms", always(func(m *Metrics) float64 { return m.Finality.P99 })},
	{"finality_all_p50_ms", always(func(m *Metrics) float64 { return m.FinalityAll.P50 })},
	{"finality_all_p99_ms", always(func(m *Metrics) float64 { return m.FinalityAll.P99 })},
	{"tx_latency_p50_ms", always(func(m *Metrics) float64 { return m.TxLatency.P50 })},
	{"tx_latency_p99_ms", always(func(m *Metrics) float64 { return m.TxLatency.P99 })},
	{"txs_final", always(func(m *Metrics) float64 { return float64(m.TxsFinal) })},
	{"messages_per_node", always(func(m *Metrics) float64 { return m.MessagesPerNode })},
	{"bytes_per_node", always(func(m *Metrics) float64 { return m.BytesPerNode })},
	{"conflicts", always(func(m *Metrics) float64 { return float64(m.Conflicts) })},
	{"das_detected", withDAS(func(d *DASMetrics) float64 { return d.MeanDetected })},
	{"das_analytic", withDAS(func(d *DASMetrics) float64 { return d.MeanAnalytic })},
	{"das_false_alarms", withDAS(func(d *DASMetrics) float64 { return float64(d.FalseAlarms) })},
	{"das_unrecoverable", withDAS(func(d *DASMetrics) float64 { return float64(d.Unrecoverable) })},
	{"consensus_reach_100_p50_ms", withTopic("consensus", func(t TopicMetrics) float64 { return t.Reach100.P50 })},
	{"consensus_duplicates_per_node", withTopic("consensus", func(t TopicMetrics) float64 { return t.DuplicatesPerNode })},
	{"header_reach_100_p50_ms", withTopic("da_header", func(t TopicMetrics) float64 { return t.Reach100.P50 })},
	{"header_reach_100_p99_ms", withTopic("da_header", func(t TopicMetrics) float64 { return t.Reach100.P99 })},
	{"header_duplicates_per_node", withTopic("da_header", func(t TopicMetrics) float64 { return t.DuplicatesPerNode })},
	{"tx_reach_100_p50_ms", withTopic("tx", func(t TopicMetrics) float64 { return t.Reach100.P50 })},
	{"evidence_detected_p50_ms", withEquivocations},
	{"eclipse_reached_during", withEclipse},
	{"sybil_spam_bytes_per_node_s", withSybil(func(s SybilInfo) float64 { return s.SpamPerNode })},
	{"sybil_mesh_free_at_s", withSybil(func(s SybilInfo) float64 { return s.MeshFreeSeconds })},
	{"churn_departures", withChurn},
	{"events", always(func(m *Metrics) float64 { return float64(m.Events) })},
}

// withEquivocations is the median, over equivocations, of the time until
// the first honest core reported evidence; empty without any detected.
func withEquivocations(m *Metrics) (float64, bool) {
	var ds []time.Duration
	for _, q := range m.Equivocations {
		if q.DetectedMS >= 0 {
			ds = append(ds, time.Duration(q.DetectedMS*1e6))
		}
	}
	if len(ds) == 0 {
		return 0, false
	}
	return percentiles(ds).P50, true
}

// withEclipse is the fraction of the messages published during the first
// eclipse (all its target's topics) that reached the target before it
// ended; empty without an eclipse.
func withEclipse(m *Metrics) (float64, bool) {
	if len(m.Eclipses) == 0 {
		return 0, false
	}
	n, got := 0, 0
	for _, t := range m.Eclipses[0].Topics {
		n += t.During.Messages
		got += t.During.Reached
	}
	if n == 0 {
		return 0, false
	}
	return float64(got) / float64(n), true
}

// withSybil is a metric of the first sybil attack; empty without one.
func withSybil(f func(SybilInfo) float64) func(*Metrics) (float64, bool) {
	return func(m *Metrics) (float64, bool) {
		if len(m.Sybils) == 0 {
			return 0, false
		}
		return f(m.Sybils[0]), true
	}
}

// withChurn is the departures over every churning group; empty without
// churn.
func withChurn(m *Metrics) (float64, bool) {
	if len(m.Churn) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range m.Churn {
		n += c.Departures
	}
	return float64(n), true
}

// withTopic is a gossip topic's metric, empty if nothing was published on it.
func withTopic(name string, f func(TopicMetrics) float64) func(*Metrics) (float64, bool) {
	return func(m *Metrics) (float64, bool) {
		if m.Gossip == nil {
			return 0, false
		}
		for _, t := range m.Gossip.Topics {
			if t.Name == name && t.Messages > 0 {
				return f(t), true
			}
		}
		return 0, false
	}
}

// LookupSweepMetric finds a column of sweep.csv by name.
func LookupSweepMetric(name string) (SweepMetric, error) {
	var names []string
	for _, m := range SweepMetrics {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return SweepMetric{}, fmt.Errorf("sweep: unknown metric %q (one of %s)", name, strings.Join(names, ", "))
}

// SweepOptions steer RunSweep.
type SweepOptions struct {
	Parallel int    // runs at once; at least 1
	Metric   string // plotted in sweep.svg against the first parameter; default finality_p50_ms
	Progress io.Writer
}

// RunSweep runs every point of the grid, each into dir/<run name>/, at
// most opts.Parallel at once, then writes dir/sweep.csv (one row per run,
// in grid order: the parameters, then SweepMetrics) and dir/sweep.svg (the
// chosen metric against the first parameter, a line per combination of the
// others). Each run is deterministic, and so is every file.
func RunSweep(params []Param, runs []SweepRun, dir string, opts SweepOptions) ([]*Metrics, error) {
	if opts.Metric == "" {
		opts.Metric = "finality_p50_ms"
	}
	metric, err := LookupSweepMetric(opts.Metric)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	par := max(1, opts.Parallel)
	results := make([]*Metrics, len(runs))
	errs := make([]error, len(runs))
	var mu sync.Mutex
	var failed bool
	done := 0
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	start := time.Now()
	for i, r := range runs {
		sem <- struct{}{}
		mu.Lock()
		stop := failed
		mu.Unlock()
		if stop {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			m, err := Run(r.Scenario, filepath.Join(dir, r.Name), nil)
			mu.Lock()
			defer mu.Unlock()
			results[i], errs[i] = m, err
			failed = failed || err != nil
			done++
			if opts.Progress != nil {
				fmt.Fprintf(opts.Progress, "[%d/%d] %s: %s (wall %s, total %s)\n", done, len(runs), r.Name,
					status(err), time.Since(t0).Round(10*time.Millisecond), time.Since(start).Round(10*time.Millisecond))
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("sweep: run %s: %w", runs[i].Name, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "sweep.csv"), []byte(sweepCSV(params, runs, results)), 0o644); err != nil {
		return nil, err
	}
	svg, err := sweepPlot(params, runs, results, metric)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "sweep.svg"), svg, 0o644); err != nil {
		return nil, err
	}
	return results, nil
}

func status(err error) string {
	if err != nil {
		return "failed: " + err.Error()
	}
	return "done"
}

func sweepCSV(params []Param, runs []SweepRun, results []*Metrics) string {
	var b bytes.Buffer
	b.WriteString("run")
	for _, p := range params {
		b.WriteString("," + csvField(p.Key))
	}
	for _, m := range SweepMetrics {
		b.WriteString("," + m.Name)
	}
	b.WriteString("\n")
	for i, r := range runs {
		b.WriteString(csvField(r.Name))
		for _, v := range r.Values {
			b.WriteString("," + csvField(v))
		}
		for _, sm := range SweepMetrics {
			b.WriteString(",")
			if v, ok := sm.Value(results[i]); ok {
				b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
