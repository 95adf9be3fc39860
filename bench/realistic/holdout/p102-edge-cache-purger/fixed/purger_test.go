package purge

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeEdge rejects the token at one PoP. The other PoPs are slow and only
// answer once the caller gives up on them.
type fakeEdge struct {
	rejectAt string

	mu    sync.Mutex
	calls map[string]int
}

func (e *fakeEdge) Invalidate(ctx context.Context, pop string, _ Request) error {
	e.mu.Lock()
	e.calls[pop]++
	e.mu.Unlock()
	if pop == e.rejectAt {
		return ErrUnauthorized
	}
	<-ctx.Done()
	return ctx.Err()
}

func TestPurgeAbortsOnUnauthorized(t *testing.T) {
	defer goleak.VerifyNone(t)

	pops := []string{"ams", "fra", "iad", "sin"}
	edge := &fakeEdge{rejectAt: "fra", calls: make(map[string]int)}

	p, err := New(edge, pops,
		WithConcurrency(len(pops)),
		WithAttemptTimeout(time.Minute),
		WithRetries(2, time.Millisecond),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	report, err := p.Purge(context.Background(), Request{
		Keys: []string{"https://static.example.com/app.js"},
		Tags: []string{"release-2024-03"},
	})
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Purge: got %v, want ErrUnauthorized", err)
	}
	if report == nil {
		t.Fatal("Purge returned a nil report")
	}

	if len(report.Results) != 0 {
		t.Errorf("report has %d results, want none before the abort", len(report.Results))
	}

	// The token rejection is final: the PoP must not be retried.
	edge.mu.Lock()
	n := edge.calls["fra"]
	edge.mu.Unlock()
	if n != 1 {
		t.Errorf("fra contacted %d times, want 1", n)
	}
}
