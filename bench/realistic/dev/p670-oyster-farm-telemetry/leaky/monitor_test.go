package telemetry

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingNotifier struct {
	mu     sync.Mutex
	alerts []Alert
	got    chan Alert
}

func newRecordingNotifier() *recordingNotifier {
	return &recordingNotifier{got: make(chan Alert, 16)}
}

func (n *recordingNotifier) Notify(a Alert) error {
	n.mu.Lock()
	n.alerts = append(n.alerts, a)
	n.mu.Unlock()
	n.got <- a
	return nil
}

func TestMonitorAlertsAndStops(t *testing.T) {
	defer goleak.VerifyNone(t)

	hub := NewHub(8)
	defer hub.Close()

	notifier := newRecordingNotifier()
	mon := NewMonitor("lease-7", notifier, WithCooldown(time.Hour))
	if err := mon.Start(hub); err != nil {
		t.Fatalf("Start: %v", err)
	}

	base := time.Date(2024, 3, 2, 6, 0, 0, 0, time.UTC)
	readings := []Reading{
		{Lease: "lease-7", Buoy: "b1", Metric: WaterTemp, Value: 12.5, At: base},
		{Lease: "lease-3", Buoy: "b9", Metric: DissolvedOxygen, Value: 1.0, At: base},
		{Lease: "lease-7", Buoy: "b2", Metric: DissolvedOxygen, Value: 2.1, At: base.Add(time.Minute)},
	}
	for _, r := range readings {
		if err := hub.Publish(r); err != nil {
			t.Fatalf("Publish: %v", err)
		}
	}

	select {
	case a := <-notifier.got:
		if a.Reading.Buoy != "b2" || a.Severity != Critical {
			t.Errorf("unexpected alert %+v", a)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no alert for low dissolved oxygen")
	}

	mon.Stop()
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("hub still has %d subscribers after Stop", n)
	}
	if err := hub.Publish(Reading{Lease: "lease-7", Buoy: "b2", Metric: WaterTemp, Value: 40, At: base.Add(2 * time.Minute)}); err != nil {
		t.Fatalf("Publish after Stop: %v", err)
	}
	select {
	case a := <-notifier.got:
		t.Errorf("alert after Stop: %+v", a)
	case <-time.After(100 * time.Millisecond):
	}
}
