package flags

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSource struct {
	streamErr error
	pollErr   error
	flags     map[string]bool
}

func (f *fakeSource) Stream(ctx context.Context, update func(map[string]bool)) error {
	if f.streamErr != nil {
		return f.streamErr
	}
	update(f.flags)
	<-ctx.Done()
	return ctx.Err()
}

func (f *fakeSource) Poll(ctx context.Context) (map[string]bool, error) {
	if f.pollErr != nil {
		return nil, f.pollErr
	}
	return f.flags, nil
}

var quiet = log.New(io.Discard, "", 0)

func TestStreamedFlags(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := New(&fakeSource{flags: map[string]bool{"new-checkout": true}}, WithLogger(quiet))
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := c.WaitForInitialization(ctx); err != nil {
		t.Fatal(err)
	}
	if !c.Bool("new-checkout", false) {
		t.Fatal("new-checkout should be on")
	}
}

func TestServiceDownFallsBackToDefaults(t *testing.T) {
	defer goleak.VerifyNone(t)
	down := errors.New("connection refused")
	c := New(&fakeSource{streamErr: down, pollErr: down},
		WithPollInterval(5*time.Millisecond), WithReconnectDelay(20*time.Millisecond), WithLogger(quiet))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := c.WaitForInitialization(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitForInitialization = %v, want deadline exceeded", err)
	}
	if c.Bool("new-checkout", false) {
		t.Fatal("default should apply while the service is down")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}
