package apiclient

import (
	"context"
	"sync"
	"time"
)

// pacer spaces calls evenly so the API's per-second quota is not exceeded.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newPacer(perSecond int) *pacer {
	return &pacer{interval: time.Second / time.Duration(perSecond)}
}

// wait blocks until the caller may send its next request or ctx is done.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := time.Now()
	at := p.next
	if at.Before(now) {
		at = now
	}
	p.next = at.Add(p.interval)
	p.mu.Unlock()
	return sleepCtx(ctx, at.Sub(now))
}
