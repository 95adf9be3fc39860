package beds

import (
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type deskDisplay struct {
	mu    sync.Mutex
	shown []Assignment
}

func (d *deskDisplay) BedReady(a Assignment) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shown = append(d.shown, a)
}

type result struct {
	asg Assignment
	err error
}

func waitFor(t *testing.T, ch <-chan result, who string) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(2 * time.Second):
		t.Fatalf("%s was never given a bed", who)
		return result{}
	}
}

func TestEveningAtTheDesk(t *testing.T) {
	defer goleak.VerifyNone(t)

	display := &deskDisplay{}
	a, err := New([]Dorm{
		{ID: "mixed-4", Beds: 4},
		{ID: "female-2", Beds: 2, FemaleOnly: true},
		{ID: "twin", Beds: 2, Private: true},
	}, WithLogger(log.New(io.Discard, "", 0)), WithNotifier(display))
	if err != nil {
		t.Fatal(err)
	}

	booked := []Guest{
		{Name: "Ines", Female: true, Nights: 2},
		{Name: "Marta", Female: true, Nights: 1},
		{Name: "Karl", Nights: 3},
		{Name: "Jonas", Nights: 1},
		{Name: "Priya", Female: true, Nights: 1},
		{Name: "Leo", Nights: 2},
		{Name: "Sam & Alex", WantPrivate: true, Nights: 2},
	}
	for _, g := range booked {
		if _, err := a.Assign(g); err != nil {
			t.Fatalf("assign %s: %v", g.Name, err)
		}
	}
	if used, total := a.Occupancy(); used != total {
		t.Fatalf("occupancy %d/%d, want full house", used, total)
	}
	if _, err := a.Assign(Guest{Name: "Ben"}); !errors.Is(err, ErrFull) {
		t.Fatalf("assign to full hostel: %v", err)
	}

	ben := make(chan result, 1)
	noor := make(chan result, 1)
	if err := a.Waitlist(Guest{Name: "Ben"}, func(asg Assignment, err error) { ben <- result{asg, err} }); err != nil {
		t.Fatal(err)
	}
	if err := a.Waitlist(Guest{Name: "Noor", Female: true}, func(asg Assignment, err error) { noor <- result{asg, err} }); err != nil {
		t.Fatal(err)
	}
	if q := a.Queued(); len(q) != 2 {
		t.Fatalf("queue %v", q)
	}

	// Marta leaves the female dorm: only Noor fits there, Ben keeps waiting.
	if err := a.Checkout("Marta"); err != nil {
		t.Fatal(err)
	}
	r := waitFor(t, noor, "Noor")
	if r.err != nil || r.asg.Dorm != "female-2" {
		t.Fatalf("Noor: %+v", r)
	}

	if err := a.Checkout("Jonas"); err != nil {
		t.Fatal(err)
	}
	r = waitFor(t, ben, "Ben")
	if r.err != nil || r.asg.Dorm != "mixed-4" {
		t.Fatalf("Ben: %+v", r)
	}

	if err := a.Checkout("Nobody"); !errors.Is(err, ErrUnknownGuest) {
		t.Fatalf("checkout unknown guest: %v", err)
	}

	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Waitlist(Guest{Name: "Late"}, func(Assignment, error) {}); !errors.Is(err, ErrClosed) {
		t.Fatalf("waitlist after close: %v", err)
	}

	display.mu.Lock()
	defer display.mu.Unlock()
	if len(display.shown) != 2 {
		t.Fatalf("display showed %d assignments, want 2", len(display.shown))
	}
}
