package logagg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errQuota = errors.New("quota exceeded")

type memSink struct {
	mu      sync.Mutex
	quota   int
	objects map[string][]byte
}

func (s *memSink) Upload(ctx context.Context, name string, body io.Reader) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.objects) >= s.quota {
		return fmt.Errorf("upload %s: %w", name, errQuota)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.objects[name] = b
	return nil
}

func source(name string, n int) <-chan Record {
	ch := make(chan Record, n)
	for i := 0; i < n; i++ {
		ch <- Record{Source: name, Time: time.Unix(int64(i), 0).UTC(), Line: fmt.Sprintf("%s line %d", name, i)}
	}
	close(ch)
	return ch
}

func TestRunStopsWhenSinkRejects(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{quota: 1, objects: map[string][]byte{}}
	err := Run(context.Background(), sink, Options{Prefix: "api", BatchSize: 4, MaxWait: 50 * time.Millisecond},
		source("api-1", 5), source("api-2", 5), source("worker", 5))
	if !errors.Is(err, errQuota) {
		t.Fatalf("got %v, want quota error", err)
	}
	body, ok := sink.objects["api-000001.ndjson"]
	if !ok {
		t.Fatalf("first batch missing: %v", sink.objects)
	}
	if n := bytes.Count(body, []byte("\n")); n != 4 {
		t.Fatalf("first batch has %d records", n)
	}
}
