package sorting

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// peakClassifier labels an item by the index of its strongest NIR band.
type peakClassifier struct{}

func (peakClassifier) Classify(_ context.Context, it Item) (Material, float64, error) {
	best := 0
	for i, v := range it.Spectrum {
		if v > it.Spectrum[best] {
			best = i
		}
	}
	return Material(best), it.Spectrum[best], nil
}

type recordingDiverter struct {
	mu      sync.Mutex
	diverts map[string]Material
}

func (d *recordingDiverter) Divert(_ int, m Material, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.diverts[id] = m
	return nil
}

func nir(m Material, conf float64) []float64 {
	s := make([]float64, int(Glass)+1)
	for i := range s {
		s[i] = 0.1
	}
	s[m] = conf
	return s
}

func TestShutdownAfterMixedBatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	div := &recordingDiverter{diverts: make(map[string]Material)}
	s := New(peakClassifier{}, div, WithWorkers(3), WithBelts(2), WithMinConfidence(0.7))

	ctx := context.Background()
	batch := []Item{
		{ID: "bottle-1", Belt: 0, WeightG: 24, Spectrum: nir(PET, 0.95)},
		{ID: "can-1", Belt: 1, WeightG: 15, Spectrum: nir(Aluminium, 0.9)},
		{ID: "ghost-1", Belt: 0, WeightG: 0, Spectrum: nir(Glass, 0.9)},
		{ID: "box-1", Belt: 1, WeightG: 310, Spectrum: nir(Cardboard, 0.5)},
		{ID: "jug-1", Belt: 0, WeightG: 60, Spectrum: nir(HDPE, 0.88)},
	}
	var rejected int
	for _, it := range batch {
		if err := s.Submit(ctx, it); err != nil {
			if !errors.Is(err, ErrNoWeight) {
				t.Fatalf("Submit %s: %v", it.ID, err)
			}
			rejected++
		}
	}
	if rejected != 1 || s.Rejected() != 1 {
		t.Fatalf("rejected %d (sorter says %d), want 1", rejected, s.Rejected())
	}

	sctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}

	tally := s.Tally()
	if tally.Total() != 4 {
		t.Errorf("sorted %d items, want 4 (%v)", tally.Total(), tally)
	}
	if tally[Residue] != 1 || tally[PET] != 1 || tally[Aluminium] != 1 || tally[HDPE] != 1 {
		t.Errorf("unexpected tally %v", tally)
	}
	if err := s.Submit(ctx, batch[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Shutdown = %v, want ErrClosed", err)
	}
}
