package geocode

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

// After returns a channel that never fires; tests drive batches by size.
func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

type fakeProvider struct {
	name string

	mu    sync.Mutex
	fails []error
	calls [][]string
}

func (p *fakeProvider) Name() string { return p.name }

func (p *fakeProvider) GeocodeBatch(ctx context.Context, addrs []string) ([]Location, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, append([]string(nil), addrs...))
	if len(p.fails) > 0 {
		err := p.fails[0]
		p.fails = p.fails[1:]
		if err != nil {
			return nil, err
		}
	}
	locs := make([]Location, len(addrs))
	for i := range addrs {
		locs[i] = Location{Lat: 52.5, Lng: 13.4, Confidence: 0.9}
	}
	return locs, nil
}

type recordingObserver struct {
	throttled chan int
}

func (o *recordingObserver) BatchResolved(string, int)    {}
func (o *recordingObserver) ProviderFailed(string, error) {}
func (o *recordingObserver) Throttled(n int)              { o.throttled <- n }

func TestThrottledLookupFailsOnClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	// The primary answers the first batch and fails the second.
	primary := &fakeProvider{name: "osm", fails: []error{nil, errors.New("503 service unavailable")}}
	fallback := &fakeProvider{name: "here"}
	obs := &recordingObserver{throttled: make(chan int, 4)}

	c, err := New(Config{
		Providers: []ProviderConfig{
			{Provider: primary, Quota: 2},
			{Provider: fallback, Quota: 1},
		},
		MaxBatch: 1,
		Clock:    &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
		Observer: obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	loc, err := c.Geocode(ctx, "Unter den Linden 1, Berlin")
	if err != nil || loc.Provider != "osm" {
		t.Fatalf("first lookup: loc=%+v err=%v", loc, err)
	}
	loc, err = c.Geocode(ctx, "Alexanderplatz 1, Berlin")
	if err != nil || loc.Provider != "here" {
		t.Fatalf("second lookup should fall back: loc=%+v err=%v", loc, err)
	}

	// Both providers have spent their quota; the next lookup has to wait
	// for a new window, which never comes before the client is closed.
	errc := make(chan error, 1)
	go func() {
		_, err := c.Geocode(ctx, "Potsdamer Platz 1, Berlin")
		errc <- err
	}()
	if n := <-obs.throttled; n != 1 {
		t.Fatalf("throttled batch size = %d", n)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := <-errc; err == nil {
		t.Fatal("throttled lookup succeeded after close")
	}
}
