package tilerender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Source draws one tile, typically by calling a map server.
type Source interface {
	Render(ctx context.Context, id TileID, style string) ([]byte, error)
}

// Sink stores finished tiles, e.g. an MBTiles file or an object store.
type Sink interface {
	Put(ctx context.Context, id TileID, data []byte) error
}

// Cache keeps recently rendered tiles.
type Cache interface {
	Get(style string, id TileID) ([]byte, bool)
	Add(style string, id TileID, data []byte)
}

// ErrTileTooLarge is reported for tiles over the configured byte limit.
var ErrTileTooLarge = errors.New("tilerender: tile exceeds size limit")

// Option configures a Renderer.
type Option func(*Renderer)

func WithWorkers(n int) Option                     { return func(r *Renderer) { r.workers = n } }
func WithStyle(s string) Option                    { return func(r *Renderer) { r.style = s } }
func WithCache(c Cache) Option                     { return func(r *Renderer) { r.cache = c } }
func WithLogger(l *log.Logger) Option              { return func(r *Renderer) { r.log = l } }
func WithMaxTiles(n int) Option                    { return func(r *Renderer) { r.maxTiles = n } }
func WithMaxTileBytes(n int) Option                { return func(r *Renderer) { r.maxBytes = n } }
func WithTileTimeout(d time.Duration) Option       { return func(r *Renderer) { r.tileTimeout = d } }
func WithBlankTile(png []byte) Option              { return func(r *Renderer) { r.blank = png } }
func WithSkipBlank(skip bool) Option               { return func(r *Renderer) { r.skipBlank = skip } }
func WithClock(now func() time.Time) Option        { return func(r *Renderer) { r.now = now } }
func WithProgress(fn func(done, total int)) Option { return func(r *Renderer) { r.progress = fn } }

// Renderer pre-renders tile pyramids for an area.
type Renderer struct {
	src         Source
	cache       Cache
	log         *log.Logger
	style       string
	workers     int
	maxTiles    int
	maxBytes    int
	tileTimeout time.Duration
	blank       []byte
	skipBlank   bool
	now         func() time.Time
	progress    func(done, total int)
}

// New returns a Renderer drawing tiles from src.
func New(src Source, opts ...Option) (*Renderer, error) {
	if src == nil {
		return nil, errors.New("tilerender: source is required")
	}
	r := &Renderer{
		src:         src,
		log:         log.New(io.Discard, "", 0),
		style:       "default",
		workers:     4,
		maxTiles:    50000,
		maxBytes:    512 << 10,
		tileTimeout: 30 * time.Second,
		now:         time.Now,
	}
	for _, opt := range opts {
		opt(r)
	}
	if r.workers < 1 {
		return nil, fmt.Errorf("tilerender: need at least one worker, got %d", r.workers)
	}
	return r, nil
}

// Summary reports what a render run did.
type Summary struct {
	Requested int
	Rendered  int
	Cached    int
	Blank     int
	Bytes     int64
	Elapsed   time.Duration
}

type tileResult struct {
	id     TileID
	data   []byte
	cached bool
	err    error
}

// RenderArea renders every tile covering area between zoom levels minZ and
// maxZ and writes them to sink. It stops at the first tile that cannot be
// rendered or stored.
func (r *Renderer) RenderArea(ctx context.Context, area BBox, minZ, maxZ int, sink Sink) (Summary, error) {
	start := r.now()
	tiles, err := tilesFor(area, minZ, maxZ, r.maxTiles)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Requested: len(tiles)}
	r.log.Printf("tilerender: %d tiles for z%d-%d in style %q", len(tiles), minZ, maxZ, r.style)

	jobs := make(chan TileID, len(tiles))
	for _, id := range tiles {
		jobs <- id
	}
	close(jobs)

	g := newGroup(ctx)
	defer g.cancel()
	results := make(chan tileResult)
	workers := r.workers
	if workers > len(tiles) {
		workers = len(tiles)
	}
	for i := 0; i < workers; i++ {
		g.Go(func(ctx context.Context) error {
			for id := range jobs {
				res := r.renderTile(ctx, id)
				select {
				case results <- res:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}

	for done := 0; done < len(tiles); done++ {
		var res tileResult
		select {
		case res = <-results:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		if res.err != nil {
			return sum, fmt.Errorf("tilerender: render %s: %w", res.id, res.err)
		}
		if r.skipBlank && r.blank != nil && bytes.Equal(res.data, r.blank) {
			sum.Blank++
		} else {
			if err := sink.Put(ctx, res.id, res.data); err != nil {
				return sum, fmt.Errorf("tilerender: store %s: %w", res.id, err)
			}
			sum.Bytes += int64(len(res.data))
		}
		if res.cached {
			sum.Cached++
		} else {
			sum.Rendered++
		}
		if r.progress != nil {
			r.progress(done+1, len(tiles))
		}
	}

	if err := g.Wait(); err != nil {
		return sum, err
	}
	sum.Elapsed = r.now().Sub(start)
	r.log.Printf("tilerender: done: %d rendered, %d cached, %d blank, %d bytes in %s",
		sum.Rendered, sum.Cached, sum.Blank, sum.Bytes, sum.Elapsed)
	return sum, nil
}

func (r *Renderer) renderTile(ctx context.Context, id TileID) tileResult {
	if r.cache != nil {
		if data, ok := r.cache.Get(r.style, id); ok {
			return tileResult{id: id, data: data, cached: true}
		}
	}
	tctx, cancel := context.WithTimeout(ctx, r.tileTimeout)
	defer cancel()
	data, err := r.src.Render(tctx, id, r.style)
	if err != nil {
		return tileResult{id: id, err: err}
	}
	if r.maxBytes > 0 && len(data) > r.maxBytes {
		return tileResult{id: id, err: fmt.Errorf("%w: %d bytes", ErrTileTooLarge, len(data))}
	}
	if r.cache != nil {
		r.cache.Add(r.style, id, data)
	}
	return tileResult{id: id, data: data}
}
