package election

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Callbacks are invoked from a single goroutine, in order, as leadership
// changes. They do not block the renew loop.
type Callbacks struct {
	// OnStartedLeading runs in its own goroutine when this candidate
	// becomes leader. Its context is cancelled when leadership is lost.
	OnStartedLeading func(ctx context.Context)
	// OnStoppedLeading is called after leadership is lost or given up.
	OnStoppedLeading func()
	// OnNewLeader is called whenever a different leader is observed,
	// including this candidate itself.
	OnNewLeader func(identity string)
}

// Config describes one candidate in an election.
type Config struct {
	// Name of the lease all candidates compete for.
	Name string
	// Identity of this candidate; it must be unique among candidates.
	Identity string
	Store    Store
	Clock    Clock // defaults to the system clock

	// LeaseDuration is how long followers wait after the last renewal
	// before taking over. RenewDeadline is how long the leader keeps
	// trying to renew before it steps down. RetryPeriod is the interval
	// between attempts.
	LeaseDuration time.Duration
	RenewDeadline time.Duration
	RetryPeriod   time.Duration

	// ReleaseOnCancel gives the lease up when Run's context ends, so that
	// another candidate can take over without waiting for it to expire.
	ReleaseOnCancel bool

	Callbacks Callbacks
	Logf      func(format string, args ...any)
}

// Elector takes part in an election.
type Elector struct {
	cfg Config

	mu         sync.Mutex
	observed   Record
	observedAt time.Time // local time at which observed last changed
}

// New validates cfg and returns an Elector.
func New(cfg Config) (*Elector, error) {
	if cfg.Name == "" || cfg.Identity == "" {
		return nil, errors.New("election: Name and Identity are required")
	}
	if cfg.Store == nil {
		return nil, errors.New("election: Store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.LeaseDuration == 0 {
		cfg.LeaseDuration, cfg.RenewDeadline, cfg.RetryPeriod = 15*time.Second, 10*time.Second, 2*time.Second
	}
	if cfg.LeaseDuration <= cfg.RenewDeadline || cfg.RenewDeadline <= cfg.RetryPeriod || cfg.RetryPeriod <= 0 {
		return nil, fmt.Errorf("election: need LeaseDuration > RenewDeadline > RetryPeriod > 0, got %v, %v, %v",
			cfg.LeaseDuration, cfg.RenewDeadline, cfg.RetryPeriod)
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	return &Elector{cfg: cfg}, nil
}

// Leader returns the identity of the most recently observed leader.
func (e *Elector) Leader() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.observed.Holder
}

// IsLeader reports whether this candidate held the lease when it last
// looked.
func (e *Elector) IsLeader() bool { return e.Leader() == e.cfg.Identity }

// Run takes part in the election until ctx ends. Callbacks still running
// when Run returns are not waited for.
func (e *Elector) Run(ctx context.Context) error {
	st := newState()
	go e.notify(st)
	defer st.close()

	var lastRenew time.Time
	leading := false
	for {
		rec, err := e.tryAcquireOrRenew(ctx)
		now := e.cfg.Clock.Now()
		switch {
		case err == nil:
			leading = rec.Holder == e.cfg.Identity
			if leading {
				lastRenew = now
			}
			st.update(leading, rec.Holder)
		case leading && now.Sub(lastRenew) >= e.cfg.RenewDeadline:
			e.cfg.Logf("election %s: stepping down, no renewal for %v: %v", e.cfg.Name, now.Sub(lastRenew), err)
			leading = false
			st.update(false, "")
		case ctx.Err() == nil:
			e.cfg.Logf("election %s: %v", e.cfg.Name, err)
		}

		select {
		case <-ctx.Done():
			if leading && e.cfg.ReleaseOnCancel {
				e.release()
			}
			return nil
		case <-e.cfg.Clock.After(e.cfg.RetryPeriod):
		}
	}
}

// tryAcquireOrRenew runs one election round and returns the lease as it
// stands afterwards.
func (e *Elector) tryAcquireOrRenew(ctx context.Context) (Record, error) {
	now := e.cfg.Clock.Now()
	want := Record{
		Name:     e.cfg.Name,
		Holder:   e.cfg.Identity,
		Acquired: now,
		Renewed:  now,
		Duration: e.cfg.LeaseDuration,
	}

	cur, err := e.cfg.Store.Get(ctx, e.cfg.Name)
	if errors.Is(err, ErrNotFound) {
		if err := e.cfg.Store.Create(ctx, want); err != nil {
			return Record{}, fmt.Errorf("create lease %q: %w", e.cfg.Name, err)
		}
		e.observe(want, now)
		return want, nil
	}
	if err != nil {
		return Record{}, fmt.Errorf("get lease %q: %w", e.cfg.Name, err)
	}

	// Expiry is judged by our own clock, from when we saw the record
	// change, so that clock skew between candidates does not matter.
	observedAt := e.observe(cur, now)
	if cur.Holder != "" && cur.Holder != e.cfg.Identity && now.Before(observedAt.Add(cur.Duration)) {
		return cur, nil
	}

	want.Version = cur.Version
	want.Transitions = cur.Transitions
	if cur.Holder == e.cfg.Identity {
		want.Acquired = cur.Acquired
	} else {
		want.Transitions++
	}
	if err := e.cfg.Store.Update(ctx, want); err != nil {
		return Record{}, fmt.Errorf("update lease %q: %w", e.cfg.Name, err)
	}
	e.observe(want, now)
	return want, nil
}

// observe remembers rec and returns the local time at which it was first
// seen in its current version.
func (e *Elector) observe(rec Record, now time.Time) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rec.Version != e.observed.Version || rec.Holder != e.observed.Holder || e.observedAt.IsZero() {
		e.observed, e.observedAt = rec, now
	}
	return e.observedAt
}

// release gives the lease up, if we still hold it.
func (e *Elector) release() {
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.RetryPeriod)
	defer cancel()
	cur, err := e.cfg.Store.Get(ctx, e.cfg.Name)
	if err != nil || cur.Holder != e.cfg.Identity {
		return
	}
	cur.Holder = ""
	cur.Renewed = e.cfg.Clock.Now()
	if err := e.cfg.Store.Update(ctx, cur); err != nil {
		e.cfg.Logf("election %s: release lease: %v", e.cfg.Name, err)
		return
	}
	e.observe(cur, cur.Renewed)
}

// notify delivers callbacks for the changes published on st until st is
// closed.
func (e *Elector) notify(st *state) {
	var (
		seen        uint64
		prev        snapshot
		stopLeading context.CancelFunc
	)
	cb := e.cfg.Callbacks
	for {
		cur := st.next(seen)
		seen = cur.seq
		if cur.leader != "" && cur.leader != prev.leader && cb.OnNewLeader != nil {
			cb.OnNewLeader(cur.leader)
		}
		switch {
		case cur.leading && !prev.leading:
			stopLeading = e.startLeading()
		case !cur.leading && prev.leading:
			stopLeading()
			if cb.OnStoppedLeading != nil {
				cb.OnStoppedLeading()
			}
		}
		prev = cur
		if cur.closed {
			return
		}
	}
}

// startLeading starts OnStartedLeading and returns the function that
// cancels its context.
func (e *Elector) startLeading() context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	if f := e.cfg.Callbacks.OnStartedLeading; f != nil {
		go f(ctx)
	}
	return cancel
}
