package rota

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	tickers []*fakeTicker
}

type fakeTicker struct {
	ch chan time.Time
}

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTicker{ch: make(chan time.Time, 1)}
	c.tickers = append(c.tickers, t)
	return t
}

// feedingTime advances the simulated clock and fires every tank's ticker.
func (c *fakeClock) feedingTime(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	tickers := append([]*fakeTicker(nil), c.tickers...)
	c.mu.Unlock()
	for _, t := range tickers {
		select {
		case t.ch <- now:
		default:
		}
	}
}

type recordingDispenser struct {
	mu    sync.Mutex
	grams map[string]int
	calls int
}

func (d *recordingDispenser) Dispense(_ context.Context, tankID string, grams int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.grams == nil {
		d.grams = make(map[string]int)
	}
	d.grams[tankID] += grams
	d.calls++
	return nil
}

func (d *recordingDispenser) snapshot() (map[string]int, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]int, len(d.grams))
	for k, v := range d.grams {
		out[k] = v
	}
	return out, d.calls
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestRotaRunsOutOfFoodAndShutsDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	wednesday := time.Date(2024, time.March, 6, 8, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: wednesday}
	disp := &recordingDispenser{}
	tanks := []Tank{
		{ID: "reef-1", Species: "clownfish", PortionGrams: 8, Interval: 4 * time.Hour},
		{ID: "koi-pond", Species: "koi", PortionGrams: 15, Interval: 4 * time.Hour},
		{ID: "shrimp-3", Species: "cleaner shrimp", PortionGrams: 3, Interval: 4 * time.Hour, FastDays: []time.Weekday{time.Sunday}},
	}
	r, err := New(disp, tanks, WithClock(clock), WithHopper(100, 30), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}

	// Morning round: 26 g of the 30 g in the hopper.
	clock.feedingTime(4 * time.Hour)
	waitFor(t, "morning round", func() bool { _, n := disp.snapshot(); return n == 3 })

	// Midday round: only the shrimp's portion fits in what is left.
	clock.feedingTime(4 * time.Hour)
	waitFor(t, "reef and koi to wait for food", func() bool {
		_, waiting := r.HopperLevel()
		_, n := disp.snapshot()
		return waiting == 2 && n == 4
	})

	// A keeper tops up with a small scoop: enough for the reef tank only.
	if err := r.Refill(10); err != nil {
		t.Fatalf("Refill: %v", err)
	}
	waitFor(t, "reef tank fed after refill", func() bool {
		_, waiting := r.HopperLevel()
		_, n := disp.snapshot()
		return waiting == 1 && n == 5
	})

	// End of the keeper's shift.
	r.Stop()

	got, _ := disp.snapshot()
	want := map[string]int{"reef-1": 16, "koi-pond": 15, "shrimp-3": 6}
	for id, g := range want {
		if got[id] != g {
			t.Errorf("tank %s got %d g, want %d g", id, got[id], g)
		}
	}
	if level, _ := r.HopperLevel(); level != 3 {
		t.Errorf("hopper level = %d g, want 3 g", level)
	}
	if n := len(r.History()); n != 5 {
		t.Errorf("history has %d feedings, want 5", n)
	}
}
