package sheetimport

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Row is one data row of a sheet. Line is the 1-based line number in the
// source file, so that errors can point users at the right cell.
type Row struct {
	Line  int
	Cells []string
}

// Record is a validated row, keyed by column name.
type Record map[string]string

// Rule checks a single cell value.
type Rule interface {
	Check(ctx context.Context, value string) error
}

// RuleFunc adapts a function to Rule.
type RuleFunc func(ctx context.Context, value string) error

// Check implements Rule.
func (f RuleFunc) Check(ctx context.Context, value string) error { return f(ctx, value) }

// Column describes one expected column.
type Column struct {
	Name     string
	Required bool
	Rules    []Rule
}

// Schema is the set of columns an import expects. Column order in the sheet
// does not matter; columns are matched by header name, case-insensitively.
type Schema struct {
	Columns []Column
}

// ErrMissingColumn is returned when a required column is absent from the header.
var ErrMissingColumn = errors.New("missing column")

// ErrRequired is reported for empty cells in a required column.
var ErrRequired = errors.New("value is required")

// CellError reports why one cell of one row was rejected.
type CellError struct {
	Line   int
	Column string
	Err    error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("line %d, column %q: %v", e.Line, e.Column, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// binding maps schema columns to positions in the sheet.
type binding struct {
	cols []Column
	pos  []int // pos[i] is the cell index of cols[i], or -1 if absent
}

func (s Schema) bind(header []string) (*binding, error) {
	idx := make(map[string]int, len(header))
	for i, h := range header {
		idx[strings.ToLower(strings.TrimSpace(h))] = i
	}
	b := &binding{cols: s.Columns, pos: make([]int, len(s.Columns))}
	var missing []string
	for i, c := range s.Columns {
		p, ok := idx[strings.ToLower(c.Name)]
		if !ok {
			p = -1
			if c.Required {
				missing = append(missing, c.Name)
			}
		}
		b.pos[i] = p
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrMissingColumn, strings.Join(missing, ", "))
	}
	return b, nil
}

// validate checks every cell of row and returns the record together with
// all cell errors, so that users can fix a row in one go.
func (b *binding) validate(ctx context.Context, row Row) (Record, []*CellError) {
	rec := make(Record, len(b.cols))
	var errs []*CellError
	for i, c := range b.cols {
		var v string
		if p := b.pos[i]; p >= 0 && p < len(row.Cells) {
			v = strings.TrimSpace(row.Cells[p])
		}
		if v == "" {
			if c.Required {
				errs = append(errs, &CellError{Line: row.Line, Column: c.Name, Err: ErrRequired})
			}
			continue
		}
		for _, r := range c.Rules {
			if err := r.Check(ctx, v); err != nil {
				errs = append(errs, &CellError{Line: row.Line, Column: c.Name, Err: err})
				break
			}
		}
		rec[c.Name] = v
	}
	return rec, errs
}

// Report summarises an import.
type Report struct {
	Rows     int
	Imported int
	Errors   []*CellError
	// Aborted is set when validation stopped early because MaxErrors was reached.
	Aborted bool
}

func (r *Report) sortErrors() {
	sort.SliceStable(r.Errors, func(i, j int) bool { return r.Errors[i].Line < r.Errors[j].Line })
}
