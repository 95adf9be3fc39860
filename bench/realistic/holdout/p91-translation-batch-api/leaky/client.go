// Package translate is a client for a batch translation API. Concurrent
// Translate calls for the same language pair are coalesced into a single
// backend request, and each caller receives its own translation back.
package translate

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Config tunes a Client.
type Config struct {
	// Backend performs the translations. Required.
	Backend Backend
	// MaxBatchTexts flushes a batch as soon as it holds this many distinct
	// texts. Defaults to 64.
	MaxBatchTexts int
	// MaxDelay is how long the first request of a batch may wait for others
	// to join it. Defaults to 10ms.
	MaxDelay time.Duration
	// MaxInflight bounds concurrent backend calls. Defaults to 4.
	MaxInflight int
	// RequestTimeout bounds each backend call. Defaults to 15s.
	RequestTimeout time.Duration
}

func (c *Config) setDefaults() {
	if c.MaxBatchTexts <= 0 {
		c.MaxBatchTexts = 64
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = 10 * time.Millisecond
	}
	if c.MaxInflight <= 0 {
		c.MaxInflight = 4
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 15 * time.Second
	}
}

// Client batches translation requests. It is safe for concurrent use.
type Client struct {
	cfg Config
	sem chan struct{}

	ctx    context.Context // cancelled by Close; parent of backend calls
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending map[langPair]*batch
}

// New returns a client for cfg.Backend.
func New(cfg Config) (*Client, error) {
	if cfg.Backend == nil {
		return nil, fmt.Errorf("translate: Config.Backend is required")
	}
	cfg.setDefaults()
	c := &Client{
		cfg:     cfg,
		sem:     make(chan struct{}, cfg.MaxInflight),
		pending: make(map[langPair]*batch),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c, nil
}

// Translate translates text from source (empty for auto-detection) to
// target. The request joins the pending batch for that language pair; ctx
// only bounds how long this caller waits, since the batch is shared.
func (c *Client) Translate(ctx context.Context, text, source, target string) (string, error) {
	if text == "" {
		return "", nil
	}
	cl, err := c.enqueue(langPair{source: source, target: target}, text)
	if err != nil {
		return "", err
	}
	select {
	case r := <-cl.out:
		return r.text, r.err
	case <-ctx.Done():
		return "", fmt.Errorf("translate to %s: %w", target, ctx.Err())
	}
}

func (c *Client) enqueue(p langPair, text string) (*call, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	b := c.pending[p]
	if b == nil {
		b = newBatch(p)
		b.timer = time.AfterFunc(c.cfg.MaxDelay, func() { c.flush(b) })
		c.pending[p] = b
	}
	cl := b.add(text)
	if len(b.texts) >= c.cfg.MaxBatchTexts {
		c.detachLocked(b)
		go c.send(b)
	}
	return cl, nil
}

// flush sends b when its delay expires, unless it was already sent.
func (c *Client) flush(b *batch) {
	c.mu.Lock()
	if c.pending[b.pair] != b {
		c.mu.Unlock()
		return
	}
	c.detachLocked(b)
	c.mu.Unlock()
	c.send(b)
}

func (c *Client) detachLocked(b *batch) {
	delete(c.pending, b.pair)
	b.timer.Stop()
}

// send performs the backend call for b and hands the results to its
// callers.
func (c *Client) send(b *batch) {
	select {
	case c.sem <- struct{}{}:
	case <-c.ctx.Done():
		c.deliver(b, nil, ErrClosed)
		return
	}
	defer func() { <-c.sem }()

	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.RequestTimeout)
	defer cancel()
	out, err := c.cfg.Backend.TranslateBatch(ctx, BatchRequest{
		Source: b.pair.source,
		Target: b.pair.target,
		Texts:  b.texts,
	})
	if err == nil && len(out) != len(b.texts) {
		err = fmt.Errorf("%w: %d translations for %d texts", ErrMalformedResponse, len(out), len(b.texts))
	}
	if err != nil {
		err = fmt.Errorf("translate batch %s: %w", b.pair, err)
	}
	c.deliver(b, out, err)
}

// deliver fans the batch outcome back to every caller of b.
func (c *Client) deliver(b *batch, out []string, err error) {
	for _, cl := range b.calls {
		r := result{err: err}
		if err == nil {
			r.text = out[cl.slot]
		}
		cl.out <- r // leak: a caller whose ctx ended is no longer receiving
	}
}

// Close rejects new requests, fails requests that have not been sent yet
// and cancels backend calls in flight. It does not wait for them.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	pending := c.pending
	c.pending = nil
	for _, b := range pending {
		b.timer.Stop()
	}
	c.mu.Unlock()

	c.cancel()
	for _, b := range pending {
		go c.deliver(b, nil, ErrClosed)
	}
	return nil
}
