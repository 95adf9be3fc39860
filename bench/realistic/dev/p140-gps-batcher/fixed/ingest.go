// Package telemetry ingests GPS fixes from vehicles, groups them into
// per-vehicle batches and ships each full batch to a storage sink.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// Point is one GPS fix reported by a vehicle.
type Point struct {
	Vehicle string
	Time    time.Time
	Lat     float64
	Lon     float64
	SpeedKH float64
}

// ErrInvalidPoint is returned for fixes that cannot be real.
var ErrInvalidPoint = errors.New("telemetry: invalid point")

func (p Point) validate() error {
	switch {
	case p.Vehicle == "":
		return fmt.Errorf("%w: no vehicle", ErrInvalidPoint)
	case p.Time.IsZero():
		return fmt.Errorf("%w: no timestamp", ErrInvalidPoint)
	case math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180:
		return fmt.Errorf("%w: position %.5f,%.5f out of range", ErrInvalidPoint, p.Lat, p.Lon)
	case p.SpeedKH < 0:
		return fmt.Errorf("%w: negative speed", ErrInvalidPoint)
	}
	return nil
}

// Option configures an Ingester.
type Option func(*Ingester)

// WithBatchSize sets how many points of one vehicle are shipped together.
func WithBatchSize(n int) Option { return func(in *Ingester) { in.batchSize = n } }

// Ingester buffers points per vehicle until a batch is full.
type Ingester struct {
	sink      Sink
	batchSize int

	mu      sync.Mutex
	pending map[string][]Point
}

// NewIngester returns an Ingester that ships batches to sink.
func NewIngester(sink Sink, opts ...Option) *Ingester {
	in := &Ingester{sink: sink, batchSize: 500, pending: make(map[string][]Point)}
	for _, o := range opts {
		o(in)
	}
	return in
}

// Add buffers p and ships its vehicle's batch once it is full.
func (in *Ingester) Add(ctx context.Context, p Point) error {
	if err := p.validate(); err != nil {
		return err
	}
	in.mu.Lock()
	batch := append(in.pending[p.Vehicle], p)
	if len(batch) < in.batchSize {
		in.pending[p.Vehicle] = batch
		in.mu.Unlock()
		return nil
	}
	delete(in.pending, p.Vehicle)
	in.mu.Unlock()
	return ship(ctx, in.sink, p.Vehicle, batch)
}

// Flush ships every partial batch, for example before shutdown. It returns
// the first error but tries every vehicle.
func (in *Ingester) Flush(ctx context.Context) error {
	in.mu.Lock()
	pending := in.pending
	in.pending = make(map[string][]Point)
	in.mu.Unlock()

	vehicles := make([]string, 0, len(pending))
	for v := range pending {
		vehicles = append(vehicles, v)
	}
	sort.Strings(vehicles)
	var first error
	for _, v := range vehicles {
		if err := ship(ctx, in.sink, v, pending[v]); err != nil && first == nil {
			first = err
		}
	}
	return first
}
