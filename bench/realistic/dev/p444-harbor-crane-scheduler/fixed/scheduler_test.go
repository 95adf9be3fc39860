package cranes

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type quayTerminal struct {
	mu     sync.Mutex
	worked map[string][]int // bay numbers worked, by crane
}

func (q *quayTerminal) Work(ctx context.Context, craneID string, bays []Bay) (int, error) {
	done := 0
	for _, b := range bays {
		select {
		case <-time.After(time.Duration(b.Moves) * 50 * time.Microsecond):
		case <-ctx.Done():
			return done, ctx.Err()
		}
		done += b.Moves
		q.mu.Lock()
		if q.worked == nil {
			q.worked = make(map[string][]int)
		}
		q.worked[craneID] = append(q.worked[craneID], b.Number)
		q.mu.Unlock()
	}
	return done, nil
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestWorkMainlinerThenFeeder(t *testing.T) {
	defer goleak.VerifyNone(t)

	quay := &quayTerminal{}
	sched, err := New(quay, Config{
		Cranes: []Crane{
			{ID: "STS-07", MovesPerHour: 32},
			{ID: "STS-08", MovesPerHour: 30},
			{ID: "STS-09", MovesPerHour: 28},
		},
		ShiftBudget: 250 * time.Millisecond,
		Logger:      log.New(os.Stderr, "quay: ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	mainliner := Vessel{
		Name:  "MSC Aurora",
		Berth: "B3",
		Bays: []Bay{
			{Number: 2, Moves: 44}, {Number: 6, Moves: 52}, {Number: 10, Moves: 30},
			{Number: 14, Moves: 58}, {Number: 18, Moves: 0}, {Number: 22, Moves: 47},
			{Number: 26, Moves: 39}, {Number: 30, Moves: 41},
		},
	}
	rep, err := sched.Work(ctx, mainliner)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Assignments) != 3 {
		t.Fatalf("%s: %d assignments, want 3", mainliner.Name, len(rep.Assignments))
	}
	if got := sum(rep.Completed); got != mainliner.TotalMoves() {
		t.Fatalf("%s: completed %d moves, want %d", mainliner.Name, got, mainliner.TotalMoves())
	}

	feeder := Vessel{
		Name:  "Nordic Tern",
		Berth: "B3",
		Bays:  []Bay{{Number: 1, Moves: 30}, {Number: 3, Moves: 30}, {Number: 5, Moves: 30}, {Number: 7, Moves: 10}},
	}
	plan, err := sched.Plan(feeder)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 2 || plan[0].Crane != "STS-07" || plan[1].Moves != 40 {
		t.Fatalf("feeder plan = %+v", plan)
	}
	rep, err = sched.Work(ctx, feeder)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum(rep.Completed); got != feeder.TotalMoves() {
		t.Fatalf("%s: completed %d moves, want %d", feeder.Name, got, feeder.TotalMoves())
	}

	quay.mu.Lock()
	defer quay.mu.Unlock()
	if got := quay.worked["STS-09"]; len(got) != 2 || got[0] != 26 || got[1] != 30 {
		t.Errorf("STS-09 worked bays %v", got)
	}
}
