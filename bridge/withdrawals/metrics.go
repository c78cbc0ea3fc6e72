package withdrawals

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	seen, proven, finalized prometheus.Counter
	pending                 prometheus.Gauge
	errors                  prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "relayer", Name: name, Help: help})
	}
	m := &metrics{
		seen:      counter("withdrawals_seen_total", "Withdrawals found on L2."),
		proven:    counter("withdrawals_proven_total", "Withdrawals seen proven on L1 (by this relayer or anyone)."),
		finalized: counter("withdrawals_finalized_total", "Withdrawals seen finalized on L1 (by this relayer or anyone)."),
		pending: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "l2", Subsystem: "relayer", Name: "withdrawals_pending",
			Help: "Withdrawals found and not yet finalized."}),
		errors: counter("withdrawal_errors_total", "Failed steps and withdrawal actions."),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.seen, m.proven, m.finalized, m.pending, m.errors} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("withdrawals: register metrics: %w", err)
			}
		}
	}
	return m, nil
}
