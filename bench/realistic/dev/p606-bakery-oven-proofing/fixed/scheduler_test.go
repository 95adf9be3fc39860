package proofing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeChamber struct {
	id         string
	tempC      float64
	risePerTic float64
	failAfter  int // sensor starts failing after this many samples; 0 = never

	mu      sync.Mutex
	loaded  string
	rise    float64
	samples int
}

func (c *fakeChamber) ID() string { return c.id }

func (c *fakeChamber) Load(ctx context.Context, b Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded != "" {
		return fmt.Errorf("%s already holds %s", c.id, c.loaded)
	}
	c.loaded, c.rise = b.ID, 1.0
	return nil
}

func (c *fakeChamber) Sample(ctx context.Context) (Reading, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.samples++
	if c.failAfter > 0 && c.samples > c.failAfter {
		return Reading{}, errors.New("probe disconnected")
	}
	c.rise += c.risePerTic
	return Reading{TempC: c.tempC, HumidityPct: 80, Rise: c.rise}, nil
}

func (c *fakeChamber) Unload(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loaded = ""
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

var sourdough = Profile{Name: "sourdough", MinTempC: 24, MaxTempC: 28, TargetRise: 1.8, MaxTime: 2 * time.Second}

func TestMorningRun(t *testing.T) {
	defer goleak.VerifyNone(t)

	chambers := []Chamber{
		&fakeChamber{id: "cab-1", tempC: 26, risePerTic: 0.1},
		&fakeChamber{id: "cab-2", tempC: 26, risePerTic: 0.2},
	}
	s, err := New(chambers, Config{SampleEvery: time.Millisecond, Logger: testLogger{t}})
	if err != nil {
		t.Fatal(err)
	}
	var batches []Batch
	for i := 1; i <= 4; i++ {
		batches = append(batches, Batch{ID: fmt.Sprintf("B%02d", i), Product: "country loaf", Trays: 6, Profile: sourdough})
	}
	rep, err := s.Run(context.Background(), batches)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if len(rep.Ready) != 4 || len(rep.Rejected) != 0 {
		t.Fatalf("report = %+v", rep)
	}
}

func TestRunAbortsOnChamberFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	chambers := []Chamber{
		&fakeChamber{id: "cab-1", tempC: 26, risePerTic: 0.02},
		&fakeChamber{id: "cab-2", tempC: 26, risePerTic: 0.02, failAfter: 2},
		&fakeChamber{id: "cab-3", tempC: 25, risePerTic: 0.02},
	}
	s, err := New(chambers, Config{SampleEvery: 2 * time.Millisecond, MaxSensorErrors: 2, Logger: testLogger{t}})
	if err != nil {
		t.Fatal(err)
	}
	var batches []Batch
	for i := 1; i <= 6; i++ {
		batches = append(batches, Batch{ID: fmt.Sprintf("B%02d", i), Product: "baguette", Trays: 4, Profile: sourdough})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = s.Run(ctx, batches)
	var fault *ChamberFault
	if !errors.As(err, &fault) || fault.Chamber != "cab-2" {
		t.Fatalf("run error = %v, want fault on cab-2", err)
	}
}
