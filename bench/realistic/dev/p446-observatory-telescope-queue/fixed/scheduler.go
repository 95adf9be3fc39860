// Package obsqueue runs the nightly observation queue of a robotic
// telescope: requests are ordered by priority, executed one at a time and
// paused while the weather station reports unsafe conditions.
package obsqueue

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed         = errors.New("obsqueue: scheduler closed")
	ErrAlreadyStarted = errors.New("obsqueue: scheduler already started")
	ErrInvalid        = errors.New("obsqueue: invalid observation")
)

// Config tunes the scheduler.
type Config struct {
	Limits        WeatherLimits
	SlewTimeout   time.Duration
	MaxExposure   time.Duration
	RetryOnFailed bool
}

// Option customises a Scheduler.
type Option func(*Scheduler)

// WithConfig replaces the default configuration.
func WithConfig(c Config) Option { return func(s *Scheduler) { s.cfg = c } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(s *Scheduler) { s.log = l } }

// WithNow replaces the clock used to expire observations.
func WithNow(now func() time.Time) Option { return func(s *Scheduler) { s.now = now } }

// Scheduler owns the observation queue of one telescope.
type Scheduler struct {
	tel     Telescope
	archive Archive
	cfg     Config
	log     *log.Logger
	now     func() time.Time

	mu      sync.Mutex
	cond    *sync.Cond
	queue   obsHeap
	seq     uint64
	hold    string
	closed  bool
	started bool
	results []Result

	done chan struct{}
}

// New creates a scheduler for tel that stores frames in archive.
func New(tel Telescope, archive Archive, opts ...Option) *Scheduler {
	s := &Scheduler{
		tel:     tel,
		archive: archive,
		cfg: Config{
			Limits:      DefaultLimits,
			SlewTimeout: 2 * time.Minute,
			MaxExposure: 30 * time.Minute,
		},
		log:  log.Default(),
		now:  time.Now,
		done: make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Start launches the dispatcher. It returns immediately.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return ErrAlreadyStarted
	}
	s.started = true
	go s.run(ctx)
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.done:
		}
	}()
	return nil
}

// Submit queues an observation.
func (s *Scheduler) Submit(o Observation) error {
	if o.Target.Name == "" || o.Exposure <= 0 || o.Exposure > s.cfg.MaxExposure {
		return fmt.Errorf("%w: %q", ErrInvalid, o.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.seq++
	heap.Push(&s.queue, queued{obs: o, seq: s.seq})
	s.cond.Signal()
	return nil
}

// OnWeather is registered as the weather station callback.
func (s *Scheduler) OnWeather(c Conditions) {
	reason := s.cfg.Limits.Check(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	if reason == s.hold {
		return
	}
	if reason != "" {
		s.log.Printf("obsqueue: weather hold: %s", reason)
	} else {
		s.log.Printf("obsqueue: weather hold lifted")
	}
	s.hold = reason
	s.cond.Broadcast()
}

// Close stops accepting observations. Observations already queued are
// still executed while conditions allow.
func (s *Scheduler) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.cond.Broadcast()
}

// Done is closed when the dispatcher has exited.
func (s *Scheduler) Done() <-chan struct{} { return s.done }

// Pending returns the queued observations in execution order.
func (s *Scheduler) Pending() []Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := append(obsHeap(nil), s.queue...)
	out := make([]Observation, 0, len(cp))
	for cp.Len() > 0 {
		out = append(out, heap.Pop(&cp).(queued).obs)
	}
	return out
}

// Results returns the outcome of every executed observation.
func (s *Scheduler) Results() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Result(nil), s.results...)
}

func (s *Scheduler) run(ctx context.Context) {
	defer close(s.done)
	for {
		q, ok := s.next()
		if !ok {
			s.log.Printf("obsqueue: dispatcher stopped")
			return
		}
		res := s.execute(ctx, q.obs)
		s.mu.Lock()
		s.results = append(s.results, res)
		if res.Err != nil && s.cfg.RetryOnFailed && q.attempts == 0 && !s.closed {
			q.attempts++
			heap.Push(&s.queue, q)
		}
		s.mu.Unlock()
	}
}

func (s *Scheduler) next() (queued, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		s.dropExpired()
		if s.queue.Len() > 0 && s.hold == "" {
			return heap.Pop(&s.queue).(queued), true
		}
		if s.closed && (s.queue.Len() == 0 || s.hold != "") {
			return queued{}, false
		}
		s.cond.Wait()
	}
}

func (s *Scheduler) dropExpired() {
	now := s.now()
	kept := s.queue[:0]
	for _, q := range s.queue {
		if !q.obs.NotAfter.IsZero() && now.After(q.obs.NotAfter) {
			s.log.Printf("obsqueue: %s expired before it could run", q.obs.ID)
			s.results = append(s.results, Result{ID: q.obs.ID, Err: ErrExpired})
			continue
		}
		kept = append(kept, q)
	}
	if len(kept) != len(s.queue) {
		s.queue = kept
		heap.Init(&s.queue)
	}
}

func (s *Scheduler) execute(ctx context.Context, o Observation) Result {
	start := s.now()
	slewCtx, cancel := context.WithTimeout(ctx, s.cfg.SlewTimeout)
	err := s.tel.Slew(slewCtx, o.Target)
	cancel()
	if err != nil {
		return Result{ID: o.ID, Err: fmt.Errorf("slew to %s: %w", o.Target.Name, err)}
	}
	frame, err := s.tel.Expose(ctx, o.Filter, o.Exposure)
	if err != nil {
		return Result{ID: o.ID, Err: fmt.Errorf("expose %s: %w", o.ID, err)}
	}
	frame.ObservationID = o.ID
	frame.Program = o.Program
	if err := s.archive.Store(ctx, frame); err != nil {
		return Result{ID: o.ID, Err: fmt.Errorf("archive %s: %w", o.ID, err)}
	}
	return Result{ID: o.ID, Started: start, Frame: frame.Path}
}
