package gondola

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSensor struct {
	id    string
	kind  Kind
	value atomic.Uint64 // float64 bits
	reads atomic.Int64
}

func newFakeSensor(id string, kind Kind, v float64) *fakeSensor {
	s := &fakeSensor{id: id, kind: kind}
	s.set(v)
	return s
}

func (s *fakeSensor) set(v float64) { s.value.Store(math.Float64bits(v)) }
func (s *fakeSensor) ID() string    { return s.id }
func (s *fakeSensor) Kind() Kind    { return s.kind }

func (s *fakeSensor) Read(ctx context.Context) (float64, error) {
	s.reads.Add(1)
	return math.Float64frombits(s.value.Load()), nil
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCriticalWindLatchesUntilInspected(t *testing.T) {
	defer goleak.VerifyNone(t)

	wind := newFakeSensor("tower3-anemometer", WindSpeed, 8)
	rope := newFakeSensor("haul-rope", RopeTension, 150)
	var audits atomic.Int64
	m := NewMonitor([]Sensor{wind, rope},
		WithInterval(10*time.Millisecond),
		WithShutdownTimeout(200*time.Millisecond),
		WithAudit(func(AuditEvent) { audits.Add(1) }),
	)
	m.Start(context.Background())

	eventually(t, "first wind sample", func() bool {
		_, ok := m.Latest(wind.ID())
		return ok
	})
	if !m.CanRun() {
		t.Fatal("lift stopped in calm conditions")
	}

	wind.set(26)
	eventually(t, "critical wind fault", func() bool { return !m.CanRun() })

	// The gust passes, but the critical fault stays latched.
	wind.set(9)
	err := m.ClearFault(wind.ID(), "operator-kim")
	if !errors.Is(err, ErrInspectionRequired) {
		t.Fatalf("ClearFault before inspection: got %v, want ErrInspectionRequired", err)
	}

	// Polling carries on with the fault still latched.
	n := wind.reads.Load()
	eventually(t, "further polling", func() bool { return wind.reads.Load() > n })

	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if got := audits.Load(); got != 0 {
		t.Errorf("got %d audit events, want 0", got)
	}
}
