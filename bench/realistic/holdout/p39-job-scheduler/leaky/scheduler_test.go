package sched

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRetriesUntilSuccess(t *testing.T) {
	defer goleak.VerifyNone(t)

	var calls atomic.Int32
	err := retry(context.Background(), 3, time.Millisecond, func(context.Context) error {
		if calls.Add(1) < 3 {
			return errors.New("flaky")
		}
		return nil
	})
	if err != nil || calls.Load() != 3 {
		t.Fatalf("err=%v calls=%d", err, calls.Load())
	}
}

func TestShutdownWaitsForSlowJob(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := New(WithResolution(time.Millisecond), WithRetries(1, time.Millisecond), WithLogger(t.Logf))
	var runs atomic.Int32
	slow := func(ctx context.Context) error {
		runs.Add(1)
		select {
		case <-time.After(15 * time.Millisecond):
		case <-ctx.Done():
		}
		return nil
	}
	if err := s.Add("compact", Every(2*time.Millisecond), slow); err != nil {
		t.Fatal(err)
	}
	s.Start()
	time.Sleep(40 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if runs.Load() == 0 {
		t.Error("job never ran")
	}
}
