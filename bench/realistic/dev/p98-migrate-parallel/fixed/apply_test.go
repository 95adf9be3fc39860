package migrate

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func ok(ctx context.Context) error { return nil }

func waitForCancel(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestApplyAll(t *testing.T) {
	defer goleak.VerifyNone(t)

	steps := []Step{{ID: "a", Up: ok}, {ID: "b", Up: ok}, {ID: "c", Up: ok}}
	got, err := Apply(context.Background(), steps, WithConcurrency(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != "a" || got[2].ID != "c" {
		t.Fatalf("applied = %+v", got)
	}
}

func TestApplyStopsAtFirstFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	errLocked := errors.New("lock timeout on table orders")
	steps := []Step{
		{ID: "0007_add_index", Up: waitForCancel},
		{ID: "0008_orders_fk", Up: func(ctx context.Context) error { return errLocked }},
		{ID: "0009_backfill", Up: ok},
		{ID: "0010_drop_legacy", Up: ok},
		{ID: "0011_rename_col", Up: ok},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	_, err := Apply(ctx, steps, WithConcurrency(2), WithStepTimeout(500*time.Millisecond))
	var se *StepError
	if !errors.As(err, &se) || se.ID != "0008_orders_fk" || !errors.Is(err, errLocked) {
		t.Fatalf("Apply error = %v, want failure of 0008_orders_fk", err)
	}
}
