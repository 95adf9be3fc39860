// Package tiles prefetches slippy-map tiles around a viewport into a local
// disk cache, so that a map view can be rendered offline or with low latency.
package tiles

import (
	"errors"
	"fmt"
)

// MaxZoom is the deepest zoom level supported by the tile scheme.
const MaxZoom = 22

// ErrAreaTooLarge is returned when an area covers more tiles than allowed.
var ErrAreaTooLarge = errors.New("tiles: area too large")

// Tile identifies a single tile in the XYZ ("slippy map") scheme.
type Tile struct {
	Z, X, Y int
}

// String formats the tile as z/x/y, the way tile servers address it.
func (t Tile) String() string {
	return fmt.Sprintf("%d/%d/%d", t.Z, t.X, t.Y)
}

// Valid reports whether t lies inside the tile grid of its zoom level.
func (t Tile) Valid() bool {
	if t.Z < 0 || t.Z > MaxZoom {
		return false
	}
	n := 1 << uint(t.Z)
	return t.X >= 0 && t.X < n && t.Y >= 0 && t.Y < n
}

// Area describes a square block of tiles around a centre tile.
type Area struct {
	Center Tile
	// Radius is the number of tiles on each side of the centre.
	Radius int
}

// Tiles returns the tiles of the area nearest first, so the tiles a user sees
// first are fetched first, dropping tiles outside the grid. If the area holds
// more than limit tiles (when positive), the error wraps ErrAreaTooLarge.
func (a Area) Tiles(limit int) ([]Tile, error) {
	if !a.Center.Valid() {
		return nil, fmt.Errorf("tiles: invalid centre tile %s", a.Center)
	}
	if a.Radius < 0 {
		return nil, fmt.Errorf("tiles: negative radius %d", a.Radius)
	}
	side := 2*a.Radius + 1
	if limit > 0 && side*side > limit {
		return nil, fmt.Errorf("%w: %d tiles requested, limit is %d", ErrAreaTooLarge, side*side, limit)
	}

	n := 1 << uint(a.Center.Z)
	out := make([]Tile, 0, side*side)
	for ring := 0; ring <= a.Radius; ring++ {
		for dy := -ring; dy <= ring; dy++ {
			for dx := -ring; dx <= ring; dx++ {
				if abs(dx) != ring && abs(dy) != ring {
					continue // inner rings were emitted already
				}
				x, y := a.Center.X+dx, a.Center.Y+dy
				if x < 0 || x >= n || y < 0 || y >= n {
					continue
				}
				out = append(out, Tile{Z: a.Center.Z, X: x, Y: y})
			}
		}
	}
	return out, nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
