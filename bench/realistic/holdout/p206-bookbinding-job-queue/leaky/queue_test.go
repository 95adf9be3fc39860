package bindery

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLine struct {
	mu      sync.Mutex
	perCopy map[Binding]time.Duration
	jamOnce map[string]bool
	bound   []string
}

func (l *fakeLine) Bind(ctx context.Context, job Job) error {
	l.mu.Lock()
	d := l.perCopy[job.Binding] * time.Duration(job.Copies)
	jam := l.jamOnce[job.ID]
	delete(l.jamOnce, job.ID)
	l.mu.Unlock()

	if jam {
		return ErrJammed
	}
	select {
	case <-time.After(d):
	case <-ctx.Done():
		return ctx.Err()
	}
	l.mu.Lock()
	l.bound = append(l.bound, job.ID)
	l.mu.Unlock()
	return nil
}

func TestShutdownWhileCaseBindingCures(t *testing.T) {
	line := &fakeLine{
		perCopy: map[Binding]time.Duration{
			SaddleStitch: 200 * time.Microsecond,
			PerfectBound: 500 * time.Microsecond,
			CoilBound:    300 * time.Microsecond,
			CaseBound:    20 * time.Millisecond,
		},
		jamOnce: map[string]bool{"PB-1042": true},
	}
	done := make(chan Result, 16)
	q, err := New(line, Config{
		Workers:      3,
		Depth:        8,
		RetryBackoff: 5 * time.Millisecond,
		PollInterval: 2 * time.Millisecond,
		OnDone:       func(r Result) { done <- r },
	})
	if err != nil {
		t.Fatal(err)
	}

	quick := []Job{
		{ID: "SS-0311", Title: "Parish newsletter", Binding: SaddleStitch, Signatures: 2, Copies: 40},
		{ID: "PB-1042", Title: "Poetry chapbook", Binding: PerfectBound, Signatures: 6, Copies: 25},
		{ID: "CB-0007", Title: "Lab manual", Binding: CoilBound, Signatures: 9, Copies: 30},
		{ID: "PB-1043", Title: "Trail guide", Binding: PerfectBound, Signatures: 12, Copies: 20},
	}
	for _, j := range quick {
		if err := q.Submit(j); err != nil {
			t.Fatalf("submit %s: %v", j.ID, err)
		}
	}
	if err := q.Submit(Job{ID: "SS-0312", Binding: SaddleStitch, Signatures: 7, Copies: 10}); err == nil {
		t.Fatal("expected validation error for thick saddle-stitched job")
	}

	for range quick {
		select {
		case r := <-done:
			if r.Err != nil {
				t.Fatalf("job %s failed: %v", r.JobID, r.Err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("timed out waiting for quick jobs")
		}
	}
	if st := q.Stats(); st.Completed != 4 || st.Retries != 1 {
		t.Fatalf("unexpected stats: %+v", st)
	}

	if err := q.Submit(Job{ID: "HB-0200", Title: "Family history", Binding: CaseBound, Signatures: 14, Copies: 50}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err = q.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("shutdown: got %v, want deadline exceeded", err)
	}
	if err := q.Submit(Job{ID: "SS-0400", Binding: SaddleStitch, Signatures: 1, Copies: 5}); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after shutdown: got %v, want ErrClosed", err)
	}

	select {
	case r := <-done:
		if r.JobID != "HB-0200" || !errors.Is(r.Err, context.Canceled) {
			t.Fatalf("unexpected result for abandoned job: %+v", r)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("abandoned job never reported")
	}

	goleak.VerifyNone(t)
}
