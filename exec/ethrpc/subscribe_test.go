package ethrpc

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/l2node/l2node/contracts"
	"github.com/l2node/l2node/exec"
)

// deliveryDeadline bounds the wait for a notification that sealing has
// already sent; it only turns a lost notification into a failure.
const deliveryDeadline = 10 * time.Second

// TestSubscriptions subscribes over WebSocket, on the same port as HTTP, to
// new heads and to the token's logs, and receives exactly what sealing made.
func TestSubscriptions(t *testing.T) {
	n := newTestNode(t, nodeOptions{})
	ctx := context.Background()
	wsc, err := rpc.DialWebsocket(ctx, "ws://"+n.addr, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wsc.Close()
	ws := ethclient.NewClient(wsc)
	// The WebSocket connection serves plain calls too.
	if id, err := ws.ChainID(ctx); err != nil || id.Int64() != testChainID {
		t.Fatalf("chain ID over WebSocket: %v, %v", id, err)
	}

	heads := make(chan *types.Header, 8)
	hsub, err := ws.SubscribeNewHead(ctx, heads)
	if err != nil {
		t.Fatal(err)
	}
	defer hsub.Unsubscribe()
	for i := range 3 {
		res := n.seal()
		h := receive(t, heads, hsub.Err())
		if h.Hash() != res.Block.Hash() || h.Number.Uint64() != uint64(i+1) {
			t.Fatalf("head %d: got %d %s, sealed %s", i, h.Number, h.Hash(), res.Block.Hash())
		}
	}

	art := contracts.MustLoad(contracts.TestToken)
	token := n.deployToken(n.keys[0], ether(1000))
	receive(t, heads, hsub.Err())
	logs := make(chan types.Log, 8)
	lsub, err := ws.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{token}}, logs)
	if err != nil {
		t.Fatal(err)
	}
	defer lsub.Unsubscribe()
	// A log of another contract, then the token's Transfer: only the latter
	// arrives.
	pin := contracts.MustLoad(contracts.PayPIN)
	n.send(n.keys[2], txOpts{to: &exec.PayPINAddress, data: pack(t, pin.ABI, "register", "carol@pay")})
	n.seal()
	receive(t, heads, hsub.Err())
	tx := n.send(n.keys[0], txOpts{to: &token, data: pack(t, art.ABI, "transfer", n.keys[1].Address, big.NewInt(42))})
	res := n.seal()
	receive(t, heads, hsub.Err())
	l := receive(t, logs, lsub.Err())
	if l.Address != token || l.TxHash != tx.Hash() || l.BlockHash != res.Block.Hash() || l.Topics[0] != art.ABI.Events["Transfer"].ID ||
		new(big.Int).SetBytes(l.Data).Int64() != 42 || l.BlockNumber != res.Block.NumberU64() {
		t.Fatalf("log: %+v", l)
	}
	select {
	case l := <-logs:
		t.Fatalf("unexpected log %+v", l)
	default:
	}
	// Over plain HTTP there are no subscriptions.
	if _, err := n.eth.SubscribeNewHead(ctx, make(chan *types.Header)); err == nil {
		t.Fatal("subscribed over HTTP")
	}
}

func receive[T any](t *testing.T, ch <-chan T, errc <-chan error) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case err := <-errc:
		t.Fatalf("subscription ended: %v", err)
	case <-time.After(deliveryDeadline):
		t.Fatal("no notification")
	}
	panic("unreachable")
}
