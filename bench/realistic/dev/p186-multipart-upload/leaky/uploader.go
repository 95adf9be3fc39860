package multipart

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

const (
	defaultPartSize    = 8 << 20
	defaultConcurrency = 4
	maxParts           = 10000
)

// Config configures an Uploader.
type Config struct {
	Bucket string
	// PartSize is the size of every part but the last. Default 8 MiB.
	PartSize int
	// Concurrency is the number of parts uploaded in parallel. Default 4.
	Concurrency int
	// MaxRetries is how many times a part is retried after a retryable error.
	MaxRetries int
	// RetryBackoff is the delay before the first retry; it doubles each time.
	RetryBackoff time.Duration
	// Compress gzips the object on the fly and sets Content-Encoding.
	Compress bool
	// CompressionLevel is passed to gzip; zero means gzip.DefaultCompression.
	CompressionLevel int
	// Metadata is attached to every object.
	Metadata map[string]string
}

// Result describes a completed upload.
type Result struct {
	Key      string
	UploadID string
	Parts    int
	Size     int64 // bytes stored, after compression
}

// Uploader uploads objects to one bucket.
type Uploader struct {
	store ObjectStore
	cfg   Config
}

// New returns an Uploader for cfg.Bucket.
func New(store ObjectStore, cfg Config) (*Uploader, error) {
	if store == nil {
		return nil, errors.New("multipart: nil store")
	}
	if cfg.Bucket == "" {
		return nil, errors.New("multipart: bucket is required")
	}
	if cfg.PartSize <= 0 {
		cfg.PartSize = defaultPartSize
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = defaultConcurrency
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 200 * time.Millisecond
	}
	if cfg.CompressionLevel == 0 {
		cfg.CompressionLevel = gzip.DefaultCompression
	}
	return &Uploader{store: store, cfg: cfg}, nil
}

// Upload reads src to the end and stores it under key. If any part fails the
// upload is aborted and an *UploadError is returned.
func (u *Uploader) Upload(ctx context.Context, key string, src io.Reader) (*Result, error) {
	meta := make(map[string]string, len(u.cfg.Metadata)+1)
	for k, v := range u.cfg.Metadata {
		meta[k] = v
	}
	if u.cfg.Compress {
		meta["Content-Encoding"] = "gzip"
	}
	id, err := u.store.CreateMultipartUpload(ctx, u.cfg.Bucket, key, meta)
	if err != nil {
		return nil, fmt.Errorf("multipart: create upload for %q: %w", key, err)
	}

	body := src
	if u.cfg.Compress {
		body = gzipStream(src, u.cfg.CompressionLevel)
	}

	parts, size, err := u.uploadParts(ctx, key, id, body)
	if err == nil {
		err = u.store.CompleteMultipartUpload(ctx, u.cfg.Bucket, key, id, parts)
		if err != nil {
			err = fmt.Errorf("complete: %w", err)
		}
	}
	if err != nil {
		return nil, &UploadError{Key: key, UploadID: id, Err: err, AbortErr: u.abort(key, id)}
	}
	return &Result{Key: key, UploadID: id, Parts: len(parts), Size: size}, nil
}

// abort uses its own context: the caller's may already be cancelled, and the
// parts must be cleaned up regardless.
func (u *Uploader) abort(key, id string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return u.store.AbortMultipartUpload(ctx, u.cfg.Bucket, key, id)
}

// uploadParts cuts body into parts and uploads them with a pool of workers.
// It stops reading at the first failure.
func (u *Uploader) uploadParts(ctx context.Context, key, id string, body io.Reader) ([]CompletedPart, int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu        sync.Mutex
		completed []CompletedPart
		firstErr  error
		wg        sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}

	jobs := make(chan part)
	for i := 0; i < u.cfg.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				etag, err := u.uploadPart(ctx, key, id, p)
				if err != nil {
					fail(fmt.Errorf("part %d: %w", p.number, err))
					continue
				}
				mu.Lock()
				completed = append(completed, CompletedPart{Number: p.number, ETag: etag})
				mu.Unlock()
			}
		}()
	}

	pr := &partReader{r: body, size: u.cfg.PartSize}
dispatch:
	for ctx.Err() == nil {
		p, err := pr.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
			break
		}
		if p.number > maxParts {
			fail(fmt.Errorf("%w: more than %d parts of %d bytes", ErrTooManyParts, maxParts, u.cfg.PartSize))
			break
		}
		select {
		case jobs <- p:
		case <-ctx.Done():
			break dispatch
		}
	}
	close(jobs)
	wg.Wait()

	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, 0, firstErr
	}
	sort.Slice(completed, func(i, j int) bool { return completed[i].Number < completed[j].Number })
	return completed, pr.offset, nil
}

// uploadPart sends one part, retrying retryable errors with exponential backoff.
func (u *Uploader) uploadPart(ctx context.Context, key, id string, p part) (string, error) {
	backoff := u.cfg.RetryBackoff
	for attempt := 0; ; attempt++ {
		etag, err := u.store.UploadPart(ctx, u.cfg.Bucket, key, id, p.number, p.body)
		if err == nil {
			return etag, nil
		}
		if attempt >= u.cfg.MaxRetries || !isRetryable(err) {
			return "", err
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", ctx.Err()
		}
		backoff *= 2
	}
}
