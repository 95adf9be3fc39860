package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Option configures an Uploader.
type Option func(*Uploader)

// WithPartSize sets the size of each part. The default is 8 MiB.
func WithPartSize(n int) Option { return func(u *Uploader) { u.partSize = n } }

// WithConcurrency sets the number of parts uploaded in parallel.
// The default is 4.
func WithConcurrency(n int) Option { return func(u *Uploader) { u.concurrency = n } }

// WithMaxAttempts sets how many times each part is tried. The default is 5.
func WithMaxAttempts(n int) Option { return func(u *Uploader) { u.maxAttempts = n } }

// WithBackoff sets the delay before retry number attempt (1-based).
func WithBackoff(f func(attempt int) time.Duration) Option {
	return func(u *Uploader) { u.backoff = f }
}

// WithProgress registers a callback invoked after each stored part. It is
// called from the goroutine that called Upload.
func WithProgress(f func(Progress)) Option { return func(u *Uploader) { u.progress = f } }

// WithLogger sets the logger used for retry messages.
func WithLogger(l *log.Logger) Option { return func(u *Uploader) { u.logger = l } }

// Uploader uploads artifacts to a Store.
type Uploader struct {
	store       Store
	partSize    int
	concurrency int
	maxAttempts int
	backoff     func(attempt int) time.Duration
	progress    func(Progress)
	logger      *log.Logger
}

// NewUploader returns an Uploader for store.
func NewUploader(store Store, opts ...Option) *Uploader {
	u := &Uploader{
		store:       store,
		partSize:    8 << 20,
		concurrency: 4,
		maxAttempts: 5,
		backoff:     ExponentialBackoff(500*time.Millisecond, 30*time.Second),
		logger:      log.Default(),
	}
	for _, o := range opts {
		o(u)
	}
	if u.concurrency < 1 {
		u.concurrency = 1
	}
	if u.maxAttempts < 1 {
		u.maxAttempts = 1
	}
	return u
}

type part struct {
	number int
	data   []byte
}

type partResult struct {
	number int
	size   int
	etag   string
	err    error
}

// Upload reads the artifact from r and stores it under name.
func (u *Uploader) Upload(ctx context.Context, name string, r io.Reader) error {
	uploadID, err := u.store.CreateUpload(ctx, name)
	if err != nil {
		return fmt.Errorf("artifacts: create upload for %s: %w", name, err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	parts := make(chan part)
	readErr := make(chan error, 1)
	go u.split(ctx, r, parts, readErr)

	results := make(chan partResult)
	var wg sync.WaitGroup
	for i := 0; i < u.concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u.worker(ctx, uploadID, parts, results)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var (
		completed []CompletedPart
		sent      int64
		firstErr  error
	)
	for res := range results {
		if res.err != nil {
			if firstErr == nil {
				firstErr = res.err
				cancel()
			}
			continue
		}
		completed = append(completed, CompletedPart{Number: res.number, ETag: res.etag})
		sent += int64(res.size)
		if u.progress != nil {
			u.progress(Progress{Artifact: name, PartsDone: len(completed), BytesSent: sent})
		}
	}
	if firstErr == nil {
		select {
		case firstErr = <-readErr:
		default:
		}
	}
	if firstErr == nil && len(completed) == 0 {
		firstErr = ErrEmptyArtifact
	}
	if firstErr != nil {
		u.abort(uploadID)
		return fmt.Errorf("artifacts: upload %s: %w", name, firstErr)
	}

	sort.Slice(completed, func(i, j int) bool { return completed[i].Number < completed[j].Number })
	if err := u.store.CompleteUpload(ctx, uploadID, completed); err != nil {
		u.abort(uploadID)
		return fmt.Errorf("artifacts: complete upload %s: %w", name, err)
	}
	return nil
}

// split cuts r into parts and hands them to the workers. It closes parts
// when r is exhausted or cannot be read.
func (u *Uploader) split(ctx context.Context, r io.Reader, parts chan<- part, readErr chan<- error) {
	defer close(parts)
	for number := 1; ; number++ {
		if ctx.Err() != nil {
			return
		}
		buf := make([]byte, u.partSize)
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			select {
			case parts <- part{number: number, data: buf[:n]}:
			case <-ctx.Done():
				return
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return
		}
		if err != nil {
			readErr <- fmt.Errorf("read artifact: %w", err)
			return
		}
	}
}

// worker uploads parts until parts is closed or a part fails for good.
func (u *Uploader) worker(ctx context.Context, uploadID string, parts <-chan part, results chan<- partResult) {
	for p := range parts {
		etag, err := u.uploadPart(ctx, uploadID, p)
		results <- partResult{number: p.number, size: len(p.data), etag: etag, err: err}
		if err != nil {
			return
		}
	}
}

func (u *Uploader) uploadPart(ctx context.Context, uploadID string, p part) (string, error) {
	sum := checksum(p.data)
	var lastErr error
	for attempt := 1; attempt <= u.maxAttempts; attempt++ {
		if attempt > 1 {
			t := time.NewTimer(u.backoff(attempt - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return "", ctx.Err()
			case <-t.C:
			}
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		etag, err := u.store.UploadPart(ctx, uploadID, p.number, p.data, sum)
		if err == nil {
			return etag, nil
		}
		lastErr = err
		u.logger.Printf("artifacts: part %d attempt %d/%d: %v", p.number, attempt, u.maxAttempts, err)
	}
	return "", &PartError{Number: p.number, Attempts: u.maxAttempts, Err: lastErr}
}

func (u *Uploader) abort(uploadID string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := u.store.AbortUpload(ctx, uploadID); err != nil {
		u.logger.Printf("artifacts: abort upload %s: %v", uploadID, err)
	}
}
