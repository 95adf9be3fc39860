package agent

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stoppedTicker struct{ c chan time.Time }

func (t stoppedTicker) C() <-chan time.Time { return t.c }
func (t stoppedTicker) Stop()               {}

// frozenClock never ticks, so only explicit events drive the agent.
type frozenClock struct{ now time.Time }

func (c frozenClock) Now() time.Time                   { return c.now }
func (c frozenClock) NewTicker(d time.Duration) Ticker { return stoppedTicker{c: make(chan time.Time)} }

type staticCollector struct {
	name    string
	samples []Sample
}

func (c staticCollector) Name() string { return c.name }
func (c staticCollector) Collect(ctx context.Context) ([]Sample, error) {
	return c.samples, nil
}

var errNoDevice = errors.New("nvml: no device found")

type gpuCollector struct{}

func (gpuCollector) Name() string                                  { return "gpu" }
func (gpuCollector) Init(ctx context.Context) error                { return errNoDevice }
func (gpuCollector) Collect(ctx context.Context) ([]Sample, error) { return nil, nil }

type memShipper struct {
	mu      sync.Mutex
	batches [][]Sample
}

func (s *memShipper) Ship(ctx context.Context, batch []Sample) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, batch)
	return nil
}

func TestStartFailsWhenCollectorInitFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	cfg := Config{
		ScrapeInterval: 10 * time.Second,
		BatchSize:      100,
		HostLabels:     map[string]string{"host": "web-03", "region": "eu-west-1"},
		Clock:          frozenClock{now: time.Date(2024, 5, 2, 12, 0, 0, 0, time.UTC)},
		Logger:         log.New(io.Discard, "", 0),
	}
	cpu := staticCollector{name: "cpu", samples: []Sample{
		{Name: "cpu_usage_ratio", Labels: map[string]string{"core": "0"}, Value: 0.42},
		{Name: "cpu_usage_ratio", Labels: map[string]string{"core": "1"}, Value: 0.17},
	}}

	a, err := New(cfg, &memShipper{}, cpu, gpuCollector{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	err = a.Start(context.Background())
	if !errors.Is(err, errNoDevice) {
		t.Fatalf("Start error = %v, want errNoDevice", err)
	}
	if err := a.Stop(context.Background()); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Stop after failed Start = %v, want ErrNotRunning", err)
	}
}
