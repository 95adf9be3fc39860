package proofing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Outcome is reported once a tray has left the cabinet.
type Outcome struct {
	Tray    *Tray
	Proofed time.Duration
	Err     error
}

// Config configures a Scheduler.
type Config struct {
	// Tolerance is added to the recipe proof time before a tray is
	// reported as over-proofed.
	Tolerance time.Duration
	// OnDone is called from the tray's goroutine when a tray is out.
	OnDone func(Outcome)
	// Logger receives shift messages; nil discards them.
	Logger *log.Logger
}

// Scheduler moves trays through a cabinet for the duration of a shift.
type Scheduler struct {
	cab *Cabinet
	cfg Config
	log *log.Logger

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	active  map[string]*Tray
	changed chan struct{}
	closed  bool
}

// NewScheduler returns a scheduler feeding the given cabinet.
func NewScheduler(cab *Cabinet, cfg Config) (*Scheduler, error) {
	if cab == nil {
		return nil, errors.New("proofing: nil cabinet")
	}
	if cfg.Tolerance < 0 {
		return nil, fmt.Errorf("proofing: negative tolerance %v", cfg.Tolerance)
	}
	if cfg.OnDone == nil {
		cfg.OnDone = func(Outcome) {}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cab:     cab,
		cfg:     cfg,
		log:     logger,
		ctx:     ctx,
		cancel:  cancel,
		active:  make(map[string]*Tray),
		changed: make(chan struct{}),
	}, nil
}

// Submit queues a tray. It returns once the tray is accepted; loading,
// proofing and unloading happen in the background.
func (s *Scheduler) Submit(t *Tray) error {
	if t == nil || t.ID == "" {
		return errors.New("proofing: tray without id")
	}
	if t.Recipe.Proof <= 0 {
		return fmt.Errorf("proofing: tray %s: recipe %q has no proof time", t.ID, t.Recipe.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("proofing: shift closed")
	}
	if _, dup := s.active[t.ID]; dup {
		return fmt.Errorf("proofing: tray %s already submitted", t.ID)
	}
	s.active[t.ID] = t
	go s.proof(t)
	return nil
}

func (s *Scheduler) proof(t *Tray) {
	out := Outcome{Tray: t}
	defer func() {
		s.finish(t.ID)
		s.cfg.OnDone(out)
	}()

	if err := s.cab.Load(s.ctx, t); err != nil {
		out.Err = err
		s.log.Printf("proofing: tray %s not loaded: %v", t.ID, err)
		return
	}
	s.log.Printf("proofing: tray %s (%s) in, %d shelves left", t.ID, t.Recipe.Name, s.cab.FreeShelves())

	timer := time.NewTimer(t.Recipe.Proof)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-s.ctx.Done():
		out.Err = s.ctx.Err()
	}
	d, err := s.cab.Unload(t.ID)
	if err != nil && out.Err == nil {
		out.Err = err
	}
	out.Proofed = d
	if out.Err == nil && d > t.Recipe.Proof+s.cfg.Tolerance {
		s.log.Printf("proofing: tray %s over-proofed by %v", t.ID, d-t.Recipe.Proof)
	}
}

func (s *Scheduler) finish(id string) {
	s.mu.Lock()
	delete(s.active, id)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// Pending returns the number of trays not yet out of the cabinet.
func (s *Scheduler) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.active)
}

// Drain stops accepting trays and waits until every submitted tray is out
// of the cabinet or ctx expires.
func (s *Scheduler) Drain(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	for {
		s.mu.Lock()
		n := len(s.active)
		ch := s.changed
		s.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("proofing: %d trays still pending: %w", n, ctx.Err())
		}
	}
}

// Abort cuts every proof short; trays in the cabinet are unloaded at once.
func (s *Scheduler) Abort() {
	s.cancel()
}
