// Package politefetch fetches URLs on behalf of a crawler while staying
// polite: every host gets its own FIFO queue served by one worker, requests
// to a host are spaced by a crawl delay, robots.txt rules are honoured, and
// a global budget caps how many requests are in flight across all hosts.
package politefetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// Response is the part of an HTTP response the fetcher hands back.
type Response struct {
	StatusCode int
	Body       []byte
}

// Client performs HTTP GET requests.
type Client interface {
	Get(ctx context.Context, rawURL string) (*Response, error)
}

// Clock abstracts time for crawl-delay spacing.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Result is delivered exactly once for every submitted URL.
type Result struct {
	URL      string
	Response *Response
	Err      error
}

var (
	// ErrClosed is returned by Submit after Close.
	ErrClosed = errors.New("politefetch: fetcher closed")
	// ErrDisallowed is the Result error for URLs excluded by robots.txt.
	ErrDisallowed = errors.New("politefetch: disallowed by robots.txt")
	// ErrBudgetExhausted is the Result error once MaxRequests is used up.
	ErrBudgetExhausted = errors.New("politefetch: request budget exhausted")
)

// Config configures a Fetcher. Client is required.
type Config struct {
	Client Client
	Clock  Clock
	// UserAgent is matched against robots.txt groups; "*" groups always apply.
	UserAgent string
	// CrawlDelay is the minimum spacing between requests to one host.
	// Default 1s.
	CrawlDelay time.Duration
	// MaxInFlight caps concurrent requests across all hosts. Default 8.
	MaxInFlight int
	// MaxRequests caps the total number of requests, robots.txt included.
	// Zero means unlimited.
	MaxRequests int
}

// Fetcher schedules fetches politely. Create one with New.
type Fetcher struct {
	cfg    Config
	budget *budget
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	hosts  map[string]*hostQueue
	closed bool
}

type request struct {
	url  *url.URL
	done func(Result)
}

func (r *request) finish(res Result) {
	res.URL = r.url.String()
	r.done(res)
}

// New returns a running Fetcher.
func New(cfg Config) (*Fetcher, error) {
	if cfg.Client == nil {
		return nil, errors.New("politefetch: Config.Client is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.CrawlDelay <= 0 {
		cfg.CrawlDelay = time.Second
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 8
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Fetcher{
		cfg:    cfg,
		budget: newBudget(cfg.MaxInFlight, cfg.MaxRequests),
		ctx:    ctx,
		cancel: cancel,
		hosts:  make(map[string]*hostQueue),
	}, nil
}

// Submit queues rawURL and arranges for done to be called with its Result.
// done runs on the host's worker goroutine and should not block for long.
func (f *Fetcher) Submit(rawURL string, done func(Result)) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("politefetch: parse %q: %w", rawURL, err)
	}
	if u.Host == "" {
		return fmt.Errorf("politefetch: %q is not an absolute URL", rawURL)
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrClosed
	}
	key := u.Scheme + "://" + u.Host
	q, ok := f.hosts[key]
	if !ok {
		q = newHostQueue(key)
		f.hosts[key] = q
		go f.work(q)
	}
	q.push(&request{url: u, done: done})
	return nil
}

// Close stops accepting URLs and cancels outstanding requests. URLs still
// queued are completed with an error so every done callback still runs.
// Close does not wait for the callbacks.
func (f *Fetcher) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	f.cancel()
	for _, q := range f.hosts {
		q.close()
	}
}

// work serves one host's queue until the queue is closed and drained.
func (f *Fetcher) work(q *hostQueue) {
	for req, ok := q.pop(); ok; req, ok = q.pop() {
		f.handle(q, req)
	}
}

// handle performs one queued request, including the robots.txt lookup the
// first time a host is seen.
func (f *Fetcher) handle(q *hostQueue, req *request) {
	if err := f.budget.acquire(); err != nil {
		req.finish(Result{Err: err})
		return
	}

	rules, err := f.robots(q)
	if err != nil {
		f.budget.release()
		req.finish(Result{Err: fmt.Errorf("politefetch: robots.txt for %s: %w", q.origin, err)})
		return
	}
	if !rules.allowed(req.url.EscapedPath()) {
		req.finish(Result{Err: ErrDisallowed})
		return
	}

	if err := f.waitTurn(q); err != nil {
		f.budget.release()
		req.finish(Result{Err: err})
		return
	}
	resp, err := f.cfg.Client.Get(f.ctx, req.url.String())
	q.last = f.cfg.Clock.Now()
	f.budget.release()
	if err != nil {
		req.finish(Result{Err: fmt.Errorf("politefetch: get %s: %w", req.url, err)})
		return
	}
	req.finish(Result{Response: resp})
}

// robots returns the cached rules for q, fetching robots.txt on first use.
// The caller must hold a budget slot; the robots.txt request uses it.
func (f *Fetcher) robots(q *hostQueue) (*robotsRules, error) {
	if q.rules != nil {
		return q.rules, nil
	}
	resp, err := f.cfg.Client.Get(f.ctx, q.origin+"/robots.txt")
	q.last = f.cfg.Clock.Now()
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		q.rules = parseRobots(string(resp.Body), f.cfg.UserAgent)
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		// No robots.txt (or not ours to read): everything is allowed.
		q.rules = &robotsRules{}
	default:
		return nil, fmt.Errorf("unexpected status %d", resp.StatusCode)
	}
	return q.rules, nil
}

// waitTurn blocks until the host's crawl delay has elapsed since its last
// request, or the fetcher is closed.
func (f *Fetcher) waitTurn(q *hostQueue) error {
	if q.last.IsZero() {
		return nil
	}
	wait := q.last.Add(f.cfg.CrawlDelay).Sub(f.cfg.Clock.Now())
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
