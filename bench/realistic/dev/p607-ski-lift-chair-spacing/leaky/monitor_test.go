package spacing

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type consoleSink struct {
	mu     sync.Mutex
	alerts []Alert
}

func (c *consoleSink) SpacingAlert(a Alert) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.alerts = append(c.alerts, a)
	return nil
}

func (c *consoleSink) snapshot() []Alert {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Alert(nil), c.alerts...)
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

// feed sends n chairs spaced spacingM apart at speed, starting at t0.
func feed(t *testing.T, m *Monitor, lift string, first, n int, t0 time.Time, spacingM, speed float64) time.Time {
	t.Helper()
	at := t0
	for i := 0; i < n; i++ {
		at = at.Add(gapFor(spacingM, speed))
		if err := m.Observe(ChairPass{LiftID: lift, Chair: first + i, At: at}); err != nil {
			t.Fatalf("observe chair %d: %v", first+i, err)
		}
	}
	return at
}

func TestWindHoldSlowdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &consoleSink{}
	m, err := New(Config{FeedBuffer: 32, Logger: testLogger{t}}, sink)
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []LiftConfig{
		{ID: "summit-express", SpeedMPS: 5, MinSpacingM: 40, BunchedAfter: 3},
		{ID: "bunny-double", SpeedMPS: 2, MinSpacingM: 12},
	} {
		if err := m.AddLift(cfg); err != nil {
			t.Fatal(err)
		}
	}

	t0 := time.Date(2024, 1, 13, 9, 0, 0, 0, time.UTC)
	at := feed(t, m, "summit-express", 1, 10, t0, 45, 5)
	feed(t, m, "bunny-double", 1, 10, t0, 14, 2)

	if err := m.SetSpeed("summit-express", 3.5); err != nil {
		t.Fatal(err)
	}

	at = feed(t, m, "summit-express", 11, 5, at, 45, 3.5)
	feed(t, m, "summit-express", 16, 3, at, 30, 3.5)

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := m.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}

	alerts := sink.snapshot()
	if len(alerts) != 3 {
		t.Fatalf("alerts = %+v, want 3", alerts)
	}
	if last := alerts[2]; last.Severity != SeverityStop || last.Chair != 18 {
		t.Fatalf("last alert = %+v, want stop on chair 18", last)
	}
	if got := m.Stats()["bunny-double"]; got.Passes != 10 || got.Alerts != 0 {
		t.Fatalf("bunny-double stats = %+v", got)
	}
}
