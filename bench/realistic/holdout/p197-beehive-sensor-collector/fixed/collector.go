package collector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Gateway is the apiary's LoRa gateway, which buffers frames per hive.
type Gateway interface {
	// Fetch returns up to limit frames of hiveID with a sequence number
	// greater than after, oldest first. An empty slice means caught up.
	Fetch(ctx context.Context, hiveID string, after uint32, limit int) ([]Frame, error)
}

// Option configures a Collector.
type Option func(*Collector)

// WithLogger sets the logger used for sweep diagnostics.
func WithLogger(l *log.Logger) Option {
	return func(c *Collector) { c.log = l }
}

// WithSweepTimeout bounds the duration of a whole sweep.
func WithSweepTimeout(d time.Duration) Option {
	return func(c *Collector) { c.timeout = d }
}

// WithPageSize sets how many frames are requested per gateway call.
func WithPageSize(n int) Option {
	return func(c *Collector) { c.pageSize = n }
}

// Collector periodically drains hive gateways and summarises readings.
type Collector struct {
	gw       Gateway
	hives    []string
	timeout  time.Duration
	pageSize int
	log      *log.Logger

	mu     sync.Mutex
	cursor map[string]uint32
	weight map[string]float64
}

// New returns a Collector for the given hives.
func New(gw Gateway, hives []string, opts ...Option) (*Collector, error) {
	if gw == nil {
		return nil, errors.New("collector: nil gateway")
	}
	if len(hives) == 0 {
		return nil, errors.New("collector: no hives configured")
	}
	c := &Collector{
		gw:       gw,
		hives:    append([]string(nil), hives...),
		timeout:  30 * time.Second,
		pageSize: 64,
		log:      log.New(io.Discard, "", 0),
		cursor:   make(map[string]uint32),
		weight:   make(map[string]float64),
	}
	for _, o := range opts {
		o(c)
	}
	if c.pageSize <= 0 {
		return nil, fmt.Errorf("collector: invalid page size %d", c.pageSize)
	}
	return c, nil
}

// Sweep drains every hive's backlog on the gateway and returns one summary
// per hive, in configuration order. Gateways are polled concurrently.
func (c *Collector) Sweep(ctx context.Context) ([]HiveSummary, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	start := time.Now()
	streams := make([]<-chan sample, len(c.hives))
	for i, id := range c.hives {
		streams[i] = c.pollHive(ctx, id, c.lastSeq(id))
	}

	out := make([]HiveSummary, 0, len(c.hives))
	for i, id := range c.hives {
		sum, err := c.summarize(id, streams[i])
		if err != nil {
			return nil, fmt.Errorf("sweep hive %s: %w", id, err)
		}
		c.commit(sum)
		out = append(out, sum)
	}
	c.log.Printf("sweep: %d hives in %s", len(out), time.Since(start))
	return out, nil
}

func (c *Collector) summarize(hiveID string, stream <-chan sample) (HiveSummary, error) {
	c.mu.Lock()
	prev, havePrev := c.weight[hiveID]
	c.mu.Unlock()

	acc := newAccumulator(hiveID, prev, havePrev)
	for s := range stream {
		switch {
		case s.err == nil:
			acc.add(s.seq, s.reading)
		case errors.Is(s.err, ErrChecksum):
			c.log.Printf("hive %s: %v", hiveID, s.err)
			acc.drop(s.seq)
		default:
			return HiveSummary{}, s.err
		}
	}
	return acc.result(), nil
}

func (c *Collector) lastSeq(hiveID string) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cursor[hiveID]
}

func (c *Collector) commit(s HiveSummary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.LastSeq > c.cursor[s.HiveID] {
		c.cursor[s.HiveID] = s.LastSeq
	}
	if s.WeightKg > 0 {
		c.weight[s.HiveID] = s.WeightKg
	}
}
