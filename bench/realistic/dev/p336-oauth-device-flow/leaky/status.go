package deviceflow

import (
	"sync"
	"time"
)

// State is the phase of a running flow.
type State int

// Flow states reported through Config.OnStatus.
const (
	StateRetrying State = iota
	StateAwaitingUser
	StatePending
	StateSlowDown
	StateApproved
)

// Status is a progress update for a running flow.
type Status struct {
	State    State
	UserCode string
	Attempt  int           // consecutive transient failures while retrying
	Wait     time.Duration // delay before the next request
	Err      error
}

// reporter calls the user's status callback on its own goroutine. A nil
// *reporter discards updates.
type reporter struct {
	updates chan Status
	fn      func(Status)
	once    sync.Once
	done    chan struct{}
}

func newReporter(fn func(Status)) *reporter {
	if fn == nil {
		return nil
	}
	r := &reporter{updates: make(chan Status, 16), fn: fn, done: make(chan struct{})}
	go r.run()
	return r
}

func (r *reporter) run() {
	defer close(r.done)
	for s := range r.updates { // leak: Authorize returns before poll, the only place that closes updates
		r.fn(s)
	}
}

// report queues s without blocking, dropping it if the callback lags.
func (r *reporter) report(s Status) {
	if r == nil {
		return
	}
	select {
	case r.updates <- s:
	default:
	}
}

// close stops the reporter after delivering queued updates.
func (r *reporter) close() {
	if r == nil {
		return
	}
	r.once.Do(func() { close(r.updates) })
	<-r.done
}
