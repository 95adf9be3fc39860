package geocache

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type fakeGeocoder map[string]Point

func (f fakeGeocoder) Geocode(_ context.Context, address string) (Point, error) {
	p, ok := f[address]
	if !ok {
		return Point{}, ErrNotFound
	}
	return p, nil
}

func TestWarmStopsOnUnknownAddress(t *testing.T) {
	defer goleak.VerifyNone(t)
	g := fakeGeocoder{
		"1 Main St, Springfield": {Lat: 39.78, Lng: -89.65},
		"10 Downing St, London":  {Lat: 51.50, Lng: -0.13},
	}
	c := New(g)
	err := c.Warm(context.Background(), []string{
		"1 Main St, Springfield",
		"nowhere in particular",
		"10 Downing St, London",
	}, 2)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Warm: got %v, want ErrNotFound", err)
	}
}
