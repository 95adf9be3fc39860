package hidebatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type tableDosing struct {
	percent map[string]float64
}

func (d tableDosing) Charge(_ context.Context, process string, loadKg float64) (float64, error) {
	p, ok := d.percent[process]
	if !ok {
		return 0, fmt.Errorf("no dosing table for %s", process)
	}
	return loadKg * p / 100, nil
}

type memLedger struct {
	mu      sync.Mutex
	results []Result
}

func (l *memLedger) Record(_ context.Context, r Result) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.results = append(l.results, r)
	return nil
}

func (l *memLedger) batches() map[string]Result {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]Result, len(l.results))
	for _, r := range l.results {
		out[r.BatchID] = r
	}
	return out
}

func makeBatch(id, process string, n int, defects map[int][]Defect) Batch {
	b := Batch{ID: id, Process: process, Supplier: "Hollis Abattoir", Received: time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)}
	for i := 0; i < n; i++ {
		b.Hides = append(b.Hides, Hide{
			Tag:      fmt.Sprintf("%s-%03d", id, i+1),
			Species:  "bovine",
			WeightKg: 28 + float64(i%5),
			Defects:  defects[i],
		})
	}
	return b
}

func TestRouterMondayIntake(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &memLedger{}
	r, err := NewRouter(Config{
		Dosing:     tableDosing{percent: map[string]float64{"chrome": 8, "vegetable": 25, "aldehyde": 6}},
		Ledger:     ledger,
		Logger:     log.New(testWriter{t}, "", 0),
		QueueDepth: 2,
	})
	if err != nil {
		t.Fatal(err)
	}

	intake := []Batch{
		makeBatch("B-101", "chrome", 12, map[int][]Defect{2: {{Kind: "hole", Severity: 4}}}),
		makeBatch("B-102", "vegetable", 8, map[int][]Defect{0: {{Kind: "brand", Severity: 1}}}),
		makeBatch("B-103", "wet-blue", 10, map[int][]Defect{4: {{Kind: "scratch", Severity: 2}, {Kind: "tick", Severity: 3}}}),
		makeBatch("B-104", "Chrome", 6, nil),
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	for _, b := range intake {
		res, err := r.Tan(ctx, b)
		if err != nil {
			t.Fatalf("tan %s: %v", b.ID, err)
		}
		total := 0
		for _, n := range res.Grades {
			total += n
		}
		if total != len(b.Hides) {
			t.Errorf("batch %s: graded %d hides, want %d", b.ID, total, len(b.Hides))
		}
	}

	if _, err := r.Tan(ctx, makeBatch("B-105", "brine", 3, nil)); !errors.Is(err, ErrUnknownProcess) {
		t.Errorf("unknown process: got %v, want ErrUnknownProcess", err)
	}

	got := ledger.batches()
	if len(got) != len(intake) {
		t.Fatalf("ledger has %d batches, want %d", len(got), len(intake))
	}
	if rej := got["B-101"].Rejected; len(rej) != 1 || rej[0] != "B-101-003" {
		t.Errorf("B-101 rejected = %v, want [B-101-003]", rej)
	}
	if p := got["B-103"].Process; p != "chrome" {
		t.Errorf("B-103 process = %q, want chrome", p)
	}
	if n := len(r.Stats()); n != 2 {
		t.Errorf("router reports %d drums, want 2", n)
	}

	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
