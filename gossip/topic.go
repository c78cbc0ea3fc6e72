package gossip

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// Result is a validator's verdict.
type Result int

const (
	// Accept delivers the message and forwards it.
	Accept Result = iota
	// Ignore drops it without penalty: the sender may be honest (a message
	// that arrived late, a transaction already known).
	Ignore
	// Reject drops it and lowers the score of the peer that sent it: no
	// honest peer forwards such a message.
	Reject
)

func (r Result) String() string {
	switch r {
	case Accept:
		return "accept"
	case Ignore:
		return "ignore"
	case Reject:
		return "reject"
	}
	return fmt.Sprintf("result(%d)", int(r))
}

// Validator checks one payload from peer from (the peer that forwarded it,
// not necessarily its author). It returns the decoded value, handed to
// subscribers so that nothing is decoded twice, its verdict, and for a
// non-Accept verdict the reason.
type Validator func(ctx context.Context, from peer.ID, payload []byte) (decoded any, res Result, reason error)

// Topic declares a gossip topic. The package that owns the messages
// registers it with Router.Register; gossip knows nothing of their content.
type Topic struct {
	// Name and Version make the topic string /l2/<network>/<name>/<version>.
	Name    string
	Version int
	// MaxPayload caps a payload after decompression, in bytes.
	MaxPayload int
	// Window, if set, bounds the envelope time of accepted messages.
	Window TimeWindow
	// Validate checks a payload; nil accepts every well-formed envelope.
	Validate Validator
	// Concurrency bounds the validations running at once on this topic;
	// beyond it messages are dropped unscored (pubsub's throttle). Default 64.
	Concurrency int
	// Score sizes the topic's peer-scoring parameters.
	Score TopicScore
}

// TopicScore sizes the scoring of one topic (see scoring.go).
type TopicScore struct {
	// Weight of the topic in the peer score. Default 1.
	Weight float64
	// InvalidWeight is the (negative) weight of the squared count of
	// rejected messages. Default -10: 40 rejected messages reach the
	// graylist threshold of -16000.
	InvalidWeight float64
}

var topicName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// FullName is /l2/<network>/<name>/<version>.
func (t Topic) FullName(network string) string {
	return fmt.Sprintf("/l2/%s/%s/%d", network, t.Name, t.Version)
}

func (t Topic) check() error {
	if !topicName.MatchString(t.Name) {
		return fmt.Errorf("gossip: topic name %q: want 1-32 of a-z, 0-9, _", t.Name)
	}
	if t.Version < 1 {
		return fmt.Errorf("gossip: topic %s: version %d, want >= 1", t.Name, t.Version)
	}
	if t.MaxPayload < 1 {
		return fmt.Errorf("gossip: topic %s: no payload cap", t.Name)
	}
	if t.Score.InvalidWeight > 0 {
		return fmt.Errorf("gossip: topic %s: invalid-message weight must be negative", t.Name)
	}
	return nil
}

// TimeWindow bounds the envelope time of messages relative to the local
// clock: older than MaxAge or further ahead than MaxFuture is Ignored (an
// honest peer with a late message or a skewed clock), and beyond Slack past
// either bound it is Rejected (no honest clock is that far off). A zero
// window accepts any time.
type TimeWindow struct {
	MaxAge, MaxFuture, Slack time.Duration
}

// Check judges message time t at local time now.
func (w TimeWindow) Check(t, now time.Time) (Result, error) {
	if w.MaxAge == 0 && w.MaxFuture == 0 {
		return Accept, nil
	}
	slack := w.Slack
	if slack == 0 {
		slack = time.Minute
	}
	if age := now.Sub(t); age > w.MaxAge {
		if age > w.MaxAge+slack {
			return Reject, fmt.Errorf("message is %s old, beyond %s", age.Round(time.Millisecond), w.MaxAge+slack)
		}
		return Ignore, fmt.Errorf("message is %s old (max %s)", age.Round(time.Millisecond), w.MaxAge)
	}
	if ahead := t.Sub(now); ahead > w.MaxFuture {
		if ahead > w.MaxFuture+slack {
			return Reject, fmt.Errorf("message is %s in the future, beyond %s", ahead.Round(time.Millisecond), w.MaxFuture+slack)
		}
		return Ignore, fmt.Errorf("message is %s in the future (max %s)", ahead.Round(time.Millisecond), w.MaxFuture)
	}
	return Accept, nil
}

// Dedupe remembers keys (a transaction hash, an evidence hash) for a TTL, up
// to a bounded number, for validators that must Ignore content they have
// already seen under another message ID.
type Dedupe struct {
	ttl time.Duration
	max int

	mu    sync.Mutex
	seen  map[string]time.Time
	order []dedupeEntry // insertion order, for expiry and eviction
	head  int
}

type dedupeEntry struct {
	key string
	at  time.Time
}

// NewDedupe remembers up to max keys for ttl each.
func NewDedupe(ttl time.Duration, max int) *Dedupe {
	return &Dedupe{ttl: ttl, max: max, seen: map[string]time.Time{}}
}

// Seen records key at now and reports whether it was already there.
func (d *Dedupe) Seen(key string, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	// Expire from the oldest end; evict the oldest beyond max.
	for d.head < len(d.order) {
		e := d.order[d.head]
		if now.Sub(e.at) <= d.ttl && len(d.seen) < d.max {
			break
		}
		if t, ok := d.seen[e.key]; ok && t.Equal(e.at) {
			delete(d.seen, e.key)
		}
		d.head++
	}
	if d.head > len(d.order)/2 && d.head > 1024 {
		d.order = append([]dedupeEntry(nil), d.order[d.head:]...)
		d.head = 0
	}
	if t, ok := d.seen[key]; ok && now.Sub(t) <= d.ttl {
		return true
	}
	d.seen[key] = now
	d.order = append(d.order, dedupeEntry{key, now})
	return false
}

// Len is the number of keys remembered.
func (d *Dedupe) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
