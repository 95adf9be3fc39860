package shiftplan

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

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
	ch  chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, ch: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.ch} }

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.ch <- now
}

type fakeTicker struct{ ch chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.ch }
func (t fakeTicker) Stop()               {}

type outbox struct {
	mu   sync.Mutex
	sent []Message
}

func (o *outbox) Send(_ context.Context, m Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

func TestFoodBankSaturdaySignups(t *testing.T) {
	defer goleak.VerifyNone(t)

	base := time.Date(2024, 3, 8, 9, 0, 0, 0, time.UTC)
	clock := newFakeClock(base)
	box := &outbox{}
	p := New(Config{ReminderLead: 24 * time.Hour, CheckInterval: time.Hour}, box,
		WithClock(clock), WithLogger(log.New(io.Discard, "", 0)))
	defer p.Close()

	sat := base.Add(24 * time.Hour)
	shifts := []Shift{
		{ID: "sort-am", Station: "Sorting", Start: sat, End: sat.Add(3 * time.Hour), Capacity: 2},
		{ID: "pack-am", Station: "Packing", Start: sat.Add(time.Hour), End: sat.Add(4 * time.Hour), Capacity: 3},
		{ID: "dist-pm", Station: "Distribution", Start: sat.Add(5 * time.Hour), End: sat.Add(8 * time.Hour), Capacity: 4},
	}
	for _, s := range shifts {
		if err := p.AddShift(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []Volunteer{
		{ID: "ana", Name: "Ana", Contact: "ana@example.org"},
		{ID: "ben", Name: "Ben", Contact: "ben@example.org", MaxHours: 4},
		{ID: "chloe", Name: "Chloe", Contact: "chloe@example.org"},
		{ID: "dev", Name: "Dev", Contact: "dev@example.org"},
	} {
		if err := p.AddVolunteer(v); err != nil {
			t.Fatal(err)
		}
	}

	ctx := context.Background()
	mustSign := func(vol, shift string) {
		t.Helper()
		if err := p.SignUp(ctx, vol, shift); err != nil {
			t.Fatalf("SignUp(%s, %s): %v", vol, shift, err)
		}
	}
	mustSign("ana", "sort-am")
	mustSign("ben", "sort-am")
	mustSign("chloe", "dist-pm")

	if err := p.SignUp(ctx, "ana", "pack-am"); !errors.Is(err, ErrOverlap) {
		t.Fatalf("overlapping sign-up: got %v, want ErrOverlap", err)
	}
	if err := p.SignUp(ctx, "ben", "dist-pm"); !errors.Is(err, ErrHoursExceeded) {
		t.Fatalf("over-hours sign-up: got %v, want ErrHoursExceeded", err)
	}
	roster, err := p.Roster("sort-am")
	if err != nil || len(roster) != 2 {
		t.Fatalf("sort-am roster = %v, %v", roster, err)
	}
	if n := box.count(); n != 3 {
		t.Fatalf("confirmations sent = %d, want 3", n)
	}

	if err := p.SignUp(ctx, "dev", "sort-am"); !errors.Is(err, ErrWaitlisted) {
		t.Fatalf("sign-up to full shift: got %v, want ErrWaitlisted", err)
	}

	clock.Advance(time.Hour)
}
