package liftqueue

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeGates struct {
	mu       sync.Mutex
	scans    map[string]int
	at       time.Time
	failures map[string]error
	// hold, when set, keeps every healthy gate read waiting as a slow
	// radio link would.
	hold chan struct{}
}

func (f *fakeGates) ReadGate(ctx context.Context, id string) (GateReading, error) {
	f.mu.Lock()
	err := f.failures[id]
	hold := f.hold
	r := GateReading{GateID: id, Scans: f.scans[id], At: f.at}
	f.mu.Unlock()
	if err != nil {
		return GateReading{}, err
	}
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return GateReading{}, ctx.Err()
		}
	}
	return r, nil
}

type recordingBoard struct {
	mu  sync.Mutex
	got []LiftStatus
}

func (b *recordingBoard) Publish(_ context.Context, s LiftStatus) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, s)
	return nil
}

func summitExpress() Lift {
	return Lift{
		Name:            "summit-express",
		CapacityPerHour: 2400,
		Gates: []Gate{
			{ID: "se-entry-1", Kind: GateEntry},
			{ID: "se-entry-2", Kind: GateEntry},
			{ID: "se-singles", Kind: GateSingles},
			{ID: "se-load-1", Kind: GateLoading},
		},
	}
}

func TestRefreshSurfacesControllerFault(t *testing.T) {
	opening := time.Date(2024, 2, 10, 8, 30, 0, 0, time.UTC)
	gates := &fakeGates{
		scans: map[string]int{"se-entry-1": 120, "se-entry-2": 95, "se-singles": 20, "se-load-1": 175},
		at:    opening,
	}
	board := &recordingBoard{}
	m, err := New(gates, Config{
		Lifts:       []Lift{summitExpress()},
		GateTimeout: 2 * time.Second,
		MaxWait:     30 * time.Minute,
	}, WithPublisher(board))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	st, err := m.Refresh(ctx, "summit-express")
	if err != nil {
		t.Fatalf("first refresh: %v", err)
	}
	if st.Queue != 60 {
		t.Fatalf("queue = %d, want 60", st.Queue)
	}
	if st.Wait != 2*time.Minute {
		t.Fatalf("wait = %v, want 2m", st.Wait)
	}

	gates.mu.Lock()
	gates.at = opening.Add(5 * time.Minute)
	gates.scans["se-entry-1"] += 60
	gates.scans["se-load-1"] += 150
	gates.failures = map[string]error{"se-load-1": errors.New("checksum mismatch in counter frame")}
	gates.hold = make(chan struct{})
	gates.mu.Unlock()

	if _, err := m.Refresh(ctx, "summit-express"); err == nil {
		t.Fatal("refresh with a corrupt loading gate succeeded")
	}
	if got, _ := m.Status("summit-express"); got.UpdatedAt != opening {
		t.Fatalf("status changed after failed refresh: %+v", got)
	}

	close(gates.hold)
	board.mu.Lock()
	published := len(board.got)
	board.mu.Unlock()
	if published != 1 {
		t.Fatalf("published %d statuses, want 1", published)
	}

	goleak.VerifyNone(t)
}
