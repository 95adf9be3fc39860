package jobs

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestTwoJobsWithSlowWebhook(t *testing.T) {
	defer goleak.VerifyNone(t)

	var mu sync.Mutex
	var lines []string
	webhook := func(line string) error {
		time.Sleep(20 * time.Millisecond) // a chat webhook round trip
		mu.Lock()
		lines = append(lines, line)
		mu.Unlock()
		return nil
	}

	tr := NewTracker()
	n := StartNotifier(tr, webhook)
	tr.Add("build-1")
	tr.Add("build-2")

	workers := make(chan struct{})
	go func() {
		defer close(workers)
		for _, id := range []string{"build-1", "build-2"} {
			if err := tr.Transition(id, Running); err != nil {
				t.Error(err)
			}
			if err := tr.Transition(id, Succeeded); err != nil {
				t.Error(err)
			}
		}
	}()
	select {
	case <-workers:
	case <-time.After(500 * time.Millisecond):
		t.Error("workers stuck reporting status")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := n.Shutdown(ctx); err != nil {
		t.Errorf("notifier shutdown: %v", err)
	}
}
