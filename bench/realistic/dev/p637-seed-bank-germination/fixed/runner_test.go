package germination

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

type fakeChamber struct {
	rates  map[string]float64
	faults map[string]string
	delay  time.Duration
}

func (f *fakeChamber) Germinate(ctx context.Context, acc Accession, sample int) (Observation, error) {
	if chamber, ok := f.faults[acc.ID]; ok {
		return Observation{}, fmt.Errorf("%w: %s humidity dropped to 41%%", ErrChamberFault, chamber)
	}
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return Observation{}, ctx.Err()
	}
	germinated := int(f.rates[acc.ID] * float64(sample))
	return Observation{
		Chamber:    "C1",
		Sown:       sample,
		Germinated: germinated,
		Dormant:    (sample - germinated) / 2,
		Days:       21,
	}, nil
}

type memInventory struct {
	mu        sync.Mutex
	viability map[string]Viability
	flagged   map[string]string
}

func newMemInventory() *memInventory {
	return &memInventory{viability: map[string]Viability{}, flagged: map[string]string{}}
}

func (m *memInventory) RecordViability(_ context.Context, v Viability) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.viability[v.AccessionID] = v
	return nil
}

func (m *memInventory) FlagForRegeneration(_ context.Context, id, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.flagged[id] = reason
	return nil
}

func TestRunTrialHealthy(t *testing.T) {
	defer goleak.VerifyNone(t)

	chamber := &fakeChamber{
		rates: map[string]float64{"GB-0101": 0.96, "GB-0102": 0.72, "GB-0103": 0.9},
		delay: time.Millisecond,
	}
	inv := newMemInventory()
	r, err := NewRunner(chamber, inv, WithChambers(2))
	if err != nil {
		t.Fatal(err)
	}
	lots := []Accession{
		{ID: "GB-0101", Taxon: "Triticum monococcum", SeedCount: 6000},
		{ID: "GB-0102", Taxon: "Hordeum vulgare", SeedCount: 4200},
		{ID: "GB-0103", Taxon: "Lens culinaris", SeedCount: 80},
	}
	report, err := r.RunTrial(context.Background(), lots)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Results) != 2 || len(report.Skipped) != 1 {
		t.Fatalf("got %d results, %d skipped", len(report.Results), len(report.Skipped))
	}
	if !errors.Is(report.Skipped["GB-0103"], ErrInsufficientSeed) {
		t.Fatalf("GB-0103 skipped with %v", report.Skipped["GB-0103"])
	}
	if _, ok := inv.flagged["GB-0102"]; !ok {
		t.Fatalf("GB-0102 at 72%% should be flagged, flagged: %v", inv.flagged)
	}
}

func TestRunTrialChamberFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	chamber := &fakeChamber{
		rates: map[string]float64{
			"GB-0201": 0.94, "GB-0202": 0.88, "GB-0203": 0.91, "GB-0204": 0.97,
			"GB-0205": 0.83, "GB-0206": 0.99, "GB-0207": 0.9,
		},
		faults: map[string]string{"GB-0200": "C3"},
		delay:  5 * time.Millisecond,
	}
	inv := newMemInventory()
	r, err := NewRunner(chamber, inv,
		WithChambers(3),
		WithLogger(log.New(os.Stderr, "trial: ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	var lots []Accession
	for i := 0; i < 8; i++ {
		lots = append(lots, Accession{
			ID:        fmt.Sprintf("GB-%04d", 200+i),
			Taxon:     "Vigna unguiculata",
			StoredAt:  time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC),
			SeedCount: 5000,
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	_, err = r.RunTrial(ctx, lots)
	if !errors.Is(err, ErrChamberFault) {
		t.Fatalf("RunTrial error = %v, want chamber fault", err)
	}
}
