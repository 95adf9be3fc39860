package silotelemetry

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errEndpointDown = errors.New("backend: 503 service unavailable")

type fakeBackend struct {
	mu       sync.Mutex
	down     bool
	batches  [][]Reading
	uploaded int
}

func (b *fakeBackend) Upload(ctx context.Context, siloID string, batch []Reading) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.down {
		return errEndpointDown
	}
	cp := append([]Reading(nil), batch...)
	b.batches = append(b.batches, cp)
	b.uploaded += len(batch)
	return nil
}

func (b *fakeBackend) setDown(down bool) {
	b.mu.Lock()
	b.down = down
	b.mu.Unlock()
}

func (b *fakeBackend) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.uploaded
}

type alarmRecorder struct {
	mu     sync.Mutex
	alarms []Alarm
}

func (r *alarmRecorder) Raise(ctx context.Context, a Alarm) error {
	r.mu.Lock()
	r.alarms = append(r.alarms, a)
	r.mu.Unlock()
	return nil
}

func waitUntil(t *testing.T, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", d)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestCollectorNightShiftWithBackendOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	backend := &fakeBackend{}
	alarms := &alarmRecorder{}
	c, err := NewCollector(Config{
		SiloID:       "silo-07",
		BatchSize:    10,
		MaxRetries:   2,
		RetryBackoff: time.Millisecond,
		Thresholds: Thresholds{
			MaxTemperatureC: 28,
			MaxMoisturePct:  14.5,
			MaxCO2PPM:       1500,
			MaxRisePerDayC:  3,
		},
		Logger: log.New(testWriter{t}, "", 0),
	}, backend, alarms)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	start := time.Date(2023, 10, 2, 22, 0, 0, 0, time.UTC)
	cables := []string{"C1", "C2"}
	for hour := 0; hour < 5; hour++ {
		for _, cable := range cables {
			for _, depth := range []float64{2, 8} {
				temp := 18.0 + float64(hour)*0.1
				if cable == "C2" && depth == 8 {
					temp = 18.0 + float64(hour)*0.5
				}
				r := Reading{CableID: cable, Depth: depth, Kind: KindTemperature, Value: temp, TakenAt: start.Add(time.Duration(hour) * time.Hour)}
				if err := c.Record(ctx, r); err != nil {
					t.Fatalf("record %+v: %v", r, err)
				}
			}
		}
	}
	waitUntil(t, time.Second, func() bool { return backend.count() == 20 })

	if err := c.Record(ctx, Reading{SiloID: "silo-03", CableID: "C1", Depth: 2, Kind: KindMoisture, Value: 13, TakenAt: start}); !errors.Is(err, ErrWrongSilo) {
		t.Fatalf("expected ErrWrongSilo, got %v", err)
	}

	backend.setDown(true)
	late := start.Add(5 * time.Hour)
	for _, r := range []Reading{
		{CableID: "C1", Depth: 2, Kind: KindMoisture, Value: 13.2, TakenAt: late},
		{CableID: "C2", Depth: 8, Kind: KindMoisture, Value: 15.1, TakenAt: late},
		{CableID: "C2", Depth: 8, Kind: KindCO2, Value: 2100, TakenAt: late},
	} {
		if err := c.Record(ctx, r); err != nil {
			t.Fatalf("record %+v: %v", r, err)
		}
	}

	closeCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err = c.Close(closeCtx)
	if !errors.Is(err, errEndpointDown) {
		t.Fatalf("Close: expected final flush to fail with backend error, got %v", err)
	}

	st := c.Stats()
	if st.Recorded != 23 || st.Uploaded != 20 || st.Dropped != 3 {
		t.Errorf("unexpected stats %+v", st)
	}
	alarms.mu.Lock()
	defer alarms.mu.Unlock()
	var hotspot, moisture, co2 int
	for _, a := range alarms.alarms {
		switch {
		case a.Kind == KindTemperature && a.CableID == "C2":
			hotspot++
		case a.Kind == KindMoisture:
			moisture++
		case a.Kind == KindCO2:
			co2++
		default:
			t.Errorf("unexpected alarm %s", a)
		}
	}
	if hotspot == 0 || moisture != 1 || co2 != 1 {
		t.Errorf("alarms: hotspot=%d moisture=%d co2=%d", hotspot, moisture, co2)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
