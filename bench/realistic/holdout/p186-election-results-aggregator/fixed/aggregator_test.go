package tally

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDirectory map[string]Precinct

func (d fakeDirectory) Precinct(_ context.Context, id string) (Precinct, error) {
	p, ok := d[id]
	if !ok {
		return Precinct{}, fmt.Errorf("precinct %s not registered", id)
	}
	return p, nil
}

type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

type throttled struct{}

func (throttled) Error() string   { return "503 SlowDown: please reduce your request rate" }
func (throttled) Temporary() bool { return true }

// fakeStore rejects its first `failures` requests outright, the way an
// object store answers a throttled request, and stores the rest.
type fakeStore struct {
	mu       sync.Mutex
	failures int
	calls    int
	objects  map[string][]byte
}

func (s *fakeStore) Put(_ context.Context, key, _ string, body io.Reader) error {
	s.mu.Lock()
	s.calls++
	if s.failures > 0 {
		s.failures--
		s.mu.Unlock()
		return throttled{}
	}
	s.mu.Unlock()
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[key] = data
	return nil
}

func ballot() map[string][]string {
	return map[string][]string{
		"mayor":     {"Okafor", "Lindqvist", "Reyes"},
		"measure-4": {"yes", "no"},
	}
}

func TestPublishRetriesThrottledUpload(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := fakeDirectory{
		"P-101": {ID: "P-101", County: "Harlan", RegisteredVoters: 1200, Ballot: ballot()},
		"P-102": {ID: "P-102", County: "Harlan", RegisteredVoters: 800, Ballot: ballot()},
	}
	store := &fakeStore{failures: 1, objects: make(map[string][]byte)}
	clock := &fakeClock{now: time.Date(2024, 11, 5, 21, 30, 0, 0, time.UTC)}
	agg, err := New(Config{Election: "2024-general", Directory: dir, Store: store, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	reports := []PrecinctReport{
		{PrecinctID: "P-101", Seq: 1, Ballots: 640, Votes: map[string]map[string]int{
			"mayor": {"Okafor": 300, "Lindqvist": 250, "Reyes": 80}, "measure-4": {"yes": 400, "no": 200}}},
		{PrecinctID: "P-102", Seq: 1, Ballots: 410, Votes: map[string]map[string]int{
			"mayor": {"Okafor": 150, "Lindqvist": 200, "Reyes": 55}}},
		{PrecinctID: "P-101", Seq: 2, Ballots: 650, Votes: map[string]map[string]int{
			"mayor": {"Okafor": 305, "Lindqvist": 255, "Reyes": 80}, "measure-4": {"yes": 405, "no": 205}}},
	}
	for _, r := range reports {
		if err := agg.Submit(ctx, r); err != nil {
			t.Fatalf("Submit %s seq %d: %v", r.PrecinctID, r.Seq, err)
		}
	}
	stale := PrecinctReport{PrecinctID: "P-101", Seq: 1, Ballots: 10}
	if err := agg.Submit(ctx, stale); !errors.Is(err, ErrStaleReport) {
		t.Fatalf("Submit stale report: got %v, want ErrStaleReport", err)
	}
	overvote := PrecinctReport{PrecinctID: "P-102", Seq: 2, Ballots: 900}
	if err := agg.Submit(ctx, overvote); !errors.Is(err, ErrInvalidReport) {
		t.Fatalf("Submit over-registration report: got %v, want ErrInvalidReport", err)
	}

	uploaded, err := agg.Publish(ctx)
	if err != nil || !uploaded {
		t.Fatalf("Publish = %v, %v; want true, nil", uploaded, err)
	}
	if store.calls != 2 || len(clock.slept) != 1 {
		t.Fatalf("store calls = %d, sleeps = %d; want 2 and 1", store.calls, len(clock.slept))
	}

	var snap Snapshot
	if err := json.Unmarshal(store.objects[snapshotKey("2024-general", 3)], &snap); err != nil {
		t.Fatalf("decode published snapshot: %v", err)
	}
	if snap.PrecinctsReporting != 2 || snap.Ballots != 1060 || snap.Totals["mayor"]["Okafor"] != 455 {
		t.Fatalf("published snapshot = %+v", snap)
	}

	if again, err := agg.Publish(ctx); err != nil || again {
		t.Fatalf("second Publish = %v, %v; want false, nil", again, err)
	}
}
