package dagexec

import (
	"context"
	"fmt"
)

// Operator is the behaviour of one plan node. Exec reads its inputs (one
// channel per entry in Node.Inputs, each closed when that input is done),
// passes every row it produces to emit, and returns when its output is
// complete. A non-nil error from emit must be returned promptly.
type Operator interface {
	Exec(ctx context.Context, env *Env, inputs []<-chan Row, emit func(Row) error) error
}

// Scan reads every row of a table from the Source, page by page.
type Scan struct {
	Table string
}

// Exec implements Operator.
func (s Scan) Exec(ctx context.Context, env *Env, _ []<-chan Row, emit func(Row) error) error {
	token := ""
	for {
		rows, next, err := env.readPage(ctx, s.Table, token)
		if err != nil {
			return fmt.Errorf("scan %s: %w", s.Table, err)
		}
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}

// Filter passes on the rows of its single input for which Keep is true.
type Filter struct {
	Keep func(Row) bool
}

// Exec implements Operator.
func (f Filter) Exec(ctx context.Context, _ *Env, inputs []<-chan Row, emit func(Row) error) error {
	for r := range inputs[0] {
		if !f.Keep(r) {
			continue
		}
		if err := emit(r); err != nil {
			return err
		}
	}
	return nil
}

// Project keeps only the named columns.
type Project struct {
	Columns []string
}

// Exec implements Operator.
func (p Project) Exec(ctx context.Context, _ *Env, inputs []<-chan Row, emit func(Row) error) error {
	for r := range inputs[0] {
		out := make(Row, len(p.Columns))
		for _, c := range p.Columns {
			if v, ok := r[c]; ok {
				out[c] = v
			}
		}
		if err := emit(out); err != nil {
			return err
		}
	}
	return nil
}

// Concat emits all rows of its first input, then of its second, and so on.
type Concat struct{}

// Exec implements Operator.
func (Concat) Exec(ctx context.Context, _ *Env, inputs []<-chan Row, emit func(Row) error) error {
	for _, in := range inputs {
		for r := range in {
			if err := emit(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Limit emits at most N rows of its single input and then stops reading.
type Limit struct {
	N int
}

// Exec implements Operator.
func (l Limit) Exec(ctx context.Context, _ *Env, inputs []<-chan Row, emit func(Row) error) error {
	if l.N <= 0 {
		return nil
	}
	seen := 0
	for r := range inputs[0] {
		if err := emit(r); err != nil {
			return err
		}
		seen++
		if seen == l.N {
			return nil
		}
	}
	return nil
}
