package tollsensor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type ledger struct {
	mu       sync.Mutex
	charges  []Charge
	reviewed []string
}

func (l *ledger) Charge(_ context.Context, c Charge) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.charges = append(l.charges, c)
	return nil
}

func (l *ledger) Review(_ context.Context, r Reading, reason string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reviewed = append(l.reviewed, r.Lane+": "+reason)
	return nil
}

func (l *ledger) seen() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.charges) + len(l.reviewed)
}

func (l *ledger) byTariff() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for _, c := range l.charges {
		out[c.Tariff]++
	}
	return out
}

var (
	offPeak = Tariff{Name: "off-peak", PlateSurcharge: 150, Cents: map[VehicleClass]int64{
		ClassMotorcycle: 150, ClassCar: 400, ClassLightTruck: 900, ClassHeavyTruck: 1800}}
	peak = Tariff{Name: "peak", PlateSurcharge: 150, Cents: map[VehicleClass]int64{
		ClassMotorcycle: 200, ClassCar: 650, ClassLightTruck: 1300, ClassHeavyTruck: 2400}}
)

func traffic(lane string, start time.Time, n int) []Reading {
	out := make([]Reading, 0, n)
	for i := 0; i < n; i++ {
		r := Reading{
			Lane:       lane,
			SensorID:   lane + "-loop",
			At:         start.Add(time.Duration(i) * 4 * time.Second),
			Axles:      2,
			WeightKg:   1450,
			Plate:      fmt.Sprintf("HB%04d", i),
			Confidence: 0.97,
		}
		switch i % 5 {
		case 0:
			r.Transponder = fmt.Sprintf("TX-%06d", 1000+i)
		case 3:
			r.Axles, r.WeightKg = 5, 31000
			r.Transponder = fmt.Sprintf("TX-%06d", 9000+i)
		case 4:
			r.Confidence = 0.41
		}
		out = append(out, r)
	}
	return out
}

func TestPlazaMorningRushRetune(t *testing.T) {
	defer goleak.VerifyNone(t)

	bill := &ledger{}
	plaza, err := NewPlaza(context.Background(), "harbour-bridge", bill, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []LaneConfig{
		{ID: "N1", Direction: Northbound, Tariff: offPeak, MinConfidence: 0.8},
		{ID: "N2", Direction: Northbound, Tariff: offPeak, MinConfidence: 0.8, WeightOffsetKg: -35},
		{ID: "S1", Direction: Southbound, Tariff: offPeak, MinConfidence: 0.8},
	} {
		if err := plaza.OpenLane(cfg); err != nil {
			t.Fatalf("open %s: %v", cfg.ID, err)
		}
	}
	if err := plaza.OpenLane(LaneConfig{ID: "N1", Direction: Northbound, Tariff: offPeak}); !errors.Is(err, ErrLaneExists) {
		t.Fatalf("reopening N1: want ErrLaneExists, got %v", err)
	}

	ingested := 0
	ingest := func(rs []Reading) {
		for _, r := range rs {
			if err := plaza.Ingest(r); err != nil {
				t.Fatalf("ingest %s %s: %v", r.Lane, r.Plate, err)
			}
			ingested++
		}
	}

	dawn := time.Date(2024, 5, 14, 6, 30, 0, 0, time.UTC)
	ingest(traffic("N1", dawn, 20))
	ingest(traffic("N2", dawn, 20))
	ingest(traffic("S1", dawn, 10))

	rush := time.Date(2024, 5, 14, 7, 0, 0, 0, time.UTC)
	for _, id := range []string{"N1", "N2"} {
		if err := plaza.Retune(LaneConfig{ID: id, Direction: Northbound, Tariff: peak, MinConfidence: 0.8}); err != nil {
			t.Fatalf("retune %s: %v", id, err)
		}
	}
	ingest(traffic("N1", rush, 30))
	ingest(traffic("N2", rush, 30))

	if err := plaza.Ingest(Reading{Lane: "N9", SensorID: "N9-loop"}); !errors.Is(err, ErrUnknownLane) {
		t.Fatalf("unknown lane: got %v", err)
	}

	deadline := time.Now().Add(2 * time.Second)
	for bill.seen() < ingested {
		if time.Now().After(deadline) {
			t.Fatalf("billed %d of %d readings", bill.seen(), ingested)
		}
		time.Sleep(2 * time.Millisecond)
	}

	tariffs := bill.byTariff()
	if tariffs["peak"] != 48 || tariffs["off-peak"] != 40 {
		t.Fatalf("charges by tariff: %v", tariffs)
	}

	s1, err := plaza.CloseLane("S1")
	if err != nil {
		t.Fatal(err)
	}
	if s1.Charged != 8 || s1.Reviewed != 2 {
		t.Fatalf("S1 stats: %+v", s1)
	}

	plaza.Stop()
	if err := plaza.Ingest(traffic("N1", rush, 1)[0]); !errors.Is(err, ErrStopped) {
		t.Fatalf("ingest after stop: %v", err)
	}
}
