package cellar

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock hands out manually driven tickers, one per interval.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	tickers map[time.Duration]chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, tickers: make(map[time.Duration]chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *fakeClock) channel(d time.Duration) chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.tickers[d]
	if !ok {
		ch = make(chan time.Time)
		c.tickers[d] = ch
	}
	return ch
}

func (c *fakeClock) NewTicker(d time.Duration) Ticker { return fakeTicker{c: c.channel(d)} }

// tick delivers t to the ticker with interval d and returns once the loop
// owning that ticker has received it.
func (c *fakeClock) tick(d time.Duration, t time.Time) { c.channel(d) <- t }

type fakeTicker struct{ c chan time.Time }

func (f fakeTicker) C() <-chan time.Time { return f.c }
func (f fakeTicker) Stop()               {}

type fakeWMS struct {
	mu     sync.Mutex
	levels map[string]map[SKU]int
	calls  chan string
}

func (f *fakeWMS) StockLevels(ctx context.Context, warehouseID string) (map[SKU]int, error) {
	f.calls <- warehouseID
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[SKU]int)
	for sku, n := range f.levels[warehouseID] {
		out[sku] = n
	}
	return out, nil
}

const (
	opusOne  SKU = "OPUS-ONE-2018-750"
	ridgeMB  SKU = "RIDGE-MONTEBELLO-2019-750"
	syncTick     = 5 * time.Minute
	reapTick     = 10 * time.Minute
)

func TestSyncDuringWarehouseMaintenance(t *testing.T) {
	defer goleak.VerifyNone(t)

	t0 := time.Date(2024, 1, 8, 6, 0, 0, 0, time.UTC)
	clk := newFakeClock(t0)
	wms := &fakeWMS{
		levels: map[string]map[SKU]int{
			"napa":   {opusOne: 10},
			"sonoma": {opusOne: 5, ridgeMB: 2},
			"lodi":   {ridgeMB: 3},
		},
		calls: make(chan string, 16),
	}
	svc, err := New(Config{
		Warehouses: []WarehouseConfig{
			{ID: "napa", Name: "Napa Bonded"},
			{ID: "sonoma", Name: "Sonoma Cellars", Maintenance: []Window{
				{Start: t0.Add(time.Hour), End: t0.Add(5 * time.Hour)},
			}},
			{ID: "lodi", Name: "Lodi Overflow"},
		},
		SyncInterval:   syncTick,
		ReapInterval:   reapTick,
		ReservationTTL: 48 * time.Hour,
		Clock:          clk,
	}, wms)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	if err := svc.SyncNow(ctx); err != nil {
		t.Fatalf("initial sync: %v", err)
	}
	for i := 0; i < 3; i++ {
		<-wms.calls
	}
	if got := svc.Available(opusOne); got != 15 {
		t.Fatalf("Available(%s) = %d, want 15", opusOne, got)
	}

	rsv, err := svc.Reserve(ctx, "Le Bernardin", opusOne, 12)
	if err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	if _, err := svc.Reserve(ctx, "Per Se", opusOne, 4); !errors.Is(err, ErrInsufficientStock) {
		t.Fatalf("Reserve beyond stock: got %v, want %v", err, ErrInsufficientStock)
	}

	svc.Start(ctx)
	defer svc.Close()

	// Two reaper ticks: the second is only received once the first has
	// been fully handled.
	expired := rsv.ExpiresAt.Add(time.Minute)
	clk.tick(reapTick, expired)
	clk.tick(reapTick, expired)
	if got := svc.Available(opusOne); got != 15 {
		t.Fatalf("after reaping Available(%s) = %d, want 15", opusOne, got)
	}
	if err := svc.Release(rsv.ID); !errors.Is(err, ErrUnknownReservation) {
		t.Fatalf("Release reaped reservation: got %v, want %v", err, ErrUnknownReservation)
	}

	// Sonoma goes down for its stocktake; the periodic sync must skip it.
	clk.set(t0.Add(2 * time.Hour))
	clk.tick(syncTick, clk.Now())
	polled := map[string]bool{<-wms.calls: true, <-wms.calls: true}
	if !polled["napa"] || !polled["lodi"] {
		t.Fatalf("polled %v, want napa and lodi", polled)
	}
	svc.Close()
}
