package cron

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSlowJobTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t)

	errs := make(chan error, 16)
	s := New(WithTick(time.Millisecond), WithErrorHandler(func(job string, err error) {
		select {
		case errs <- err:
		default:
		}
	}))
	sched, err := Parse("@every 2ms")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Add(&Job{
		Name:     "reindex",
		Schedule: sched,
		Timeout:  5 * time.Millisecond,
		Run: func(ctx context.Context) error {
			select {
			case <-time.After(time.Second):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer s.Stop()

	select {
	case err := <-errs:
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("got %v, want a timeout", err)
		}
	case <-time.After(time.Second):
		t.Fatal("job never timed out")
	}
}
