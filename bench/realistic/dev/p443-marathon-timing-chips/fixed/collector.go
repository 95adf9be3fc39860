package timing

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// MatConfig describes one timing point on the course and the reader
// attached to it.
type MatConfig struct {
	ID string
	// ClockOffset corrects the reader's clock against the race clock.
	ClockOffset time.Duration
}

// Options tunes a Collector.
type Options struct {
	GunTime      time.Time
	DedupeWindow time.Duration
	QueueSize    int
	Logger       *log.Logger
}

// Option sets a field of Options.
type Option func(*Options)

// WithGunTime sets the start signal used to compute elapsed times.
func WithGunTime(t time.Time) Option { return func(o *Options) { o.GunTime = t } }

// WithDedupeWindow sets how long repeat reads of a chip are ignored.
func WithDedupeWindow(d time.Duration) Option { return func(o *Options) { o.DedupeWindow = d } }

// WithQueueSize sets the per-mat read buffer.
func WithQueueSize(n int) Option { return func(o *Options) { o.QueueSize = n } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(o *Options) { o.Logger = l } }

// Collector turns raw chip reads from the mats into splits. Each mat has its
// own queue and consumer so a slow or chatty mat does not hold up the others.
type Collector struct {
	opts   Options
	roster Roster
	sink   SplitSink
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.RWMutex
	feeds  map[string]chan Read
	done   map[string]chan struct{}
	closed bool

	statsMu sync.Mutex
	stats   map[string]*MatStats
}

// NewCollector starts a consumer for every mat.
func NewCollector(roster Roster, sink SplitSink, mats []MatConfig, opts ...Option) (*Collector, error) {
	o := Options{DedupeWindow: 30 * time.Second, QueueSize: 256, Logger: log.New(io.Discard, "", 0)}
	for _, fn := range opts {
		fn(&o)
	}
	if o.GunTime.IsZero() {
		return nil, fmt.Errorf("timing: gun time not set")
	}
	if len(mats) == 0 {
		return nil, fmt.Errorf("timing: no mats configured")
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Collector{
		opts:   o,
		roster: roster,
		sink:   sink,
		ctx:    ctx,
		cancel: cancel,
		feeds:  make(map[string]chan Read),
		done:   make(map[string]chan struct{}),
		stats:  make(map[string]*MatStats),
	}
	for _, m := range mats {
		if _, dup := c.feeds[m.ID]; dup {
			cancel()
			c.closeFeedsLocked()
			return nil, fmt.Errorf("timing: mat %q configured twice", m.ID)
		}
		c.stats[m.ID] = &MatStats{}
		c.startMatLocked(m)
	}
	return c, nil
}

// Ingest parses one line from a mat reader and queues it for that mat. It
// blocks while the mat's queue is full.
func (c *Collector) Ingest(ctx context.Context, mat, line string) error {
	r, err := ParseFrame(line)
	if err != nil {
		c.count(mat, func(s *MatStats) { s.BadFrames++ })
		return err
	}
	r.Mat = mat

	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return ErrClosed
	}
	ch, ok := c.feeds[mat]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownMat, mat)
	}
	select {
	case ch <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ReplaceMat swaps the reader on a mat, e.g. when a reader fails on course
// and a spare with a different clock is plugged in. Reads from the new
// reader are handled with the new clock offset and a fresh dedupe state.
func (c *Collector) ReplaceMat(m MatConfig) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	old, ok := c.feeds[m.ID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownMat, m.ID)
	}
	oldDone := c.done[m.ID]
	c.startMatLocked(m)
	close(old)
	<-oldDone
	c.opts.Logger.Printf("mat %s: reader replaced, clock offset %s", m.ID, m.ClockOffset)
	return nil
}

// Close stops accepting reads, lets every mat drain its queue and waits for
// the consumers to finish.
func (c *Collector) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	waits := c.closeFeedsLocked()
	c.mu.Unlock()

	for _, d := range waits {
		<-d
	}
	c.cancel()
	return nil
}

// Stats returns a copy of the counters for a mat.
func (c *Collector) Stats(mat string) MatStats {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	if s, ok := c.stats[mat]; ok {
		return *s
	}
	return MatStats{}
}

func (c *Collector) closeFeedsLocked() []chan struct{} {
	waits := make([]chan struct{}, 0, len(c.feeds))
	for id, ch := range c.feeds {
		close(ch)
		waits = append(waits, c.done[id])
	}
	return waits
}

func (c *Collector) startMatLocked(m MatConfig) {
	ch := make(chan Read, c.opts.QueueSize)
	done := make(chan struct{})
	c.feeds[m.ID] = ch
	c.done[m.ID] = done
	go c.consume(m, ch, done)
}

func (c *Collector) consume(m MatConfig, reads <-chan Read, done chan<- struct{}) {
	defer close(done)
	dedupe := newDeduper(c.opts.DedupeWindow)
	for r := range reads {
		r.At = r.At.Add(m.ClockOffset)
		c.count(m.ID, func(s *MatStats) { s.Reads++ })
		if !dedupe.first(r) {
			c.count(m.ID, func(s *MatStats) { s.Duplicates++ })
			continue
		}
		bib, ok := c.roster.BibForChip(r.Chip)
		if !ok {
			c.count(m.ID, func(s *MatStats) { s.Unknown++ })
			c.opts.Logger.Printf("mat %s: unknown chip %s", m.ID, r.Chip)
			continue
		}
		split := Split{Bib: bib, Mat: m.ID, At: r.At, Elapsed: r.At.Sub(c.opts.GunTime)}
		if err := c.sink.RecordSplit(c.ctx, split); err != nil {
			c.count(m.ID, func(s *MatStats) { s.SinkErrors++ })
			c.opts.Logger.Printf("mat %s: record split for bib %s: %v", m.ID, bib, err)
			continue
		}
		c.count(m.ID, func(s *MatStats) { s.Splits++ })
	}
}

func (c *Collector) count(mat string, f func(*MatStats)) {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	if s, ok := c.stats[mat]; ok {
		f(s)
	}
}
