package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Document is a single document to be indexed.
type Document struct {
	// Index is the target index name.
	Index string
	// ID is the document identifier; indexing the same ID overwrites it.
	ID string
	// Source is the JSON body of the document.
	Source json.RawMessage
}

// size approximates the number of bytes the document adds to a bulk body.
func (d Document) size() int {
	return len(d.Index) + len(d.ID) + len(d.Source) + 32
}

// BulkClient sends an NDJSON bulk body to the search cluster. The body is
// streamed; implementations read it until EOF or until they give up.
type BulkClient interface {
	Bulk(ctx context.Context, body io.Reader) error
}

// StatusError is returned by BulkClient implementations for non-2xx
// responses from the cluster.
type StatusError struct {
	Code int
	Msg  string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("search cluster returned %d: %s", e.Code, e.Msg)
}

// retryable reports whether a failed bulk request is worth repeating.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		switch se.Code {
		case http.StatusTooManyRequests, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

type bulkAction struct {
	Index bulkMeta `json:"index"`
}

type bulkMeta struct {
	Index string `json:"_index"`
	ID    string `json:"_id"`
}

// writeBulk encodes docs as an NDJSON bulk body: an action line followed
// by the document source for each document.
func writeBulk(w io.Writer, docs []Document) error {
	enc := json.NewEncoder(w)
	for _, d := range docs {
		if err := enc.Encode(bulkAction{bulkMeta{Index: d.Index, ID: d.ID}}); err != nil { // leak: pipe reader abandoned after failed request
			return fmt.Errorf("encode action for %s/%s: %w", d.Index, d.ID, err)
		}
		if err := enc.Encode(d.Source); err != nil {
			return fmt.Errorf("encode source for %s/%s: %w", d.Index, d.ID, err)
		}
	}
	return nil
}

// send delivers one batch, retrying transient failures with backoff.
func (b *Batcher) send(ctx context.Context, docs []Document) error {
	var err error
	for attempt := 0; attempt <= b.cfg.MaxRetries; attempt++ {
		if attempt > 0 {
			if werr := b.wait(ctx, b.backoff(attempt)); werr != nil {
				return fmt.Errorf("indexer: bulk of %d docs: %w", len(docs), werr)
			}
		}
		err = b.sendOnce(ctx, docs)
		if err == nil || !retryable(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("indexer: bulk of %d docs: %w", len(docs), err)
	}
	return nil
}

// sendOnce streams the bulk body to the client through a pipe so large
// batches are never held in memory twice.
func (b *Batcher) sendOnce(ctx context.Context, docs []Document) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeBulk(pw, docs))
	}()
	return b.client.Bulk(ctx, pr)
}

func (b *Batcher) backoff(attempt int) time.Duration {
	d := b.cfg.BackoffBase << (attempt - 1)
	if d > b.cfg.BackoffMax || d <= 0 {
		d = b.cfg.BackoffMax
	}
	return d
}

func (b *Batcher) wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-b.cfg.Clock.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
