package sheet

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// ErrUpstream marks a cell that could not be computed because a cell it
// refers to failed.
var ErrUpstream = errors.New("#REF! upstream error")

// Sheet maps cell ids such as "B2" to formulas.
type Sheet struct {
	cells map[string]Expr
}

// New returns an empty sheet.
func New() *Sheet { return &Sheet{cells: map[string]Expr{}} }

// Set stores the formula for a cell.
func (s *Sheet) Set(id string, e Expr) { s.cells[id] = e }

// Recalculate evaluates every cell and returns their values. It stops at the
// first error so that the user sees the root cause rather than its echoes.
func (s *Sheet) Recalculate(ctx context.Context) (map[string]float64, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	r := newRun(s.cells)
	for id := range s.cells {
		go r.eval(id)
	}
	select {
	case err := <-r.firstErr:
		return nil, err
	case <-r.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("sheet: recalculate: %w", ctx.Err())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.failed) > 0 {
		return nil, <-r.firstErr
	}
	return r.values, nil
}

// validate rejects references to cells that do not exist.
func (s *Sheet) validate() error {
	ids := make([]string, 0, len(s.cells))
	for id := range s.cells {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, ref := range s.cells[id].Refs() {
			if _, ok := s.cells[ref]; !ok {
				return fmt.Errorf("sheet: cell %s refers to empty cell %s", id, ref)
			}
		}
	}
	return nil
}
