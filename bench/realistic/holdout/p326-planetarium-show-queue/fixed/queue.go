// Package showqueue dispatches planetarium shows to the dome theatres that
// can screen them.
package showqueue

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Errors returned by Queue.
var (
	ErrClosed    = errors.New("showqueue: queue closed")
	ErrQueueFull = errors.New("showqueue: too many pending shows")
	ErrNoDome    = errors.New("showqueue: no dome can screen this show")
)

// Projector runs a show in a dome and returns when it is over.
type Projector interface {
	Play(ctx context.Context, dome string, s Show) error
}

// Logger is the logging interface used by the queue.
type Logger interface {
	Printf(format string, args ...any)
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}

// Config configures a Queue.
type Config struct {
	Domes      []DomeSpec
	Projector  Projector
	MaxPending int
	Logger     Logger
	// OnPlayed, if set, is called after every screening.
	OnPlayed func(dome string, s Show, err error)
}

// Stats is a snapshot of the queue.
type Stats struct {
	Pending int
	Playing map[string]string
	Played  map[string]int
	Failed  int
}

// Queue holds the pending shows and one dispatcher per dome.
type Queue struct {
	cfg    Config
	log    Logger
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	cond    *sync.Cond
	pending []Show
	paused  bool
	closed  bool
	played  map[string]int
	failed  int
	domes   []*dome
}

// New validates cfg and starts a dispatcher for every dome.
func New(cfg Config) (*Queue, error) {
	if cfg.Projector == nil {
		return nil, errors.New("showqueue: no projector")
	}
	if len(cfg.Domes) == 0 {
		return nil, errors.New("showqueue: no domes")
	}
	seen := make(map[string]bool)
	for _, d := range cfg.Domes {
		if err := d.validate(); err != nil {
			return nil, err
		}
		if seen[d.Name] {
			return nil, fmt.Errorf("showqueue: dome %s listed twice", d.Name)
		}
		seen[d.Name] = true
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = 64
	}
	q := &Queue{cfg: cfg, log: cfg.Logger, played: make(map[string]int)}
	if q.log == nil {
		q.log = nopLogger{}
	}
	q.cond = sync.NewCond(&q.mu)
	q.ctx, q.cancel = context.WithCancel(context.Background())
	for _, spec := range cfg.Domes {
		d := &dome{spec: spec, done: make(chan struct{})}
		q.domes = append(q.domes, d)
		go q.runDome(d)
	}
	return q, nil
}

// Enqueue adds a show to the queue.
func (q *Queue) Enqueue(s Show) error {
	if err := s.validate(); err != nil {
		return err
	}
	fits := false
	for _, d := range q.cfg.Domes {
		if d.canPlay(s) {
			fits = true
			break
		}
	}
	if !fits {
		return fmt.Errorf("%w: %s (%v, %d seats)", ErrNoDome, s.ID, s.Format, s.Seats)
	}
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return ErrClosed
	}
	if len(q.pending) >= q.cfg.MaxPending {
		q.mu.Unlock()
		return ErrQueueFull
	}
	q.pending = insertByStart(q.pending, s)
	q.mu.Unlock()
	q.cond.Broadcast()
	return nil
}

// Withdraw removes a pending show, for example when a screening is
// cancelled for lack of ticket sales. It reports whether the show was found.
func (q *Queue) Withdraw(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, s := range q.pending {
		if s.ID == id {
			q.pending = append(q.pending[:i], q.pending[i+1:]...)
			return true
		}
	}
	return false
}

// Pause stops domes from starting new shows; shows already running finish.
func (q *Queue) Pause() {
	q.mu.Lock()
	q.paused = true
	q.mu.Unlock()
}

// Resume lets domes start shows again.
func (q *Queue) Resume() {
	q.mu.Lock()
	q.paused = false
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Stats returns a snapshot of the queue.
func (q *Queue) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	st := Stats{
		Pending: len(q.pending),
		Playing: make(map[string]string),
		Played:  make(map[string]int),
		Failed:  q.failed,
	}
	for _, d := range q.domes {
		if d.current != "" {
			st.Playing[d.spec.Name] = d.current
		}
	}
	for k, v := range q.played {
		st.Played[k] = v
	}
	return st
}

// Shutdown stops accepting shows, lets the domes screen what is already
// queued and waits for them to finish. If ctx ends first, running shows are
// aborted and an error is returned.
func (q *Queue) Shutdown(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()

	for _, d := range q.domes {
		select {
		case <-d.done:
		case <-ctx.Done():
			q.cancel()
			return fmt.Errorf("showqueue: dome %s did not finish: %w", d.spec.Name, ctx.Err())
		}
	}
	q.cancel()
	q.log.Printf("showqueue: all domes dark")
	return nil
}
