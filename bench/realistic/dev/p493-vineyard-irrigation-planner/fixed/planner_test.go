package irrigation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type probeGateway struct {
	latency  time.Duration
	mu       sync.Mutex
	readings map[string]Reading
	calls    int
}

func (g *probeGateway) ReadMoisture(ctx context.Context, blockID string) (Reading, error) {
	select {
	case <-time.After(g.latency):
	case <-ctx.Done():
		return Reading{}, ctx.Err()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls++
	r, ok := g.readings[blockID]
	if !ok {
		return Reading{}, fmt.Errorf("probe for %s not registered", blockID)
	}
	return r, nil
}

type fixedForecast struct{ f Forecast }

func (w fixedForecast) Forecast(ctx context.Context, day time.Time) (Forecast, error) {
	f := w.f
	f.Day = day
	return f, nil
}

func estateBlocks() []Block {
	varieties := []string{"Pinot Noir", "Chardonnay", "Syrah", "Riesling"}
	soils := []SoilType{SoilLoam, SoilClay, SoilSand, SoilGravel}
	var blocks []Block
	for i := 1; i <= 12; i++ {
		blocks = append(blocks, Block{
			ID:        fmt.Sprintf("B%02d", i),
			Variety:   varieties[i%len(varieties)],
			Hectares:  1.2 + float64(i%3)*0.4,
			Soil:      soils[i%len(soils)],
			ValveID:   fmt.Sprintf("V-%02d", i),
			Emitters:  3300,
			EmitterLH: 2.0,
		})
	}
	return blocks
}

func TestPlanFailsOnStaleProbe(t *testing.T) {
	planTime := time.Date(2023, 7, 18, 4, 30, 0, 0, time.UTC)
	gw := &probeGateway{latency: 2 * time.Millisecond, readings: make(map[string]Reading)}
	for i, b := range estateBlocks() {
		gw.readings[b.ID] = Reading{
			BlockID: b.ID,
			VWC:     12 + float64(i%5)*4,
			TakenAt: planTime.Add(-20 * time.Minute),
		}
	}
	// B03's probe lost its radio link overnight.
	r := gw.readings["B03"]
	r.TakenAt = planTime.Add(-9 * time.Hour)
	gw.readings["B03"] = r

	p, err := New(gw, fixedForecast{Forecast{ET0: 6.2, RainMM: 0, MaxTempC: 35}},
		WithWorkers(3),
		WithDeficit("Syrah", 0.6),
		WithMaxReadingAge(3*time.Hour),
	)
	if err != nil {
		t.Fatal(err)
	}

	sched, err := p.Plan(context.Background(), planTime, estateBlocks())
	if !errors.Is(err, ErrStaleReading) {
		t.Fatalf("Plan: got schedule %+v, err %v; want ErrStaleReading", sched, err)
	}

	// The controller retries once the probe reports again.
	r.TakenAt = planTime.Add(-5 * time.Minute)
	gw.mu.Lock()
	gw.readings["B03"] = r
	gw.mu.Unlock()

	sched, err = p.Plan(context.Background(), planTime, estateBlocks())
	if err != nil {
		t.Fatalf("Plan after probe recovered: %v", err)
	}
	if got := len(sched.Runs) + len(sched.Skipped); got != 12 {
		t.Fatalf("schedule covers %d blocks, want 12", got)
	}
	if sched.TotalLiters <= 0 {
		t.Fatalf("expected some irrigation on a 35°C day, got %+v", sched)
	}

	goleak.VerifyNone(t)
}
