package feeding

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Dispatcher pages the keeper's handheld with a feeding task and waits for the ack.
type Dispatcher interface {
	Dispatch(ctx context.Context, t Task) error
}

var (
	ErrStopped   = errors.New("feeding: scheduler stopped")
	ErrQueueFull = errors.New("feeding: enclosure queue full")
)

// Stats counts what happened to feeding tasks.
type Stats struct {
	Dispatched int
	Missed     int
	Failed     int
}

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithLogger sends diagnostic output to l.
func WithLogger(l *log.Logger) Option { return func(s *Scheduler) { s.log = l } }

// WithQueueDepth sets how many tasks may wait per enclosure.
func WithQueueDepth(n int) Option { return func(s *Scheduler) { s.depth = n } }

// WithRetries sets how often a failed page is retried and how long to wait between tries.
func WithRetries(n int, backoff time.Duration) Option {
	return func(s *Scheduler) { s.retries, s.backoff = n, backoff }
}

// WithGrace sets how late a feeding may be issued before it is reported as missed.
func WithGrace(d time.Duration) Option { return func(s *Scheduler) { s.grace = d } }

type lane struct {
	tasks chan Task
	done  chan struct{}
}

// Scheduler turns the feeding plan into tasks and hands them to keepers. Tasks
// of one enclosure are dispatched in order by a dedicated lane goroutine, so a
// keeper is never paged twice for the same enclosure at once.
type Scheduler struct {
	disp    Dispatcher
	log     *log.Logger
	depth   int
	retries int
	backoff time.Duration
	grace   time.Duration

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	version string
	plans   map[string]EnclosurePlan
	lanes   map[string]*lane
	issued  map[string]time.Time
	stats   Stats
	stopped bool
}

// New creates a scheduler. Load a plan before calling Tick.
func New(disp Dispatcher, opts ...Option) *Scheduler {
	s := &Scheduler{
		disp:    disp,
		log:     log.New(io.Discard, "", 0),
		depth:   8,
		retries: 2,
		backoff: time.Second,
		grace:   30 * time.Minute,
		plans:   make(map[string]EnclosurePlan),
		lanes:   make(map[string]*lane),
		issued:  make(map[string]time.Time),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Load replaces the active plan. Enclosures that are no longer in the plan stop
// receiving tasks.
func (s *Scheduler) Load(p Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	next := make(map[string]EnclosurePlan, len(p.Enclosures))
	for _, e := range p.Enclosures {
		next[e.Enclosure] = e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	for name := range s.lanes {
		if _, keep := next[name]; !keep {
			s.log.Printf("plan %s: enclosure %s removed", p.Version, name)
			delete(s.lanes, name)
		}
	}
	s.plans = next
	s.version = p.Version
	return nil
}

// Tick issues every feeding that is due at now and has not been issued yet.
// It returns the number of tasks queued.
func (s *Scheduler) Tick(now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return 0, ErrStopped
	}
	queued := 0
	var errs []error
	for name, plan := range s.plans {
		for _, t := range plan.tasksOn(now) {
			if t.Due.After(now) {
				break
			}
			if _, done := s.issued[t.key()]; done {
				continue
			}
			if now.Sub(t.Due) > s.grace {
				s.issued[t.key()] = t.Due
				s.stats.Missed++
				s.log.Printf("missed feeding: %s", t)
				continue
			}
			l := s.laneLocked(name)
			select {
			case l.tasks <- t:
				s.issued[t.key()] = t.Due
				queued++
			default:
				errs = append(errs, fmt.Errorf("%w: %s", ErrQueueFull, name))
			}
		}
	}
	for k, due := range s.issued {
		if now.Sub(due) > 48*time.Hour {
			delete(s.issued, k)
		}
	}
	if len(errs) > 0 {
		return queued, fmt.Errorf("%d enclosures not queued: %w", len(errs), errs[0])
	}
	return queued, nil
}

func (s *Scheduler) laneLocked(enclosure string) *lane {
	if l, ok := s.lanes[enclosure]; ok {
		return l
	}
	l := &lane{tasks: make(chan Task, s.depth), done: make(chan struct{})}
	s.lanes[enclosure] = l
	go s.runLane(l.tasks, l.done)
	return l
}

func (s *Scheduler) runLane(tasks <-chan Task, done chan<- struct{}) {
	defer close(done)
	for t := range tasks { // leak: Load deletes a removed enclosure's lane without closing its channel
		err := s.dispatch(t)
		s.mu.Lock()
		if err != nil {
			s.stats.Failed++
		} else {
			s.stats.Dispatched++
		}
		s.mu.Unlock()
		if err != nil {
			s.log.Printf("dispatch %s: %v", t, err)
		}
	}
}

func (s *Scheduler) dispatch(t Task) error {
	var err error
	for attempt := 0; attempt <= s.retries; attempt++ {
		if attempt > 0 {
			select {
			case <-time.After(s.backoff):
			case <-s.ctx.Done():
				return s.ctx.Err()
			}
		}
		if err = s.disp.Dispatch(s.ctx, t); err == nil {
			return nil
		}
	}
	return err
}

// Stats returns a copy of the counters.
func (s *Scheduler) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Stop stops accepting ticks, lets every lane finish its queued tasks and waits
// for the lanes until ctx expires, after which in-flight pages are abandoned.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	lanes := s.lanes
	s.lanes = nil
	for _, l := range lanes {
		close(l.tasks)
	}
	s.mu.Unlock()

	defer s.cancel()
	for name, l := range lanes {
		select {
		case <-l.done:
		case <-ctx.Done():
			return fmt.Errorf("feeding: waiting for lane %s: %w", name, ctx.Err())
		}
	}
	return nil
}
