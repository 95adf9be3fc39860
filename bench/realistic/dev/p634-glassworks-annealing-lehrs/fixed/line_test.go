package lehr

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingStacker struct {
	mu      sync.Mutex
	placed  map[string][]string
	flakyOn map[string]int
}

func (s *recordingStacker) Place(ctx context.Context, lehrID string, _ int, b Batch, sched Schedule) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flakyOn[b.ID] > 0 {
		s.flakyOn[b.ID]--
		return errors.New("pusher bar not at home position")
	}
	if sched.Soak <= 0 || sched.Total <= sched.Soak {
		return fmt.Errorf("bad schedule for %s", b.ID)
	}
	s.placed[lehrID] = append(s.placed[lehrID], b.ID)
	return nil
}

func TestShiftChangeDrainsLehrs(t *testing.T) {
	defer goleak.VerifyNone(t)

	st := &recordingStacker{
		placed:  map[string][]string{},
		flakyOn: map[string]int{"B-05": 1},
	}
	results := make(chan Result, 32)
	line, err := New(Config{
		Lehrs: []LehrConfig{
			{ID: "L1", Accepts: []Glass{SodaLime}, Stackers: 3, RetryBackoff: time.Millisecond},
			{ID: "L2", Accepts: []Glass{SodaLime, Borosilicate}, Stackers: 2, RetryBackoff: time.Millisecond},
			{ID: "L3", Accepts: []Glass{LeadCrystal}, Stackers: 2, RetryBackoff: time.Millisecond},
		},
		OnResult: func(r Result) { results <- r },
	}, st)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	formed := time.Date(2024, 3, 11, 14, 0, 0, 0, time.UTC)
	batches := []Batch{
		{ID: "B-01", Glass: SodaLime, WallMM: 3.2, Pieces: 1200, Formed: formed},
		{ID: "B-02", Glass: SodaLime, WallMM: 3.2, Pieces: 1200, Formed: formed.Add(time.Minute)},
		{ID: "B-03", Glass: Borosilicate, WallMM: 2.0, Pieces: 400, Formed: formed.Add(2 * time.Minute)},
		{ID: "B-04", Glass: SodaLime, WallMM: 5.5, Pieces: 300, Formed: formed.Add(3 * time.Minute)},
		{ID: "B-05", Glass: SodaLime, WallMM: 3.2, Pieces: 1200, Formed: formed.Add(4 * time.Minute)},
		{ID: "B-06", Glass: Borosilicate, WallMM: 2.0, Pieces: 400, Formed: formed.Add(5 * time.Minute)},
		{ID: "B-07", Glass: SodaLime, WallMM: 4.0, Pieces: 800, Formed: formed.Add(6 * time.Minute)},
	}
	routed := map[string]string{}
	for _, b := range batches {
		id, err := line.Submit(ctx, b)
		if err != nil {
			t.Fatalf("submit %s: %v", b.ID, err)
		}
		routed[b.ID] = id
	}
	if routed["B-03"] != "L2" || routed["B-06"] != "L2" {
		t.Errorf("borosilicate routed to %s and %s, want L2", routed["B-03"], routed["B-06"])
	}
	if _, err := line.Submit(ctx, Batch{ID: "B-99", Glass: LeadCrystal, WallMM: 60}); err == nil {
		t.Errorf("submit with 60 mm wall: want error")
	}

	for i := 0; i < len(batches); i++ {
		select {
		case r := <-results:
			if r.Err != nil {
				t.Errorf("batch %s on %s: %v", r.Batch, r.Lehr, r.Err)
			}
		case <-ctx.Done():
			t.Fatalf("only %d of %d batches placed", i, len(batches))
		}
	}

	if err := line.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := line.Submit(ctx, batches[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("submit after close: err = %v, want ErrClosed", err)
	}

	total := 0
	for id, s := range line.Stats() {
		if s.Queued != 0 || s.Failed != 0 {
			t.Errorf("%s: %+v after close", id, s)
		}
		total += s.Loaded
	}
	if total != len(batches) {
		t.Errorf("loaded %d batches, want %d", total, len(batches))
	}
}
