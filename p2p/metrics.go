package p2p

import (
	"github.com/libp2p/go-libp2p/core/network"
	ma "github.com/multiformats/go-multiaddr"
	"github.com/prometheus/client_golang/prometheus"
)

// collector reads the host's state at scrape time, so nothing is counted twice
// and nothing runs between scrapes.
type collector struct {
	p *Host

	peers, peersByRole, known, rtSize, conns, bw, bookSize  *prometheus.Desc
	advertised, advErrors, lookups, lookupErrors, lookupSec *prometheus.Desc
	bansActive, bansTotal, penalties, protected             *prometheus.Desc
}

func newCollector(p *Host) *collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("l2_p2p_"+name, help, labels, nil)
	}
	return &collector{
		p:            p,
		peers:        d("connected_peers", "Peers with at least one open connection."),
		peersByRole:  d("peers", "Connected peers by the role they advertise (a peer with several roles counts once per role).", "role"),
		known:        d("discovered_peers", "Peers of each role in the discovery cache.", "role"),
		rtSize:       d("routing_table_peers", "Peers in the Kademlia routing table."),
		conns:        d("connections", "Open connections by direction and transport.", "direction", "transport"),
		bw:           d("bandwidth_bytes_total", "Bytes sent and received on all connections.", "direction"),
		bookSize:     d("peer_book_peers", "Peers remembered in the peer book."),
		advertised:   d("role_advertised", "1 once the node's role has been advertised on the DHT.", "role"),
		advErrors:    d("role_advertise_errors_total", "Failed role advertisements.", "role"),
		lookups:      d("role_lookups_total", "DHT lookups for peers of a role.", "role"),
		lookupErrors: d("role_lookup_errors_total", "Failed or timed-out DHT lookups for peers of a role.", "role"),
		lookupSec:    d("role_lookup_seconds_total", "Time spent in DHT lookups for peers of a role.", "role"),
		bansActive:   d("bans_active", "Peers banned now."),
		bansTotal:    d("bans_total", "Bans since start."),
		penalties:    d("penalty_points_total", "Penalty points given to peers, by reason.", "reason"),
		protected:    d("protected_peers", "Peers protected from bans (bootstrap, configured, sequencer set)."),
	}
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.peers, c.peersByRole, c.known, c.rtSize, c.conns, c.bw, c.bookSize,
		c.advertised, c.advErrors, c.lookups, c.lookupErrors, c.lookupSec, c.bansActive, c.bansTotal, c.penalties, c.protected} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	p := c.p
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge(c.peers, float64(len(p.host.Network().Peers())))
	gauge(c.rtSize, float64(p.dht.RoutingTable().Size()))

	type key struct{ dir, tpt string }
	conns := map[key]int{}
	for _, conn := range p.host.Network().Conns() {
		dir := "inbound"
		if conn.Stat().Direction == network.DirOutbound {
			dir = "outbound"
		}
		conns[key{dir, transportOf(conn.RemoteMultiaddr())}]++
	}
	for _, dir := range []string{"inbound", "outbound"} {
		for _, tpt := range []string{"tcp", "quic", "relay", "other"} {
			gauge(c.conns, float64(conns[key{dir, tpt}]), dir, tpt)
		}
	}
	bw := p.bw.GetBandwidthTotals()
	counter(c.bw, float64(bw.TotalIn), "in")
	counter(c.bw, float64(bw.TotalOut), "out")

	for r, st := range p.Discovery().Stats() {
		role := string(r)
		gauge(c.peersByRole, float64(st.Connected), role)
		gauge(c.known, float64(st.Known), role)
		adv := 0.0
		if st.Advertised {
			adv = 1
		}
		gauge(c.advertised, adv, role)
		counter(c.advErrors, float64(st.AdvertiseErrors), role)
		counter(c.lookups, float64(st.Lookups), role)
		counter(c.lookupErrors, float64(st.LookupErrors), role)
		counter(c.lookupSec, st.LookupSeconds, role)
	}
	if recs, err := p.book.All(); err == nil {
		gauge(c.bookSize, float64(len(recs)))
	}
	rs := p.rep.Stats()
	gauge(c.bansActive, float64(rs.ActiveBans))
	counter(c.bansTotal, float64(rs.BansTotal))
	gauge(c.protected, float64(rs.Protected))
	for reason, pts := range rs.PenaltyByReason {
		counter(c.penalties, pts, reason)
	}
}

func transportOf(a ma.Multiaddr) string {
	switch {
	case a == nil:
		return "other"
	case hasProto(a, ma.P_CIRCUIT):
		return "relay"
	case hasProto(a, ma.P_QUIC_V1):
		return "quic"
	case hasProto(a, ma.P_TCP):
		return "tcp"
	}
	return "other"
}

func hasProto(a ma.Multiaddr, code int) bool {
	_, err := a.ValueForProtocol(code)
	return err == nil
}
