package kiln

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

// simKiln is a crude thermal model: elements add heat, the walls lose it.
type simKiln struct {
	mu      sync.Mutex
	temp    float64
	duty    float64
	ambient float64
	gain    float64
	loss    float64
}

func (k *simKiln) ReadCelsius(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.temp += k.duty*k.gain - (k.temp-k.ambient)*k.loss
	return k.temp, nil
}

func (k *simKiln) SetDuty(ctx context.Context, duty float64) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.duty = duty
	return nil
}

func (k *simKiln) Duty() float64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.duty
}

func TestOperatorAbortsBisqueFiring(t *testing.T) {
	sim := &simKiln{temp: 21, ambient: 21, gain: 3, loss: 0.001}
	c, err := New(sim, sim,
		WithSampleInterval(2*time.Millisecond),
		WithProportionalBand(10),
		WithTolerance(1.5),
		WithLogger(log.New(testWriter{t}, "", 0)),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	bisque := Schedule{
		Name: "cone 04 bisque",
		Segments: []Segment{
			{Name: "candle", Target: 80, Hold: 20 * time.Millisecond},
			{Name: "water smoking", Target: 200},
			{Name: "quartz inversion", Target: 600},
			{Name: "top", Target: 1060, Hold: time.Second},
		},
	}

	ctx, abort := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Fire(ctx, bisque) }()

	deadline := time.Now().Add(2 * time.Second)
	for c.Temperature() < 120 {
		if time.Now().After(deadline) {
			t.Fatalf("kiln never passed 120°C, at %.1f", c.Temperature())
		}
		time.Sleep(2 * time.Millisecond)
	}
	abort()

	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Fire: got %v, want context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Fire did not return after abort")
	}

	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if d := sim.Duty(); d != 0 {
		t.Errorf("elements left at duty %.2f after Close", d)
	}
	if err := c.Fire(context.Background(), bisque); !errors.Is(err, ErrClosed) {
		t.Errorf("Fire after Close: got %v, want ErrClosed", err)
	}

	goleak.VerifyNone(t)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
