// Package metrics buffers counters and gauges in memory and ships them to a sink
// in batches, from a background flusher.
package metrics

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Kind tells counters from gauges.
type Kind byte

const (
	Counter Kind = 'c'
	Gauge   Kind = 'g'
)

// Point is one measurement.
type Point struct {
	Name  string
	Kind  Kind
	Value float64
	At    time.Time
}

// Sink receives batches, e.g. a UDP statsd writer or an HTTP exporter.
type Sink interface {
	Write(batch []Point) error
}

// Options tune a Client.
type Options struct {
	FlushEvery time.Duration
	// MaxPending bounds the buffer while the sink is failing; older points go first.
	MaxPending int
	// OnError hears about failed background flushes.
	OnError func(error)
}

// Client collects points.
type Client struct {
	sink Sink
	opts Options

	mu      sync.Mutex
	pending []Point
	dropped int

	stop    chan struct{}
	stopped chan struct{}
}

// ErrNoSink is returned by New without a sink.
var ErrNoSink = errors.New("metrics: no sink")

// New starts a client and its flusher.
func New(sink Sink, opts Options) (*Client, error) {
	if sink == nil {
		return nil, ErrNoSink
	}
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = 10 * time.Second
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 10000
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	c := &Client{sink: sink, opts: opts, stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c, nil
}

// Count adds n to a counter.
func (c *Client) Count(name string, n float64) { c.add(Point{Name: name, Kind: Counter, Value: n}) }

// Set records the current value of a gauge.
func (c *Client) Set(name string, v float64) { c.add(Point{Name: name, Kind: Gauge, Value: v}) }

func (c *Client) add(p Point) {
	p.At = time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, p)
	if over := len(c.pending) - c.opts.MaxPending; over > 0 {
		c.pending = c.pending[over:]
		c.dropped += over
	}
}

// Close ships what is still buffered and stops the flusher.
func (c *Client) Close() error {
	close(c.stop)
	<-c.stopped
	if err := c.flush(); err != nil {
		return fmt.Errorf("metrics: final flush: %w", err)
	}
	return nil
}
