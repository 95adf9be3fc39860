package fermentation

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingNotifier struct {
	mu        sync.Mutex
	alerts    []Alert
	completed chan Completion
}

func (n *recordingNotifier) Alert(_ context.Context, a Alert) error {
	n.mu.Lock()
	n.alerts = append(n.alerts, a)
	n.mu.Unlock()
	return nil
}

func (n *recordingNotifier) BatchComplete(ctx context.Context, c Completion) error {
	select {
	case n.completed <- c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func paleAle(id string, pitched time.Time) Batch {
	return Batch{
		ID:              id,
		Recipe:          "house pale ale",
		OriginalGravity: 1.052,
		PitchedAt:       pitched,
		Profile: Profile{
			Style:          "APA",
			TargetTempC:    19,
			ToleranceC:     1.5,
			ExpectedFG:     1.012,
			MaxPressureBar: 1.0,
			StableReadings: 3,
			StableDelta:    0.001,
		},
	}
}

func feed(t *testing.T, m *Monitor, tank string, start time.Time, gravities []float64, temps ...float64) {
	t.Helper()
	for i, g := range gravities {
		temp := 19.0
		if i < len(temps) {
			temp = temps[i]
		}
		r := Reading{TankID: tank, At: start.Add(time.Duration(i) * 12 * time.Hour), TempC: temp, Gravity: g, PressureBar: 0.4}
		if err := m.Record(context.Background(), r); err != nil {
			t.Fatalf("record %s: %v", tank, err)
		}
	}
}

func TestRepitchAfterCompletion(t *testing.T) {
	defer goleak.VerifyNone(t)

	notifier := &recordingNotifier{completed: make(chan Completion, 4)}
	m, err := NewMonitor(Config{Notifier: notifier, FeedBuffer: 4})
	if err != nil {
		t.Fatal(err)
	}
	pitched := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

	if err := m.StartBatch("FV1", paleAle("B-101", pitched)); err != nil {
		t.Fatal(err)
	}
	if err := m.StartBatch("FV3", paleAle("B-102", pitched)); err != nil {
		t.Fatal(err)
	}
	feed(t, m, "FV1", pitched, []float64{1.052, 1.046, 1.030, 1.020})
	if err := m.StartBatch("FV1", paleAle("B-105", pitched)); !errors.Is(err, ErrTankBusy) {
		t.Fatalf("pitching into an active tank: got %v, want ErrTankBusy", err)
	}
	feed(t, m, "FV3", pitched, []float64{1.052, 1.044, 1.028, 1.016, 1.0125, 1.012, 1.012}, 19, 21.2, 19.5)

	select {
	case c := <-notifier.completed:
		if c.BatchID != "B-102" || c.ABV != 5.3 {
			t.Fatalf("unexpected completion %+v", c)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("B-102 never completed")
	}

	second := pitched.Add(5 * 24 * time.Hour)
	if err := m.StartBatch("FV3", paleAle("B-106", second)); err != nil {
		t.Fatalf("re-pitch FV3: %v", err)
	}
	feed(t, m, "FV3", second, []float64{1.053, 1.050})

	st, err := m.Transfer("FV1")
	if err != nil {
		t.Fatal(err)
	}
	if st.BatchID != "B-101" || st.Readings != 4 || st.Phase != PhaseActive {
		t.Fatalf("FV1 status at transfer: %+v", st)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	notifier.mu.Lock()
	defer notifier.mu.Unlock()
	if len(notifier.alerts) != 1 || notifier.alerts[0].Kind != AlertTempHigh {
		t.Fatalf("alerts: %+v", notifier.alerts)
	}
}
