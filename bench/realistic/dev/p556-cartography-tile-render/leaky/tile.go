package tilerender

import (
	"errors"
	"fmt"
	"math"
)

// MaxZoom is the deepest zoom level the renderer accepts.
const MaxZoom = 20

// TileID addresses a tile in the web-mercator XYZ scheme.
type TileID struct {
	Z, X, Y int
}

func (t TileID) String() string { return fmt.Sprintf("%d/%d/%d", t.Z, t.X, t.Y) }

// BBox is a WGS84 bounding box in degrees.
type BBox struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// web mercator stops at roughly ±85.0511 degrees latitude
const maxLat = 85.05112878

var ErrBadBBox = errors.New("tilerender: invalid bounding box")

func (b BBox) validate() error {
	switch {
	case b.MinLon < -180 || b.MaxLon > 180:
		return fmt.Errorf("%w: longitude outside [-180, 180]", ErrBadBBox)
	case b.MinLat < -90 || b.MaxLat > 90:
		return fmt.Errorf("%w: latitude outside [-90, 90]", ErrBadBBox)
	case b.MinLon >= b.MaxLon || b.MinLat >= b.MaxLat:
		return fmt.Errorf("%w: min must be below max", ErrBadBBox)
	}
	return nil
}

func lonToX(lon float64, z int) int {
	n := float64(int(1) << z)
	x := int(math.Floor((lon + 180) / 360 * n))
	return clamp(x, 0, int(n)-1)
}

func latToY(lat float64, z int) int {
	lat = math.Max(-maxLat, math.Min(maxLat, lat))
	n := float64(int(1) << z)
	rad := lat * math.Pi / 180
	y := int(math.Floor((1 - math.Log(math.Tan(rad)+1/math.Cos(rad))/math.Pi) / 2 * n))
	return clamp(y, 0, int(n)-1)
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// tilesFor lists the tiles covering b for each zoom in [minZ, maxZ],
// lowest zoom first and row by row within a zoom.
func tilesFor(b BBox, minZ, maxZ, limit int) ([]TileID, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	if minZ < 0 || maxZ > MaxZoom || minZ > maxZ {
		return nil, fmt.Errorf("tilerender: zoom range %d-%d outside 0-%d", minZ, maxZ, MaxZoom)
	}
	var tiles []TileID
	for z := minZ; z <= maxZ; z++ {
		x0, x1 := lonToX(b.MinLon, z), lonToX(b.MaxLon, z)
		y0, y1 := latToY(b.MaxLat, z), latToY(b.MinLat, z)
		if n := len(tiles) + (x1-x0+1)*(y1-y0+1); limit > 0 && n > limit {
			return nil, fmt.Errorf("tilerender: area needs more than %d tiles at zoom %d", limit, z)
		}
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				tiles = append(tiles, TileID{Z: z, X: x, Y: y})
			}
		}
	}
	return tiles, nil
}
