package blobstore

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// Reader streams one object, transparently resuming after transient errors.
type Reader struct {
	c      *Client
	ctx    context.Context
	cancel context.CancelFunc
	key    string

	mu      sync.Mutex
	body    io.ReadCloser
	off     int64
	resumes int
	closed  bool
}

func (r *Reader) abortOnCancel() {
	<-r.ctx.Done() // leak: Close never cancels the reader's context, so this waits forever once the stream is done
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.body != nil {
		r.body.Close()
	}
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	for {
		r.mu.Lock()
		body, closed := r.body, r.closed
		r.mu.Unlock()
		if closed {
			return 0, errors.New("blobstore: read after close")
		}
		n, err := body.Read(p)
		r.off += int64(n)
		if err == nil || err == io.EOF || !errors.Is(err, ErrTransient) {
			if ctxErr := r.ctx.Err(); ctxErr != nil && err != nil && err != io.EOF {
				return n, ctxErr
			}
			return n, err
		}
		if n > 0 {
			return n, nil
		}
		if err := r.resume(); err != nil {
			return 0, err
		}
	}
}

func (r *Reader) resume() error {
	if r.resumes >= r.c.retries {
		return errors.New("blobstore: too many resumes for " + r.key)
	}
	r.resumes++
	select {
	case <-time.After(r.c.pause):
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
	body, err := r.c.backend.GetRange(r.ctx, r.c.bucket, r.key, r.off)
	if err != nil {
		return err
	}
	r.mu.Lock()
	old := r.body
	r.body = body
	r.mu.Unlock()
	old.Close()
	return nil
}

// Close releases the stream.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	return r.body.Close()
}

var _ io.ReadCloser = (*Reader)(nil)
