package catchquota

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeRegistry struct {
	mu       sync.Mutex
	latency  time.Duration
	landings map[VesselID][]Landing
	denied   map[VesselID]bool
	calls    int
}

func (f *fakeRegistry) Landings(ctx context.Context, v VesselID, _ Season) ([]Landing, error) {
	f.mu.Lock()
	f.calls++
	denied := f.denied[v]
	ls := append([]Landing(nil), f.landings[v]...)
	f.mu.Unlock()
	if denied {
		return nil, fmt.Errorf("registry: vessel %s under enforcement hold: %w", v, ErrAccessDenied)
	}
	select {
	case <-time.After(f.latency):
		return ls, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type fakeAllocations map[VesselID][]Allocation

func (f fakeAllocations) Allocations(_ context.Context, v VesselID, _ Season) ([]Allocation, error) {
	return f[v], nil
}

func landing(v VesselID, sp Species, kg float64, month time.Month) Landing {
	return Landing{Vessel: v, Species: sp, Port: "Grimsby", LiveKg: kg,
		LandedAt: time.Date(2023, month, 12, 6, 0, 0, 0, time.UTC)}
}

func northSeaFleet() (*fakeRegistry, fakeAllocations, []VesselID) {
	fleet := []VesselID{"GY-0412", "GY-0419", "LT-0077", "LT-0102", "FR-0931", "FR-0940", "BF-0210", "BF-0288"}
	reg := &fakeRegistry{
		latency:  20 * time.Millisecond,
		landings: map[VesselID][]Landing{},
		denied:   map[VesselID]bool{},
	}
	allocs := fakeAllocations{}
	for i, v := range fleet {
		allocs[v] = []Allocation{{Species: "COD", Kg: 40000}, {Species: "HAD", Kg: 25000}}
		reg.landings[v] = []Landing{
			landing(v, "COD", float64(12000+i*1000), time.March),
			landing(v, "COD", float64(15000+i*1500), time.June),
			landing(v, "HAD", 9000, time.July),
		}
	}
	reg.landings["FR-0931"] = append(reg.landings["FR-0931"], landing("FR-0931", "PLE", 2300, time.August))
	reg.landings["BF-0210"] = append(reg.landings["BF-0210"], landing("BF-0210", "COD", 8000, time.October))
	reg.landings["LT-0077"] = append(reg.landings["LT-0077"], Landing{Vessel: "LT-0077", Species: "COD",
		Port: "Lowestoft", LiveKg: 30000, LandedAt: time.Date(2022, time.December, 28, 5, 0, 0, 0, time.UTC)})
	delete(allocs, "BF-0288")
	return reg, allocs, fleet
}

func TestReconcileSeason(t *testing.T) {
	defer goleak.VerifyNone(t)

	reg, allocs, fleet := northSeaFleet()
	rec, err := NewReconciler(reg, allocs,
		WithConcurrency(3),
		WithLogger(log.New(os.Stderr, "catchquota: ", 0)))
	if err != nil {
		t.Fatal(err)
	}
	report, err := rec.Reconcile(context.Background(), 2023, fleet)
	if err != nil {
		t.Fatalf("Reconcile: %v", err)
	}
	if len(report.Statements) != len(fleet) {
		t.Fatalf("got %d statements, want %d", len(report.Statements), len(fleet))
	}
	if st, _ := report.Statement("FR-0931"); len(st.Overruns) != 1 || st.Overruns[0] != "PLE" {
		t.Errorf("FR-0931 overruns = %v, want [PLE]", st.Overruns)
	}
	if st, _ := report.Statement("BF-0210"); len(st.Overruns) != 1 || st.Overruns[0] != "COD" {
		t.Errorf("BF-0210 overruns = %v, want [COD]", st.Overruns)
	}
	if st, _ := report.Statement("LT-0077"); len(st.Overruns) != 0 {
		t.Errorf("LT-0077 overruns = %v, want none (December landing belongs to 2022)", st.Overruns)
	}
	if st, _ := report.Statement("BF-0288"); st.Unreconciled == "" {
		t.Errorf("BF-0288 should be unreconciled, got %+v", st)
	}
}

func TestReconcileAbortsWhenRegistryDeniesAccess(t *testing.T) {
	defer goleak.VerifyNone(t)

	reg, allocs, fleet := northSeaFleet()
	reg.denied["GY-0412"] = true
	rec, err := NewReconciler(reg, allocs,
		WithConcurrency(3),
		WithLogger(log.New(os.Stderr, "catchquota: ", 0)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rec.Reconcile(context.Background(), 2023, fleet)
	if !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("Reconcile error = %v, want ErrAccessDenied", err)
	}
}
