package blast

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// siteLaw is a square-root scaled-distance model, PPV = K * (D/sqrt(Q))^-B.
type siteLaw struct {
	K, B         float64
	MaxChargeKg  float64
	serviceDelay time.Duration
}

var errOutsideCalibration = errors.New("charge outside calibration range")

func (m siteLaw) PredictPPV(ctx context.Context, q, d float64) (float64, error) {
	if q > m.MaxChargeKg {
		return 0, fmt.Errorf("%w: %.0f kg > %.0f kg", errOutsideCalibration, q, m.MaxChargeKg)
	}
	if d <= 0 {
		return 0, errors.New("zero distance")
	}
	time.Sleep(m.serviceDelay)
	return m.K * math.Pow(d/math.Sqrt(q), -m.B), nil
}

type memCalendar struct {
	mu    sync.Mutex
	slots []Slot
}

func (c *memCalendar) Booked(ctx context.Context, day time.Time) ([]Slot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Slot
	for _, s := range c.slots {
		if s.Start.YearDay() == day.YearDay() && s.Start.Year() == day.Year() {
			out = append(out, s)
		}
	}
	return out, nil
}

func (c *memCalendar) Book(ctx context.Context, s Slot) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slots = append(c.slots, s)
	return nil
}

// bench returns a row-by-row pattern with one hole per 25 ms delay.
func bench(prefix string, rows, perRow int, chargeKg float64) []Hole {
	var holes []Hole
	delay := 25
	for r := 0; r < rows; r++ {
		for c := 0; c < perRow; c++ {
			holes = append(holes, Hole{
				ID:       fmt.Sprintf("%s-%d-%d", prefix, r, c),
				X:        400 + float64(c)*4,
				Y:        250 + float64(r)*3.5,
				DepthM:   12,
				ChargeKg: chargeKg,
				DelayMs:  delay,
			})
			delay += 25
		}
	}
	return holes
}

func TestScheduleDayOfShots(t *testing.T) {
	defer goleak.VerifyNone(t)

	cal := &memCalendar{}
	s, err := NewScheduler(Config{
		Structures: []Structure{
			{Name: "farmhouse", X: 900, Y: 600, LimitPPV: 10},
			{Name: "pipeline", X: 150, Y: 700, LimitPPV: 25},
			{Name: "school", X: 1400, Y: -200, LimitPPV: 5},
		},
		Workers: 4,
		Logger:  log.New(io.Discard, "", 0),
	}, siteLaw{K: 1140, B: 1.6, MaxChargeKg: 150, serviceDelay: 2 * time.Millisecond}, cal)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()

	north := Plan{ID: "N-118", Bench: "north-3", Holes: bench("N", 3, 6, 45), Duration: 20 * time.Minute}
	slot, err := s.Schedule(ctx, north, day)
	if err != nil {
		t.Fatalf("north bench: %v", err)
	}
	if slot.Start.Hour() != 10 {
		t.Fatalf("north bench booked at %s, want first window", slot.Start.Format("15:04"))
	}

	// The east bench has a decked front row fired on a single delay.
	east := Plan{ID: "E-044", Bench: "east-1", Holes: bench("E", 4, 5, 40), Duration: 25 * time.Minute}
	for i := 0; i < 5; i++ {
		east.Holes[i].DelayMs = 0
	}
	_, err = s.Schedule(ctx, east, day)
	if !errors.Is(err, errOutsideCalibration) {
		t.Fatalf("east bench: got %v, want calibration error", err)
	}
	if !strings.Contains(err.Error(), "E-044") {
		t.Errorf("error %q does not name the plan", err)
	}

	south := Plan{ID: "S-007", Bench: "south-2", Holes: bench("S", 2, 4, 30)}
	slot, err = s.Schedule(ctx, south, day)
	if err != nil {
		t.Fatalf("south bench: %v", err)
	}
	if !slot.Start.After(time.Date(2024, 5, 14, 10, 45, 0, 0, time.UTC)) {
		t.Errorf("south bench booked at %s, too close to north bench", slot.Start.Format("15:04"))
	}
}
