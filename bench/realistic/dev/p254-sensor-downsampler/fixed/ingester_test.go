package downsample

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSink struct {
	mu      sync.Mutex
	err     error
	written []Rollup
}

func (s *fakeSink) WriteRollups(ctx context.Context, batch []Rollup) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.written = append(s.written, batch...)
	return nil
}

func (s *fakeSink) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

func (s *fakeSink) rollups() []Rollup {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Rollup(nil), s.written...)
}

var errTSDBDown = errors.New("tsdb: connection refused")

func TestCloseReportsFinalFlushFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &fakeSink{}
	in, err := New(Config{Window: time.Minute}, sink)
	if err != nil {
		t.Fatal(err)
	}

	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	readings := []Reading{
		{Sensor: "boiler-1", At: base.Add(10 * time.Second), Value: 20},
		{Sensor: "boiler-2", At: base.Add(20 * time.Second), Value: 5},
		{Sensor: "boiler-1", At: base.Add(40 * time.Second), Value: 24},
		// Moves the watermark past 12:01 and closes the first window.
		{Sensor: "boiler-1", At: base.Add(65 * time.Second), Value: 22},
	}
	for _, r := range readings {
		if err := in.Ingest(r); err != nil {
			t.Fatalf("Ingest(%v): %v", r, err)
		}
	}
	if err := in.Sync(); err != nil {
		t.Fatalf("Sync: %v", err)
	}

	got := sink.rollups()
	if len(got) != 2 {
		t.Fatalf("wrote %d rollups, want 2: %+v", len(got), got)
	}
	if b1 := got[0]; b1.Sensor != "boiler-1" || b1.Count != 2 || b1.Min != 20 || b1.Max != 24 || b1.Mean() != 22 {
		t.Fatalf("boiler-1 rollup = %+v", b1)
	}
	if b2 := got[1]; b2.Sensor != "boiler-2" || b2.Count != 1 || b2.Sum != 5 {
		t.Fatalf("boiler-2 rollup = %+v", b2)
	}
	if err := in.Ingest(Reading{Sensor: "boiler-2", At: base.Add(30 * time.Second), Value: 1}); !errors.Is(err, ErrLate) {
		t.Fatalf("late reading: err = %v, want ErrLate", err)
	}

	sink.setErr(errTSDBDown)
	err = in.Close(context.Background())
	if !errors.Is(err, errTSDBDown) {
		t.Fatalf("Close: err = %v, want %v", err, errTSDBDown)
	}
	if err := in.Ingest(Reading{Sensor: "boiler-1", At: base.Add(70 * time.Second)}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Ingest after Close: err = %v, want ErrClosed", err)
	}
}
