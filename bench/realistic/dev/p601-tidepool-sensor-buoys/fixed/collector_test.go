package buoynet

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeGateway stands in for the shore station. Each buoy belongs to a
// shard, and a shard's token can be revoked to simulate an expired key.
type fakeGateway struct {
	mu      sync.Mutex
	now     time.Time
	delay   time.Duration
	shard   map[string]string
	revoked map[string]bool
	offline map[string]bool
	busy    map[string]int
	calls   map[string]int
}

func newFakeGateway(now time.Time) *fakeGateway {
	return &fakeGateway{
		now:     now,
		delay:   15 * time.Millisecond,
		shard:   map[string]string{},
		revoked: map[string]bool{},
		offline: map[string]bool{},
		busy:    map[string]int{},
		calls:   map[string]int{},
	}
}

func (g *fakeGateway) Latest(ctx context.Context, id string) (Reading, error) {
	g.mu.Lock()
	g.calls[id]++
	shard := g.shard[id]
	revoked := g.revoked[shard]
	offline := g.offline[id]
	busy := g.busy[id] > 0
	if busy {
		g.busy[id]--
	}
	g.mu.Unlock()

	if revoked {
		return Reading{}, fmt.Errorf("shard %s: %w", shard, ErrUnauthorized)
	}
	select {
	case <-time.After(g.delay):
	case <-ctx.Done():
		return Reading{}, ctx.Err()
	}
	switch {
	case offline:
		return Reading{}, ErrBuoyOffline
	case busy:
		return Reading{}, ErrGatewayBusy
	}
	n := float64(len(id))
	return Reading{
		BuoyID:      id,
		TakenAt:     g.now.Add(-2 * time.Minute),
		WaterTempC:  12.5 + n/10,
		SalinityPSU: 33.1,
		OxygenMgL:   7.8,
		PH:          8.05,
		BatteryV:    3.9,
	}, nil
}

func TestSweepAcrossShardsWithExpiredToken(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2023, 6, 14, 5, 40, 0, 0, time.UTC)
	gw := newFakeGateway(now)
	buoys := []string{"north-01", "north-02", "north-03", "kelp-01", "kelp-02", "reef-01", "reef-02", "reef-03"}
	for _, id := range buoys {
		gw.shard[id] = strings.SplitN(id, "-", 2)[0]
	}
	gw.offline["reef-03"] = true
	gw.busy["north-02"] = 1

	var logs strings.Builder
	c, err := New(gw, buoys,
		WithLogger(log.New(&logs, "buoynet ", 0)),
		WithMaxInFlight(8),
		WithRetries(2, 5*time.Millisecond),
		WithMaxAge(20*time.Minute),
		WithClock(func() time.Time { return now }),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := c.Sweep(ctx)
	if err != nil {
		t.Fatalf("first sweep: %v", err)
	}
	if len(rep.Good) != 7 || len(rep.Offline) != 1 || rep.Offline[0] != "reef-03" {
		t.Fatalf("first sweep: good=%d offline=%v rejected=%v", len(rep.Good), rep.Offline, rep.Rejected)
	}
	if _, ok := c.LastGood("north-02"); !ok {
		t.Fatalf("north-02 should have a good reading after one retry")
	}

	// The kelp shard's token expires between sweeps.
	gw.mu.Lock()
	gw.revoked["kelp"] = true
	gw.mu.Unlock()

	_, err = c.Sweep(ctx)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("second sweep: got %v, want ErrUnauthorized", err)
	}
	if got := c.Sweeps(); got != 1 {
		t.Fatalf("completed sweeps = %d, want 1", got)
	}
	if r, ok := c.LastGood("reef-01"); !ok || r.PH != 8.05 {
		t.Fatalf("last good reading of reef-01 lost: %+v %v", r, ok)
	}
	t.Logf("collector log:\n%s", logs.String())
}
