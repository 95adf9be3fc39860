package kiln

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeProbe struct {
	id    string
	mu    sync.Mutex
	mc    float64
	delay time.Duration
	err   error
}

func (p *fakeProbe) ID() string { return p.id }

func (p *fakeProbe) ReadMC(ctx context.Context) (float64, error) {
	p.mu.Lock()
	mc, delay, err := p.mc, p.delay, p.err
	p.mu.Unlock()
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return mc, err
}

func (p *fakeProbe) set(mc float64, delay time.Duration, err error) {
	p.mu.Lock()
	p.mc, p.delay, p.err = mc, delay, err
	p.mu.Unlock()
}

type fakeActuator struct {
	mu    sync.Mutex
	set   [][2]float64
	holds []string
}

func (a *fakeActuator) SetConditions(_ context.Context, dry, wet float64) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.set = append(a.set, [2]float64{dry, wet})
	return nil
}

func (a *fakeActuator) Hold(_ context.Context, reason string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.holds = append(a.holds, reason)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestChargeHoldsOnShortedProbe(t *testing.T) {
	defer goleak.VerifyNone(t)

	probes := make([]*fakeProbe, 6)
	readers := make([]ProbeReader, 6)
	for i := range probes {
		probes[i] = &fakeProbe{id: fmt.Sprintf("B%02d", i+1), mc: 36 + float64(i)*0.5, delay: time.Millisecond}
		readers[i] = probes[i]
	}
	act := &fakeActuator{}
	cfg := DefaultConfig()
	cfg.ProbeTimeout = 500 * time.Millisecond
	ctrl, err := New(act, readers, WithConfig(cfg), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	res, err := ctrl.RunCycle(ctx)
	if err != nil {
		t.Fatalf("first cycle: %v", err)
	}
	if res.Step != "T4-3" || res.Probes != 6 {
		t.Fatalf("first cycle: got step %s with %d probes", res.Step, res.Probes)
	}

	// Condensate drips on board B01 overnight and its pins short; the rest
	// of the charge answers a little later.
	probes[0].set(0, 0, ErrProbeShorted)
	for _, p := range probes[1:] {
		p.set(33, 20*time.Millisecond, nil)
	}
	if _, err := ctrl.RunCycle(ctx); !errors.Is(err, ErrProbeShorted) {
		t.Fatalf("second cycle: want ErrProbeShorted, got %v", err)
	}
	if !ctrl.Holding() {
		t.Fatal("kiln should be holding after a shorted probe")
	}

	// The operator replaces the probe and the schedule resumes.
	probes[0].set(32.5, time.Millisecond, nil)
	for _, p := range probes[1:] {
		p.set(32, time.Millisecond, nil)
	}
	res, err = ctrl.RunCycle(ctx)
	if err != nil {
		t.Fatalf("third cycle: %v", err)
	}
	if res.Step != "T4-4" || !res.Advanced {
		t.Fatalf("third cycle: got step %s advanced=%v", res.Step, res.Advanced)
	}
	if ctrl.Holding() {
		t.Fatal("kiln should resume after a good cycle")
	}
	if got := len(ctrl.History()); got != 2 {
		t.Fatalf("history: got %d cycles, want 2", got)
	}
	act.mu.Lock()
	holds := len(act.holds)
	act.mu.Unlock()
	if holds != 1 {
		t.Fatalf("holds: got %d, want 1", holds)
	}
}
