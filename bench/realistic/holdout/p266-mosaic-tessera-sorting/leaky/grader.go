package tessera

import (
	"context"
	"fmt"
	"sort"
)

type graded struct {
	tile    Tessera
	bin     Bin
	matched bool
	deltaE  float64
	err     error
}

type grader struct {
	palette   []Swatch
	sizes     []SizeClass
	maxDeltaE float64
	minGloss  map[Material]float64
	spec      Spectrometer
}

func newGrader(spec Spectrometer, cfg Config) *grader {
	sizes := append([]SizeClass(nil), cfg.Sizes...)
	sort.Slice(sizes, func(i, j int) bool { return sizes[i].NominalMM < sizes[j].NominalMM })
	return &grader{
		palette:   cfg.Palette,
		sizes:     sizes,
		maxDeltaE: cfg.MaxDeltaE,
		minGloss:  cfg.MinGloss,
		spec:      spec,
	}
}

func (g *grader) sizeOf(t Tessera) (SizeClass, bool) {
	for _, s := range g.sizes {
		if s.fits(t) {
			return s, true
		}
	}
	return SizeClass{}, false
}

func (g *grader) nearest(c Lab) (Swatch, float64) {
	best, bestD := Swatch{}, -1.0
	for _, s := range g.palette {
		d := c.DeltaE(s.Colour)
		if bestD < 0 || d < bestD {
			best, bestD = s, d
		}
	}
	return best, bestD
}

func (g *grader) grade(ctx context.Context, t Tessera) graded {
	size, ok := g.sizeOf(t)
	if !ok {
		return graded{tile: t, err: fmt.Errorf("%w: %.1fx%.1fmm", ErrOutOfGauge, t.WidthMM, t.HeightMM)}
	}
	r, err := g.spec.Measure(ctx, t)
	if err != nil {
		return graded{tile: t, err: err}
	}
	if floor, ok := g.minGloss[t.Material]; ok && r.Gloss < floor {
		return graded{tile: t, bin: Bin{Size: size.Name}}
	}
	sw, d := g.nearest(r.Colour)
	if d < 0 || d > g.maxDeltaE {
		return graded{tile: t, bin: Bin{Size: size.Name}, deltaE: d}
	}
	return graded{tile: t, bin: Bin{Swatch: sw.Name, Size: size.Name}, matched: true, deltaE: d}
}
