package cron

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock publishes every timer it creates so the test decides when each
// one fires.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers chan *fakeTimer
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, timers: make(chan *fakeTimer, 64)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := &fakeTimer{c: make(chan time.Time, 1), deadline: c.Now().Add(d)}
	c.timers <- t
	return t.c, func() bool { return true }
}

// fakeTimer is a pending timer created by the scheduler loop.
type fakeTimer struct {
	c        chan time.Time
	deadline time.Time
}

// fire advances the clock to the timer's deadline and delivers it.
func (c *fakeClock) fire(t *fakeTimer) {
	c.mu.Lock()
	if t.deadline.After(c.now) {
		c.now = t.deadline
	}
	c.mu.Unlock()
	t.c <- t.deadline
}

func TestRemovedEntryDoesNotOutliveScheduler(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := newFakeClock(time.Date(2024, 3, 1, 2, 59, 30, 0, time.UTC))
	var errs []error
	var errMu sync.Mutex
	s := New(WithClock(clk), WithErrorHandler(func(name string, err error) {
		errMu.Lock()
		errs = append(errs, err)
		errMu.Unlock()
	}))

	ran := make(chan struct{}, 1)
	compact := JobFunc(func(ctx context.Context) error {
		select {
		case ran <- struct{}{}:
		default:
		}
		return nil
	})
	id, err := s.Add("compact-index", Every(time.Minute), QueueIfRunning, compact)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	s.Start()

	// Fire whatever timers the loop arms until the job has run once; the
	// loop may re-arm after being woken by Add.
	for done := false; !done; {
		select {
		case <-ran:
			done = true
		case tm := <-clk.timers:
			clk.fire(tm)
		}
	}

	if err := s.Remove(id); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if err := s.Remove(id); err == nil {
		t.Fatalf("second Remove succeeded")
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := s.Add("late", Every(time.Minute), SkipIfRunning, compact); err == nil {
		t.Fatalf("Add after Stop succeeded")
	}

	errMu.Lock()
	defer errMu.Unlock()
	if len(errs) != 0 {
		t.Fatalf("unexpected job errors: %v", errs)
	}
}
