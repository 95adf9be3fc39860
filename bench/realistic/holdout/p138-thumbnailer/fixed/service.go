// Package thumbnail renders and caches image thumbnails.
//
// Requests for the same thumbnail that arrive while it is being rendered are
// coalesced into a single render, rendering runs on a fixed pool of workers
// so a burst of uploads cannot exhaust memory, and results are kept in a
// disk cache shared by all replicas mounting the same volume.
package thumbnail

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Origin fetches source images, e.g. from object storage.
type Origin interface {
	Fetch(ctx context.Context, source string) ([]byte, error)
}

// Request identifies a thumbnail.
type Request struct {
	Source string // origin key of the full-size image
	Width  int
	Height int
}

func (r Request) key() string { return fmt.Sprintf("%s@%dx%d", r.Source, r.Width, r.Height) }

func (r Request) validate() error {
	if r.Source == "" {
		return fmt.Errorf("%w: empty source", ErrInvalid)
	}
	if r.Width <= 0 || r.Height <= 0 || r.Width > 4096 || r.Height > 4096 {
		return fmt.Errorf("%w: size %dx%d", ErrInvalid, r.Width, r.Height)
	}
	return nil
}

var (
	// ErrInvalid is returned for malformed requests.
	ErrInvalid = errors.New("thumbnail: invalid request")
	// ErrOverloaded is returned when the render queue is full.
	ErrOverloaded = errors.New("thumbnail: render queue full")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("thumbnail: service closed")
)

// Option configures a Service.
type Option func(*Service)

// WithWorkers sets the number of concurrent renders. The default is 4.
func WithWorkers(n int) Option { return func(s *Service) { s.workers = n } }

// WithQueueSize sets how many distinct renders may wait for a worker before
// new ones are rejected with ErrOverloaded. The default is 64.
func WithQueueSize(n int) Option { return func(s *Service) { s.queueSize = n } }

// WithResizer replaces the default NearestResizer.
func WithResizer(r Resizer) Option { return func(s *Service) { s.resizer = r } }

// WithRenderTimeout bounds a single fetch-and-resize. The default is 30s.
func WithRenderTimeout(d time.Duration) Option { return func(s *Service) { s.renderTimeout = d } }

// WithLogger sets the logger used for non-fatal errors.
func WithLogger(l *log.Logger) Option { return func(s *Service) { s.logger = l } }

type result struct {
	data []byte
	err  error
}

// flight is a render in progress together with everyone waiting for it.
type flight struct {
	req     Request
	key     string
	waiters []chan result
}

// Service serves thumbnails. It is safe for concurrent use.
type Service struct {
	origin        Origin
	cache         *DiskCache
	resizer       Resizer
	workers       int
	queueSize     int
	renderTimeout time.Duration
	logger        *log.Logger

	ctx    context.Context // canceled by Close to abort renders
	cancel context.CancelFunc
	jobs   chan *flight

	mu       sync.Mutex
	inflight map[string]*flight
	closed   bool
}

// New starts a Service that renders images from origin into cache.
func New(origin Origin, cache *DiskCache, opts ...Option) (*Service, error) {
	if origin == nil || cache == nil {
		return nil, errors.New("thumbnail: origin and cache are required")
	}
	s := &Service{
		origin:        origin,
		cache:         cache,
		resizer:       NearestResizer{},
		workers:       4,
		queueSize:     64,
		renderTimeout: 30 * time.Second,
		logger:        log.Default(),
		inflight:      make(map[string]*flight),
	}
	for _, o := range opts {
		o(s)
	}
	if s.workers <= 0 || s.queueSize < 0 {
		return nil, fmt.Errorf("thumbnail: bad pool size %d/%d", s.workers, s.queueSize)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.jobs = make(chan *flight, s.queueSize)
	for i := 0; i < s.workers; i++ {
		go s.worker()
	}
	return s, nil
}

// Thumbnail returns the encoded thumbnail for req, rendering it if it is not
// cached. Concurrent calls for the same thumbnail share one render.
func (s *Service) Thumbnail(ctx context.Context, req Request) ([]byte, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	key := req.key()
	if data, ok, err := s.cache.Get(key); err != nil {
		s.logger.Printf("thumbnail: cache lookup %s: %v", key, err)
	} else if ok {
		return data, nil
	}

	ch := make(chan result, 1) // buffered: deliver must not block on callers that gave up
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if f, ok := s.inflight[key]; ok {
		f.waiters = append(f.waiters, ch)
	} else {
		f := &flight{req: req, key: key, waiters: []chan result{ch}}
		select {
		case s.jobs <- f:
			s.inflight[key] = f
		default:
			s.mu.Unlock()
			return nil, ErrOverloaded
		}
	}
	s.mu.Unlock()

	select {
	case r := <-ch:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("thumbnail %s: %w", key, ctx.Err())
	}
}

// Close stops accepting requests and aborts renders in progress. Workers
// exit in the background once their current render has been delivered.
func (s *Service) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.jobs)
	s.cancel()
	return nil
}

func (s *Service) worker() {
	for f := range s.jobs {
		data, err := s.render(f.req, f.key)
		s.deliver(f, result{data: data, err: err})
	}
}

func (s *Service) render(req Request, key string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.renderTimeout)
	defer cancel()

	src, err := s.origin.Fetch(ctx, req.Source)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: fetch %s: %w", req.Source, err)
	}
	data, err := s.resizer.Resize(src, req.Width, req.Height)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: resize %s: %w", key, err)
	}
	if err := s.cache.Put(key, data); err != nil {
		// Still serve the render; the next request will simply redo it.
		s.logger.Printf("thumbnail: cache store %s: %v", key, err)
	}
	return data, nil
}

// deliver retires f and hands r to everyone waiting on it.
func (s *Service) deliver(f *flight, r result) {
	s.mu.Lock()
	delete(s.inflight, f.key)
	waiters := f.waiters
	f.waiters = nil
	s.mu.Unlock()

	for _, ch := range waiters {
		ch <- r
	}
}
