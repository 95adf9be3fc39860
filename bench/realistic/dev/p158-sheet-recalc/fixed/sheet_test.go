package sheet

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// rate stands in for a cell that pulls a value from an external feed.
type rate struct {
	delay time.Duration
	value float64
	err   error
}

func (r rate) Eval(Env) (float64, error) {
	time.Sleep(r.delay)
	return r.value, r.err
}

func (rate) Refs() []string { return nil }

func TestRecalculateSums(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := New()
	s.Set("A1", Num(2))
	s.Set("A2", Num(3))
	s.Set("A3", BinOp{'+', Ref("A1"), Ref("A2")})
	s.Set("B1", BinOp{'*', Ref("A3"), Num(10)})

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	vals, err := s.Recalculate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if vals["B1"] != 50 {
		t.Fatalf("B1 = %v, want 50", vals["B1"])
	}
}

var errFeedDown = errors.New("#N/A rate feed unavailable")

func TestRecalculateReportsFeedFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := New()
	s.Set("A1", Num(250))
	s.Set("A2", rate{delay: 20 * time.Millisecond, err: errFeedDown})
	s.Set("B1", BinOp{'/', Ref("A1"), Ref("A2")})
	s.Set("C1", BinOp{'+', Ref("B1"), Num(1)})
	s.Set("D1", BinOp{'*', Ref("C1"), Num(2)})

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := s.Recalculate(ctx)
	if !errors.Is(err, errFeedDown) {
		t.Fatalf("err = %v, want %v", err, errFeedDown)
	}
}
