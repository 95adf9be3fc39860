package bellows

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

type fakePump struct {
	mu       sync.Mutex
	strokes  []Stroke
	failFrom int
}

func (p *fakePump) Stroke(ctx context.Context, s Stroke) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failFrom > 0 && len(p.strokes) >= p.failFrom {
		return errors.New("actuator stalled: overcurrent on leather hinge")
	}
	p.strokes = append(p.strokes, s)
	return nil
}

type fakeThermocouple struct {
	mu    sync.Mutex
	temp  float64
	riseC float64
}

func (f *fakeThermocouple) Read(ctx context.Context) (float64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.temp
	f.temp += f.riseC
	return t, nil
}

func TestRunGivesUpOnStalledPump(t *testing.T) {
	defer goleak.VerifyNone(t)

	pump := &fakePump{failFrom: 4}
	tc := &fakeThermocouple{temp: 900, riseC: 40}
	c, err := New(pump, tc,
		WithInterval(2*time.Millisecond),
		WithMaxFaults(3),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer c.Stop()

	quench := c.AfterStrokes(20)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	err = c.Run(ctx)
	if !errors.Is(err, ErrPumpFault) {
		t.Fatalf("Run error = %v, want ErrPumpFault", err)
	}

	st := c.Stats()
	if st.Strokes != 4 {
		t.Errorf("strokes = %d, want 4", st.Strokes)
	}
	if st.Faults != 3 {
		t.Errorf("faults = %d, want 3", st.Faults)
	}

	select {
	case err := <-quench:
		if err == nil {
			t.Errorf("quench reported ready after only %d strokes", st.Strokes)
		}
	default:
	}
}

func TestPlanRampsColdStart(t *testing.T) {
	p := ProfileForgeWeld
	first := p.plan(0, 20)
	later := p.plan(p.RampStrokes, 20)
	if first.Volume >= later.Volume {
		t.Errorf("ramp: first stroke %.2f L not smaller than later %.2f L", first.Volume, later.Volume)
	}
	hot := p.plan(p.RampStrokes, p.TargetC+10)
	if hot.Volume != p.MinVolume || hot.Duration != p.MinStroke {
		t.Errorf("at temperature: got %+v, want idle stroke", hot)
	}
}
