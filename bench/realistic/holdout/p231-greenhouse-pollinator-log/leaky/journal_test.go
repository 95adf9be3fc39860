package pollinator

import (
	"context"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeModel struct {
	labels map[string]Label
}

func (m *fakeModel) Classify(ctx context.Context, snapshot []byte) (Label, error) {
	key := string(snapshot)
	delay := 3 * time.Millisecond
	if strings.HasPrefix(key, "blurred") {
		delay = time.Minute
	}
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return Label{}, ctx.Err()
	}
	return m.labels[key], nil
}

type fakeClimate struct{}

func (fakeClimate) Conditions(_ context.Context, bed string) (Conditions, error) {
	if !strings.HasPrefix(bed, "B") {
		return Conditions{}, ErrUnknownBed
	}
	return Conditions{TempC: 24.5, Humidity: 71}, nil
}

type memStore struct {
	mu     sync.Mutex
	visits []Visit
}

func (s *memStore) Append(_ context.Context, v Visit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.visits = append(s.visits, v)
	return nil
}

func TestMorningRound(t *testing.T) {
	defer goleak.VerifyNone(t)

	model := &fakeModel{labels: map[string]Label{
		"img-0712-a": {Taxon: "Bombus terrestris", Score: 0.91},
		"img-0712-b": {Taxon: "Bombus terrestris", Score: 0.88},
		"img-0714-a": {Taxon: "Apis mellifera", Score: 0.83},
		"img-0715-a": {Taxon: "Eristalis tenax", Score: 0.32},
	}}
	store := &memStore{}
	j, err := NewJournal(model, fakeClimate{}, store,
		WithClassifyTimeout(40*time.Millisecond),
		WithCooldown(15*time.Second),
		WithLogger(log.New(os.Stderr, "journal ", 0)),
	)
	if err != nil {
		t.Fatalf("NewJournal: %v", err)
	}

	base := time.Date(2024, 6, 3, 7, 12, 0, 0, time.UTC)
	events := []CameraEvent{
		{Camera: "cam-03", Bed: "B3-tomato", At: base, Dwell: 6 * time.Second, Snapshot: []byte("img-0712-a")},
		{Camera: "cam-03", Bed: "B3-tomato", At: base.Add(14 * time.Second), Dwell: 4 * time.Second, Snapshot: []byte("img-0712-b")},
		{Camera: "cam-04", Bed: "B3-tomato", At: base.Add(2 * time.Minute), Dwell: 9 * time.Second, Snapshot: []byte("img-0714-a")},
		{Camera: "cam-04", Bed: "B3-tomato", At: base.Add(3 * time.Minute), Dwell: 3 * time.Second, Snapshot: []byte("img-0715-a")},
		{Camera: "cam-03", Bed: "B3-tomato", At: base.Add(5 * time.Minute), Dwell: 5 * time.Second, Snapshot: []byte("blurred-0717")},
	}
	ctx := context.Background()
	for _, ev := range events {
		if _, err := j.Record(ctx, ev); err != nil {
			t.Fatalf("Record %s: %v", ev.Snapshot, err)
		}
	}

	if len(store.visits) != 4 {
		t.Fatalf("stored %d visits, want 4", len(store.visits))
	}
	if got := store.visits[0].Species; got != "buff-tailed bumblebee" {
		t.Errorf("first visit species %q", got)
	}
	if j.Timeouts() != 1 {
		t.Errorf("timeouts = %d, want 1", j.Timeouts())
	}
	sum := j.Summary("B3-tomato")
	if len(sum) != 3 || sum[0].Species != Unidentified || sum[0].Visits != 2 {
		t.Errorf("summary: %+v", sum)
	}
}
