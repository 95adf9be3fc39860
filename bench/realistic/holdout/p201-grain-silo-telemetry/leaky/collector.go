package silotelemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Uploader ships a batch of readings to the farm-management backend.
type Uploader interface {
	Upload(ctx context.Context, siloID string, batch []Reading) error
}

// AlarmSink receives alarms as soon as a reading crosses a threshold.
type AlarmSink interface {
	Raise(ctx context.Context, a Alarm) error
}

// Config controls a Collector. SiloID is required; everything else has defaults.
type Config struct {
	SiloID        string
	BatchSize     int
	MaxRetries    int
	RetryBackoff  time.Duration
	UploadTimeout time.Duration
	Thresholds    Thresholds
	Logger        *log.Logger
}

func (c *Config) setDefaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 50
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 500 * time.Millisecond
	}
	if c.UploadTimeout <= 0 {
		c.UploadTimeout = 10 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Stats is a snapshot of a collector's counters.
type Stats struct {
	Recorded int
	Uploaded int
	Batches  int
	Dropped  int
	Alarms   int
}

// Collector buffers probe readings for one silo, raises alarms and ships the
// readings to the backend in batches from a background goroutine.
type Collector struct {
	cfg    Config
	up     Uploader
	alarms AlarmSink
	log    *log.Logger

	mu      sync.Mutex
	cond    *sync.Cond
	pending []Reading
	eval    *alarmEvaluator
	closed  bool
	stats   Stats

	done chan struct{}
}

// NewCollector validates cfg and starts the batch shipper.
func NewCollector(cfg Config, up Uploader, alarms AlarmSink) (*Collector, error) {
	if cfg.SiloID == "" {
		return nil, errors.New("silotelemetry: config needs a silo id")
	}
	if up == nil {
		return nil, errors.New("silotelemetry: nil uploader")
	}
	cfg.setDefaults()
	c := &Collector{
		cfg:     cfg,
		up:      up,
		alarms:  alarms,
		log:     cfg.Logger,
		pending: make([]Reading, 0, cfg.BatchSize),
		eval:    newAlarmEvaluator(cfg.Thresholds),
		done:    make(chan struct{}),
	}
	c.cond = sync.NewCond(&c.mu)
	go c.ship()
	return c, nil
}

// Record validates a reading, raises any alarms it triggers and queues it for upload.
func (c *Collector) Record(ctx context.Context, r Reading) error {
	if r.SiloID == "" {
		r.SiloID = c.cfg.SiloID
	}
	if r.SiloID != c.cfg.SiloID {
		return fmt.Errorf("%w: got %q, collector is for %q", ErrWrongSilo, r.SiloID, c.cfg.SiloID)
	}
	if err := r.Validate(); err != nil {
		return err
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	raised := c.eval.evaluate(r)
	c.pending = append(c.pending, r)
	c.stats.Recorded++
	c.stats.Alarms += len(raised)
	if len(c.pending) >= c.cfg.BatchSize {
		c.cond.Signal()
	}
	c.mu.Unlock()

	for _, a := range raised {
		if c.alarms == nil {
			break
		}
		if err := c.alarms.Raise(ctx, a); err != nil {
			c.log.Printf("silo %s: raise alarm %s: %v", c.cfg.SiloID, a, err)
		}
	}
	return nil
}

// Flush uploads everything currently buffered, in batches, and waits for the result.
func (c *Collector) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.takeLocked(len(c.pending))
	c.mu.Unlock()

	var errs []error
	for start := 0; start < len(batch); start += c.cfg.BatchSize {
		end := start + c.cfg.BatchSize
		if end > len(batch) {
			end = len(batch)
		}
		if err := c.upload(ctx, batch[start:end]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("flush %d readings: %w (%d batch errors)", len(batch), errs[0], len(errs))
	}
	return nil
}

// Close flushes what is buffered, stops the shipper and waits for it to finish.
func (c *Collector) Close(ctx context.Context) error {
	if err := c.Flush(ctx); err != nil {
		return fmt.Errorf("silo %s: final flush: %w", c.cfg.SiloID, err)
	}

	c.mu.Lock()
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()

	select {
	case <-c.done:
		c.log.Printf("silo %s: collector closed", c.cfg.SiloID)
		return nil
	case <-ctx.Done():
		return fmt.Errorf("silo %s: waiting for shipper: %w", c.cfg.SiloID, ctx.Err())
	}
}

// Stats returns a copy of the collector's counters.
func (c *Collector) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

func (c *Collector) takeLocked(n int) []Reading {
	if n > len(c.pending) {
		n = len(c.pending)
	}
	if n == 0 {
		return nil
	}
	batch := make([]Reading, n)
	copy(batch, c.pending[:n])
	rest := copy(c.pending, c.pending[n:])
	c.pending = c.pending[:rest]
	return batch
}
