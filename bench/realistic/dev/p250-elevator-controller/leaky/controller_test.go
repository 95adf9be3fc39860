package elevator

import (
	"context"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeDrive struct {
	mu    sync.Mutex
	moves []string
}

func (d *fakeDrive) MoveTo(ctx context.Context, car string, floor int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.moves = append(d.moves, car)
	return ctx.Err()
}

func (d *fakeDrive) CycleDoors(ctx context.Context, car string) error {
	return ctx.Err()
}

func TestCloseWithCarOutOfService(t *testing.T) {
	defer goleak.VerifyNone(t)

	drive := &fakeDrive{}
	c, err := New(Config{
		Cars:         []string{"A", "B"},
		LowestFloor:  0,
		HighestFloor: 12,
		Drive:        drive,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	updates, cancel := c.Subscribe(64)
	defer cancel()

	if err := c.SetOutOfService("B"); err != nil {
		t.Fatalf("SetOutOfService: %v", err)
	}

	carID, err := c.Dispatch(Call{Floor: 7, Direction: Down})
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	if carID != "A" {
		t.Fatalf("Dispatch chose car %s, want A", carID)
	}

	// Wait for car A to arrive and close its doors at floor 7.
	for st := range updates {
		if st.Car == "A" && st.Floor == 7 && !st.DoorsOpen {
			break
		}
	}

	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for range updates {
	}
}
