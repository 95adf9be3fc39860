package pitch

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

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type fakeDrives struct {
	mu     sync.Mutex
	angles map[int]float64
}

func (d *fakeDrives) SetAngle(ctx context.Context, blade int, degrees float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.angles[blade] = degrees
	return nil
}

type historian struct {
	mu      sync.Mutex
	samples []Sample
}

func (h *historian) Publish(s Sample) {
	h.mu.Lock()
	h.samples = append(h.samples, s)
	h.mu.Unlock()
}

func (h *historian) last() (Sample, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.samples) == 0 {
		return Sample{}, false
	}
	return h.samples[len(h.samples)-1], true
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func TestGustFeathersRotor(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 11, 3, 14, 0, 0, 0, time.UTC)}
	drives := &fakeDrives{angles: make(map[int]float64)}
	hist := &historian{}
	c, err := New(Config{
		MaxRate:     8,
		SampleEvery: 2 * time.Millisecond,
		Logger:      log.New(logWriter{t}, "wtg07 ", 0),
		Clock:       clock.Now,
	}, drives, hist)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if err := c.Release("grid connected, wind 9 m/s"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10 * time.Second)
	if err := c.SetCollective(ctx, 12); err != nil {
		t.Fatalf("ramp to 12°: %v", err)
	}
	clock.Advance(time.Second)
	got, err := c.SetPitch(ctx, 0, 2)
	if err != nil || got != 4 {
		t.Fatalf("blade 0 toward 2°: got %.1f, %v; want slew-limited 4°", got, err)
	}

	if err := c.Feather(ctx, "gust 31 m/s at hub height"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		s, ok := hist.last()
		if ok && s.Mode == ModeFeathered && s.Actual[0] == 88 && s.Actual[1] == 88 && s.Actual[2] == 88 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("historian never saw feathered rotor, last sample %+v", s)
		}
		time.Sleep(time.Millisecond)
	}

	clock.Advance(500 * time.Millisecond)
	if _, err := c.SetPitch(ctx, 1, 3); !errors.Is(err, ErrFeathered) {
		t.Fatalf("stale optimiser set-point during storm: got %v, want ErrFeathered", err)
	}
	if _, err := c.SetPitch(ctx, 5, 10); !errors.Is(err, ErrBadBlade) {
		t.Fatalf("blade 5: got %v", err)
	}

	time.Sleep(10 * time.Millisecond)
	drives.mu.Lock()
	for b := 0; b < 3; b++ {
		if drives.angles[b] != 88 {
			t.Errorf("blade %d drive at %.1f° during storm, want 88°", b, drives.angles[b])
		}
	}
	drives.mu.Unlock()

	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetPitch(ctx, 0, 90); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}
