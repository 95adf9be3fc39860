package presence

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func newFakeClock() *fakeClock {
	return &fakeClock{
		now:    time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC),
		ticker: &fakeTicker{c: make(chan time.Time)},
	}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

// Tick hands the current time to the sweeper. The channel is unbuffered, so
// Tick returns once the sweeper has taken the tick.
func (c *fakeClock) Tick() { c.ticker.c <- c.Now() }

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

func expectUpdate(t *testing.T, sub *Subscription, want Status) {
	t.Helper()
	select {
	case u := <-sub.C:
		if u.Status != want {
			t.Fatalf("update for %s = %v, want %v", u.UserID, u.Status, want)
		}
	default:
		t.Fatalf("no update, want %v", want)
	}
}

func expectNoUpdate(t *testing.T, sub *Subscription) {
	t.Helper()
	select {
	case u := <-sub.C:
		t.Fatalf("unexpected update %+v", u)
	default:
	}
}

func TestSetAwayIsIdempotent(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := newFakeClock()
	svc := New(Config{Clock: clk, TTL: time.Minute, SweepInterval: 20 * time.Second})
	defer svc.Close()

	sub := svc.Subscribe("alice")
	defer sub.Close()

	if err := svc.Connect("alice", "phone", "ios"); err != nil {
		t.Fatal(err)
	}
	expectUpdate(t, sub, Online)

	clk.Advance(10 * time.Second)
	if err := svc.SetAway("alice", "phone", true); err != nil {
		t.Fatal(err)
	}
	expectUpdate(t, sub, Away)

	// The client repeats the same state, e.g. after reconnecting its socket.
	clk.Advance(10 * time.Second)
	if err := svc.SetAway("alice", "phone", true); err != nil {
		t.Fatal(err)
	}
	expectNoUpdate(t, sub)

	// A sweep well within the TTL must keep the device.
	clk.Advance(20 * time.Second)
	clk.Tick()
}
