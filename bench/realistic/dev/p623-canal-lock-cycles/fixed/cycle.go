package lockctl

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Side is one end of a lock chamber.
type Side int

// The two ends of a chamber.
const (
	Downstream Side = iota
	Upstream
)

func (s Side) String() string {
	if s == Upstream {
		return "upstream"
	}
	return "downstream"
}

// Direction is the way a vessel is travelling through the lock.
type Direction int

// Directions of travel.
const (
	Up   Direction = iota // from the lower pound to the upper pound
	Down                  // from the upper pound to the lower pound
)

func (d Direction) String() string {
	if d == Down {
		return "down"
	}
	return "up"
}

// entryExit returns the side a vessel enters by and the side it leaves by.
func (d Direction) entryExit() (entry, exit Side) {
	if d == Down {
		return Upstream, Downstream
	}
	return Downstream, Upstream
}

// Levels are water levels in metres above the lock's datum.
type Levels struct {
	Chamber    float64
	Upstream   float64
	Downstream float64
}

func (l Levels) pound(s Side) float64 {
	if s == Upstream {
		return l.Upstream
	}
	return l.Downstream
}

// Actuator drives the gates and sluice paddles of one chamber and reads its
// level gauges. Implementations talk to the chamber's PLC.
type Actuator interface {
	SetGates(ctx context.Context, side Side, open bool) error
	SetSluices(ctx context.Context, side Side, open bool) error
	Levels(ctx context.Context) (Levels, error)
}

// CycleResult reports how a requested lockage went.
type CycleResult struct {
	Chamber   string
	Direction Direction
	Queued    time.Duration
	Took      time.Duration
	Err       error
}

// lockage runs one full cycle: close the gates behind the vessel, fill or
// drain through the paddles on the far side until the levels make a level,
// then shut the paddles and open the far gates.
func lockage(ctx context.Context, act Actuator, dir Direction, tolerance float64, poll time.Duration) error {
	entry, exit := dir.entryExit()
	if err := act.SetGates(ctx, entry, false); err != nil {
		return fmt.Errorf("closing %s gates: %w", entry, err)
	}
	if err := act.SetSluices(ctx, exit, true); err != nil {
		return fmt.Errorf("drawing %s paddles: %w", exit, err)
	}
	if err := waitLevel(ctx, act, exit, tolerance, poll); err != nil {
		if cerr := act.SetSluices(context.Background(), exit, false); cerr != nil {
			err = fmt.Errorf("%w (and dropping paddles: %v)", err, cerr)
		}
		return err
	}
	if err := act.SetSluices(ctx, exit, false); err != nil {
		return fmt.Errorf("dropping %s paddles: %w", exit, err)
	}
	if err := act.SetGates(ctx, exit, true); err != nil {
		return fmt.Errorf("opening %s gates: %w", exit, err)
	}
	return nil
}

func waitLevel(ctx context.Context, act Actuator, side Side, tolerance float64, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		lv, err := act.Levels(ctx)
		if err != nil {
			return fmt.Errorf("reading gauges: %w", err)
		}
		if math.Abs(lv.Chamber-lv.pound(side)) <= tolerance {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("waiting for level with %s pound: %w", side, ctx.Err())
		}
	}
}
