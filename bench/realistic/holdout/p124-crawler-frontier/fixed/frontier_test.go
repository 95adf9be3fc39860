package frontier

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type siteFetcher struct {
	mu    sync.Mutex
	pages map[string][]string
	down  map[string]bool
	calls map[string]int
}

func (s *siteFetcher) Fetch(ctx context.Context, u *url.URL) (Page, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[u.Host]++
	if s.down[u.Host] {
		return Page{}, &url.Error{Op: "Get", URL: u.String(), Err: errors.New("connection refused")}
	}
	links, ok := s.pages[u.String()]
	if !ok {
		return Page{Status: 404}, nil
	}
	return Page{Status: 200, Links: links}, nil
}

// stepClock advances by one second on every reading and fires timers at
// once, so politeness delays never hold the test up.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now().Add(d)
	return ch
}

func TestFailingHostIsBlocked(t *testing.T) {
	defer goleak.VerifyNone(t)

	fetcher := &siteFetcher{
		pages: map[string][]string{
			"https://good.example/":      {"/about", "https://bad.example/e", "mailto:hi@good.example"},
			"https://good.example/about": {"/", "#team"},
		},
		down:  map[string]bool{"bad.example": true},
		calls: map[string]int{},
	}
	blocked := make(chan string, 1)
	pages := make(chan string, 16)
	f, err := New(Config{
		Fetcher:         fetcher,
		Clock:           &stepClock{now: time.Unix(1700000000, 0)},
		PolitenessDelay: 2 * time.Second,
		MaxHostErrors:   3,
		MaxDepth:        2,
		OnPage:          func(p Page) { pages <- p.URL.String() },
		OnHostBlocked:   func(host string, reason error) { blocked <- host },
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, u := range []string{"https://bad.example/a", "https://bad.example/b", "HTTPS://Bad.Example:443/c#x"} {
		if err := f.Add(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Add("https://good.example"); err != nil {
		t.Fatal(err)
	}

	if host := <-blocked; host != "bad.example" {
		t.Fatalf("blocked %q, want bad.example", host)
	}
	got := []string{<-pages, <-pages}
	sort.Strings(got)
	if got[0] != "https://good.example/" || got[1] != "https://good.example/about" {
		t.Fatalf("pages = %v", got)
	}
	if err := f.Add("https://bad.example/d"); !errors.Is(err, ErrHostBlocked) {
		t.Fatalf("Add to blocked host: %v, want ErrHostBlocked", err)
	}
	f.Close()
	if err := f.Add("https://good.example/new"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close: %v, want ErrClosed", err)
	}
}
