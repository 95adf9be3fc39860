package ferry

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu       sync.Mutex
	sailings map[string]Sailing
	bookings map[string]Booking
	waitlist map[string][]WaitlistEntry
}

func newMemStore(sailings ...Sailing) *memStore {
	st := &memStore{
		sailings: make(map[string]Sailing),
		bookings: make(map[string]Booking),
		waitlist: make(map[string][]WaitlistEntry),
	}
	for _, s := range sailings {
		st.sailings[s.ID] = s
	}
	return st
}

func (m *memStore) Sailing(_ context.Context, id string) (Sailing, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sailings[id]
	if !ok {
		return Sailing{}, ErrNotFound
	}
	return s, nil
}

func (m *memStore) SaveSailing(_ context.Context, s Sailing) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sailings[s.ID] = s
	return nil
}

func (m *memStore) Bookings(_ context.Context, sailingID string) ([]Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Booking
	for _, b := range m.bookings {
		if b.SailingID == sailingID {
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memStore) SaveBooking(_ context.Context, b Booking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bookings[b.ID] = b
	return nil
}

func (m *memStore) Waitlist(_ context.Context, sailingID string) ([]WaitlistEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]WaitlistEntry(nil), m.waitlist[sailingID]...), nil
}

func (m *memStore) AddToWaitlist(_ context.Context, e WaitlistEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waitlist[e.SailingID] = append(m.waitlist[e.SailingID], e)
	return nil
}

func (m *memStore) RemoveFromWaitlist(_ context.Context, sailingID, entryID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	list := m.waitlist[sailingID]
	for i, e := range list {
		if e.ID == entryID {
			m.waitlist[sailingID] = append(list[:i:i], list[i+1:]...)
			return nil
		}
	}
	return ErrNotFound
}

var errAcquirerDown = errors.New("acquirer unavailable")

// flakyPayments charges fine but every refund fails, as during an acquirer
// outage.
type flakyPayments struct {
	mu      sync.Mutex
	charges int
}

func (p *flakyPayments) Charge(_ context.Context, customerID string, amount int64, key string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.charges++
	return fmt.Sprintf("ch_%d_%s", p.charges, customerID), nil
}

func (p *flakyPayments) Refund(context.Context, string, int64, string) error {
	return errAcquirerDown
}

type outbox struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (o *outbox) Notify(_ context.Context, customerID, msg string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sent == nil {
		o.sent = make(map[string][]string)
	}
	o.sent[customerID] = append(o.sent[customerID], msg)
	return nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestCancelSailingDuringRefundOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 8, 2, 6, 0, 0, 0, time.UTC)
	store := newMemStore(Sailing{
		ID: "S-0715", Route: "Harbour-Island", Departs: now.Add(75 * time.Minute),
		LaneMetres: 30, PassengerSeats: 40,
	})
	svc := NewService(store, &flakyPayments{}, &outbox{},
		WithClock(fixedClock(now)),
		WithRefundWorkers(2),
	)

	ctx := context.Background()
	requests := []Request{
		{CustomerID: "c1", Passengers: 2, Vehicle: &Vehicle{Registration: "AB12CDE", LengthMetres: 4.5}},
		{CustomerID: "c2", Passengers: 4, Vehicle: &Vehicle{Registration: "XY65ZZT", LengthMetres: 6.2}},
		{CustomerID: "c3", Passengers: 2, Vehicle: &Vehicle{Registration: "CAMPER1", LengthMetres: 12}},
		{CustomerID: "c4", Passengers: 1, Vehicle: &Vehicle{Registration: "LK70OPQ", LengthMetres: 5}},
		{CustomerID: "c5", Passengers: 3, Vehicle: &Vehicle{Registration: "MN19RST", LengthMetres: 4.4}, AllowWaitlist: true},
	}
	for i, r := range requests {
		r.SailingID = "S-0715"
		_, err := svc.Book(ctx, r)
		if i < 4 && err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
		if i == 4 && !errors.Is(err, ErrWaitlisted) {
			t.Fatalf("booking %d: err = %v, want ErrWaitlisted", i, err)
		}
	}

	rep, err := svc.CancelSailing(ctx, "S-0715", "high winds")
	if !errors.Is(err, errAcquirerDown) {
		t.Fatalf("CancelSailing err = %v, want %v", err, errAcquirerDown)
	}
	if rep.Refunded != 0 {
		t.Fatalf("refunded %d bookings, want 0", rep.Refunded)
	}

	s, _ := store.Sailing(ctx, "S-0715")
	if s.Status != Cancelled {
		t.Fatalf("sailing status = %v, want Cancelled", s.Status)
	}
	if _, err := svc.Book(ctx, Request{SailingID: "S-0715", CustomerID: "c6", Passengers: 1}); !errors.Is(err, ErrSailingClosed) {
		t.Fatalf("booking cancelled sailing: err = %v", err)
	}
}
