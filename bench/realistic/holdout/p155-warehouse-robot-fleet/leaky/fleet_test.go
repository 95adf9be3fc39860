package fleet

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
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

// fakeTicker delivers ticks only when the test sends them; the send returns
// once the monitor has taken the tick.
type fakeTicker struct{ ch chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

type dispatch struct {
	robot RobotID
	task  string
}

type fakeRadio struct{ sent chan dispatch }

func (r *fakeRadio) Dispatch(ctx context.Context, robot RobotID, task Task) error {
	r.sent <- dispatch{robot: robot, task: task.ID}
	return nil
}

func TestLostRobotWorkIsReassigned(t *testing.T) {
	defer goleak.VerifyNone(t)

	ticker := &fakeTicker{ch: make(chan time.Time)}
	clock := &fakeClock{now: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), ticker: ticker}
	radio := &fakeRadio{sent: make(chan dispatch, 8)}
	c, err := New(Config{
		Dispatcher:       radio,
		HeartbeatTimeout: 10 * time.Second,
		CheckInterval:    time.Second,
		Clock:            clock,
		Logger:           log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.Start()
	defer c.Stop()

	c.Register("r1")
	c.Register("r2")
	if err := c.Submit(Task{ID: "t1", Pick: Location{Aisle: 3, Bay: 7}, Drop: Location{Aisle: 0, Bay: 1}}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if got := <-radio.sent; got != (dispatch{"r1", "t1"}) {
		t.Fatalf("first dispatch = %+v, want t1 to r1", got)
	}

	// r2 keeps reporting in; r1 goes quiet past the timeout.
	clock.Advance(6 * time.Second)
	if err := c.Heartbeat("r2"); err != nil {
		t.Fatalf("Heartbeat: %v", err)
	}
	now := clock.Advance(6 * time.Second)
	ticker.ch <- now
	if got := <-radio.sent; got != (dispatch{"r2", "t1"}) {
		t.Fatalf("reassignment = %+v, want t1 to r2", got)
	}
	if id, ok := c.Assignment("t1"); !ok || id != "r2" {
		t.Fatalf("Assignment(t1) = %q, %v; want r2", id, ok)
	}

	// r1 reconnects and reports the task it had before it was written off.
	err = c.Complete("r1", "t1")
	if !errors.Is(err, ErrNotAssigned) {
		t.Fatalf("stale Complete error = %v, want ErrNotAssigned", err)
	}

	// The monitor keeps running.
	ticker.ch <- clock.Advance(time.Second)
}
