package harvest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Row is one row of vines inside a block.
type Row struct {
	Block   string
	Number  int
	Vines   int
	Variety string
}

func (r Row) String() string { return fmt.Sprintf("%s/row-%02d", r.Block, r.Number) }

// Block is a parcel of the vineyard harvested in one pass.
type Block struct {
	Name    string
	Variety string
	Rows    []Row
	// QuotaKg is the fruit booked at the winery press for this pass. Zero
	// means pick the whole block.
	QuotaKg float64
}

// NewBlock lays out a block of n rows with the same planting.
func NewBlock(name, variety string, rows, vinesPerRow int, quotaKg float64) Block {
	b := Block{Name: name, Variety: variety, QuotaKg: quotaKg}
	for i := 1; i <= rows; i++ {
		b.Rows = append(b.Rows, Row{Block: name, Number: i, Vines: vinesPerRow, Variety: variety})
	}
	return b
}

// Basket is what a picker brings back from one row.
type Basket struct {
	Row    Row
	Picker string
	Kg     float64
	Brix   float64
	Took   time.Duration
	Err    error
}

// Report summarises a harvest pass.
type Report struct {
	Block     string
	Variety   string
	Rows      int
	Kg        float64
	Skipped   map[int]string
	QuotaMet  bool
	ByPicker  map[string]float64
	brixTotal float64
}

func newReport(b Block) *Report {
	return &Report{
		Block:    b.Name,
		Variety:  b.Variety,
		Skipped:  make(map[int]string),
		ByPicker: make(map[string]float64),
	}
}

func (r *Report) add(bk Basket) {
	r.Rows++
	r.Kg += bk.Kg
	r.brixTotal += bk.Brix * bk.Kg
	r.ByPicker[bk.Picker] += bk.Kg
}

func (r *Report) skip(bk Basket) {
	r.Skipped[bk.Row.Number] = bk.Err.Error()
}

// MeanBrix is the sugar reading weighted by fruit mass.
func (r *Report) MeanBrix() float64 {
	if r.Kg == 0 {
		return 0
	}
	return r.brixTotal / r.Kg
}

// Summary renders the report for the vineyard manager's log.
func (r *Report) Summary() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s): %d rows, %.0f kg, %.1f Brix", r.Block, r.Variety, r.Rows, r.Kg, r.MeanBrix())
	if r.QuotaMet {
		sb.WriteString(", press quota met")
	}
	if len(r.Skipped) > 0 {
		rows := make([]int, 0, len(r.Skipped))
		for n := range r.Skipped {
			rows = append(rows, n)
		}
		sort.Ints(rows)
		fmt.Fprintf(&sb, ", skipped rows %v", rows)
	}
	return sb.String()
}
