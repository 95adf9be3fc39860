package bakery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingOven struct {
	mu      sync.Mutex
	batches []Batch
}

func (o *recordingOven) Bake(ctx context.Context, b Batch) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.batches = append(o.batches, b)
	return nil
}

func (o *recordingOven) snapshot() []Batch {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Batch(nil), o.batches...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestMorningRushThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	oven := &recordingOven{}
	b, err := New(oven, Config{
		Lines:        3,
		BatchSize:    4,
		TrayCapacity: 24,
		BakeTimeout:  time.Second,
		Logger:       log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	opening := time.Date(2024, 3, 2, 5, 30, 0, 0, time.UTC)
	checkouts := map[string][]Program{
		"web":       {Croissant, Croissant, Croissant, Sourdough},
		"wholesale": {Croissant, Croissant, Croissant, Rye},
		"counter":   {Croissant, Croissant, Croissant, Sourdough},
	}
	var wg sync.WaitGroup
	for channel, progs := range checkouts {
		wg.Add(1)
		go func(channel string, progs []Program) {
			defer wg.Done()
			for i, p := range progs {
				o := Order{
					ID:       fmt.Sprintf("%s-%03d", channel, i),
					Customer: channel,
					Program:  p,
					Qty:      6 * (i + 1),
					Due:      opening.Add(time.Duration(i) * 15 * time.Minute),
				}
				if err := b.Submit(o); err != nil {
					t.Errorf("Submit(%s): %v", o.ID, err)
				}
			}
		}(channel, progs)
	}
	wg.Wait()

	if err := b.Submit(Order{ID: "web-bad", Program: "pretzel", Qty: 3}); !errors.Is(err, ErrInvalidOrder) {
		t.Errorf("Submit(unknown program) = %v, want ErrInvalidOrder", err)
	}

	waitFor(t, "full croissant batches to leave the ovens", func() bool {
		s := b.Stats()
		return s.Batches == 2 && s.IdleLines == 3
	})

	if err := b.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Submit(Order{ID: "late-1", Program: Rye, Qty: 2}); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Close = %v, want ErrClosed", err)
	}

	baked := oven.snapshot()
	perProgram := map[Program]int{}
	for _, batch := range baked {
		perProgram[batch.Program] += len(batch.Orders)
		if batch.Trays < 1 {
			t.Errorf("batch %+v has no trays", batch)
		}
	}
	want := map[Program]int{Croissant: 9, Sourdough: 2, Rye: 1}
	for p, n := range want {
		if perProgram[p] != n {
			t.Errorf("%s: baked %d orders, want %d", p, perProgram[p], n)
		}
	}
	if len(baked) != 5 {
		t.Errorf("oven ran %d batches, want 5", len(baked))
	}
	if s := b.Stats(); s.BakedOrders != 12 || s.Queued != 0 || s.Failed != 0 {
		t.Errorf("final stats = %+v", s)
	}
}
