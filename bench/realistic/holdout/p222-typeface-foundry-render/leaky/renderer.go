// Package render rasterizes type families into proofing specimens for the
// foundry's review tools.
package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Source loads the outlines of a family, typically from the design
// repository or a compiled font file.
type Source interface {
	Glyphs(ctx context.Context, family string) (units float64, glyphs []Glyph, err error)
}

// Config controls a Renderer.
type Config struct {
	MinPixels, MaxPixels int
	// StrictHinting turns hinting failures into errors instead of
	// falling back to the unhinted outline.
	StrictHinting  bool
	ProgressBuffer int
	Reporter       Reporter
	Logger         *log.Logger
}

// Option mutates the configuration.
type Option func(*Config)

// WithStrictHinting makes hinting failures fatal for the family.
func WithStrictHinting() Option { return func(c *Config) { c.StrictHinting = true } }

// WithReporter installs a progress reporter.
func WithReporter(r Reporter) Option { return func(c *Config) { c.Reporter = r } }

// WithLogger installs a logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithSizeRange limits the pixel sizes accepted by RenderFamily.
func WithSizeRange(min, max int) Option {
	return func(c *Config) { c.MinPixels, c.MaxPixels = min, max }
}

// Specimen is a rendered family at one pixel size.
type Specimen struct {
	Family   string
	Pixels   int
	Bitmaps  map[rune]*Bitmap
	Unhinted []rune
	Elapsed  time.Duration
}

type cacheKey struct {
	family string
	px     int
}

// Renderer renders families from a Source and caches the specimens.
type Renderer struct {
	cfg Config
	src Source

	mu    sync.Mutex
	cache map[cacheKey]*Specimen
}

// ErrSize is returned for pixel sizes outside the configured range.
var ErrSize = errors.New("render: pixel size out of range")

// New creates a Renderer.
func New(src Source, opts ...Option) (*Renderer, error) {
	if src == nil {
		return nil, errors.New("render: nil source")
	}
	cfg := Config{
		MinPixels:      6,
		MaxPixels:      512,
		ProgressBuffer: 32,
		Reporter:       nopReporter{},
		Logger:         log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.MinPixels < 1 || cfg.MaxPixels < cfg.MinPixels {
		return nil, fmt.Errorf("render: bad size range %d..%d", cfg.MinPixels, cfg.MaxPixels)
	}
	return &Renderer{cfg: cfg, src: src, cache: make(map[cacheKey]*Specimen)}, nil
}

// RenderFamily renders every glyph of family with an em of px pixels.
func (r *Renderer) RenderFamily(ctx context.Context, family string, px int) (*Specimen, error) {
	if px < r.cfg.MinPixels || px > r.cfg.MaxPixels {
		return nil, fmt.Errorf("%w: %d", ErrSize, px)
	}
	key := cacheKey{family, px}
	r.mu.Lock()
	if s, ok := r.cache[key]; ok {
		r.mu.Unlock()
		return s, nil
	}
	r.mu.Unlock()

	units, glyphs, err := r.src.Glyphs(ctx, family)
	if err != nil {
		return nil, fmt.Errorf("render: load %s: %w", family, err)
	}
	if units <= 0 {
		return nil, fmt.Errorf("render: %s: invalid units per em %v", family, units)
	}

	start := time.Now()
	progress, reported := startReporter(r.cfg.Reporter, family, len(glyphs), r.cfg.ProgressBuffer)
	spec := &Specimen{Family: family, Pixels: px, Bitmaps: make(map[rune]*Bitmap, len(glyphs))}
	scale := float64(px) / units
	descent := px / 5

	for i, g := range glyphs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		outline := g.Outline.scale(scale)
		hinted, err := hint(outline)
		if err != nil {
			if r.cfg.StrictHinting {
				return nil, fmt.Errorf("render: %s %q at %dpx: %w", family, g.Rune, px, err)
			}
			r.cfg.Logger.Printf("%s %q at %dpx: %v; using unhinted outline", family, g.Rune, px, err)
			hinted = outline
			spec.Unhinted = append(spec.Unhinted, g.Rune)
		}
		width := int(g.Advance*scale + 0.5)
		spec.Bitmaps[g.Rune] = rasterize(hinted, width, px, descent)
		progress <- Progress{Family: family, Rune: g.Rune, Done: i + 1, Total: len(glyphs), Took: time.Since(t0)}
	}
	close(progress)
	<-reported
	spec.Elapsed = time.Since(start)

	r.mu.Lock()
	r.cache[key] = spec
	r.mu.Unlock()
	return spec, nil
}

// Purge drops every cached specimen of family.
func (r *Renderer) Purge(family string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for k := range r.cache {
		if k.family == family {
			delete(r.cache, k)
			n++
		}
	}
	return n
}
