package ota

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFleet struct {
	mu        sync.Mutex
	installed map[string]string
	broken    map[string]bool
}

func (f *fakeFleet) Push(ctx context.Context, dev Device, img Image) error {
	if f.broken[dev.ID] {
		return errors.New("checksum mismatch after download")
	}
	f.mu.Lock()
	f.installed[dev.ID] = img.Version
	f.mu.Unlock()
	return nil
}

func TestRolloutSkipsDevicesAlreadyUpdated(t *testing.T) {
	defer goleak.VerifyNone(t)

	fleet := &fakeFleet{installed: map[string]string{}, broken: map[string]bool{"th-07": true}}
	devices := []Device{
		{ID: "th-01", Hardware: "thermo-v2", Firmware: "1.4.0"},
		{ID: "th-02", Hardware: "thermo-v2", Firmware: "1.5.0"},
		{ID: "th-03", Hardware: "thermo-v2", Firmware: "1.4.0"},
		{ID: "hy-01", Hardware: "hygro-v1", Firmware: "0.9.2"},
		{ID: "th-07", Hardware: "thermo-v2", Firmware: "1.4.0"},
	}
	plan := Plan{
		Image:       Image{Version: "1.5.0", SHA256: "ab12", Size: 1 << 20, Hardware: "thermo-v2"},
		WaveSize:    3,
		WaveTimeout: 50 * time.Millisecond,
		MaxFailures: 1,
	}
	rep, err := Rollout(context.Background(), fleet, devices, plan)
	if err != nil {
		t.Fatalf("rollout: %v", err)
	}
	if want := []string{"th-01", "th-03"}; !reflect.DeepEqual(rep.Updated, want) {
		t.Fatalf("updated %v, want %v", rep.Updated, want)
	}
	if len(rep.Skipped) != 2 || len(rep.Failed) != 1 || len(rep.Unconfirmed) != 0 {
		t.Fatalf("unexpected report: %+v", rep)
	}
}
