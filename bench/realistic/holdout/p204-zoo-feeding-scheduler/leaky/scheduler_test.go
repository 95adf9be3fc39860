package feeding

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type radioDispatcher struct {
	mu         sync.Mutex
	paged      []Task
	flakyFirst map[string]bool
}

func (r *radioDispatcher) Dispatch(ctx context.Context, t Task) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.flakyFirst[t.Keeper] {
		r.flakyFirst[t.Keeper] = false
		return errors.New("handheld out of range")
	}
	r.paged = append(r.paged, t)
	return nil
}

func waitDispatched(t *testing.T, s *Scheduler, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for s.Stats().Dispatched < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d feedings dispatched", s.Stats().Dispatched, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func basePlan() Plan {
	return Plan{
		Version: "2024-W10",
		Enclosures: []EnclosurePlan{
			{
				Enclosure: "big-cats", Species: "Panthera leo", Keeper: "amara",
				Slots:    []Slot{{At: 10 * time.Hour, Ration: []Item{{Food: "beef on the bone", Grams: 4000}}}},
				FastDays: []time.Weekday{time.Sunday},
			},
			{
				Enclosure: "reptile-house", Species: "Varanus komodoensis", Keeper: "jonas",
				Slots: []Slot{
					{At: 8 * time.Hour, Ration: []Item{{Food: "crickets", Grams: 200}}},
					{At: 9 * time.Hour, Ration: []Item{{Food: "goat quarter", Grams: 2500}}, Days: []time.Weekday{time.Monday}},
				},
			},
			{
				Enclosure: "penguin-pool", Species: "Spheniscus humboldti", Keeper: "li",
				Slots: []Slot{
					{At: 8*time.Hour + 30*time.Minute, Ration: []Item{{Food: "herring", Grams: 1500}}},
					{At: 11*time.Hour + 30*time.Minute, Ration: []Item{{Food: "herring", Grams: 1500}, {Food: "sprats", Grams: 300}}},
					{At: 15*time.Hour + 30*time.Minute, Ration: []Item{{Food: "herring", Grams: 1500}}},
				},
			},
		},
	}
}

func TestMondayWithKomodoMovedToQuarantine(t *testing.T) {
	defer goleak.VerifyNone(t)

	radio := &radioDispatcher{flakyFirst: map[string]bool{"li": true}}
	s := New(radio, WithRetries(2, time.Millisecond), WithGrace(45*time.Minute), WithQueueDepth(4))

	plan := basePlan()
	if err := s.Load(plan); err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

	n, err := s.Tick(monday.Add(8*time.Hour + 45*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("08:45 tick: queued %d, err %v", n, err)
	}
	waitDispatched(t, s, 2)

	plan.Version = "2024-W10b"
	plan.Enclosures = []EnclosurePlan{plan.Enclosures[0], plan.Enclosures[2]}
	if err := s.Load(plan); err != nil {
		t.Fatal(err)
	}

	n, err = s.Tick(monday.Add(10*time.Hour + 15*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("10:15 tick: queued %d, err %v", n, err)
	}
	waitDispatched(t, s, 3)

	if n, _ := s.Tick(monday.Add(10*time.Hour + 20*time.Minute)); n != 0 {
		t.Errorf("re-tick queued %d duplicate feedings", n)
	}
	if n, _ := s.Tick(monday.Add(12*time.Hour + 30*time.Minute)); n != 0 {
		t.Errorf("12:30 tick queued %d, expected the 11:30 feeding to be missed", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := s.Tick(monday.Add(16 * time.Hour)); !errors.Is(err, ErrStopped) {
		t.Errorf("tick after stop: %v", err)
	}

	st := s.Stats()
	if st.Dispatched != 3 || st.Missed != 1 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
	radio.mu.Lock()
	defer radio.mu.Unlock()
	for _, task := range radio.paged {
		if task.Enclosure == "reptile-house" && task.Due.Hour() == 9 {
			t.Errorf("paged keeper for removed enclosure: %s", task)
		}
	}
}
