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

var (
	// ErrQueueFull is returned by Tick when keepers fall behind.
	ErrQueueFull = errors.New("feeding: dispatch queue full")
	// ErrNotRunning is returned by Tick before Start.
	ErrNotRunning = errors.New("feeding: dispatcher not running")
)

// Notifier delivers feeding instructions to a keeper's radio or handheld.
type Notifier interface {
	Notify(ctx context.Context, keeper, message string) error
}

// DietCatalog looks up the diet sheet of a species.
type DietCatalog interface {
	Diet(species string) (Diet, error)
}

// Config holds the tunables of a Rotation.
type Config struct {
	QueueSize     int
	NotifyTimeout time.Duration
	NotifyRetries int
	Logger        *log.Logger
	Now           func() time.Time
}

// Option changes the default Config.
type Option func(*Config)

// WithQueueSize sets how many due feedings may wait for delivery.
func WithQueueSize(n int) Option { return func(c *Config) { c.QueueSize = n } }

// WithNotifyTimeout bounds a single delivery attempt.
func WithNotifyTimeout(d time.Duration) Option { return func(c *Config) { c.NotifyTimeout = d } }

// WithLogger sets the logger used for delivery failures.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithClock replaces time.Now, mainly for tests and replays.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// Stats summarises the day so far.
type Stats struct {
	Dispatched int
	Failed     int
	Pending    int
}

// Rotation plans the feeding round from the roster and dispatches due
// feedings to keepers.
type Rotation struct {
	cfg        Config
	diets      DietCatalog
	notifier   Notifier
	enclosures []Enclosure

	mu     sync.Mutex
	roster Roster
	plan   []Task
	next   int
	feed   chan Task
	done   chan struct{}
	stats  Stats
}

// New creates a Rotation for the given enclosures.
func New(diets DietCatalog, notifier Notifier, enclosures []Enclosure, opts ...Option) (*Rotation, error) {
	if diets == nil || notifier == nil {
		return nil, errors.New("feeding: diet catalog and notifier are required")
	}
	if len(enclosures) == 0 {
		return nil, errors.New("feeding: no enclosures configured")
	}
	cfg := Config{
		QueueSize:     32,
		NotifyTimeout: 5 * time.Second,
		NotifyRetries: 3,
		Logger:        log.New(io.Discard, "", 0),
		Now:           time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.QueueSize < 1 {
		return nil, fmt.Errorf("feeding: invalid queue size %d", cfg.QueueSize)
	}
	return &Rotation{
		cfg:        cfg,
		diets:      diets,
		notifier:   notifier,
		enclosures: append([]Enclosure(nil), enclosures...),
	}, nil
}

// Start launches the dispatcher that hands due feedings to keepers.
func (r *Rotation) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.feed != nil {
		return
	}
	feed := make(chan Task, r.cfg.QueueSize)
	done := make(chan struct{})
	r.feed, r.done = feed, done
	go r.dispatch(ctx, feed, done)
}

// Stop waits for queued feedings to be delivered and stops the dispatcher.
func (r *Rotation) Stop() {
	r.mu.Lock()
	feed, done := r.feed, r.done
	r.feed, r.done = nil, nil
	r.mu.Unlock()
	if feed == nil {
		return
	}
	close(feed)
	<-done
}

// ApplyRoster replaces the roster, replans the feedings still ahead today
// and makes sure the dispatcher is running.
func (r *Rotation) ApplyRoster(ctx context.Context, roster Roster) error {
	if len(roster.Keepers) == 0 {
		return fmt.Errorf("%w: empty roster for %s", ErrNoKeeper, roster.Day.Format("2006-01-02"))
	}
	plan, err := buildPlan(roster, r.enclosures, r.diets, r.cfg.Now())
	if err != nil {
		return fmt.Errorf("apply roster: %w", err)
	}
	r.mu.Lock()
	r.roster = roster
	r.plan = plan
	r.next = 0
	r.stats.Pending = len(plan)
	r.mu.Unlock()
	r.cfg.Logger.Printf("feeding: roster for %s applied, %d feedings planned",
		roster.Day.Format("2006-01-02"), len(plan))
	r.Start(ctx)
	return nil
}

// Tick queues every planned feeding that is due at now.
func (r *Rotation) Tick(now time.Time) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.feed == nil {
		return 0, ErrNotRunning
	}
	sent := 0
	for r.next < len(r.plan) && !r.plan[r.next].Due.After(now) {
		select {
		case r.feed <- r.plan[r.next]:
			r.next++
			r.stats.Pending--
			sent++
		default:
			return sent, ErrQueueFull
		}
	}
	return sent, nil
}

// Run ticks every interval until ctx is done.
func (r *Rotation) Run(ctx context.Context, every time.Duration) error {
	r.Start(ctx)
	defer r.Stop()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := r.Tick(r.cfg.Now()); err != nil && !errors.Is(err, ErrQueueFull) {
				return err
			}
		}
	}
}

// Stats returns a snapshot of the day's counters.
func (r *Rotation) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

func (r *Rotation) dispatch(ctx context.Context, feed <-chan Task, done chan<- struct{}) {
	defer close(done)
	for t := range feed {
		err := r.deliver(ctx, t)
		r.mu.Lock()
		if err != nil {
			r.stats.Failed++
		} else {
			r.stats.Dispatched++
		}
		r.mu.Unlock()
		if err != nil {
			r.cfg.Logger.Printf("feeding: %s: %v", t, err)
		}
	}
}

func (r *Rotation) deliver(ctx context.Context, t Task) error {
	msg := fmt.Sprintf("Feed %s (%s) at %s: %d g %s",
		t.Enclosure, t.Species, t.Due.Format("15:04"), t.Grams, t.Food)
	var err error
	for attempt := 1; attempt <= r.cfg.NotifyRetries; attempt++ {
		actx, cancel := context.WithTimeout(ctx, r.cfg.NotifyTimeout)
		err = r.notifier.Notify(actx, t.Keeper, msg)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			break
		}
		backoff := time.NewTimer(time.Duration(attempt) * 50 * time.Millisecond)
		select {
		case <-ctx.Done():
			backoff.Stop()
			return fmt.Errorf("notify %s: %w", t.Keeper, ctx.Err())
		case <-backoff.C:
		}
	}
	return fmt.Errorf("notify %s: %w", t.Keeper, err)
}
