package mirror

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrBusy is returned when a sync is started while another one is running.
var ErrBusy = errors.New("mirror: sync already running")

// Option customises a Mirror.
type Option func(*options)

type options struct {
	workers  int
	maxSize  int64
	attempts int
	backoff  time.Duration
	clock    Clock
	filter   func(Entry) bool
}

// WithWorkers sets the number of concurrent tarball downloads.
func WithWorkers(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.workers = n
		}
	}
}

// WithMaxSize rejects tarballs larger than n bytes.
func WithMaxSize(n int64) Option { return func(o *options) { o.maxSize = n } }

// WithRetry sets how often a temporary index failure is retried and the
// initial back-off between attempts.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(o *options) { o.attempts, o.backoff = attempts, backoff }
}

// WithClock replaces the clock used for back-off.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithFilter mirrors only the entries for which keep returns true.
func WithFilter(keep func(Entry) bool) Option { return func(o *options) { o.filter = keep } }

// Mirror synchronises a Store with an Upstream registry.
type Mirror struct {
	up    Upstream
	store Store
	opts  options

	mu      sync.Mutex
	running bool
}

// New returns a Mirror of up backed by store.
func New(up Upstream, store Store, opts ...Option) *Mirror {
	o := options{
		workers:  4,
		maxSize:  64 << 20,
		attempts: 3,
		backoff:  time.Second,
		clock:    systemClock{},
	}
	for _, opt := range opts {
		opt(&o)
	}
	return &Mirror{up: up, store: store, opts: o}
}

// Sync brings the store up to date with the upstream index. Packages that
// fail to download or verify are listed in the report but do not fail the
// sync; an unreadable index does, and the partial report is returned with
// Truncated set.
func (m *Mirror) Sync(ctx context.Context) (Report, error) {
	m.mu.Lock()
	if m.running {
		m.mu.Unlock()
		return Report{}, ErrBusy
	}
	m.running = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.running = false
		m.mu.Unlock()
	}()

	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	t := &tally{}
	jobs := make(chan Entry)
	var wg sync.WaitGroup
	for i := 0; i < m.opts.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.fetcher(ctx, jobs, t)
		}()
	}

	if err := m.walk(ctx, jobs, t); err != nil {
		// Abandon the downloads in flight: the deferred cancel aborts them
		// and nothing they finish now would be reported anyway.
		rep := t.snapshot()
		rep.Truncated = true
		rep.Duration = time.Since(start)
		return rep, fmt.Errorf("mirror: walk upstream index: %w", err)
	}
	wg.Wait()

	rep := t.snapshot()
	rep.Duration = time.Since(start)
	return rep, nil
}
