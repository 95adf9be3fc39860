package tempering

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type simBowl struct {
	mu      sync.Mutex
	temp    float64
	power   float64
	history []float64
}

func (b *simBowl) SetPower(ctx context.Context, percent float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.power = percent
	b.history = append(b.history, percent)
	b.temp += percent * 0.04
	return nil
}

func (b *simBowl) read() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.temp
}

func (b *simBowl) lastPower() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.power
}

type thermocouple struct {
	id      string
	bowl    *simBowl
	offset  float64
	latency time.Duration

	mu       sync.Mutex
	reads    int
	failFrom int
}

func (p *thermocouple) ID() string { return p.id }

func (p *thermocouple) ReadCelsius(ctx context.Context) (float64, error) {
	p.mu.Lock()
	p.reads++
	failing := p.failFrom > 0 && p.reads >= p.failFrom
	p.mu.Unlock()
	if failing {
		return 0, errors.New("open circuit")
	}
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(p.latency):
	}
	return p.bowl.read() + p.offset, nil
}

func newRig(t *testing.T, failFrom int) (*Controller, *simBowl) {
	t.Helper()
	bowl := &simBowl{temp: 21}
	probes := []Probe{
		&thermocouple{id: "bowl-left", bowl: bowl, offset: -0.2, latency: 2 * time.Millisecond},
		&thermocouple{id: "bowl-right", bowl: bowl, offset: 0.2, latency: 2 * time.Millisecond},
		&thermocouple{id: "bowl-centre", bowl: bowl, failFrom: failFrom},
	}
	c, err := NewController(bowl, probes,
		WithLogger(log.New(os.Stderr, "tempering: ", 0)),
		WithPollInterval(time.Millisecond),
		WithProbeTimeout(200*time.Millisecond),
		WithPhaseTimeout(2*time.Second),
	)
	if err != nil {
		t.Fatalf("NewController: %v", err)
	}
	return c, bowl
}

func TestDarkRunCompletes(t *testing.T) {
	defer goleak.VerifyNone(t)

	c, bowl := newRig(t, 0)
	report, err := c.Run(context.Background(), Batch{ID: "D-101", Chocolate: Dark, MassKg: 5})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(report.Phases) != 3 {
		t.Fatalf("got %d phases, want 3", len(report.Phases))
	}
	if got := report.Phases[2].Reached; got < 31 || got > 32 {
		t.Errorf("working temperature %.2f°C outside dark window", got)
	}
	if bowl.lastPower() != 0 {
		t.Errorf("heater left at %.1f%%", bowl.lastPower())
	}
	t.Log(report.Summary())
}

func TestProbeDropoutAbortsRun(t *testing.T) {
	c, bowl := newRig(t, 8)

	report, err := c.Run(context.Background(), Batch{ID: "M-207", Chocolate: Milk, MassKg: 3})
	if !errors.Is(err, ErrProbeFault) {
		t.Fatalf("Run error = %v, want probe fault", err)
	}
	if report == nil || len(report.Phases) == 0 {
		t.Fatalf("expected a partial report, got %+v", report)
	}
	if bowl.lastPower() != 0 {
		t.Errorf("heater left at %.1f%% after abort", bowl.lastPower())
	}

	if _, err := c.Run(context.Background(), Batch{ID: "M-208", Chocolate: Milk}); err == nil {
		t.Errorf("expected batch without mass to be rejected")
	}

	goleak.VerifyNone(t)
}
