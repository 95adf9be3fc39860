package crawler

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock hands out tickers that fire only when advance is called.
type fakeClock struct {
	mu      sync.Mutex
	tickers []*fakeTicker
}

type fakeTicker struct {
	every   time.Duration
	c       chan time.Time
	stopped bool
}

func (c *fakeClock) Tick(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTicker{every: d, c: make(chan time.Time, 1)}
	c.tickers = append(c.tickers, t)
	return t.c, func() {
		c.mu.Lock()
		t.stopped = true
		c.mu.Unlock()
	}
}

// advance fires every running ticker once.
func (c *fakeClock) advance() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.tickers {
		if !t.stopped {
			select {
			case t.c <- time.Time{}:
			default:
			}
		}
	}
}

func (c *fakeClock) intervals() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ds []time.Duration
	for _, t := range c.tickers {
		ds = append(ds, t.every)
	}
	return ds
}

// fakeWeb serves canned responses. Each request takes one clock tick, so the
// next request to the same host is allowed once it has completed.
type fakeWeb struct {
	clock *fakeClock
	pages map[string]*Response

	mu      sync.Mutex
	fetched []string
}

func (w *fakeWeb) Fetch(ctx context.Context, rawURL string) (*Response, error) {
	w.mu.Lock()
	w.fetched = append(w.fetched, rawURL)
	w.mu.Unlock()
	defer w.clock.advance()
	if resp, ok := w.pages[rawURL]; ok {
		return resp, nil
	}
	return &Response{StatusCode: 404}, nil
}

func html(links ...string) *Response {
	return &Response{StatusCode: 200, Body: []byte("<html>...</html>"), Links: links}
}

func robots(body string) *Response {
	return &Response{StatusCode: 200, Body: []byte(body)}
}

func crawl(t *testing.T, web *fakeWeb, seed string) *Report {
	t.Helper()
	c, err := New(Config{UserAgent: "examplebot/2.1", Fetcher: web, Workers: 3, DefaultDelay: time.Second, Clock: web.clock})
	if err != nil {
		t.Fatal(err)
	}
	report, err := c.Crawl(context.Background(), seed)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	return report
}

func TestCrawlHonoursDisallow(t *testing.T) {
	defer goleak.VerifyNone(t)

	web := &fakeWeb{clock: &fakeClock{}, pages: map[string]*Response{
		"http://docs.example/robots.txt":   robots("User-agent: *\nDisallow: /private/\n"),
		"http://docs.example/":             html("/guide", "/private/keys", "mailto:docs@docs.example"),
		"http://docs.example/guide":        html("/", "/guide#install"),
		"http://docs.example/private/keys": html(),
	}}
	report := crawl(t, web, "http://docs.example/")

	if len(report.Pages) != 2 || report.Pages["http://docs.example/guide"] != 200 {
		t.Errorf("Pages = %v, want / and /guide", report.Pages)
	}
	if len(report.Disallowed) != 1 || report.Disallowed[0] != "http://docs.example/private/keys" {
		t.Errorf("Disallowed = %v", report.Disallowed)
	}
	if len(web.fetched) != 3 {
		t.Errorf("fetched %v, want robots.txt, / and /guide", web.fetched)
	}
}

func TestCrawlHonoursCrawlDelay(t *testing.T) {
	defer goleak.VerifyNone(t)

	web := &fakeWeb{clock: &fakeClock{}, pages: map[string]*Response{
		"http://shop.example/robots.txt": robots("# shop\nUser-agent: *\nCrawl-delay: 5\nDisallow: /cart\n"),
		"http://shop.example/":           html("/products/1", "/cart"),
		"http://shop.example/products/1": html("/", "/cart?add=1"),
	}}
	report := crawl(t, web, "http://shop.example/")

	if len(report.Pages) != 2 || len(report.Failed) != 0 {
		t.Errorf("Pages = %v, Failed = %v", report.Pages, report.Failed)
	}
	sort.Strings(report.Disallowed)
	if len(report.Disallowed) != 2 || report.Disallowed[0] != "http://shop.example/cart" {
		t.Errorf("Disallowed = %v, want the cart URLs", report.Disallowed)
	}
	ds := web.clock.intervals()
	if len(ds) != 2 || ds[0] != time.Second || ds[1] != 5*time.Second {
		t.Errorf("limiter intervals = %v, want [1s 5s]", ds)
	}
}
