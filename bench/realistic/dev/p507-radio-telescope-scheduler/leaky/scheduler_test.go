package scheduler

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var polaris = Target{Name: "Polaris", RA: 37.95, Dec: 89.26}

type dish struct {
	id     string
	site   Site
	status Status
	err    error
	delay  time.Duration
}

func (d *dish) ID() string { return d.id }
func (d *dish) Site() Site { return d.site }

func (d *dish) Status(ctx context.Context) (Status, error) {
	if d.err != nil {
		return Status{}, d.err
	}
	return d.status, ctx.Err()
}

func (d *dish) Track(ctx context.Context, t Target, band string, until time.Time) (Capture, error) {
	select {
	case <-time.After(d.delay):
		return Capture{Samples: 4096, SNR: 18.5}, nil
	case <-ctx.Done():
		return Capture{}, ctx.Err()
	}
}

func northDish(id string, mode Mode, wind float64, delay time.Duration) *dish {
	return &dish{
		id:     id,
		site:   Site{Lat: 52.91, Lon: 6.60},
		status: Status{Mode: mode, WindKmh: wind, Bands: []string{"L", "C"}},
		delay:  delay,
	}
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func observation(id string, window time.Duration, min int) Observation {
	now := time.Now()
	return Observation{
		ID:          id,
		Target:      polaris,
		Band:        "L",
		Start:       now,
		End:         now.Add(window),
		MinAntennas: min,
	}
}

func TestWindowClosesOnSlowDish(t *testing.T) {
	defer goleak.VerifyNone(t)

	array := []Antenna{
		northDish("RT0", Operational, 12, 5*time.Millisecond),
		northDish("RT1", Operational, 12, 5*time.Millisecond),
		northDish("RT2", Operational, 12, time.Hour),
	}
	s, err := New(array, Config{Logger: testLogger{t}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Observe(context.Background(), observation("obs-0412", 150*time.Millisecond, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Captures) != 2 || len(rep.Missed) != 1 || rep.Missed[0] != "RT2" {
		t.Fatalf("unexpected report %+v", rep)
	}
}

func TestNightShiftWithStowedDish(t *testing.T) {
	defer goleak.VerifyNone(t)

	array := []Antenna{
		northDish("RT3", Operational, 20, 10*time.Millisecond),
		northDish("RT4", Stowed, 71, 10*time.Millisecond),
		northDish("RT5", Operational, 22, 15*time.Millisecond),
		&dish{id: "RTX", err: errors.New("control link down"), site: Site{Lat: 52.91, Lon: 6.60}},
		northDish("RT6", Operational, 18, 10*time.Millisecond),
		&dish{id: "MK-1", site: Site{Lat: -30.71, Lon: 21.44}, status: Status{Bands: []string{"L"}}},
	}
	s, err := New(array, Config{Logger: testLogger{t}, MaxWindKmh: 60})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rep, err := s.Observe(ctx, observation("obs-0413", 400*time.Millisecond, 3))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Captures) != 3 {
		t.Fatalf("captures: %+v", rep.Captures)
	}
	for id, want := range map[string]string{
		"RT4":  "stowed",
		"RTX":  "status: control link down",
		"MK-1": "target below elevation limit",
	} {
		if got := rep.Skipped[id]; got != want {
			t.Errorf("skipped[%s] = %q, want %q", id, got, want)
		}
	}
	if len(rep.Missed) != 0 || len(rep.Failed) != 0 {
		t.Fatalf("missed %v failed %v", rep.Missed, rep.Failed)
	}
}
