package cave

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scriptedSensor struct {
	mu       sync.Mutex
	readings []Reading
	reads    int
}

func (s *scriptedSensor) Read(ctx context.Context) (Reading, error) {
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.reads
	if i >= len(s.readings) {
		i = len(s.readings) - 1
	}
	s.reads++
	r := s.readings[i]
	r.At = time.Now()
	return r, nil
}

type robotArm struct {
	delay  time.Duration
	mu     sync.Mutex
	turned map[string]int
}

func (a *robotArm) Turn(ctx context.Context, shelf int, wheelID string) error {
	t := time.NewTimer(a.delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.turned[wheelID]++
	return nil
}

func (a *robotArm) total() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, v := range a.turned {
		n += v
	}
	return n
}

func TestHumidityDropHoldsTurningUntilShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	sensor := &scriptedSensor{readings: []Reading{
		{TempC: 12.0, HumidityPct: 91},
		{TempC: 12.4, HumidityPct: 72},
	}}
	arm := &robotArm{delay: 5 * time.Millisecond, turned: make(map[string]int)}
	c, err := New(Config{
		Name:         "cave-b",
		Turners:      2,
		TurnEvery:    48 * time.Hour,
		PollInterval: 5 * time.Millisecond,
		MinHumidity:  85,
		MaxHumidity:  95,
		MinTempC:     10,
		MaxTempC:     14,
		Logger:       log.New(io.Discard, "", 0),
	}, sensor, arm)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	placed := time.Now().Add(-72 * time.Hour)
	for i := 0; i < 24; i++ {
		w := Wheel{ID: fmt.Sprintf("comte-%02d", i), Variety: "comte", Shelf: i / 6, Placed: placed}
		if err := c.Place(w); err != nil {
			t.Fatalf("Place %s: %v", w.ID, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()

	deadline := time.Now().Add(2 * time.Second)
	for !c.Status().Paused {
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("turning was not held after humidity dropped")
		}
		time.Sleep(time.Millisecond)
	}
	st := c.Status()
	if st.Alarms != 1 || st.PauseReason == "" {
		t.Errorf("status after alarm = %+v, want one alarm with a reason", st)
	}

	cancel()
	if err := <-runErr; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	c.Close()

	if n := arm.total(); n >= 24 {
		t.Errorf("all %d wheels turned despite the humidity alarm", n)
	}
}
