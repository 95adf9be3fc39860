package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type historian struct {
	mu       sync.Mutex
	batches  int
	rows     map[string]int
	failNext int
}

func (h *historian) Export(ctx context.Context, batch []Sample) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failNext > 0 {
		h.failNext--
		return errors.New("historian: 503 service unavailable")
	}
	h.batches++
	for _, s := range batch {
		h.rows[s.TurbineID]++
	}
	return nil
}

func (h *historian) total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.rows {
		n += c
	}
	return n
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestShiftOfTelemetryIsFlushedOnClose(t *testing.T) {
	sink := &historian{rows: make(map[string]int), failNext: 1}
	agg, err := New(sink, Config{
		Exporters:    3,
		BatchSize:    10,
		MaxRotorRPM:  16,
		RatedPowerKW: 3_450,
		RetryBackoff: 2 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}

	start := time.Date(2024, 2, 3, 6, 0, 0, 0, time.UTC)
	turbines := []string{"WTG-01", "WTG-02", "WTG-03", "WTG-04"}
	for i := 0; i < 30; i++ {
		for k, id := range turbines {
			wind := 7 + 3*math.Sin(float64(i)/5) + float64(k)*0.3
			s := Sample{
				TurbineID:    id,
				Seq:          uint64(i + 1),
				At:           start.Add(time.Duration(i) * 10 * time.Second),
				WindMS:       wind,
				RotorRPM:     math.Min(14.5, wind*1.3),
				PowerKW:      math.Min(3_450, 0.5*1.225*math.Pi*66*66*wind*wind*wind*0.45/1000),
				PitchDeg:     2,
				NacelleTempC: 31 + float64(k),
			}
			if err := agg.Ingest(s); err != nil {
				t.Fatalf("ingest %s seq %d: %v", id, s.Seq, err)
			}
		}
	}

	// A controller reboot replays its last sample, and WTG-03's encoder glitches.
	if err := agg.Ingest(Sample{TurbineID: "WTG-02", Seq: 30, At: start, WindMS: 8, RotorRPM: 11, PowerKW: 1_900}); err != nil {
		t.Fatalf("replayed sample: %v", err)
	}
	glitch := Sample{TurbineID: "WTG-03", Seq: 31, At: start, WindMS: 8, RotorRPM: 45, PowerKW: 1_900}
	if err := agg.Ingest(glitch); !errors.Is(err, ErrInvalidSample) {
		t.Fatalf("glitch sample: got %v, want ErrInvalidSample", err)
	}

	waitFor(t, "all samples exported", func() bool {
		h := agg.Health()
		return h.Exported == 120 && h.IdleExporters == 3
	})

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := agg.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := agg.Ingest(Sample{TurbineID: "WTG-01", Seq: 99, At: start, WindMS: 5}); !errors.Is(err, ErrClosed) {
		t.Errorf("ingest after close: got %v, want ErrClosed", err)
	}

	h := agg.Health()
	if h.Duplicates != 1 || h.Rejected != 1 || h.Failed != 0 {
		t.Errorf("health = %+v", h)
	}
	if got := sink.total(); got != 120 {
		t.Errorf("historian stored %d rows, want 120 (%s)", got, fmt.Sprint(sink.rows))
	}

	goleak.VerifyNone(t)
}
