// Package tiles renders slippy-map tiles on demand.
//
// A Renderer sits in front of an expensive rendering backend (Mapnik, a
// vector-tile rasteriser, ...). Rendered tiles go into a shared cache, and
// concurrent requests for the same tile are coalesced so the backend renders
// each tile once no matter how many map clients ask for it at the same time.
package tiles

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// MaxZoom is the deepest zoom level the renderer accepts.
const MaxZoom = 22

// Key identifies one tile of one map style.
type Key struct {
	Style   string
	Z, X, Y int
}

func (k Key) String() string {
	return fmt.Sprintf("%s/%d/%d/%d", k.Style, k.Z, k.X, k.Y)
}

// Validate reports whether k addresses a tile that exists.
func (k Key) Validate() error {
	if k.Style == "" {
		return fmt.Errorf("tile %s: empty style: %w", k, ErrInvalidKey)
	}
	if k.Z < 0 || k.Z > MaxZoom {
		return fmt.Errorf("tile %s: zoom out of range: %w", k, ErrInvalidKey)
	}
	n := 1 << uint(k.Z)
	if k.X < 0 || k.X >= n || k.Y < 0 || k.Y >= n {
		return fmt.Errorf("tile %s: x/y out of range for zoom: %w", k, ErrInvalidKey)
	}
	return nil
}

// Tile is a rendered tile image.
type Tile struct {
	Key         Key
	Data        []byte
	ContentType string
	ETag        string
	RenderedAt  time.Time
}

// Backend renders a single tile. Implementations may be slow and may not be
// entirely well behaved: the renderer recovers from panics in Render.
type Backend interface {
	Render(ctx context.Context, k Key) (data []byte, contentType string, err error)
}

// Cache stores rendered tiles. It must be safe for concurrent use.
type Cache interface {
	Get(k Key) (*Tile, bool)
	Put(t *Tile)
}

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Errors returned by the renderer.
var (
	ErrInvalidKey  = errors.New("tiles: invalid tile key")
	ErrRenderPanic = errors.New("tiles: backend panicked")
	ErrEmptyTile   = errors.New("tiles: backend returned an empty tile")
)
