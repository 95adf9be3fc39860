package surge

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

type fakePublisher struct {
	mu    sync.Mutex
	snaps []Snapshot
}

func (p *fakePublisher) Publish(_ context.Context, snap Snapshot) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.snaps = append(p.snaps, snap)
	return nil
}

func TestUpdateZonesRetiresZone(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 5, 5, 18, 0, 0, 0, time.UTC)}
	pub := &fakePublisher{}
	p, err := New(Config{
		Zones: []ZoneConfig{
			{ID: "downtown", Cap: 2.5},
			{ID: "airport"},
		},
		Publisher: pub,
		Clock:     clock,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer p.Close()

	ctx := context.Background()
	for i := 0; i < 5; i++ {
		for _, zone := range []string{"downtown", "airport"} {
			ev := DemandEvent{Zone: zone, Kind: RideRequested, At: clock.Now().Add(-time.Duration(i) * time.Second)}
			if err := p.Record(ctx, ev); err != nil {
				t.Fatalf("Record(%s): %v", zone, err)
			}
		}
	}

	// The airport zone is merged into its neighbour by a config push.
	if err := p.UpdateZones([]ZoneConfig{{ID: "downtown", Cap: 2.0}, {ID: "stadium"}}); err != nil {
		t.Fatalf("UpdateZones: %v", err)
	}

	err = p.Record(ctx, DemandEvent{Zone: "airport", Kind: RideRequested, At: clock.Now()})
	if !errors.Is(err, ErrUnknownZone) {
		t.Fatalf("Record(airport) after removal: got %v, want ErrUnknownZone", err)
	}

	snap, err := p.Publish(ctx)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if got, want := snap.Zones(), []string{"downtown", "stadium"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("published zones = %v, want %v", got, want)
	}
	if m := snap.Multipliers["downtown"]; m < 1 || m > 2.0 {
		t.Fatalf("downtown multiplier %v outside [1, 2.0]", m)
	}
	pub.mu.Lock()
	n := len(pub.snaps)
	pub.mu.Unlock()
	if n != 1 {
		t.Fatalf("publisher saw %d snapshots, want 1", n)
	}

	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
