package p2p

import (
	"errors"
	"fmt"
	"net"
	"syscall"

	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// ErrAddrInUse is returned when a configured listen port is taken.
var ErrAddrInUse = errors.New("address already in use")

// checkListenAddrs binds and releases every fixed-port TCP and UDP listen
// address before libp2p starts. NB: libp2p's swarm starts as long as one of
// several addresses works, so a taken TCP port would otherwise go unnoticed
// behind a working QUIC one; an operator wants to hear about it.
func checkListenAddrs(addrs []ma.Multiaddr) error {
	for _, a := range addrs {
		network, hostport, err := manet.DialArgs(a)
		if err != nil {
			continue // not an IP address (relay, DNS): libp2p reports its own errors
		}
		_, port, _ := net.SplitHostPort(hostport)
		if port == "0" {
			continue
		}
		switch network {
		case "tcp", "tcp4", "tcp6":
			l, err := net.Listen(network, hostport)
			if err != nil {
				return listenError(a, err)
			}
			l.Close()
		case "udp", "udp4", "udp6":
			c, err := net.ListenPacket(network, hostport)
			if err != nil {
				return listenError(a, err)
			}
			c.Close()
		}
	}
	return nil
}

func listenError(a ma.Multiaddr, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("p2p: listen on %s: %w", a, ErrAddrInUse)
	}
	return fmt.Errorf("p2p: listen on %s: %v", a, err)
}
