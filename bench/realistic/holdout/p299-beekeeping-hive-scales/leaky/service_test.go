package hivescale

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanAlerter struct{ alerts chan Alert }

func (a *chanAlerter) Alert(ctx context.Context, al Alert) error {
	select {
	case a.alerts <- al:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type memStore struct {
	mu   sync.Mutex
	days map[string]DailySummary
}

func (m *memStore) SaveDaily(ctx context.Context, d DailySummary) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.days[d.HiveID+"/"+d.Day] = d
	return nil
}

func (m *memStore) get(key string) (DailySummary, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.days[key]
	return d, ok
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// flowDay produces a reading every 15 minutes between from and to, with the
// hive gaining gainPerHour during the day.
func flowDay(scale string, from, to time.Time, startKg, gainPerHour, battery float64) []Sample {
	var out []Sample
	kg := startKg
	for at := from; !at.After(to); at = at.Add(15 * time.Minute) {
		out = append(out, Sample{ScaleID: scale, At: at, WeightKg: kg, TempC: 24, BatteryV: battery})
		kg += gainPerHour / 4
	}
	return out
}

func waitAlert(t *testing.T, alerts <-chan Alert, kind AlertKind) Alert {
	t.Helper()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case a := <-alerts:
			if a.Kind == kind {
				return a
			}
			t.Logf("alert: %s %s", a.Kind, a.Message)
		case <-deadline:
			t.Fatalf("no %s alert", kind)
		}
	}
}

func TestScaleFirmwareUpdateThenSwarm(t *testing.T) {
	defer goleak.VerifyNone(t)

	alerter := &chanAlerter{alerts: make(chan Alert, 32)}
	store := &memStore{days: map[string]DailySummary{}}
	svc := New(alerter, store, Options{
		SwarmDropKg: 1.5,
		SwarmWindow: 30 * time.Minute,
		Logger:      log.New(testWriter{t}, "", 0),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	info := ScaleInfo{ScaleID: "sc-17", HiveID: "H3", Apiary: "orchard", Firmware: "1.4.1"}
	if err := svc.Register(info); err != nil {
		t.Fatalf("register: %v", err)
	}
	day1 := time.Date(2024, 6, 11, 6, 0, 0, 0, time.UTC)
	for _, smp := range flowDay("sc-17", day1, day1.Add(14*time.Hour), 41.0, 0.25, 3.9) {
		if err := svc.Submit(ctx, smp); err != nil {
			t.Fatalf("submit: %v", err)
		}
	}

	// Overnight the scale pulls a firmware update and announces itself again.
	info.Firmware = "1.4.2"
	if err := svc.Register(info); err != nil {
		t.Fatalf("re-register: %v", err)
	}

	day2 := time.Date(2024, 6, 12, 6, 0, 0, 0, time.UTC)
	morning := flowDay("sc-17", day2, day2.Add(5*time.Hour), 44.4, 0.2, 3.35)
	// Just before noon half the colony leaves with the old queen.
	last := morning[len(morning)-1]
	swarm := []Sample{
		{ScaleID: "sc-17", At: last.At.Add(10 * time.Minute), WeightKg: last.WeightKg - 0.6, TempC: 27, BatteryV: 3.35},
		{ScaleID: "sc-17", At: last.At.Add(20 * time.Minute), WeightKg: last.WeightKg - 1.9, TempC: 27, BatteryV: 3.35},
		{ScaleID: "sc-17", At: last.At.Add(35 * time.Minute), WeightKg: last.WeightKg - 2.1, TempC: 27, BatteryV: 3.35},
	}
	for _, smp := range append(morning, swarm...) {
		if err := svc.Submit(ctx, smp); err != nil {
			t.Fatalf("submit: %v", err)
		}
	}

	a := waitAlert(t, alerter.alerts, AlertSwarm)
	if a.HiveID != "H3" || !a.At.Equal(swarm[1].At) {
		t.Fatalf("swarm alert = %+v, want hive H3 at %s", a, swarm[1].At)
	}

	if err := svc.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	d, ok := store.get("H3/2024-06-12")
	if !ok {
		t.Fatalf("no summary for 2024-06-12")
	}
	if d.NetKg > -0.9 || d.NetKg < -1.2 {
		t.Errorf("2024-06-12 net change %.2f kg, want about -1.1 kg", d.NetKg)
	}
	if err := svc.Submit(ctx, last); err != ErrClosed {
		t.Errorf("submit after close: %v, want ErrClosed", err)
	}
}
