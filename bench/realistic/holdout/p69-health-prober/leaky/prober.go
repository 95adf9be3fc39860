// Package health runs periodic health checks against a service's
// dependencies and tells interested parties when their status changes.
package health

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	// ErrDuplicateCheck is returned when registering a name twice.
	ErrDuplicateCheck = errors.New("health: duplicate check")
	// ErrAlreadyStarted is returned when registering after Start.
	ErrAlreadyStarted = errors.New("health: prober already started")
)

// Clock abstracts time so probes can be driven by tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the prober uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

// Option configures a Prober.
type Option func(*Prober)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(p *Prober) { p.clock = c } }

// WithDefaultInterval sets the interval for checks that do not set one.
func WithDefaultInterval(d time.Duration) Option {
	return func(p *Prober) { p.interval = d }
}

// WithDefaultTimeout sets the probe timeout for checks that do not set one.
func WithDefaultTimeout(d time.Duration) Option {
	return func(p *Prober) { p.timeout = d }
}

// WithLogger sets the logger used for probe failures.
func WithLogger(l *log.Logger) Option { return func(p *Prober) { p.logger = l } }

// Prober periodically runs registered checks.
type Prober struct {
	clock    Clock
	interval time.Duration
	timeout  time.Duration
	logger   *log.Logger

	mu        sync.Mutex
	checks    map[string]*checkState
	listeners map[int]Listener
	nextID    int
	started   bool
	cancel    context.CancelFunc

	loops    sync.WaitGroup
	inflight sync.WaitGroup
}

// New returns a Prober with no checks registered.
func New(opts ...Option) *Prober {
	p := &Prober{
		clock:     realClock{},
		interval:  10 * time.Second,
		timeout:   2 * time.Second,
		logger:    log.Default(),
		checks:    make(map[string]*checkState),
		listeners: make(map[int]Listener),
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Register adds a check. Checks must be registered before Start.
func (p *Prober) Register(c Check) error {
	if c.Name == "" || c.Checker == nil {
		return errors.New("health: check needs a name and a checker")
	}
	if c.Interval <= 0 {
		c.Interval = p.interval
	}
	if c.Timeout <= 0 {
		c.Timeout = p.timeout
	}
	if c.FailureThreshold <= 0 {
		c.FailureThreshold = 1
	}
	if c.SuccessThreshold <= 0 {
		c.SuccessThreshold = 1
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return fmt.Errorf("register %q: %w", c.Name, ErrAlreadyStarted)
	}
	if _, ok := p.checks[c.Name]; ok {
		return fmt.Errorf("register %q: %w", c.Name, ErrDuplicateCheck)
	}
	p.checks[c.Name] = &checkState{check: c}
	return nil
}

// OnStatusChange registers l and returns a function that unregisters it.
func (p *Prober) OnStatusChange(l Listener) (remove func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	p.listeners[id] = l
	return func() {
		p.mu.Lock()
		delete(p.listeners, id)
		p.mu.Unlock()
	}
}

// Start begins probing every registered check. Each check is probed once
// immediately and then on its interval.
func (p *Prober) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.started = true
	p.cancel = cancel
	for _, cs := range p.checks {
		p.loops.Add(1)
		go p.loop(ctx, cs)
	}
}

// Stop stops scheduling probes and waits, until ctx is done, for probes
// that are already running to return.
func (p *Prober) Stop(ctx context.Context) error {
	p.mu.Lock()
	if !p.started {
		p.mu.Unlock()
		return nil
	}
	p.started = false
	cancel := p.cancel
	p.mu.Unlock()

	cancel()
	p.loops.Wait()

	done := make(chan struct{})
	go func() {
		p.inflight.Wait() // leak: in-flight counter never reaches zero
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("health: waiting for in-flight probes: %w", ctx.Err())
	}
}

// Lookup returns the status of the named check and the error returned by
// its most recent probe.
func (p *Prober) Lookup(name string) (status Status, lastErr error, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cs, ok := p.checks[name]
	if !ok {
		return StatusUnknown, nil, false
	}
	return cs.status, cs.lastErr, true
}

// Status is unhealthy if any check is, unknown if any check has not
// reported yet, and healthy otherwise.
func (p *Prober) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	overall := StatusHealthy
	for _, cs := range p.checks {
		switch cs.status {
		case StatusUnhealthy:
			return StatusUnhealthy
		case StatusUnknown:
			overall = StatusUnknown
		}
	}
	return overall
}

func (p *Prober) loop(ctx context.Context, cs *checkState) {
	defer p.loops.Done()
	t := p.clock.NewTicker(cs.check.Interval)
	defer t.Stop()
	p.schedule(ctx, cs)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
			p.schedule(ctx, cs)
		}
	}
}

// schedule starts a probe unless the previous one is still running, so a
// slow dependency does not pile up goroutines.
func (p *Prober) schedule(ctx context.Context, cs *checkState) {
	p.mu.Lock()
	if cs.running {
		p.mu.Unlock()
		return
	}
	cs.running = true
	p.mu.Unlock()

	p.inflight.Add(1)
	go p.probe(ctx, cs)
}

func (p *Prober) probe(ctx context.Context, cs *checkState) {
	err := runChecker(ctx, cs.check.Checker, cs.check.Timeout)
	if ctx.Err() != nil {
		// The prober is shutting down; a failure caused by our own
		// cancellation says nothing about the dependency.
		p.mu.Lock()
		cs.running = false
		p.mu.Unlock()
		return
	}
	p.record(cs, err)
	p.inflight.Done()
}

func (p *Prober) record(cs *checkState, err error) {
	now := p.clock.Now()
	p.mu.Lock()
	cs.running = false
	from, changed := cs.observe(err)
	var ls []Listener
	if changed {
		ls = make([]Listener, 0, len(p.listeners))
		for _, l := range p.listeners {
			ls = append(ls, l)
		}
	}
	to := cs.status
	p.mu.Unlock()

	if err != nil {
		p.logger.Printf("health: check %q failed: %v", cs.check.Name, err)
	}
	change := StatusChange{Check: cs.check.Name, From: from, To: to, Err: err, At: now}
	for _, l := range ls {
		l(change)
	}
}
