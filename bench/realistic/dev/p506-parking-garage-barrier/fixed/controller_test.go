package barrier

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type armGate struct {
	mu     sync.Mutex
	lifts  int
	failOn map[int]error
}

func (g *armGate) Raise(ctx context.Context, lane string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lifts++
	if err := g.failOn[g.lifts]; err != nil {
		return err
	}
	return ctx.Err()
}

type recordSign struct {
	mu   sync.Mutex
	last int
}

func (s *recordSign) Show(ctx context.Context, lane string, free int) error {
	s.mu.Lock()
	s.last = free
	s.mu.Unlock()
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func newLane(t *testing.T, capacity, permitBays int, gate Gate) (*Controller, <-chan Admission) {
	t.Helper()
	admitted := make(chan Admission, 16)
	c, err := New(Config{
		Lane:         "north-ramp",
		Capacity:     capacity,
		PermitBays:   permitBays,
		RaiseTimeout: time.Second,
		RaiseRetries: 1,
		Logger:       testLogger{t},
		OnAdmit:      func(a Admission) { admitted <- a },
	}, gate, &recordSign{})
	if err != nil {
		t.Fatal(err)
	}
	return c, admitted
}

func expectAdmit(t *testing.T, ch <-chan Admission, plate string) Admission {
	t.Helper()
	select {
	case a := <-ch:
		if a.Vehicle.Plate != plate {
			t.Fatalf("admitted %s, want %s", a.Vehicle.Plate, plate)
		}
		return a
	case <-time.After(2 * time.Second):
		t.Fatalf("%s was never admitted", plate)
	}
	return Admission{}
}

func expectNoAdmit(t *testing.T, ch <-chan Admission) {
	t.Helper()
	select {
	case a := <-ch:
		t.Fatalf("unexpected admission of %s", a.Vehicle.Plate)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestDepartureLetsNextCarIn(t *testing.T) {
	defer goleak.VerifyNone(t)

	gate := &armGate{failOn: map[int]error{2: errors.New("arm motor stalled")}}
	c, admitted := newLane(t, 2, 0, gate)

	for _, p := range []string{"KA-101", "KA-202", "KA-303"} {
		if err := c.Arrive(Vehicle{Plate: p}); err != nil {
			t.Fatal(err)
		}
	}
	expectAdmit(t, admitted, "KA-101")
	expectAdmit(t, admitted, "KA-202")
	expectNoAdmit(t, admitted)

	if err := c.Depart("KA-101"); err != nil {
		t.Fatal(err)
	}
	expectAdmit(t, admitted, "KA-303")
	if err := c.Depart("ZZ-999"); !errors.Is(err, ErrUnknownVehicle) {
		t.Fatalf("unknown departure: %v", err)
	}
	if turned := c.Close(); len(turned) != 0 {
		t.Fatalf("turned away %v", turned)
	}
}

func TestEveningCloseWithQueue(t *testing.T) {
	defer goleak.VerifyNone(t)

	c, admitted := newLane(t, 3, 1, &armGate{})

	arrivals := []Vehicle{
		{Plate: "B-AL-12", Class: Public},
		{Plate: "B-XY-77", Class: Public},
		{Plate: "B-QQ-31", Class: Public},
		{Plate: "B-DR-01", Class: Permit},
	}
	for _, v := range arrivals {
		if err := c.Arrive(v); err != nil {
			t.Fatal(err)
		}
	}
	expectAdmit(t, admitted, "B-AL-12")
	expectAdmit(t, admitted, "B-XY-77")
	expectNoAdmit(t, admitted)

	if pub, per := c.Occupancy(); pub != 2 || per != 0 {
		t.Fatalf("occupancy %d public, %d permit", pub, per)
	}

	turned := c.Close()
	if len(turned) != 2 || turned[0].Plate != "B-QQ-31" || turned[1].Plate != "B-DR-01" {
		t.Fatalf("turned away %v", turned)
	}
	if err := c.Arrive(Vehicle{Plate: "B-LATE-9"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("arrival after close: %v", err)
	}
}
