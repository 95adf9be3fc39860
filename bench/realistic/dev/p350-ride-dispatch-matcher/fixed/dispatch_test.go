package dispatch

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

type fakeLocator struct {
	byRadius map[float64][]Driver
}

func (l *fakeLocator) Nearby(ctx context.Context, at LatLng, radius float64, limit int) ([]Driver, error) {
	ds := l.byRadius[radius]
	if len(ds) > limit {
		ds = ds[:limit]
	}
	return ds, nil
}

type fakeOffers struct {
	answers map[string]Decision

	mu    sync.Mutex
	asked map[string]int
}

func (o *fakeOffers) Offer(ctx context.Context, driverID string, trip Trip) (Decision, error) {
	o.mu.Lock()
	o.asked[driverID]++
	o.mu.Unlock()
	dec, ok := o.answers[driverID]
	if !ok {
		return Declined, errors.New("driver app unreachable")
	}
	return dec, nil
}

type fakeStore struct {
	mu       sync.Mutex
	assigned map[string]string
}

func (s *fakeStore) Assign(ctx context.Context, tripID, driverID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.assigned[tripID] = driverID
	return nil
}

// frozenClock never fires, so waves only end through driver answers.
type frozenClock struct{}

func (frozenClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func TestDispatchSecondWaveSkipsDriversAlreadyAsked(t *testing.T) {
	defer goleak.VerifyNone(t)

	alice := Driver{ID: "alice", DistanceMeters: 800, Available: true}
	bob := Driver{ID: "bob", DistanceMeters: 2400, Available: true}
	locator := &fakeLocator{byRadius: map[float64][]Driver{
		1500: {alice},
		3000: {alice, bob},
	}}
	offers := &fakeOffers{
		answers: map[string]Decision{"alice": Declined, "bob": Accepted},
		asked:   make(map[string]int),
	}
	store := &fakeStore{assigned: make(map[string]string)}

	m := NewMatcher(locator, offers, store, Config{
		Waves:  []Wave{{RadiusMeters: 1500, MaxDrivers: 3}, {RadiusMeters: 3000, MaxDrivers: 5}},
		Clock:  frozenClock{},
		Logger: log.New(io.Discard, "", 0),
	})

	got, err := m.Dispatch(context.Background(), Trip{ID: "trip-42", RiderID: "r-7", Product: "standard"})
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	want := Assignment{TripID: "trip-42", DriverID: "bob", Wave: 2, Offered: 2}
	if got != want {
		t.Fatalf("Dispatch = %+v, want %+v", got, want)
	}

	offers.mu.Lock()
	defer offers.mu.Unlock()
	if offers.asked["alice"] != 1 || offers.asked["bob"] != 1 {
		t.Fatalf("offers sent = %v, want one each", offers.asked)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.assigned["trip-42"] != "bob" {
		t.Fatalf("assignment stored = %v", store.assigned)
	}
}

func TestDispatchNoDriver(t *testing.T) {
	defer goleak.VerifyNone(t)

	locator := &fakeLocator{byRadius: map[float64][]Driver{
		1500: {{ID: "carol", Available: true}},
	}}
	offers := &fakeOffers{answers: map[string]Decision{"carol": Declined}, asked: make(map[string]int)}
	m := NewMatcher(locator, offers, &fakeStore{assigned: make(map[string]string)}, Config{
		Waves:  []Wave{{RadiusMeters: 1500, MaxDrivers: 3}, {RadiusMeters: 3000, MaxDrivers: 5}},
		Clock:  frozenClock{},
		Logger: log.New(io.Discard, "", 0),
	})
	_, err := m.Dispatch(context.Background(), Trip{ID: "trip-43"})
	if !errors.Is(err, ErrNoDriver) {
		t.Fatalf("Dispatch error = %v, want ErrNoDriver", err)
	}
}
