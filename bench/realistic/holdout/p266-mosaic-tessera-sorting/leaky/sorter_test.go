package tessera

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

var errLampFault = errors.New("spectrometer: xenon lamp fault")

type benchSpectrometer struct {
	mu       sync.Mutex
	colours  map[string]Lab
	chipped  map[string]bool
	faultAt  string
	measured int
}

func (b *benchSpectrometer) Measure(ctx context.Context, t Tessera) (Reading, error) {
	b.mu.Lock()
	b.measured++
	c, ok := b.colours[t.ID]
	chipped := b.chipped[t.ID]
	fault := t.ID == b.faultAt
	b.mu.Unlock()

	select {
	case <-time.After(200 * time.Microsecond):
	case <-ctx.Done():
		return Reading{}, ctx.Err()
	}
	switch {
	case fault:
		return Reading{}, errLampFault
	case chipped:
		return Reading{}, ErrChipped
	case !ok:
		return Reading{}, fmt.Errorf("no reading for %s", t.ID)
	}
	return Reading{Colour: c, Gloss: 0.8}, nil
}

var studioPalette = []Swatch{
	{Name: "lapis", Colour: Lab{L: 32, A: 12, B: -48}},
	{Name: "terracotta", Colour: Lab{L: 52, A: 34, B: 38}},
	{Name: "olive", Colour: Lab{L: 48, A: -10, B: 36}},
	{Name: "bone", Colour: Lab{L: 90, A: 1, B: 8}},
}

func makeBatch(prefix string, n int, spec *benchSpectrometer) []Tessera {
	batch := make([]Tessera, 0, n)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%s-%03d", prefix, i)
		sw := studioPalette[i%len(studioPalette)]
		spec.colours[id] = Lab{L: sw.Colour.L + float64(i%3), A: sw.Colour.A - 1, B: sw.Colour.B + 1}
		size := 10.0
		if i%2 == 1 {
			size = 20.0
		}
		batch = append(batch, Tessera{ID: id, Material: Smalti, WidthMM: size + 0.2, HeightMM: size - 0.3})
	}
	return batch
}

func TestSortBatchesForFriezeCommission(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	spec := &benchSpectrometer{colours: map[string]Lab{}, chipped: map[string]bool{}}
	s, err := New(spec, Config{
		Palette: studioPalette,
		Sizes: []SizeClass{
			{Name: "1cm", NominalMM: 10, ToleranceMM: 1},
			{Name: "2cm", NominalMM: 20, ToleranceMM: 1.5},
		},
		MaxDeltaE: 5,
	}, WithWorkers(4), WithLogger(log.New(os.Stderr, "sorter ", log.Lmicroseconds)))
	if err != nil {
		t.Fatal(err)
	}

	first := makeBatch("A", 16, spec)
	spec.chipped["A-005"] = true
	first = append(first, Tessera{ID: "A-odd", Material: Marble, WidthMM: 31, HeightMM: 14})
	res, err := s.SortBatch(ctx, "A", first)
	if err != nil {
		t.Fatalf("batch A: %v", err)
	}
	if len(res.Rejected) != 2 {
		t.Fatalf("batch A: %d rejected, want 2", len(res.Rejected))
	}
	if got := res.Count(Bin{Swatch: "lapis", Size: "1cm"}); got != 4 {
		t.Fatalf("batch A: lapis/1cm has %d tiles, want 4", got)
	}

	second := makeBatch("B", 48, spec)
	spec.faultAt = "B-020"
	if _, err := s.SortBatch(ctx, "B", second); !errors.Is(err, errLampFault) {
		t.Fatalf("batch B: got %v, want lamp fault", err)
	}

	goleak.VerifyNone(t)
}
