package dipping

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

type steadyProbe struct{ c float64 }

func (p steadyProbe) Celsius(ctx context.Context) (float64, error) { return p.c, ctx.Err() }

type carouselHoist struct {
	mu    sync.Mutex
	moves []string
}

func (h *carouselHoist) Lower(ctx context.Context, id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.moves = append(h.moves, "down "+id)
	return nil
}

func (h *carouselHoist) Raise(ctx context.Context, id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.moves = append(h.moves, "up "+id)
	return nil
}

type sidePot struct {
	requested chan float64
}

func (p *sidePot) Melt(ctx context.Context, litres float64) error {
	p.requested <- litres
	return nil
}

func TestTaperOrderRunsVatDry(t *testing.T) {
	defer goleak.VerifyNone(t)

	pot := &sidePot{requested: make(chan float64, 1)}
	hoist := &carouselHoist{}
	line, err := New(Config{
		Vat: VatConfig{
			CapacityL:   40,
			MinLevelL:   4,
			MinTempC:    70,
			MaxTempC:    82,
			WaxPerWickL: 0.02,
			Dwell:       time.Millisecond,
			Drip:        time.Millisecond,
		},
		InitialWaxL:  9,
		RoundCooling: 2 * time.Millisecond,
	}, steadyProbe{c: 76}, hoist, WithMelter(pot), WithLogger(log.New(os.Stderr, "dip ", log.Lmicroseconds)))
	if err != nil {
		t.Fatal(err)
	}

	order := Order{ID: "tapers-0412", TargetDiameterMM: 22, MaxDips: 40}
	for _, id := range []string{"F1", "F2", "F3", "F4"} {
		order.Frames = append(order.Frames, Frame{ID: id, Wicks: 12, WickSpec: "flat braid 30-ply", DiameterMM: 1.2})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := line.RunOrder(ctx, order)
	if !errors.Is(err, ErrWaxLow) {
		t.Fatalf("got %v, want ErrWaxLow", err)
	}
	if rep.Dips == 0 || len(rep.Finished) != 0 {
		t.Fatalf("unexpected report: %+v", rep)
	}

	select {
	case litres := <-pot.requested:
		if litres <= 0 {
			t.Fatalf("top-up of %.2fL", litres)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no top-up requested")
	}

	hoist.mu.Lock()
	moves := len(hoist.moves)
	hoist.mu.Unlock()
	if moves != 2*rep.Dips {
		t.Fatalf("%d hoist moves for %d dips", moves, rep.Dips)
	}
}
