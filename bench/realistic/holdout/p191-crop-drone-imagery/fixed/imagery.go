// Package imagery turns raw multispectral drone tiles into per-field crop
// health reports.
//
// Tiles are downloaded from the flight upload store, decoded, stitched into
// a field mosaic and reduced to vegetation indices (NDVI). Neighbouring
// fields share boundary tiles, so downloads are cached and concurrent
// requests for the same tile are coalesced into one download.
package imagery

import (
	"context"
	"errors"
	"fmt"
)

// TileKey addresses one tile of a flight's orthomosaic grid.
type TileKey struct {
	Flight string
	X, Y   int
}

func (k TileKey) String() string { return fmt.Sprintf("%s/%d_%d", k.Flight, k.X, k.Y) }

// Tile is a decoded multispectral tile.
type Tile struct {
	Key  TileKey
	W, H int
	Red  []float32
	NIR  []float32
}

// Field is a farm field and the tiles that cover it.
type Field struct {
	ID    string
	Crop  string
	Tiles []TileKey
}

// HealthReport summarises crop vigour for one field.
type HealthReport struct {
	FieldID      string
	Pixels       int
	MeanNDVI     float64
	StressedFrac float64 // fraction of pixels below the stress threshold
}

// TileStore is where the drone ground station uploads tiles.
type TileStore interface {
	Fetch(ctx context.Context, key TileKey) ([]byte, error)
}

// Metrics receives cache instrumentation events.
type Metrics interface {
	TileHit(key TileKey)
	TileMiss(key TileKey)
	TileCoalesced(key TileKey)
}

type nopMetrics struct{}

func (nopMetrics) TileHit(TileKey)       {}
func (nopMetrics) TileMiss(TileKey)      {}
func (nopMetrics) TileCoalesced(TileKey) {}

// ErrCorruptTile is returned when a downloaded tile cannot be decoded.
var ErrCorruptTile = errors.New("imagery: corrupt tile")

// Option configures a Pipeline.
type Option func(*options)

type options struct {
	concurrency     int
	cacheSize       int
	stressThreshold float64
	metrics         Metrics
}

// WithConcurrency sets how many fields are analyzed at once.
func WithConcurrency(n int) Option { return func(o *options) { o.concurrency = n } }

// WithCacheSize bounds the number of decoded tiles kept in memory.
func WithCacheSize(n int) Option { return func(o *options) { o.cacheSize = n } }

// WithStressThreshold sets the NDVI under which a pixel counts as stressed.
func WithStressThreshold(v float64) Option { return func(o *options) { o.stressThreshold = v } }

// WithMetrics installs a metrics sink.
func WithMetrics(m Metrics) Option { return func(o *options) { o.metrics = m } }

// Pipeline analyzes fields from drone flights.
type Pipeline struct {
	opts  options
	tiles *tileCache
}

// New returns a Pipeline reading tiles from store.
func New(store TileStore, opts ...Option) *Pipeline {
	o := options{concurrency: 4, cacheSize: 256, stressThreshold: 0.3, metrics: nopMetrics{}}
	for _, fn := range opts {
		fn(&o)
	}
	if o.concurrency < 1 {
		o.concurrency = 1
	}
	return &Pipeline{opts: o, tiles: newTileCache(store, o.cacheSize, o.metrics)}
}
