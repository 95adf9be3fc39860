package geocode

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrClosed is returned by Geocode once the client has been closed.
	ErrClosed = errors.New("geocode: client closed")
	// ErrNoProvider is returned when no configured provider can serve a batch.
	ErrNoProvider = errors.New("geocode: no provider available")
	// ErrBadResponse is returned when a provider's answer does not line up
	// with the request.
	ErrBadResponse = errors.New("geocode: malformed provider response")
)

// Location is a resolved address.
type Location struct {
	Lat        float64
	Lng        float64
	Confidence float64
	// Provider is the name of the provider that produced the result.
	Provider string
}

// Provider resolves free-form addresses in bulk. The returned slice must be
// index-aligned with addrs.
type Provider interface {
	Name() string
	GeocodeBatch(ctx context.Context, addrs []string) ([]Location, error)
}

// ProviderConfig attaches a quota to a provider.
type ProviderConfig struct {
	Provider Provider
	// Quota is the number of addresses the provider accepts per quota
	// window. Zero means unlimited.
	Quota int
}

// Clock abstracts time so that batching and quota windows can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Observer receives notifications useful for metrics. Methods may be called
// concurrently and while internal locks are held, so they must be fast and
// must not call back into the Client.
type Observer interface {
	BatchResolved(provider string, size int)
	ProviderFailed(provider string, err error)
	Throttled(size int)
}

type nopObserver struct{}

func (nopObserver) BatchResolved(string, int)    {}
func (nopObserver) ProviderFailed(string, error) {}
func (nopObserver) Throttled(int)                {}
