package cider

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCellar struct {
	mu        sync.Mutex
	stored    map[string]Record
	discarded map[string]string
}

func (c *memCellar) Store(_ context.Context, rec Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stored[rec.Batch.ID] = rec
	return nil
}

func (c *memCellar) Discard(_ context.Context, batchID, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.discarded[batchID] = reason
	return nil
}

func TestPressingDay(t *testing.T) {
	defer goleak.VerifyNone(t)

	cellar := &memCellar{stored: map[string]Record{}, discarded: map[string]string{}}
	h, err := NewPressHouse(cellar,
		WithPresses(3),
		WithTank(GradeBlend, "steel-4"),
		WithLogger(log.New(os.Stderr, "press: ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	batches := []Batch{
		{ID: "KB-14", Orchard: "Burrow Hill", Block: "4", Variety: "Kingston Black", ApplesKg: 1200},
		{ID: "DAB-07", Orchard: "Burrow Hill", Block: "7", Variety: "Dabinett", ApplesKg: 1800},
		{ID: "YM-03", Orchard: "Lower Farm", Block: "3", Variety: "Yarlington Mill", ApplesKg: 950},
	}
	for _, b := range batches {
		if err := h.Load(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Load(Batch{ID: "BROWN-1", Variety: "Brown Snout"}); !errors.Is(err, ErrPressesBusy) {
		t.Fatalf("fourth batch: %v", err)
	}

	readings := map[string][]Reading{
		"KB-14":  {{Press: 1, Litres: 260, Brix: 13.1}, {Press: 1, Litres: 240, Brix: 13.4}, {Press: 1, Litres: 230, Brix: 12.9}},
		"DAB-07": {{Press: 2, Litres: 420, Brix: 11.2}, {Press: 2, Litres: 390, Brix: 12.0}, {Press: 2, Litres: 310, Brix: 11.6}},
		"YM-03":  {{Press: 3, Litres: 210, Brix: 12.2, PatulinPPB: 12}, {Press: 3, Litres: 190, Brix: 12.4, PatulinPPB: 85}},
	}
	for id, rs := range readings {
		for _, r := range rs {
			err := h.Record(ctx, id, r)
			if id == "YM-03" && r.PatulinPPB > 50 {
				if !errors.Is(err, ErrRejected) {
					t.Fatalf("YM-03 at %.0f µg/L: %v", r.PatulinPPB, err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := h.Record(ctx, "YM-03", Reading{Press: 3, Litres: 100}); !errors.Is(err, ErrUnknownBatch) {
		t.Fatalf("reading after rejection: %v", err)
	}

	kb, err := h.Finish(ctx, "KB-14")
	if err != nil {
		t.Fatal(err)
	}
	if kb.Grade != GradeSingleVariety || kb.Tank != "oak-1" || kb.Totals.Litres != 730 {
		t.Fatalf("KB-14: %+v", kb)
	}
	dab, err := h.Finish(ctx, "DAB-07")
	if err != nil {
		t.Fatal(err)
	}
	if dab.Grade != GradeBlend || dab.Tank != "steel-4" {
		t.Fatalf("DAB-07: %+v", dab)
	}

	if _, ok := cellar.discarded["YM-03"]; !ok {
		t.Fatal("YM-03 not discarded")
	}
	if left := h.OnPress(); len(left) != 0 {
		t.Fatalf("still on press: %v", left)
	}
	if abandoned := h.Close(); len(abandoned) != 0 {
		t.Fatalf("abandoned at close: %v", abandoned)
	}
}
