package ingest

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type quotaDisk struct{ limit int }

func (q *quotaDisk) Write(ctx context.Context, b Batch) error {
	if len(b.Rows) > q.limit {
		return ErrDiskFull
	}
	return nil
}

func TestPoolStopsOnDiskFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	p := NewPool(&quotaDisk{limit: 2}, 3, 8)
	if err := p.Submit(Batch{Table: "events", Rows: [][]string{{"a"}, {"b"}}}); err != nil {
		t.Fatal(err)
	}
	if err := p.Submit(Batch{Table: "events", Rows: [][]string{{"c"}, {"d"}, {"e"}}}); err != nil {
		t.Fatal(err)
	}
	<-p.Stopped()
	if !errors.Is(p.Err(), ErrDiskFull) {
		t.Fatalf("Err() = %v", p.Err())
	}
	if err := p.Submit(Batch{Table: "events"}); err != ErrStopped {
		t.Fatalf("Submit after stop = %v", err)
	}
}
