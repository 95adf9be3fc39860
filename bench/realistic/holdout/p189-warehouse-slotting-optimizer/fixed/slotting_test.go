package slotting

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeInventory struct {
	locs    []Location
	skus    []SKU
	current map[string]string
}

func (f *fakeInventory) Locations(context.Context) ([]Location, error) { return f.locs, nil }
func (f *fakeInventory) SKUs(context.Context) ([]SKU, error)           { return f.skus, nil }
func (f *fakeInventory) Assignments(context.Context) (map[string]string, error) {
	out := make(map[string]string, len(f.current))
	for k, v := range f.current {
		out[k] = v
	}
	return out, nil
}

type fakeSimulator struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (f *fakeSimulator) Simulate(_ context.Context, p Plan) (SimResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return SimResult{}, f.err
	}
	return SimResult{TravelMeters: 10000 - p.Gain, PicksPerHour: 120}, nil
}

type fakeMover struct {
	mu    sync.Mutex
	moves []Move
}

func (f *fakeMover) ApplyMove(_ context.Context, m Move) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.moves = append(f.moves, m)
	return nil
}

func newWarehouse() *fakeInventory {
	inv := &fakeInventory{current: map[string]string{}}
	// Aisle 1 is next to pack-out and cheap; aisle 9 is at the back.
	for i := 0; i < 8; i++ {
		inv.locs = append(inv.locs, Location{
			ID: fmt.Sprintf("A01-%02d", i), Zone: "ambient", Aisle: 1,
			Capacity: 40, PickCost: 1 + float64(i)*0.1,
		})
	}
	for i := 0; i < 8; i++ {
		id := fmt.Sprintf("A09-%02d", i)
		inv.locs = append(inv.locs, Location{
			ID: id, Zone: "ambient", Aisle: 9, Level: i % 3,
			Capacity: 40, PickCost: 6,
		})
		sku := fmt.Sprintf("SKU-%03d", i)
		inv.skus = append(inv.skus, SKU{ID: sku, Velocity: float64(50 - i*5), Cube: float64(2 + i*3)})
		inv.current[sku] = id
	}
	return inv
}

func TestOptimize(t *testing.T) {
	defer goleak.VerifyNone(t)

	t.Run("applies best plan", testAppliesBestPlan)
	t.Run("simulator failure", testSimulatorFailure)
}

func testAppliesBestPlan(t *testing.T) {
	inv := newWarehouse()
	sim := &fakeSimulator{}
	mover := &fakeMover{}
	opt := New(inv, sim, mover, Config{Workers: 3, Budgets: []int{2, 4, 8}})

	rep, err := opt.Optimize(context.Background())
	if err != nil {
		t.Fatalf("Optimize: %v", err)
	}
	if rep.Evaluated != 6 {
		t.Fatalf("evaluated %d plans, want 6", rep.Evaluated)
	}
	if rep.Applied != len(rep.Plan.Moves) || len(mover.moves) != rep.Applied {
		t.Fatalf("applied %d moves, mover saw %d, plan has %d", rep.Applied, len(mover.moves), len(rep.Plan.Moves))
	}
	if rep.Plan.Budget != 8 {
		t.Fatalf("picked plan %s, want a budget-8 plan", rep.Plan.Name)
	}
}

func testSimulatorFailure(t *testing.T) {
	errModel := errors.New("travel model not loaded")
	inv := newWarehouse()
	sim := &fakeSimulator{err: errModel}
	mover := &fakeMover{}
	opt := New(inv, sim, mover, Config{Workers: 2, Budgets: []int{2, 4, 6, 8}})

	_, err := opt.Optimize(context.Background())
	if !errors.Is(err, errModel) {
		t.Fatalf("Optimize error = %v, want %v", err, errModel)
	}
	if len(mover.moves) != 0 {
		t.Fatalf("mover saw %d moves after failed evaluation", len(mover.moves))
	}
	sim.mu.Lock()
	calls := sim.calls
	sim.mu.Unlock()
	if calls > 2 {
		t.Fatalf("simulator called %d times, want at most one per worker", calls)
	}
}
