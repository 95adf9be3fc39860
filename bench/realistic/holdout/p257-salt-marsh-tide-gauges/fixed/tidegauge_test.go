package tidegauge

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// marshSource simulates the telemetry link with a clean semidiurnal tide and
// lets a test plant faults at individual stations.
type marshSource struct {
	epoch time.Time

	mu      sync.Mutex
	spikes  map[string]map[time.Time]float64
	offline map[string]bool
}

func newMarshSource(epoch time.Time) *marshSource {
	return &marshSource{
		epoch:   epoch,
		spikes:  make(map[string]map[time.Time]float64),
		offline: make(map[string]bool),
	}
}

func (m *marshSource) spike(station string, at time.Time, rawLevel float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.spikes[station] == nil {
		m.spikes[station] = make(map[time.Time]float64)
	}
	m.spikes[station][at] = rawLevel
}

func (m *marshSource) Read(ctx context.Context, stationID string, at time.Time) (Reading, error) {
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.offline[stationID] {
		return Reading{}, ErrGaugeOffline
	}
	hours := at.Sub(m.epoch).Hours()
	level := 2.8 + 2.1*math.Sin(2*math.Pi*hours/12.42)
	if v, ok := m.spikes[stationID][at]; ok {
		level = v
	}
	return Reading{At: at, LevelM: level, Quality: QualityGood}, nil
}

func TestDailySurveyAcrossMarsh(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2023, time.March, 21, 0, 0, 0, 0, time.UTC)
	src := newMarshSource(day)
	// A mat of drifting spartina lodged on the float at the upper saltings.
	src.spike("SM-03", day.Add(6*time.Hour), 9.7)

	c, err := NewCollector(src, WithWindow(250), WithInterval(6*time.Minute))
	if err != nil {
		t.Fatalf("NewCollector: %v", err)
	}

	creek := Station{ID: "SM-01", Name: "Creek mouth", DatumOffsetM: 0.3,
		MinLevelM: -0.5, MaxLevelM: 6.5, MaxStepM: 0.6}
	saltings := Station{ID: "SM-03", Name: "Upper saltings", DatumOffsetM: 0.3,
		MinLevelM: -0.5, MaxLevelM: 6.5, MaxStepM: 0.6}

	ctx := context.Background()

	sum, err := c.Survey(ctx, creek, day)
	if err != nil {
		t.Fatalf("survey %s: %v", creek.ID, err)
	}
	if sum.Samples != 250 {
		t.Errorf("samples = %d, want 250", sum.Samples)
	}
	if len(sum.HighWaters) != 2 || len(sum.LowWaters) != 2 {
		t.Errorf("found %d high and %d low waters, want 2 and 2",
			len(sum.HighWaters), len(sum.LowWaters))
	}
	if sum.RangeM < 3.9 || sum.RangeM > 4.3 {
		t.Errorf("tidal range = %.2fm, want about 4.2m", sum.RangeM)
	}

	if _, err := c.Survey(ctx, saltings, day); !errors.Is(err, ErrImplausible) {
		t.Fatalf("survey %s: err = %v, want ErrImplausible", saltings.ID, err)
	}
}
