package exec

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	batches      prometheus.Counter
	txs          *prometheus.CounterVec
	gas          prometheus.Counter
	applySeconds prometheus.Histogram
	flushSeconds prometheus.Histogram
	head         prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		batches: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "exec", Name: "batches_total", Help: "Batches executed."}),
		txs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "l2", Subsystem: "exec", Name: "transactions_total",
			Help: "Transactions by outcome: fast (payments fast path), evm, dropped, deposit (applied), deposit_skipped (wrong deposit nonce)."}, []string{"path"}),
		gas: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "l2", Subsystem: "exec", Name: "gas_used_total", Help: "Gas used by executed batches."}),
		applySeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "l2", Subsystem: "exec", Name: "apply_seconds",
			Help: "Time to execute and commit one batch.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
		flushSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "l2", Subsystem: "exec", Name: "state_flush_seconds",
			Help: "Time to write the state to disk.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
		head: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "l2", Subsystem: "exec", Name: "head", Help: "Number of the newest executed batch."}),
	}
	if reg != nil {
		reg.MustRegister(m.batches, m.txs, m.gas, m.applySeconds, m.flushSeconds, m.head)
	}
	return m
}

func (m *metrics) observe(r *Result, d time.Duration) {
	m.batches.Inc()
	m.txs.WithLabelValues("fast").Add(float64(r.FastPath))
	m.txs.WithLabelValues("evm").Add(float64(len(r.Receipts) - r.FastPath))
	m.txs.WithLabelValues("dropped").Add(float64(len(r.Dropped)))
	applied := 0
	for _, d := range r.Deposits {
		if d.Applied() {
			applied++
		}
	}
	m.txs.WithLabelValues("deposit").Add(float64(applied))
	m.txs.WithLabelValues("deposit_skipped").Add(float64(len(r.Deposits) - applied))
	m.gas.Add(float64(r.Block.GasUsed()))
	m.applySeconds.Observe(d.Seconds())
	m.head.Set(float64(r.Block.NumberU64()))
}
