package quayside

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config configures the cranes of one berth.
type Config struct {
	Cranes      []Crane
	Driver      CraneDriver
	Ledger      Ledger
	LiftTimeout time.Duration
	Logger      *log.Logger
	Now         func() time.Time
}

// Terminal dispatches a vessel's discharge plan over the berth's cranes.
type Terminal struct {
	cfg   Config
	log   *log.Logger
	idle  chan Crane
	lifts *liftGroup
	maxKg float64

	mu      sync.Mutex
	closing bool
	moves   map[string]int
}

// NewTerminal checks cfg and returns a terminal with all cranes idle.
func NewTerminal(cfg Config) (*Terminal, error) {
	if len(cfg.Cranes) == 0 {
		return nil, ErrNoCranes
	}
	if cfg.Driver == nil || cfg.Ledger == nil {
		return nil, fmt.Errorf("quayside: config needs a Driver and a Ledger")
	}
	if cfg.LiftTimeout <= 0 {
		cfg.LiftTimeout = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	t := &Terminal{
		cfg:   cfg,
		log:   cfg.Logger,
		idle:  make(chan Crane, len(cfg.Cranes)),
		lifts: newLiftGroup(len(cfg.Cranes)),
		moves: make(map[string]int, len(cfg.Cranes)),
	}
	if t.log == nil {
		t.log = log.New(io.Discard, "", 0)
	}
	for _, c := range cfg.Cranes {
		if c.SafeWorkingLoadKg > t.maxKg {
			t.maxKg = c.SafeWorkingLoadKg
		}
		t.idle <- c
	}
	return t, nil
}

// Discharge hands every container of the plan, in plan order, to the next
// free crane, waiting for one when all are busy. It returns once every move
// is under way; outcomes go to the ledger and failures are also reported by
// Shutdown. Containers too heavy for any crane are refused and recorded.
func (t *Terminal) Discharge(ctx context.Context, vessel string, plan []Container) (started int, err error) {
	t.mu.Lock()
	closing := t.closing
	t.mu.Unlock()
	if closing {
		return 0, ErrClosed
	}

	for i := 0; i < len(plan); {
		c := plan[i]
		if c.GrossKg > t.maxKg {
			now := t.cfg.Now()
			t.cfg.Ledger.Record(MoveResult{
				Vessel: vessel, ContainerID: c.ID, Started: now, Finished: now,
				Err: fmt.Errorf("%w: %s weighs %.0f kg", ErrOverweight, c, c.GrossKg),
			})
			t.log.Printf("%s: refused %s, %.0f kg over the limit", vessel, c.ID, c.GrossKg-t.maxKg)
			i++
			continue
		}
		if t.lifts.TryGo(func() error { return t.lift(ctx, vessel, c) }) {
			started++
			i++
			continue
		}
		select {
		case <-t.lifts.Released():
		case <-ctx.Done():
			return started, fmt.Errorf("quayside: %s: discharge interrupted after %d moves: %w", vessel, started, ctx.Err())
		}
	}
	return started, nil
}

func (t *Terminal) lift(ctx context.Context, vessel string, c Container) error {
	crane := <-t.idle
	defer func() { t.idle <- crane }()

	res := MoveResult{Vessel: vessel, ContainerID: c.ID, CraneID: crane.ID, Started: t.cfg.Now()}
	if c.GrossKg > crane.SafeWorkingLoadKg {
		res.Err = fmt.Errorf("%w: crane %s", ErrOverweight, crane.ID)
	} else {
		liftCtx, cancel := context.WithTimeout(ctx, t.cfg.LiftTimeout)
		res.Err = t.cfg.Driver.Lift(liftCtx, crane.ID, c)
		cancel()
	}
	res.Finished = t.cfg.Now()
	t.cfg.Ledger.Record(res)

	if res.Err != nil {
		t.log.Printf("%s: crane %s failed on %s: %v", vessel, crane.ID, c, res.Err)
		return fmt.Errorf("quayside: crane %s, container %s: %w", crane.ID, c.ID, res.Err)
	}
	t.mu.Lock()
	t.moves[crane.ID]++
	t.mu.Unlock()
	return nil
}

// Moves returns the number of completed moves per crane.
func (t *Terminal) Moves() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.moves))
	for k, v := range t.moves {
		out[k] = v
	}
	return out
}

// Shutdown refuses new discharges and waits, until ctx ends, for the lifts
// in progress. It returns the lift failures, if any.
func (t *Terminal) Shutdown(ctx context.Context) error {
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()

	done := make(chan error, 1)
	go func() { done <- t.lifts.Wait() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("quayside: shutdown with lifts in progress: %w", ctx.Err())
	}
}
