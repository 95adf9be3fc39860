package etl

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Page is one page of results from the source API.
type Page struct {
	Items []Record
	// NextCursor is empty on the last page.
	NextCursor string
}

// Source is the paginated inventory API.
type Source interface {
	FetchPage(ctx context.Context, cursor string) (Page, error)
}

// TemporaryError marks errors worth retrying, such as timeouts and 5xx or
// 429 responses.
type TemporaryError interface {
	Temporary() bool
}

func isTemporary(err error) bool {
	var t TemporaryError
	return errors.As(err, &t) && t.Temporary()
}

// extract walks the source's pages and sends their items downstream.
func (j *Job) extract(ctx context.Context, out chan<- []Record, st *Stats) error {
	cursor := ""
	for {
		page, err := j.fetch(ctx, cursor)
		if err != nil {
			return err
		}
		atomic.AddInt64(&st.Pages, 1)
		if len(page.Items) > 0 {
			select {
			case out <- page.Items:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if page.NextCursor == "" {
			return nil
		}
		cursor = page.NextCursor
	}
}

// fetch retrieves one page, retrying temporary failures.
func (j *Job) fetch(ctx context.Context, cursor string) (Page, error) {
	var err error
	for attempt := 1; attempt <= j.cfg.MaxAttempts; attempt++ {
		var p Page
		p, err = j.cfg.Source.FetchPage(ctx, cursor)
		if err == nil {
			return p, nil
		}
		if !isTemporary(err) || attempt == j.cfg.MaxAttempts {
			break
		}
		if serr := sleep(ctx, j.cfg.Clock, j.cfg.RetryDelay*(1<<(attempt-1))); serr != nil {
			return Page{}, serr
		}
	}
	return Page{}, fmt.Errorf("fetch page (cursor %q): %w", cursor, err)
}
