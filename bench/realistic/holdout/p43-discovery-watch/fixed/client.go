package discovery

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Option configures a Client.
type Option func(*Client)

// WithIdleTimeout sets how long a watch may stay silent before the client
// assumes the registry dropped it and subscribes again.
func WithIdleTimeout(d time.Duration) Option { return func(c *Client) { c.idle = d } }

// WithBackoff sets the pause after a failed query.
func WithBackoff(d time.Duration) Option { return func(c *Client) { c.backoff = d } }

// WithErrorHandler receives query errors; the cache keeps its last value.
func WithErrorHandler(f func(service string, err error)) Option {
	return func(c *Client) { c.onError = f }
}

// Client caches the healthy instances of the services it watches.
type Client struct {
	src     Source
	idle    time.Duration
	backoff time.Duration
	onError func(string, error)

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.RWMutex
	cache map[string][]Instance
	index map[string]uint64
}

// NewClient returns a client reading from src.
func NewClient(src Source, opts ...Option) *Client {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		src:     src,
		idle:    5 * time.Minute,
		backoff: time.Second,
		onError: func(string, error) {},
		ctx:     ctx,
		cancel:  cancel,
		cache:   make(map[string][]Instance),
		index:   make(map[string]uint64),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Watch starts keeping service's instances in the cache.
func (c *Client) Watch(service string) {
	c.mu.Lock()
	if _, ok := c.index[service]; ok {
		c.mu.Unlock()
		return
	}
	c.index[service] = 0
	c.mu.Unlock()

	c.wg.Add(1)
	go c.watch(service)
}

// Instances returns the cached healthy instances of service.
func (c *Client) Instances(service string) ([]Instance, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.index[service]; !ok {
		return nil, fmt.Errorf("instances of %q: %w", service, ErrUnknownService)
	}
	return append([]Instance(nil), c.cache[service]...), nil
}

// Close stops all watches and waits for them to finish.
func (c *Client) Close() {
	c.cancel()
	c.wg.Wait()
}

func (c *Client) lastIndex(service string) uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.index[service]
}

func (c *Client) store(service string, s snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.index <= c.index[service] {
		return // nothing newer than what we have
	}
	c.index[service] = s.index
	c.cache[service] = healthyOnly(s.instances)
}

func (c *Client) watch(service string) {
	defer c.wg.Done()

	stream := openWatch(c.src, service, c.lastIndex(service), c.backoff)
	defer func() { stream.Stop() }()

	idle := time.NewTimer(c.idle)
	defer idle.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case s, ok := <-stream.updates:
			if !ok {
				return
			}
			if s.err != nil {
				c.onError(service, fmt.Errorf("watch %q: %w", service, s.err))
				continue
			}
			c.store(service, s)
			if !idle.Stop() {
				select {
				case <-idle.C:
				default:
				}
			}
			idle.Reset(c.idle)
		case <-idle.C:
			// Some registries drop long-lived watches without telling
			// the client. Start over from the last index we have seen.
			stream.Stop()
			stream = openWatch(c.src, service, c.lastIndex(service), c.backoff)
			idle.Reset(c.idle)
		}
	}
}
