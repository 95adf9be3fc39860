package sonar

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recorder struct {
	mu                    sync.Mutex
	gained, updated, lost []ContactID
}

func (r *recorder) ContactGained(c Contact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gained = append(r.gained, c.ID)
}

func (r *recorder) ContactUpdated(c Contact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updated = append(r.updated, c.ID)
}

func (r *recorder) ContactLost(c Contact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lost = append(r.lost, c.ID)
}

func manualTicker(ch chan time.Time) Option {
	return WithTicker(func(time.Duration) (<-chan time.Time, func()) {
		return ch, func() {}
	})
}

func TestTrackerRejectsUnknownArray(t *testing.T) {
	defer goleak.VerifyNone(t)

	rec := &recorder{}
	tick := make(chan time.Time)
	tr := NewTracker(rec, WithGate(4), WithHoldTime(2*time.Minute), manualTicker(tick))
	tr.SetArrayAxis("bow", 90)    // boat heading 090
	tr.SetArrayAxis("towed", 270) // towed array axis points aft

	t0 := time.Date(2023, 3, 2, 4, 0, 0, 0, time.UTC)
	detections := []Detection{
		{Array: "bow", Bearing: 30, SNR: 12, FreqHz: 50, At: t0},
		{Array: "bow", Bearing: -40, SNR: 9, At: t0},
		{Array: "bow", Bearing: 31, SNR: 12.5, FreqHz: 50.5, At: t0.Add(time.Minute)},
		{Array: "towed", Bearing: 212, SNR: 10, FreqHz: 51, At: t0.Add(2 * time.Minute)},
		{Array: "bow", Bearing: 200, SNR: 3, At: t0.Add(2 * time.Minute)},
	}
	for _, d := range detections {
		if _, err := tr.Ingest(d); err != nil {
			t.Fatalf("Ingest(%+v): %v", d, err)
		}
	}
	cs := tr.Contacts()
	if len(cs) != 2 {
		t.Fatalf("contacts = %v, want 2", cs)
	}
	if cs[0].Fixes != 3 || math.Abs(cs[0].Bearing-122) > 1e-9 || cs[0].BearingRate <= 0 {
		t.Fatalf("S1 = %v (%d fixes)", cs[0], cs[0].Fixes)
	}

	_, err := tr.Ingest(Detection{Array: "flank", Bearing: 10, SNR: 15, At: t0.Add(3 * time.Minute)})
	if !errors.Is(err, ErrUnknownArray) {
		t.Fatalf("Ingest from unregistered array: err = %v", err)
	}

	tick <- t0.Add(10 * time.Minute)
	tr.Close()
}
