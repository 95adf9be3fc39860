package ci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRunCancelledPipeline(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &MemorySink{}
	r := NewRunner(WithSink(sink), WithStepTimeout(time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	started := make(chan struct{})
	steps := []Step{
		{Name: "checkout", Exec: func(ctx context.Context, out io.Writer) error {
			_, err := fmt.Fprintln(out, "cloned at abc123")
			return err
		}},
		{Name: "test", Exec: func(ctx context.Context, out io.Writer) error {
			fmt.Fprintln(out, "=== RUN TestEverything")
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}},
		{Name: "publish", Exec: func(ctx context.Context, out io.Writer) error {
			t.Error("publish ran after cancellation")
			return nil
		}},
	}

	go func() {
		<-started
		cancel()
	}()
	results, err := r.Run(ctx, steps)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if len(results) != 2 || results[0].Lines != 1 || results[0].Err != nil {
		t.Fatalf("unexpected results: %+v", results)
	}
	if got := sink.Lines("checkout"); len(got) != 1 || got[0] != "cloned at abc123" {
		t.Fatalf("checkout log = %q", got)
	}
}
