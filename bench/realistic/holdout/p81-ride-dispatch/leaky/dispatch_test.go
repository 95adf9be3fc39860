package dispatch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	now   time.Time
	fires chan time.Time
}

func (c *fakeClock) Now() time.Time                       { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time { return c.fires }

// fakeNotifier records offers and never answers on the driver's behalf.
type fakeNotifier struct {
	mu        sync.Mutex
	offers    []Offer
	delivered chan string
}

func (n *fakeNotifier) NotifyOffer(ctx context.Context, o Offer) error {
	n.mu.Lock()
	n.offers = append(n.offers, o)
	n.mu.Unlock()
	n.delivered <- o.ID
	return nil
}

func TestUnansweredOfferTakesDriverOutOfRotation(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), fires: make(chan time.Time)}
	notifier := &fakeNotifier{delivered: make(chan string, 8)}
	d := New(notifier,
		WithClock(clock),
		WithOfferTimeout(20*time.Second),
		WithMaxMissedOffers(1),
	)
	defer d.Close()

	pickup := Location{Lat: 52.5200, Lng: 13.4050}
	if err := d.GoOnline("drv-7", Location{Lat: 52.5210, Lng: 13.4100}); err != nil {
		t.Fatalf("GoOnline: %v", err)
	}

	type result struct {
		a   Assignment
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := d.RequestRide(context.Background(), "rider-42", pickup)
		done <- result{a, err}
	}()

	offerID := <-notifier.delivered
	clock.fires <- clock.now.Add(20 * time.Second)

	res := <-done
	if !errors.Is(res.err, ErrNoDriverAvailable) {
		t.Fatalf("RequestRide error = %v, want ErrNoDriverAvailable", res.err)
	}
	if err := d.Respond(offerID, "drv-7", true); !errors.Is(err, ErrUnknownOffer) {
		t.Fatalf("late Respond error = %v, want ErrUnknownOffer", err)
	}

	// The driver is no longer offered rides until they check in again.
	if _, err := d.RequestRide(context.Background(), "rider-43", pickup); !errors.Is(err, ErrNoDriverAvailable) {
		t.Fatalf("second RequestRide error = %v, want ErrNoDriverAvailable", err)
	}
}
