package funicular

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type subscription struct {
	ch     chan Event
	linkUp bool
}

// simDrive stands in for the winch PLC. Telemetry goes to every
// subscription whose network link is up.
type simDrive struct {
	clock *simClock
	mu    sync.Mutex
	subs  map[int]*subscription
	next  int
	pos   float64
	runs  map[uint64]Profile
	reset int
}

func newSimDrive(c *simClock) *simDrive {
	return &simDrive{clock: c, subs: map[int]*subscription{}, runs: map[uint64]Profile{}}
}

func (s *simDrive) Subscribe(context.Context) (<-chan Event, func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	id := s.next
	sub := &subscription{ch: make(chan Event, 32), linkUp: true}
	s.subs[id] = sub
	sub.ch <- Event{Kind: EvPosition, At: s.clock.Now(), PositionM: s.pos}
	cancel := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if sub, ok := s.subs[id]; ok {
			delete(s.subs, id)
			close(sub.ch)
		}
	}
	return sub.ch, cancel, nil
}

func (s *simDrive) Reset(context.Context) error {
	s.mu.Lock()
	s.reset++
	s.mu.Unlock()
	return nil
}

func (s *simDrive) Run(_ context.Context, trip uint64, p Profile) error {
	s.mu.Lock()
	s.runs[trip] = p
	s.mu.Unlock()
	return nil
}

func (s *simDrive) Halt(string) error { return nil }

func (s *simDrive) emit(ev Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		if sub.linkUp {
			select {
			case sub.ch <- ev:
			default:
			}
		}
	}
}

func (s *simDrive) dropLinks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		sub.linkUp = false
	}
}

// travel plays out a trip: positions along the track, then arrival.
func (s *simDrive) travel(trip uint64) {
	s.mu.Lock()
	p := s.runs[trip]
	s.mu.Unlock()
	start, end := 0.0, p.LengthM
	if p.Dir == BUp {
		start, end = end, start
	}
	for i := 1; i <= 4; i++ {
		s.clock.Advance(p.ETA / 5)
		s.emit(Event{Kind: EvPosition, At: s.clock.Now(), Trip: trip, PositionM: start + (end-start)*float64(i)/5, SpeedMPS: p.CruiseMPS})
	}
	s.clock.Advance(p.ETA / 5)
	s.mu.Lock()
	s.pos = end
	s.mu.Unlock()
	s.emit(Event{Kind: EvArrived, At: s.clock.Now(), Trip: trip, PositionM: end})
}

func TestRecoverAfterTelemetryDropout(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &simClock{t: time.Date(2024, 8, 17, 9, 0, 0, 0, time.UTC)}
	drive := newSimDrive(clock)
	arrivals := make(chan TripRecord, 8)
	cfg := Config{
		LengthM: 1180, LoopStartM: 540, LoopEndM: 660, CreepM: 25,
		CruiseMPS: 10, LoopMPS: 6, CreepMPS: 1, AccelMPS2: 0.5,
		DerateKg: 800, MaxImbalanceKg: 2400,
		StaleAfter: 20 * time.Second,
	}
	d, err := New(drive, cfg, WithClock(clock.Now), WithArrivalHook(func(r TripRecord) { arrivals <- r }))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := d.Start(ctx); err != nil {
		t.Fatalf("start: %v", err)
	}

	waitArrival := func(trip uint64) {
		t.Helper()
		select {
		case r := <-arrivals:
			if r.ID != trip {
				t.Fatalf("arrival of trip %d, want %d", r.ID, trip)
			}
		case <-ctx.Done():
			t.Fatalf("trip %d never arrived", trip)
		}
	}

	board := Boarding{Dir: AUp, LoadAKg: 2100, LoadBKg: 900, DoorsClosedA: true, DoorsClosedB: true}
	if _, err := d.Depart(ctx, Boarding{Dir: AUp, LoadAKg: 2100, DoorsClosedA: true}); !errors.Is(err, ErrDoorsOpen) {
		t.Fatalf("departure with B doors open: err = %v", err)
	}
	trip1, err := d.Depart(ctx, board)
	if err != nil {
		t.Fatalf("trip 1: %v", err)
	}
	if p := drive.runs[trip1]; p.CruiseMPS >= cfg.CruiseMPS {
		t.Errorf("cruise %.1f m/s not derated for 1200 kg excess", p.CruiseMPS)
	}
	drive.travel(trip1)
	waitArrival(trip1)

	drive.dropLinks()
	clock.Advance(45 * time.Second)
	board.Dir = BUp
	if _, err := d.Depart(ctx, board); !errors.Is(err, ErrTelemetryStale) {
		t.Fatalf("departure on stale telemetry: err = %v", err)
	}
	if st, _ := d.State(); st != Faulted {
		t.Fatalf("state = %v after dropout, want Faulted", st)
	}

	if err := d.Recover(ctx); err != nil {
		t.Fatalf("recover: %v", err)
	}
	trip2, err := d.Depart(ctx, board)
	if err != nil {
		t.Fatalf("trip 2 after recovery: %v", err)
	}
	drive.travel(trip2)
	waitArrival(trip2)

	if h := d.History(); len(h) != 2 || h[1].Dir != BUp {
		t.Errorf("history = %+v", h)
	}
	if err := d.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if st, _ := d.State(); st != Closed {
		t.Errorf("state = %v after close", st)
	}
}
