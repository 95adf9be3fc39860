// Package logcollect follows the log streams of running containers and
// multiplexes their lines, in batches, to a set of sinks (a log store, a
// metrics extractor, a local file, ...).
package logcollect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrClosed is returned by Follow after Close.
var ErrClosed = errors.New("logcollect: collector closed")

// Entry is one log line from one container.
type Entry struct {
	Container string
	Line      string
}

// LogOptions selects what part of a container's log to stream.
type LogOptions struct {
	Follow bool
	Since  time.Time
}

// Runtime is the container runtime API.
type Runtime interface {
	// Logs returns the container's log stream in the runtime's multiplexed
	// framing (see demux). The stream ends when the container exits.
	Logs(ctx context.Context, containerID string, opts LogOptions) (io.ReadCloser, error)
}

// Sink receives batches of entries.
type Sink interface {
	Name() string
	Write(ctx context.Context, batch []Entry) error
}

// Ticker abstracts the flush timer.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Config configures a Collector.
type Config struct {
	Runtime Runtime
	Sinks   []Sink
	// MaxLineBytes bounds a single log line. Defaults to 64 KiB.
	MaxLineBytes int
	// BatchSize is the number of entries sent to sinks at once. Defaults to 256.
	BatchSize int
	// FlushInterval bounds how long an incomplete batch waits. Defaults to one second.
	FlushInterval time.Duration
	// NewTicker defaults to time.NewTicker.
	NewTicker func(time.Duration) Ticker
	// OnError is called when following a container or writing to a sink fails.
	OnError func(containerID string, err error)
}

type timeTicker struct{ *time.Ticker }

func (t timeTicker) C() <-chan time.Time { return t.Ticker.C }

// Collector follows containers and forwards their log lines to sinks.
type Collector struct {
	cfg     Config
	entries chan Entry
	ctx     context.Context
	cancel  context.CancelFunc
	muxDone chan struct{}

	mu        sync.Mutex
	closed    bool
	followers map[string]context.CancelFunc
	wg        sync.WaitGroup
}

// New starts a Collector. Call Follow for each container of interest.
func New(cfg Config) (*Collector, error) {
	if cfg.Runtime == nil {
		return nil, errors.New("logcollect: Runtime is required")
	}
	if len(cfg.Sinks) == 0 {
		return nil, errors.New("logcollect: at least one sink is required")
	}
	if cfg.MaxLineBytes <= 0 {
		cfg.MaxLineBytes = 64 << 10
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 256
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = time.Second
	}
	if cfg.NewTicker == nil {
		cfg.NewTicker = func(d time.Duration) Ticker { return timeTicker{time.NewTicker(d)} }
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Collector{
		cfg:       cfg,
		entries:   make(chan Entry, cfg.BatchSize),
		ctx:       ctx,
		cancel:    cancel,
		muxDone:   make(chan struct{}),
		followers: make(map[string]context.CancelFunc),
	}
	go c.mux()
	return c, nil
}

// Follow starts streaming the logs of containerID. Following a container
// that is already followed is a no-op. The follower stops by itself when the
// container's log stream ends.
func (c *Collector) Follow(containerID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if _, ok := c.followers[containerID]; ok {
		return nil
	}
	ctx, cancel := context.WithCancel(c.ctx)
	c.followers[containerID] = cancel
	c.wg.Add(1)
	go c.follow(ctx, containerID)
	return nil
}

// Unfollow stops streaming the logs of containerID.
func (c *Collector) Unfollow(containerID string) {
	c.mu.Lock()
	cancel, ok := c.followers[containerID]
	c.mu.Unlock()
	if ok {
		cancel()
	}
}

// Following reports the containers currently followed.
func (c *Collector) Following() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.followers))
	for id := range c.followers {
		ids = append(ids, id)
	}
	return ids
}

// Close stops all followers, flushes what they have read to the sinks and
// waits for that flush to finish.
func (c *Collector) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()

	c.cancel()
	c.wg.Wait()
	close(c.entries)
	<-c.muxDone
	return nil
}

func (c *Collector) reportError(containerID string, err error) {
	if c.cfg.OnError != nil {
		c.cfg.OnError(containerID, err)
	}
}

// mux batches entries from all followers and writes them to every sink.
func (c *Collector) mux() {
	defer close(c.muxDone)
	ticker := c.cfg.NewTicker(c.cfg.FlushInterval)
	defer ticker.Stop()

	batch := make([]Entry, 0, c.cfg.BatchSize)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		for _, s := range c.cfg.Sinks {
			// Sinks get their own deadline so a slow one cannot stall
			// the collector indefinitely.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := s.Write(ctx, batch); err != nil {
				c.reportError("", fmt.Errorf("logcollect: sink %s: %w", s.Name(), err))
			}
			cancel()
		}
		batch = make([]Entry, 0, c.cfg.BatchSize)
	}
	for {
		select {
		case e, ok := <-c.entries:
			if !ok {
				flush()
				return
			}
			batch = append(batch, e)
			if len(batch) >= c.cfg.BatchSize {
				flush()
			}
		case <-ticker.C():
			flush()
		}
	}
}
