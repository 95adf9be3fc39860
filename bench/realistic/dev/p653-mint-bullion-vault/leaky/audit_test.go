package vault

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

type ledger map[string][]Bar

func (l ledger) BarsOnShelf(_ context.Context, shelf string) ([]Bar, error) {
	return l[shelf], nil
}

type balance struct {
	settle time.Duration
	mu     sync.Mutex
	grams  map[string]float64
}

func (s *balance) Weigh(ctx context.Context, serial string) (float64, error) {
	select {
	case <-time.After(s.settle):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.grams[serial]
	if !ok {
		return 0, fmt.Errorf("no bar on pan")
	}
	return g, nil
}

type registry map[string]AssayCertificate

func (r registry) Certificate(_ context.Context, serial string) (AssayCertificate, error) {
	c, ok := r[serial]
	if !ok {
		return AssayCertificate{}, fmt.Errorf("%w: %s", ErrUnknownBar, serial)
	}
	return c, nil
}

func TestQuarterlyAuditStopsOnUncertifiedBar(t *testing.T) {
	defer goleak.VerifyNone(t)

	issued := time.Date(2023, 3, 14, 0, 0, 0, 0, time.UTC)
	inv := ledger{
		"B-03": {
			{Serial: "AU-771201", Shelf: "B-03", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12441.70},
			{Serial: "AU-771202", Shelf: "B-03", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12398.20},
			{Serial: "AG-110934", Shelf: "B-03", Metal: "XAG", Fineness: 999.0, RecordedGrams: 31103.48},
		},
		"B-04": {
			{Serial: "AU-771310", Shelf: "B-04", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12502.11},
			{Serial: "AU-771311", Shelf: "B-04", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12477.40},
			{Serial: "AU-771312", Shelf: "B-04", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12460.05},
			{Serial: "AU-771315", Shelf: "B-04", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12419.93},
			{Serial: "PT-004417", Shelf: "B-04", Metal: "XPT", Fineness: 999.5, RecordedGrams: 6220.70},
			{Serial: "AU-771318", Shelf: "B-04", Metal: "XAU", Fineness: 999.9, RecordedGrams: 12390.66},
		},
	}
	scale := &balance{settle: 20 * time.Millisecond, grams: map[string]float64{
		"AU-771201": 12441.71, "AU-771202": 12397.60, "AG-110934": 31103.47,
		"AU-771310": 12502.10, "AU-771311": 12477.41, "AU-771312": 12460.05,
		"AU-771315": 12419.90, "PT-004417": 6220.69, "AU-771318": 12390.66,
	}}
	certs := registry{}
	for _, bars := range inv {
		for _, b := range bars {
			certs[b.Serial] = AssayCertificate{Serial: b.Serial, Refiner: "Argor", Fineness: b.Fineness, Issued: issued}
		}
	}
	delete(certs, "AU-771315")

	var logBuf strings.Builder
	a, err := NewAuditor(inv, scale, certs,
		WithWeightTolerance(0.05),
		WithWeighTimeout(time.Second),
		WithLogger(log.New(&logBuf, "audit ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	reports, err := a.AuditShelves(context.Background(), "B-03", "B-04")
	if !errors.Is(err, ErrUnknownBar) {
		t.Fatalf("AuditShelves error = %v, want ErrUnknownBar", err)
	}
	if len(reports) != 1 {
		t.Fatalf("got %d reports, want 1", len(reports))
	}
	rep := reports[0]
	if got := rep.Discrepancies(); got != 1 {
		t.Errorf("B-03 discrepancies = %d, want 1\n%s", got, rep)
	}
	if oz := rep.FineOunces()["XAU"]; oz < 797 || oz > 799 {
		t.Errorf("B-03 fine gold = %.2f ozt", oz)
	}
	if !strings.Contains(logBuf.String(), "aborting on bar AU-771315") {
		t.Errorf("log does not mention the uncertified bar:\n%s", logBuf.String())
	}
}
