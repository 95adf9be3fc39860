package artifactcache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Remote is the shared blob store artifacts are replicated to.
type Remote interface {
	// Upload stores size bytes read from data under d.
	Upload(ctx context.Context, d Digest, data io.Reader, size int64) error
	// Download returns the content stored under d.
	Download(ctx context.Context, d Digest) ([]byte, error)
}

// ErrNotFound is returned by Get when neither the cache nor the remote store
// has the artifact. Remote implementations should wrap it as well.
var ErrNotFound = errors.New("artifactcache: artifact not found")

// ErrClosed is returned by operations on a closed Cache.
var ErrClosed = errors.New("artifactcache: cache closed")

// Option configures a Cache.
type Option func(*Cache)

// WithMaxBytes bounds the total size of artifacts kept in memory.
func WithMaxBytes(n int64) Option { return func(c *Cache) { c.maxBytes = n } }

// WithUploadTimeout bounds each upload to the remote store.
func WithUploadTimeout(d time.Duration) Option { return func(c *Cache) { c.uploadTimeout = d } }

// WithLogger sets the logger used for background failures.
func WithLogger(l *log.Logger) Option { return func(c *Cache) { c.logger = l } }

// WithEvictHook registers fn to be called for every evicted artifact.
func WithEvictHook(fn func(d Digest, size int64)) Option {
	return func(c *Cache) { c.onEvict = fn }
}

// upload tracks one in-flight replication and the callers waiting for it.
type upload struct {
	waiters []chan error
}

// Cache is a content-addressed artifact cache. It is safe for concurrent use.
type Cache struct {
	remote        Remote
	maxBytes      int64
	uploadTimeout time.Duration
	logger        *log.Logger
	onEvict       func(Digest, int64)

	// ctx scopes background uploads; it is cancelled by Close.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	index   *lru
	uploads map[Digest]*upload
	closed  bool
}

// New returns a Cache that replicates to remote.
func New(remote Remote, opts ...Option) *Cache {
	c := &Cache{
		remote:        remote,
		maxBytes:      256 << 20,
		uploadTimeout: 2 * time.Minute,
		logger:        log.Default(),
		uploads:       make(map[Digest]*upload),
	}
	for _, opt := range opts {
		opt(c)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.index = newLRU(c.maxBytes, c.onEvict)
	return c
}

// Put stores data in the cache and returns once the remote store has it.
// Concurrent Puts of the same content share a single upload. The upload is
// not tied to ctx: if the caller stops waiting, the artifact is still
// replicated for the benefit of other builders.
func (c *Cache) Put(ctx context.Context, data []byte) (Digest, error) {
	d := ComputeDigest(data)

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return "", ErrClosed
	}
	if e, ok := c.index.get(d); ok && e.uploaded {
		c.mu.Unlock()
		return d, nil
	}
	buf := append([]byte(nil), data...)
	c.index.add(&entry{digest: d, data: buf}, c.uploads)
	done := make(chan error)
	u, inFlight := c.uploads[d]
	if !inFlight {
		u = &upload{}
		c.uploads[d] = u
		go c.replicate(d, buf)
	}
	u.waiters = append(u.waiters, done)
	c.mu.Unlock()

	select {
	case err := <-done:
		if err != nil {
			return d, fmt.Errorf("put %s: %w", d.Short(), err)
		}
		return d, nil
	case <-ctx.Done():
		return d, fmt.Errorf("put %s: waiting for upload: %w", d.Short(), ctx.Err())
	}
}

// replicate uploads data to the remote store and reports the outcome to
// everyone waiting on it.
func (c *Cache) replicate(d Digest, data []byte) {
	ctx, cancel := context.WithTimeout(c.ctx, c.uploadTimeout)
	err := c.remote.Upload(ctx, d, bytes.NewReader(data), int64(len(data)))
	cancel()
	if err != nil {
		c.logger.Printf("artifactcache: upload %s: %v", d.Short(), err)
	}

	c.mu.Lock()
	u := c.uploads[d]
	delete(c.uploads, d)
	if e, ok := c.index.get(d); ok && err == nil {
		e.uploaded = true
	}
	c.index.evict(c.uploads)
	c.mu.Unlock()

	for _, w := range u.waiters {
		w <- err // leak: waiter may have returned on ctx.Done and no longer receives
	}
}

// Get returns the artifact stored under d, fetching it from the remote store
// on a local miss. Content fetched remotely is verified before it is cached.
func (c *Cache) Get(ctx context.Context, d Digest) ([]byte, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	if e, ok := c.index.get(d); ok {
		data := e.data
		c.mu.Unlock()
		return data, nil
	}
	c.mu.Unlock()

	data, err := c.remote.Download(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", d.Short(), err)
	}
	if err := d.verify(data); err != nil {
		return nil, fmt.Errorf("get %s: %w", d.Short(), err)
	}

	c.mu.Lock()
	if !c.closed {
		c.index.add(&entry{digest: d, data: data, uploaded: true}, c.uploads)
	}
	c.mu.Unlock()
	return data, nil
}

// Len returns the number of artifacts held in memory.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index.len()
}

// Close stops accepting new work and cancels uploads that are still running.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.cancel()
	return nil
}
