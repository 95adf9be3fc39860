package crawl

import (
	"context"
	"fmt"
	"net/url"
)

// Fetcher downloads a page and returns the links found on it.
type Fetcher interface {
	Fetch(ctx context.Context, u *url.URL) ([]*url.URL, error)
}

// Page is the outcome of fetching one URL.
type Page struct {
	URL   string
	Links int
	Err   error
}

// Option configures a crawl.
type Option func(*config)

type config struct {
	workers  int
	maxPages int
}

// Workers sets the number of concurrent fetchers.
func Workers(n int) Option { return func(c *config) { c.workers = n } }

// MaxPages stops the crawl after n pages have been fetched.
func MaxPages(n int) Option { return func(c *config) { c.maxPages = n } }

// Crawl fetches everything reachable from seeds through f, politely, and
// returns the pages it visited. It stops when there is nothing left to
// fetch, when MaxPages is reached, or when ctx is done.
func Crawl(ctx context.Context, fr *Frontier, f Fetcher, seeds []string, opts ...Option) ([]Page, error) {
	cfg := config{workers: 4, maxPages: 1000}
	for _, o := range opts {
		o(&cfg)
	}
	defer fr.Close()

	type result struct {
		page  Page
		links []*url.URL
	}
	results := make(chan result)
	stop := make(chan struct{})
	defer close(stop)

	pending := 0
	for _, s := range seeds {
		u, err := url.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("crawl: seed %q: %w", s, err)
		}
		if fr.Push(u) {
			pending++
		}
	}

	for i := 0; i < cfg.workers; i++ {
		go func() {
			for {
				u, err := fr.Next()
				if err != nil {
					return
				}
				links, err := f.Fetch(ctx, u)
				r := result{page: Page{URL: u.String(), Links: len(links), Err: err}, links: links}
				select {
				case results <- r:
				case <-stop:
					return
				}
			}
		}()
	}

	var pages []Page
	for pending > 0 && len(pages) < cfg.maxPages {
		select {
		case <-ctx.Done():
			return pages, fmt.Errorf("crawl: %w", ctx.Err())
		case r := <-results:
			pending--
			pages = append(pages, r.page)
			for _, l := range r.links {
				if fr.Push(l) {
					pending++
				}
			}
		}
	}
	return pages, nil
}
