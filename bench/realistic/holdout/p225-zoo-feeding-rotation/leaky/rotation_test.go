package feeding

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type dietSheets map[string]Diet

func (d dietSheets) Diet(species string) (Diet, error) {
	diet, ok := d[species]
	if !ok {
		return Diet{}, fmt.Errorf("%w: %s", ErrUnknownSpecies, species)
	}
	return diet, nil
}

type radio struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (r *radio) Notify(ctx context.Context, keeper, message string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sent == nil {
		r.sent = make(map[string][]string)
	}
	r.sent[keeper] = append(r.sent[keeper], message)
	return nil
}

func (r *radio) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, msgs := range r.sent {
		n += len(msgs)
	}
	return n
}

func waitForPages(t *testing.T, r *radio, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for r.total() < want {
		if time.Now().After(deadline) {
			t.Fatalf("got %d pages, want %d", r.total(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *radio) count(keeper string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent[keeper])
}

func TestRosterChangeMidDay(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, time.May, 14, 0, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	now := day.Add(6 * time.Hour)
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return now
	}
	setClock := func(at time.Duration) {
		clockMu.Lock()
		now = day.Add(at)
		clockMu.Unlock()
	}

	diets := dietSheets{
		"Sumatran tiger":   {Food: "horse meat", GramsPerHead: 5000, Times: []time.Duration{16 * time.Hour}},
		"Humboldt penguin": {Food: "sprats", GramsPerHead: 400, Times: []time.Duration{9 * time.Hour, 14 * time.Hour}},
		"Ring-tailed lemur": {Food: "chopped veg", GramsPerHead: 250,
			Times: []time.Duration{8 * time.Hour, 12 * time.Hour, 15*time.Hour + 30*time.Minute}},
	}
	enclosures := []Enclosure{
		{ID: "T1", Species: "Sumatran tiger", Zone: "asia", Headcount: 2, Dangerous: true},
		{ID: "P1", Species: "Humboldt penguin", Zone: "coast", Headcount: 14},
		{ID: "L2", Species: "Ring-tailed lemur", Zone: "madagascar", Headcount: 9},
	}
	morning := Roster{Day: day, Keepers: []Keeper{
		{Name: "Priya", Zones: []string{"asia", "madagascar"}, Certified: true, ShiftStart: 7 * time.Hour, ShiftEnd: 17 * time.Hour},
		{Name: "Joel", Zones: []string{"coast", "madagascar"}, ShiftStart: 7 * time.Hour, ShiftEnd: 15 * time.Hour},
		{Name: "Ines", Zones: []string{"coast", "asia"}, ShiftStart: 12 * time.Hour, ShiftEnd: 20 * time.Hour},
	}}

	pager := &radio{}
	rot, err := New(diets, pager, enclosures, WithClock(clock), WithQueueSize(4), WithNotifyTimeout(time.Second))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()
	rot.Start(ctx)
	if err := rot.ApplyRoster(ctx, morning); err != nil {
		t.Fatalf("ApplyRoster(morning): %v", err)
	}
	if got := rot.Stats().Pending; got != 6 {
		t.Fatalf("pending after morning roster = %d, want 6", got)
	}

	setClock(10 * time.Hour)
	n, err := rot.Tick(clock())
	if err != nil {
		t.Fatalf("Tick 10:00: %v", err)
	}
	if n != 2 {
		t.Fatalf("Tick 10:00 queued %d feedings, want 2", n)
	}
	waitForPages(t, pager, 2)

	// Priya goes home sick at eleven; Tomas takes over the tigers.
	setClock(11 * time.Hour)
	afternoon := Roster{Day: day, Keepers: []Keeper{
		{Name: "Joel", Zones: []string{"coast", "madagascar"}, ShiftStart: 7 * time.Hour, ShiftEnd: 15 * time.Hour},
		{Name: "Ines", Zones: []string{"coast", "asia"}, ShiftStart: 12 * time.Hour, ShiftEnd: 20 * time.Hour},
		{Name: "Tomas", Zones: []string{"asia", "madagascar"}, Certified: true, ShiftStart: 11 * time.Hour, ShiftEnd: 19 * time.Hour},
	}}
	if err := rot.ApplyRoster(ctx, afternoon); err != nil {
		t.Fatalf("ApplyRoster(afternoon): %v", err)
	}

	setClock(17 * time.Hour)
	n, err = rot.Tick(clock())
	if err != nil {
		t.Fatalf("Tick 17:00: %v", err)
	}
	if n != 4 {
		t.Fatalf("Tick 17:00 queued %d feedings, want 4", n)
	}
	rot.Stop()

	st := rot.Stats()
	if st.Dispatched != 6 || st.Failed != 0 || st.Pending != 0 {
		t.Fatalf("stats = %+v, want 6 dispatched", st)
	}
	if pager.count("Priya") != 1 {
		t.Errorf("Priya got %d feedings, want 1 (the 08:00 lemurs)", pager.count("Priya"))
	}
	if pager.count("Tomas") < 1 {
		t.Errorf("Tomas got no feedings; tigers at 16:00 need a certified keeper")
	}
}
