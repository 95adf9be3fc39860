package obsqueue

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMount struct {
	mu      sync.Mutex
	pointed Target
	exposed chan string
}

func (m *fakeMount) Slew(ctx context.Context, t Target) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pointed = t
	return ctx.Err()
}

func (m *fakeMount) Expose(ctx context.Context, filter string, d time.Duration) (Frame, error) {
	m.mu.Lock()
	name := m.pointed.Name
	m.mu.Unlock()
	select {
	case <-ctx.Done():
		return Frame{}, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	return Frame{Path: fmt.Sprintf("/data/%s-%s-%ds.fits", name, filter, int(d.Seconds())), Taken: time.Now()}, nil
}

type memArchive struct {
	mu     sync.Mutex
	frames []Frame
	stored chan string
}

func (a *memArchive) Store(_ context.Context, f Frame) error {
	a.mu.Lock()
	a.frames = append(a.frames, f)
	a.mu.Unlock()
	a.stored <- f.ObservationID
	return nil
}

func TestNightWithIncomingClouds(t *testing.T) {
	defer goleak.VerifyNone(t)

	archive := &memArchive{stored: make(chan string, 16)}
	s := New(&fakeMount{}, archive, WithLogger(log.New(io.Discard, "", 0)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}

	early := []Observation{
		{ID: "m42-r", Program: "nebulae", Target: Target{"M42", 83.82, -5.39}, Filter: "R", Exposure: 120 * time.Second, Priority: 2},
		{ID: "m42-ha", Program: "nebulae", Target: Target{"M42", 83.82, -5.39}, Filter: "Ha", Exposure: 300 * time.Second, Priority: 2},
		{ID: "sn2024x", Program: "transients", Target: Target{"SN2024x", 190.1, 11.6}, Filter: "V", Exposure: 60 * time.Second, Priority: 9},
	}
	for _, o := range early {
		if err := s.Submit(o); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < len(early); i++ {
		select {
		case <-archive.stored:
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d early frames archived", i, len(early))
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(s.Results()) < len(early) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}

	s.OnWeather(Conditions{CloudCover: 0.3, WindKPH: 12, Humidity: 0.6})
	s.OnWeather(Conditions{CloudCover: 0.9, WindKPH: 18, Humidity: 0.7})

	late := []Observation{
		{ID: "m81-l", Program: "galaxies", Target: Target{"M81", 148.89, 69.07}, Filter: "L", Exposure: 600 * time.Second, Priority: 1},
		{ID: "ngc2403-l", Program: "galaxies", Target: Target{"NGC2403", 114.21, 65.6}, Filter: "L", Exposure: 600 * time.Second, Priority: 1},
	}
	for _, o := range late {
		if err := s.Submit(o); err != nil {
			t.Fatal(err)
		}
	}
	if p := s.Pending(); len(p) != len(late) {
		t.Fatalf("pending during hold = %d, want %d", len(p), len(late))
	}

	s.Close()
	if err := s.Submit(early[0]); err != ErrClosed {
		t.Fatalf("submit after close: %v", err)
	}

	res := s.Results()
	if len(res) != len(early) || res[0].ID != "sn2024x" {
		t.Fatalf("results = %+v", res)
	}
	for _, o := range s.Pending() {
		t.Logf("carried over to next night: %s", o.ID)
	}
}
