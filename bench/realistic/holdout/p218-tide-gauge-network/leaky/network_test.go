package tidenet

import (
	"context"
	"errors"
	"log"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type harmonicPredictor struct {
	meanMM map[string]float64
}

func (p harmonicPredictor) PredictMM(site string, at time.Time) (float64, error) {
	mean, ok := p.meanMM[site]
	if !ok {
		return 0, errors.New("no harmonic constants for site")
	}
	const m2 = 12*time.Hour + 25*time.Minute
	phase := 2 * math.Pi * float64(at.UnixNano()%int64(m2)) / float64(m2)
	return mean + 1200*math.Cos(phase), nil
}

type memorySink struct {
	mu     sync.Mutex
	alerts []Alert
}

func (s *memorySink) Raise(ctx context.Context, a Alert) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, a)
	return nil
}

func (s *memorySink) snapshot() []Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Alert(nil), s.alerts...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestStormNightWithGaugeReboot(t *testing.T) {
	defer goleak.VerifyNone(t)

	pred := harmonicPredictor{meanMM: map[string]float64{"North Pier": 3100, "Inner Harbour": 2900, "Estuary Mouth": 3300}}
	sink := &memorySink{}
	net, err := New(Config{
		QueueSize:  16,
		MinQuality: 2,
		Logger:     log.New(os.Stderr, "tidenet: ", 0),
	}, pred, sink)
	if err != nil {
		t.Fatal(err)
	}

	gauges := []GaugeInfo{
		{ID: "pier-1", Site: "North Pier", Firmware: "2.4.1", DatumOffsetMM: 8000},
		{ID: "harbor-2", Site: "Inner Harbour", Firmware: "2.3.9", DatumOffsetMM: 7600},
		{ID: "estuary-3", Site: "Estuary Mouth", Firmware: "2.4.1", DatumOffsetMM: 9100},
	}
	for _, g := range gauges {
		if err := net.Register(g); err != nil {
			t.Fatalf("register %s: %v", g.ID, err)
		}
	}

	start := time.Date(2024, time.January, 21, 22, 0, 0, 0, time.UTC)
	sample := func(g GaugeInfo, i int, surge float64) Reading {
		at := start.Add(time.Duration(i) * time.Minute)
		astro, _ := pred.PredictMM(g.Site, at)
		return Reading{GaugeID: g.ID, At: at, RangeMM: g.DatumOffsetMM - astro - surge, Quality: 3}
	}

	for i := 0; i < 6; i++ {
		for _, g := range gauges {
			if err := net.Ingest(sample(g, i, 40)); err != nil {
				t.Fatalf("ingest %s #%d: %v", g.ID, i, err)
			}
		}
	}
	if err := net.Ingest(Reading{GaugeID: "pier-9", At: start, RangeMM: 4000, Quality: 3}); !errors.Is(err, ErrUnknownGauge) {
		t.Fatalf("ingest from unregistered gauge: got %v", err)
	}
	waitFor(t, "harbor-2 to report", func() bool {
		l, ok := net.Latest("harbor-2")
		return ok && l.At.Equal(start.Add(5*time.Minute))
	})

	rebooted := gauges[1]
	rebooted.Firmware = "2.4.1"
	rebooted.DatumOffsetMM = 7650
	if err := net.Register(rebooted); err != nil {
		t.Fatalf("re-register harbor-2: %v", err)
	}
	gauges[1] = rebooted

	for i := 6; i < 16; i++ {
		for _, g := range gauges {
			surge := 40.0
			if g.ID == "pier-1" && i >= 8 {
				surge = 650
			}
			r := sample(g, i, surge)
			if g.ID == "estuary-3" && i == 10 {
				r.Quality = 1
			}
			if err := net.Ingest(r); err != nil {
				t.Fatalf("ingest %s #%d: %v", g.ID, i, err)
			}
		}
	}

	if got := net.Gauges(); len(got) != 3 {
		t.Fatalf("gauges = %v, want 3", got)
	}
	if err := net.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := net.Ingest(sample(gauges[0], 16, 0)); !errors.Is(err, ErrClosed) {
		t.Fatalf("ingest after close: got %v", err)
	}

	alerts := sink.snapshot()
	if len(alerts) != 1 || alerts[0].GaugeID != "pier-1" {
		t.Fatalf("alerts = %v, want a single pier-1 surge alert", alerts)
	}
	if alerts[0].SurgeMM < 300 {
		t.Errorf("alert surge %.0f mm below threshold", alerts[0].SurgeMM)
	}
	l, ok := net.Latest("harbor-2")
	if !ok || !l.At.Equal(start.Add(15*time.Minute)) {
		t.Fatalf("harbor-2 latest = %+v, %v", l, ok)
	}
	if math.Abs(l.SurgeMM-40) > 30 {
		t.Errorf("harbor-2 surge after recalibration = %.1f mm, want about 40", l.SurgeMM)
	}
}
