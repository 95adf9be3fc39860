package inspector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeScanner struct {
	delay    time.Duration
	readings map[string]Measurement
}

func (f *fakeScanner) Measure(ctx context.Context, c Coin) (Measurement, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return Measurement{}, ctx.Err()
	}
	if m, ok := f.readings[c.Serial]; ok {
		return m, nil
	}
	return Measurement{DiameterMM: 24.26, WeightG: 5.67, ThicknessMM: 1.75, SurfaceMarks: 1}, nil
}

func quarterLot(id string, n int) Lot {
	lot := Lot{ID: id, Press: "P-3"}
	struck := time.Date(2024, 3, 11, 6, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		lot.Coins = append(lot.Coins, Coin{
			Serial:       fmt.Sprintf("%s-%04d", id, i),
			Denomination: Quarter,
			Press:        "P-3",
			DieID:        "D-17",
			StruckAt:     struck.Add(time.Duration(i) * 250 * time.Millisecond),
		})
	}
	return lot
}

func TestInspectLotGradesCleanLot(t *testing.T) {
	defer goleak.VerifyNone(t)

	scanner := &fakeScanner{delay: time.Millisecond, readings: map[string]Measurement{
		"L100-0003": {DiameterMM: 24.26, WeightG: 5.20, ThicknessMM: 1.75},
		"L100-0007": {DiameterMM: 24.26, WeightG: 5.67, ThicknessMM: 1.75, SurfaceMarks: 6},
	}}
	in, err := New(scanner, WithWorkers(4), WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	report, err := in.InspectLot(context.Background(), quarterLot("L100", 20))
	if err != nil {
		t.Fatalf("InspectLot: %v", err)
	}
	if report.Inspected != 20 {
		t.Fatalf("inspected %d coins, want 20", report.Inspected)
	}
	if report.ByGrade[GradeScrap] != 1 || report.ByGrade[GradeCirculation] != 1 {
		t.Fatalf("unexpected grades: %s", report.Summary())
	}
}

func TestInspectLotHaltsOnCrackedDie(t *testing.T) {
	defer goleak.VerifyNone(t)

	scanner := &fakeScanner{delay: 2 * time.Millisecond, readings: map[string]Measurement{
		"L200-0009": {DiameterMM: 24.26, WeightG: 5.67, ThicknessMM: 1.75, DieCrack: true},
	}}
	in, err := New(scanner, WithWorkers(4), WithScanTimeout(time.Second),
		WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	report, err := in.InspectLot(ctx, quarterLot("L200", 48))

	var dieErr *DieFailureError
	if !errors.As(err, &dieErr) || !errors.Is(err, ErrDieFailure) {
		t.Fatalf("expected die failure, got %v", err)
	}
	if dieErr.DieID != "D-17" || dieErr.Serial != "L200-0009" {
		t.Fatalf("wrong die failure: %+v", dieErr)
	}
	if report.Inspected >= 48 {
		t.Fatalf("lot was not halted: %s", report.Summary())
	}
	if st := in.Stats(); st.DieFailures != 1 || st.Lots != 1 {
		t.Fatalf("unexpected stats: %+v", st)
	}
}
