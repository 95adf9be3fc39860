package telemetry

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSink struct {
	mu      sync.Mutex
	streams map[string][]Sample
}

func (m *memSink) Open(ctx context.Context, stream string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.streams[stream] = nil
	return nil
}

func (m *memSink) Write(ctx context.Context, stream string, batch []Sample) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.streams[stream] = append(m.streams[stream], batch...)
	return nil
}

func TestStreamCloseFlushesTail(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{streams: map[string][]Sample{}}
	c := NewClient(sink, 4)
	s, err := c.OpenStream(context.Background(), "api-latency")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		s.Record("http.server.duration", float64(10+i))
	}
	time.Sleep(10 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if n := s.Written(); n != 6 {
		t.Errorf("written %d of 6 samples", n)
	}
}
