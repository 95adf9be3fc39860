package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// kvDecoder decodes payloads such as "temp=21.5;hum=40".
type kvDecoder struct{}

func (kvDecoder) Decode(payload []byte, received time.Time) ([]Point, error) {
	var pts []Point
	for _, field := range strings.Split(string(payload), ";") {
		k, v, ok := strings.Cut(field, "=")
		if !ok {
			return nil, fmt.Errorf("malformed field %q", field)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", k, err)
		}
		pts = append(pts, Point{Metric: k, Value: f, Time: received})
	}
	return pts, nil
}

type fakeRegistry struct{}

func (fakeRegistry) NewDecoder(model string) (Decoder, error) {
	if model != "th-100" {
		return nil, errors.New("unsupported")
	}
	return kvDecoder{}, nil
}

type fakeSink struct {
	mu     sync.Mutex
	points map[string][]Point
	wrote  chan string
}

func (s *fakeSink) Write(_ context.Context, deviceID string, pts []Point) error {
	s.mu.Lock()
	s.points[deviceID] = append(s.points[deviceID], pts...)
	s.mu.Unlock()
	s.wrote <- deviceID
	return nil
}

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	ticker *fakeTicker
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return c.ticker }

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type fakeObserver struct{ retired chan string }

func (o *fakeObserver) DecodeFailed(string, error) {}
func (o *fakeObserver) WriteFailed(string, error)  {}
func (o *fakeObserver) WorkerRetired(id string)    { o.retired <- id }

func TestIdleDeviceIsRetired(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{
		now:    time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
		ticker: &fakeTicker{c: make(chan time.Time)},
	}
	sink := &fakeSink{points: make(map[string][]Point), wrote: make(chan string, 8)}
	obs := &fakeObserver{retired: make(chan string, 8)}
	svc, err := New(Config{
		Registry:    fakeRegistry{},
		Sink:        sink,
		Clock:       clock,
		Observer:    obs,
		QueueSize:   4,
		IdleTimeout: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	frame := Frame{DeviceID: "greenhouse-7", Model: "th-100", Payload: []byte("temp=21.5;hum=40"), Received: clock.Now()}
	if err := svc.Ingest(ctx, frame); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if id := <-sink.wrote; id != "greenhouse-7" {
		t.Fatalf("sink write for %q, want greenhouse-7", id)
	}
	if err := svc.Ingest(ctx, Frame{DeviceID: "x", Model: "unknown"}); !errors.Is(err, ErrNoDecoder) {
		t.Fatalf("ingest with unknown model: error = %v, want ErrNoDecoder", err)
	}

	// The device goes quiet; the next janitor pass retires its worker.
	clock.Advance(2 * time.Minute)
	clock.ticker.c <- clock.Now()
	if id := <-obs.retired; id != "greenhouse-7" {
		t.Fatalf("retired %q, want greenhouse-7", id)
	}
	if n := svc.Devices(); n != 0 {
		t.Fatalf("Devices() = %d after retirement, want 0", n)
	}

	if err := svc.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if got := len(sink.points["greenhouse-7"]); got != 2 {
		t.Fatalf("stored %d points, want 2", got)
	}
}
