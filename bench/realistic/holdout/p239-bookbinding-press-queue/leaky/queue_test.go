package press

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// benchPress simulates the standing press with one press minute lasting
// one millisecond. The first clamp of any job listed in wobbly reports a
// badly seated platen.
type benchPress struct {
	mu      sync.Mutex
	clamped map[string]int
	wobbly  map[string]bool
}

func (p *benchPress) Clamp(ctx context.Context, station int, job Job, dwell time.Duration) error {
	p.mu.Lock()
	p.clamped[job.ID]++
	first := p.clamped[job.ID] == 1
	p.mu.Unlock()
	if first && p.wobbly[job.ID] {
		return ErrNotSeated
	}
	select {
	case <-time.After(dwell / time.Minute * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

func TestShiftEndsDuringBoardRestock(t *testing.T) {
	defer goleak.VerifyNone(t)

	hw := &benchPress{clamped: make(map[string]int), wobbly: map[string]bool{"B-102": true}}
	results := make(chan Result, 16)
	q, err := New(hw, Config{
		Stations: 3,
		Retries:  1,
		Logger:   log.New(logWriter{t}, "", 0),
		OnResult: func(r Result) { results <- r },
	})
	if err != nil {
		t.Fatalf("new queue: %v", err)
	}

	batch := []Job{
		{ID: "B-101", Title: "Herbarium notes", Signatures: 12, Thickness: 18, Glue: PVA},
		{ID: "B-102", Title: "Parish register", Signatures: 30, Thickness: 42, Glue: HideGlue},
		{ID: "B-103", Title: "Field journal", Signatures: 8, Thickness: 11, Glue: PUR},
		{ID: "B-104", Title: "Poems (rush)", Signatures: 4, Thickness: 6, Glue: PVA, Rush: true},
		{ID: "B-105", Title: "Ledger", Signatures: 20, Thickness: 35, Glue: PVA},
	}
	for _, j := range batch {
		if err := q.Submit(j); err != nil {
			t.Fatalf("submit %s: %v", j.ID, err)
		}
	}

	got := make(map[string]Result)
	timeout := time.After(3 * time.Second)
	for len(got) < len(batch) {
		select {
		case r := <-results:
			got[r.Job.ID] = r
		case <-timeout:
			t.Fatalf("only %d of %d jobs pressed", len(got), len(batch))
		}
	}
	for id, r := range got {
		if r.Err != nil {
			t.Errorf("%s: %v", id, r.Err)
		}
	}
	if r := got["B-102"]; r.Attempts != 2 {
		t.Errorf("B-102 attempts = %d, want 2", r.Attempts)
	}

	q.Hold("restocking pressing boards")
	late := Job{ID: "B-106", Title: "Recipe book", Signatures: 10, Thickness: 15, Glue: PVA}
	if err := q.Submit(late); err != nil {
		t.Fatalf("submit during hold: %v", err)
	}
	if s := q.Stats(); s.Pending != 1 || !s.Held {
		t.Errorf("stats during hold = %+v", s)
	}

	left := q.Close()
	if len(left) != 1 || left[0].ID != late.ID {
		t.Errorf("carried over %v, want [%s]", left, late.ID)
	}
	if s := q.Stats(); s.Pressed != len(batch) || s.Failed != 0 {
		t.Errorf("final stats = %+v", s)
	}
	if err := q.Submit(late); err != ErrClosed {
		t.Errorf("submit after close = %v, want ErrClosed", err)
	}
}
