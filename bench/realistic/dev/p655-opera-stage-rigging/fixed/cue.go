package rigging

import (
	"context"
	"errors"
	"fmt"
)

// Move flies one line set as part of a cue.
type Move struct {
	LineSet int
	Target  float64
	// Seconds is the count the move should take; zero means full speed.
	Seconds float64
}

// Cue is a numbered entry in the stage manager's calling script.
type Cue struct {
	Number string
	Label  string
	Moves  []Move
}

// RunCue flies every move of c in parallel and returns once all battens have
// stopped, a move has failed, or the watchdog expires.
func (r *Rig) RunCue(ctx context.Context, c Cue) error {
	if len(c.Moves) == 0 {
		return nil
	}
	seen := make(map[int]bool, len(c.Moves))
	for _, mv := range c.Moves {
		if _, ok := r.lineSets[mv.LineSet]; !ok {
			return fmt.Errorf("rigging: cue %s: %w: %d", c.Number, ErrUnknownLineSet, mv.LineSet)
		}
		if seen[mv.LineSet] {
			return fmt.Errorf("rigging: cue %s: line set %d moved twice", c.Number, mv.LineSet)
		}
		seen[mv.LineSet] = true
	}

	ctx, cancel := context.WithTimeout(ctx, r.cfg.CueTimeout)
	defer cancel()

	r.cfg.Logger.Printf("cue %s GO (%s)", c.Number, c.Label)
	g := newGroup(ctx, len(c.Moves))
	for _, mv := range c.Moves {
		mv := mv
		ls := r.lineSets[mv.LineSet]
		g.Go(func(ctx context.Context) error {
			return ls.travel(ctx, r.drive, mv, r.cfg.MaxSpeed, r.cfg.Logger)
		})
	}
	if err := g.Wait(); err != nil {
		r.cfg.Logger.Printf("cue %s STOPPED: %v", c.Number, err)
		return fmt.Errorf("rigging: cue %s: %w", c.Number, err)
	}
	r.cfg.Logger.Printf("cue %s complete", c.Number)
	return nil
}

// group runs the moves of a cue. The first failure cancels the other moves;
// Wait gives up when the parent context (the cue watchdog) expires.
type group struct {
	parent  context.Context
	ctx     context.Context
	cancel  context.CancelFunc
	results chan error
	started int
}

func newGroup(parent context.Context, size int) *group {
	ctx, cancel := context.WithCancel(parent)
	return &group{parent: parent, ctx: ctx, cancel: cancel, results: make(chan error, size)}
}

func (g *group) Go(fn func(ctx context.Context) error) {
	g.started++
	go func() { g.results <- fn(g.ctx) }()
}

func (g *group) Wait() error {
	defer g.cancel()
	var first error
	for i := 0; i < g.started; i++ {
		select {
		case err := <-g.results:
			if err != nil && first == nil {
				first = err
				g.cancel()
			}
		case <-g.parent.Done():
			if first != nil {
				return first
			}
			if errors.Is(g.parent.Err(), context.DeadlineExceeded) {
				return ErrCueTimeout
			}
			return g.parent.Err()
		}
	}
	return first
}
