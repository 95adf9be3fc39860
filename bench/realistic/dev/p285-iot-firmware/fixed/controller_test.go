package rollout

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFleet struct {
	mu     sync.Mutex
	pushed map[string]string
}

func (f *fakeFleet) Push(ctx context.Context, deviceID string, img Image) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pushed == nil {
		f.pushed = make(map[string]string)
	}
	f.pushed[deviceID] = img.Version
	return nil
}

func (f *fakeFleet) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.pushed)
}

type fakeHealth struct{}

func (fakeHealth) CohortHealth(ctx context.Context, cohort, version string) (Health, error) {
	return Health{Reporting: 10, Healthy: 10}, nil
}

// stepClock hands each soak timer to the test, which decides when it fires.
type stepClock struct {
	soaking chan chan time.Time
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.soaking <- ch
	return ch
}

func TestAbortWhilePausedBetweenCohorts(t *testing.T) {
	defer goleak.VerifyNone(t)

	fleet := &fakeFleet{}
	clock := &stepClock{soaking: make(chan chan time.Time)}
	held := make(chan Event, 1)
	hook := func(ev Event) {
		if ev.Kind == EventHeld {
			held <- ev
		}
	}
	c := New(fleet, fakeHealth{},
		WithClock(clock),
		WithConcurrency(2),
		WithSoakTime(time.Hour),
		WithEventHook(hook),
	)

	plan := Plan{
		ID:    "fw-2.4.1",
		Image: Image{Version: "2.4.1", URL: "https://fw.example/2.4.1.bin"},
		Cohorts: []Cohort{
			{Name: "canary", Devices: []string{"dev-1", "dev-2", "dev-3"}},
			{Name: "general", Devices: []string{"dev-4", "dev-5", "dev-6", "dev-7"}},
		},
	}
	if err := c.Start(context.Background(), plan); err != nil {
		t.Fatalf("Start: %v", err)
	}

	// The canary cohort has been pushed and is soaking. The operator pauses
	// the rollout before the general fleet is touched.
	timer := <-clock.soaking
	c.Pause()
	timer <- time.Now()

	ev := <-held
	if ev.Cohort != "general" {
		t.Fatalf("held before cohort %q, want general", ev.Cohort)
	}

	// Telemetry from the canaries looks suspicious after all: abort.
	c.Abort("operator: elevated reboot rate on canaries")

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	rep, err := c.Wait(ctx)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if rep.State != StateAborted {
		t.Fatalf("state = %v, want aborted", rep.State)
	}
	if !errors.Is(rep.Err, ErrAborted) {
		t.Fatalf("err = %v, want ErrAborted", rep.Err)
	}
	if len(rep.Cohorts) != 1 || rep.Cohorts[0].Pushed != 3 {
		t.Fatalf("cohorts = %+v, want only the canary cohort", rep.Cohorts)
	}
	if n := fleet.count(); n != 3 {
		t.Fatalf("pushed to %d devices, want 3", n)
	}
}
