package quarry

import (
	"sort"
	"time"
)

// Stone is the rock type a bench is worked in.
type Stone string

// Stones worked at the quarry.
const (
	Granite   Stone = "granite"
	Limestone Stone = "limestone"
)

// Dimensions are block or product sizes in centimetres.
type Dimensions struct {
	Length, Width, Height float64
}

// Volume returns the volume in cubic metres.
func (d Dimensions) Volume() float64 { return d.Length * d.Width * d.Height / 1e6 }

func (d Dimensions) sorted() []float64 {
	s := []float64{d.Length, d.Width, d.Height}
	sort.Float64s(s)
	return s
}

// Contains reports whether inner, turned any way, can be sawn out of d with kerf on each face.
func (d Dimensions) Contains(inner Dimensions, kerf float64) bool {
	outer, in := d.sorted(), inner.sorted()
	for i := range outer {
		if in[i]+2*kerf > outer[i] {
			return false
		}
	}
	return true
}

// Flaw is a defect noted by the driller when a block is freed from the bench.
type Flaw struct {
	Kind     string // vent, dry seam, stylolite, iron stain, ...
	Severity int    // 1 (cosmetic) to 5 (structural)
}

// Block is a raw block freed from a bench.
type Block struct {
	ID    string
	Bench string
	Stone Stone
	Size  Dimensions
	Flaws []Flaw
	CutAt time.Time
}

// worstFlaw returns the highest flaw severity on the block, 0 if it is clean.
func (b Block) worstFlaw() int {
	worst := 0
	for _, f := range b.Flaws {
		if f.Severity > worst {
			worst = f.Severity
		}
	}
	return worst
}

// Spec is a dimension-stone product the mason's shop has on order.
type Spec struct {
	Name   string
	Stone  Stone
	Size   Dimensions
	Finish string // sawn, honed, bush-hammered, split-face
}

// Ashlar is a finished, dressed piece ready for dispatch.
type Ashlar struct {
	BlockID   string
	Spec      string
	Size      Dimensions
	Finish    string
	Waste     float64 // cubic metres lost to sawing and dressing
	DressedAt time.Time
}
