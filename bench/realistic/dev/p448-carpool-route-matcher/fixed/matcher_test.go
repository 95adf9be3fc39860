package carpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type zoneTable struct {
	latency time.Duration
	zones   map[string]ZoneInfo
}

func (z zoneTable) Lookup(ctx context.Context, id string) (ZoneInfo, error) {
	select {
	case <-time.After(z.latency):
	case <-ctx.Done():
		return ZoneInfo{}, ctx.Err()
	}
	info, ok := z.zones[id]
	if !ok {
		return ZoneInfo{}, errors.New("unknown zone")
	}
	return info, nil
}

type driverTable map[string][]Driver

func (d driverTable) Available(_ context.Context, zone string) ([]Driver, error) {
	return d[zone], nil
}

type recorder struct {
	mu        sync.Mutex
	offers    []Offer
	unmatched []string
	served    chan string
}

func (r *recorder) Offer(_ context.Context, o Offer) error {
	r.mu.Lock()
	r.offers = append(r.offers, o)
	r.mu.Unlock()
	for _, id := range o.RiderIDs {
		r.served <- id
	}
	return nil
}

func (r *recorder) Unmatched(_ context.Context, req Request, _ string) error {
	r.mu.Lock()
	r.unmatched = append(r.unmatched, req.RiderID)
	r.mu.Unlock()
	r.served <- req.RiderID
	return nil
}

func TestMorningCommuteBurst(t *testing.T) {
	defer goleak.VerifyNone(t)

	downtown := LatLng{47.6062, -122.3321}
	campus := LatLng{47.6553, -122.3035}
	airport := LatLng{47.4502, -122.3088}

	zones := zoneTable{latency: 5 * time.Millisecond, zones: map[string]ZoneInfo{
		"downtown": {ID: "downtown", BatchWindow: 30 * time.Millisecond, MaxDetourKm: 3},
		"airport":  {ID: "airport", BatchWindow: 30 * time.Millisecond, MaxDetourKm: 5},
	}}
	drivers := driverTable{
		"downtown": {
			{ID: "drv-17", Position: LatLng{47.6070, -122.3330}, Destination: LatLng{47.6560, -122.3040}, FreeSeats: 3},
			{ID: "drv-42", Position: LatLng{47.6050, -122.3300}, Destination: LatLng{47.6545, -122.3030}, FreeSeats: 4},
		},
		"airport": {
			{ID: "drv-08", Position: LatLng{47.4490, -122.3090}, Destination: downtown, FreeSeats: 3},
		},
	}
	rec := &recorder{served: make(chan string, 32)}
	m := New(zones, drivers, rec, WithLogger(log.New(io.Discard, "", 0)),
		WithConfig(Config{MaxBatch: 8, FlushTimeout: time.Second, DefaultWindow: time.Second}))

	depart := time.Date(2024, 5, 6, 8, 15, 0, 0, time.UTC)
	var reqs []Request
	for i := 0; i < 6; i++ {
		reqs = append(reqs, Request{
			RiderID:  fmt.Sprintf("rider-%02d", i),
			Zone:     "downtown",
			Pickup:   LatLng{downtown.Lat + float64(i)*0.0005, downtown.Lng},
			Dropoff:  campus,
			Seats:    1,
			DepartBy: depart.Add(time.Duration(i) * time.Minute),
		})
	}
	reqs = append(reqs,
		Request{RiderID: "rider-a1", Zone: "airport", Pickup: airport, Dropoff: downtown, Seats: 2, DepartBy: depart},
		Request{RiderID: "rider-a2", Zone: "airport", Pickup: airport, Dropoff: downtown, Seats: 1, DepartBy: depart},
	)

	ctx := context.Background()
	start := make(chan struct{})
	errs := make(chan error, len(reqs))
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r Request) {
			defer wg.Done()
			<-start
			errs <- m.Submit(ctx, r)
		}(r)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("submit: %v", err)
		}
	}

	served := make(map[string]bool)
	timeout := time.After(2 * time.Second)
	for len(served) < len(reqs) {
		select {
		case id := <-rec.served:
			served[id] = true
		case <-timeout:
			t.Fatalf("only %d of %d riders got an answer", len(served), len(reqs))
		}
	}

	stopCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := m.Stop(stopCtx); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := m.Submit(ctx, reqs[0]); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after stop: %v", err)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	t.Logf("%d offers, %d unmatched riders", len(rec.offers), len(rec.unmatched))
	if len(rec.unmatched) != 0 {
		t.Fatalf("unexpected unmatched riders: %v", rec.unmatched)
	}
}
