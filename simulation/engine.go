package simulation

import (
	"container/heap"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// engine is a discrete-event scheduler on a virtual clock. Events at the
// same instant run in the order they were scheduled, and every random draw
// comes from one seeded generator, so a scenario and a seed give the same
// run, byte for byte, on any machine.
type engine struct {
	now  time.Duration
	q    eventQueue
	seq  uint64
	rng  *rand.Rand
	done uint64 // events run

	progress  io.Writer
	wallStart time.Time
	lastShown time.Time
	end       time.Duration
}

type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func newEngine(seed uint64, progress io.Writer) *engine {
	return &engine{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), progress: progress}
}

// at schedules fn at virtual time t (now, if t is in the past).
func (e *engine) at(t time.Duration, fn func()) {
	e.seq++
	heap.Push(&e.q, event{at: max(t, e.now), seq: e.seq, fn: fn})
}

// run executes events until the queue is empty or the clock passes end.
func (e *engine) run(end time.Duration) {
	e.end = end
	e.wallStart = time.Now()
	e.lastShown = e.wallStart
	for e.q.Len() > 0 {
		ev := heap.Pop(&e.q).(event)
		if ev.at > end {
			break
		}
		e.now = ev.at
		ev.fn()
		e.done++
		if e.progress != nil && e.done%4096 == 0 {
			if t := time.Now(); t.Sub(e.lastShown) >= time.Second {
				e.lastShown = t
				e.show()
			}
		}
	}
	e.now = end
	if e.progress != nil {
		e.show()
		fmt.Fprintln(e.progress)
	}
}

// show prints a progress bar of virtual time, with wall time.
func (e *engine) show() {
	const width = 30
	frac := float64(e.now) / float64(e.end)
	n := int(frac * width)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < n {
			bar[i] = '='
		}
	}
	fmt.Fprintf(e.progress, "\r[%s] virtual %s / %s, wall %s, %d events",
		bar, e.now.Round(time.Millisecond), e.end, time.Since(e.wallStart).Round(100*time.Millisecond), e.done)
}
