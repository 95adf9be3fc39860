package autoscale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type manualClock struct {
	now   time.Time
	ticks chan time.Time
}

func (c *manualClock) Now() time.Time                 { return c.now }
func (c *manualClock) NewTicker(time.Duration) Ticker { return manualTicker{c.ticks} }

type manualTicker struct{ c chan time.Time }

func (t manualTicker) C() <-chan time.Time { return t.c }
func (t manualTicker) Stop()               {}

type fakeCluster struct {
	mu       sync.Mutex
	replicas int32
	deleted  bool
	writes   []int32
}

func (f *fakeCluster) Replicas(_ context.Context, t Target) (int32, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleted {
		return 0, fmt.Errorf("get %s: %w", t, ErrTargetNotFound)
	}
	return f.replicas, nil
}

func (f *fakeCluster) SetReplicas(_ context.Context, t Target, n int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleted {
		return fmt.Errorf("patch %s: %w", t, ErrTargetNotFound)
	}
	f.replicas = n
	f.writes = append(f.writes, n)
	return nil
}

func (f *fakeCluster) delete() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deleted = true
}

type staticMetrics struct{ util float64 }

func (m staticMetrics) Sample(_ context.Context, _ Target) (Sample, error) {
	return Sample{Utilization: m.util, ReadyPods: 2}, nil
}

func newTestController(t *testing.T, cl Cluster, clk Clock, applied chan<- Decision) *Controller {
	t.Helper()
	ctl, err := New(Config{
		Target: Target{Namespace: "shop", Kind: "Deployment", Name: "checkout"},
		Policy: Policy{
			MinReplicas:       1,
			MaxReplicas:       10,
			TargetUtilization: 0.6,
			ScaleUpCooldown:   time.Minute,
			ScaleDownCooldown: 5 * time.Minute,
		},
	}, staticMetrics{util: 0.9}, cl,
		WithClock(clk),
		WithLogger(log.New(io.Discard, "", 0)),
		WithObserver(func(_ Target, d Decision) { applied <- d }),
	)
	if err != nil {
		t.Fatal(err)
	}
	return ctl
}

func TestRunStopsWhenTargetDeleted(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &manualClock{now: time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
	cl := &fakeCluster{replicas: 2}
	applied := make(chan Decision, 1)
	ctl := newTestController(t, cl, clk, applied)

	errc := make(chan error, 1)
	go func() { errc <- ctl.Run(context.Background()) }()

	clk.ticks <- clk.now
	d := <-applied
	if d.Current != 2 || d.Desired != 3 {
		t.Fatalf("decision %d -> %d, want 2 -> 3", d.Current, d.Desired)
	}

	cl.delete()
	clk.ticks <- clk.now.Add(15 * time.Second)
	if err := <-errc; !errors.Is(err, ErrTargetNotFound) {
		t.Fatalf("Run returned %v, want ErrTargetNotFound", err)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &manualClock{now: time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
	cl := &fakeCluster{replicas: 2}
	applied := make(chan Decision, 1)
	ctl := newTestController(t, cl, clk, applied)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- ctl.Run(ctx) }()

	clk.ticks <- clk.now
	<-applied
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if len(cl.writes) != 1 || cl.writes[0] != 3 {
		t.Fatalf("writes = %v, want [3]", cl.writes)
	}
}
