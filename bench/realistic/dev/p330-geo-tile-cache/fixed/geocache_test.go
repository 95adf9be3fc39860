package geocache

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnavailable = errors.New("503 service unavailable")

type fakeGeocoder struct {
	mu    sync.Mutex
	err   error
	calls int
}

func (g *fakeGeocoder) Reverse(ctx context.Context, pt Point) (Place, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls++
	if g.err != nil {
		return Place{}, g.err
	}
	if pt.Lat > 0 {
		return Place{CountryCode: "DE", Region: "Berlin", Locality: "Berlin"}, nil
	}
	return Place{}, ErrNoResult
}

func (g *fakeGeocoder) setErr(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.err = err
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestWarmupStopsOnUpstreamOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	up := &fakeGeocoder{err: errUnavailable}
	c, err := New(up, Config{
		WarmupConcurrency: 2,
		Clock:             fixedClock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	points := []Point{
		{Lat: 52.5200, Lon: 13.4050},   // Berlin
		{Lat: 48.1351, Lon: 11.5820},   // Munich
		{Lat: 53.5511, Lon: 9.9937},    // Hamburg
		{Lat: 50.9375, Lon: 6.9603},    // Cologne
		{Lat: 50.1109, Lon: 8.6821},    // Frankfurt
		{Lat: 48.7758, Lon: 9.1829},    // Stuttgart
		{Lat: 51.2277, Lon: 6.7735},    // Düsseldorf
		{Lat: -33.8688, Lon: 151.2093}, // Sydney
	}
	err = c.Warmup(context.Background(), points)
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("Warmup error = %v, want %v", err, errUnavailable)
	}

	// Once the upstream recovers the cache serves lookups normally.
	up.setErr(nil)
	berlin := Point{Lat: 52.5201, Lon: 13.4049}
	for i := 0; i < 2; i++ {
		place, err := c.Lookup(context.Background(), berlin)
		if err != nil {
			t.Fatalf("Lookup: %v", err)
		}
		if place.Locality != "Berlin" {
			t.Fatalf("Lookup = %+v, want Berlin", place)
		}
	}
	if st := c.Stats(); st.Hits != 1 {
		t.Errorf("stats %+v: want 1 hit", st)
	}
}
