package dispatch

import (
	"context"
	"errors"
	"log"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type staticFleet map[string][]Bike

func (f staticFleet) Idle(ctx context.Context, zone string) ([]Bike, error) {
	bikes, ok := f[zone]
	if !ok {
		return nil, errors.New("unknown zone")
	}
	return append([]Bike(nil), bikes...), nil
}

// crowFliesRouter pretends to call a routing API: 15 km/h in a straight
// line, with a little network latency.
type crowFliesRouter struct {
	latency time.Duration
	mu      sync.Mutex
	calls   int
}

func (r *crowFliesRouter) ETA(ctx context.Context, from, to Location) (time.Duration, error) {
	r.mu.Lock()
	r.calls++
	r.mu.Unlock()
	jitter := time.Duration(rand.Int63n(int64(r.latency)))
	select {
	case <-time.After(r.latency + jitter):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	metres := distance(from, to)
	return time.Duration(metres / (15000.0 / 3600.0) * float64(time.Second)), nil
}

type scriptedOfferer struct {
	mu       sync.Mutex
	declines map[string]bool
	offered  []string
}

func (o *scriptedOfferer) Offer(ctx context.Context, bikeID, orderID string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.offered = append(o.offered, bikeID)
	if o.declines[bikeID] {
		return ErrDeclined
	}
	return nil
}

func TestDispatchLunchRushInCityCentre(t *testing.T) {
	pickup := Location{Lat: 51.5145, Lng: -0.0950} // a ramen shop near St Paul's
	at := func(dLat, dLng float64) Location {
		return Location{Lat: pickup.Lat + dLat, Lng: pickup.Lng + dLng}
	}
	fleet := staticFleet{
		"city": {
			{ID: "b-101", Courier: "amara", Position: at(0.004, 0.002)},
			{ID: "b-102", Courier: "jonas", Position: at(-0.003, 0.006), Battery: 80},
			{ID: "b-103", Courier: "priya", Position: at(0.012, -0.010), Cargo: true},
			{ID: "b-104", Courier: "tomasz", Position: at(0.020, 0.015), Battery: 12},
			{ID: "b-105", Courier: "lea", Position: at(-0.018, -0.004)},
			{ID: "b-106", Courier: "kofi", Position: at(0.030, 0.030)},
			{ID: "b-107", Courier: "mei", Position: at(-0.025, 0.022), Battery: 64},
			{ID: "b-108", Courier: "rui", Position: at(0.001, -0.026)},
			{ID: "b-109", Courier: "sanna", Position: at(0.006, -0.005), Battery: 55},
		},
	}
	router := &crowFliesRouter{latency: 2 * time.Millisecond}
	offerer := &scriptedOfferer{declines: map[string]bool{"b-101": true, "b-102": true}}

	var logs strings.Builder
	d, err := New(Config{
		QuoteWorkers:  3,
		QuoteTimeout:  time.Second,
		GoodEnoughETA: 4 * time.Minute,
		MinBattery:    20,
		Logger:        log.New(&logs, "", 0),
	}, fleet, router, offerer)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	a, err := d.Dispatch(ctx, Order{ID: "ord-7731", Zone: "city", Pickup: pickup})
	if err != nil {
		t.Fatalf("Dispatch: %v\n%s", err, logs.String())
	}
	if offerer.declines[a.BikeID] || a.BikeID == "b-104" {
		t.Errorf("assigned %s, which declined or is low on battery", a.BikeID)
	}
	if a.PickupETA > 4*time.Minute {
		t.Errorf("pickup ETA %s, want a good-enough bike", a.PickupETA)
	}
	offered := offerer.offered
	if len(offered) == 0 || offered[len(offered)-1] != a.BikeID {
		t.Fatalf("offers made: %v, last should be the assigned bike %s", offered, a.BikeID)
	}
	for _, id := range offered[:len(offered)-1] {
		if !offerer.declines[id] {
			t.Errorf("offered %s before %s but it never declined", id, a.BikeID)
		}
	}

	a, err = d.Dispatch(ctx, Order{ID: "ord-7732", Zone: "city", Pickup: pickup, Bulky: true})
	if err != nil {
		t.Fatalf("Dispatch bulky: %v", err)
	}
	if a.BikeID != "b-103" {
		t.Errorf("bulky order went to %s, want the cargo bike b-103", a.BikeID)
	}
	t.Log(strings.TrimSpace(logs.String()))

	goleak.VerifyNone(t)
}
