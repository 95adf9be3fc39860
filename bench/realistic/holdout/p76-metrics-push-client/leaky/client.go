// Package push is a client for a metrics push gateway.
//
// Short-lived jobs and services behind NAT cannot be scraped, so they record
// counters and gauges locally and push them to a gateway. Metrics are
// aggregated per job; every flush pushes the jobs whose metrics changed
// since their last successful push, in parallel, retrying transient
// gateway errors with exponential backoff.
package push

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Gateway receives pushed metrics.
type Gateway interface {
	// Push replaces the metrics stored for job with payload, which is in
	// the text exposition format.
	Push(ctx context.Context, job string, payload []byte) error
}

// Clock abstracts timers for backoff and periodic flushing.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configures a Client.
type Options struct {
	// Interval between pushes made by Run. Defaults to 15s.
	Interval time.Duration
	// FlushTimeout bounds one flush including retries. Defaults to 10s.
	FlushTimeout time.Duration
	// MaxAttempts is the number of push attempts per job and flush.
	// Defaults to 4.
	MaxAttempts int
	// InitialBackoff is the delay before the first retry; it doubles on
	// every further retry up to MaxBackoff. Defaults to 200ms and 5s.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	Clock          Clock
	Logf           func(format string, args ...interface{})
}

func (o *Options) setDefaults() {
	if o.Interval <= 0 {
		o.Interval = 15 * time.Second
	}
	if o.FlushTimeout <= 0 {
		o.FlushTimeout = 10 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 4
	}
	if o.InitialBackoff <= 0 {
		o.InitialBackoff = 200 * time.Millisecond
	}
	if o.MaxBackoff < o.InitialBackoff {
		o.MaxBackoff = 5 * time.Second
	}
	if o.Clock == nil {
		o.Clock = systemClock{}
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
}

// Client aggregates metrics and pushes them to a Gateway. It is safe for
// concurrent use.
type Client struct {
	gw   Gateway
	opts Options

	mu     sync.Mutex
	groups map[string]*group
}

// NewClient returns a Client pushing to gw.
func NewClient(gw Gateway, opts Options) (*Client, error) {
	if gw == nil {
		return nil, errors.New("push: nil gateway")
	}
	opts.setDefaults()
	return &Client{gw: gw, opts: opts, groups: make(map[string]*group)}, nil
}

// Add increments the counter name of job by delta.
func (c *Client) Add(job, name string, labels map[string]string, delta float64) error {
	if delta < 0 {
		return fmt.Errorf("counter %s: negative delta %v", name, delta)
	}
	return c.update(job, name, labels, func(v float64) float64 { return v + delta })
}

// Set sets the gauge name of job to v.
func (c *Client) Set(job, name string, labels map[string]string, v float64) error {
	return c.update(job, name, labels, func(float64) float64 { return v })
}

func (c *Client) update(job, name string, labels map[string]string, fn func(float64) float64) error {
	if job == "" {
		return errors.New("push: empty job name")
	}
	key, err := seriesKey(name, labels)
	if err != nil {
		return err
	}
	c.mu.Lock()
	g, ok := c.groups[job]
	if !ok {
		g = newGroup(job)
		c.groups[job] = g
	}
	c.mu.Unlock()
	g.update(key, fn)
	return nil
}

// Flush pushes every job with unpushed changes and waits for the pushes to
// finish or for the flush timeout. Jobs that fail stay pending and are
// pushed again by the next flush.
func (c *Client) Flush(ctx context.Context) error {
	c.mu.Lock()
	groups := make([]*group, 0, len(c.groups))
	for _, g := range c.groups {
		groups = append(groups, g)
	}
	c.mu.Unlock()
	sort.Slice(groups, func(i, j int) bool { return groups[i].job < groups[j].job })

	ctx, cancel := context.WithTimeout(ctx, c.opts.FlushTimeout)
	defer cancel()

	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	wg.Add(len(groups))
	for i, g := range groups {
		payload, changed := g.snapshot()
		if !changed {
			continue
		}
		go func(i int, g *group, payload []byte) {
			defer wg.Done()
			if err := c.pushWithRetry(ctx, g.job, payload); err != nil {
				g.markPending()
				errs[i] = err
			}
		}(i, g, payload)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: count includes jobs that were skipped
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return fmt.Errorf("flush: %w", ctx.Err())
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Run flushes every Interval until ctx is done, then makes a final flush
// with a fresh timeout so that the last values reach the gateway.
func (c *Client) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return c.Flush(context.Background())
		case <-c.opts.Clock.After(c.opts.Interval):
			if err := c.Flush(ctx); err != nil {
				c.opts.Logf("push: %v", err)
			}
		}
	}
}
