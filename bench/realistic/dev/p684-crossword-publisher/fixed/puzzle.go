// Package syndication distributes finished crosswords to partner
// newspapers and apps. Puzzles are checked, rendered to the plain-text
// exchange format, and pushed to every subscribed partner.
package syndication

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Block marks a black square in a grid row.
const Block = '#'

// Puzzle is one crossword as it leaves the editing desk.
type Puzzle struct {
	ID          string
	Title       string
	Constructor string
	Date        time.Time
	Grid        []string       // rows of letters and Block
	Across      map[int]string // clue number -> clue text
	Down        map[int]string
}

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("syndication: invalid puzzle")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks that the grid is square, symmetric under a half turn,
// and that the clue lists match the grid numbering exactly.
func (p Puzzle) Validate() error {
	n := len(p.Grid)
	if p.ID == "" || n == 0 {
		return invalid("missing id or grid")
	}
	for i, row := range p.Grid {
		if len(row) != n {
			return invalid("row %d has %d squares, want %d", i+1, len(row), n)
		}
		for j := 0; j < n; j++ {
			if (row[j] == Block) != (p.Grid[n-1-i][n-1-j] == Block) {
				return invalid("grid not symmetric at %d,%d", i+1, j+1)
			}
		}
	}
	across, down := Number(p.Grid)
	if err := matchClues("across", across, p.Across); err != nil {
		return err
	}
	return matchClues("down", down, p.Down)
}

func matchClues(dir string, want []int, got map[int]string) error {
	if len(want) != len(got) {
		return invalid("%d %s clues, grid needs %d", len(got), dir, len(want))
	}
	for _, n := range want {
		if got[n] == "" {
			return invalid("missing %d %s", n, dir)
		}
	}
	return nil
}

// Number returns the clue numbers that start across and down entries, in
// the conventional left-to-right, top-to-bottom numbering. Entries must be
// at least two squares long.
func Number(grid []string) (across, down []int) {
	open := func(i, j int) bool {
		return i >= 0 && i < len(grid) && j >= 0 && j < len(grid[i]) && grid[i][j] != Block
	}
	num := 0
	for i := range grid {
		for j := range grid[i] {
			if !open(i, j) {
				continue
			}
			a := !open(i, j-1) && open(i, j+1)
			d := !open(i-1, j) && open(i+1, j)
			if a || d {
				num++
			}
			if a {
				across = append(across, num)
			}
			if d {
				down = append(down, num)
			}
		}
	}
	return across, down
}

// Render produces the exchange text format partners ingest.
func Render(p Puzzle) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ID: %s\nTITLE: %s\nBY: %s\nDATE: %s\n\n", p.ID, p.Title, p.Constructor, p.Date.Format("2006-01-02"))
	for _, row := range p.Grid {
		b.WriteString(row)
		b.WriteByte('\n')
	}
	for _, sec := range []struct {
		name  string
		clues map[int]string
	}{{"ACROSS", p.Across}, {"DOWN", p.Down}} {
		fmt.Fprintf(&b, "\n%s\n", sec.name)
		nums := make([]int, 0, len(sec.clues))
		for n := range sec.clues {
			nums = append(nums, n)
		}
		sort.Ints(nums)
		for _, n := range nums {
			fmt.Fprintf(&b, "%d. %s\n", n, sec.clues[n])
		}
	}
	return b.Bytes()
}
