package harvest

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memHouse struct {
	mu         sync.Mutex
	capacityKG float64
	storedKG   float64
	loads      []Load
}

func (m *memHouse) FreeKG(ctx context.Context) (float64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.capacityKG - m.storedKG, nil
}

func (m *memHouse) Store(ctx context.Context, l Load) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.storedKG+l.WeightKG > m.capacityKG {
		return errors.New("icehouse overfilled")
	}
	m.storedKG += l.WeightKG
	m.loads = append(m.loads, l)
	return nil
}

func TestHarvestRefusesThinIce(t *testing.T) {
	defer goleak.VerifyNone(t)

	h, err := New(&memHouse{capacityKG: 5000}, WithSledges(Sledge{ID: "north", CapacityKG: 800}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Harvest(context.Background(), Field{Name: "cove", Rows: 2, Cols: 2, ThicknessCM: 18})
	if !errors.Is(err, ErrThinIce) {
		t.Fatalf("got %v, want ErrThinIce", err)
	}
}

func TestHarvestStopsWhenIcehouseFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	house := &memHouse{capacityKG: 2000}
	h, err := New(house,
		WithSledges(Sledge{ID: "north", CapacityKG: 800}, Sledge{ID: "south", CapacityKG: 800}),
		WithBlockSide(55),
		WithLogger(log.New(os.Stderr, "harvest: ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	field := Field{
		Name:        "mill-pond east",
		Rows:        6,
		Cols:        8,
		ThicknessCM: 40,
		Flaws:       []Cell{{Row: 0, Col: 3}, {Row: 1, Col: 6}},
	}
	sum, err := h.Harvest(context.Background(), field)
	if err != nil {
		t.Fatalf("Harvest: %v", err)
	}
	if !sum.HouseFull {
		t.Errorf("expected the icehouse to fill, got %+v", sum)
	}
	if sum.WeightKG > house.capacityKG {
		t.Errorf("hauled %.0f kg into a %.0f kg house", sum.WeightKG, house.capacityKG)
	}
	if sum.Blocks == 0 || sum.Trips < 2 {
		t.Errorf("unexpectedly small harvest: %+v", sum)
	}
	if sum.Discarded != 2 {
		t.Errorf("discarded %d blocks, want 2", sum.Discarded)
	}
	t.Logf("harvest summary: %+v", sum)
}
