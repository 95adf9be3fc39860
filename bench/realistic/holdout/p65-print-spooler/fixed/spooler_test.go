package spool

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakePrinter struct {
	name    string
	jammed  bool
	mu      sync.Mutex
	printed []string
}

func (p *fakePrinter) Name() string { return p.name }

func (p *fakePrinter) Print(ctx context.Context, job Job) error {
	if p.jammed {
		return errors.New("paper jam")
	}
	p.mu.Lock()
	p.printed = append(p.printed, job.ID)
	p.mu.Unlock()
	return nil
}

func (p *fakePrinter) Status(ctx context.Context) error {
	if p.jammed {
		return errors.New("paper jam")
	}
	return nil
}

func TestSpoolerPrintsAndShutsDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	jammed := &fakePrinter{name: "floor2-laser", jammed: true}
	good := &fakePrinter{name: "floor3-inkjet"}
	s := New([]Printer{jammed, good})

	var results []<-chan error
	for _, id := range []string{"a", "b", "c"} {
		done, err := s.Submit(Job{ID: id, Document: []byte("hello"), Copies: 1})
		if err != nil {
			t.Fatalf("submit %s: %v", id, err)
		}
		results = append(results, done)
	}
	var failed int
	for _, done := range results {
		if err := <-done; err != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("want the first job to fail on the jammed printer, got %d failures", failed)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := s.Submit(Job{ID: "late"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after close: got %v, want ErrClosed", err)
	}
	if len(good.printed) != 2 {
		t.Fatalf("good printer printed %v", good.printed)
	}
}
