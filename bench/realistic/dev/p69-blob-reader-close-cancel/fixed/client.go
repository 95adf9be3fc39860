package blobstore

import (
	"context"
	"errors"
	"io"
	"time"
)

// Backend fetches byte ranges of stored objects.
type Backend interface {
	// GetRange returns the object's bytes starting at offset.
	GetRange(ctx context.Context, bucket, key string, offset int64) (io.ReadCloser, error)
}

// ErrTransient marks errors after which a read can resume.
var ErrTransient = errors.New("blobstore: transient error")

// Client reads objects from a bucket.
type Client struct {
	backend Backend
	bucket  string
	retries int
	pause   time.Duration
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithRetries sets how many times a broken stream is resumed.
func WithRetries(n int, pause time.Duration) ClientOption {
	return func(c *Client) { c.retries, c.pause = n, pause }
}

// NewClient returns a Client for bucket.
func NewClient(b Backend, bucket string, opts ...ClientOption) *Client {
	c := &Client{backend: b, bucket: bucket, retries: 3, pause: 100 * time.Millisecond}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Open starts streaming key. The returned Reader must be closed. Cancelling
// ctx aborts a Read that is in progress.
func (c *Client) Open(ctx context.Context, key string) (*Reader, error) {
	ctx, cancel := context.WithCancel(ctx)
	body, err := c.backend.GetRange(ctx, c.bucket, key, 0)
	if err != nil {
		cancel()
		return nil, err
	}
	r := &Reader{c: c, ctx: ctx, cancel: cancel, key: key, body: body}
	go r.abortOnCancel()
	return r, nil
}
