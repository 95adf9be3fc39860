package dispatch

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// gridPlanner pretends to run a path search over the floor map.
type gridPlanner struct{ delay time.Duration }

func (p gridPlanner) Cost(from, to string) (float64, error) {
	time.Sleep(p.delay)
	return float64(len(from) + len(to)), nil
}

func TestAssignGivesUpWhenPlanningIsSlow(t *testing.T) {
	defer goleak.VerifyNone(t)

	d := New(gridPlanner{delay: 20 * time.Millisecond},
		WithRobots(Robot{ID: "amr-1", Location: "dock-A", Payload: 50}))
	defer d.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err := d.Assign(ctx, Task{ID: "pick-42", Shelf: "B-07-3", Weight: 12})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Assign() error = %v, want deadline exceeded", err)
	}
}
