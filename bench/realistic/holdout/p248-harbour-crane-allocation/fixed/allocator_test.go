package cranes

import (
	"context"
	"errors"
	"log"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type terminalOS struct {
	quays   map[string][]Crane
	latency time.Duration
}

func (t *terminalOS) Cranes(ctx context.Context, berth string, at time.Time) ([]Crane, error) {
	select {
	case <-time.After(t.latency):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	cs, ok := t.quays[berth]
	if !ok {
		return nil, errors.New("unknown berth " + berth)
	}
	return append([]Crane(nil), cs...), nil
}

func northQuay() *terminalOS {
	return &terminalOS{
		latency: 2 * time.Millisecond,
		quays: map[string][]Crane{
			"north": {
				{ID: "QC01", Position: 40, MovesPerHour: 28},
				{ID: "QC02", Position: 90, MovesPerHour: 30},
				{ID: "QC03", Position: 140, MovesPerHour: 30},
				{ID: "QC04", Position: 190, MovesPerHour: 32},
				{ID: "QC05", Position: 240, MovesPerHour: 32},
				{ID: "QC06", Position: 290, MovesPerHour: 26, OutOfService: true},
				{ID: "QC07", Position: 340, MovesPerHour: 30},
			},
		},
	}
}

func TestAllocateShiftsOverlappingCalls(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	alloc, err := NewAllocator(northQuay(), Config{Workers: 2, Changeover: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := alloc.Allocate(context.Background(), []Vessel{
		{IMO: "9811000", Name: "Maersk Elba", Berth: "north", Arrival: day.Add(6 * time.Hour), Moves: 1200, Bow: 30, Stern: 200, MaxCranes: 3},
		{IMO: "9454436", Name: "Nordic Hamburg", Berth: "north", Arrival: day.Add(9 * time.Hour), Moves: 300, Bow: 180, Stern: 330, MaxCranes: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Assignments) != 2 {
		t.Fatalf("got %d assignments", len(plan.Assignments))
	}
	for _, a := range plan.Assignments {
		t.Logf("%s", a)
	}
}

func TestStrictPlanRejectsDoubleBooking(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	alloc, err := NewAllocator(northQuay(), Config{
		Workers: 3,
		Strict:  true,
		Logger:  log.New(os.Stderr, "", log.Lmicroseconds),
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := []Vessel{
		{IMO: "9632064", Name: "CMA CGM Rhone", Berth: "north", Arrival: day.Add(5 * time.Hour), Moves: 1500, Bow: 20, Stern: 170, MaxCranes: 3},
		{IMO: "9398216", Name: "Wec Vermeer", Berth: "north", Arrival: day.Add(7 * time.Hour), Moves: 400, Bow: 130, Stern: 250, MaxCranes: 2},
		{IMO: "9301146", Name: "Baltic Tern", Berth: "north", Arrival: day.Add(8 * time.Hour), Moves: 250, Bow: 300, Stern: 360, MaxCranes: 1},
		{IMO: "9705897", Name: "Hapag Lisbon", Berth: "north", Arrival: day.Add(20 * time.Hour), Moves: 900, Bow: 60, Stern: 230, MaxCranes: 3},
		{IMO: "9167356", Name: "Elbe Feeder", Berth: "north", Arrival: day.Add(22 * time.Hour), Moves: 180, Bow: 320, Stern: 400, MaxCranes: 1},
		{IMO: "9248801", Name: "Mare Nostrum", Berth: "north", Arrival: day.Add(30 * time.Hour), Moves: 600, Bow: 100, Stern: 260, MaxCranes: 2},
	}
	_, err = alloc.Allocate(context.Background(), calls)
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("Allocate() err = %v, want ErrConflict", err)
	}
}
