package node

import (
	"sort"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/p2p"
)

// PeerInfo is one peer as `l2node peers` and /peers show it.
type PeerInfo struct {
	ID            string             `json:"id"`
	Roles         []p2p.Role         `json:"roles,omitempty"`
	Connected     bool               `json:"connected"`
	Direction     string             `json:"direction,omitempty"`
	Addr          string             `json:"addr,omitempty"`
	Score         *float64           `json:"gossip_score,omitempty"`
	AppScore      float64            `json:"app_score,omitempty"`
	IPColocation  float64            `json:"ip_colocation,omitempty"`
	Behaviour     float64            `json:"behaviour_penalty,omitempty"`
	Invalid       map[string]float64 `json:"invalid_messages,omitempty"`
	PenaltyPoints float64            `json:"penalty_points,omitempty"`
	Protected     string             `json:"protected,omitempty"`
	BannedUntil   *time.Time         `json:"banned_until,omitempty"`
	BanReason     string             `json:"ban_reason,omitempty"`
}

// PeersReport is the body of /peers.
type PeersReport struct {
	Thresholds struct {
		Gossip   float64 `json:"gossip"`
		Publish  float64 `json:"publish"`
		Graylist float64 `json:"graylist"`
	} `json:"thresholds"`
	Peers []PeerInfo `json:"peers"`
}

// Peers reports connected, scored and banned peers with their scores, lowest
// score first.
func (n *Node) Peers() PeersReport {
	var rep PeersReport
	gc := n.gossip.Config()
	rep.Thresholds.Gossip, rep.Thresholds.Publish, rep.Thresholds.Graylist = gc.GossipThreshold, gc.PublishThreshold, gc.GraylistThreshold
	h := n.host
	net := h.Libp2p().Network()
	infos := map[peer.ID]*PeerInfo{}
	get := func(id peer.ID) *PeerInfo {
		if pi, ok := infos[id]; ok {
			return pi
		}
		pi := &PeerInfo{ID: id.String(), Roles: h.Discovery().RolesOf(id), PenaltyPoints: h.Reputation().Points(id)}
		pi.Protected, _ = h.Reputation().Protected(id)
		infos[id] = pi
		return pi
	}
	for _, id := range net.Peers() {
		pi := get(id)
		pi.Connected = net.Connectedness(id) == network.Connected
		if conns := net.ConnsToPeer(id); len(conns) > 0 {
			c := conns[0]
			pi.Addr = c.RemoteMultiaddr().String()
			pi.Direction = "inbound"
			if c.Stat().Direction == network.DirOutbound {
				pi.Direction = "outbound"
			}
		}
	}
	for _, s := range n.gossip.Scores() {
		pi := get(s.Peer)
		score := s.Score
		pi.Score, pi.AppScore, pi.IPColocation, pi.Behaviour = &score, s.AppScore, s.IPColoc, s.Behaviour
		if len(s.Invalid) > 0 {
			pi.Invalid = s.Invalid
		}
	}
	for _, b := range h.Reputation().Bans() {
		pi := get(b.Peer)
		until := b.Until
		pi.BannedUntil, pi.BanReason = &until, b.Reason
	}
	for _, pi := range infos {
		rep.Peers = append(rep.Peers, *pi)
	}
	sort.Slice(rep.Peers, func(i, j int) bool {
		si, sj := scoreOf(rep.Peers[i]), scoreOf(rep.Peers[j])
		if si != sj {
			return si < sj
		}
		return rep.Peers[i].ID < rep.Peers[j].ID
	})
	return rep
}

func scoreOf(p PeerInfo) float64 {
	if p.Score == nil {
		return 0
	}
	return *p.Score
}
