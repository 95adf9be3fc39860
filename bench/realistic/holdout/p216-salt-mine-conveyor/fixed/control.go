package conveyor

import (
	"context"
	"fmt"
	"time"
)

// Start runs every belt at rpm, shaft end first, so that no belt ever
// discharges onto one that is standing still.
func (l *Line) Start(ctx context.Context, rpm float64) error {
	if rpm <= 0 || rpm > l.cfg.MaxRPM {
		return fmt.Errorf("conveyor: rpm %.0f outside (0, %.0f]", rpm, l.cfg.MaxRPM)
	}
	if l.ctx.Err() != nil {
		return ErrClosed
	}

	l.mu.Lock()
	plan := make([]*segment, 0, len(l.order))
	for i := len(l.order) - 1; i >= 0; i-- {
		s := l.order[i]
		if s.jammed {
			l.mu.Unlock()
			l.cfg.Logger.Printf("conveyor: start refused, %s is jammed", s.name)
			return fmt.Errorf("%w: %s", ErrJammed, s.name)
		}
		if s.running && s.rpm == rpm {
			continue
		}
		plan = append(plan, s)
	}
	for _, s := range plan {
		s.running = true
		s.rpm = rpm
	}
	l.mu.Unlock()

	for i, s := range plan {
		if err := l.drive.Run(ctx, s.name, rpm); err != nil {
			l.cfg.Logger.Printf("conveyor: run %s: %v, backing out", s.name, err)
			l.rollback(plan[:i+1])
			return fmt.Errorf("conveyor: start %s: %w", s.name, err)
		}
		if i == len(plan)-1 || l.cfg.StartStagger <= 0 {
			continue
		}
		t := time.NewTimer(l.cfg.StartStagger)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			l.rollback(plan[:i+1])
			return ctx.Err()
		}
	}
	return nil
}

// rollback stops belts started by a failed Start, upstream first.
func (l *Line) rollback(started []*segment) {
	l.mu.Lock()
	for _, s := range started {
		s.running = false
		s.rpm = 0
	}
	l.mu.Unlock()
	for i := len(started) - 1; i >= 0; i-- {
		ctx, cancel := context.WithTimeout(l.ctx, l.cfg.CommandTimeout)
		if err := l.drive.Stop(ctx, started[i].name); err != nil {
			l.cfg.Logger.Printf("conveyor: rollback stop %s: %v", started[i].name, err)
		}
		cancel()
	}
}

// Stop halts every belt, face first, so the line empties onto moving belts.
func (l *Line) Stop(ctx context.Context) error {
	l.mu.Lock()
	var names []string
	for _, s := range l.order {
		if s.running {
			s.running = false
			s.rpm = 0
			names = append(names, s.name)
		}
	}
	l.mu.Unlock()

	var firstErr error
	for _, name := range names {
		if err := l.drive.Stop(ctx, name); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("conveyor: stop %s: %w", name, err)
		}
	}
	return firstErr
}
