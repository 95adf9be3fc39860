package render

import (
	"errors"
	"fmt"
	"math"
)

// Point is a position in font units (or pixels once scaled).
type Point struct{ X, Y float64 }

// Contour is a closed polygon; curves are flattened by the source.
type Contour []Point

// Outline is the set of contours making up a glyph.
type Outline []Contour

// Glyph is one character of a family as delivered by a Source.
type Glyph struct {
	Rune    rune
	Advance float64
	Outline Outline
}

// Errors reported by the hinter.
var (
	ErrDegenerateContour = errors.New("degenerate contour")
	ErrCollapsedContour  = errors.New("contour collapses at this size")
)

func (o Outline) scale(f float64) Outline {
	out := make(Outline, len(o))
	for i, c := range o {
		sc := make(Contour, len(c))
		for j, p := range c {
			sc[j] = Point{X: p.X * f, Y: p.Y * f}
		}
		out[i] = sc
	}
	return out
}

func (c Contour) area() float64 {
	var a float64
	for i := range c {
		p, q := c[i], c[(i+1)%len(c)]
		a += p.X*q.Y - q.X*p.Y
	}
	return a / 2
}

// hint snaps every point to the pixel grid so stems land on whole pixels.
// Contours that lose all their area in the process are reported, since
// they would vanish from the bitmap.
func hint(o Outline) (Outline, error) {
	out := make(Outline, len(o))
	for i, c := range o {
		if len(c) < 3 {
			return nil, fmt.Errorf("contour %d: %w", i, ErrDegenerateContour)
		}
		sc := make(Contour, 0, len(c))
		for _, p := range c {
			q := Point{X: math.Round(p.X), Y: math.Round(p.Y)}
			if n := len(sc); n > 0 && sc[n-1] == q {
				continue
			}
			sc = append(sc, q)
		}
		if len(sc) < 3 || math.Abs(sc.area()) < 0.5 {
			return nil, fmt.Errorf("contour %d: %w", i, ErrCollapsedContour)
		}
		out[i] = sc
	}
	return out, nil
}

// Bitmap is an 8-bit coverage mask, row-major, origin at the top left.
type Bitmap struct {
	Width, Height int
	Pix           []uint8
}

// At returns the coverage at (x, y).
func (b *Bitmap) At(x, y int) uint8 {
	if x < 0 || y < 0 || x >= b.Width || y >= b.Height {
		return 0
	}
	return b.Pix[y*b.Width+x]
}

// Ink counts the pixels with any coverage.
func (b *Bitmap) Ink() int {
	n := 0
	for _, v := range b.Pix {
		if v > 0 {
			n++
		}
	}
	return n
}

// rasterize fills the outline with the even-odd rule, sampling each pixel
// at its centre with 4x vertical supersampling. The em square is px high
// and the baseline sits at descent pixels from the bottom.
func rasterize(o Outline, width, px, descent int) *Bitmap {
	if width < 1 {
		width = 1
	}
	bm := &Bitmap{Width: width, Height: px, Pix: make([]uint8, width*px)}
	const sub = 4
	xs := make([]float64, 0, 16)
	for row := 0; row < px; row++ {
		for s := 0; s < sub; s++ {
			y := float64(px-descent) - (float64(row) + (float64(s)+0.5)/sub)
			xs = xs[:0]
			for _, c := range o {
				for i := range c {
					p, q := c[i], c[(i+1)%len(c)]
					if (p.Y <= y) == (q.Y <= y) {
						continue
					}
					xs = append(xs, p.X+(y-p.Y)*(q.X-p.X)/(q.Y-p.Y))
				}
			}
			sortFloats(xs)
			for i := 0; i+1 < len(xs); i += 2 {
				for x := 0; x < width; x++ {
					cx := float64(x) + 0.5
					if cx >= xs[i] && cx < xs[i+1] {
						v := int(bm.Pix[row*width+x]) + 256/sub
						if v > 255 {
							v = 255
						}
						bm.Pix[row*width+x] = uint8(v)
					}
				}
			}
		}
	}
	return bm
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
