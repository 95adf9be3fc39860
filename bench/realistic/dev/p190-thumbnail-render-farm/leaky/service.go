// Package thumbnail renders image thumbnails on a fixed pool of render
// workers. Originals are read from a Source, scaled down, encoded as JPEG
// and streamed to a Sink; callers wait for the result within their own
// deadline.
package thumbnail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrClosed is returned by Thumbnail after Close.
var ErrClosed = errors.New("thumbnail: service closed")

// ErrInvalidRequest is returned for requests that cannot be rendered.
var ErrInvalidRequest = errors.New("thumbnail: invalid request")

// Source provides original images.
type Source interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Sink stores rendered thumbnails.
type Sink interface {
	// Put stores the data read from r under key.
	Put(ctx context.Context, key, contentType string, r io.Reader) error
}

// Request asks for a thumbnail of the original stored under Key that fits
// within MaxWidth x MaxHeight pixels.
type Request struct {
	Key       string
	MaxWidth  int
	MaxHeight int
}

// Result describes a stored thumbnail.
type Result struct {
	Key    string
	Width  int
	Height int
}

// Config configures a Service.
type Config struct {
	// Workers is the number of concurrent renders. Default 4.
	Workers int
	// QueueSize is the number of requests that may wait for a worker.
	// Default 64.
	QueueSize int
	// DefaultTimeout bounds requests whose context has no deadline.
	// Default 30s.
	DefaultTimeout time.Duration
	// Quality is the JPEG quality, 1-100. Default 80.
	Quality int
	// MaxSourceBytes limits how much of an original is read. Default 32 MiB.
	MaxSourceBytes int64
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 64
	}
	if c.DefaultTimeout <= 0 {
		c.DefaultTimeout = 30 * time.Second
	}
	if c.Quality <= 0 || c.Quality > 100 {
		c.Quality = 80
	}
	if c.MaxSourceBytes <= 0 {
		c.MaxSourceBytes = 32 << 20
	}
}

type job struct {
	ctx  context.Context
	req  Request
	done chan jobResult // buffered: the worker never waits for the caller
}

type jobResult struct {
	res Result
	err error
}

// Service is a thumbnail render farm.
type Service struct {
	cfg    Config
	source Source
	sink   Sink

	jobs chan *job
	quit chan struct{}
	wg   sync.WaitGroup

	closeOnce sync.Once
}

// New starts a Service with cfg.Workers render workers.
func New(src Source, sink Sink, cfg Config) (*Service, error) {
	if src == nil || sink == nil {
		return nil, errors.New("thumbnail: source and sink are required")
	}
	cfg.setDefaults()
	s := &Service{
		cfg:    cfg,
		source: src,
		sink:   sink,
		jobs:   make(chan *job, cfg.QueueSize),
		quit:   make(chan struct{}),
	}
	s.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go s.worker()
	}
	return s, nil
}

// Thumbnail renders and stores a thumbnail for req. It returns when the
// thumbnail is stored or when ctx is done, whichever happens first.
func (s *Service) Thumbnail(ctx context.Context, req Request) (Result, error) {
	if req.Key == "" || req.MaxWidth <= 0 || req.MaxHeight <= 0 {
		return Result{}, fmt.Errorf("%w: %+v", ErrInvalidRequest, req)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.DefaultTimeout)
		defer cancel()
	}

	j := &job{ctx: ctx, req: req, done: make(chan jobResult, 1)}
	select {
	case s.jobs <- j:
	case <-s.quit:
		return Result{}, ErrClosed
	case <-ctx.Done():
		return Result{}, fmt.Errorf("thumbnail %s: waiting for a worker: %w", req.Key, ctx.Err())
	}

	select {
	case r := <-j.done:
		return r.res, r.err
	case <-s.quit:
		return Result{}, ErrClosed
	case <-ctx.Done():
		return Result{}, fmt.Errorf("thumbnail %s: %w", req.Key, ctx.Err())
	}
}

// Close stops accepting requests and waits for the workers to exit.
// Requests still queued are abandoned.
func (s *Service) Close() error {
	s.closeOnce.Do(func() { close(s.quit) })
	s.wg.Wait()
	return nil
}

func (s *Service) worker() {
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		case j := <-s.jobs:
			if err := j.ctx.Err(); err != nil {
				// The caller gave up while the job was queued.
				j.done <- jobResult{err: err}
				continue
			}
			res, err := s.render(j.ctx, j.req)
			if err != nil {
				err = fmt.Errorf("thumbnail %s: %w", j.req.Key, err)
			}
			j.done <- jobResult{res: res, err: err}
		}
	}
}
