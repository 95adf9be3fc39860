package tiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Renderer. Only Backend is required.
type Config struct {
	Backend Backend

	// Cache holds rendered tiles. Defaults to NewLRU(4096).
	Cache Cache

	// MaxConcurrent bounds how many tiles are rendered at once.
	// Defaults to runtime.NumCPU().
	MaxConcurrent int

	// RenderTimeout bounds a single backend render. Defaults to 30s.
	RenderTimeout time.Duration

	Clock Clock
}

// Stats are cumulative counters for a Renderer.
type Stats struct {
	Hits, Misses, Coalesced, Renders, Errors int64
}

// Renderer renders tiles on demand. It is safe for concurrent use.
type Renderer struct {
	cfg   Config
	slots chan struct{} // one token per render in progress

	mu       sync.Mutex
	inflight map[Key]*call

	hits, misses, coalesced, renders, errors atomic.Int64
}

// call is one render shared by every request for the same tile.
type call struct {
	done chan struct{} // closed when tile and err are set
	tile *Tile
	err  error
}

// New returns a Renderer for cfg.
func New(cfg Config) (*Renderer, error) {
	if cfg.Backend == nil {
		return nil, fmt.Errorf("tiles: config: backend is required")
	}
	if cfg.Cache == nil {
		cfg.Cache = NewLRU(4096)
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = runtime.NumCPU()
	}
	if cfg.RenderTimeout <= 0 {
		cfg.RenderTimeout = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Renderer{
		cfg:      cfg,
		slots:    make(chan struct{}, cfg.MaxConcurrent),
		inflight: make(map[Key]*call),
	}, nil
}

// Get returns the tile for k, rendering it if it is not cached.
//
// The render itself is detached from ctx: if the caller goes away the render
// still finishes and fills the cache for the next request, which is what map
// clients panning back and forth want.
func (r *Renderer) Get(ctx context.Context, k Key) (*Tile, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	if t, ok := r.cfg.Cache.Get(k); ok {
		r.hits.Add(1)
		return t, nil
	}
	r.misses.Add(1)

	r.mu.Lock()
	c, ok := r.inflight[k]
	if ok {
		r.coalesced.Add(1)
	} else {
		c = &call{done: make(chan struct{})}
		r.inflight[k] = c
		go r.run(k, c)
	}
	r.mu.Unlock()

	select {
	case <-c.done:
		return c.tile, c.err
	case <-ctx.Done():
		return nil, fmt.Errorf("tile %s: %w", k, ctx.Err())
	}
}

// Stats returns a snapshot of the renderer's counters.
func (r *Renderer) Stats() Stats {
	return Stats{
		Hits:      r.hits.Load(),
		Misses:    r.misses.Load(),
		Coalesced: r.coalesced.Load(),
		Renders:   r.renders.Load(),
		Errors:    r.errors.Load(),
	}
}

// run renders k on behalf of everyone waiting on c.
func (r *Renderer) run(k Key, c *call) {
	c.tile, c.err = r.render(k)
	if c.err != nil {
		r.errors.Add(1)
	} else {
		r.cfg.Cache.Put(c.tile)
	}

	r.mu.Lock()
	delete(r.inflight, k)
	r.mu.Unlock()
	close(c.done)
}

// render asks the backend for k, holding a render slot while it does.
func (r *Renderer) render(k Key) (t *Tile, err error) {
	r.slots <- struct{}{} // leak: slot not returned after a recovered backend panic
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, fmt.Errorf("tile %s: %w: %v", k, ErrRenderPanic, p)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.RenderTimeout)
	defer cancel()
	r.renders.Add(1)
	data, contentType, err := r.cfg.Backend.Render(ctx, k)
	<-r.slots

	if err != nil {
		return nil, fmt.Errorf("tile %s: render: %w", k, err)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("tile %s: %w", k, ErrEmptyTile)
	}
	sum := sha256.Sum256(data)
	return &Tile{
		Key:         k,
		Data:        data,
		ContentType: contentType,
		ETag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
		RenderedAt:  r.cfg.Clock.Now(),
	}, nil
}
