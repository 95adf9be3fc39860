package tension

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLoom struct {
	id      string
	perPick time.Duration
	laid    atomic.Int64
}

func (l *fakeLoom) ID() string { return l.id }

func (l *fakeLoom) WeavePicks(ctx context.Context, n int) (int, error) {
	select {
	case <-time.After(time.Duration(n) * l.perPick):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	l.laid.Add(int64(n))
	return n, nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func waitFor(t *testing.T, c *Controller, what string, ok func(map[string]StationStats) bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		m := make(map[string]StationStats)
		for _, s := range c.Stats() {
			m[s.Loom] = s
		}
		if ok(m) {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s: %+v", what, c.Stats())
}

func TestShiftWithDriftingWarps(t *testing.T) {
	defer goleak.VerifyNone(t)

	c := New(WithBatch(100), WithSettleReadings(2), WithLogger(testLogger{t}))
	twill := Band{Min: 180, Max: 220}
	poplin := Band{Min: 240, Max: 280}
	l1 := &fakeLoom{id: "L1", perPick: 10 * time.Microsecond}
	l2 := &fakeLoom{id: "L2", perPick: 10 * time.Microsecond}
	l3 := &fakeLoom{id: "L3", perPick: 10 * time.Microsecond}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := c.Start(ctx,
		Order{Style: "twill-3/1", Loom: l1, Band: twill, Picks: 400},
		Order{Style: "twill-2/2", Loom: l2, Band: twill, Picks: 600},
		Order{Style: "poplin", Loom: l3, Band: poplin, Picks: 600},
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Observe(Reading{Loom: "L9", Newtons: 200}); !errors.Is(err, ErrUnknownLoom) {
		t.Fatalf("reading from unregistered loom: %v", err)
	}

	now := time.Now()
	feed := []Reading{
		{Loom: "L1", Newtons: 196, At: now},
		{Loom: "L2", Newtons: 150, At: now},
		{Loom: "L3", Newtons: 301, At: now},
		{Loom: "L1", Newtons: 203, At: now.Add(time.Millisecond)},
		{Loom: "L2", Newtons: 148, At: now.Add(time.Millisecond)},
		{Loom: "L3", Newtons: 262, At: now.Add(time.Millisecond)},
		{Loom: "L3", Newtons: 296, At: now.Add(2 * time.Millisecond)},
	}
	for _, r := range feed {
		if err := c.Observe(r); err != nil {
			t.Fatal(err)
		}
	}

	waitFor(t, c, "L1 to finish with L2 and L3 held", func(m map[string]StationStats) bool {
		return m["L1"].State == StateDone &&
			m["L2"].State == StateWaiting && m["L3"].State == StateWaiting
	})
	if got := l1.laid.Load(); got != 400 {
		t.Errorf("L1 laid %d picks, want 400", got)
	}
	if l2.laid.Load() != 0 || l3.laid.Load() != 0 {
		t.Errorf("out-of-band looms wove: L2=%d L3=%d", l2.laid.Load(), l3.laid.Load())
	}

	c.Stop()
	if err := c.Start(ctx, Order{Style: "satin", Loom: &fakeLoom{id: "L4"}, Band: twill, Picks: 10}); !errors.Is(err, ErrStopped) {
		t.Errorf("start after stop: %v", err)
	}
}
