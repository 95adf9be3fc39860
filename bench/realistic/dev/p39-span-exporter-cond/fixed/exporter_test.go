package export

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCollector struct {
	mu    sync.Mutex
	spans []Span
}

func (c *memCollector) Export(_ context.Context, batch []Span) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.spans = append(c.spans, batch...)
	return nil
}

func (c *memCollector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.spans)
}

func TestShutdownExportsQueuedSpans(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &memCollector{}
	e := NewBatchExporter(c, Options{MaxBatch: 2, Logger: log.New(io.Discard, "", 0)})
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"GET /cart", "db.query", "render"} {
		if err := e.Enqueue(Span{TraceID: "t1", SpanID: string(rune('a' + i)), Name: name, Start: t0, End: t0.Add(time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := e.Shutdown(ctx)
	if got := c.count(); err == nil && got != 3 {
		t.Fatalf("exported %d spans, want 3", got)
	}
	if err := e.Enqueue(Span{Name: "late"}); err != ErrShutdown {
		t.Fatalf("Enqueue after Shutdown: %v", err)
	}
}
