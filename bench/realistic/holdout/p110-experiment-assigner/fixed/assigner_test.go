package assign

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStore struct {
	mu      sync.Mutex
	snap    Snapshot
	fetches int
}

func (s *fakeStore) FetchExperiments(ctx context.Context) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetches++
	return s.snap, nil
}

func (s *fakeStore) publish(snap Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snap = snap
}

type fakeSink struct {
	mu        sync.Mutex
	exposures []Exposure
}

func (s *fakeSink) LogExposures(ctx context.Context, batch []Exposure) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exposures = append(s.exposures, batch...)
	return nil
}

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

// fakeClock hands every ticker it creates to the test, which fires it by
// sending on its channel.
type fakeClock struct {
	now     time.Time
	tickers chan *fakeTicker
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTicker(d time.Duration) Ticker {
	t := &fakeTicker{c: make(chan time.Time)}
	c.tickers <- t
	return t
}

func experiments(checkoutStatus Status) []Experiment {
	return []Experiment{
		{
			ID:             "search-ranking-v2",
			Salt:           "7f3a",
			Status:         StatusRunning,
			Variants:       []Variant{{Name: "control", Weight: 1}, {Name: "treatment", Weight: 1}},
			DefaultVariant: "control",
			TrafficPercent: 100,
		},
		{
			ID:             "checkout-button-color",
			Salt:           "c01d",
			Status:         checkoutStatus,
			Variants:       []Variant{{Name: "blue", Weight: 1}, {Name: "green", Weight: 1}},
			DefaultVariant: "blue",
			TrafficPercent: 50,
		},
	}
}

func TestPausedExperimentThenRefresh(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()

	store := &fakeStore{snap: Snapshot{Revision: "r41", Experiments: experiments(StatusPaused)}}
	sink := &fakeSink{}
	clock := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), tickers: make(chan *fakeTicker, 1)}

	a, err := New(ctx, store, sink, Options{RefreshInterval: 30 * time.Second, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ticker := <-clock.tickers

	got, err := a.Assign(ctx, "search-ranking-v2", "user-1001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Reason != ReasonBucketed || got.Revision != "r41" {
		t.Errorf("running experiment: got %+v", got)
	}

	got, err = a.Assign(ctx, "checkout-button-color", "user-1001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Variant != "blue" || got.Reason != ReasonInactive {
		t.Errorf("paused experiment: got %+v, want default variant", got)
	}

	// The experiment is resumed in the console; the next refresh picks it up.
	store.publish(Snapshot{Revision: "r42", Experiments: experiments(StatusRunning)})
	ticker.c <- clock.now.Add(30 * time.Second)

	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.exposures) != 1 || sink.exposures[0].ExperimentID != "search-ranking-v2" {
		t.Errorf("exposures = %+v, want one for search-ranking-v2", sink.exposures)
	}
}
