// Package upload implements resumable multipart uploads: a file is split
// into fixed-size parts, each part is uploaded (and retried) independently,
// progress is checkpointed so an interrupted upload can resume, and the
// upload is finished by committing a manifest of the uploaded parts.
package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// PartRequest describes one part sent to the storage service. Body is a
// multipart/form-data stream whose content type is ContentType.
type PartRequest struct {
	UploadID    string
	Number      int
	Size        int64
	SHA256      string
	ContentType string
	Body        io.Reader
}

// PartInfo is a part the storage service has accepted.
type PartInfo struct {
	Number int
	ETag   string
	SHA256 string
}

// Manifest lists the parts that make up a finished object, in order.
type Manifest struct {
	Key   string
	Size  int64
	Parts []PartInfo
}

// Client is the storage service's multipart upload API.
type Client interface {
	CreateUpload(ctx context.Context, key string, size int64) (uploadID string, err error)
	UploadPart(ctx context.Context, req PartRequest) (etag string, err error)
	ListParts(ctx context.Context, uploadID string) ([]PartInfo, error)
	Complete(ctx context.Context, uploadID string, m Manifest) error
}

// Checkpoint records an upload in progress so it can be resumed.
type Checkpoint struct {
	UploadID string
	Size     int64
	PartSize int64
}

// CheckpointStore persists checkpoints between runs.
type CheckpointStore interface {
	Load(key string) (cp Checkpoint, ok bool, err error)
	Save(key string, cp Checkpoint) error
	Delete(key string) error
}

// RetryableError marks a failure worth retrying, such as throttling or a
// transient server error.
type RetryableError struct{ Err error }

func (e *RetryableError) Error() string { return "retryable: " + e.Err.Error() }
func (e *RetryableError) Unwrap() error { return e.Err }

// ErrSizeChanged is returned when resuming an upload whose source no longer
// matches the checkpoint.
var ErrSizeChanged = errors.New("upload: source size differs from checkpoint")

// Config configures an Uploader. Zero values select defaults.
type Config struct {
	PartSize    int64         // bytes per part; default 8 MiB
	Concurrency int           // parts in flight; default 4
	MaxAttempts int           // attempts per part; default 3
	Backoff     time.Duration // delay before the first retry, doubled after each; default none
}

func (c *Config) setDefaults() {
	if c.PartSize <= 0 {
		c.PartSize = 8 << 20
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
}

// Uploader uploads files through a Client.
type Uploader struct {
	client Client
	store  CheckpointStore
	cfg    Config
}

// New returns an Uploader.
func New(client Client, store CheckpointStore, cfg Config) *Uploader {
	cfg.setDefaults()
	return &Uploader{client: client, store: store, cfg: cfg}
}

// Upload uploads size bytes from src under key, resuming a previous attempt
// if the checkpoint store has one.
func (u *Uploader) Upload(ctx context.Context, key string, src io.ReaderAt, size int64) (Manifest, error) {
	cp, done, err := u.resume(ctx, key, size)
	if err != nil {
		return Manifest{}, err
	}

	parts := splitParts(size, cp.PartSize)
	todo := make([]part, 0, len(parts))
	for _, p := range parts {
		if _, ok := done[p.number]; !ok {
			todo = append(todo, p)
		}
	}

	uploaded, err := u.uploadParts(ctx, cp.UploadID, src, todo)
	if err != nil {
		return Manifest{}, fmt.Errorf("upload %s: %w", key, err)
	}
	for _, info := range uploaded {
		done[info.Number] = info
	}

	m := Manifest{Key: key, Size: size, Parts: make([]PartInfo, 0, len(done))}
	for _, info := range done {
		m.Parts = append(m.Parts, info)
	}
	sort.Slice(m.Parts, func(i, j int) bool { return m.Parts[i].Number < m.Parts[j].Number })

	if err := u.client.Complete(ctx, cp.UploadID, m); err != nil {
		return Manifest{}, fmt.Errorf("upload %s: commit manifest: %w", key, err)
	}
	if err := u.store.Delete(key); err != nil {
		return m, fmt.Errorf("upload %s: clear checkpoint: %w", key, err)
	}
	return m, nil
}

// resume returns the checkpoint for key, creating a new upload if there is
// none, along with the parts the service already holds.
func (u *Uploader) resume(ctx context.Context, key string, size int64) (Checkpoint, map[int]PartInfo, error) {
	done := make(map[int]PartInfo)
	cp, ok, err := u.store.Load(key)
	if err != nil {
		return Checkpoint{}, nil, fmt.Errorf("upload %s: load checkpoint: %w", key, err)
	}
	if ok {
		if cp.Size != size {
			return Checkpoint{}, nil, fmt.Errorf("upload %s: %w (%d != %d)", key, ErrSizeChanged, size, cp.Size)
		}
		infos, err := u.client.ListParts(ctx, cp.UploadID)
		if err != nil {
			return Checkpoint{}, nil, fmt.Errorf("upload %s: list parts of %s: %w", key, cp.UploadID, err)
		}
		for _, info := range infos {
			done[info.Number] = info
		}
		return cp, done, nil
	}

	id, err := u.client.CreateUpload(ctx, key, size)
	if err != nil {
		return Checkpoint{}, nil, fmt.Errorf("upload %s: create: %w", key, err)
	}
	cp = Checkpoint{UploadID: id, Size: size, PartSize: u.cfg.PartSize}
	if err := u.store.Save(key, cp); err != nil {
		return Checkpoint{}, nil, fmt.Errorf("upload %s: save checkpoint: %w", key, err)
	}
	return cp, done, nil
}

// uploadParts uploads todo with bounded concurrency and stops at the first
// part that fails for good.
func (u *Uploader) uploadParts(ctx context.Context, uploadID string, src io.ReaderAt, todo []part) ([]PartInfo, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		firstErr error
		results  = make([]PartInfo, 0, len(todo))
		wg       sync.WaitGroup
		sem      = make(chan struct{}, u.cfg.Concurrency)
	)
	for _, p := range todo {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(p part) {
			defer wg.Done()
			defer func() { <-sem }()
			info, err := u.uploadPart(ctx, uploadID, src, p)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			results = append(results, info)
		}(p)
	}
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}
