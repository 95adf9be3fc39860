// Package shield is an origin shield for an image CDN: edge misses for the same
// object are coalesced into a single origin fetch, and only bodies that look like
// images are handed back to the edge.
package shield

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNotImage is returned when the origin answers with something that is not an image,
// typically an HTML error page served with a 200.
var ErrNotImage = errors.New("shield: origin body is not an image")

// ErrTooLarge is returned when an object exceeds the configured size limit.
var ErrTooLarge = errors.New("shield: object too large")

// Option configures a Shield.
type Option func(*Shield)

// WithFetchTimeout bounds a single origin fetch, independently of the callers waiting on it.
func WithFetchTimeout(d time.Duration) Option {
	return func(s *Shield) { s.fetchTimeout = d }
}

// WithMaxBytes sets the largest object the shield will accept from the origin.
func WithMaxBytes(n int64) Option {
	return func(s *Shield) { s.maxBytes = n }
}

// Object is an image as served to the edge.
type Object struct {
	Key         string
	ContentType string
	Body        []byte
}

type call struct {
	done chan struct{}
	obj  *Object
	err  error
}

// Shield coalesces concurrent requests for the same key.
type Shield struct {
	origin       Origin
	fetchTimeout time.Duration
	maxBytes     int64

	mu       sync.Mutex
	inflight map[string]*call
}

// New returns a Shield in front of origin.
func New(origin Origin, opts ...Option) *Shield {
	s := &Shield{
		origin:       origin,
		fetchTimeout: 10 * time.Second,
		maxBytes:     20 << 20,
		inflight:     make(map[string]*call),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Get returns the object for key, joining an in-flight origin fetch if there is one.
// The fetch itself is detached from ctx so that one impatient edge does not fail the
// request for everybody else waiting on the same key.
func (s *Shield) Get(ctx context.Context, key string) (*Object, error) {
	s.mu.Lock()
	c, ok := s.inflight[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		s.inflight[key] = c
		go s.fill(key, c)
	}
	s.mu.Unlock()

	select {
	case <-c.done:
		return c.obj, c.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Shield) fill(key string, c *call) {
	ctx, cancel := context.WithTimeout(context.Background(), s.fetchTimeout)
	defer cancel()

	c.obj, c.err = s.load(ctx, key)

	s.mu.Lock()
	delete(s.inflight, key)
	s.mu.Unlock()
	close(c.done)
}
