package feeding

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type augerFeeder struct {
	name   string
	jammed bool

	mu     sync.Mutex
	served float64
}

func (f *augerFeeder) Name() string { return f.name }

func (f *augerFeeder) Dispense(ctx context.Context, food string, grams float64) (float64, error) {
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.jammed {
		f.served += 250
		return 250, errors.New("auger jammed")
	}
	f.served += grams
	return grams, nil
}

var (
	zooDiets = Diets{
		"Humboldt penguin":    {Food: "herring", GramsPerHead: 500, FeedTimes: []time.Duration{9*time.Hour + 30*time.Minute, 14*time.Hour + 30*time.Minute}, MaxPerFeed: 8000},
		"African lion":        {Food: "horse meat", GramsPerHead: 7000, FeedTimes: []time.Duration{10 * time.Hour}, MaxPerFeed: 25000},
		"Reticulated giraffe": {Food: "browse pellets", GramsPerHead: 2500, FeedTimes: []time.Duration{8 * time.Hour, 15 * time.Hour}},
	}
	enclosures = []Enclosure{
		{ID: "penguin-cove", Species: "Humboldt penguin", Headcount: 12},
		{ID: "lion-kopje", Species: "African lion", Headcount: 3},
		{ID: "giraffe-yard", Species: "Reticulated giraffe", Headcount: 4},
	}
)

func waitFor(t *testing.T, ch <-chan Dispensed, n int) []Dispensed {
	t.Helper()
	var got []Dispensed
	for len(got) < n {
		select {
		case d := <-ch:
			got = append(got, d)
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d feeds dispensed", len(got), n)
		}
	}
	return got
}

func TestMorningRoundWithFeederSwap(t *testing.T) {
	dispensed := make(chan Dispensed, 16)
	h, err := NewHub(Config{
		Enclosures: enclosures,
		Feeders: map[string]Feeder{
			"penguin-cove": &augerFeeder{name: "PC-1"},
			"lion-kopje":   &augerFeeder{name: "LK-1", jammed: true},
			"giraffe-yard": &augerFeeder{name: "GY-1"},
		},
		Diets:           zooDiets,
		DispenseTimeout: 100 * time.Millisecond,
		Retries:         2,
	}, WithLogger(log.New(testWriter{t}, "feeding: ", 0)), WithObserver(func(d Dispensed) { dispensed <- d }))
	if err != nil {
		t.Fatalf("NewHub: %v", err)
	}
	ctx := context.Background()

	day := time.Date(2024, time.May, 14, 0, 0, 0, 0, time.UTC)
	var morning []FeedOrder
	for _, o := range zooDiets.Plan(day, enclosures, "amara") {
		if o.Due.Hour() < 12 {
			morning = append(morning, o)
		}
	}
	if len(morning) != 3 {
		t.Fatalf("morning round has %d orders, want 3", len(morning))
	}
	for _, o := range morning {
		if err := h.Feed(ctx, o); err != nil {
			t.Fatalf("feed %s: %v", o.Enclosure, err)
		}
	}
	waitFor(t, dispensed, len(morning))

	lion := h.History("lion-kopje")
	if len(lion) != 1 || lion[0].Err == nil || lion[0].Grams != 500 {
		t.Fatalf("lion history = %+v, want one jammed feed of 500g", lion)
	}

	if err := h.ReplaceFeeder("lion-kopje", &augerFeeder{name: "LK-2"}); err != nil {
		t.Fatalf("ReplaceFeeder: %v", err)
	}
	rest := lion[0].Order
	rest.Grams -= lion[0].Grams
	if err := h.Feed(ctx, rest); err != nil {
		t.Fatalf("re-feed lions: %v", err)
	}
	waitFor(t, dispensed, 1)
	lion = h.History("lion-kopje")
	if last := lion[len(lion)-1]; last.Feeder != "LK-2" || last.Err != nil || last.Grams != 20500 {
		t.Fatalf("lion re-feed = %+v", last)
	}

	if err := h.RemoveEnclosure("giraffe-yard"); err != nil {
		t.Fatalf("RemoveEnclosure: %v", err)
	}
	err = h.Feed(ctx, FeedOrder{Enclosure: "giraffe-yard", Food: "browse pellets", Grams: 10000})
	if !errors.Is(err, ErrUnknownEnclosure) {
		t.Fatalf("feed removed enclosure: got %v", err)
	}
	if err := h.Feed(ctx, FeedOrder{Enclosure: "penguin-cove", Food: "herring", Grams: 60000}); !errors.Is(err, ErrOrder) {
		t.Fatalf("oversized order: got %v, want ErrOrder", err)
	}

	closeCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := h.Close(closeCtx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := h.Feed(ctx, morning[0]); !errors.Is(err, ErrClosed) {
		t.Fatalf("feed after close: got %v, want ErrClosed", err)
	}

	goleak.VerifyNone(t)
}
