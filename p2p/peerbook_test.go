package p2p

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/libp2p/go-libp2p/core/peer"
)

func testPeerID(t *testing.T, dir string) peer.ID {
	id, err := peer.IDFromPrivateKey(loadOrMakeKey(t, filepath.Join(dir, "k")))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPeerBookSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	b, err := OpenPeerBook(filepath.Join(dir, "pb"), 10, time.Hour, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	id := testPeerID(t, t.TempDir())
	now := time.Now().Truncate(time.Second)
	must(t, b.Observe(PeerRecord{ID: id, Addrs: []string{"/ip4/127.0.0.1/tcp/1"}, LastSeen: now, LastConnected: now}))
	must(t, b.Observe(PeerRecord{ID: id, Roles: []Role{RoleDA}, LastSeen: now.Add(time.Second)}))
	must(t, b.Observe(PeerRecord{ID: id, Roles: []Role{RoleBootstrap, RoleDA}}))
	must(t, b.Close())

	b, err = OpenPeerBook(filepath.Join(dir, "pb"), 10, time.Hour, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, ok, err := b.Get(id)
	if err != nil || !ok {
		t.Fatalf("get after reopen: ok=%v err=%v", ok, err)
	}
	if len(r.Addrs) != 1 || len(r.Roles) != 2 || !r.LastSeen.Equal(now.Add(time.Second)) || !r.LastConnected.Equal(now) {
		t.Fatalf("merged record wrong: %+v", r)
	}
	if ai := r.AddrInfo(); ai.ID != id || len(ai.Addrs) != 1 {
		t.Fatalf("addr info %+v", ai)
	}
}

func TestPeerBookDropsCorruptEntries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pb")
	b, err := OpenPeerBook(dir, 10, time.Hour, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	good := testPeerID(t, t.TempDir())
	must(t, b.Observe(PeerRecord{ID: good, Addrs: []string{"/ip4/127.0.0.1/tcp/1"}, LastSeen: time.Now()}))
	bad := testPeerID(t, t.TempDir())
	// Garbage as written by a bug or a damaged disk: a bad value, a bad key.
	must(t, b.db.Set(peerKey(bad), []byte("{not json"), pebble.Sync))
	must(t, b.db.Set([]byte("peer/xyz"), []byte("{}"), pebble.Sync))
	recs, err := b.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].ID != good {
		t.Fatalf("want only the good record, got %+v", recs)
	}
	if _, ok, _ := b.Get(bad); ok {
		t.Fatal("corrupt record was not removed")
	}
	must(t, b.Close())
}

func TestPeerBookPrune(t *testing.T) {
	b, err := OpenPeerBook(filepath.Join(t.TempDir(), "pb"), 3, time.Hour, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Now()
	var ids []peer.ID
	for i := range 5 {
		id := testPeerID(t, t.TempDir())
		ids = append(ids, id)
		// ids[0] is stale; later ids were connected more recently.
		seen := now.Add(-time.Duration(5-i) * time.Minute)
		if i == 0 {
			seen = now.Add(-2 * time.Hour)
		}
		must(t, b.Observe(PeerRecord{ID: id, Addrs: []string{"/ip4/127.0.0.1/tcp/1"}, LastSeen: seen, LastConnected: seen}))
	}
	n, err := b.Prune(now)
	if err != nil || n != 2 {
		t.Fatalf("pruned %d (%v), want 2", n, err)
	}
	recs, _ := b.All()
	if len(recs) != 3 || recs[0].ID != ids[4] || recs[2].ID != ids[2] {
		t.Fatalf("kept the wrong peers: %v", recs)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
