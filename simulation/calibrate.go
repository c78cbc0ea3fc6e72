package simulation

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CalibrationRow compares, for one topic and one reach (the time for a
// message to reach 50, 90 or 100% of its topic's subscribers), the
// distribution over the messages in the model and in the emulation, and
// the mean difference message by message (the same messages in both).
type CalibrationRow struct {
	Topic     string
	Reach     string // "50%", "90%", "100%"
	Messages  int    // messages with the reach in both runs
	Model     Percentiles
	Emulation Percentiles
	MeanDiff  float64 // ms: emulation − model, averaged over the messages
	MeanRatio float64 // emulation / model, averaged over the messages
}

// Calibrate runs the model on s into dir/model (every output of Run) and the
// emulation into dir/emulation (see Emulate), then writes
// dir/calibration.csv and dir/calibration.md comparing their propagation
// times, and returns the comparison.
func Calibrate(s *Scenario, dir string, opts EmulateOptions) ([]CalibrationRow, *EmulationMetrics, error) {
	sc := *s
	if opts.Duration > 0 {
		sc.Duration = Duration(opts.Duration)
		opts.Duration = 0
	}
	if err := CheckEmulate(&sc, opts.MaxNodes); err != nil {
		return nil, nil, err
	}
	modelDir, emuDir := filepath.Join(dir, "model"), filepath.Join(dir, "emulation")
	if _, err := Run(&sc, modelDir, nil); err != nil {
		return nil, nil, fmt.Errorf("calibrate: model: %w", err)
	}
	em, err := Emulate(&sc, emuDir, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("calibrate: %w", err)
	}
	model, err := readPropagation(filepath.Join(modelDir, "propagation.csv"))
	if err != nil {
		return nil, nil, err
	}
	emu, err := readPropagation(filepath.Join(emuDir, "propagation.csv"))
	if err != nil {
		return nil, nil, err
	}
	rows := compareReach(model, emu)
	var c strings.Builder
	c.WriteString("topic,reach,messages,model_p50_ms,model_p90_ms,model_p99_ms,emulation_p50_ms,emulation_p90_ms,emulation_p99_ms,mean_diff_ms,mean_ratio\n")
	for _, r := range rows {
		fmt.Fprintf(&c, "%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f\n", r.Topic, r.Reach, r.Messages,
			r.Model.P50, r.Model.P90, r.Model.P99, r.Emulation.P50, r.Emulation.P90, r.Emulation.P99, r.MeanDiff, r.MeanRatio)
	}
	files := map[string]string{"calibration.csv": c.String(), "calibration.md": FormatCalibration(rows)}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			return nil, nil, fmt.Errorf("calibrate: write %s: %w", name, err)
		}
	}
	return rows, em, nil
}

// propRow is the part of a propagation.csv row the comparison uses.
type propRow struct {
	topic string
	id    string
	reach [3]float64 // 50, 90, 100%; -1: not reached
}

// readPropagation reads a propagation.csv of the model or the emulation.
func readPropagation(path string) ([]propRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("calibrate: %s: %w", path, err)
	}
	var out []propRow
	for i, r := range recs {
		if i == 0 {
			continue
		}
		if len(r) < 11 {
			return nil, fmt.Errorf("calibrate: %s: line %d: %d fields", path, i+1, len(r))
		}
		row := propRow{topic: r[0], id: r[1]}
		for k, col := range []int{7, 8, 10} {
			row.reach[k] = -1
			if r[col] != "" {
				v, err := strconv.ParseFloat(r[col], 64)
				if err != nil {
					return nil, fmt.Errorf("calibrate: %s: line %d: %w", path, i+1, err)
				}
				row.reach[k] = v
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// compareReach pairs the messages of the two runs by topic and ID and
// compares their reach times, topic by topic.
func compareReach(model, emu []propRow) []CalibrationRow {
	byKey := map[string]propRow{}
	for _, r := range emu {
		byKey[r.topic+"/"+r.id] = r
	}
	var topics []string
	for _, r := range model {
		if len(topics) == 0 || topics[len(topics)-1] != r.topic {
			topics = append(topics, r.topic)
		}
	}
	var rows []CalibrationRow
	for _, t := range topics {
		for k, name := range []string{"50%", "90%", "100%"} {
			var ms, es []time.Duration
			var diff, ratio float64
			for _, m := range model {
				e, ok := byKey[m.topic+"/"+m.id]
				if m.topic != t || !ok || m.reach[k] < 0 || e.reach[k] < 0 {
					continue
				}
				ms = append(ms, time.Duration(m.reach[k]*1e6))
				es = append(es, time.Duration(e.reach[k]*1e6))
				diff += e.reach[k] - m.reach[k]
				if m.reach[k] > 0 {
					ratio += e.reach[k] / m.reach[k]
				}
			}
			row := CalibrationRow{Topic: t, Reach: name, Messages: len(ms), Model: percentiles(ms), Emulation: percentiles(es)}
			if len(ms) > 0 {
				row.MeanDiff, row.MeanRatio = diff/float64(len(ms)), ratio/float64(len(ms))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// FormatCalibration is the comparison as a Markdown table.
func FormatCalibration(rows []CalibrationRow) string {
	var b strings.Builder
	b.WriteString("| topic | reach | messages | model p50 / p90 / p99 (ms) | emulation p50 / p90 / p99 (ms) | emulation − model, mean (ms) | emulation / model, mean |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %+.1f | %.2f |\n", r.Topic, r.Reach, r.Messages,
			r.Model.P50, r.Model.P90, r.Model.P99, r.Emulation.P50, r.Emulation.P90, r.Emulation.P99, r.MeanDiff, r.MeanRatio)
	}
	return b.String()
}
