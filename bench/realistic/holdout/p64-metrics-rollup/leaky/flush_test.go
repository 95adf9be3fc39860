package rollup

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type flakySink struct {
	failAfter int
	writes    int
	got       []Rollup
}

var errUnavailable = errors.New("storage unavailable")

func (s *flakySink) WriteRollups(ctx context.Context, batch []Rollup) error {
	if s.writes == s.failAfter {
		return errUnavailable
	}
	s.writes++
	s.got = append(s.got, batch...)
	return nil
}

const samples = `
# series unix-millis value
cpu.user 1700000000000 10
mem.used 1700000001000 512
cpu.user 1700000030000 30
cpu.user 1700000060000 20
mem.used 1700000061000 640
cpu.user 1700000120000 25
mem.used 1700000121000 700
cpu.user 1700000180000 40
mem.used 1700000181000 690
`

func TestFlushReportsSinkFailure(t *testing.T) {
	defer goleak.VerifyNone(t)
	sink := &flakySink{failAfter: 1}
	f := NewFlusher(sink, WithStep(time.Minute), WithBatchSize(2))
	n, err := f.Flush(context.Background(), NewLineSource(strings.NewReader(samples)))
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("err = %v, want %v", err, errUnavailable)
	}
	if n != 2 || len(sink.got) != 2 {
		t.Fatalf("wrote %d rollups (%d stored), want 2", n, len(sink.got))
	}
	if cpu := sink.got[0]; cpu.Series != "cpu.user" || cpu.Count != 2 || cpu.Mean() != 20 {
		t.Fatalf("first rollup = %+v", cpu)
	}
}
