package breach

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// batchLoop collects requests and flushes them when the batch is full or
// the flush interval after its first request has passed.
func (c *Checker) batchLoop() {
	var (
		pending []*request
		timer   <-chan time.Time
	)
	for {
		select {
		case r := <-c.reqs:
			pending = append(pending, r)
			if len(pending) == 1 {
				timer = c.cfg.Clock.After(c.cfg.FlushInterval)
			}
			if len(pending) < c.cfg.MaxBatch {
				continue
			}
		case <-timer:
		case <-c.quit:
			for _, r := range pending {
				r.reply <- reply{err: ErrClosed}
			}
			return
		}
		c.flush(pending)
		pending, timer = nil, nil
	}
}

// flush resolves one batch, issuing one API call per distinct prefix.
func (c *Checker) flush(batch []*request) {
	byPrefix := make(map[string][]*request)
	for _, r := range batch {
		byPrefix[r.prefix] = append(byPrefix[r.prefix], r)
	}

	sem := make(chan struct{}, c.cfg.MaxInFlight)
	var wg sync.WaitGroup
	for prefix, reqs := range byPrefix {
		// Don't spend API quota on callers that have already gone away.
		live := reqs[:0]
		for _, r := range reqs {
			if r.ctx.Err() == nil {
				live = append(live, r)
			}
		}
		if len(live) == 0 {
			continue
		}

		sem <- struct{}{}
		wg.Add(1)
		go func(prefix string, reqs []*request) {
			defer wg.Done()
			defer func() { <-sem }()
			c.resolve(prefix, reqs)
		}(prefix, live)
	}
	wg.Wait()
}

// resolve fetches one prefix and answers everyone waiting on it.
func (c *Checker) resolve(prefix string, reqs []*request) {
	counts, ok := c.cache.get(prefix, c.cfg.Clock.Now())
	var err error
	if !ok {
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.RequestTimeout)
		counts, err = c.cfg.Client.Range(ctx, prefix)
		cancel()
		if err != nil {
			err = fmt.Errorf("breach: lookup prefix %s: %w", prefix, err)
		} else {
			c.cache.put(prefix, counts, c.cfg.Clock.Now())
		}
	}
	for _, r := range reqs {
		if err != nil {
			r.reply <- reply{err: err}
			continue
		}
		r.reply <- reply{count: counts[r.suffix]}
	}
}
