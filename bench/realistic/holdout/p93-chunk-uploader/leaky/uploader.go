// Package chunkupload uploads large video files to an object store as a
// multipart upload. Parts are sent in parallel, progress is reported to an
// optional callback, and an interrupted upload can be resumed from the parts
// the server has already acknowledged.
package chunkupload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Client is the subset of the remote multipart API used by the Uploader.
type Client interface {
	// CreateUpload starts a multipart upload for key and returns its ID.
	CreateUpload(ctx context.Context, key string, size int64) (string, error)
	// UploadPart stores one part (numbered from 1) and returns its ETag.
	UploadPart(ctx context.Context, uploadID string, part int, data []byte) (string, error)
	// CompleteUpload assembles the listed parts into the final object.
	CompleteUpload(ctx context.Context, uploadID string, parts []CompletedPart) error
}

// CompletedPart identifies a part the server has acknowledged.
type CompletedPart struct {
	Number int
	ETag   string
}

// Clock abstracts time so retries and throughput can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Progress is a snapshot passed to the progress callback after each part.
type Progress struct {
	Key        string
	BytesSent  int64
	TotalBytes int64
	PartsDone  int
	PartsTotal int
	// BytesPerSecond is the average throughput since Upload was called,
	// counting only bytes sent during this call.
	BytesPerSecond float64
}

// Option configures an Uploader.
type Option func(*Uploader)

// WithPartSize sets the size of every part but the last. The default is 8 MiB.
func WithPartSize(n int64) Option { return func(u *Uploader) { u.partSize = n } }

// WithConcurrency sets how many parts are uploaded at once. The default is 4.
func WithConcurrency(n int) Option { return func(u *Uploader) { u.concurrency = n } }

// WithRetries sets how many times a failed part is retried. The default is 3.
func WithRetries(n int) Option { return func(u *Uploader) { u.retries = n } }

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(u *Uploader) { u.clock = c } }

// WithProgress registers a callback invoked, from a single goroutine, after
// every part that completes.
func WithProgress(fn func(Progress)) Option { return func(u *Uploader) { u.onProgress = fn } }

// Uploader uploads files in parts. It is safe for concurrent use by multiple
// goroutines as long as they upload different keys.
type Uploader struct {
	client      Client
	store       SessionStore
	clock       Clock
	partSize    int64
	concurrency int
	retries     int
	backoff     time.Duration
	onProgress  func(Progress)
}

// New returns an Uploader that talks to client and checkpoints to store.
func New(client Client, store SessionStore, opts ...Option) *Uploader {
	u := &Uploader{
		client:      client,
		store:       store,
		clock:       systemClock{},
		partSize:    8 << 20,
		concurrency: 4,
		retries:     3,
		backoff:     200 * time.Millisecond,
	}
	for _, o := range opts {
		o(u)
	}
	if u.concurrency < 1 {
		u.concurrency = 1
	}
	return u
}

// ErrPermanent marks errors from Client that must not be retried. Clients
// wrap it (with %w) when the server rejects a request outright.
var ErrPermanent = errors.New("chunkupload: permanent failure")

// Upload uploads size bytes from src under key. If a previous call for the
// same key was interrupted, only the missing parts are sent.
func (u *Uploader) Upload(ctx context.Context, key string, src io.ReaderAt, size int64) error {
	sess, err := u.openSession(ctx, key, size)
	if err != nil {
		return fmt.Errorf("chunkupload: open session for %q: %w", key, err)
	}

	pending := sess.missingParts()
	var (
		events   chan partDone
		reported chan struct{}
	)
	if u.onProgress != nil {
		events = make(chan partDone, len(pending))
		reported = make(chan struct{})
		go u.report(events, sess.progress(), reported)
	}

	err = u.uploadParts(ctx, sess, src, pending, events)
	if err != nil {
		return fmt.Errorf("chunkupload: upload %q: %w", key, err)
	}
	if events != nil {
		close(events)
		<-reported
	}

	parts := sess.completed()
	if err := u.client.CompleteUpload(ctx, sess.UploadID, parts); err != nil {
		return fmt.Errorf("chunkupload: complete %q: %w", key, err)
	}
	if err := u.store.Delete(ctx, key); err != nil {
		return fmt.Errorf("chunkupload: drop session for %q: %w", key, err)
	}
	return nil
}

// uploadParts sends the given part numbers using a fixed pool of workers.
// The first failure cancels the remaining work and is returned.
func (u *Uploader) uploadParts(ctx context.Context, sess *Session, src io.ReaderAt, pending []int, events chan<- partDone) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int, len(pending))
	for _, n := range pending {
		jobs <- n
	}
	close(jobs)

	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) {
		errOnce.Do(func() {
			firstErr = err
			cancel()
		})
	}

	workers := u.concurrency
	if workers > len(pending) {
		workers = len(pending)
	}
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				if ctx.Err() != nil {
					return
				}
				sent, err := u.sendPart(ctx, sess, src, n)
				if err != nil {
					fail(fmt.Errorf("part %d: %w", n, err))
					return
				}
				if events != nil {
					events <- partDone{number: n, bytes: sent}
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// sendPart reads part n from src, uploads it with retries and checkpoints
// the returned ETag. It returns the number of bytes uploaded.
func (u *Uploader) sendPart(ctx context.Context, sess *Session, src io.ReaderAt, n int) (int64, error) {
	off, length := sess.partRange(n)
	buf := make([]byte, length)
	if _, err := src.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("read source at %d: %w", off, err)
	}

	var lastErr error
	for attempt := 0; attempt <= u.retries; attempt++ {
		if attempt > 0 {
			select {
			case <-u.clock.After(u.backoff << (attempt - 1)):
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		}
		etag, err := u.client.UploadPart(ctx, sess.UploadID, n, buf)
		if err == nil {
			if err := u.checkpoint(ctx, sess, n, etag); err != nil {
				return 0, err
			}
			return length, nil
		}
		lastErr = err
		if errors.Is(err, ErrPermanent) || ctx.Err() != nil {
			break
		}
	}
	return 0, lastErr
}
