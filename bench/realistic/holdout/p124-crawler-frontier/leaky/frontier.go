// Package frontier schedules URLs for a web crawler. URLs are deduplicated
// and queued per host; each host is crawled by its own fetch loop that
// honours a politeness delay between requests, and hosts that keep failing
// are taken out of rotation.
package frontier

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by Add after Close.
	ErrClosed = errors.New("frontier: closed")
	// ErrHostBlocked is returned by Add for a host taken out of rotation.
	ErrHostBlocked = errors.New("frontier: host blocked")
	// ErrQueueFull is returned by Add when a host's queue is full.
	ErrQueueFull = errors.New("frontier: host queue full")
)

// Page is the result of fetching a URL.
type Page struct {
	URL    *url.URL
	Status int
	Links  []string
	Depth  int
}

// Fetcher retrieves a page and extracts its links.
type Fetcher interface {
	Fetch(ctx context.Context, u *url.URL) (Page, error)
}

// Clock abstracts time for politeness delays.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Frontier.
type Config struct {
	Fetcher Fetcher
	Clock   Clock

	// PolitenessDelay is the minimum time between two requests to the
	// same host (default 1s).
	PolitenessDelay time.Duration
	// MaxHostErrors is the number of consecutive failures after which a
	// host is blocked (default 5).
	MaxHostErrors int
	// HostQueueSize bounds the URLs queued per host (default 1024).
	HostQueueSize int
	// MaxDepth bounds how many links away from a seed the crawl goes.
	MaxDepth int

	// OnPage is called for every fetched page.
	OnPage func(Page)
	// OnError is called for every failed fetch.
	OnError func(u *url.URL, err error)
	// OnHostBlocked is called when a host is taken out of rotation.
	OnHostBlocked func(host string, reason error)
}

type item struct {
	u     *url.URL
	depth int
}

// hostQueue is the per-host schedule. Its fields other than urls are only
// touched by the host's fetch loop.
type hostQueue struct {
	host     string
	urls     chan item
	last     time.Time
	failures int
}

// Frontier is a concurrent, polite URL scheduler.
type Frontier struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	seen    map[string]struct{}
	hosts   map[string]*hostQueue
	blocked map[string]error
}

// New returns a Frontier that fetches with cfg.Fetcher.
func New(cfg Config) (*Frontier, error) {
	if cfg.Fetcher == nil {
		return nil, errors.New("frontier: fetcher is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.PolitenessDelay <= 0 {
		cfg.PolitenessDelay = time.Second
	}
	if cfg.MaxHostErrors <= 0 {
		cfg.MaxHostErrors = 5
	}
	if cfg.HostQueueSize <= 0 {
		cfg.HostQueueSize = 1024
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Frontier{
		cfg:     cfg,
		ctx:     ctx,
		cancel:  cancel,
		seen:    make(map[string]struct{}),
		hosts:   make(map[string]*hostQueue),
		blocked: make(map[string]error),
	}, nil
}

// Add schedules a seed URL.
func (f *Frontier) Add(raw string) error {
	u, err := normalize(raw)
	if err != nil {
		return err
	}
	return f.add(u, 0)
}

func (f *Frontier) add(u *url.URL, depth int) error {
	key := u.String()
	host := hostKey(u)

	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrClosed
	}
	if reason, ok := f.blocked[host]; ok {
		return fmt.Errorf("%s: %w (%v)", key, ErrHostBlocked, reason)
	}
	if _, ok := f.seen[key]; ok {
		return nil
	}
	hq, ok := f.hosts[host]
	if !ok {
		hq = &hostQueue{host: host, urls: make(chan item, f.cfg.HostQueueSize)}
		f.hosts[host] = hq
		go f.crawlHost(hq)
	}
	select {
	case hq.urls <- item{u: u, depth: depth}:
		f.seen[key] = struct{}{}
		return nil
	default:
		return fmt.Errorf("%s: %w", key, ErrQueueFull)
	}
}

// Unblock puts a blocked host back into rotation. URLs for it must be added
// again.
func (f *Frontier) Unblock(host string) {
	f.mu.Lock()
	delete(f.blocked, host)
	f.mu.Unlock()
}

// BlockReason returns why host is out of rotation, or nil if it is not.
func (f *Frontier) BlockReason(host string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.blocked[host]
}

// Hosts returns the number of hosts currently scheduled.
func (f *Frontier) Hosts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.hosts)
}

// Close stops scheduling. Queued URLs are dropped and in-flight fetches
// are cancelled.
func (f *Frontier) Close() {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	for host, hq := range f.hosts {
		close(hq.urls)
		delete(f.hosts, host)
	}
	f.mu.Unlock()
	f.cancel()
}

// crawlHost is the fetch loop of one host. It runs until the host's queue
// is closed or the frontier is shut down.
func (f *Frontier) crawlHost(hq *hostQueue) {
	for it := range hq.urls { // leak: queue of a blocked host is never closed
		if f.isBlocked(hq.host) || f.ctx.Err() != nil {
			continue
		}
		if err := f.politeWait(hq); err != nil {
			continue
		}
		page, err := f.cfg.Fetcher.Fetch(f.ctx, it.u)
		hq.last = f.cfg.Clock.Now()
		if err != nil {
			f.fetchFailed(hq, it.u, err)
			continue
		}
		hq.failures = 0
		page.URL, page.Depth = it.u, it.depth
		if f.cfg.OnPage != nil {
			f.cfg.OnPage(page)
		}
		if it.depth >= f.cfg.MaxDepth {
			continue
		}
		for _, link := range page.Links {
			next, err := resolve(it.u, link)
			if err != nil {
				continue
			}
			// Links into blocked or saturated hosts are dropped.
			_ = f.add(next, it.depth+1)
		}
	}
}

func (f *Frontier) fetchFailed(hq *hostQueue, u *url.URL, err error) {
	if f.cfg.OnError != nil {
		f.cfg.OnError(u, err)
	}
	if f.ctx.Err() != nil {
		return
	}
	hq.failures++
	if hq.failures >= f.cfg.MaxHostErrors {
		f.block(hq, fmt.Errorf("%d consecutive failures, last: %w", hq.failures, err))
	}
}

// block takes hq's host out of rotation.
func (f *Frontier) block(hq *hostQueue, reason error) {
	f.mu.Lock()
	f.blocked[hq.host] = reason
	if f.hosts[hq.host] == hq {
		delete(f.hosts, hq.host)
	}
	f.mu.Unlock()
	if f.cfg.OnHostBlocked != nil {
		f.cfg.OnHostBlocked(hq.host, reason)
	}
}

func (f *Frontier) isBlocked(host string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.blocked[host]
	return ok
}

// politeWait waits until the host may be contacted again.
func (f *Frontier) politeWait(hq *hostQueue) error {
	if hq.last.IsZero() {
		return nil
	}
	wait := f.cfg.PolitenessDelay - f.cfg.Clock.Now().Sub(hq.last)
	if wait <= 0 {
		return nil
	}
	select {
	case <-f.cfg.Clock.After(wait):
		return nil
	case <-f.ctx.Done():
		return f.ctx.Err()
	}
}
