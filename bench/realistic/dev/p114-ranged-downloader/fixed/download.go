// Package rangedl downloads a large object as concurrent byte-range requests and
// presents the parts, in order, as a single stream.
package rangedl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Fetcher reads one byte range of a remote object, typically with an HTTP Range
// request.
type Fetcher interface {
	FetchRange(ctx context.Context, off, n int64) ([]byte, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, off, n int64) ([]byte, error)

// FetchRange calls f.
func (f FetcherFunc) FetchRange(ctx context.Context, off, n int64) ([]byte, error) {
	return f(ctx, off, n)
}

type config struct {
	partSize    int64
	concurrency int
	attempts    int
	backoff     time.Duration
}

// Option tunes a download.
type Option func(*config)

// WithPartSize sets the size of each range request.
func WithPartSize(n int64) Option { return func(c *config) { c.partSize = n } }

// WithConcurrency sets how many ranges are in flight at once.
func WithConcurrency(n int) Option { return func(c *config) { c.concurrency = n } }

// WithRetries sets how many times a failed range is attempted and the initial
// backoff between attempts.
func WithRetries(attempts int, backoff time.Duration) Option {
	return func(c *config) { c.attempts, c.backoff = attempts, backoff }
}

// ErrInvalidSize is returned for a negative object size.
var ErrInvalidSize = errors.New("rangedl: invalid object size")

// Download starts fetching an object of the given size and returns a reader of
// its bytes in order. The caller must Close the stream, whether or not it reads
// it to the end.
func Download(ctx context.Context, f Fetcher, size int64, opts ...Option) (*Stream, error) {
	cfg := config{partSize: 8 << 20, concurrency: 4, attempts: 3, backoff: 100 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	if size < 0 {
		return nil, fmt.Errorf("%w: %d", ErrInvalidSize, size)
	}
	if cfg.partSize <= 0 || cfg.concurrency <= 0 || cfg.attempts <= 0 {
		return nil, fmt.Errorf("rangedl: invalid options %+v", cfg)
	}
	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	results := fetchAll(ctx, f, plan(size, cfg.partSize), &cfg)
	go assemble(ctx, pw, results)
	return &Stream{pr: pr, cancel: cancel, size: size}, nil
}

// Stream is the reassembled object.
type Stream struct {
	pr     *io.PipeReader
	cancel context.CancelFunc
	size   int64
}

// Size reports the total number of bytes the stream will yield.
func (s *Stream) Size() int64 { return s.size }

// Read reads the next bytes of the object.
func (s *Stream) Read(p []byte) (int, error) { return s.pr.Read(p) }

// Close abandons the download; outstanding range requests are cancelled.
func (s *Stream) Close() error {
	s.cancel()
	return s.pr.Close()
}
