package lehr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed    = errors.New("lehr: line closed")
	ErrQueueFull = errors.New("lehr: queue full")
	ErrNoLehr    = errors.New("lehr: no lehr accepts this glass")
)

// Stacker drives the robot that sets a batch onto a lehr belt and programs
// the lehr zones for it.
type Stacker interface {
	Place(ctx context.Context, lehrID string, stacker int, b Batch, s Schedule) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Result reports the outcome of one batch.
type Result struct {
	Lehr     string
	Batch    string
	Schedule Schedule
	Waited   time.Duration
	Err      error
}

// LehrConfig describes one lehr on the hot end.
type LehrConfig struct {
	ID            string
	Accepts       []Glass
	Stackers      int
	MaxQueue      int
	PlaceAttempts int
	RetryBackoff  time.Duration
}

// Config describes the annealing section of a glassworks.
type Config struct {
	Lehrs []LehrConfig
	// DrainPoll is how often Close checks whether the queues have emptied.
	DrainPoll time.Duration
	Logger    Logger
	// OnResult, if set, is called from the stacker goroutine after each batch.
	OnResult func(Result)
}

// Stats is a snapshot of a lehr's counters.
type Stats struct {
	Queued int
	Loaded int
	Failed int
}

// Line routes batches from the forming machines to the lehrs.
type Line struct {
	cfg    Config
	order  []*lehr
	byID   map[string]*lehr
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
}

// New builds the line and starts the stacker robots of every lehr.
func New(cfg Config, st Stacker) (*Line, error) {
	if len(cfg.Lehrs) == 0 {
		return nil, errors.New("lehr: no lehrs configured")
	}
	if cfg.DrainPoll <= 0 {
		cfg.DrainPoll = 5 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ln := &Line{cfg: cfg, byID: make(map[string]*lehr, len(cfg.Lehrs))}
	for _, lc := range cfg.Lehrs {
		if lc.ID == "" || len(lc.Accepts) == 0 {
			return nil, fmt.Errorf("lehr: incomplete config for %q", lc.ID)
		}
		if _, dup := ln.byID[lc.ID]; dup {
			return nil, fmt.Errorf("lehr: duplicate lehr %q", lc.ID)
		}
		if lc.Stackers <= 0 {
			lc.Stackers = 1
		}
		if lc.MaxQueue <= 0 {
			lc.MaxQueue = 32
		}
		if lc.PlaceAttempts <= 0 {
			lc.PlaceAttempts = 3
		}
		l := newLehr(lc, st, cfg.Logger, cfg.OnResult)
		ln.byID[lc.ID] = l
		ln.order = append(ln.order, l)
	}

	ctx, cancel := context.WithCancel(context.Background())
	ln.cancel = cancel
	for _, l := range ln.order {
		for n := 1; n <= l.cfg.Stackers; n++ {
			go l.runStacker(ctx, n)
		}
	}
	return ln, nil
}

// Submit computes the schedule for b and queues it on the least loaded lehr
// that accepts its glass. It returns the chosen lehr.
func (ln *Line) Submit(ctx context.Context, b Batch) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	ln.mu.Lock()
	closed := ln.closed
	ln.mu.Unlock()
	if closed {
		return "", ErrClosed
	}
	sched, err := ScheduleFor(b)
	if err != nil {
		return "", err
	}

	var best *lehr
	bestDepth := 0
	for _, l := range ln.order {
		if !l.accepts(b.Glass) {
			continue
		}
		if d := l.depth(); best == nil || d < bestDepth {
			best, bestDepth = l, d
		}
	}
	if best == nil {
		return "", fmt.Errorf("%w: %v", ErrNoLehr, b.Glass)
	}
	if err := best.enqueue(job{batch: b, schedule: sched, queued: time.Now()}); err != nil {
		return "", err
	}
	ln.cfg.Logger.Printf("lehr %s: queued %s (%v, %.1f mm, %s)", best.cfg.ID, b.ID, b.Glass, b.WallMM, sched.Total.Round(time.Minute))
	return best.cfg.ID, nil
}

// Stats returns per-lehr counters.
func (ln *Line) Stats() map[string]Stats {
	out := make(map[string]Stats, len(ln.order))
	for _, l := range ln.order {
		l.mu.Lock()
		out[l.cfg.ID] = Stats{Queued: len(l.queue), Loaded: l.loaded, Failed: l.failed}
		l.mu.Unlock()
	}
	return out
}

// Close stops accepting batches and waits until every queued batch has been
// placed. If ctx ends first, placements still in progress are aborted.
func (ln *Line) Close(ctx context.Context) error {
	ln.mu.Lock()
	if ln.closed {
		ln.mu.Unlock()
		return nil
	}
	ln.closed = true
	ln.mu.Unlock()

	for _, l := range ln.order {
		l.close()
	}

	tick := time.NewTicker(ln.cfg.DrainPoll)
	defer tick.Stop()
	for {
		busy := 0
		for _, l := range ln.order {
			busy += l.depth()
		}
		if busy == 0 {
			ln.cancel()
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			ln.cancel()
			return fmt.Errorf("lehr: %d batches not placed: %w", busy, ctx.Err())
		}
	}
}
