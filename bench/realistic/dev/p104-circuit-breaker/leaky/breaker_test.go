package breaker

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestSlowProbeKeepsBreakerOpen(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{t: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	var transitions []string
	b := New("payments-api",
		WithThreshold(2),
		WithCooldown(time.Minute),
		WithProbeTimeout(5*time.Millisecond),
		WithClock(clock.Now),
		OnStateChange(func(_ string, from, to State) {
			transitions = append(transitions, from.String()+">"+to.String())
		}))
	ctx := context.Background()

	unavailable := errors.New("503 service unavailable")
	for i := 0; i < 2; i++ {
		if err := b.Do(ctx, func(context.Context) error { return unavailable }); !errors.Is(err, unavailable) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if err := b.Do(ctx, func(context.Context) error { return nil }); !errors.Is(err, ErrOpen) {
		t.Fatalf("open breaker let a call through: %v", err)
	}

	clock.Advance(time.Minute)
	slow := func(context.Context) error {
		time.Sleep(20 * time.Millisecond) // a client that ignores its context
		return nil
	}
	if err := b.Do(ctx, slow); !errors.Is(err, ErrProbeTimeout) {
		t.Fatalf("probe: %v", err)
	}
	if got := b.State(); got != Open {
		t.Fatalf("state after slow probe = %v", got)
	}
	want := []string{"closed>open", "open>half-open", "half-open>open"}
	if len(transitions) != len(want) {
		t.Fatalf("transitions = %v", transitions)
	}
	for i := range want {
		if transitions[i] != want[i] {
			t.Fatalf("transitions = %v", transitions)
		}
	}
}
