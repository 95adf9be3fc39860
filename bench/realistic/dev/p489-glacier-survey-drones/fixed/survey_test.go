package survey

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeUplink struct {
	mu      sync.Mutex
	legs    map[string][]Frame
	corrupt map[string]int
	calls   int
}

func (u *fakeUplink) FetchFrame(ctx context.Context, drone DroneID, transect string, seq int) (Frame, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls++
	frames, ok := u.legs[transect]
	if !ok || seq >= len(frames) {
		return Frame{}, fmt.Errorf("no frame %d on %s", seq, transect)
	}
	f := frames[seq]
	if bad, ok := u.corrupt[transect]; ok && bad == seq {
		f.IceDepthM += 0.5
	}
	return f, nil
}

type memStore struct {
	mu      sync.Mutex
	samples map[string][]Sample
}

func (m *memStore) Append(ctx context.Context, transect string, s []Sample) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.samples == nil {
		m.samples = make(map[string][]Sample)
	}
	m.samples[transect] = append(m.samples[transect], s...)
	return nil
}

func makeLeg(n int, baseLat float64) []Frame {
	frames := make([]Frame, n)
	for i := range frames {
		f := Frame{
			Seq:       i,
			Lat:       baseLat + float64(i)*0.0001,
			Lon:       -49.5 + float64(i)*0.0002,
			AltitudeM: 60 + float64(i%7)*12,
			IceDepthM: 900 + float64(i),
		}
		f.Checksum = ComputeChecksum(f)
		frames[i] = f
	}
	return frames
}

func TestSurveyFlagsCorruptLegForRefly(t *testing.T) {
	defer goleak.VerifyNone(t)

	up := &fakeUplink{
		legs: map[string][]Frame{
			"T-01": makeLeg(40, 69.10),
			"T-02": makeLeg(40, 69.12),
			"T-03": makeLeg(40, 69.14),
		},
		corrupt: map[string]int{"T-02": 17},
	}
	store := &memStore{}
	s, err := New(up, store, WithBatchSize(8), WithRetries(1, 0), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	plan := []Leg{
		{Drone: "GX-1", Transect: "T-01", Frames: 40},
		{Drone: "GX-2", Transect: "T-02", Frames: 40},
		{Drone: "GX-1", Transect: "T-03", Frames: 40},
	}
	rep, err := s.Run(context.Background(), plan)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Refly) != 1 || rep.Refly[0].Transect != "T-02" {
		t.Fatalf("refly = %+v, want T-02 only", rep.Refly)
	}
	if !errors.Is(rep.Legs[1].Err, ErrCorruptFrame) {
		t.Fatalf("T-02 error = %v, want ErrCorruptFrame", rep.Legs[1].Err)
	}
	for _, i := range []int{0, 2} {
		lr := rep.Legs[i]
		if lr.Err != nil || lr.Stored+lr.Skipped != 40 || lr.Skipped == 0 {
			t.Errorf("%s: %+v", lr.Leg.Transect, lr)
		}
		if got := len(store.samples[lr.Leg.Transect]); got != lr.Stored {
			t.Errorf("%s: store has %d samples, result says %d", lr.Leg.Transect, got, lr.Stored)
		}
	}
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }
