package simulation

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plots are SVG: text, deterministic (no timestamps, fonts named, not
// embedded), so the same seed gives the same bytes and a change shows in a
// diff.
const (
	plotW = 6 * vg.Inch
	plotH = 4 * vg.Inch
)

var (
	colHalf     = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	colAll      = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	colTx       = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	colAnalytic = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colAttack   = color.RGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}
)

// drawPlots draws the run's figures from the rows of blocks.csv and das.csv
// and from metrics.json: file name → SVG.
func drawPlots(s *Scenario, m *Metrics, blocks []blockRow, squares []squareRow, curves []curve, roles []RoleTraffic) (map[string][]byte, error) {
	out := map[string][]byte{}
	add := func(name string, draw func() (*plot.Plot, error)) error {
		p, err := draw()
		if err != nil || p == nil {
			return err
		}
		b, err := renderSVG(p, plotW, plotH)
		if err != nil {
			return fmt.Errorf("simulation: plot %s: %w", name, err)
		}
		out[name] = b
		return nil
	}
	if err := add("finality.svg", func() (*plot.Plot, error) { return finalityPlot(s, blocks) }); err != nil {
		return nil, err
	}
	if err := add("latency-cdf.svg", func() (*plot.Plot, error) { return latencyCDFPlot(blocks) }); err != nil {
		return nil, err
	}
	if m.DAS != nil {
		if err := add("das-detection.svg", func() (*plot.Plot, error) { return detectionPlot(m.DAS, squares) }); err != nil {
			return nil, err
		}
	}
	if err := add("propagation-cdf.svg", func() (*plot.Plot, error) { return propagationPlot(curves) }); err != nil {
		return nil, err
	}
	if err := add("bandwidth-by-role.svg", func() (*plot.Plot, error) { return bandwidthPlot(roles) }); err != nil {
		return nil, err
	}
	b, err := trafficFigure(m)
	if err != nil {
		return nil, fmt.Errorf("simulation: plot messages.svg: %w", err)
	}
	out["messages.svg"] = b
	return out, nil
}

func renderSVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func seconds(d time.Duration) float64 { return d.Seconds() }
func millis(d time.Duration) float64  { return float64(d) / 1e6 }

// finalityPlot: each final block's finality latency (proposal → final at
// half the nodes, and at every live node) at the time it became final, over
// grey bands where an adversary was active. Failovers show as gaps.
func finalityPlot(s *Scenario, blocks []blockRow) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Finality over time"
	p.X.Label.Text = "virtual time (s): block final at half the sequencers"
	p.Y.Label.Text = "proposal → final (ms)"
	p.X.Min, p.X.Max = 0, time.Duration(s.Duration).Seconds()
	var half, all plotter.XYs
	yMax := 1.0
	for _, b := range blocks {
		half = append(half, plotter.XY{X: seconds(b.half), Y: millis(b.half - b.proposed)})
		yMax = max(yMax, millis(b.half-b.proposed))
		if b.all > 0 {
			all = append(all, plotter.XY{X: seconds(b.half), Y: millis(b.all - b.proposed)})
			yMax = max(yMax, millis(b.all-b.proposed))
		}
	}
	for _, a := range s.Adversaries {
		until := time.Duration(a.Until)
		if until == 0 {
			until = time.Duration(s.Duration)
		}
		band, err := plotter.NewPolygon(plotter.XYs{{X: seconds(time.Duration(a.At)), Y: 0}, {X: seconds(until), Y: 0},
			{X: seconds(until), Y: yMax * 1.35}, {X: seconds(time.Duration(a.At)), Y: yMax * 1.35}})
		if err != nil {
			return nil, err
		}
		band.Color, band.LineStyle.Width = colAttack, 0
		p.Add(band)
		p.Legend.Add(a.Kind, band)
	}
	if err := addScatter(p, half, colHalf, draw.CircleGlyph{}, "final at half"); err != nil {
		return nil, err
	}
	if err := addScatter(p, all, colAll, draw.CrossGlyph{}, "final at every live node"); err != nil {
		return nil, err
	}
	// Headroom for the legend above the points.
	p.Y.Min, p.Y.Max = 0, yMax*1.35
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p, nil
}

func addScatter(p *plot.Plot, xys plotter.XYs, c color.Color, g draw.GlyphDrawer, name string) error {
	if len(xys) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(2), Shape: g}
	p.Add(sc)
	p.Legend.Add(name, sc)
	return nil
}

// latencyCDFPlot: the empirical distribution of finality latency (to half
// the sequencers, to every live one). Per-message propagation is
// propagationPlot's.
func latencyCDFPlot(blocks []blockRow) (*plot.Plot, error) {
	var half, all []float64
	for _, b := range blocks {
		half = append(half, millis(b.half-b.proposed))
		if b.all > 0 {
			all = append(all, millis(b.all-b.proposed))
		}
	}
	p := plot.New()
	p.Title.Text = "Finality latency CDF"
	p.X.Label.Text = "proposal → final (ms)"
	p.Y.Label.Text = "fraction of final blocks"
	p.Y.Min, p.Y.Max = 0, 1
	for _, c := range []struct {
		v    []float64
		col  color.Color
		name string
	}{{half, colHalf, "final at half"}, {all, colAll, "final at every live node"}} {
		if len(c.v) == 0 {
			continue
		}
		l, err := plotter.NewLine(cdf(c.v))
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = c.col, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(c.name, l)
	}
	p.Legend.Left, p.Legend.Top = true, true
	p.X.Min = 0
	p.Add(plotter.NewGrid())
	return p, nil
}

// cdf is the empirical CDF of v as a step line.
func cdf(v []float64) plotter.XYs {
	v = slices.Clone(v)
	slices.Sort(v)
	xys := plotter.XYs{{X: v[0], Y: 0}}
	for i, x := range v {
		xys = append(xys, plotter.XY{X: x, Y: float64(i) / float64(len(v))}, plotter.XY{X: x, Y: float64(i+1) / float64(len(v))})
	}
	return xys
}

// detectionPlot: per square, the fraction of light nodes that said
// unavailable against the fraction withheld, with the exact probability
// that one light node taking s samples notices, 1 − C(N−w, s)/C(N, s).
func detectionPlot(d *DASMetrics, squares []squareRow) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("DAS detection (k = %d, %d samples, %d light nodes)", d.K, d.SamplesPerHeader, d.LightNodes)
	p.X.Label.Text = "fraction of the extended square withheld"
	p.Y.Label.Text = "light nodes that said unavailable"
	xMax := 0.05
	var pts plotter.XYs
	for _, sq := range squares {
		pts = append(pts, plotter.XY{X: sq.fraction, Y: sq.detected})
		xMax = max(xMax, 1.5*sq.fraction)
	}
	xMax = min(xMax, 1)
	n := 4 * d.K * d.K
	var curve plotter.XYs
	for i := 0; i <= 200; i++ {
		f := xMax * float64(i) / 200
		curve = append(curve, plotter.XY{X: f, Y: detection(d.K, d.SamplesPerHeader, int(math.Round(f*float64(n))))})
	}
	l, err := plotter.NewLine(curve)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = colAnalytic, vg.Points(1.5)
	p.Add(l)
	p.Legend.Add(fmt.Sprintf("analytic, s = %d", d.SamplesPerHeader), l)
	if err := addScatter(p, pts, colHalf, draw.CircleGlyph{}, "measured, per square"); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, xMax, 0, 1.02
	p.Legend.Left, p.Legend.Top = false, false
	p.Add(plotter.NewGrid())
	return p, nil
}

// trafficFigure: messages and bytes by type, side by side. Consensus
// messages count once per broadcast and their bytes once per copy sent;
// DAS samples are the light nodes' share requests (their bytes are not
// modelled).
func trafficFigure(m *Metrics) ([]byte, error) {
	pm, pb, err := trafficPlots(m)
	if err != nil {
		return nil, err
	}
	return renderSideBySide(pm, pb, "svg")
}

func trafficPlots(m *Metrics) (*plot.Plot, *plot.Plot, error) {
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range m.Messages {
			if !yield(k) {
				return
			}
		}
	})
	var msgs, byts plotter.Values
	labels := slices.Clone(names)
	for _, n := range names {
		msgs = append(msgs, float64(m.Messages[n]))
		byts = append(byts, float64(m.Bytes[n])/1e6)
	}
	if m.DAS != nil {
		labels = append(labels, "sample")
		msgs = append(msgs, float64(m.DAS.Samples))
		byts = append(byts, 0)
	}
	if len(labels) == 0 {
		labels, msgs, byts = []string{"none"}, plotter.Values{0}, plotter.Values{0}
	}
	bar := func(title, ylabel string, v plotter.Values) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = title
		p.Y.Label.Text = ylabel
		b, err := plotter.NewBarChart(v, vg.Points(18))
		if err != nil {
			return nil, err
		}
		b.Color = colHalf
		p.Add(b)
		p.NominalX(labels...)
		p.Y.Min = 0
		return p, nil
	}
	pm, err := bar("Messages by type", "messages", msgs)
	if err != nil {
		return nil, nil, err
	}
	pb, err := bar("Bytes by type (every copy)", "MB", byts)
	if err != nil {
		return nil, nil, err
	}
	return pm, pb, nil
}

// renderSideBySide draws two plots next to each other, aligned.
func renderSideBySide(pm, pb *plot.Plot, format string) ([]byte, error) {
	c, err := draw.NewFormattedCanvas(2*plotW, plotH, format)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Millimeter * 4, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2}
	plots := [][]*plot.Plot{{pm, pb}}
	canvases := plot.Align(plots, tiles, dc)
	pm.Draw(canvases[0][0])
	pb.Draw(canvases[0][1])
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var palette = []color.Color{colHalf, colAll, colTx, colAnalytic,
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}}

// propagationPlot: for each topic and kind of message, the mean fraction
// of the live subscribers reached against the time since publication.
func propagationPlot(curves []curve) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Gossip propagation"
	p.X.Label.Text = "time since publication (ms)"
	p.Y.Label.Text = "mean fraction of live subscribers reached"
	p.Y.Min, p.Y.Max = 0, 1.02
	for i, c := range curves {
		xys := make(plotter.XYs, len(c.xs))
		for j := range c.xs {
			xys[j] = plotter.XY{X: c.xs[j], Y: c.ys[j]}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = palette[i%len(palette)], vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(c.name, l)
	}
	p.X.Min = 0
	p.Legend.Left, p.Legend.Top = false, false
	p.Add(plotter.NewGrid())
	return p, nil
}

// bandwidthPlot: the mean bytes per second a node of each role sends and
// receives, and of them the gossip control traffic.
func bandwidthPlot(roles []RoleTraffic) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Bandwidth per node, by role"
	p.Y.Label.Text = "kB/s (mean per node)"
	var names []string
	series := make([]plotter.Values, 4)
	for _, r := range roles {
		names = append(names, r.Role)
		for i, v := range []float64{r.UpBps, r.DownBps, r.ControlUp, r.ControlDown} {
			series[i] = append(series[i], v/1e3)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	w := vg.Points(12)
	for i, label := range []string{"up", "down", "control up", "control down"} {
		b, err := plotter.NewBarChart(series[i], w)
		if err != nil {
			return nil, err
		}
		b.Color = palette[i]
		b.Offset = w * vg.Length(2*i-3) / 2
		p.Add(b)
		p.Legend.Add(label, b)
	}
	p.NominalX(names...)
	p.Y.Min = 0
	p.Legend.Top = true
	return p, nil
}
