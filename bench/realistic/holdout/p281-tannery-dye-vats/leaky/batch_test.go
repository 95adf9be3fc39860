package dyehouse

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

type vatState struct {
	basePH  float64
	tempC   float64
	doses   int
	samples int
}

type fakePlant struct {
	mu        sync.Mutex
	vats      map[string]*vatState
	pumpTime  time.Duration
	failAfter map[string]int // vat -> doses before the pump stalls
}

func newFakePlant() *fakePlant {
	return &fakePlant{
		vats:      make(map[string]*vatState),
		failAfter: make(map[string]int),
		pumpTime:  20 * time.Millisecond,
	}
}

func (p *fakePlant) Sample(vat string) (Reading, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.vats[vat]
	if !ok {
		return Reading{}, fmt.Errorf("no probe on %s", vat)
	}
	v.samples++
	exh := 0.5 + 0.1*float64(v.doses) + 0.005*float64(v.samples)
	if exh > 0.98 {
		exh = 0.98
	}
	return Reading{
		Vat:        vat,
		PH:         v.basePH - 0.55*float64(v.doses),
		TempC:      v.tempC,
		Exhaustion: exh,
	}, nil
}

func (p *fakePlant) AddAcid(ctx context.Context, vat string, litres float64) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(p.pumpTime):
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.vats[vat]
	if limit, ok := p.failAfter[vat]; ok && v.doses >= limit {
		return errors.New("pump stalled: no flow on discharge sensor")
	}
	v.doses++
	return nil
}

func TestShiftWithPumpFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	plant := newFakePlant()
	plant.vats["V2"] = &vatState{basePH: 5.1, tempC: 48}
	plant.vats["V3"] = &vatState{basePH: 5.3, tempC: 49}
	plant.failAfter["V3"] = 1

	ctl, err := NewController(plant, plant,
		WithPollInterval(time.Millisecond),
		WithReadRetries(2, time.Millisecond),
		WithDoseSettle(2),
		WithLogger(testLogger{t}),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	chrome := Recipe{
		Name:          "crust-brown-12",
		TargetPH:      3.9,
		MaxTempC:      55,
		MinExhaustion: 0.7,
		AcidStepL:     4,
		MaxAcidL:      20,
	}

	_, err = ctl.RunBatch(ctx, Batch{ID: "B-3301", Vat: "V3", Hides: 180, Recipe: chrome})
	if !errors.Is(err, ErrDosing) {
		t.Fatalf("V3 batch: want ErrDosing, got %v", err)
	}
	if st := ctl.Stats("V3"); st.Aborted != 1 || st.AcidUsed != 4 {
		t.Fatalf("V3 stats: %+v", st)
	}

	res, err := ctl.RunBatch(ctx, Batch{ID: "B-3302", Vat: "V2", Hides: 160, Recipe: chrome})
	if err != nil {
		t.Fatalf("V2 batch: %v", err)
	}
	if res.FinalPH > chrome.TargetPH || res.Doses < 2 {
		t.Fatalf("V2 result: %+v", res)
	}

	if _, err := ctl.RunBatch(ctx, Batch{ID: "B-3303", Vat: "V2", Recipe: Recipe{Name: "bad"}}); err == nil {
		t.Fatal("expected recipe validation error")
	}
}
