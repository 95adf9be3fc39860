package eviction

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

const mib = 1 << 20

var errCgroupRead = errors.New("read memory.stat: input/output error")

type fakeStats struct {
	usage map[string]uint64
	fail  map[string]error
}

func (f *fakeStats) NodeMemory(ctx context.Context) (MemoryStats, error) {
	return MemoryStats{CapacityBytes: 8192 * mib, AvailableBytes: 900 * mib}, nil
}

func (f *fakeStats) PodMemory(ctx context.Context, uid string) (uint64, error) {
	if err := f.fail[uid]; err != nil {
		return 0, err
	}
	if u, ok := f.usage[uid]; ok {
		return u, nil
	}
	return 0, ErrNoStats
}

type fakeRuntime struct {
	mu      sync.Mutex
	stopped []string
}

func (f *fakeRuntime) StopPod(ctx context.Context, pod Pod, grace time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = append(f.stopped, pod.UID)
	return nil
}

func TestStatusErrorThenPressure(t *testing.T) {
	defer goleak.VerifyNone(t)

	signals := make(chan PressureSignal)
	stats := &fakeStats{
		usage: map[string]uint64{"uid-web": 600 * mib, "uid-batch": 1200 * mib},
		fail:  map[string]error{"uid-batch": errCgroupRead},
	}
	m, err := New(Config{
		NodeName:           "node-7",
		Runtime:            &fakeRuntime{},
		Stats:              stats,
		Signals:            signals,
		Logger:             log.New(io.Discard, "", 0),
		SoftThresholdBytes: 1024 * mib,
		HardThresholdBytes: 256 * mib,
		MaxGracePeriod:     10 * time.Second,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, p := range []Pod{
		{UID: "uid-web", Namespace: "shop", Name: "web-0", QoS: Burstable, Priority: 100, GracePeriod: 30 * time.Second},
		{UID: "uid-batch", Namespace: "etl", Name: "batch-1", QoS: BestEffort, GracePeriod: 5 * time.Second},
	} {
		if err := m.AddPod(p); err != nil {
			t.Fatalf("AddPod(%s): %v", p, err)
		}
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer m.Stop()

	if _, err := m.Status(context.Background()); !errors.Is(err, errCgroupRead) {
		t.Fatalf("Status error = %v, want %v", err, errCgroupRead)
	}

	// The control loop picks the signal up; the send returns once it has.
	signals <- PressureSignal{AvailableBytes: 700 * mib}
}
