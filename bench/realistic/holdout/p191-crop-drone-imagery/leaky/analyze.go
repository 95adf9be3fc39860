package imagery

import (
	"context"
	"errors"
	"fmt"
)

// mosaic is a stitched field image.
type mosaic struct {
	w, h int
	red  []float32
	nir  []float32
	mask []bool // true where a tile covered the pixel
}

// Analyze downloads and stitches the tiles of one field and computes its
// health report. Tiles are processed one after another to keep memory use
// per field bounded.
func (p *Pipeline) Analyze(ctx context.Context, f Field) (HealthReport, error) {
	if len(f.Tiles) == 0 {
		return HealthReport{}, fmt.Errorf("field %s: no tiles", f.ID)
	}
	tiles := make([]*Tile, 0, len(f.Tiles))
	for _, key := range f.Tiles {
		if err := ctx.Err(); err != nil {
			return HealthReport{}, err
		}
		t, err := p.tiles.get(ctx, key)
		if err != nil {
			return HealthReport{}, fmt.Errorf("field %s: %w", f.ID, err)
		}
		tiles = append(tiles, t)
	}
	m, err := stitch(tiles)
	if err != nil {
		return HealthReport{}, fmt.Errorf("field %s: %w", f.ID, err)
	}
	return p.health(f.ID, m), nil
}

// AnalyzeFields analyzes fields concurrently. It stops at the first field
// that fails and returns its error.
func (p *Pipeline) AnalyzeFields(ctx context.Context, fields []Field) ([]HealthReport, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		i   int
		rep HealthReport
		err error
	}
	results := make(chan result, len(fields))
	sem := make(chan struct{}, p.opts.concurrency)
	for i, f := range fields {
		go func(i int, f Field) {
			sem <- struct{}{}
			defer func() { <-sem }()
			rep, err := p.Analyze(ctx, f)
			results <- result{i: i, rep: rep, err: err}
		}(i, f)
	}

	reports := make([]HealthReport, len(fields))
	for range fields {
		r := <-results
		if r.err != nil {
			return nil, r.err
		}
		reports[r.i] = r.rep
	}
	return reports, nil
}

// stitch places tiles on a common grid. All tiles must share a size.
func stitch(tiles []*Tile) (*mosaic, error) {
	tw, th := tiles[0].W, tiles[0].H
	minX, minY, maxX, maxY := tiles[0].Key.X, tiles[0].Key.Y, tiles[0].Key.X, tiles[0].Key.Y
	for _, t := range tiles {
		if t.W != tw || t.H != th {
			return nil, errors.New("stitch: mixed tile sizes")
		}
		if t.Key.X < minX {
			minX = t.Key.X
		}
		if t.Key.X > maxX {
			maxX = t.Key.X
		}
		if t.Key.Y < minY {
			minY = t.Key.Y
		}
		if t.Key.Y > maxY {
			maxY = t.Key.Y
		}
	}
	m := &mosaic{w: (maxX - minX + 1) * tw, h: (maxY - minY + 1) * th}
	m.red = make([]float32, m.w*m.h)
	m.nir = make([]float32, m.w*m.h)
	m.mask = make([]bool, m.w*m.h)
	for _, t := range tiles {
		ox, oy := (t.Key.X-minX)*tw, (t.Key.Y-minY)*th
		for y := 0; y < th; y++ {
			for x := 0; x < tw; x++ {
				src, dst := y*tw+x, (oy+y)*m.w+ox+x
				m.red[dst], m.nir[dst], m.mask[dst] = t.Red[src], t.NIR[src], true
			}
		}
	}
	return m, nil
}

// health reduces a mosaic to NDVI statistics.
func (p *Pipeline) health(fieldID string, m *mosaic) HealthReport {
	rep := HealthReport{FieldID: fieldID}
	var sum float64
	stressed := 0
	for i := range m.red {
		if !m.mask[i] {
			continue
		}
		red, nir := float64(m.red[i]), float64(m.nir[i])
		if red+nir == 0 {
			continue
		}
		ndvi := (nir - red) / (nir + red)
		sum += ndvi
		rep.Pixels++
		if ndvi < p.opts.stressThreshold {
			stressed++
		}
	}
	if rep.Pixels > 0 {
		rep.MeanNDVI = sum / float64(rep.Pixels)
		rep.StressedFrac = float64(stressed) / float64(rep.Pixels)
	}
	return rep
}
