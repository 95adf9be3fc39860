// Package sheet is a small spreadsheet model whose cells are recalculated in
// parallel, each cell starting as soon as the cells it refers to are known.
package sheet

import (
	"errors"
	"fmt"
)

// ErrDivZero is reported by a division whose divisor evaluates to zero.
var ErrDivZero = errors.New("#DIV/0!")

// Env resolves references to other cells during evaluation.
type Env interface {
	Value(id string) float64
}

// Expr is a parsed formula.
type Expr interface {
	Eval(env Env) (float64, error)
	// Refs lists the cells the expression reads.
	Refs() []string
}

// Num is a literal.
type Num float64

// Eval implements Expr.
func (n Num) Eval(Env) (float64, error) { return float64(n), nil }

// Refs implements Expr.
func (Num) Refs() []string { return nil }

// Ref reads another cell.
type Ref string

// Eval implements Expr.
func (r Ref) Eval(env Env) (float64, error) { return env.Value(string(r)), nil }

// Refs implements Expr.
func (r Ref) Refs() []string { return []string{string(r)} }

// BinOp applies one of + - * / to two sub-expressions.
type BinOp struct {
	Op   byte
	L, R Expr
}

// Eval implements Expr.
func (b BinOp) Eval(env Env) (float64, error) {
	l, err := b.L.Eval(env)
	if err != nil {
		return 0, err
	}
	r, err := b.R.Eval(env)
	if err != nil {
		return 0, err
	}
	switch b.Op {
	case '+':
		return l + r, nil
	case '-':
		return l - r, nil
	case '*':
		return l * r, nil
	case '/':
		if r == 0 {
			return 0, ErrDivZero
		}
		return l / r, nil
	}
	return 0, fmt.Errorf("unknown operator %q", b.Op)
}

// Refs implements Expr.
func (b BinOp) Refs() []string { return append(b.L.Refs(), b.R.Refs()...) }
