package extractor

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type benchMotor struct{}

func (benchMotor) Spin(ctx context.Context, basket, rpm int, d time.Duration) error {
	t := time.NewTimer(time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type tableRefractometer map[string]float64

func (r tableRefractometer) Moisture(ctx context.Context, frameID string) (float64, error) {
	if m, ok := r[frameID]; ok {
		return m, nil
	}
	return 17.0, nil
}

type settlingTank struct {
	mu   sync.Mutex
	lots map[string]int
}

func (t *settlingTank) Pour(ctx context.Context, lot string, grams int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lots == nil {
		t.lots = make(map[string]int)
	}
	t.lots[lot] += grams
	return nil
}

func TestExtractTwoSupersThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	tank := &settlingTank{}
	ex, err := New(Config{
		Baskets:       4,
		Lot:           "2024-JUL-LINDEN",
		EfficiencyPct: 90,
		Motor:         benchMotor{},
		Refractometer: tableRefractometer{"H3-S2-F5": 20.4},
		Tank:          tank,
		Logger:        log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	first, err := ex.ExtractSuper(ctx, "H1-S1", []Frame{
		{ID: "H1-S1-F1", Hive: "H1", CappedPct: 95, GrossGrams: 2600, TareGrams: 600},
		{ID: "H1-S1-F2", Hive: "H1", CappedPct: 90, GrossGrams: 2400, TareGrams: 600},
		{ID: "H1-S1-F3", Hive: "H1", CappedPct: 85, GrossGrams: 2200, TareGrams: 600},
	})
	if err != nil {
		t.Fatalf("first super: %v", err)
	}
	if first.HoneyGrams != (2000+1800+1600)*90/100 {
		t.Errorf("first super yielded %d g", first.HoneyGrams)
	}

	second, err := ex.ExtractSuper(ctx, "H3-S2", []Frame{
		{ID: "H3-S2-F4", Hive: "H3", CappedPct: 70, GrossGrams: 2300, TareGrams: 650},
		{ID: "H3-S2-F5", Hive: "H3", CappedPct: 55, GrossGrams: 2100, TareGrams: 650},
	})
	if err != nil {
		t.Fatalf("second super: %v", err)
	}
	if second.Rejected != 1 || second.Frames[1].FrameID != "H3-S2-F5" || !second.Frames[1].Rejected {
		t.Errorf("second super: want H3-S2-F5 set aside, got %+v", second.Frames)
	}

	totals := ex.Close()
	if totals.Supers != 2 || totals.Frames != 5 || totals.Rejected != 1 {
		t.Errorf("totals = %+v", totals)
	}
	if got, want := tank.lots["2024-JUL-LINDEN"], totals.HoneyGrams; got != want {
		t.Errorf("tank holds %d g, totals say %d g", got, want)
	}
	if _, err := ex.ExtractSuper(ctx, "H4-S1", []Frame{{ID: "x", CappedPct: 90, GrossGrams: 10, TareGrams: 1}}); err != ErrClosed {
		t.Errorf("ExtractSuper after Close: %v, want ErrClosed", err)
	}
}
