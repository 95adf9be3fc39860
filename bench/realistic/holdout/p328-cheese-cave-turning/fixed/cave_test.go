package cave

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type robotArm struct {
	mu       sync.Mutex
	jammedOn map[int]bool
	turned   map[string]int
}

func (a *robotArm) Turn(ctx context.Context, shelf, slot int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.jammedOn[shelf] {
		return fmt.Errorf("carriage stalled on rail: %w", ErrShelfJammed)
	}
	a.turned[fmt.Sprintf("%d/%d", shelf, slot)]++
	return nil
}

func (a *robotArm) turns(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.turned[key]
}

type pager struct{ msgs chan string }

func (p pager) Alert(_ context.Context, msg string) {
	select {
	case p.msgs <- msg:
	default:
	}
}

func TestTurningContinuesPastJammedShelf(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 11, 4, 6, 0, 0, 0, time.UTC)
	arm := &robotArm{jammedOn: map[int]bool{2: true}, turned: make(map[string]int)}
	alerts := pager{msgs: make(chan string, 4)}
	c, err := New(arm, Config{
		Name:          "cellar B",
		Shelves:       3,
		SlotsPerShelf: 6,
		CheckEvery:    2 * time.Millisecond,
		Clock:         fixedClock{now},
		Alerter:       alerts,
	})
	if err != nil {
		t.Fatal(err)
	}
	wheels := []Wheel{
		{ID: "T-101", Style: "alpine tomme", Shelf: 1, Slot: 1, MadeOn: now.AddDate(0, 0, -3)},
		{ID: "T-102", Style: "alpine tomme", Shelf: 1, Slot: 2, MadeOn: now.AddDate(0, 0, -3)},
		{ID: "G-201", Style: "gouda", Shelf: 2, Slot: 1, MadeOn: now.AddDate(0, -2, 0), LastTurned: now.AddDate(0, 0, -8)},
		{ID: "G-202", Style: "gouda", Shelf: 2, Slot: 4, MadeOn: now.AddDate(0, -2, 0), LastTurned: now.AddDate(0, 0, -8)},
		{ID: "C-301", Style: "clothbound cheddar", Shelf: 3, Slot: 2, MadeOn: now.AddDate(0, -1, 0), LastTurned: now.AddDate(0, 0, -2)},
		{ID: "C-302", Style: "clothbound cheddar", Shelf: 3, Slot: 3, MadeOn: now.AddDate(0, -1, 0), LastTurned: now.Add(-6 * time.Hour)},
	}
	for _, w := range wheels {
		if err := c.Add(w); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Start(ctx)

	select {
	case msg := <-alerts.msgs:
		t.Logf("affineur paged: %s", msg)
	case <-time.After(2 * time.Second):
		t.Fatal("no alert for the jammed shelf")
	}

	deadline := time.Now().Add(300 * time.Millisecond)
	for arm.turns("3/2") == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}

	stopCtx, stopCancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer stopCancel()
	if err := c.Stop(stopCtx); err != nil {
		t.Errorf("Stop: %v", err)
	}

	if arm.turns("1/1") != 1 || arm.turns("1/2") != 1 {
		t.Errorf("young tommes turned %d and %d times, want once each", arm.turns("1/1"), arm.turns("1/2"))
	}
	if arm.turns("3/2") != 1 {
		t.Errorf("cheddar C-301 turned %d times, want once", arm.turns("3/2"))
	}
	if arm.turns("3/3") != 0 {
		t.Errorf("cheddar C-302 turned before it was due")
	}
}
