package workshop

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type event struct {
	order  Order
	update StageUpdate
	err    error
}

type chanNotifier struct {
	events chan event
}

func (n *chanNotifier) StageChanged(o Order) { n.events <- event{order: o} }

func (n *chanNotifier) UpdateRejected(u StageUpdate, err error) {
	n.events <- event{update: u, err: err}
}

func (n *chanNotifier) next(t *testing.T) (event, bool) {
	t.Helper()
	select {
	case ev := <-n.events:
		return ev, true
	case <-time.After(500 * time.Millisecond):
		return event{}, false
	}
}

func TestSkippedStageIsRejectedAndLaterUpdatesApply(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
	n := &chanNotifier{events: make(chan event, 8)}
	w := New(n, WithClock(func() time.Time { return clock }), WithShutdownTimeout(300*time.Millisecond))

	id, err := w.Place(Spec{
		Customer:   "M. Okafor",
		Instrument: Violin,
		Model:      "Guarneri del Gesù 1743",
		Top:        "Alpine spruce",
		Back:       "Bosnian maple",
		Due:        clock.AddDate(0, 6, 0),
	})
	if err != nil {
		t.Fatalf("Place: %v", err)
	}

	ctx := context.Background()
	if err := w.Submit(ctx, StageUpdate{OrderID: id, To: Carving, By: "anna"}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	ev, ok := n.next(t)
	var terr *TransitionError
	if !ok || !errors.As(ev.err, &terr) {
		t.Fatalf("skipping wood selection: got %+v, want TransitionError", ev)
	}

	if err := w.Submit(ctx, StageUpdate{OrderID: id, To: WoodSelected, By: "anna"}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	ev, ok = n.next(t)
	if !ok {
		t.Errorf("no notification for valid update")
	} else if ev.err != nil || ev.order.Stage != WoodSelected || len(ev.order.History) != 1 {
		t.Errorf("valid update: got %+v", ev)
	}

	if err := w.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
