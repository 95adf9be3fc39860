package dispatch

import (
	"context"
	"fmt"
)

// Assign asks the dispatcher for a robot for t. It gives up when ctx ends.
func (d *Dispatcher) Assign(ctx context.Context, t Task) (Assignment, error) {
	req := assignRequest{task: t, reply: make(chan assignResult)}
	select {
	case d.assignReqs <- req:
	case <-d.quit:
		return Assignment{}, ErrClosed
	case <-ctx.Done():
		return Assignment{}, fmt.Errorf("assign %s: %w", t.ID, ctx.Err())
	}

	select {
	case res := <-req.reply:
		return res.a, res.err
	case <-ctx.Done():
		return Assignment{}, fmt.Errorf("assign %s: %w", t.ID, ctx.Err())
	}
}

// Release marks a robot idle again once it has finished its task.
func (d *Dispatcher) Release(ctx context.Context, robotID string) error {
	select {
	case d.releases <- robotID:
		return nil
	case <-d.quit:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("release %s: %w", robotID, ctx.Err())
	}
}
