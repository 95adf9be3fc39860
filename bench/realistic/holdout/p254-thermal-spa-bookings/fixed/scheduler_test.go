package spa

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	saved map[string]Booking
}

func (m *memStore) Save(ctx context.Context, b Booking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saved == nil {
		m.saved = make(map[string]Booking)
	}
	m.saved[b.ID] = b
	return nil
}

type outbox struct {
	mu   sync.Mutex
	sent []string
}

func (o *outbox) Confirm(ctx context.Context, b Booking) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, fmt.Sprintf("%s %s %s", b.Guest, b.Treatment, b.Start.Format("15:04")))
	return nil
}

type attendant struct {
	mu       sync.Mutex
	turned   map[string]int
	failOnce map[string]bool
}

func (a *attendant) Turnaround(ctx context.Context, roomID string, kind Treatment) error {
	select {
	case <-time.After(kind.Turnaround() / 10000):
	case <-ctx.Done():
		return ctx.Err()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.failOnce[roomID] {
		delete(a.failOnce, roomID)
		return errors.New("chlorine dosing pump fault")
	}
	a.turned[roomID]++
	return nil
}

func TestSaturdayMorningSessions(t *testing.T) {
	day := time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)
	clock := day.Add(9 * time.Hour)
	var logs strings.Builder
	store := &memStore{}
	mail := &outbox{}
	staff := &attendant{turned: map[string]int{}, failOnce: map[string]bool{"float-1": true}}

	s, err := New(Config{
		Rooms: map[string]Treatment{
			"sauna-1": Sauna,
			"sauna-2": Sauna,
			"steam-1": SteamRoom,
			"float-1": FloatPool,
		},
		Store:             store,
		Notifier:          mail,
		Cleaner:           staff,
		TurnaroundTimeout: time.Second,
		Now:               func() time.Time { return clock },
		Logger:            log.New(&logs, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	ten := day.Add(10 * time.Hour)
	var ids []string
	for _, req := range []struct {
		guest string
		t     Treatment
	}{
		{"Aino", Sauna}, {"Bjorn", Sauna}, {"Chidi", SteamRoom}, {"Dana", FloatPool},
	} {
		b, err := s.Book(ctx, req.guest, req.t, ten)
		if err != nil {
			t.Fatalf("book %s: %v", req.guest, err)
		}
		ids = append(ids, b.ID)
	}
	if _, err := s.Book(ctx, "Emil", Sauna, ten.Add(15*time.Minute)); !errors.Is(err, ErrFullyBooked) {
		t.Fatalf("third overlapping sauna: got %v, want ErrFullyBooked", err)
	}
	if _, err := s.Book(ctx, "Fen", ColdPlunge, day.Add(23*time.Hour)); !errors.Is(err, ErrOutsideHours) {
		t.Fatalf("late booking: got %v, want ErrOutsideHours", err)
	}

	clock = ten
	for _, id := range ids {
		if _, err := s.CheckIn(ctx, id); err != nil {
			t.Fatalf("check in %s: %v", id, err)
		}
	}
	clock = ten.Add(time.Hour)
	for _, id := range ids {
		if err := s.CheckOut(ctx, id); err != nil {
			t.Fatalf("check out %s: %v", id, err)
		}
	}

	waitCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.WaitIdle(waitCtx); err != nil {
		t.Fatalf("rooms never turned around: %v\n%s", err, logs.String())
	}
	for _, st := range s.Status() {
		if st.Clean != 1 && st.Clean != 2 {
			t.Errorf("unexpected status %+v", s.Status())
		}
	}
	if staff.turned["float-1"] != 1 {
		t.Errorf("float-1 turned %d times, want 1 after retry", staff.turned["float-1"])
	}
	if len(mail.sent) != 4 {
		t.Errorf("sent %d confirmations, want 4", len(mail.sent))
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Book(ctx, "Gus", Sauna, ten.Add(2*time.Hour)); !errors.Is(err, ErrClosed) {
		t.Errorf("book after close: got %v, want ErrClosed", err)
	}

	goleak.VerifyNone(t)
}
