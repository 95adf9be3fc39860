package proofing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

type options struct {
	concurrency int
	cacheSize   int
	sheetWidth  int
	tracking    int
	logger      *log.Logger
}

// Option configures a Proofer.
type Option func(*options)

// WithConcurrency bounds how many glyphs are rasterized at once across all
// proofs in flight.
func WithConcurrency(n int) Option { return func(o *options) { o.concurrency = n } }

// WithCacheSize sets how many rasterized glyphs are kept.
func WithCacheSize(n int) Option { return func(o *options) { o.cacheSize = n } }

// WithSheetWidth sets the printable width of a proof sheet, in pixels.
func WithSheetWidth(px int) Option { return func(o *options) { o.sheetWidth = px } }

// WithTracking adds letter spacing, in pixels, between glyphs.
func WithTracking(px int) Option { return func(o *options) { o.tracking = px } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(o *options) { o.logger = l } }

// Proofer builds waterfall proof sheets for type designers to review.
type Proofer struct {
	opts  options
	rast  Rasterizer
	cache *glyphCache
	sem   chan struct{}
	log   *log.Logger
}

// New returns a Proofer backed by rast.
func New(rast Rasterizer, opts ...Option) (*Proofer, error) {
	if rast == nil {
		return nil, errors.New("proofing: rasterizer is required")
	}
	o := options{concurrency: 8, cacheSize: 4096, sheetWidth: 1800}
	for _, fn := range opts {
		fn(&o)
	}
	if o.concurrency < 1 {
		return nil, fmt.Errorf("proofing: concurrency must be positive, got %d", o.concurrency)
	}
	if o.sheetWidth < 100 {
		return nil, fmt.Errorf("proofing: sheet width %dpx is too narrow", o.sheetWidth)
	}
	lg := o.logger
	if lg == nil {
		lg = log.New(io.Discard, "", 0)
	}
	return &Proofer{
		opts:  o,
		rast:  rast,
		cache: newGlyphCache(o.cacheSize),
		sem:   make(chan struct{}, o.concurrency),
		log:   lg,
	}, nil
}

type cell struct {
	r   rune
	bm  Bitmap
	err error
}

// rasterizeAll renders runes at ppem, serving from the cache where it can.
// The returned channel yields one cell per rune and is closed afterwards.
func (p *Proofer) rasterizeAll(ctx context.Context, face Face, runes []rune, ppem int) <-chan cell {
	out := make(chan cell, len(runes))
	var wg sync.WaitGroup
	wg.Add(len(runes))
	for _, r := range runes {
		key := cacheKey{face: face.Key(), r: r, ppem: ppem}
		if bm, ok := p.cache.get(key); ok {
			out <- cell{r: r, bm: bm}
			continue
		}
		go func(r rune, key cacheKey) {
			defer wg.Done()
			select {
			case p.sem <- struct{}{}:
			case <-ctx.Done():
				out <- cell{r: r, err: ctx.Err()}
				return
			}
			defer func() { <-p.sem }()
			bm, err := p.rast.Rasterize(ctx, face, r, ppem)
			if err == nil {
				p.cache.put(key, bm)
			}
			out <- cell{r: r, bm: bm, err: err}
		}(r, key)
	}
	go func() {
		wg.Wait() // leak: cache hits never call Done, so the counter stays above zero
		close(out)
	}()
	return out
}

// CacheStats reports glyph cache hits, misses and current size.
func (p *Proofer) CacheStats() (hits, misses, size int) { return p.cache.stats() }

// collect gathers the rasterized glyphs for runes at one size. Glyphs the
// face does not map are reported as missing rather than failing the proof.
func (p *Proofer) collect(ctx context.Context, face Face, runes []rune, ppem int) (map[rune]Bitmap, []rune, error) {
	started := time.Now()
	out := p.rasterizeAll(ctx, face, runes, ppem)
	glyphs := make(map[rune]Bitmap, len(runes))
	var missing []rune
	for len(glyphs)+len(missing) < len(runes) {
		select {
		case c, ok := <-out:
			if !ok {
				return nil, nil, fmt.Errorf("proofing: %s %dppem: rasterizer returned %d of %d glyphs",
					face.Key(), ppem, len(glyphs)+len(missing), len(runes))
			}
			if errors.Is(c.err, ErrNoGlyph) {
				missing = append(missing, c.r)
				continue
			}
			if c.err != nil {
				return nil, nil, fmt.Errorf("proofing: %s %q at %dppem: %w", face.Key(), c.r, ppem, c.err)
			}
			glyphs[c.r] = c.bm
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
	p.log.Printf("%s %dppem: %d glyphs, %d missing in %s",
		face.Key(), ppem, len(glyphs), len(missing), time.Since(started).Round(time.Millisecond))
	return glyphs, missing, nil
}
