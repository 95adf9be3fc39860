package riskmon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanFeed chan Execution

func (f chanFeed) Next(ctx context.Context) (Execution, error) {
	select {
	case ex := <-f:
		return ex, nil
	case <-ctx.Done():
		return Execution{}, ctx.Err()
	}
}

type staticRefData map[string]Instrument

func (r staticRefData) Instrument(symbol string) (Instrument, error) {
	inst, ok := r[symbol]
	if !ok {
		return Instrument{}, fmt.Errorf("unknown instrument %q", symbol)
	}
	return inst, nil
}

type chanAlerter chan Alert

func (a chanAlerter) Alert(ctx context.Context, al Alert) error {
	select {
	case a <- al:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestMonitorSurvivesBadReferenceData(t *testing.T) {
	defer goleak.VerifyNone(t)

	feed := make(chanFeed)
	alerts := make(chanAlerter, 4)
	errs := make(chan error, 4)
	ref := staticRefData{
		"ESZ4": {Symbol: "ESZ4", LotSize: 1, Multiplier: 50},
		// Freshly listed contract with incomplete reference data.
		"MESZ4": {Symbol: "MESZ4", Multiplier: 5},
	}
	m := New(feed, ref, alerts,
		WithClock(fixedClock(time.Date(2024, 11, 4, 14, 30, 0, 0, time.UTC))),
		WithDefaultLimits(Limits{MaxLots: 10}),
		WithErrorHandler(func(err error) { errs <- err }),
		WithShutdownTimeout(100*time.Millisecond),
	)
	m.Start(context.Background())

	feed <- Execution{ID: "e1", Account: "desk-7", Symbol: "ESZ4", Side: Buy, Qty: 6, Price: 5810.25}
	feed <- Execution{ID: "e2", Account: "desk-7", Symbol: "ESZ4", Side: Buy, Qty: 6, Price: 5811.00}
	a := <-alerts
	if a.Kind != PositionLimit || a.Account != "desk-7" || a.Symbol != "ESZ4" || a.Value != 12 {
		t.Fatalf("alert = %v", a)
	}
	if p, ok := m.Position("desk-7", "ESZ4"); !ok || p.Qty != 12 {
		t.Fatalf("position = %+v, %v; want qty 12", p, ok)
	}

	feed <- Execution{ID: "e3", Account: "desk-7", Symbol: "MESZ4", Side: Buy, Qty: 3, Price: 5811.50}
	if err := <-errs; !strings.Contains(err.Error(), "e3") {
		t.Fatalf("error = %v, want one about e3", err)
	}

	// The desk flattens; the monitor must keep booking executions.
	feed <- Execution{ID: "e4", Account: "desk-7", Symbol: "ESZ4", Side: Sell, Qty: 12, Price: 5809.75}

	if err := m.Close(); err != nil {
		t.Logf("Close: %v", err)
	}
}
