package ratecache

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
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

// scriptedSource answers FetchRates with the next scripted handler.
type scriptedSource struct {
	mu    sync.Mutex
	steps []func(ctx context.Context, lane Lane) ([]Rate, error)
	calls int
}

func (s *scriptedSource) FetchRates(ctx context.Context, lane Lane) ([]Rate, error) {
	s.mu.Lock()
	s.calls++
	if len(s.steps) == 0 {
		s.mu.Unlock()
		return nil, errors.New("unexpected carrier call")
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	s.mu.Unlock()
	return step(ctx, lane)
}

type recordingMetrics struct {
	nopMetrics
	joined chan Lane
	failed chan error
}

func (m *recordingMetrics) Coalesced(l Lane) { m.joined <- l }

func (m *recordingMetrics) RefreshFailed(_ Lane, err error) { m.failed <- err }

func TestStaleRefreshWhenCarrierClientPanics(t *testing.T) {
	defer goleak.VerifyNone(t)

	entered := make(chan struct{})
	release := make(chan struct{})
	src := &scriptedSource{steps: []func(context.Context, Lane) ([]Rate, error){
		func(context.Context, Lane) ([]Rate, error) {
			return []Rate{{Amount: 1299, Currency: "USD", TransitDays: 5}, {Amount: 2450, Currency: "USD", TransitDays: 2}}, nil
		},
		func(context.Context, Lane) ([]Rate, error) {
			close(entered)
			<-release
			var surcharges map[string]int64
			surcharges["fuel"] = 120 // the carrier SDK trips over its own nil map
			return nil, nil
		},
	}}
	clock := &fakeClock{now: time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)}
	metrics := &recordingMetrics{joined: make(chan Lane, 4), failed: make(chan error, 4)}

	c, err := New(Config{Source: src, Clock: clock, Metrics: metrics, FreshFor: 10 * time.Minute, StaleFor: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	ctx := context.Background()
	lane := Lane{Carrier: "ups", Origin: "US/94107", Destination: "US/10001", Service: "ground", WeightClass: WeightClassOf(1800)}
	card, err := c.Get(ctx, lane)
	if err != nil {
		t.Fatalf("first Get: %v", err)
	}
	if best, _ := card.Cheapest(); best.Amount != 1299 {
		t.Fatalf("cheapest = %d, want 1299", best.Amount)
	}

	clock.Advance(20 * time.Minute)

	// Two checkouts hit the stale card: both are served immediately and the
	// refreshes they trigger collapse into one carrier call.
	if _, err := c.Get(ctx, lane); err != nil {
		t.Fatalf("stale Get: %v", err)
	}
	<-entered
	if _, err := c.Get(ctx, lane); err != nil {
		t.Fatalf("second stale Get: %v", err)
	}
	select {
	case <-metrics.joined:
	case <-time.After(time.Second):
		t.Fatal("second refresh did not join the in-flight fetch")
	}
	close(release)

	select {
	case err := <-metrics.failed:
		if !errors.Is(err, errSourcePanic) {
			t.Fatalf("refresh error = %v, want errSourcePanic", err)
		}
	case <-time.After(time.Second):
		t.Fatal("refresh failure not reported")
	}

	src.mu.Lock()
	calls := src.calls
	src.mu.Unlock()
	if calls != 2 {
		t.Fatalf("carrier called %d times, want 2", calls)
	}
}
