package partition

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memLog struct{ recs []Record }

func (l *memLog) Fetch(ctx context.Context, from int64, max int) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if from >= int64(len(l.recs)) {
		return nil, nil
	}
	end := from + int64(max)
	if end > int64(len(l.recs)) {
		end = int64(len(l.recs))
	}
	return l.recs[from:end], nil
}

type memOffsets struct {
	mu   sync.Mutex
	next int64
}

func (o *memOffsets) Load(context.Context) (int64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.next, nil
}

func (o *memOffsets) Commit(_ context.Context, next int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.next = next
	return nil
}

var errMalformed = errors.New("malformed payload")

func TestRunStopsOnPoisonRecord(t *testing.T) {
	defer goleak.VerifyNone(t)

	l := &memLog{}
	for i := 0; i < 6; i++ {
		l.recs = append(l.recs, Record{Offset: int64(i), Key: []byte("k"), Value: []byte(fmt.Sprintf(`{"n":%d}`, i))})
	}
	l.recs[3].Value = []byte("{not json")

	offsets := &memOffsets{}
	handle := func(_ context.Context, r Record) error {
		if r.Value[0] != '{' || r.Value[1] != '"' {
			return errMalformed
		}
		return nil
	}
	c := NewConsumer(l, offsets, handle,
		WithBatchSize(4),
		WithIdleWait(5*time.Millisecond),
		WithLogger(log.New(io.Discard, "", 0)))

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	err := c.Run(ctx)
	if !errors.Is(err, errMalformed) {
		t.Fatalf("Run() = %v, want %v", err, errMalformed)
	}
	if got, _ := offsets.Load(ctx); got != 3 {
		t.Errorf("committed offset %d, want 3", got)
	}
}
