package assign

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// Exposure records that a unit was shown a variant.
type Exposure struct {
	ExperimentID string
	UnitID       string
	Variant      string
	Revision     string
	Time         time.Time
}

// ExposureSink receives batches of exposures, e.g. a Kafka producer or an
// HTTP collector.
type ExposureSink interface {
	LogExposures(ctx context.Context, batch []Exposure) error
}

// exposureLog buffers exposures and ships them to the sink in batches from
// a single goroutine, so Assign never waits on the network.
type exposureLog struct {
	sink      ExposureSink
	batchSize int
	logger    *log.Logger

	mu     sync.Mutex
	closed bool
	ch     chan Exposure
	done   chan struct{}
}

// sinkTimeout bounds each call to the exposure sink.
const sinkTimeout = 5 * time.Second

func newExposureLog(sink ExposureSink, buffer, batchSize int, logger *log.Logger) *exposureLog {
	l := &exposureLog{
		sink:      sink,
		batchSize: batchSize,
		logger:    logger,
		ch:        make(chan Exposure, buffer),
		done:      make(chan struct{}),
	}
	go l.run()
	return l
}

// Log enqueues e. When the buffer is full, or the log is closed, the
// exposure is dropped rather than slowing down the caller.
func (l *exposureLog) Log(e Exposure) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	select {
	case l.ch <- e:
	default:
	}
}

func (l *exposureLog) run() {
	defer close(l.done)
	batch := make([]Exposure, 0, l.batchSize)
	for e := range l.ch {
		batch = append(batch, e)
		if len(batch) < l.batchSize && len(l.ch) > 0 {
			continue
		}
		l.flush(batch)
		batch = batch[:0]
	}
	if len(batch) > 0 {
		l.flush(batch)
	}
}

func (l *exposureLog) flush(batch []Exposure) {
	ctx, cancel := context.WithTimeout(context.Background(), sinkTimeout)
	defer cancel()
	if err := l.sink.LogExposures(ctx, batch); err != nil {
		l.logger.Printf("assign: dropping %d exposures: %v", len(batch), err)
	}
}

// Close stops accepting exposures and waits for the buffered ones to be
// shipped, or for ctx to be done.
func (l *exposureLog) Close(ctx context.Context) error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.ch)
	}
	l.mu.Unlock()
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("flush exposures: %w", ctx.Err())
	}
}
