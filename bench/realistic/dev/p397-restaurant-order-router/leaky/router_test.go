package kds

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type fakeDisplay struct {
	mu      sync.Mutex
	screens map[string]map[string]Ticket
	failOn  string
}

func newFakeDisplay() *fakeDisplay {
	return &fakeDisplay{screens: make(map[string]map[string]Ticket)}
}

func (d *fakeDisplay) Show(_ context.Context, t Ticket) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if t.Station == d.failOn {
		return errors.New("screen offline")
	}
	if d.screens[t.Station] == nil {
		d.screens[t.Station] = make(map[string]Ticket)
	}
	d.screens[t.Station][t.OrderID] = t
	return nil
}

func (d *fakeDisplay) Clear(_ context.Context, station, orderID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.screens[station], orderID)
	return nil
}

func (d *fakeDisplay) showing(station, orderID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.screens[station][orderID]
	return ok
}

func newTestRouter(d Display) *Router {
	return New(d,
		WithClock(fixedClock{t: time.Date(2024, 3, 1, 19, 30, 0, 0, time.UTC)}),
		WithRoute("grill", "grill"),
		WithRoute("fry", "fryer"),
		WithRoute("cold", "garde-manger"),
	)
}

func TestVoidReleasesExpo(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	d := newFakeDisplay()
	r := newTestRouter(d)

	order := Order{
		ID:    "1042",
		Table: "12",
		Items: []Item{
			{ID: "a", Name: "Ribeye", Category: "grill", Qty: 1, Mods: []string{"mid-rare"}},
			{ID: "b", Name: "Fries", Category: "fry", Qty: 1},
			{ID: "c", Name: "Caesar", Category: "cold", Qty: 1},
		},
	}
	if err := r.Submit(ctx, order); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := r.Bump(ctx, "1042", "c"); err != nil {
		t.Fatalf("Bump: %v", err)
	}
	if d.showing("garde-manger", "1042") {
		t.Errorf("garde-manger ticket still on screen after its only item was bumped")
	}

	ready := r.Ready("1042")

	// The guest walks out before the steak is up.
	if err := r.Void(ctx, "1042"); err != nil {
		t.Fatalf("Void: %v", err)
	}
	for _, s := range []string{"grill", "fryer"} {
		if d.showing(s, "1042") {
			t.Errorf("%s still shows voided order", s)
		}
	}
	if err := r.Bump(ctx, "1042", "a"); !errors.Is(err, ErrVoided) {
		t.Errorf("Bump after void: got %v, want ErrVoided", err)
	}

	select {
	case st := <-ready:
		if st != StatusVoided {
			t.Errorf("Ready reported %v, want %v", st, StatusVoided)
		}
	case <-time.After(300 * time.Millisecond):
		t.Errorf("expo was never told that order 1042 was voided")
	}
}
