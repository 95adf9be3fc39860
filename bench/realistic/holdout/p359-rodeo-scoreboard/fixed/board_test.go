package scoreboard

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDisplay struct {
	mu    sync.Mutex
	shown [][]Leaderboard
	seen  chan uint64
}

func newFakeDisplay() *fakeDisplay {
	return &fakeDisplay{seen: make(chan uint64, 16)}
}

func (d *fakeDisplay) Show(boards []Leaderboard) error {
	d.mu.Lock()
	d.shown = append(d.shown, boards)
	d.mu.Unlock()
	var v uint64
	for _, lb := range boards {
		if lb.Version > v {
			v = lb.Version
		}
	}
	select {
	case d.seen <- v:
	default:
	}
	return nil
}

func (d *fakeDisplay) waitVersion(t *testing.T, want uint64) {
	t.Helper()
	timeout := time.After(2 * time.Second)
	for {
		select {
		case v := <-d.seen:
			if v >= want {
				return
			}
		case <-timeout:
			t.Fatalf("display never showed version %d", want)
		}
	}
}

func TestScoreRun(t *testing.T) {
	s, err := ScoreRun(Run{Event: BullRiding, Marks: []float64{22, 23.5}, RideTime: 8 * time.Second})
	if err != nil || s.Value != 45.5 || s.NoScore {
		t.Fatalf("got %+v, %v", s, err)
	}
	s, _ = ScoreRun(Run{Event: BullRiding, Marks: []float64{22, 23.5}, RideTime: 6 * time.Second})
	if !s.NoScore {
		t.Fatalf("short ride should be a no-score")
	}
	s, _ = ScoreRun(Run{Event: BarrelRacing, Time: 17 * time.Second, Penalty: 5 * time.Second})
	if s.Value != 22 {
		t.Fatalf("got %v", s.Value)
	}
}

func TestBoardScratchedRiderThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	display := newFakeDisplay()
	riders := []Rider{
		{ID: "r1", Name: "Cody Wade"},
		{ID: "r2", Name: "Jess Tillman"},
		{ID: "r3", Name: "Ty Marsh"},
	}
	b := NewBoard(display, riders)

	if err := b.Record(Run{RiderID: "r1", Event: BullRiding, Marks: []float64{21, 22}, RideTime: 8 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := b.Record(Run{RiderID: "r2", Event: BullRiding, Marks: []float64{23, 22.5}, RideTime: 9 * time.Second}); err != nil {
		t.Fatal(err)
	}
	display.waitVersion(t, 2)

	if err := b.Scratch("r3"); err != nil {
		t.Fatal(err)
	}
	err := b.Record(Run{RiderID: "r3", Event: BullRiding, Marks: []float64{24, 24}, RideTime: 8 * time.Second})
	if !errors.Is(err, ErrScratched) {
		t.Fatalf("Record scratched rider = %v, want ErrScratched", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}
