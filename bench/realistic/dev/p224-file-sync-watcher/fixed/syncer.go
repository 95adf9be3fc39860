package filesync

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Run processes watcher events until ctx is done or the watcher is closed.
// Changes still waiting for their debounce period when Run returns are not
// synced.
func (s *Syncer) Run(ctx context.Context) error {
	pending := make(map[string]time.Time) // path -> when it is due
	events, errs := s.cfg.Watcher.Events(), s.cfg.Watcher.Errors()
	for {
		var due <-chan time.Time
		if next, ok := earliest(pending); ok {
			due = s.cfg.Clock.After(next.Sub(s.cfg.Clock.Now()))
		}

		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-events:
			if !ok {
				return ErrWatcherClosed
			}
			if ev.Op == Chmod || s.ignored(ev.Path) {
				continue
			}
			// Every event restarts the quiet period of its file.
			pending[ev.Path] = s.cfg.Clock.Now().Add(s.cfg.Debounce)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			s.cfg.Report("", fmt.Errorf("filesync: watcher: %w", err))
		case <-due:
			s.flush(ctx, pending)
		}
	}
}

// flush syncs every pending path whose quiet period is over. Paths that fail
// with a temporary error are put back to be retried.
func (s *Syncer) flush(ctx context.Context, pending map[string]time.Time) {
	now := s.cfg.Clock.Now()
	for name, at := range pending {
		if at.After(now) {
			continue
		}
		delete(pending, name)
		err := s.sync(ctx, name)
		s.cfg.Report(name, err)
		var tmp interface{ Temporary() bool }
		if err != nil && errors.As(err, &tmp) && tmp.Temporary() && ctx.Err() == nil {
			pending[name] = now.Add(s.cfg.Debounce)
		}
	}
}

func earliest(pending map[string]time.Time) (time.Time, bool) {
	var first time.Time
	for _, at := range pending {
		if first.IsZero() || at.Before(first) {
			first = at
		}
	}
	return first, !first.IsZero()
}
