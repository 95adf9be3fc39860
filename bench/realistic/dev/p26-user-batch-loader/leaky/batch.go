package userloader

import (
	"context"
	"fmt"
	"time"
)

func (l *Loader) collect() {
	var batch []request
	var window <-chan time.Time
	for {
		select {
		case req := <-l.reqs:
			batch = append(batch, req)
			if len(batch) == 1 {
				window = time.After(l.opts.Wait)
			}
			if len(batch) < l.opts.MaxBatch {
				continue
			}
		case <-window:
		case <-l.quit:
			if len(batch) > 0 {
				go l.dispatch(batch)
			}
			return
		}
		go l.dispatch(batch)
		batch, window = nil, nil
	}
}

func (l *Loader) dispatch(batch []request) {
	ids := make([]string, 0, len(batch))
	seen := make(map[string]bool, len(batch))
	for _, r := range batch {
		if !seen[r.id] {
			seen[r.id] = true
			ids = append(ids, r.id)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.opts.Timeout)
	defer cancel()
	found, err := l.fetch(ctx, ids)
	if err != nil {
		l.opts.Logf("userloader: batch of %d ids failed: %v", len(ids), err)
		return
	}
	for _, r := range batch {
		if u, ok := found[r.id]; ok {
			r.reply <- result{user: u}
		} else {
			r.reply <- result{err: fmt.Errorf("%w: %s", ErrNotFound, r.id)}
		}
	}
}
