package dosing

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// titrator answers quickly, except for tanks whose sample line is blocked:
// those never return a result until the request is abandoned.
type titrator struct {
	blocked map[string]bool
	values  map[string]map[Parameter]float64
}

func (ti *titrator) Measure(ctx context.Context, tankID string) (Reading, error) {
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	if ti.blocked[tankID] {
		<-ctx.Done()
		return Reading{}, fmt.Errorf("titrator: sample line timeout: %w", ctx.Err())
	}
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return Reading{}, ctx.Err()
	}
	v, ok := ti.values[tankID]
	if !ok {
		return Reading{}, fmt.Errorf("titrator: unknown tank %s", tankID)
	}
	return Reading{TankID: tankID, Values: v}, nil
}

type pumpBoard struct {
	mu   sync.Mutex
	runs []Dose
}

func (p *pumpBoard) Dose(ctx context.Context, d Dose) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runs = append(p.runs, d)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func reefTargets() map[Parameter]float64 {
	return map[Parameter]float64{Alkalinity: 8.5, Calcium: 430, Magnesium: 1350}
}

func TestCycleWithBlockedSampleLines(t *testing.T) {
	defer goleak.VerifyNone(t)

	low := map[Parameter]float64{Alkalinity: 7.9, Calcium: 415, Magnesium: 1330}
	ok := map[Parameter]float64{Alkalinity: 8.6, Calcium: 440, Magnesium: 1380}
	probe := &titrator{
		blocked: map[string]bool{"frag-sump": true, "mixed-reef": true},
		values: map[string]map[Parameter]float64{
			"reef-300": low,
			"nano-40":  low,
			"seahorse": ok,
			"cube-60":  low,
		},
	}
	pumps := &pumpBoard{}
	d, err := New(probe, pumps, []Solution{
		{Parameter: Alkalinity, StrengthPerML: 1.4, Pump: "p1-alk"},
		{Parameter: Calcium, StrengthPerML: 20, Pump: "p2-ca"},
		{Parameter: Magnesium, StrengthPerML: 50, Pump: "p3-mg"},
	},
		WithParallel(2),
		WithCycleTimeout(60*time.Millisecond),
		WithLogger(testLogger{t}),
	)
	if err != nil {
		t.Fatal(err)
	}

	tanks := []Tank{
		{ID: "reef-300", VolumeLitres: 300, Targets: reefTargets()},
		{ID: "frag-sump", VolumeLitres: 180, Targets: reefTargets()},
		{ID: "nano-40", VolumeLitres: 40, Targets: reefTargets()},
		{ID: "quarantine", VolumeLitres: 60, Targets: reefTargets(), Maintenance: true},
		{ID: "mixed-reef", VolumeLitres: 250, Targets: reefTargets()},
		{ID: "seahorse", VolumeLitres: 120, Targets: reefTargets()},
		{ID: "cube-60", VolumeLitres: 60, Targets: reefTargets()},
	}

	rep, err := d.RunCycle(context.Background(), tanks)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cycle error = %v, want deadline exceeded", err)
	}
	if got, want := rep.DosedTanks(), []string{"nano-40", "reef-300"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("dosed tanks = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(rep.Skipped, []string{"quarantine"}) {
		t.Fatalf("skipped = %v", rep.Skipped)
	}
	for _, ds := range rep.Doses {
		if ds.TankID == "reef-300" && ds.Parameter == Alkalinity && ds.ML != 107.1 {
			t.Errorf("reef-300 alk dose = %.1f ml, want 107.1", ds.ML)
		}
	}

	pumps.mu.Lock()
	runs := len(pumps.runs)
	pumps.mu.Unlock()
	if runs != len(rep.Doses) {
		t.Errorf("pump board ran %d doses, report has %d", runs, len(rep.Doses))
	}
}
