package presence

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTestService(t *testing.T) (*Service, *stepClock) {
	t.Helper()
	clk := &stepClock{now: time.Date(2023, 7, 4, 10, 0, 0, 0, time.UTC)}
	svc, err := New(Config{AwayAfter: time.Minute, OfflineAfter: 10 * time.Minute},
		WithClock(clk),
		WithPanicHandler(func(session string, v interface{}) { t.Errorf("session %s panicked: %v", session, v) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	return svc, clk
}

func collect(ch chan<- Change) func(Change) {
	return func(c Change) { ch <- c }
}

func TestPresenceLifecycle(t *testing.T) {
	defer goleak.VerifyNone(t)

	svc, clk := newTestService(t)
	defer svc.Close()

	got := make(chan Change, 8)
	if _, err := svc.Subscribe("bob-web", collect(got)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Heartbeat("alice", "alice-phone"); err != nil {
		t.Fatal(err)
	}
	if c := <-got; c.UserID != "alice" || c.To != Online {
		t.Fatalf("got %+v, want alice online", c)
	}

	clk.Advance(2 * time.Minute)
	svc.Sweep()
	if c := <-got; c.To != Away {
		t.Fatalf("got %+v, want away", c)
	}

	svc.Disconnect("alice", "alice-phone")
	if c := <-got; c.From != Away || c.To != Offline {
		t.Fatalf("got %+v, want away -> offline", c)
	}
}

func TestReconnectTakesOverSession(t *testing.T) {
	defer goleak.VerifyNone(t)

	svc, clk := newTestService(t)

	first := make(chan Change, 8)
	if _, err := svc.Subscribe("bob-web", collect(first)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Heartbeat("alice", "alice-phone"); err != nil {
		t.Fatal(err)
	}
	if c := <-first; c.To != Online {
		t.Fatalf("first subscription got %+v, want online", c)
	}

	// Bob's browser reconnects and subscribes again under the same session.
	second := make(chan Change, 8)
	sub, err := svc.Subscribe("bob-web", collect(second))
	if err != nil {
		t.Fatal(err)
	}
	if sub.Session() != "bob-web" {
		t.Fatalf("session = %q", sub.Session())
	}

	clk.Advance(2 * time.Minute)
	if n := svc.Sweep(); n != 1 {
		t.Fatalf("sweep published %d changes, want 1", n)
	}
	if c := <-second; c.UserID != "alice" || c.To != Away {
		t.Fatalf("second subscription got %+v, want alice away", c)
	}
	if len(first) != 0 {
		t.Fatalf("replaced subscription still receiving: %+v", <-first)
	}

	svc.Close()
	if svc.Status("alice") != Away {
		t.Fatalf("alice = %v, want away", svc.Status("alice"))
	}
}
