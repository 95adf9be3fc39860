package rigging

import (
	"context"
	"fmt"
	"math"
	"sync"
)

// LineSet is one flown batten. Its mutex serialises access to the motor so
// two cues never drive the same batten at once.
type LineSet struct {
	spec LineSetSpec

	mu    sync.Mutex
	pos   float64
	fault error
}

func (ls *LineSet) position() float64 {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.pos
}

func (ls *LineSet) reset() {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	ls.fault = nil
}

// travel flies the batten to mv.Target. The load cell is checked before the
// brake is released.
func (ls *LineSet) travel(ctx context.Context, d Drive, mv Move, maxSpeed float64, log Logger) error {
	n := ls.spec.Number
	ls.mu.Lock() // leak: the overload return in an earlier cue left the mutex locked, so the next move on this batten waits forever
	if ls.fault != nil {
		err := ls.fault
		ls.mu.Unlock()
		return fmt.Errorf("%w: line set %d: %v", ErrFaulted, n, err)
	}
	if mv.Target < ls.spec.LowLimit || mv.Target > ls.spec.HighLimit {
		ls.mu.Unlock()
		return fmt.Errorf("%w: line set %d to %.2f m (limits %.2f..%.2f)",
			ErrOutOfLimits, n, mv.Target, ls.spec.LowLimit, ls.spec.HighLimit)
	}

	load, err := d.Load(ctx, n)
	if err != nil {
		ls.mu.Unlock()
		return fmt.Errorf("rigging: line set %d: load cell: %w", n, err)
	}
	if load > ls.spec.RatedLoadKg {
		ls.fault = fmt.Errorf("%.0f kg on a %.0f kg rating", load, ls.spec.RatedLoadKg)
		return fmt.Errorf("%w: line set %d (%s): %v", ErrOverload, n, ls.spec.Name, ls.fault)
	}

	from := ls.pos
	speed := maxSpeed
	if mv.Seconds > 0 {
		speed = math.Min(maxSpeed, math.Abs(mv.Target-from)/mv.Seconds)
	}
	if err := d.MoveTo(ctx, n, mv.Target, speed); err != nil {
		ls.fault = err
		ls.mu.Unlock()
		return fmt.Errorf("rigging: line set %d: drive: %w", n, err)
	}
	ls.pos = mv.Target
	ls.mu.Unlock()

	log.Printf("line set %d (%s): %.2f -> %.2f m at %.2f m/s, %.0f kg",
		n, ls.spec.Name, from, mv.Target, speed, load)
	return nil
}
