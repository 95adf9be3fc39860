package wave

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ ch chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.ch }
func (t *fakeTicker) Stop()               {}

type fakeClock struct{ ticker *fakeTicker }

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	c.ticker = &fakeTicker{ch: make(chan time.Time)}
	return c.ticker
}

// tick blocks until the release loop has taken the tick.
func (c *fakeClock) tick() { c.ticker.ch <- time.Now() }

type fakeLocator struct {
	mu    sync.Mutex
	err   error
	faces map[string]Location
}

func (l *fakeLocator) Locate(_ context.Context, sku string) (Location, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return Location{}, l.err
	}
	loc, ok := l.faces[sku]
	if !ok {
		return Location{}, ErrUnknownSKU
	}
	return loc, nil
}

type fakeDispatcher struct {
	mu    sync.Mutex
	waves []Wave
}

func (d *fakeDispatcher) Dispatch(_ context.Context, w Wave) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.waves = append(d.waves, w)
	return nil
}

func TestPreviewWhileSlottingUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	errSlotting := errors.New("slotting service: 503 service unavailable")
	loc := &fakeLocator{
		err:   errSlotting,
		faces: map[string]Location{"SKU-1": {Zone: "A", Aisle: 3, Bay: 7}},
	}
	clk := &fakeClock{}
	var (
		errMu  sync.Mutex
		bgErrs []error
	)
	planner, err := New(Config{ReleaseInterval: time.Minute}, loc, &fakeDispatcher{},
		WithClock(clk),
		WithErrorHandler(func(err error) {
			errMu.Lock()
			bgErrs = append(bgErrs, err)
			errMu.Unlock()
		}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()
	planner.Start(ctx)
	defer planner.Stop()

	if err := planner.Submit(Order{ID: "o-1", Priority: 1, Received: time.Now(), Lines: []Line{{SKU: "SKU-1", Qty: 2}}}); err != nil {
		t.Fatalf("Submit: %v", err)
	}

	if _, err := planner.Preview(ctx); !errors.Is(err, errSlotting) {
		t.Fatalf("Preview error = %v, want %v", err, errSlotting)
	}

	// The next release runs while the slotting service is still down.
	clk.tick()
}
