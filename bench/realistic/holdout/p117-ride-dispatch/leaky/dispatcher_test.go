package dispatch

import (
	"context"
	"errors"
	"io"
	"log"
	"runtime"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type staticIndex struct{ drivers []Driver }

func (s staticIndex) Nearby(ctx context.Context, loc Location, radiusKm float64, limit int) ([]Driver, error) {
	out := make([]Driver, 0, len(s.drivers))
	for _, d := range s.drivers {
		if distanceKm(loc, d.Location) <= radiusKm && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

type recordingNotifier struct{ sent chan Offer }

func (n recordingNotifier) SendOffer(ctx context.Context, o Offer) error {
	n.sent <- o
	return nil
}

// manualClock hands every timer it creates to the test, which fires it.
type manualClock struct {
	now    time.Time
	timers chan chan time.Time
}

func (c *manualClock) Now() time.Time { return c.now }

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	t := make(chan time.Time, 1)
	c.timers <- t
	return t
}

func TestLateReplyAfterOfferExpired(t *testing.T) {
	defer goleak.VerifyNone(t)

	pickup := Location{Lat: 52.5200, Lng: 13.4050}
	index := staticIndex{drivers: []Driver{
		{ID: "drv-near", Location: Location{Lat: 52.5205, Lng: 13.4055}, Rating: 4.9},
		{ID: "drv-far", Location: Location{Lat: 52.5300, Lng: 13.4150}, Rating: 4.8},
	}}
	notifier := recordingNotifier{sent: make(chan Offer, 4)}
	clock := &manualClock{now: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), timers: make(chan chan time.Time)}
	replies := make(chan Reply)

	d := New(index, notifier, replies,
		WithClock(clock),
		WithOfferTTL(20*time.Second),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	defer d.Close()

	type outcome struct {
		m   Match
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		m, err := d.RequestRide(context.Background(), "ride-42", Rider{ID: "rider-7", Pickup: pickup})
		done <- outcome{m, err}
	}()

	first := <-notifier.sent
	if first.DriverID != "drv-near" {
		t.Fatalf("first offer went to %s, want drv-near", first.DriverID)
	}
	(<-clock.timers) <- clock.now.Add(20 * time.Second) // first offer expires

	second := <-notifier.sent
	if second.DriverID != "drv-far" {
		t.Fatalf("second offer went to %s, want drv-far", second.DriverID)
	}
	secondTimer := <-clock.timers

	// The nearby driver taps "accept" just after their offer lapsed.
	replies <- Reply{OfferID: first.ID, DriverID: first.DriverID, Accepted: true}
	// Only let the second offer lapse once the router has claimed the late
	// reply from the offer book; otherwise the request could finish first.
	waitUntilClaimed(d.offers, first.ID)

	secondTimer <- clock.now.Add(40 * time.Second)
	res := <-done
	if !errors.Is(res.err, ErrNoDriver) {
		t.Fatalf("RequestRide error = %v, want ErrNoDriver", res.err)
	}
}

// waitUntilClaimed blocks until the offer with the given ID has been taken
// out of the book. Nothing but a delivered reply removes it while the
// request is still waiting on its second offer.
func waitUntilClaimed(b *offerBook, offerID string) {
	for {
		b.mu.Lock()
		_, pending := b.byID[offerID]
		b.mu.Unlock()
		if !pending {
			return
		}
		runtime.Gosched()
	}
}
