package harvest

import (
	"context"
	"errors"
	"fmt"
)

// ErrCracked is returned by a Saw when a block splits while it is being
// floated out of the channel and has to be left behind.
var ErrCracked = errors.New("harvest: block cracked")

// Cell addresses one block position on the scored grid of a field.
type Cell struct {
	Row, Col int
}

// Field is a marked-out stretch of lake ice ready for cutting.
type Field struct {
	Name        string
	Rows, Cols  int
	ThicknessCM float64
	// Flaws lists cells where the surveyor found air pockets or snow ice.
	Flaws []Cell
}

func (f Field) validate() error {
	switch {
	case f.Name == "":
		return errors.New("harvest: field has no name")
	case f.Rows <= 0 || f.Cols <= 0:
		return fmt.Errorf("harvest: field %s has an empty grid (%dx%d)", f.Name, f.Rows, f.Cols)
	case f.ThicknessCM <= 0:
		return fmt.Errorf("harvest: field %s has no thickness reading", f.Name)
	}
	return nil
}

func (f Field) flawed(c Cell) bool {
	for _, fl := range f.Flaws {
		if fl == c {
			return true
		}
	}
	return false
}

// order returns the cells in the order the saw gang works them: row by row,
// turning at the end of each row so the open channel stays continuous.
func (f Field) order() []Cell {
	cells := make([]Cell, 0, f.Rows*f.Cols)
	for r := 0; r < f.Rows; r++ {
		for i := 0; i < f.Cols; i++ {
			c := i
			if r%2 == 1 {
				c = f.Cols - 1 - i
			}
			cells = append(cells, Cell{Row: r, Col: c})
		}
	}
	return cells
}

// Block is one cake of ice sawn from a field.
type Block struct {
	Cell        Cell
	ThicknessCM float64
	WeightKG    float64
}

// Saw cuts a single block free from the field.
type Saw interface {
	Cut(ctx context.Context, f Field, c Cell) (Block, error)
}

// gangSaw is the default Saw: a crew with hand saws working to the scored
// grid, producing square blocks of a fixed side.
type gangSaw struct {
	sideCM float64
}

func (s gangSaw) Cut(ctx context.Context, f Field, c Cell) (Block, error) {
	if err := ctx.Err(); err != nil {
		return Block{}, err
	}
	if f.flawed(c) {
		return Block{}, fmt.Errorf("%w at row %d col %d", ErrCracked, c.Row, c.Col)
	}
	return Block{
		Cell:        c,
		ThicknessCM: f.ThicknessCM,
		WeightKG:    blockWeight(s.sideCM, f.ThicknessCM),
	}, nil
}

func blockWeight(sideCM, thicknessCM float64) float64 {
	m3 := (sideCM / 100) * (sideCM / 100) * (thicknessCM / 100)
	return m3 * IceDensity
}

type cutResult struct {
	Block Block
	Err   error
}

// cut starts the saw gang on the field and returns the line of blocks as
// they come out of the channel. The line is closed when the field is cut
// out or the saw reports an error it cannot work around.
func (h *Harvester) cut(ctx context.Context, f Field) <-chan cutResult {
	out := make(chan cutResult)
	go func() {
		defer close(out)
		for _, c := range f.order() {
			b, err := h.saw.Cut(ctx, f, c)
			out <- cutResult{Block: b, Err: err} // leak: nobody receives once the harvest stops early
			if err != nil && !errors.Is(err, ErrCracked) {
				return
			}
		}
	}()
	return out
}
