// Package thumb renders image thumbnails on a bounded worker pool and
// coalesces concurrent requests for the same thumbnail into one render.
package thumb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrTooLarge is returned for widths above the configured maximum.
var ErrTooLarge = errors.New("thumb: requested width too large")

// Source opens original images by name.
type Source interface {
	Open(ctx context.Context, name string) (io.ReadCloser, error)
}

// Option configures a Service.
type Option func(*Service)

// WithWorkers sets how many renders may run at once.
func WithWorkers(n int) Option {
	return func(s *Service) { s.workers = n }
}

// WithMaxWidth caps the width a caller may ask for.
func WithMaxWidth(w int) Option {
	return func(s *Service) { s.maxWidth = w }
}

// Service produces PNG thumbnails of images from a Source.
type Service struct {
	src      Source
	workers  int
	maxWidth int
	pool     *pool

	mu        sync.Mutex
	inflight  map[string]*call
	coalesced int
}

// New starts a Service and its worker pool. Call Close to stop the workers.
func New(src Source, opts ...Option) *Service {
	s := &Service{
		src:      src,
		workers:  4,
		maxWidth: 1024,
		inflight: make(map[string]*call),
	}
	for _, o := range opts {
		o(s)
	}
	s.pool = newPool(s.workers)
	return s
}

// Thumbnail returns name scaled to width pixels wide, encoded as PNG.
// Concurrent calls for the same name and width share one render.
func (s *Service) Thumbnail(ctx context.Context, name string, width int) ([]byte, error) {
	if width <= 0 || width > s.maxWidth {
		return nil, fmt.Errorf("thumb: width %d: %w", width, ErrTooLarge)
	}
	key := fmt.Sprintf("%s@%d", name, width)

	s.mu.Lock()
	if c, ok := s.inflight[key]; ok {
		s.coalesced++
		s.mu.Unlock()
		return c.wait()
	}
	c := newCall()
	s.inflight[key] = c
	s.mu.Unlock()

	rc, err := s.src.Open(ctx, name)
	if err != nil {
		s.forget(key)
		return nil, fmt.Errorf("thumb: open %s: %w", name, err)
	}
	defer rc.Close()

	c.png, c.err = s.pool.render(ctx, rc, width)
	s.forget(key)
	c.finish()
	return c.png, c.err
}

// Coalesced reports how many requests were served by another request's render.
func (s *Service) Coalesced() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.coalesced
}

func (s *Service) forget(key string) {
	s.mu.Lock()
	delete(s.inflight, key)
	s.mu.Unlock()
}

// Close stops the worker pool after the queued renders finish.
func (s *Service) Close() { s.pool.close() }
