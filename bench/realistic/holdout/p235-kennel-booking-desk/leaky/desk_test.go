package kennel

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu       sync.Mutex
	holds    map[string]Hold
	bookings map[string]Booking
	released []string
}

func newMemStore() *memStore {
	return &memStore{holds: make(map[string]Hold), bookings: make(map[string]Booking)}
}

func (s *memStore) SaveHold(ctx context.Context, h Hold) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds[h.ID] = h
	return nil
}

func (s *memStore) ReleaseHold(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.holds, id)
	s.released = append(s.released, id)
	return nil
}

func (s *memStore) SaveBooking(ctx context.Context, b Booking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bookings[b.ID] = b
	return nil
}

type loyalty map[string]int

func (l loyalty) Discount(ctx context.Context, customerID string, nights int) (int, error) {
	if nights >= 7 {
		return l[customerID] + 5, nil
	}
	return l[customerID], nil
}

func TestSaturdayDeskShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newMemStore()
	d, err := New(Config{
		Runs: []Run{
			{ID: "R1", Size: Small},
			{ID: "R2", Size: Medium, Outdoor: true},
			{ID: "R3", Size: Large, Outdoor: true},
			{ID: "R4", Size: Large},
		},
		NightlyRates:  map[Size]int64{Small: 3800, Medium: 4500, Large: 5200},
		HoldTTL:       30 * time.Millisecond,
		SweepInterval: 5 * time.Millisecond,
		Logger:        log.New(io.Discard, "", 0),
	}, store, loyalty{"cust-ana": 10})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()
	in := time.Date(2024, 7, 6, 0, 0, 0, 0, time.UTC)

	biscuit := Request{CustomerID: "cust-ana", Dog: Dog{Name: "Biscuit", Breed: "beagle", Size: Medium}, CheckIn: in, CheckOut: in.AddDate(0, 0, 7), Outdoor: true}
	h, err := d.Hold(ctx, biscuit)
	if err != nil {
		t.Fatalf("hold Biscuit: %v", err)
	}
	if h.Quote.RunID != "R2" || h.Quote.TotalCents != 7*4500*85/100 {
		t.Errorf("Biscuit hold = %+v", h.Quote)
	}
	if _, err := d.Confirm(ctx, h.ID); err != nil {
		t.Fatalf("confirm Biscuit: %v", err)
	}

	moose := Request{CustomerID: "cust-lee", Dog: Dog{Name: "Moose", Breed: "labrador", Size: Large}, CheckIn: in.AddDate(0, 0, 2), CheckOut: in.AddDate(0, 0, 4)}
	if _, err := d.Hold(ctx, moose); err != nil {
		t.Fatalf("hold Moose: %v", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for d.Holds() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("Moose's unconfirmed hold never expired")
		}
		time.Sleep(2 * time.Millisecond)
	}

	atlas := Request{CustomerID: "cust-kim", Dog: Dog{Name: "Atlas", Breed: "great dane", Size: Giant}, CheckIn: in, CheckOut: in.AddDate(0, 0, 3)}
	if _, err := d.Quote(ctx, atlas); !errors.Is(err, ErrNoRate) {
		t.Errorf("quote for Atlas: err = %v, want ErrNoRate", err)
	}

	closeCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := d.Close(closeCtx); err != nil {
		t.Errorf("Close: %v", err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.bookings) != 1 || len(store.released) != 1 {
		t.Errorf("store has %d bookings and %d released holds, want 1 and 1", len(store.bookings), len(store.released))
	}
}
