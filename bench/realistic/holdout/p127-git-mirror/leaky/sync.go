package mirror

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"time"
)

// syncClaimed syncs a repository the caller has marked as running, records
// the outcome and schedules the next attempt.
func (m *Mirror) syncClaimed(ctx context.Context, st *repoState) error {
	start := m.clock.Now()
	n, err := m.fetchInto(ctx, st.repo)
	now := m.clock.Now()

	m.mu.Lock()
	defer m.mu.Unlock()
	st.running = false
	s := &st.status
	s.LastAttempt = start
	if err != nil {
		s.Failures++
		s.LastErr = err
		s.NextSync = now.Add(backoff(s.Failures, m.cfg.MinBackoff, m.cfg.MaxBackoff))
		return fmt.Errorf("sync %s (attempt %d): %w", st.repo.Name, s.Failures, err)
	}
	s.Failures = 0
	s.LastErr = nil
	s.LastSuccess = now
	s.Bytes = n
	s.NextSync = now.Add(st.repo.Interval)
	return nil
}

// fetchInto streams a bundle of repo from the transport into the store,
// compressing it on the way, and returns the number of bytes stored.
func (m *Mirror) fetchInto(ctx context.Context, repo Repo) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, m.cfg.FetchTimeout)
	defer cancel()

	bundle, err := m.transport.Bundle(ctx, repo.Upstream)
	if err != nil {
		return 0, fmt.Errorf("fetch %s: %w", repo.Upstream, err)
	}

	pr, pw := io.Pipe()
	copyErr := make(chan error, 1)
	go func() {
		defer bundle.Close()
		zw := gzip.NewWriter(pw)
		_, err := io.Copy(zw, bundle) // leak: store stopped reading and the pipe reader is never closed
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
		pw.CloseWithError(err)
		copyErr <- err
	}()

	n, err := m.store.Put(ctx, repo.Name, pr)
	if err != nil {
		return n, fmt.Errorf("store %s: %w", repo.Name, err)
	}
	if err := <-copyErr; err != nil {
		return n, fmt.Errorf("fetch %s: %w", repo.Upstream, err)
	}
	return n, nil
}

// backoff returns the delay before retrying after the given number of
// consecutive failures: first, 2*first, 4*first, ... capped at limit.
func backoff(failures int, first, limit time.Duration) time.Duration {
	d := first
	for i := 1; i < failures; i++ {
		d *= 2
		if d >= limit || d <= 0 {
			return limit
		}
	}
	if d > limit {
		return limit
	}
	return d
}
