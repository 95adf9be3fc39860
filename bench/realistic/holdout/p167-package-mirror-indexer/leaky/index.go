package mirror

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// walk pages through the upstream index and sends every entry that still
// needs mirroring on jobs. Entries that are yanked, filtered out or already
// present in the store are counted as skipped.
func (m *Mirror) walk(ctx context.Context, jobs chan<- Entry, t *tally) error {
	cursor := ""
	for {
		page, err := m.page(ctx, cursor)
		if err != nil {
			return err
		}
		t.update(func(r *Report) { r.Pages++; r.Listed += len(page.Entries) })

		for _, e := range page.Entries {
			want, err := m.wanted(ctx, e)
			if err != nil {
				return err
			}
			if !want {
				t.update(func(r *Report) { r.Skipped++ })
				continue
			}
			select {
			case jobs <- e:
			case <-ctx.Done():
				return ctx.Err()
			}
		}

		if page.Next == "" {
			close(jobs)
			return nil
		}
		cursor = page.Next
	}
}

// wanted reports whether e should be downloaded.
func (m *Mirror) wanted(ctx context.Context, e Entry) (bool, error) {
	if e.Yanked || (m.opts.filter != nil && !m.opts.filter(e)) {
		return false, nil
	}
	ok, err := m.store.Has(ctx, e.Key())
	if err != nil {
		return false, fmt.Errorf("check store for %s: %w", e.Key(), err)
	}
	return !ok, nil
}

// page fetches one index page, retrying temporary failures with exponential
// back-off.
func (m *Mirror) page(ctx context.Context, cursor string) (Page, error) {
	delay := m.opts.backoff
	for attempt := 1; ; attempt++ {
		p, err := m.up.Index(ctx, cursor)
		if err == nil {
			return p, nil
		}
		var tmp TemporaryError
		if !errors.As(err, &tmp) || !tmp.Temporary() || attempt >= m.opts.attempts {
			return Page{}, fmt.Errorf("index page %q (attempt %d): %w", cursor, attempt, err)
		}
		select {
		case <-m.opts.clock.After(delay):
		case <-ctx.Done():
			return Page{}, ctx.Err()
		}
		if delay *= 2; delay > time.Minute {
			delay = time.Minute
		}
	}
}
