package signalling

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type recordingAlerter struct {
	alerts chan Alert
}

func (r *recordingAlerter) Raise(ctx context.Context, a Alert) error {
	select {
	case r.alerts <- a:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *recordingAlerter) next(t *testing.T) Alert {
	t.Helper()
	select {
	case a := <-r.alerts:
		return a
	case <-time.After(time.Second):
		t.Fatal("no alert raised")
		return Alert{}
	}
}

func TestPossessionThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	start := time.Date(2024, 3, 9, 1, 30, 0, 0, time.UTC)
	alerter := &recordingAlerter{alerts: make(chan Alert, 8)}
	m, err := New(Layout{Name: "Down Main", Sections: []string{"TC101", "TC102", "TC103", "TC104"}},
		alerter, WithClock(fixedClock{start}), WithQueueSize(4))
	if err != nil {
		t.Fatal(err)
	}

	if err := m.SetRoute(Route{ID: "S12-S14", Train: "1A23", Sections: []string{"TC101", "TC102"}}); err != nil {
		t.Fatal(err)
	}
	if err := m.SetRoute(Route{ID: "S13-S15", Train: "2B45", Sections: []string{"TC102"}}); !errors.Is(err, ErrRouteConflict) {
		t.Fatalf("conflicting route: got %v, want ErrRouteConflict", err)
	}

	if err := m.Ingest(ctx, Event{Section: "TC102", Kind: Occupied, Train: "2B45", At: start}); err != nil {
		t.Fatal(err)
	}
	if a := alerter.next(t); a.Kind != AlertRouteConflict || a.Route != "S12-S14" {
		t.Fatalf("unexpected alert %+v", a)
	}
	if err := m.Ingest(ctx, Event{Section: "TC104", Kind: Failed, At: start}); err != nil {
		t.Fatal(err)
	}
	if a := alerter.next(t); a.Kind != AlertCircuitFailure || a.Section != "TC104" {
		t.Fatalf("unexpected alert %+v", a)
	}

	// TC103 and TC104 are handed over to an engineering possession.
	if err := m.Reconfigure(Layout{Name: "Down Main (possession)", Sections: []string{"TC101", "TC102"}}); err != nil {
		t.Fatal(err)
	}
	if err := m.Ingest(ctx, Event{Section: "TC103", Kind: Occupied}); !errors.Is(err, ErrUnknownSection) {
		t.Fatalf("event for possessed section: got %v, want ErrUnknownSection", err)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Ingest(ctx, Event{Section: "TC101", Kind: Cleared}); !errors.Is(err, ErrClosed) {
		t.Fatalf("ingest after close: got %v, want ErrClosed", err)
	}
}
