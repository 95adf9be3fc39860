package turnstile

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type venue struct{ gates []Gate }

func (v venue) Gates(context.Context) ([]Gate, error) { return v.gates, nil }

type controllers struct {
	mu    sync.Mutex
	polls map[string]int64
	rate  map[string][2]int64
}

func (c *controllers) Read(ctx context.Context, gateID string) (Reading, error) {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return Reading{}, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.polls[gateID]++
	n := c.polls[gateID]
	r := c.rate[gateID]
	return Reading{Gate: gateID, Entries: r[0] * n, Exits: r[1] * n, At: time.Now()}, nil
}

type stewards struct {
	mu     sync.Mutex
	alerts []string
}

func (s *stewards) NearCapacity(stand string, occupancy, capacity int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, stand)
}

func TestMatchdayOccupancy(t *testing.T) {
	defer goleak.VerifyNone(t)

	gates := []Gate{
		{ID: "N1", Stand: "North", Status: StatusOpen},
		{ID: "N2", Stand: "North", Status: StatusOpen},
		{ID: "S1", Stand: "South", Status: StatusOpen},
		{ID: "S2", Stand: "South", Status: StatusMaintenance},
		{ID: "E1", Stand: "East", Status: StatusClosed},
	}
	ctrl := &controllers{
		polls: make(map[string]int64),
		rate: map[string][2]int64{
			"N1": {250, 5},
			"N2": {240, 10},
			"S1": {150, 5},
			"S2": {100, 0},
			"E1": {100, 20},
		},
	}
	alerts := &stewards{}
	c, err := New(venue{gates: gates}, ctrl, alerts, Config{
		Capacity:    map[string]int{"North": 1000, "South": 800, "East": 600},
		PollTimeout: 60 * time.Millisecond,
		Logger:      log.New(os.Stderr, "turnstile ", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var snaps []Snapshot
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, 5*time.Millisecond, func(s Snapshot) {
			snaps = append(snaps, s)
			if len(snaps) == 2 {
				cancel()
			}
		})
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not stop")
	}

	if len(snaps) != 2 {
		t.Fatalf("got %d snapshots, want 2", len(snaps))
	}
	last := snaps[1]
	if len(last.Stale) != 0 || len(last.Errors) != 0 {
		t.Errorf("stale=%v errors=%v", last.Stale, last.Errors)
	}
	if got := last.Stands["North"].Occupancy; got != 950 {
		t.Errorf("North occupancy = %d, want 950", got)
	}
	if got := last.Stands["South"].Occupancy; got != 290 {
		t.Errorf("South occupancy = %d, want 290", got)
	}
	if got := last.Total; got != 1400 {
		t.Errorf("total = %d, want 1400", got)
	}
	alerts.mu.Lock()
	defer alerts.mu.Unlock()
	if len(alerts.alerts) != 1 || alerts.alerts[0] != "North" {
		t.Errorf("alerts = %v, want [North]", alerts.alerts)
	}
}
