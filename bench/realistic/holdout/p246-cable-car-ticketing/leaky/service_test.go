package ticketing

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
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

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type tariff map[string]map[FareClass]Money

func (t tariff) Quote(_ context.Context, line string, class FareClass, riders int, at time.Time) (Quote, error) {
	per, ok := t[line][class]
	if !ok {
		return Quote{}, fmt.Errorf("%s/%s: %w", line, class, ErrNoFare)
	}
	return Quote{
		Line:    line,
		Class:   class,
		Riders:  riders,
		Total:   per * Money(riders),
		QuoteID: fmt.Sprintf("Q-%s-%s-%d", line, class, at.Unix()),
	}, nil
}

type fakePayments struct {
	mu      sync.Mutex
	charged map[string]Money
}

func (p *fakePayments) Charge(_ context.Context, ref string, amount Money) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.charged == nil {
		p.charged = map[string]Money{}
	}
	id := "pay-" + ref
	p.charged[id] = amount
	return id, nil
}

func (p *fakePayments) Void(_ context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.charged, id)
	return nil
}

func TestWinterMorningSales(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 2, 10, 8, 50, 0, 0, time.UTC)}
	prices := tariff{
		"summit": {Adult: 3200, Child: 1600, Skier: 2800, Senior: 2400},
	}
	expired := make(chan Hold, 4)
	svc := New(prices, &fakePayments{},
		WithClock(clock.Now),
		WithHoldTTL(5*time.Minute),
		WithSweepInterval(2*time.Millisecond),
		WithExpiryHook(func(h Hold) { expired <- h }),
		WithLogger(log.New(os.Stderr, "", log.Lmicroseconds)),
	)
	defer svc.Close()

	dep := Departure{ID: "SUM-0900", Line: "summit", At: clock.Now().Add(10 * time.Minute), Capacity: 8, BikeRacks: 2}
	if err := svc.AddDeparture(dep); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	family, err := svc.Hold(ctx, HoldRequest{DepartureID: dep.ID, Class: Adult, Riders: 3, Channel: "web"})
	if err != nil {
		t.Fatalf("hold adults: %v", err)
	}
	ticket, err := svc.Confirm(ctx, family.ID, "card-4242")
	if err != nil {
		t.Fatalf("confirm adults: %v", err)
	}
	if ticket.Paid != 9600 {
		t.Errorf("paid %s, want 96.00", ticket.Paid)
	}

	abandoned, err := svc.Hold(ctx, HoldRequest{DepartureID: dep.ID, Class: Child, Riders: 2, Channel: "kiosk-2"})
	if err != nil {
		t.Fatalf("hold children: %v", err)
	}
	if free, _ := svc.Availability(dep.ID); free != 3 {
		t.Fatalf("free = %d after holds, want 3", free)
	}

	_, err = svc.Hold(ctx, HoldRequest{DepartureID: dep.ID, Class: Cyclist, Riders: 1, Channel: "app"})
	if !errors.Is(err, ErrNoFare) {
		t.Fatalf("cyclist hold: err = %v, want ErrNoFare", err)
	}

	clock.Advance(6 * time.Minute)
	select {
	case h := <-expired:
		if h.ID != abandoned.ID {
			t.Fatalf("expired hold %s, want %s", h.ID, abandoned.ID)
		}
	case <-time.After(time.Second):
		t.Fatalf("hold %s was not released after its TTL", abandoned.ID)
	}
	if free, _ := svc.Availability(dep.ID); free != 5 {
		t.Errorf("free = %d after expiry, want 5", free)
	}
}
