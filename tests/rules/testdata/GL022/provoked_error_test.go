package provokederror

import (
	"context"
	"errors"
	"testing"
)

// A test that provokes an error on purpose and waits for it: its goroutine sends only
// when the call fails, which is what the test makes happen.

func call(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestCancelledCallFails(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	errCh := make(chan error)
	go func() {
		if err := call(ctx); err != nil {
			errCh <- err
		}
	}()
	cancel()
	if err := <-errCh; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
