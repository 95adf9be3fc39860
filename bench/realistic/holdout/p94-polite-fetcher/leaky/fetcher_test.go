package politefetch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeWeb serves canned responses and 404s everything else.
type fakeWeb struct {
	mu    sync.Mutex
	pages map[string]*Response
	log   []string
}

func (w *fakeWeb) Get(ctx context.Context, rawURL string) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = append(w.log, rawURL)
	if resp, ok := w.pages[rawURL]; ok {
		return resp, nil
	}
	return &Response{StatusCode: 404}, nil
}

func (w *fakeWeb) requested() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.log...)
}

// fakeClock advances one second per reading and never makes anyone wait.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}

func TestRobotsDisallowAndOtherHosts(t *testing.T) {
	defer goleak.VerifyNone(t)

	web := &fakeWeb{pages: map[string]*Response{
		"http://a.example/robots.txt": {StatusCode: 200, Body: []byte(
			"User-agent: *\nDisallow: /private/\nAllow: /private/press/\n")},
		"http://a.example/news.html":  {StatusCode: 200, Body: []byte("<h1>news</h1>")},
		"http://b.example/index.html": {StatusCode: 200, Body: []byte("<h1>b</h1>")},
		"http://b.example/robots.txt": {StatusCode: 200, Body: []byte("User-agent: otherbot\nDisallow: /\n")},
	}}
	f, err := New(Config{
		Client:      web,
		Clock:       &fakeClock{},
		UserAgent:   "testbot/1.0",
		CrawlDelay:  2 * time.Second,
		MaxInFlight: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	results := make(chan Result, 4)
	collect := func(r Result) { results <- r }

	if err := f.Submit("http://a.example/news.html", collect); err != nil {
		t.Fatal(err)
	}
	if r := <-results; r.Err != nil || string(r.Response.Body) != "<h1>news</h1>" {
		t.Fatalf("news: %+v", r)
	}

	if err := f.Submit("http://a.example/private/q3.pdf", collect); err != nil {
		t.Fatal(err)
	}
	if r := <-results; !errors.Is(r.Err, ErrDisallowed) {
		t.Fatalf("private: err = %v, want ErrDisallowed", r.Err)
	}
	for _, u := range web.requested() {
		if u == "http://a.example/private/q3.pdf" {
			t.Fatalf("disallowed URL was requested")
		}
	}

	// Another host is queued just as the crawl is shut down; its callback
	// fires with whatever happened first, which this test does not wait for.
	if err := f.Submit("http://b.example/index.html", func(Result) {}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := f.Submit("http://a.example/later.html", collect); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close: %v", err)
	}
}
