package leader

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Config configures an Elector.
type Config struct {
	// Name of the lease, shared by all candidates.
	Name string
	// Identity of this candidate, unique among candidates.
	Identity string
	Store    LeaseStore
	// LeaseDuration is how long a lease is valid without renewal. Default 15s.
	LeaseDuration time.Duration
	// RenewInterval is how often the leader renews. Default LeaseDuration/3.
	RenewInterval time.Duration
	// RetryInterval is how often followers try to acquire. Default 2s.
	RetryInterval time.Duration
	// OnStartedLeading runs in its own goroutine when leadership is gained;
	// its context is cancelled when leadership is lost.
	OnStartedLeading func(ctx context.Context)
	// OnStoppedLeading is called after OnStartedLeading has returned.
	OnStoppedLeading func()
	Clock            Clock
	Logger           *log.Logger
}

// Elector takes part in the election for one lease.
type Elector struct {
	cfg Config

	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	cond    *sync.Cond
	leader  string // last observed holder, "" if vacant or unknown
	gen     uint64 // incremented whenever leader changes
	leading bool
	started bool
	closed  bool
}

// New validates cfg and returns an Elector. Call Start to join the election.
func New(cfg Config) (*Elector, error) {
	if cfg.Name == "" || cfg.Identity == "" {
		return nil, errors.New("leader: Name and Identity are required")
	}
	if cfg.Store == nil {
		return nil, errors.New("leader: Store is required")
	}
	if cfg.LeaseDuration <= 0 {
		cfg.LeaseDuration = 15 * time.Second
	}
	if cfg.RenewInterval <= 0 {
		cfg.RenewInterval = cfg.LeaseDuration / 3
	}
	if cfg.RenewInterval >= cfg.LeaseDuration {
		return nil, fmt.Errorf("leader: RenewInterval %v must be shorter than LeaseDuration %v", cfg.RenewInterval, cfg.LeaseDuration)
	}
	if cfg.RetryInterval <= 0 {
		cfg.RetryInterval = 2 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	e := &Elector{cfg: cfg, done: make(chan struct{})}
	e.cond = sync.NewCond(&e.mu)
	return e, nil
}

// Start joins the election in the background. It may be called once.
func (e *Elector) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started || e.closed {
		return errors.New("leader: elector already started")
	}
	e.started = true
	ctx, e.cancel = context.WithCancel(ctx)
	go e.run(ctx)
	return nil
}

// Close leaves the election, stepping down and releasing the lease if this
// candidate is the leader, and ends all watches.
func (e *Elector) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	// Mark closed first so that the step-down below wakes watchers into
	// exiting rather than into waiting for another change.
	e.closed = true
	e.cond.Broadcast()
	started := e.started
	e.mu.Unlock()

	if started {
		e.cancel()
		<-e.done
	}
	return nil
}

// IsLeader reports whether this candidate currently holds the lease.
func (e *Elector) IsLeader() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leading
}

// Leader returns the last observed lease holder.
func (e *Elector) Leader() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

func (e *Elector) run(ctx context.Context) {
	defer close(e.done)
	for {
		lease, acquired, err := e.tryAcquire(ctx)
		if err != nil {
			e.logf("leader: %s: acquire %q: %v", e.cfg.Identity, e.cfg.Name, err)
		} else {
			e.observe(lease.Holder, acquired)
		}
		if acquired {
			e.lead(ctx, lease)
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-e.cfg.Clock.After(e.cfg.RetryInterval):
		}
	}
}

// tryAcquire takes the lease if it is vacant, expired or already ours.
func (e *Elector) tryAcquire(ctx context.Context) (Lease, bool, error) {
	now := e.cfg.Clock.Now()
	cur, err := e.cfg.Store.Get(ctx, e.cfg.Name)
	switch {
	case errors.Is(err, ErrNotFound):
		cur = Lease{Name: e.cfg.Name}
	case err != nil:
		return Lease{}, false, fmt.Errorf("get: %w", err)
	}
	if cur.Holder != e.cfg.Identity && !cur.Expired(now) {
		return cur, false, nil
	}
	next := cur
	next.Holder = e.cfg.Identity
	next.RenewedAt = now
	next.Duration = e.cfg.LeaseDuration
	next.Version = cur.Version + 1
	if cur.Holder != e.cfg.Identity {
		next.AcquiredAt = now
	}
	if err := e.cfg.Store.CompareAndSwap(ctx, cur, next); err != nil {
		if errors.Is(err, ErrConflict) {
			return cur, false, nil // another candidate got there first
		}
		return Lease{}, false, fmt.Errorf("swap: %w", err)
	}
	return next, true, nil
}

// lead runs the leader callbacks and renews the lease until ctx is done or
// a renewal deadline is missed, then steps down.
func (e *Elector) lead(ctx context.Context, lease Lease) {
	lctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if e.cfg.OnStartedLeading != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.cfg.OnStartedLeading(lctx)
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
		e.release(lease)
		e.observe("", false)
		if e.cfg.OnStoppedLeading != nil {
			e.cfg.OnStoppedLeading()
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return
		case <-e.cfg.Clock.After(e.cfg.RenewInterval):
		}
		next, err := e.renew(ctx, lease)
		if err != nil {
			e.logf("leader: %s: stepping down from %q: %v", e.cfg.Identity, e.cfg.Name, err)
			return
		}
		lease = next
	}
}

// renew extends lease. Transient store errors are retried until the lease
// would expire; a conflict means someone else holds it now.
func (e *Elector) renew(ctx context.Context, lease Lease) (Lease, error) {
	deadline := lease.RenewedAt.Add(lease.Duration)
	for {
		next := lease
		next.RenewedAt = e.cfg.Clock.Now()
		next.Version++
		err := e.cfg.Store.CompareAndSwap(ctx, lease, next)
		if err == nil {
			return next, nil
		}
		if errors.Is(err, ErrConflict) || ctx.Err() != nil || !e.cfg.Clock.Now().Before(deadline) {
			return Lease{}, fmt.Errorf("renew: %w", err)
		}
		select {
		case <-ctx.Done():
			return Lease{}, fmt.Errorf("renew: %w", ctx.Err())
		case <-e.cfg.Clock.After(e.cfg.RetryInterval / 4):
		}
	}
}

// release gives up the lease so another candidate need not wait for it to
// expire. It uses its own context because ctx is usually already cancelled.
func (e *Elector) release(lease Lease) {
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.RenewInterval)
	defer cancel()
	next := lease
	next.Holder = ""
	next.Version++
	if err := e.cfg.Store.CompareAndSwap(ctx, lease, next); err != nil && !errors.Is(err, ErrConflict) {
		e.logf("leader: %s: release %q: %v", e.cfg.Identity, e.cfg.Name, err)
	}
}

func (e *Elector) logf(format string, args ...interface{}) {
	if e.cfg.Logger != nil {
		e.cfg.Logger.Printf(format, args...)
	}
}
