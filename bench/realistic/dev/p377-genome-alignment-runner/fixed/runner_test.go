package alignrun

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errAlignerExit = errors.New("aligner exited with status 1")

// fakeAligner places each read deterministically and fails on a chosen shard.
type fakeAligner struct {
	failShard int
}

func (f *fakeAligner) Align(ctx context.Context, sh Shard) ([]Alignment, error) {
	if sh.Index == f.failShard {
		return nil, errAlignerExit
	}
	out := make([]Alignment, 0, len(sh.Reads))
	for i, rd := range sh.Reads {
		out = append(out, Alignment{
			ReadID: rd.ID,
			Contig: "chr1",
			Pos:    int64(i*10 + sh.Index),
			MapQ:   60,
			CIGAR:  fmt.Sprintf("%dM", len(rd.Seq)),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	return out, nil
}

type memSink struct {
	mu   sync.Mutex
	alns []Alignment
}

func (s *memSink) Write(a Alignment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alns = append(s.alns, a)
	return nil
}

func makeReads(n int) []Read {
	reads := make([]Read, n)
	for i := range reads {
		reads[i] = Read{ID: fmt.Sprintf("r%04d", i), Seq: "ACGTACGTAC", Qual: "IIIIIIIIII"}
	}
	return reads
}

func TestRunAlignerFailureMidway(t *testing.T) {
	defer goleak.VerifyNone(t)

	r, err := New(&fakeAligner{failShard: 2},
		WithShardSize(100), WithWorkers(2), WithStreamBuffer(8))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Run(context.Background(), makeReads(400), &memSink{})
	if !errors.Is(err, errAlignerExit) {
		t.Fatalf("Run error = %v, want %v", err, errAlignerExit)
	}
}

func TestRunMergesInCoordinateOrder(t *testing.T) {
	r, err := New(&fakeAligner{failShard: -1},
		WithShardSize(7), WithWorkers(3), WithStreamBuffer(2))
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{}
	stats, err := r.Run(context.Background(), makeReads(50), sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if stats.Shards != 8 || stats.Alignments != 50 {
		t.Fatalf("stats = %+v", stats)
	}
	for i := 1; i < len(sink.alns); i++ {
		if sink.alns[i].Less(sink.alns[i-1]) {
			t.Fatalf("output out of order at %d: %v before %v", i, sink.alns[i-1], sink.alns[i])
		}
	}
}
