package tidegate

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingRams struct {
	mu    sync.Mutex
	moves map[string][]float64
}

func (r *recordingRams) MoveTo(ctx context.Context, gateID string, opening float64) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.moves[gateID] = append(r.moves[gateID], opening)
	return nil
}

func waitSettled(t *testing.T, c *Controller) map[string]GateState {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		st := c.State()
		settled := true
		for _, s := range st {
			if s.Pending {
				settled = false
			}
		}
		if settled {
			return st
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("gates did not settle")
	return nil
}

func TestTideCycle(t *testing.T) {
	defer goleak.VerifyNone(t)

	rams := &recordingRams{moves: map[string][]float64{}}
	cfg := Config{
		Gates: []Gate{
			{ID: "north-1", SillElevation: -0.4, MaxOpening: 100},
			{ID: "north-2", SillElevation: -0.4, MaxOpening: 100},
			{ID: "creek", SillElevation: 0.1, MaxOpening: 60},
			{ID: "south", SillElevation: -0.2, MaxOpening: 80},
		},
		MaxMarshLevel: 1.4,
		MinMarshLevel: 0.3,
		SurgeLockout:  2.6,
		ScourHead:     0.35,
		MoveTimeout:   time.Second,
	}
	c, err := NewController(cfg, rams, WithLogger(log.New(os.Stderr, "gates: ", 0)))
	if err != nil {
		t.Fatal(err)
	}

	flood := Reading{SeaLevel: 1.6, MarshLevel: 0.9}
	queued, err := c.Apply(flood)
	if err != nil {
		t.Fatal(err)
	}
	if len(queued) != 4 {
		t.Fatalf("flood tide queued %d gates, want 4", len(queued))
	}
	st := waitSettled(t, c)
	if got := st["north-1"].Opening; got != 50 {
		t.Fatalf("north-1 at %.0f%% on the flood, want 50%%", got)
	}

	if q, _ := c.Apply(Reading{SeaLevel: 1.62, MarshLevel: 0.93}); len(q) != 0 {
		t.Fatalf("small change queued %v", q)
	}

	ebb := Reading{SeaLevel: 0.2, MarshLevel: 1.1}
	if _, err := c.Apply(ebb); err != nil {
		t.Fatal(err)
	}
	st = waitSettled(t, c)
	if got := st["creek"].Opening; got != 60 {
		t.Fatalf("creek at %.0f%% on the ebb, want 60%%", got)
	}

	surge := Reading{SeaLevel: 2.8, MarshLevel: 1.2}
	if _, err := c.Apply(surge); err != nil {
		t.Fatal(err)
	}
	st = waitSettled(t, c)
	for id, s := range st {
		if s.Opening != 0 {
			t.Fatalf("gate %s at %.0f%% during surge", id, s.Opening)
		}
	}

	c.Close()
	if _, err := c.Apply(ebb); err != ErrClosed {
		t.Fatalf("Apply after Close: %v", err)
	}
}
