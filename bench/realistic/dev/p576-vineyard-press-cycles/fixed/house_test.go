package press

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memJournal struct {
	mu      sync.Mutex
	entries []Summary
}

func (j *memJournal) Append(ctx context.Context, s Summary) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, s)
	return ctx.Err()
}

type tLogger struct{ t *testing.T }

func (l tLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

// champagneProgram returns readings for a classic stepped press program:
// drain, then rising steps with rotations in between.
func champagneProgram(start time.Time) []Reading {
	steps := []struct {
		set, litres, brix float64
		n                 int
	}{
		{0, 180, 19.8, 4},
		{0.4, 95, 19.6, 6},
		{0.8, 70, 19.3, 6},
		{1.2, 40, 18.9, 4},
		{1.6, 30, 18.2, 4},
		{2.0, 12, 17.5, 3},
	}
	var out []Reading
	at := start
	for _, s := range steps {
		for i := 0; i < s.n; i++ {
			at = at.Add(90 * time.Second)
			out = append(out, Reading{At: at, Setpoint: s.set, Bar: s.set - 0.02, Litres: s.litres, Brix: s.brix, PH: 3.05 + s.set/20})
		}
	}
	return out
}

func TestRestartAfterMembraneFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	journal := &memJournal{}
	cfg := DefaultConfig()
	cfg.Logger = tLogger{t}
	house, err := NewHouse(journal, cfg)
	if err != nil {
		t.Fatal(err)
	}
	load := Load{Block: "CL7", Variety: "Chardonnay", Kg: 4000}
	start := time.Date(2023, 9, 21, 6, 0, 0, 0, time.UTC)

	first, err := house.BeginCycle("P2", load)
	if err != nil {
		t.Fatal(err)
	}
	prog := champagneProgram(start)
	for _, rd := range prog[:8] {
		if err := house.Record("P2", rd); err != nil {
			t.Fatalf("reading at %v: %v", rd.At, err)
		}
	}
	leak := Reading{At: start.Add(13 * time.Minute), Setpoint: 0.8, Bar: 0.31}
	var fe *FaultError
	if err := house.Record("P2", leak); !errors.As(err, &fe) || fe.Cycle != first {
		t.Fatalf("got %v, want membrane fault on %s", err, first)
	}
	if _, err := house.BeginCycle("P1", load); err != nil {
		t.Fatal(err)
	}
	if _, err := house.BeginCycle("P1", load); !errors.Is(err, ErrCycleActive) {
		t.Fatalf("second BeginCycle on busy press: got %v", err)
	}

	// Membrane patched; the same fruit is pressed again from the start.
	second, err := house.BeginCycle("P2", load)
	if err != nil {
		t.Fatalf("restart after fault: %v", err)
	}
	if second == first {
		t.Fatalf("restart reused cycle id %s", first)
	}
	for _, rd := range champagneProgram(start.Add(40 * time.Minute)) {
		if err := house.Record("P2", rd); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	sum, err := house.EndCycle(ctx, "P2")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cycle != second || sum.Aborted != "" {
		t.Fatalf("unexpected summary %+v", sum)
	}
	if len(sum.Fractions) != 4 || sum.Fractions[0].Fraction != FreeRun || sum.Fractions[0].Litres != 720 {
		t.Fatalf("fractions %+v", sum.Fractions)
	}
	if sum.LitresPerTonne < 450 || sum.LitresPerTonne > 637 {
		t.Fatalf("yield %.0f L/t outside the appellation band", sum.LitresPerTonne)
	}
	if err := house.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
