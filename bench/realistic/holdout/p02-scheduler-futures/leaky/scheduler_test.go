package sched

import (
	"context"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestNotifyDoesNotWait(t *testing.T) {
	defer goleak.VerifyNone(t)
	var wg sync.WaitGroup
	wg.Add(2)
	n := NewNotifier(NewScheduler(2), func(ctx context.Context, to, msg string) error {
		defer wg.Done()
		return nil
	})
	n.Notify(context.Background(), "ada", "build passed")
	n.Notify(context.Background(), "bob", "build failed")
	wg.Wait()
	r := <-NewScheduler(1).Submit(context.Background(), "sum", func(context.Context) (string, error) { return "42", nil })
	if r.Value != "42" {
		t.Fatal(r)
	}
}
