package simulation

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sweepX reads the first parameter's values as numbers: plain numbers,
// durations (in seconds) or bit rates (in Mbit/s). Otherwise they are
// categories, placed at 0, 1, 2, … in the order given.
func sweepX(values []string) (xs []float64, unit string, numeric bool) {
	parsers := []struct {
		unit  string
		parse func(string) (float64, error)
	}{
		{"", func(v string) (float64, error) { return strconv.ParseFloat(v, 64) }},
		{" (s)", func(v string) (float64, error) { d, err := time.ParseDuration(v); return d.Seconds(), err }},
		{" (Mbit/s)", func(v string) (float64, error) {
			var r Rate
			err := r.UnmarshalYAML(&yaml.Node{Kind: yaml.ScalarNode, Value: v})
			return float64(r) / 1e6, err
		}},
	}
	for _, pr := range parsers {
		xs = xs[:0]
		for _, v := range values {
			f, err := pr.parse(v)
			if err != nil {
				break
			}
			xs = append(xs, f)
		}
		if len(xs) == len(values) {
			return xs, pr.unit, true
		}
	}
	xs = xs[:0]
	for i := range values {
		xs = append(xs, float64(i))
	}
	return xs, "", false
}

// sweepPlot draws the metric against the first parameter, one line for
// each combination of the other parameters.
func sweepPlot(params []Param, runs []SweepRun, results []*Metrics, metric SweepMetric) ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s against %s", metric.Name, params[0].Key)
	xs, unit, numeric := sweepX(params[0].Values)
	p.X.Label.Text = params[0].Key + unit
	p.Y.Label.Text = metric.Name
	xOf := map[string]float64{}
	for i, v := range params[0].Values {
		xOf[v] = xs[i]
	}
	// Runs in grid order: the first parameter outermost, so the runs of one
	// combination of the others are every len(runs)/len(values) apart.
	stride := len(runs) / len(params[0].Values)
	for line := range stride {
		var pts plotter.XYs
		for j := line; j < len(runs); j += stride {
			if v, ok := metric.Value(results[j]); ok {
				pts = append(pts, plotter.XY{X: xOf[runs[j].Values[0]], Y: v})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = plotutil.Color(line), vg.Points(1.5)
		s.GlyphStyle = draw.GlyphStyle{Color: plotutil.Color(line), Radius: vg.Points(3), Shape: plotutil.Shape(line)}
		p.Add(l, s)
		var name []string
		for k := 1; k < len(params); k++ {
			name = append(name, params[k].Key+"="+runs[line].Values[k])
		}
		if len(name) > 0 {
			p.Legend.Add(strings.Join(name, " "), l, s)
		}
	}
	if !numeric {
		p.NominalX(params[0].Values...)
	}
	// Room at the sides for the points, and above them for the legend.
	lo, hi := slices.Min(xs), slices.Max(xs)
	pad := max(0.05*(hi-lo), 0.5*float64(min(1, len(xs)-1)), 1e-9)
	if numeric {
		pad = max(0.05*(hi-lo), 0.05*math.Abs(hi), 1e-9)
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min = min(0, p.Y.Min)
	p.Y.Max = max(p.Y.Max, 1e-9) * 1.3
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	return renderSVG(p, plotW, plotH)
}
