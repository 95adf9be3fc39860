package saga

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memJournal struct {
	mu      sync.Mutex
	entries []Entry
}

func (j *memJournal) Append(ctx context.Context, e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
	return nil
}

// fakeGateway stands in for a payment provider client.
type fakeGateway struct {
	holds map[string]int64
}

func (g *fakeGateway) Authorize(order string, cents int64) string {
	g.holds[order] = cents
	return "auth-" + order
}

type warehouse struct {
	mu       sync.Mutex
	reserved map[string]bool
}

func (w *warehouse) set(order string, v bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reserved[order] = v
}

func (w *warehouse) isReserved(order string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reserved[order]
}

func TestRunCompensatesWhenStepPanics(t *testing.T) {
	defer goleak.VerifyNone(t)

	wh := &warehouse{reserved: make(map[string]bool)}
	gw := &fakeGateway{} // holds never initialised: Authorize panics
	def := Definition{
		Name: "place-order",
		Stages: [][]Step{
			{{
				Name:       "reserve-inventory",
				Do:         func(ctx context.Context, d *Data) error { wh.set(d.Get("order"), true); return nil },
				Compensate: func(ctx context.Context, d *Data) error { wh.set(d.Get("order"), false); return nil },
			}},
			{
				{
					Name: "authorize-payment",
					Do: func(ctx context.Context, d *Data) error {
						d.Set("auth", gw.Authorize(d.Get("order"), 4999))
						return nil
					},
				},
				{
					Name: "schedule-shipment",
					Do:   func(ctx context.Context, d *Data) error { return nil },
				},
			},
		},
	}

	journal := &memJournal{}
	r := NewRunner(journal, WithStageTimeout(100*time.Millisecond))
	data := NewData(map[string]string{"order": "o-1001"})

	err := r.Run(context.Background(), def, "saga-1", data)
	var serr *Error
	if !errors.As(err, &serr) {
		t.Fatalf("Run error = %v, want *Error", err)
	}
	if wh.isReserved("o-1001") {
		t.Fatalf("inventory still reserved after failed saga")
	}
	found := false
	for _, name := range serr.Compensated {
		found = found || name == "reserve-inventory"
	}
	if !found {
		t.Fatalf("compensated %v, want reserve-inventory among them", serr.Compensated)
	}
}
