package foundry

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFurnace struct {
	mu   sync.Mutex
	temp float64
}

func (f *fakeFurnace) Heat(ctx context.Context, targetC float64) error {
	select {
	case <-time.After(10 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	f.mu.Lock()
	f.temp = targetC
	f.mu.Unlock()
	return nil
}

func (f *fakeFurnace) Temperature() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.temp
}

type fakePit struct {
	mu     sync.Mutex
	poured map[string]float64
}

func (p *fakePit) Pour(_ context.Context, orderID string, kg, _ float64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.poured[orderID] = kg
	return nil
}

type memTelemetry struct {
	mu      sync.Mutex
	samples []Sample
}

func (m *memTelemetry) Record(s Sample) {
	m.mu.Lock()
	m.samples = append(m.samples, s)
	m.mu.Unlock()
}

func (m *memTelemetry) sawOrder(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.samples {
		if s.Order == id {
			return true
		}
	}
	return false
}

func TestRingOfBells(t *testing.T) {
	defer goleak.VerifyNone(t)

	furnace := &fakeFurnace{temp: 650}
	pit := &fakePit{poured: map[string]float64{}}
	tel := &memTelemetry{}
	f, err := New(Config{
		TinLoss:        0.02,
		SampleInterval: 2 * time.Millisecond,
		ShutdownGrace:  100 * time.Millisecond,
		Logger:         log.New(os.Stderr, "foundry: ", 0),
	}, furnace, pit, tel)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	tenor, err := f.Cast(ctx, Order{
		ID: "STM-6", Note: "D4", Diameter: 1.02, Weight: 620,
		Charge: Charge{Copper: 530, Tin: 150, Scrap: 20, ScrapTin: 0.22},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tenor.TinFraction < 0.2 || tenor.TinFraction > 0.24 {
		t.Fatalf("tenor tin %.3f", tenor.TinFraction)
	}
	if st := f.Stats(); st.Cast != 1 {
		t.Fatalf("stats after tenor: %+v", st)
	}

	_, err = f.Cast(ctx, Order{
		ID: "STM-1", Note: "D5", Diameter: 0.61, Weight: 400,
		Charge: Charge{Copper: 600, Tin: 90},
	})
	if !errors.Is(err, ErrOffSpec) {
		t.Fatalf("treble with 13%% tin: err = %v, want ErrOffSpec", err)
	}
	if _, ok := pit.poured["STM-1"]; ok {
		t.Fatal("off-spec melt was poured")
	}

	time.Sleep(10 * time.Millisecond)
	if !tel.sawOrder("STM-6") {
		t.Fatal("no furnace samples recorded for STM-6")
	}
}
