package proofing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClimate struct {
	mu     sync.Mutex
	points []float64
}

func (f *fakeClimate) SetPoint(ctx context.Context, tempC float64, humidity int) error {
	if humidity > 100 {
		return errors.New("humidity out of range")
	}
	f.mu.Lock()
	f.points = append(f.points, tempC)
	f.mu.Unlock()
	return nil
}

func TestMorningShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	croissant := Recipe{Name: "croissant", TempC: 26, Humidity: 80, Proof: 15 * time.Millisecond}
	rye := Recipe{Name: "rye", TempC: 28, Humidity: 75, Proof: 25 * time.Millisecond}
	baguette := Recipe{Name: "baguette", TempC: 24, Humidity: 78, Proof: 20 * time.Millisecond}

	climate := &fakeClimate{}
	cab, err := NewCabinet(6, climate, nil)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	outcomes := map[string]Outcome{}
	sched, err := NewScheduler(cab, Config{
		Tolerance: 50 * time.Millisecond,
		OnDone: func(o Outcome) {
			mu.Lock()
			outcomes[o.Tray.ID] = o
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Abort()

	trays := []*Tray{
		{ID: "pan-1", Recipe: croissant, Shelves: 1},
		{ID: "pan-2", Recipe: croissant, Shelves: 1},
		{ID: "pan-3", Recipe: croissant, Shelves: 1},
		{ID: "pan-4", Recipe: croissant, Shelves: 1},
		{ID: "banneton-1", Recipe: rye, Shelves: 2},
		{ID: "oversize", Recipe: rye, Shelves: 7},
	}
	for _, tr := range trays {
		if err := sched.Submit(tr); err != nil {
			t.Fatalf("submit %s: %v", tr.ID, err)
		}
	}
	if err := sched.Submit(&Tray{ID: "pan-1", Recipe: croissant, Shelves: 1}); err == nil {
		t.Error("duplicate tray accepted")
	}

	time.Sleep(10 * time.Millisecond)
	if err := sched.Submit(&Tray{ID: "rollin-1", Recipe: baguette, Shelves: 6}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := sched.Drain(ctx); err != nil {
		t.Fatalf("drain: %v (waiting %d, free %d)", err, cab.Waiting(), cab.FreeShelves())
	}

	mu.Lock()
	defer mu.Unlock()
	if len(outcomes) != 7 {
		t.Fatalf("got %d outcomes, want 7", len(outcomes))
	}
	if err := outcomes["oversize"].Err; !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize tray: got %v, want ErrTooLarge", err)
	}
	for id, o := range outcomes {
		if id == "oversize" {
			continue
		}
		if o.Err != nil {
			t.Errorf("tray %s: %v", id, o.Err)
		}
		if o.Proofed < o.Tray.Recipe.Proof {
			t.Errorf("tray %s proofed %v, recipe wants %v", id, o.Proofed, o.Tray.Recipe.Proof)
		}
	}
	if free := cab.FreeShelves(); free != 6 {
		t.Errorf("cabinet has %d free shelves after the shift, want 6", free)
	}
}
