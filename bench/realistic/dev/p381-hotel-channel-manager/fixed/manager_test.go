package channelmgr

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type fakeSite struct {
	name         string
	pushed       chan []Availability
	reservations []Reservation
}

func newFakeSite(name string) *fakeSite {
	return &fakeSite{name: name, pushed: make(chan []Availability, 16)}
}

func (s *fakeSite) Name() string { return s.name }

func (s *fakeSite) PushAvailability(_ context.Context, updates []Availability) error {
	s.pushed <- append([]Availability(nil), updates...)
	return nil
}

func (s *fakeSite) FetchReservations(context.Context, time.Time) ([]Reservation, error) {
	return s.reservations, nil
}

type fakeInventory struct {
	mu    sync.Mutex
	rooms map[string]int
}

func (f *fakeInventory) ApplyReservation(_ context.Context, r Reservation) ([]Availability, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Availability
	for i := 0; i < r.Nights; i++ {
		a := Availability{HotelID: r.HotelID, RoomType: r.RoomType, Night: r.CheckIn.AddDate(0, 0, i)}
		if r.Cancelled {
			f.rooms[a.key()]++
		} else {
			f.rooms[a.key()]--
		}
		a.Rooms = f.rooms[a.key()]
		out = append(out, a)
	}
	return out, nil
}

func waitPush(t *testing.T, s *fakeSite) []Availability {
	t.Helper()
	select {
	case b := <-s.pushed:
		return b
	case <-time.After(time.Second):
		t.Fatalf("no push reached %s", s.name)
		return nil
	}
}

func TestRotatedConnectorTakesOver(t *testing.T) {
	defer goleak.VerifyNone(t)

	night := time.Date(2024, 7, 12, 0, 0, 0, 0, time.UTC)
	inv := &fakeInventory{rooms: map[string]int{
		Availability{HotelID: "h1", RoomType: "DBL", Night: night}.key(): 5,
	}}
	m := New(inv, WithClock(fixedClock{night}), WithQueueSize(8))
	ctx := context.Background()

	oldConn := newFakeSite("booking")
	if err := m.AddSite(oldConn); err != nil {
		t.Fatal(err)
	}
	if err := m.Publish(ctx, Availability{HotelID: "h1", RoomType: "DBL", Night: night, Rooms: 5}); err != nil {
		t.Fatal(err)
	}
	if got := waitPush(t, oldConn); len(got) != 1 || got[0].Rooms != 5 {
		t.Fatalf("old connector got %+v", got)
	}

	// Credentials were rotated: the same site is registered again.
	newConn := newFakeSite("booking")
	newConn.reservations = []Reservation{{
		ID: "R-100", Site: "booking", HotelID: "h1", RoomType: "DBL", CheckIn: night, Nights: 1,
	}}
	if err := m.AddSite(newConn); err != nil {
		t.Fatal(err)
	}
	if err := m.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if got := waitPush(t, newConn); len(got) != 1 || got[0].Rooms != 4 {
		t.Fatalf("new connector got %+v", got)
	}
	// Reconciling again must not book the same reservation twice.
	if err := m.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-oldConn.pushed:
		t.Fatalf("old connector received %+v after rotation", b)
	default:
	}
	if n := len(newConn.pushed); n != 0 {
		t.Fatalf("unexpected extra pushes to new connector: %d", n)
	}
}
