package outputs

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	signed, received, conflicts, submitted, submitErrors, mismatches prometheus.Counter
	committed, finalized, ahead                                      prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) metrics {
	c := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: "l2_outputs_" + name, Help: help})
	}
	g := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: "l2_outputs_" + name, Help: help})
	}
	m := metrics{
		signed:       c("signed_total", "Output-root ranges this validator signed."),
		received:     c("signatures_total", "Output-root signatures from validators added to the pool."),
		conflicts:    c("conflicting_signatures_total", "Signatures of a root other than this node's own for a range it executed."),
		submitted:    c("submitted_total", "Output roots this node submitted to L1."),
		submitErrors: c("submit_errors_total", "Failed submissions of output roots."),
		mismatches:   c("root_mismatches_total", "Roots on L1 that differ from this node's state root: an alert."),
		committed:    g("committed_batch", "The last batch a root on L1 covers."),
		finalized:    g("finalized_batch", "The last batch a root past its challenge window covers."),
		ahead: g("roots_ahead", "Roots on L1 that end past this node's executed head, which it can neither check nor dispute: "+
			"while the node is in sync, a root there claims batches nobody produced."),
	}
	if reg != nil {
		reg.MustRegister(m.signed, m.received, m.conflicts, m.submitted, m.submitErrors, m.mismatches, m.committed, m.finalized, m.ahead)
	}
	return m
}
