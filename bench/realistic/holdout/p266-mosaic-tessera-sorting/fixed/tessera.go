package tessera

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Material is what a tessera is cut from.
type Material int

const (
	Smalti Material = iota
	Marble
	Ceramic
	GoldLeaf
)

func (m Material) String() string {
	switch m {
	case Smalti:
		return "smalti"
	case Marble:
		return "marble"
	case Ceramic:
		return "ceramic"
	case GoldLeaf:
		return "gold"
	default:
		return fmt.Sprintf("material(%d)", int(m))
	}
}

// Tessera is a single mosaic tile waiting to be sorted.
type Tessera struct {
	ID       string
	Material Material
	WidthMM  float64
	HeightMM float64
}

// Lab is a colour in CIELAB space.
type Lab struct {
	L, A, B float64
}

// DeltaE returns the CIE76 colour difference between two colours.
func (c Lab) DeltaE(o Lab) float64 {
	dl, da, db := c.L-o.L, c.A-o.A, c.B-o.B
	return math.Sqrt(dl*dl + da*da + db*db)
}

// Reading is what the spectrometer reports for one tessera.
type Reading struct {
	Colour Lab
	Gloss  float64
}

// Spectrometer measures the colour of a tessera on the sorting belt.
type Spectrometer interface {
	Measure(ctx context.Context, t Tessera) (Reading, error)
}

var (
	// ErrChipped is returned by a Spectrometer when the tile face is damaged
	// and cannot be read reliably.
	ErrChipped = errors.New("tessera: face chipped")
	// ErrOutOfGauge means a tile is outside every size class.
	ErrOutOfGauge = errors.New("tessera: out of gauge")
)

// Swatch is a target colour in the studio palette.
type Swatch struct {
	Name   string
	Colour Lab
}

// SizeClass groups tiles by their nominal edge length.
type SizeClass struct {
	Name        string
	NominalMM   float64
	ToleranceMM float64
}

func (s SizeClass) fits(t Tessera) bool {
	return math.Abs(t.WidthMM-s.NominalMM) <= s.ToleranceMM &&
		math.Abs(t.HeightMM-s.NominalMM) <= s.ToleranceMM
}

// Bin identifies a tray on the sorting table.
type Bin struct {
	Swatch string
	Size   string
}

func (b Bin) String() string { return b.Swatch + "/" + b.Size }

// Rejection is a tile pulled off the belt, with the reason.
type Rejection struct {
	Tessera Tessera
	Reason  error
}

// Result is the outcome of sorting one batch.
type Result struct {
	Bins      map[Bin][]Tessera
	Unmatched []Tessera
	Rejected  []Rejection
}

func newResult() *Result {
	return &Result{Bins: make(map[Bin][]Tessera)}
}

// Count returns the number of tiles placed in a bin.
func (r *Result) Count(b Bin) int { return len(r.Bins[b]) }
