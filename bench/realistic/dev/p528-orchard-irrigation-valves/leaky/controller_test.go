package irrigation

import (
	"context"
	"errors"
	"io"
	"log"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeManifold struct {
	mu     sync.Mutex
	open   map[string]bool
	events []string
}

func (m *fakeManifold) Open(ctx context.Context, valve string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open[valve] = true
	m.events = append(m.events, "open "+valve)
	return nil
}

func (m *fakeManifold) Close(ctx context.Context, valve string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open[valve] = false
	m.events = append(m.events, "close "+valve)
	return nil
}

func (m *fakeManifold) isOpen(valve string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.open[valve]
}

type soilProbes map[string]float64

var errModbusTimeout = errors.New("modbus: read timeout on unit 7")

func (s soilProbes) Moisture(ctx context.Context, zone string) (float64, error) {
	v, ok := s[zone]
	if !ok {
		return 0, errModbusTimeout
	}
	return v, nil
}

func TestOversizedExtensionIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	manifold := &fakeManifold{open: make(map[string]bool)}
	probes := soilProbes{"north-rows": 25, "south-block": 30}
	ctrl, err := NewController(manifold, probes, []Zone{
		{ID: "north-rows", Valve: "V1", Crop: "apple", Target: 32, FlowLM: 120},
		{ID: "south-block", Valve: "V2", Crop: "pear", Target: 28, FlowLM: 90},
		{ID: "west-terrace", Valve: "V3", Crop: "cherry", Target: 30, FlowLM: 60},
	},
		WithRunPerPercent(5*time.Millisecond),
		WithMaxRun(100*time.Millisecond),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := ctrl.RunCycle(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d := rep.Started["north-rows"]; d != 35*time.Millisecond {
		t.Fatalf("north-rows run = %s, want 35ms", d)
	}
	if _, ok := rep.Skipped["south-block"]; !ok {
		t.Fatalf("south-block should be skipped: %+v", rep)
	}
	if !errors.Is(rep.Failed["west-terrace"], errModbusTimeout) {
		t.Fatalf("west-terrace error = %v", rep.Failed["west-terrace"])
	}

	if err := ctrl.Extend("north-rows", 80*time.Millisecond); !errors.Is(err, ErrRunLimit) {
		t.Fatalf("Extend() = %v, want ErrRunLimit", err)
	}

	deadline := time.Now().Add(time.Second)
	for manifold.isOpen("V1") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if manifold.isOpen("V1") {
		t.Fatal("valve V1 still open after its run time")
	}

	manifold.mu.Lock()
	defer manifold.mu.Unlock()
	if want := []string{"open V1", "close V1"}; !reflect.DeepEqual(manifold.events, want) {
		t.Fatalf("valve events = %v, want %v", manifold.events, want)
	}
}
