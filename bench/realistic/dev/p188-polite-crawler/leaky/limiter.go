package crawler

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Clock starts tickers; tests substitute a fake.
type Clock interface {
	Tick(d time.Duration) (c <-chan time.Time, stop func())
}

type realClock struct{}

func (realClock) Tick(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// hostLimiter hands out at most one request slot per interval for one host.
// The first slot is available immediately.
type hostLimiter struct {
	interval time.Duration
	tokens   chan struct{}
	stop     chan struct{}
	once     sync.Once
}

func newHostLimiter(clock Clock, interval time.Duration) *hostLimiter {
	l := &hostLimiter{interval: interval, tokens: make(chan struct{}, 1), stop: make(chan struct{})}
	l.tokens <- struct{}{}
	tick, stop := clock.Tick(interval)
	go l.refill(tick, stop)
	return l
}

func (l *hostLimiter) refill(tick <-chan time.Time, stopTicker func()) {
	defer stopTicker()
	for {
		select { // leak: a replaced limiter is never stopped, so refill waits on its ticker forever
		case <-tick:
			select {
			case l.tokens <- struct{}{}:
			default: // a slot is already available
			}
		case <-l.stop:
			return
		}
	}
}

// Wait blocks until a request to the host may be sent.
func (l *hostLimiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-l.stop:
		return errLimiterStopped
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stop ends the limiter's goroutine; pending and future Waits fail.
func (l *hostLimiter) Stop() {
	l.once.Do(func() { close(l.stop) })
}

// maxCrawlDelay caps the Crawl-delay a site may ask for.
const maxCrawlDelay = time.Minute

var errLimiterStopped = errors.New("crawler: host limiter stopped")

// politeness keeps one limiter per host for the duration of a crawl.
type politeness struct {
	clock    Clock
	minDelay time.Duration

	mu    sync.Mutex
	hosts map[string]*hostLimiter
}

func (p *politeness) limiter(host string) *hostLimiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.hosts[host]
	if !ok {
		l = newHostLimiter(p.clock, p.minDelay)
		p.hosts[host] = l
	}
	return l
}

// setDelay applies a robots.txt Crawl-delay, clamped to [minDelay,
// maxCrawlDelay] so that a site can slow us down but not speed us up.
func (p *politeness) setDelay(host string, d time.Duration) {
	if d < p.minDelay {
		d = p.minDelay
	}
	if d > maxCrawlDelay {
		d = maxCrawlDelay
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if cur, ok := p.hosts[host]; ok && cur.interval == d {
		return
	}
	p.hosts[host] = newHostLimiter(p.clock, d)
}

// wait blocks until host may be sent a request. If the host's limiter is
// stopped while waiting, it retries with the current one.
func (p *politeness) wait(ctx context.Context, host string) error {
	for {
		err := p.limiter(host).Wait(ctx)
		if !errors.Is(err, errLimiterStopped) {
			return err
		}
	}
}

func (p *politeness) stopAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.hosts {
		l.Stop()
	}
}
